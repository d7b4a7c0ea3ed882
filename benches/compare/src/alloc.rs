//! A global allocator that counts live heap bytes and their high-water mark,
//! so that each stage's peak heap can be read off in-process.
//!
//! Each thread counts in a thread-local first and adds to the shared count
//! every `BATCH` bytes: threads that allocate side by side (the format
//! stage's) would otherwise contend for one counter on every allocation and
//! run several times slower than without the harness. Counts are exact to a
//! `BATCH` per thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};

pub struct Counting;

static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

const BATCH: isize = 64 << 10;

thread_local! {
    static DELTA: Cell<isize> = const { Cell::new(0) };
}

fn changed(by: isize) {
    let _ = DELTA.try_with(|delta| {
        let d = delta.get() + by;
        if d.abs() < BATCH {
            delta.set(d);
            return;
        }
        delta.set(0);
        let now = CURRENT.fetch_add(d, Ordering::Relaxed) + d;
        if now > PEAK.load(Ordering::Relaxed) {
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
    });
}

fn grew(by: usize) {
    changed(by as isize);
}

fn shrank(by: usize) {
    changed(-(by as isize));
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are
// updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

/// Bytes live on the heap now (this thread's uncounted bytes included).
pub fn current() -> usize {
    let local = DELTA.try_with(Cell::get).unwrap_or(0);
    (CURRENT.load(Ordering::Relaxed) + local).max(0) as usize
}

/// Starts a new high-water mark from what is live now.
pub fn reset_peak() {
    PEAK.store(current() as isize, Ordering::Relaxed);
}

/// The high-water mark since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed).max(current() as isize) as usize
}

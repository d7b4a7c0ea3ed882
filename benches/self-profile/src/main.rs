//! Reads a rustc self-profile (`-Zself-profile -Zself-profile-events=default,args`)
//! and prints where type checking, borrow checking and well-formedness
//! checking went, summed per kind of function: the module under the crate
//! root and the function's own name (`models read`, `apis send`, ...).
//!
//!   self-profile-summary <profile path without .mm_profdata> [rows]
//!
//! Times are inclusive (a query's nested queries count in it) and summed
//! over every event, so they say which kind of code costs most, not how
//! long the whole check took: `benches/time-passes.sh` says that.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use analyzeme::{ProfilingData, Timestamp};

/// The queries whose cost belongs to one function body or item.
const QUERIES: [&str; 3] = ["typeck", "mir_borrowck", "check_well_formed"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: self-profile-summary <profile path without .mm_profdata> [rows]")?;
    let rows: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(30);
    let data = ProfilingData::new(Path::new(&path)).map_err(|e| e.to_string())?;
    let mut by_kind: HashMap<String, (Duration, usize)> = HashMap::new();
    for event in data.iter_full() {
        if !QUERIES.contains(&&*event.label) {
            continue;
        }
        let Some(Timestamp::Interval { start, end }) = event.payload.timestamp() else {
            continue;
        };
        let item = event
            .additional_data
            .first()
            .map(|a| a.to_string())
            .unwrap_or_default();
        let module = item.split("::").nth(1).unwrap_or("");
        let name = item.rsplit("::").next().unwrap_or("");
        let kind = format!("{} {module} {name}", event.label);
        let entry = by_kind.entry(kind).or_default();
        entry.0 += end.duration_since(start).unwrap_or_default();
        entry.1 += 1;
    }
    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort_by_key(|(_, (time, _))| std::cmp::Reverse(*time));
    println!("{:>10} {:>7}  query module function", "time", "events");
    for (kind, (time, events)) in kinds.into_iter().take(rows) {
        println!("{:>10.3?} {events:>7}  {kind}", time);
    }
    Ok(())
}

//! Write stage: puts a generated crate on disk, or compares it with what is
//! there.
//!
//! Writing is all or nothing. The new crate is assembled in a sibling
//! directory (`.NAME.rustgen-new`), the files we did not generate (a
//! `target/`, a `Cargo.lock`, the user's own) are moved into it, and it is
//! swapped in with two renames, so a failure or a kill leaves the previous
//! crate in place. A kill between the two renames leaves the previous crate
//! under its backup name (`.NAME.rustgen-old`), and a kill while the user's
//! files are being moved leaves some of them in the staging directory;
//! [`recover`], which every write runs first, puts both back. Files whose
//! content did not change keep their modification time, so cargo does not
//! rebuild them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::format::{GeneratedCrate, MARKER};

/// How a file on disk differs from what would be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The file would be written and is not there.
    Missing(String),
    /// The file is there with other content.
    Changed(String),
    /// A file we generated earlier that would no longer be generated.
    Stale(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(p) => write!(f, "missing: {p}"),
            Drift::Changed(p) => write!(f, "differs: {p}"),
            Drift::Stale(p) => write!(f, "no longer generated: {p}"),
        }
    }
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "crate".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// Undoes what an interrupted [`write_crate`] left behind: puts back the
/// previous crate if it was left under its backup name, and moves the
/// user's files that were on their way into the staging directory back
/// into `out`. [`write_crate`] runs it first; run it yourself before
/// reading a crate that a killed write may have left.
pub fn recover(out: &Path) -> Result<()> {
    let backup = sibling(out, "rustgen-old");
    if !out.exists() && backup.is_dir() {
        fs::rename(&backup, out).map_err(write_err(out))?;
    }
    let staging = sibling(out, "rustgen-new");
    if out.is_dir() && staging.is_dir() {
        move_back_foreign(&staging, out)?;
        fs::remove_dir_all(&staging).map_err(write_err(&staging))?;
    }
    Ok(())
}

/// Moves every entry of `staging` that `out` lacks and that is not ours (a
/// file with our header, or a directory of nothing else) into `out`.
fn move_back_foreign(staging: &Path, out: &Path) -> Result<()> {
    for entry in fs::read_dir(staging).map_err(write_err(staging))? {
        let entry = entry.map_err(write_err(staging))?;
        let (from, to) = (entry.path(), out.join(entry.file_name()));
        let is_dir = entry.file_type().map_err(write_err(&from))?.is_dir();
        if is_dir && to.is_dir() {
            move_back_foreign(&from, &to)?;
        } else if !to.exists() && !only_ours(&from, is_dir) {
            fs::rename(&from, &to).map_err(write_err(&to))?;
        }
    }
    Ok(())
}

fn only_ours(path: &Path, is_dir: bool) -> bool {
    if !is_dir {
        return has_marker(path);
    }
    // An empty directory is the user's: we generate none.
    let entries: Vec<fs::DirEntry> = match fs::read_dir(path) {
        Ok(entries) => entries.flatten().collect(),
        Err(_) => return false,
    };
    !entries.is_empty()
        && entries.iter().all(|entry| {
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            only_ours(&entry.path(), is_dir)
        })
}

/// Compares the crate with `out` without writing anything.
pub fn check_crate(generated: &GeneratedCrate, out: &Path) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for (rel, content) in &generated.files {
        match fs::read(out.join(rel)) {
            Ok(bytes) if bytes == content.as_bytes() => {}
            Ok(_) => drift.push(Drift::Changed(rel.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                drift.push(Drift::Missing(rel.clone()))
            }
            Err(source) => {
                return Err(Error::Read {
                    path: out.join(rel),
                    source,
                });
            }
        }
    }
    for rel in generated_files_on_disk(out)? {
        if !generated.files.contains_key(&rel) {
            drift.push(Drift::Stale(rel));
        }
    }
    Ok(drift)
}

/// Files under `out` that carry our header (skipping `target` and hidden
/// directories), as relative paths.
fn generated_files_on_disk(out: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut dirs = vec![PathBuf::new()];
    while let Some(rel_dir) = dirs.pop() {
        let entries = match fs::read_dir(out.join(&rel_dir)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(Error::Read {
                    path: out.join(&rel_dir),
                    source,
                });
            }
        };
        for entry in entries {
            let entry = entry.map_err(|source| Error::Read {
                path: out.join(&rel_dir),
                source,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = rel_dir.join(&name);
            let file_type = entry.file_type().map_err(|source| Error::Read {
                path: entry.path(),
                source,
            })?;
            if file_type.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    dirs.push(rel);
                }
            } else if file_type.is_file() && has_marker(&entry.path()) {
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

fn has_marker(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 128];
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let n = file.read(&mut head).unwrap_or(0);
    String::from_utf8_lossy(&head[..n])
        .lines()
        .next()
        .is_some_and(|l| l.contains(MARKER))
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written with new content (relative paths).
    pub written: Vec<String>,
    /// Generated files removed because they are no longer generated.
    pub removed: Vec<String>,
}

/// Writes the crate to `out`, all or nothing; files that did not change are
/// not touched. Refuses to replace a non-empty directory that we did not
/// generate.
pub fn write_crate(generated: &GeneratedCrate, out: &Path) -> Result<WriteReport> {
    recover(out)?;
    if out.exists() && !out.is_dir() {
        return Err(Error::ForeignOutput(out.to_path_buf()));
    }
    let is_empty = !out.exists() || fs::read_dir(out).map_err(write_err(out))?.next().is_none();
    if !is_empty && !has_marker(&out.join("Cargo.toml")) {
        return Err(Error::ForeignOutput(out.to_path_buf()));
    }
    let drift = check_crate(generated, out)?;
    if drift.is_empty() {
        return Ok(WriteReport::default());
    }
    let mut report = WriteReport::default();
    for d in &drift {
        match d {
            Drift::Missing(p) | Drift::Changed(p) => report.written.push(p.clone()),
            Drift::Stale(p) => report.removed.push(p.clone()),
        }
    }

    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(write_err(parent))?;
    }
    let staging = sibling(out, "rustgen-new");
    if staging.is_dir() {
        fs::remove_dir_all(&staging).map_err(write_err(&staging))?;
    }
    if let Err(e) = stage(generated, out, &staging, &report.written) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let mut moved = Vec::new();
    let result = match out.is_dir() {
        true => carry_over(
            out,
            &staging,
            Path::new(""),
            generated,
            &report.removed,
            &mut moved,
        ),
        false => Ok(()),
    }
    .and_then(|()| swap_in(&staging, out));
    if let Err(e) = result {
        // Put back what was moved out of the old crate, then drop the rest.
        for rel in moved.iter().rev() {
            let _ = fs::rename(staging.join(rel), out.join(rel));
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    Ok(report)
}

/// Builds the new crate in `staging`: new and changed files written, the
/// rest copied with their modification time.
fn stage(generated: &GeneratedCrate, out: &Path, staging: &Path, written: &[String]) -> Result<()> {
    fs::create_dir_all(staging).map_err(write_err(staging))?;
    for (rel, content) in &generated.files {
        let dest = staging.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        if written.contains(rel) {
            fs::write(&dest, content).map_err(write_err(&dest))?;
        } else {
            let src = out.join(rel);
            fs::copy(&src, &dest).map_err(write_err(&dest))?;
            let modified = fs::metadata(&src)
                .and_then(|m| m.modified())
                .map_err(write_err(&src))?;
            fs::File::options()
                .write(true)
                .open(&dest)
                .and_then(|f| f.set_modified(modified))
                .map_err(write_err(&dest))?;
        }
    }
    Ok(())
}

/// Moves anything in `out` we did not generate (a `target/`, a `Cargo.lock`,
/// the user's own files) into `staging`, recording each move in `moved`.
fn carry_over(
    out: &Path,
    staging: &Path,
    rel_dir: &Path,
    generated: &GeneratedCrate,
    removed: &[String],
    moved: &mut Vec<PathBuf>,
) -> Result<()> {
    let dir = out.join(rel_dir);
    for entry in fs::read_dir(&dir).map_err(write_err(&dir))? {
        let entry = entry.map_err(write_err(&dir))?;
        let rel = rel_dir.join(entry.file_name());
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let ours = |p: &String| p == &rel_str || p.starts_with(&format!("{rel_str}/"));
        let holds_ours = generated.files.keys().any(ours) || removed.iter().any(ours);
        if !holds_ours {
            let dest = staging.join(&rel);
            fs::rename(entry.path(), &dest).map_err(write_err(&dest))?;
            moved.push(rel);
        } else if entry.path().is_dir() {
            fs::create_dir_all(staging.join(&rel)).map_err(write_err(&staging.join(&rel)))?;
            carry_over(out, staging, &rel, generated, removed, moved)?;
        }
    }
    Ok(())
}

fn swap_in(staging: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return fs::rename(staging, out).map_err(write_err(out));
    }
    let backup = sibling(out, "rustgen-old");
    if backup.exists() {
        fs::remove_dir_all(&backup).map_err(write_err(&backup))?;
    }
    fs::rename(out, &backup).map_err(write_err(out))?;
    if let Err(source) = fs::rename(staging, out) {
        let _ = fs::rename(&backup, out);
        return Err(Error::Write {
            path: out.to_path_buf(),
            source,
        });
    }
    fs::remove_dir_all(&backup).map_err(write_err(&backup))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn krate(files: &[(&str, &str)]) -> GeneratedCrate {
        let header = |body: &str| format!("# {MARKER} from t.\n{body}");
        GeneratedCrate {
            files: files
                .iter()
                .map(|(p, c)| (p.to_string(), header(c)))
                .collect(),
        }
    }

    #[test]
    fn writes_then_reports_no_drift_and_keeps_foreign_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("client");
        let v1 = krate(&[
            ("Cargo.toml", "a"),
            ("src/lib.rs", "b"),
            ("src/old.rs", "c"),
        ]);
        let report = write_crate(&v1, &out).expect("write");
        assert_eq!(report.written.len(), 3);
        assert!(check_crate(&v1, &out).expect("check").is_empty());

        // A user's file and a build directory survive regeneration.
        fs::write(out.join("NOTES.md"), "mine").expect("write");
        fs::create_dir_all(out.join("target/debug")).expect("mkdir");
        fs::write(out.join("target/debug/x"), "build").expect("write");
        let lib_mtime = fs::metadata(out.join("src/lib.rs"))
            .and_then(|m| m.modified())
            .expect("mtime");

        let v2 = krate(&[("Cargo.toml", "a2"), ("src/lib.rs", "b")]);
        let drift = check_crate(&v2, &out).expect("check");
        assert_eq!(
            drift,
            [
                Drift::Changed("Cargo.toml".into()),
                Drift::Stale("src/old.rs".into())
            ]
        );
        let report = write_crate(&v2, &out).expect("write");
        assert_eq!(report.written, ["Cargo.toml"]);
        assert_eq!(report.removed, ["src/old.rs"]);
        assert!(!out.join("src/old.rs").exists());
        assert_eq!(
            fs::read_to_string(out.join("NOTES.md")).expect("read"),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(out.join("target/debug/x")).expect("read"),
            "build"
        );
        let after = fs::metadata(out.join("src/lib.rs"))
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(
            lib_mtime, after,
            "unchanged files keep their modification time"
        );
        assert!(!sibling(&out, "rustgen-new").exists());
        assert!(!sibling(&out, "rustgen-old").exists());
    }

    #[test]
    fn a_failed_write_leaves_the_old_crate_intact() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("client");
        let v1 = krate(&[("Cargo.toml", "a"), ("src/lib.rs", "b")]);
        write_crate(&v1, &out).expect("write");
        // A file where the staging directory must go makes staging fail.
        fs::write(sibling(&out, "rustgen-new"), "in the way").expect("write");
        let v2 = krate(&[("Cargo.toml", "a2"), ("src/lib.rs", "b2")]);
        assert!(write_crate(&v2, &out).is_err());
        assert!(
            check_crate(&v1, &out).expect("check").is_empty(),
            "old crate untouched"
        );
    }

    #[test]
    fn an_interrupted_swap_is_recovered() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("client");
        let v1 = krate(&[("Cargo.toml", "a")]);
        write_crate(&v1, &out).expect("write");
        // As if killed between the two renames.
        fs::rename(&out, sibling(&out, "rustgen-old")).expect("rename");
        let report = write_crate(&v1, &out).expect("write");
        assert!(
            report.written.is_empty(),
            "recovered crate was already up to date"
        );
        assert!(check_crate(&v1, &out).expect("check").is_empty());
    }

    #[test]
    fn user_files_caught_in_an_interrupted_write_are_put_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("client");
        let v1 = krate(&[("Cargo.toml", "a"), ("src/lib.rs", "b")]);
        write_crate(&v1, &out).expect("write");
        fs::write(out.join("Cargo.lock"), "lock").expect("write");
        fs::create_dir_all(out.join("target/debug")).expect("mkdir");
        fs::write(out.join("target/debug/x"), "build").expect("write");
        fs::create_dir_all(out.join("src/extra")).expect("mkdir");
        fs::write(out.join("src/extra/mine.rs"), "mine").expect("write");

        // As if killed between the two renames of the swap: the new crate,
        // with the user's files moved into it, is still in staging, and
        // the old crate is under its backup name.
        let staging = sibling(&out, "rustgen-new");
        fs::create_dir_all(staging.join("src")).expect("mkdir");
        fs::write(staging.join("Cargo.toml"), format!("# {MARKER}\nnew")).expect("write");
        fs::create_dir_all(staging.join("tests/examples")).expect("mkdir");
        fs::write(
            staging.join("tests/examples/new.rs"),
            format!("// {MARKER}\n"),
        )
        .expect("write");
        for rel in ["Cargo.lock", "target", "src/extra"] {
            fs::rename(out.join(rel), staging.join(rel)).expect("move");
        }
        fs::rename(&out, sibling(&out, "rustgen-old")).expect("rename");

        recover(&out).expect("recover");
        assert!(check_crate(&v1, &out).expect("check").is_empty());
        assert_eq!(
            fs::read_to_string(out.join("Cargo.lock")).expect("read"),
            "lock"
        );
        assert_eq!(
            fs::read_to_string(out.join("target/debug/x")).expect("read"),
            "build"
        );
        assert_eq!(
            fs::read_to_string(out.join("src/extra/mine.rs")).expect("read"),
            "mine"
        );
        assert!(
            !out.join("tests").exists(),
            "generated files of the new crate are not kept"
        );
        assert!(!staging.exists());
        assert!(!sibling(&out, "rustgen-old").exists());
    }

    #[test]
    fn refuses_foreign_directories() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("main.rs"), "fn main() {}").expect("write");
        let err = write_crate(&krate(&[("Cargo.toml", "a")]), dir.path()).expect_err("foreign");
        assert!(matches!(err, Error::ForeignOutput(_)));
        assert_eq!(
            fs::read_to_string(dir.path().join("main.rs")).expect("read"),
            "fn main() {}"
        );
    }
}

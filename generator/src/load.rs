//! Load stage: spec files (YAML or JSON; files or directories) to JSON values.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// One spec file, parsed but not yet interpreted.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it was read from; used in every error about it.
    pub source: PathBuf,
    /// Its content. Object keys keep the order of the file.
    pub value: Value,
}

/// Reads every spec named by `paths`.
///
/// A directory contributes its `.yaml`, `.yml` and `.json` files (not
/// recursively), sorted by name so that the result does not depend on the
/// file system's order.
pub fn load(paths: &[PathBuf]) -> Result<Vec<Document>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            files.extend(spec_files_in(path)?);
        } else {
            files.push(path.clone());
        }
    }
    if files.is_empty() {
        return Err(Error::NoSpecs(paths.to_vec()));
    }
    files.iter().map(|file| load_file(file)).collect()
}

fn spec_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let read_err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        let is_spec = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        );
        if is_spec && path.is_file() {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// Reads and parses one file; JSON by its `.json` extension, YAML otherwise.
pub fn load_file(path: &Path) -> Result<Document> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let is_json = path.extension().and_then(|e| e.to_str()) == Some("json");
    let value = parse_text(path, &text, is_json)?;
    Ok(Document {
        source: path.to_path_buf(),
        value,
    })
}

/// Parses spec text; exposed so that tests and build scripts can load specs
/// that do not live in files.
pub fn parse_text(path: &Path, text: &str, is_json: bool) -> Result<Value> {
    if is_json {
        serde_json::from_str(text).map_err(|e| Error::Syntax {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            format: "JSON",
            message: strip_location(&e.to_string()),
        })
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((0, 0));
            Error::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                format: "YAML",
                message: strip_location(&e.to_string()),
            }
        })
    }
}

/// serde's messages end with their own " at line X column Y"; we print the
/// location in front, once.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let err = parse_text(Path::new("x.yaml"), "a: [1,\nb: }", false).unwrap_err();
        match err {
            Error::Syntax { line, format, .. } => {
                assert_eq!(format, "YAML");
                assert!(line >= 1, "line {line}");
            }
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let err = parse_text(Path::new("x.json"), "{\n  \"a\": ,\n}", true).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("x.json:2:8: invalid JSON"), "{text}");
    }

    #[test]
    fn yaml_keeps_key_order() {
        let v = parse_text(Path::new("x.yaml"), "z: 1\na: 2\nm: 3\n", false).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }
}

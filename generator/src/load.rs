//! Load stage: spec files (YAML or JSON; files or directories) to JSON values.

use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
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
    Ok(load_with_text(paths)?
        .into_iter()
        .map(|(document, _)| document)
        .collect())
}

/// As [`load`], with each document's text, from which errors found later
/// take their line and column.
pub(crate) fn load_with_text(paths: &[PathBuf]) -> Result<Vec<(Document, String)>> {
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
    files.iter().map(|file| read_file(file)).collect()
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
    read_file(path).map(|(document, _)| document)
}

/// [`load_file`], with the file's text.
fn read_file(path: &Path) -> Result<(Document, String)> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = decode(path, &bytes)?;
    let is_json = path.extension().and_then(|e| e.to_str()) == Some("json");
    let value = parse_text(path, text, is_json)?;
    let document = Document {
        source: path.to_path_buf(),
        value,
    };
    Ok((document, text.to_string()))
}

/// The file's text; invalid UTF-8 is a syntax error at the first bad byte.
fn decode<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        Error::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            format: "UTF-8",
            message: format!("byte 0x{:02x} is not valid UTF-8", bytes[e.valid_up_to()]),
        }
    })
}

/// Parses spec text; exposed so that tests and build scripts can load specs
/// that do not live in files.
///
/// A key that appears twice in one mapping is an error (JSON parsers
/// disagree on which one wins), and a leading byte order mark is ignored.
pub fn parse_text(path: &Path, text: &str, is_json: bool) -> Result<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_json {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        UniqueKeys
            .deserialize(&mut deserializer)
            .and_then(|value| deserializer.end().map(|()| value))
            .map_err(|e| Error::Syntax {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                format: "JSON",
                message: strip_location(&e.to_string()),
            })
    } else {
        UniqueKeys
            .deserialize(serde_yaml::Deserializer::from_str(text))
            .map_err(|e| {
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

/// Deserializes any JSON or YAML value as a [`Value`], as `Value`'s own
/// `Deserialize` does, but refuses a mapping that holds a key twice.
#[derive(Clone, Copy)]
struct UniqueKeys;

impl<'de> DeserializeSeed<'de> for UniqueKeys {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueKeys {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(v) => Value::from(v),
            Err(_) => self.visit_f64(v as f64)?,
        })
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(v) => Value::from(v),
            Err(_) => self.visit_f64(v as f64)?,
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // As serde_json does: infinities and NaN (YAML's `.inf`) are null.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{}` in one mapping",
                    crate::docs::escape_invisible(&key)
                )));
            }
            let value = map.next_value_seed(self)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
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
    fn duplicate_keys_are_syntax_errors_with_their_line() {
        let json = parse_text(Path::new("x.json"), "{\n  \"a\": 1,\n  \"a\": 2\n}", true);
        let text = json.unwrap_err().to_string();
        assert!(text.starts_with("x.json:3:"), "{text}");
        assert!(text.contains("duplicate key `a`"), "{text}");
        let yaml = parse_text(Path::new("x.yaml"), "a: 1\nb:\n  c: 1\n  c: 2\n", false);
        let text = yaml.unwrap_err().to_string();
        // serde_yaml places it at the mapping that holds it.
        assert!(text.starts_with("x.yaml:3:"), "{text}");
        assert!(text.contains("duplicate key `c`"), "{text}");
    }

    #[test]
    fn byte_order_marks_are_skipped_and_bad_utf8_located() {
        let v = parse_text(Path::new("x.json"), "\u{feff}{\"a\": 1}", true).unwrap();
        assert_eq!(v["a"], 1);
        let v = parse_text(Path::new("x.yaml"), "\u{feff}a: 1\n", false).unwrap();
        assert_eq!(v["a"], 1);
        let err = decode(Path::new("x.yaml"), b"a: 1\nb: \"\xc3\xa9\xff\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.yaml:2:6: invalid UTF-8: byte 0xff is not valid UTF-8"
        );
    }

    #[test]
    fn values_are_what_serde_json_would_make() {
        let yaml = "a: .inf\nb: 18446744073709551616\nc: -1\nd: ~\ne: [1.5, 'x', true]\n200: ok\n";
        let v = parse_text(Path::new("x.yaml"), yaml, false).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "a": null, "b": 18446744073709551616.0, "c": -1, "d": null,
                "e": [1.5, "x", true], "200": "ok"
            })
        );
    }

    #[test]
    fn yaml_keeps_key_order() {
        let v = parse_text(Path::new("x.yaml"), "z: 1\na: 2\nm: 3\n", false).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }
}

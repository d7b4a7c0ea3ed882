//! Checks every example against the generated types before any code is
//! written, reading it the way the generated serde code will: whether it
//! reads at all, and what the typed value writes back. A spec's example
//! that does not fit its own schema then becomes a test of what the client
//! does with it (refuse it, or read it with a documented change) instead of
//! a failing round trip, and the notes say exactly what is wrong with it.

use serde_json::{Map, Number, Value};

use crate::error::escape_pointer_token;

// The generated crate's own JSON equality, so that what this check expects
// of an example is what the example tests compare.
#[path = "../../templates/same_json.rs"]
mod same_json;
use crate::ir::{
    Example, ExampleCheck, FloatKind, IntKind, Presence, Struct, TypeDef, TypeKind, TypeRef,
};
use same_json::same_json;

/// Types nest at most this deep in an example (a guard, not a limit any
/// real example reaches).
const MAX_DEPTH: usize = 512;

/// Decides [`Example::check`] for every example.
pub(super) fn check_examples(types: &[TypeDef], examples: &mut [Example]) {
    let checker = Checker { types };
    for example in examples {
        let ty = if example.nullable {
            TypeRef::Nullable(Box::new(example.ty.clone()))
        } else {
            example.ty.clone()
        };
        example.check = match checker.read(&ty, &example.value, "", 0) {
            Err(notes) => ExampleCheck::Rejected { notes },
            Ok(read) if same_json(&read.back, &example.value) => ExampleCheck::RoundTrip,
            Ok(mut read) => {
                if read.notes.is_empty() {
                    read.notes
                        .push("the typed value writes back different JSON".to_string());
                }
                ExampleCheck::Changes {
                    back: read.back,
                    notes: read.notes,
                }
            }
        };
    }
}

/// A value that reads: what it writes back, and what changed on the way.
struct Read {
    back: Value,
    notes: Vec<String>,
}

impl Read {
    fn same(value: &Value) -> Self {
        Read {
            back: value.clone(),
            notes: Vec::new(),
        }
    }
}

/// Why a value does not read: one note per problem.
type Refused = Vec<String>;

struct Checker<'t> {
    types: &'t [TypeDef],
}

/// How a JSON value is described in a note.
fn describe(value: &Value) -> String {
    let mut text = value.to_string();
    if text.len() > 60 {
        let cut = text
            .char_indices()
            .nth(57)
            .map(|(i, _)| i)
            .unwrap_or(text.len());
        text.truncate(cut);
        text.push_str("...");
    }
    let kind = match value {
        Value::Null => return "`null`".to_string(),
        Value::Bool(_) => "the boolean",
        Value::Number(_) => "the number",
        Value::String(_) => "the string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    match value {
        Value::Array(_) | Value::Object(_) => kind.to_string(),
        _ => format!("{kind} `{text}`"),
    }
}

fn place(at: &str) -> String {
    if at.is_empty() {
        "the example".to_string()
    } else {
        format!("`{at}`")
    }
}

fn mismatch(at: &str, value: &Value, wanted: &str) -> Refused {
    vec![format!(
        "{}: {} where the schema wants {wanted}",
        place(at),
        describe(value)
    )]
}

fn fits_int(kind: IntKind, n: &Number) -> bool {
    let signed = |min: i64, max: i64| n.as_i64().is_some_and(|i| (min..=max).contains(&i));
    let unsigned = |max: u64| n.as_u64().is_some_and(|u| u <= max);
    match kind {
        IntKind::I8 => signed(i8::MIN.into(), i8::MAX.into()),
        IntKind::I16 => signed(i16::MIN.into(), i16::MAX.into()),
        IntKind::I32 => signed(i32::MIN.into(), i32::MAX.into()),
        IntKind::I64 => n.is_i64(),
        IntKind::U8 => unsigned(u8::MAX.into()),
        IntKind::U16 => unsigned(u16::MAX.into()),
        IntKind::U32 => unsigned(u32::MAX.into()),
        IntKind::U64 => n.is_u64(),
    }
}

fn int_name(kind: IntKind) -> &'static str {
    match kind {
        IntKind::I8 => "an integer that fits `i8`",
        IntKind::I16 => "an integer that fits `i16`",
        IntKind::I32 => "an integer that fits `i32`",
        IntKind::I64 => "an integer that fits `i64`",
        IntKind::U8 => "an integer that fits `u8`",
        IntKind::U16 => "an integer that fits `u16`",
        IntKind::U32 => "an integer that fits `u32`",
        IntKind::U64 => "an integer that fits `u64`",
    }
}

impl Checker<'_> {
    fn read(&self, ty: &TypeRef, value: &Value, at: &str, depth: usize) -> Result<Read, Refused> {
        if depth > MAX_DEPTH {
            return Err(vec![format!("{}: nested too deeply to check", place(at))]);
        }
        let depth = depth + 1;
        match (ty, value) {
            (TypeRef::Json | TypeRef::Bytes, v) => Ok(Read::same(v)),
            (TypeRef::Nullable(_), Value::Null) => Ok(Read::same(value)),
            (TypeRef::Nullable(inner), v) => self.read(inner, v, at, depth),
            // A typed format keeps any string, off-format ones too.
            (TypeRef::String | TypeRef::Format(_), Value::String(_)) => Ok(Read::same(value)),
            (TypeRef::String | TypeRef::Format(_), v) => Err(mismatch(at, v, "a string")),
            (TypeRef::Bool, Value::Bool(_)) => Ok(Read::same(value)),
            (TypeRef::Bool, v) => Err(mismatch(at, v, "a boolean")),
            (TypeRef::Integer(kind), Value::Number(n)) if fits_int(*kind, n) => {
                Ok(Read::same(value))
            }
            (TypeRef::Integer(kind), v) => Err(mismatch(at, v, int_name(*kind))),
            (TypeRef::Float(FloatKind::F64), Value::Number(_)) => Ok(Read::same(value)),
            (TypeRef::Float(FloatKind::F32), Value::Number(n)) => {
                let wide = n.as_f64().unwrap_or_default();
                let narrow = f64::from(wide as f32);
                if narrow == wide || !narrow.is_finite() {
                    return Ok(Read::same(value));
                }
                Ok(Read {
                    back: Number::from_f64(narrow).map_or(Value::Null, Value::Number),
                    notes: vec![format!(
                        "{}: {wide} has no exact `f32` value; it reads as {narrow}",
                        place(at)
                    )],
                })
            }
            (TypeRef::Float(_), v) => Err(mismatch(at, v, "a number")),
            (TypeRef::Array(item), Value::Array(items)) => {
                self.sequence(items.iter().map(|v| (&**item, v)), at, depth)
            }
            (TypeRef::Array(_), v) => Err(mismatch(at, v, "an array")),
            (TypeRef::Tuple(types), Value::Array(items)) if types.len() == items.len() => {
                self.sequence(types.iter().zip(items), at, depth)
            }
            (TypeRef::Tuple(types), v) => Err(mismatch(
                at,
                v,
                &format!("an array of {} items", types.len()),
            )),
            (TypeRef::Map(inner), Value::Object(map)) => {
                let mut back = Map::new();
                let mut notes = Vec::new();
                let mut refused = Vec::new();
                for (key, v) in map {
                    let here = format!("{at}/{}", escape_pointer_token(key));
                    match self.read(inner, v, &here, depth) {
                        Ok(read) => {
                            back.insert(key.clone(), read.back);
                            notes.extend(read.notes);
                        }
                        Err(e) => refused.extend(e),
                    }
                }
                match refused.is_empty() {
                    true => Ok(Read {
                        back: Value::Object(back),
                        notes,
                    }),
                    false => Err(refused),
                }
            }
            (TypeRef::Map(_), v) => Err(mismatch(at, v, "an object")),
            (TypeRef::Named(id), v) => self.named(&self.types[id.0], v, at, depth),
        }
    }

    fn sequence<'v>(
        &self,
        items: impl Iterator<Item = (&'v TypeRef, &'v Value)>,
        at: &str,
        depth: usize,
    ) -> Result<Read, Refused> {
        let mut back = Vec::new();
        let mut notes = Vec::new();
        let mut refused = Vec::new();
        for (i, (ty, v)) in items.enumerate() {
            match self.read(ty, v, &format!("{at}/{i}"), depth) {
                Ok(read) => {
                    back.push(read.back);
                    notes.extend(read.notes);
                }
                Err(e) => refused.extend(e),
            }
        }
        match refused.is_empty() {
            true => Ok(Read {
                back: Value::Array(back),
                notes,
            }),
            false => Err(refused),
        }
    }

    fn named(&self, def: &TypeDef, value: &Value, at: &str, depth: usize) -> Result<Read, Refused> {
        match (&def.kind, value) {
            (TypeKind::Alias(ty) | TypeKind::Newtype(ty), v) => self.read(ty, v, at, depth),
            (TypeKind::Struct(s), Value::Object(map)) => self.object(def, s, map, at, depth),
            (TypeKind::Struct(_), v) => Err(mismatch(at, v, &format!("a `{}` object", def.name))),
            (TypeKind::Enum(e), v) => match (e.integer, v) {
                (None, Value::String(_)) => Ok(Read::same(v)),
                (Some(kind), Value::Number(n)) if fits_int(kind, n) => Ok(Read::same(v)),
                (None, v) => Err(mismatch(at, v, "a string")),
                (Some(kind), v) => Err(mismatch(at, v, int_name(kind))),
            },
            (TypeKind::Const(c), v) => {
                let fits = match (&c.value, v) {
                    (Value::Number(want), Value::Number(got)) => {
                        // An integer constant reads an integer only.
                        match (want.is_f64(), got.is_f64()) {
                            (false, true) => false,
                            _ => want.as_f64() == got.as_f64(),
                        }
                    }
                    (want, got) => want == got,
                };
                match fits {
                    true => Ok(Read::same(&c.value)),
                    false => Err(vec![format!(
                        "{}: {} where the schema allows only `{}`",
                        place(at),
                        describe(v),
                        c.value
                    )]),
                }
            }
            (TypeKind::Union(u), v) => {
                match &u.discriminator {
                    Some(tag) => {
                        let found = v.get(tag).and_then(Value::as_str);
                        match u.variants.iter().find(|variant| {
                            found.is_some_and(|t| variant.tags.iter().any(|x| x == t))
                        }) {
                            Some(variant) => self.read(&variant.ty, v, at, depth),
                            None => Err(vec![format!(
                                "{}: `{tag}` is {}, which selects no variant of `{}`",
                                place(at),
                                v.get(tag).map_or("missing".to_string(), describe),
                                def.name
                            )]),
                        }
                    }
                    None => {
                        let mut first: Option<Read> = None;
                        for variant in &u.variants {
                            if let Ok(read) = self.read(&variant.ty, v, at, depth) {
                                if same_json(&read.back, v) {
                                    return Ok(read);
                                }
                                first.get_or_insert(read);
                            }
                        }
                        first.ok_or_else(|| {
                            vec![format!(
                                "{}: {} fits no variant of `{}`",
                                place(at),
                                describe(v),
                                def.name
                            )]
                        })
                    }
                }
            }
        }
    }

    fn object(
        &self,
        def: &TypeDef,
        s: &Struct,
        map: &Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Result<Read, Refused> {
        let mut back = Map::new();
        let mut notes = Vec::new();
        let mut refused = Vec::new();
        let mut keep = |key: &str, read: Result<Read, Refused>| match read {
            Ok(read) => {
                back.insert(key.to_string(), read.back);
                notes.extend(read.notes);
            }
            Err(e) => refused.extend(e),
        };
        let mut changes = Vec::new();
        for f in &s.fields {
            let wire = f.wire_name.as_str();
            let here = format!("{at}/{}", escape_pointer_token(wire));
            match (f.presence(), map.get(wire)) {
                (Presence::Required, None) => keep(
                    wire,
                    Err(vec![format!(
                        "{}: the required property `{wire}` of `{}` is missing",
                        place(at),
                        def.name
                    )]),
                ),
                (Presence::RequiredNullable, None) => {
                    changes.push(format!(
                        "{}: the required property `{wire}` is missing; it reads as `null`",
                        place(at)
                    ));
                    keep(wire, Ok(Read::same(&Value::Null)));
                }
                (Presence::Optional | Presence::OptionalNullable, None) => {}
                (Presence::Optional, Some(Value::Null)) => changes.push(format!(
                    "{}: `null`, which the schema does not allow here; it reads as absent",
                    place(&here)
                )),
                (Presence::RequiredNullable | Presence::OptionalNullable, Some(Value::Null)) => {
                    keep(wire, Ok(Read::same(&Value::Null)));
                }
                (_, Some(v)) => keep(wire, self.read(&f.ty, v, &here, depth)),
            }
        }
        for (key, v) in map {
            if s.fields.iter().any(|f| f.wire_name == *key) {
                continue;
            }
            let here = format!("{at}/{}", escape_pointer_token(key));
            match &s.additional {
                Some(ty) => keep(key, self.read(ty, v, &here, depth)),
                None => changes.push(format!(
                    "{}: the schema of `{}` does not declare this property, so the typed value drops it",
                    place(&here),
                    def.name
                )),
            }
        }
        if !refused.is_empty() {
            return Err(refused);
        }
        notes.extend(changes);
        Ok(Read {
            back: Value::Object(back),
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::ExampleCheck;

    /// The checks of a one-schema spec's examples, in order.
    fn checks(schema: &str) -> Vec<ExampleCheck> {
        let yaml = format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    T:\n{schema}"
        );
        let value = crate::load::parse_text(Path::new("t.yaml"), &yaml, false).expect("yaml");
        let docs = vec![crate::load::Document {
            source: "t.yaml".into(),
            value,
        }];
        let normalized = crate::normalize::normalize(docs).expect("normalizes");
        let parsed = crate::parse::parse(&normalized).expect("parses");
        let api = crate::lower::lower(&parsed, &normalized, None).expect("lowers");
        api.examples.into_iter().map(|e| e.check).collect()
    }

    fn kind(check: &ExampleCheck) -> &'static str {
        match check {
            ExampleCheck::RoundTrip => "round trip",
            ExampleCheck::Changes { .. } => "changes",
            ExampleCheck::Rejected { .. } => "rejected",
        }
    }

    #[test]
    fn presence_follows_serde() {
        let found = checks(
            "      type: object\n      required: [a, b]\n      properties:\n        a: {type: string}\n        b: {type: [string, 'null']}\n        c: {type: string}\n        d: {type: [string, 'null']}\n      examples:\n        - {a: x, b: null, d: null}\n        - {a: x}\n        - {a: x, b: y, c: null}\n        - {b: y}\n        - {a: 1, b: y}\n",
        );
        let kinds: Vec<&str> = found.iter().map(kind).collect();
        assert_eq!(
            kinds,
            ["round trip", "changes", "changes", "rejected", "rejected"]
        );
        let ExampleCheck::Changes { back, .. } = &found[1] else {
            panic!()
        };
        assert_eq!(back, &serde_json::json!({"a": "x", "b": null}));
    }

    #[test]
    fn numbers_follow_their_rust_types() {
        let found = checks(
            "      type: object\n      properties:\n        i: {type: integer, format: int32}\n        f: {type: number, format: float}\n        k: {const: 3}\n      examples:\n        - {i: 2147483647, f: 0.5, k: 3}\n        - {i: 2147483648}\n        - {i: 1.5}\n        - {f: 0.1}\n        - {k: 3.5}\n",
        );
        let kinds: Vec<&str> = found.iter().map(kind).collect();
        assert_eq!(
            kinds,
            ["round trip", "rejected", "rejected", "changes", "rejected"]
        );
    }

    #[test]
    fn untagged_unions_prefer_the_variant_that_keeps_everything() {
        let found = checks(
            "      anyOf:\n        - type: object\n          properties:\n            name: {type: string}\n        - type: object\n          required: [name, value]\n          properties:\n            name: {type: string}\n            value: {type: integer}\n      examples:\n        - {name: a, value: 1}\n        - {name: a, other: 1}\n        - [1]\n",
        );
        let kinds: Vec<&str> = found.iter().map(kind).collect();
        assert_eq!(kinds, ["round trip", "changes", "rejected"]);
    }
}

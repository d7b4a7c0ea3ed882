//! Enums: open string and integer enums (known variants and one that keeps
//! any other value), `oneOf` of constants, and single-value constants.

use openapiv3::Schema;
use serde_json::Value;

use super::Lowerer;
use super::schema::{Shape, int_kind};
use super::view::View;
use crate::ir::{ConstValue, Enum, EnumValue, EnumVariant, IntKind, TypeKind};
use crate::naming::{Namer, RustIdent, type_name};

impl<'a> Lowerer<'a> {
    pub(super) fn enum_shape(&self, view: &View<'a>) -> Option<Shape> {
        if let [value] = view.enumeration.as_slice() {
            // `const`, or a one-value enum: a type that accepts only it.
            if !(value.is_string() || value.is_number() || value.is_boolean()) {
                return None;
            }
            return Some(Shape::Def(TypeKind::Const(ConstValue {
                value: value.clone(),
                variant: RustIdent::new(const_variant(value)),
            })));
        }
        if view.enumeration.is_empty() || !matches!(view.typ, None | Some("string")) {
            return None;
        }
        let wires: Vec<&str> = view.enumeration.iter().filter_map(Value::as_str).collect();
        if wires.len() != view.enumeration.len() {
            return None;
        }
        let values = wires
            .iter()
            .map(|w| (EnumValue::String(w.to_string()), None, None))
            .collect();
        Some(Shape::Def(TypeKind::Enum(open_enum(values, None))))
    }

    /// `oneOf`/`anyOf` whose members are all constants of one kind (strings
    /// or integers), as Discord writes its enums: an enum whose variants are
    /// named from the members' titles and documented by their descriptions.
    pub(super) fn const_union(
        &self,
        members: &'a [openapiv3::ReferenceOr<Schema>],
        view: &View<'a>,
        at: &str,
    ) -> Option<Enum> {
        let mut values = Vec::with_capacity(members.len());
        let mut integers = 0;
        for member in members {
            let schema = self.resolve(member.into(), at).ok()?;
            let member_view = View::of(schema);
            let [value] = member_view.enumeration.as_slice() else {
                return None;
            };
            let wire = match value {
                Value::String(s) => EnumValue::String(s.clone()),
                Value::Number(n) => {
                    let n = match (n.as_i64(), n.as_u64()) {
                        (Some(i), _) => i128::from(i),
                        (None, Some(u)) => i128::from(u),
                        _ => return None,
                    };
                    integers += 1;
                    EnumValue::Integer(n)
                }
                _ => return None,
            };
            let docs = self.docs.render(schema.schema_data.description.as_deref());
            values.push((wire, schema.schema_data.title.clone(), docs));
        }
        let integer = match integers {
            0 => None,
            n if n == values.len() => {
                // The format's type, widened until every value fits.
                let fits = |kind: IntKind| {
                    values.iter().all(|(wire, _, _)| match wire {
                        EnumValue::Integer(n) => kind.fits(*n),
                        EnumValue::String(_) => false,
                    })
                };
                let declared = int_kind(view.format.as_deref());
                Some(
                    [declared, IntKind::I64, IntKind::U64]
                        .into_iter()
                        .find(|kind| fits(*kind))?,
                )
            }
            _ => return None,
        };
        Some(open_enum(values, integer))
    }
}

/// An open enum of `(wire, title, docs)` values, duplicates dropped:
/// variants are named from the title if there is one, else the value.
pub(super) fn open_enum(
    values: Vec<(EnumValue, Option<String>, Option<String>)>,
    integer: Option<IntKind>,
) -> Enum {
    let mut namer = Namer::default();
    let mut variants: Vec<EnumVariant> = Vec::with_capacity(values.len());
    for (i, (wire, title, docs)) in values.into_iter().enumerate() {
        if variants.iter().any(|v| v.wire == wire) {
            continue;
        }
        let base = match (&title, integer) {
            (Some(t), _) => type_name(t, &format!("value {i}")),
            (None, Some(_)) => type_name(&format!("v{wire}"), &format!("value {i}")),
            (None, None) => type_name(&wire.to_string(), &format!("value {i}")),
        };
        variants.push(EnumVariant {
            name: namer.ident(base),
            wire,
            docs,
        });
    }
    // `Unknown`, unless the spec lists that value itself.
    let unknown_variant = ["Unknown", "Other"]
        .into_iter()
        .find(|n| !namer.is_taken(n))
        .map(str::to_string)
        .unwrap_or_else(|| namer.unique("UnknownValue".to_string()));
    Enum {
        variants,
        unknown_variant: RustIdent::new(unknown_variant),
        integer,
    }
}

/// The variant (and type name part) of a constant: `success` -> `Success`,
/// `true` -> `True`, `42` -> `V42`.
pub(super) fn const_variant(value: &Value) -> String {
    match value {
        Value::String(s) => type_name(s, "Value"),
        Value::Number(n) => type_name(&n.to_string().replace('.', "_"), "Value"),
        other => type_name(&other.to_string(), "Value"),
    }
}

pub(super) fn word_count(s: &str) -> usize {
    heck::ToSnakeCase::to_snake_case(s)
        .split('_')
        .filter(|w| !w.is_empty())
        .count()
}

/// `setup_status` -> `SetupStatus`; a one-word property takes the last word
/// of its parent's name too: `code` in `error` -> `ErrorCode`.
pub(super) fn short_enum_name(qualified: &str, prop: &str) -> String {
    if word_count(prop) >= 2 {
        return type_name(prop, "Enum");
    }
    let words: Vec<&str> = qualified.split(' ').collect();
    let parent = words.len().checked_sub(2).map(|i| words[i]).unwrap_or("");
    let parent_last = heck::ToSnakeCase::to_snake_case(parent);
    let parent_last = parent_last.rsplit('_').next().unwrap_or("");
    type_name(&format!("{parent_last} {prop}"), "Enum")
}

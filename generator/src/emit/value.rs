//! Spells a JSON example as the Rust value it must deserialize into, so that
//! example tests check the typed result and not only the round trip.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::rust::type_tokens;
use crate::ir::EnumValue;
use crate::ir::{Api, FloatKind, IntKind, Presence, TypeKind, TypeRef};

/// The Rust expression for `value` as a `ty`, or `None` where the generator
/// cannot tell which value serde will produce (unions, values that do not
/// fit the type: those are left to the round-trip check).
pub fn expected(
    api: &Api,
    ty: &TypeRef,
    value: &Value,
    models: &TokenStream,
) -> Option<TokenStream> {
    Some(match (ty, value) {
        (TypeRef::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        // The text as written: the value keeps it, so off-format examples
        // compare equal too.
        (TypeRef::Format(format), Value::String(s)) => {
            let root = super::rust::crate_root(models);
            let name = super::rust::ident(format.type_name());
            quote!(#root #name::from(#s))
        }
        (TypeRef::Bool, Value::Bool(b)) => quote!(#b),
        (TypeRef::Integer(kind), Value::Number(n)) => integer(*kind, n)?,
        (TypeRef::Float(kind), Value::Number(n)) => {
            let f = n.as_f64()?;
            match kind {
                // A literal must be finite: `1e300` is no `f32`.
                FloatKind::F32 if !(f as f32).is_finite() => return None,
                FloatKind::F32 => {
                    let lit = Literal::f32_suffixed(f as f32);
                    quote!(#lit)
                }
                FloatKind::F64 => {
                    let lit = Literal::f64_suffixed(f);
                    quote!(#lit)
                }
            }
        }
        (TypeRef::Array(inner), Value::Array(items)) => {
            let items: Option<Vec<TokenStream>> = items
                .iter()
                .map(|v| expected(api, inner, v, models))
                .collect();
            let items = items?;
            quote!(::std::vec![#(#items),*])
        }
        (TypeRef::Map(inner), Value::Object(map)) => {
            let entries: Option<Vec<TokenStream>> = map
                .iter()
                .map(|(k, v)| {
                    let v = expected(api, inner, v, models)?;
                    Some(quote!((::std::string::String::from(#k), #v)))
                })
                .collect();
            let entries = entries?;
            quote!(::std::collections::BTreeMap::from([#(#entries),*]))
        }
        (TypeRef::Nullable(_), Value::Null) => quote!(::std::option::Option::None),
        (TypeRef::Nullable(inner), v) => {
            let v = expected(api, inner, v, models)?;
            quote!(::std::option::Option::Some(#v))
        }
        (TypeRef::Tuple(types), Value::Array(items)) if types.len() == items.len() => {
            let items: Option<Vec<TokenStream>> = types
                .iter()
                .zip(items)
                .map(|(t, v)| expected(api, t, v, models))
                .collect();
            let items = items?;
            quote!((#(#items,)*))
        }
        (TypeRef::Json, v) => {
            let text = v.to_string();
            quote!(::serde_json::from_str::<::serde_json::Value>(#text).expect("valid JSON"))
        }
        (TypeRef::Named(id), v) => named(api, *id, v, models)?,
        _ => return None,
    })
}

/// The suffixed literal of an integer given as decimal text, if it fits.
/// An integer enum value as a literal of its type. Lowering chose a type
/// that every value fits (`IntKind::fits`), so the casts are exact.
pub fn enum_int_literal(kind: IntKind, n: i128) -> Literal {
    debug_assert!(kind.fits(n), "{n} does not fit {kind:?}");
    match kind {
        IntKind::I8 => Literal::i8_suffixed(n as i8),
        IntKind::I16 => Literal::i16_suffixed(n as i16),
        IntKind::I32 => Literal::i32_suffixed(n as i32),
        IntKind::I64 => Literal::i64_suffixed(n as i64),
        IntKind::U8 => Literal::u8_suffixed(n as u8),
        IntKind::U16 => Literal::u16_suffixed(n as u16),
        IntKind::U32 => Literal::u32_suffixed(n as u32),
        IntKind::U64 => Literal::u64_suffixed(n as u64),
    }
}

fn integer(kind: IntKind, n: &serde_json::Number) -> Option<TokenStream> {
    let lit = integer_literal(kind, n)?;
    Some(quote!(#lit))
}

fn integer_literal(kind: IntKind, n: &serde_json::Number) -> Option<Literal> {
    let lit = match kind {
        IntKind::I8 => Literal::i8_suffixed(i8::try_from(n.as_i64()?).ok()?),
        IntKind::I16 => Literal::i16_suffixed(i16::try_from(n.as_i64()?).ok()?),
        IntKind::I32 => Literal::i32_suffixed(i32::try_from(n.as_i64()?).ok()?),
        IntKind::I64 => Literal::i64_suffixed(n.as_i64()?),
        IntKind::U8 => Literal::u8_suffixed(u8::try_from(n.as_u64()?).ok()?),
        IntKind::U16 => Literal::u16_suffixed(u16::try_from(n.as_u64()?).ok()?),
        IntKind::U32 => Literal::u32_suffixed(u32::try_from(n.as_u64()?).ok()?),
        IntKind::U64 => Literal::u64_suffixed(n.as_u64()?),
    };
    Some(lit)
}

fn named(
    api: &Api,
    id: crate::ir::TypeId,
    value: &Value,
    models: &TokenStream,
) -> Option<TokenStream> {
    let def = &api[id];
    let name = def.name.to_ident();
    Some(match (&def.kind, value) {
        (TypeKind::Enum(e), Value::String(s)) => match e
            .variants
            .iter()
            .find(|v| matches!(&v.wire, EnumValue::String(w) if w == s))
        {
            Some(v) => {
                let variant = v.name.to_ident();
                quote!(#models #name::#variant)
            }
            None => {
                let unknown = e.unknown_variant.to_ident();
                quote!(#models #name::#unknown(::std::string::String::from(#s)))
            }
        },
        (TypeKind::Enum(e), Value::Number(n)) => {
            let kind = e.integer?;
            let lit = integer_literal(kind, n)?;
            let wire =
                EnumValue::Integer(n.as_i64().map(i128::from).or(n.as_u64().map(i128::from))?);
            match e.variants.iter().find(|v| v.wire == wire) {
                Some(v) => {
                    let variant = v.name.to_ident();
                    quote!(#models #name::#variant)
                }
                None => {
                    let unknown = e.unknown_variant.to_ident();
                    quote!(#models #name::#unknown(#lit))
                }
            }
        }
        (TypeKind::Const(c), Value::String(_)) if c.value == *value => {
            let variant = c.variant.to_ident();
            quote!(#models #name::#variant)
        }
        (TypeKind::Const(c), v) if same_scalar(&c.value, v) => quote!(#models #name),
        (TypeKind::Alias(ty), v) => expected(api, ty, v, models)?,
        (TypeKind::Newtype(ty), v) => {
            let inner = expected(api, ty, v, models)?;
            quote!(#models #name(#inner))
        }
        (TypeKind::Struct(s), Value::Object(map)) => {
            let mut fields = Vec::new();
            for f in &s.fields {
                let field = f.name.to_ident();
                let present = map.get(&f.wire_name);
                let boxed = |v: TokenStream| {
                    if f.boxed {
                        quote!(::std::boxed::Box::new(#v))
                    } else {
                        v
                    }
                };
                let value_of = |v: &Value| expected(api, &f.ty, v, models).map(boxed);
                let some = |v: TokenStream| quote!(::std::option::Option::Some(#v));
                let none = quote!(::std::option::Option::None);
                let expr = match (f.presence(), present) {
                    (Presence::Required, Some(v)) => value_of(v)?,
                    (Presence::Required, None) => return None,
                    (Presence::RequiredNullable | Presence::Optional, None | Some(Value::Null)) => {
                        none
                    }
                    (Presence::RequiredNullable | Presence::Optional, Some(v)) => {
                        some(value_of(v)?)
                    }
                    (Presence::OptionalNullable, None) => none,
                    (Presence::OptionalNullable, Some(Value::Null)) => some(none),
                    (Presence::OptionalNullable, Some(v)) => some(some(value_of(v)?)),
                };
                fields.push(quote!(#field: #expr,));
            }
            if let Some(extra_ty) = &s.additional {
                let entries: Option<Vec<TokenStream>> = map
                    .iter()
                    .filter(|(k, _)| !s.fields.iter().any(|f| &f.wire_name == *k))
                    .map(|(k, v)| {
                        let v = expected(api, extra_ty, v, models)?;
                        Some(quote!((::std::string::String::from(#k), #v)))
                    })
                    .collect();
                let entries = entries?;
                let field = s.additional_field_name()?.to_ident();
                fields.push(quote!(#field: ::std::collections::BTreeMap::from([#(#entries),*]),));
            }
            quote!(#models #name { #(#fields)* })
        }
        _ => return None,
    })
}

/// Whether two JSON scalars are the same value (`1` and `1.0` are).
fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Bool(x), Value::Bool(y)) => x == y,
        _ => false,
    }
}

/// The type of an example's value, with `Option` where it may be null.
pub fn example_type(api: &Api, ty: &TypeRef, nullable: bool, models: &TokenStream) -> TokenStream {
    let inner = type_tokens(api, ty, models);
    if nullable {
        quote!(::std::option::Option<#inner>)
    } else {
        inner
    }
}

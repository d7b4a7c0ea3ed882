//! Inline types with the same shape as an earlier type become aliases of it.
//!
//! Specs repeat inline objects: Kombo's full API spells out the same `data`,
//! `remote_data` or address object in many responses, and 451 of its 1,333
//! types are copies of another. Each copy would be a struct with its own
//! derives for rustc to check. An alias (`pub type B = A;`) keeps the name
//! users see (`B { .. }`, `B::Variant` work through it) and costs nothing.

use std::collections::HashMap;

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Turns every inline struct or union (ids from `first_inline` on) that is
/// the same as an earlier type, once copies are counted as their original,
/// into an alias of that type. Component schemas keep their definitions.
pub(super) fn alias_duplicates(types: &mut [TypeDef], first_inline: usize) {
    let mut original: Vec<usize> = (0..types.len()).collect();
    // A parent whose fields were copies is a copy itself once they are
    // counted as their originals: repeat until nothing changes.
    loop {
        let mut changed = false;
        let mut seen: HashMap<String, usize> = HashMap::new();
        for i in 0..types.len() {
            if original[i] != i
                || !matches!(types[i].kind, TypeKind::Struct(_) | TypeKind::Union(_))
            {
                continue;
            }
            let key = shape(&types[i].kind, &original);
            match seen.get(&key) {
                Some(&first) if i >= first_inline => {
                    original[i] = first;
                    changed = true;
                }
                Some(_) => {}
                None => {
                    seen.insert(key, i);
                }
            }
        }
        if !changed {
            break;
        }
    }
    for i in 0..types.len() {
        let mut root = original[i];
        while original[root] != root {
            root = original[root];
        }
        if root == i {
            continue;
        }
        let note = format!("The same type as [`{}`].", types[root].name);
        let def = &mut types[i];
        def.docs = Some(match def.docs.take() {
            Some(docs) => format!("{docs}\n\n{note}"),
            None => note,
        });
        def.kind = TypeKind::Alias(TypeRef::Named(TypeId(root)));
    }
}

/// A type's shape with each copy named as its original, as text to compare.
fn shape(kind: &TypeKind, original: &[usize]) -> String {
    let mut kind = kind.clone();
    match &mut kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                canonical(&mut field.ty, original);
                // Only the contract tests read it; it does not make a type.
                field.sample = None;
            }
            if let Some(additional) = &mut s.additional {
                canonical(additional, original);
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                canonical(&mut variant.ty, original);
            }
        }
        _ => {}
    }
    format!("{kind:?}")
}

fn canonical(ty: &mut TypeRef, original: &[usize]) {
    match ty {
        TypeRef::Named(id) => {
            let mut root = original[id.0];
            while original[root] != root {
                root = original[root];
            }
            *id = TypeId(root);
        }
        TypeRef::Array(inner) | TypeRef::Nullable(inner) | TypeRef::Map(inner) => {
            canonical(inner, original)
        }
        TypeRef::Tuple(items) => items.iter_mut().for_each(|t| canonical(t, original)),
        _ => {}
    }
}

//! Breaks cycles between types: `Box` where a type contains itself, a
//! newtype where an alias would refer to itself, and an error where a cycle
//! has no type in it at all (`A: {$ref: B}`, `B: {$ref: A}`).

use crate::error::{Error, Result};
use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};
use crate::origins::Origins;

pub(super) fn break_cycles(types: &mut [TypeDef], origins: &Origins) -> Result<()> {
    reject_pure_alias_cycles(types, origins)?;
    recursive_aliases_to_newtypes(types);
    box_recursive_fields(types);
    Ok(())
}

/// The named types a type reference mentions; `inline_only` skips those
/// behind a `Vec` or map, which already live on the heap.
fn mentions(ty: &TypeRef, inline_only: bool, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Nullable(inner) => mentions(inner, inline_only, out),
        TypeRef::Array(inner) | TypeRef::Map(inner) if !inline_only => {
            mentions(inner, inline_only, out)
        }
        _ => {}
    }
}

fn reject_pure_alias_cycles(types: &[TypeDef], origins: &Origins) -> Result<()> {
    for start in 0..types.len() {
        let mut current = start;
        for _ in 0..=types.len() {
            match &types[current].kind {
                TypeKind::Alias(TypeRef::Named(next)) => {
                    current = next.0;
                    if current == start {
                        let origin = &types[start].origin;
                        return Err(Error::Invalid {
                            path: origins.file_for(origin).to_path_buf(),
                            pointer: origin.clone(),
                            message: "`$ref` cycle with no type in it".into(),
                            at: None,
                            also: None,
                        });
                    }
                }
                _ => break,
            }
        }
    }
    Ok(())
}

/// `type A = Vec<A>` is not valid Rust; `struct A(Vec<A>)` is.
fn recursive_aliases_to_newtypes(types: &mut [TypeDef]) {
    let graph: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(ty) => {
                let mut out = Vec::new();
                mentions(ty, false, &mut out);
                out.into_iter()
                    .filter(|id| matches!(types[id.0].kind, TypeKind::Alias(_)))
                    .map(|id| id.0)
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let scc = strongly_connected(&graph);
    for (i, t) in types.iter_mut().enumerate() {
        let cyclic = graph[i].contains(&i) || scc.iter().filter(|&&c| c == scc[i]).count() > 1;
        if cyclic {
            if let TypeKind::Alias(ty) = &t.kind {
                t.kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
}

fn inline_edges(kind: &TypeKind) -> Vec<TypeId> {
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .for_each(|f| mentions(&f.ty, true, &mut out)),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .for_each(|v| mentions(&v.ty, true, &mut out)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => mentions(ty, true, &mut out),
        TypeKind::Enum(_) | TypeKind::Const(_) => {}
    }
    out
}

fn box_recursive_fields(types: &mut [TypeDef]) {
    let graph: Vec<Vec<usize>> = types
        .iter()
        .map(|t| inline_edges(&t.kind).into_iter().map(|id| id.0).collect())
        .collect();
    let scc = strongly_connected(&graph);
    let same = |a: usize, ty: &TypeRef| {
        let mut ids = Vec::new();
        mentions(ty, true, &mut ids);
        ids.iter().any(|id| scc[id.0] == scc[a])
    };
    for (i, def) in types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.boxed = same(i, &f.ty);
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    v.boxed = same(i, &v.ty);
                }
            }
            _ => {}
        }
    }
}

/// Tarjan's algorithm, iterative so that deep specs cannot overflow the
/// stack. Returns the component number of every node.
fn strongly_connected(graph: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = graph[node].get(*edge) {
                *edge += 1;
                if index[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_components() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 alone
        let g = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let c = strongly_connected(&g);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}

//! The generated crate's cargo features, and which types each one compiles:
//! every type that a group's operations (or the webhooks) reach through any
//! chain of type references. Computed once, after every type is final, so
//! that the emitters only spell out `cfg` attributes.

use crate::ir::{
    Api, Feature, FeatureId, FeatureKind, Features, GroupId, Operation, TypeKind, TypeRef,
};

/// Names the features of `api` and works out which types each one reaches.
pub(super) fn features(api: &Api) -> Features {
    let mut features = Features::default();
    let mut taken: Vec<String> = vec!["default".into(), WEBHOOKS.into(), UNREACHED.into()];
    for (i, group) in api.groups.iter().enumerate() {
        let base = group.accessor.bare().replace('_', "-");
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name) {
            n += 1;
            name = format!("{base}-{n}");
        }
        taken.push(name.clone());
        features.groups.push(FeatureId(features.list.len()));
        features.list.push(Feature {
            name,
            kind: FeatureKind::Group(GroupId(i)),
        });
    }

    let mut of_type: Vec<Vec<FeatureId>> = vec![Vec::new(); api.types.len()];
    for (i, group) in api.groups.iter().enumerate() {
        // The by-status unions are named by id, not by a reference.
        let unions: Vec<TypeRef> = api
            .group_operations(group)
            .flat_map(|op| [&op.success_by_status, &op.error_by_status])
            .flatten()
            .map(|by| TypeRef::Named(by.union))
            .collect();
        let mut roots: Vec<&TypeRef> = api
            .group_operations(group)
            .flat_map(operation_roots)
            .collect();
        roots.extend(&unions);
        mark(api, roots, features.groups[i], &mut of_type);
    }
    let webhook_roots: Vec<&TypeRef> = api
        .webhooks
        .iter()
        .filter_map(|w| w.payload.as_ref().map(|b| &b.ty))
        .collect();
    if !api.webhooks.is_empty() {
        let id = FeatureId(features.list.len());
        features.list.push(Feature {
            name: WEBHOOKS.into(),
            kind: FeatureKind::Webhooks,
        });
        features.webhooks = Some(id);
        mark(api, webhook_roots, id, &mut of_type);
    }
    if of_type.iter().any(Vec::is_empty) {
        let id = FeatureId(features.list.len());
        features.list.push(Feature {
            name: UNREACHED.into(),
            kind: FeatureKind::Unreached,
        });
        features.unreached = Some(id);
        for reached_by in of_type.iter_mut().filter(|f| f.is_empty()) {
            reached_by.push(id);
        }
    }
    features.of_type = of_type;
    features
}

/// The webhooks' feature.
const WEBHOOKS: &str = "webhooks";
/// The feature of the types nothing reaches.
const UNREACHED: &str = "unreached-models";

/// Every type reference an operation's code names: parameters, body,
/// responses, success and error types (their by-status unions are added by
/// the caller).
fn operation_roots(op: &Operation) -> Vec<&TypeRef> {
    let mut roots: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    roots.extend(op.body.as_ref().map(|b| &b.ty));
    roots.extend(
        op.responses
            .iter()
            .filter_map(|r| r.body.as_ref().map(|b| &b.ty)),
    );
    roots.extend(op.success.as_ref());
    roots.extend(op.error.as_ref());
    roots
}

/// Adds `feature` to every type reachable from `roots`.
fn mark(api: &Api, roots: Vec<&TypeRef>, feature: FeatureId, of_type: &mut [Vec<FeatureId>]) {
    let mut stack: Vec<&TypeRef> = roots;
    let mut seen = vec![false; api.types.len()];
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(id) => {
                if std::mem::replace(&mut seen[id.0], true) {
                    continue;
                }
                of_type[id.0].push(feature);
                match &api[id].kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.as_ref());
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(inner) | TypeKind::Newtype(inner) => stack.push(inner),
                    TypeKind::Enum(_) | TypeKind::Const(_) => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Nullable(inner) | TypeRef::Map(inner) => {
                stack.push(inner)
            }
            TypeRef::Tuple(items) => stack.extend(items),
            TypeRef::String
            | TypeRef::Format(_)
            | TypeRef::Bool
            | TypeRef::Integer(_)
            | TypeRef::Float(_)
            | TypeRef::Bytes
            | TypeRef::Json => {}
        }
    }
}

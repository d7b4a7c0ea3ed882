//! Cursor pagination, found from the shapes of an operation's parameters and
//! its success type: an optional query parameter named as a cursor, and a
//! string field of the response named as the next cursor (at the top or
//! one object down, as Kombo's `data.next`), beside an array of items.

use crate::ir::{
    Api, Encoding, FieldStep, Operation, Pagination, ParamLocation, Struct, TypeKind, TypeRef,
};

/// Query parameters that take a page's cursor.
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
];

/// Response fields that hold the next page's cursor.
const NEXT_FIELDS: &[&str] = &[
    "next",
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
];

/// Marks every cursor-paginated operation of `api`.
pub(super) fn detect(api: &mut Api) {
    let found: Vec<Option<Pagination>> = api
        .operations
        .iter()
        .map(|op| pagination(api, op))
        .collect();
    for (op, pagination) in api.operations.iter_mut().zip(found) {
        op.pagination = pagination;
    }
}

fn pagination(api: &Api, op: &Operation) -> Option<Pagination> {
    if op.success_decoding != Encoding::Json || op.success_by_status.is_some() {
        return None;
    }
    let cursor_param = op.params.iter().position(|p| {
        p.location == ParamLocation::Query
            && !p.required
            && CURSOR_PARAMS.contains(&p.wire_name.as_str())
            && *api.resolve_alias(&p.ty) == TypeRef::String
    })?;
    let top = struct_of(api, op.success.as_ref()?)?;
    // The cursor and the items at the top, or in one field's object.
    if let Some(found) = page_fields(api, top, &[]) {
        return Some(Pagination {
            cursor_param,
            next: found.0,
            items: found.1,
            item: found.2,
        });
    }
    top.fields.iter().find_map(|f| {
        let inner = struct_of(api, &f.ty).filter(|_| !f.boxed)?;
        let step = FieldStep {
            name: f.name.clone(),
            presence: f.presence(),
        };
        let (next, items, item) = page_fields(api, inner, &[step])?;
        Some(Pagination {
            cursor_param,
            next,
            items,
            item,
        })
    })
}

/// The struct a type is, through aliases.
fn struct_of<'a>(api: &'a Api, ty: &'a TypeRef) -> Option<&'a Struct> {
    match api.resolve_alias(ty) {
        TypeRef::Named(id) => match &api[id].kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// The steps to the next cursor and to the items of a page struct, and
/// the item type, when the struct has both.
fn page_fields(
    api: &Api,
    page: &Struct,
    prefix: &[FieldStep],
) -> Option<(Vec<FieldStep>, Vec<FieldStep>, TypeRef)> {
    // In the order of `NEXT_FIELDS`: Kombo's pages have `next` (the cursor)
    // and an older `next_cursor`.
    let next = NEXT_FIELDS.iter().find_map(|name| {
        page.fields.iter().find(|f| {
            f.wire_name == *name && !f.boxed && *api.resolve_alias(&f.ty) == TypeRef::String
        })
    })?;
    let (items, item) = page
        .fields
        .iter()
        .find_map(|f| match api.resolve_alias(&f.ty) {
            TypeRef::Array(item) if !f.boxed => Some((f, (**item).clone())),
            _ => None,
        })?;
    let path = |f: &crate::ir::Field| {
        let mut steps = prefix.to_vec();
        steps.push(FieldStep {
            name: f.name.clone(),
            presence: f.presence(),
        });
        steps
    };
    Some((path(next), path(items), item))
}

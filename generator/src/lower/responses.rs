//! An operation's responses: each status's body, the success type and the
//! error type, and by-status unions where bodies differ.

use openapiv3::{ReferenceOr, Response as SpecResponse};

use super::Lowerer;
use crate::docs::code_span;
use crate::error::{Result, pointer};
use crate::ir::{Encoding, Response, ResponseBody, Status, TypeKind, TypeRef, is_plain_json};
use crate::naming::{Namer, type_name};

impl<'a> Lowerer<'a> {
    /// What a successful call returns, and how it is read: the type every
    /// 2xx body shares, `Option` of it when a 2xx JSON response has no body,
    /// any JSON when the bodies differ in a way no union describes; each
    /// fallback is explained in `limitations`.
    pub(super) fn success_type(
        &mut self,
        responses: &[Response],
        (base, at): (&str, &str),
        limitations: &mut Vec<String>,
        notes: &mut Vec<String>,
    ) -> (Option<TypeRef>, Encoding) {
        let successes: Vec<&Response> = responses.iter().filter(|r| r.is_success()).collect();
        let decoding = match one_decoding(&successes) {
            Ok(decoding) => decoding,
            Err(mixed) => {
                limitations.push(format!(
                    "The success responses are in different media types ({mixed}): \
                     the body is read as JSON, and a body that is not JSON ends in \
                     [`Error::UnexpectedResponse`](crate::Error::UnexpectedResponse), \
                     which holds it as text."
                ));
                return (Some(TypeRef::Json), Encoding::Json);
            }
        };
        if decoding != Encoding::Json {
            // Text and bytes are read as they come; an empty body is empty.
            let ty = successes
                .iter()
                .find_map(|r| Some(r.body.as_ref()?.ty.clone()));
            return (ty, decoding);
        }
        let mut types: Vec<TypeRef> = Vec::new();
        let mut without_body = false;
        for r in &successes {
            let Some(body) = &r.body else {
                without_body = true;
                continue;
            };
            let ty = body.ty.clone();
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
        let ty = match types.len() {
            0 => None,
            1 => {
                let ty = types.remove(0);
                Some(match ty {
                    TypeRef::Json | TypeRef::Nullable(_) => ty,
                    _ if without_body => TypeRef::Nullable(Box::new(ty)),
                    _ => ty,
                })
            }
            _ => {
                let bodies: Vec<(Status, &TypeRef)> = successes
                    .iter()
                    .filter_map(|r| Some((r.status, &r.body.as_ref()?.ty)))
                    .collect();
                let each = self.statuses_and_types(&bodies);
                let fallback = format!("{base} Response");
                let Some(union) = self.response_union(&bodies, &fallback, at) else {
                    limitations.push(format!(
                        "The success responses have different bodies ({each}); \
                         the client cannot tell them apart by status yet, \
                         so the body is returned as JSON."
                    ));
                    return (Some(TypeRef::Json), Encoding::Json);
                };
                notes.push(format!(
                    "The success responses have different bodies ({each}): the method \
                     returns a {}, whose variant the status picks.",
                    self.type_label(&union)
                ));
                Some(if without_body {
                    TypeRef::Nullable(Box::new(union))
                } else {
                    union
                })
            }
        };
        (ty, Encoding::Json)
    }

    /// Which variant of a response union each success (`success`) or error
    /// status gives, when `ty` is one of the unions made by
    /// [`Self::response_union`] and every body is one of its variants.
    pub(super) fn by_status(
        &self,
        ty: &TypeRef,
        responses: &[Response],
        success: bool,
    ) -> Option<crate::ir::ByStatus> {
        let TypeRef::Named(id) = ty else {
            return None;
        };
        if !self.response_unions.values().any(|u| u == id) {
            return None;
        }
        let Some(TypeKind::Union(union)) = self.types[id.0].as_ref().map(|t| &t.kind) else {
            return None;
        };
        let mut arms = Vec::new();
        for r in responses {
            let is_success = r.is_success();
            let is_error = r.is_error();
            if (success && !is_success) || (!success && !is_error) {
                continue;
            }
            let variant = match &r.body {
                None => None,
                Some(body) => Some(
                    union
                        .variants
                        .iter()
                        .find(|v| v.ty == body.ty)?
                        .name
                        .clone(),
                ),
            };
            arms.push(crate::ir::StatusArm {
                status: r.status,
                variant,
            });
        }
        Some(crate::ir::ByStatus { union: *id, arms })
    }

    /// `` `200`: [`A`], `202`: [`B`] `` for docs.
    pub(super) fn statuses_and_types(&self, bodies: &[(Status, &TypeRef)]) -> String {
        bodies
            .iter()
            .map(|(status, ty)| format!("`{status}`: {}", self.type_label(ty)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A union of the different body types of several responses, shared by
    /// every operation with the same set of types, or `None` when they do
    /// not differ or one of them is any JSON already.
    /// Named from its members (`BasicError or ValidationError`) when there
    /// are a few, else `{fallback}`.
    pub(super) fn response_union(
        &mut self,
        bodies: &[(Status, &TypeRef)],
        fallback: &str,
        at: &str,
    ) -> Option<TypeRef> {
        let mut distinct: Vec<TypeRef> = Vec::new();
        for (_, ty) in bodies {
            if **ty == TypeRef::Json {
                return None;
            }
            if !distinct.contains(ty) {
                distinct.push((*ty).clone());
            }
        }
        if distinct.len() < 2 {
            return None;
        }
        let mut key: Vec<String> = distinct.iter().map(|t| format!("{t:?}")).collect();
        key.sort();
        if let Some(id) = self.response_unions.get(&key) {
            return Some(TypeRef::Named(*id));
        }
        let plain = |ty: &TypeRef| match ty {
            TypeRef::Named(id) => self.types[id.0].as_ref().map(|d| d.name.to_string()),
            _ => None,
        };
        let names: Vec<Option<String>> = distinct.iter().map(plain).collect();
        let mut namer = Namer::default();
        let variants = distinct
            .iter()
            .zip(&names)
            .enumerate()
            .map(|(i, (ty, name))| crate::ir::UnionVariant {
                name: namer.ident(type_name(
                    name.as_deref().unwrap_or(&format!("variant {i}")),
                    "Variant",
                )),
                ty: ty.clone(),
                tags: Vec::new(),
                boxed: false,
            })
            .collect();
        let joined: Option<Vec<String>> = names.into_iter().collect();
        let name = match joined {
            Some(names) if names.len() <= 3 => names.join(" or "),
            _ => fallback.to_string(),
        };
        let docs = Some(
            "One of several response bodies (see the operations that return it for which \
             status gives which). The client picks the variant by the response's status; \
             deserialized on its own, it takes the first variant that reads the whole body."
                .to_string(),
        );
        let id = self.add_type(
            &name,
            &format!("{at}/responses"),
            docs,
            false,
            crate::ir::TypeKind::Union(crate::ir::Union {
                variants,
                discriminator: None,
            }),
        );
        self.response_unions.insert(key, id);
        Some(TypeRef::Named(id))
    }

    /// How a type is named in docs: a link to a generated type, or its
    /// Rust spelling.
    pub(super) fn type_label(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => match self.types.get(id.0).and_then(Option::as_ref) {
                Some(def) => format!("[`{0}`](crate::models::{0})", def.name),
                None => "a generated type".to_string(),
            },
            TypeRef::String => "`String`".into(),
            TypeRef::Format(format) => format!("[`{0}`](crate::{0})", format.type_name()),
            TypeRef::Bytes => "bytes".into(),
            TypeRef::Json => "any JSON".into(),
            TypeRef::Array(inner) => format!("a list of {}", self.type_label(inner)),
            TypeRef::Nullable(inner) => format!("{} or null", self.type_label(inner)),
            TypeRef::Map(inner) => format!("a map of {}", self.type_label(inner)),
            other => format!("`{other:?}`"),
        }
    }

    pub(super) fn response(
        &mut self,
        status: Status,
        response: &'a ReferenceOr<SpecResponse>,
        name: &str,
        at: &str,
    ) -> Result<Response> {
        let (r, key) = self.follow(response, "responses", at, |c| &c.responses)?;
        let body = match key {
            None => self.content(&r.content, name, at)?,
            Some(key) => match self.body_cache.get(key) {
                Some(cached) => cached.clone(),
                None => {
                    let at = pointer(["components", "responses", key]);
                    let body = self.content(&r.content, key, &at)?;
                    self.body_cache.insert(key.to_string(), body.clone());
                    body
                }
            },
        };
        // A form or multipart response is read as text or bytes.
        let body = body.map(|b| match b.encoding.decoding() {
            Encoding::Text if b.encoding != Encoding::Text => ResponseBody {
                ty: TypeRef::String,
                ..b
            },
            Encoding::Binary if b.encoding != Encoding::Binary => ResponseBody {
                ty: TypeRef::Bytes,
                ..b
            },
            _ => b,
        });
        Ok(Response {
            status,
            docs: self.docs.render(Some(&r.description)),
            body,
        })
    }
}

/// The error body type and how it is read: the `default` response's if
/// it has one, else the type every 4xx/5xx response with a body shares,
/// else any JSON.
pub(super) fn error_type(
    responses: &[Response],
    limitations: &mut Vec<String>,
) -> (Option<TypeRef>, Encoding) {
    let errors: Vec<&Response> = responses.iter().filter(|r| r.is_error()).collect();
    let decoding = match one_decoding(&errors) {
        Ok(decoding) => decoding,
        Err(mixed) => {
            limitations.push(format!(
                "The error responses are in different media types ({mixed}): \
                 error bodies are read as JSON, and one that is not JSON ends in \
                 [`Error::UnexpectedResponse`](crate::Error::UnexpectedResponse), \
                 which holds it as text."
            ));
            return (Some(TypeRef::Json), Encoding::Json);
        }
    };
    let bodies: Vec<&TypeRef> = errors
        .iter()
        .filter_map(|r| Some(&r.body.as_ref()?.ty))
        .collect();
    if let Some(default) = responses.iter().find(|r| r.status == Status::Default) {
        if let Some(body) = &default.body {
            if bodies.iter().all(|b| **b == body.ty) {
                return (Some(body.ty.clone()), decoding);
            }
        }
    }
    let ty = match bodies.split_first() {
        None => None,
        Some((first, rest)) if rest.iter().all(|b| b == first) => Some((*first).clone()),
        Some(_) => Some(TypeRef::Json),
    };
    (ty, decoding)
}

/// How the bodies of these responses are read, when they agree (JSON when
/// there are none); else the statuses and media types, for the docs.
pub(super) fn one_decoding(responses: &[&Response]) -> std::result::Result<Encoding, String> {
    let bodies: Vec<(Status, &ResponseBody)> = responses
        .iter()
        .filter_map(|r| Some((r.status, r.body.as_ref()?)))
        .collect();
    let Some((_, first)) = bodies.first() else {
        return Ok(Encoding::Json);
    };
    let decoding = first.encoding.decoding();
    if bodies
        .iter()
        .all(|(_, b)| b.encoding.decoding() == decoding)
    {
        return Ok(decoding);
    }
    Err(bodies
        .iter()
        .map(|(status, b)| format!("`{status}`: {}", code_span(&b.media_type)))
        .collect::<Vec<_>>()
        .join(", "))
}

/// The `Accept` header an operation sends, when one of its responses is not
/// `application/json` (the client's default): every response media type,
/// successes first. A server that negotiates answers a JSON type of its own
/// (`application/scim+json`) with 406 when asked for `application/json`.
pub(super) fn accept(responses: &[Response]) -> Option<String> {
    let bodies = || responses.iter().filter_map(|r| r.body.as_ref());
    if bodies().all(|b| is_plain_json(&b.media_type)) {
        return None;
    }
    let mut types: Vec<&str> = Vec::new();
    let successes = responses.iter().filter(|r| r.is_success());
    let others = responses.iter().filter(|r| !r.is_success());
    for r in successes.chain(others) {
        if let Some(body) = &r.body {
            if !types.contains(&body.media_type.as_str()) {
                types.push(&body.media_type);
            }
        }
    }
    Some(types.join(", "))
}

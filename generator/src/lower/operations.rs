//! Operations, servers and security schemes.

use std::collections::BTreeSet;

use openapiv3::{
    MediaType, OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent,
    ReferenceOr, RequestBody, Response as SpecResponse, Schema, SecurityScheme as SpecSecurity,
    StatusCode,
};
use serde_json::Value;

use super::view::View;
use super::{Ctx, Lowered, Lowerer, RefOr};
use crate::docs::DocText;
use crate::docs::code_span;
use crate::error::{Result, escape_pointer_token, pointer};
use crate::ir::{
    Body, Encoding, Operation, Param, ParamLocation, ParamStyle, Response, ResponseBody,
    SecurityKind, SecurityScheme, Server, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{Namer, field_name, type_name};
use crate::runtime_api::{CLIENT_METHODS, GROUP_METHODS};

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> Result<Vec<Operation>> {
        let mut out = Vec::new();
        let mut ids = std::collections::HashMap::new();
        let mut method_names: Namer = Namer::default();
        let tag_groups = self.sdk_groups_by_tag();
        for (path, item) in self.spec.paths.iter() {
            let item_pointer = pointer(["paths", path.as_str()]);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    return Err(
                        self.unsupported(&item_pointer, format!("path item `$ref: {reference}`"))
                    );
                }
            };
            for (method, op) in item.iter() {
                let op_pointer = format!("{item_pointer}/{method}");
                let operation_id = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| field_name(&format!("{method} {path}"), "operation"));
                if let Some(first) = ids.insert(operation_id.clone(), op_pointer.clone()) {
                    return Err(self.invalid(
                        &op_pointer,
                        format!("duplicate operationId `{operation_id}` (also used at {first})"),
                    ));
                }
                let names = OpNames {
                    operation_id: &operation_id,
                    pointer: &op_pointer,
                    tag_groups: &tag_groups,
                };
                let lowered = self.operation(
                    path,
                    method,
                    op,
                    &item.parameters,
                    &names,
                    &mut method_names,
                )?;
                out.push(lowered);
            }
        }
        link_replacements(&mut out);
        distinct_groups(&mut out);
        Ok(out)
    }

    /// Tag to the group name the official SDKs use for operations with that
    /// tag, learned from the operations that carry code samples.
    fn sdk_groups_by_tag(&self) -> std::collections::HashMap<String, String> {
        let mut map = std::collections::HashMap::new();
        for (_, item) in self.spec.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (_, op) in item.iter() {
                if let (Some(group), Some(tag)) = (sdk_names(op).0, op.tags.first()) {
                    map.entry(tag.clone()).or_insert(group);
                }
            }
        }
        map
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a SpecOperation,
        shared_params: &'a [ReferenceOr<Parameter>],
        names: &OpNames<'_>,
        method_names: &mut Namer,
    ) -> Result<Operation> {
        let (operation_id, op_pointer) = (names.operation_id, names.pointer);
        let base = type_name(operation_id, "Operation");
        let (sdk_group, sdk_name) = sdk_names(op);
        let tag = op.tags.first();
        let learned = tag.and_then(|t| names.tag_groups.get(t));
        let method_name = match (&sdk_name, learned) {
            (Some(name), _) => name.clone(),
            (None, Some(group)) => {
                strip_words(&field_name(operation_id, "operation"), &[method, group])
            }
            (None, None) => field_name(operation_id, "operation"),
        };
        let group = sdk_group
            .or_else(|| learned.cloned())
            .or_else(|| tag.map(|t| field_name(t, "api")))
            // A group is a method of the client: keep clear of its own.
            .map(|g| match CLIENT_METHODS.contains(&g.as_str()) {
                true => format!("{g}_api"),
                false => g,
            });
        // Method names are unique per group, and clear of the group's own.
        let prefix = group.as_deref().unwrap_or("");
        for own in GROUP_METHODS {
            let taken = format!("{prefix}::{own}");
            if !method_names.is_taken(&taken) {
                method_names.unique(taken);
            }
        }
        let scoped =
            method_names.unique(format!("{}::{method_name}", group.as_deref().unwrap_or("")));
        let name = scoped.rsplit("::").next().unwrap_or(&scoped).to_string();

        let mut params = Vec::new();
        // Parameters are arguments beside the method's own locals.
        let mut param_names = Namer::with_reserved(METHOD_LOCALS);
        let mut seen = BTreeSet::new();
        for (i, p) in op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (i, (p, "parameters")))
            .chain(
                shared_params
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i, (p, "../parameters"))),
            )
        {
            let (param, where_) = p;
            let at = format!("{op_pointer}/{where_}/{i}");
            let param = self.parameter(param, &at)?;
            if seen.insert((param.data.name.clone(), param.location)) {
                params.push(self.lower_param(param, &base, &at, &mut param_names)?);
            }
        }

        let body = match &op.request_body {
            None => None,
            Some(body) => self.request_body(body, &base, &format!("{op_pointer}/requestBody"))?,
        };

        let mut responses = Vec::new();
        let success_count = op
            .responses
            .responses
            .keys()
            .filter(|s| matches!(s, StatusCode::Code(200..=299) | StatusCode::Range(2)))
            .count();
        let statuses = op
            .responses
            .responses
            .iter()
            .map(|(s, r)| (s.to_string(), r))
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|r| ("default".to_string(), r)),
            );
        for (status, response) in statuses {
            let is_success = status.starts_with('2');
            let name = if is_success && success_count == 1 {
                format!("{base} Response")
            } else {
                format!("{base} Response {status}")
            };
            let at = format!("{op_pointer}/responses/{}", escape_pointer_token(&status));
            responses.push(self.response(&status, response, &name, &at)?);
        }

        let security = op
            .security
            .as_ref()
            .or(self.spec.security.as_ref())
            .map(|reqs| {
                reqs.iter()
                    .flat_map(|r| r.keys().cloned())
                    .collect::<BTreeSet<_>>()
            })
            .unwrap_or_default()
            .into_iter()
            .collect();

        let mut limitations = Vec::new();
        let mut response_notes = Vec::new();
        let (success, success_decoding) = self.success_type(
            &responses,
            (&base, op_pointer),
            &mut limitations,
            &mut response_notes,
        );
        let success_by_status = match &success {
            Some(TypeRef::Nullable(ty)) => self.by_status(ty, &responses, true),
            Some(ty) => self.by_status(ty, &responses, true),
            None => None,
        };
        let (mut error, error_decoding) = error_type(&responses, &mut limitations);
        if error == Some(TypeRef::Json) && error_decoding == Encoding::Json {
            let bodies: Vec<(&str, &TypeRef)> = responses
                .iter()
                .filter(|r| r.is_error())
                .filter_map(|r| Some((r.status.as_str(), &r.body.as_ref()?.ty)))
                .collect();
            let fallback = format!("{base} Error");
            if let Some(union) = self.response_union(&bodies, &fallback, op_pointer) {
                response_notes.push(format!(
                    "The error responses have different bodies ({}): \
                     [`Error::Api`](crate::Error::Api) holds a {}, whose variant the \
                     status picks.",
                    self.statuses_and_types(&bodies),
                    self.type_label(&union)
                ));
                error = Some(union);
            }
        }
        let error_by_status = match &error {
            Some(ty) => self.by_status(ty, &responses, false),
            None => None,
        };

        let accept = accept(&responses);
        let description = self.docs.render(op.description.as_deref());
        let deprecation_note = description.as_deref().and_then(deprecation_sentence);
        Ok(Operation {
            operation_id: operation_id.to_string(),
            name,
            group,
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            origin: op_pointer.to_string(),
            summary: self.docs.render(op.summary.as_deref()),
            description,
            deprecated: op.deprecated,
            deprecation_note,
            replaced_by: None,
            params,
            body,
            responses,
            security,
            accept,
            success,
            success_decoding,
            error,
            error_decoding,
            success_by_status,
            error_by_status,
            response_notes,
            limitations,
        })
    }

    /// What a successful call returns, and how it is read: the type every
    /// 2xx body shares, `Option` of it when a 2xx JSON response has no body,
    /// any JSON when the bodies differ in a way no union describes; each
    /// fallback is explained in `limitations`.
    fn success_type(
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
                let bodies: Vec<(&str, &TypeRef)> = successes
                    .iter()
                    .filter_map(|r| Some((r.status.as_str(), &r.body.as_ref()?.ty)))
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
    fn by_status(
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
                status: r.status.clone(),
                variant,
            });
        }
        Some(crate::ir::ByStatus { union: *id, arms })
    }

    /// `` `200`: [`A`], `202`: [`B`] `` for docs.
    fn statuses_and_types(&self, bodies: &[(&str, &TypeRef)]) -> String {
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
    fn response_union(
        &mut self,
        bodies: &[(&str, &TypeRef)],
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
            TypeRef::Named(id) => self.types[id.0].as_ref().map(|d| d.name.clone()),
            _ => None,
        };
        let names: Vec<Option<String>> = distinct.iter().map(plain).collect();
        let mut namer = Namer::default();
        let variants = distinct
            .iter()
            .zip(&names)
            .enumerate()
            .map(|(i, (ty, name))| crate::ir::UnionVariant {
                name: namer.unique(type_name(
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
    fn type_label(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => match self.types.get(id.0).and_then(Option::as_ref) {
                Some(def) => format!("[`{0}`](crate::models::{0})", def.name),
                None => "a generated type".to_string(),
            },
            TypeRef::String => "`String`".into(),
            TypeRef::Bytes => "bytes".into(),
            TypeRef::Json => "any JSON".into(),
            TypeRef::Array(inner) => format!("a list of {}", self.type_label(inner)),
            TypeRef::Nullable(inner) => format!("{} or null", self.type_label(inner)),
            TypeRef::Map(inner) => format!("a map of {}", self.type_label(inner)),
            other => format!("`{other:?}`"),
        }
    }

    fn parameter(&self, p: &'a ReferenceOr<Parameter>, at: &str) -> Result<SpecParam<'a>> {
        let (param, _) = self.follow(p, "parameters", at, |c| &c.parameters)?;
        let (data, location, style) = match param {
            Parameter::Query {
                parameter_data,
                style,
                ..
            } => (
                parameter_data,
                ParamLocation::Query,
                match style {
                    openapiv3::QueryStyle::Form => ParamStyle::Form,
                    openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
            ),
            Parameter::Header { parameter_data, .. } => {
                (parameter_data, ParamLocation::Header, ParamStyle::Simple)
            }
            Parameter::Path {
                parameter_data,
                style,
            } => (
                parameter_data,
                ParamLocation::Path,
                match style {
                    openapiv3::PathStyle::Simple => ParamStyle::Simple,
                    openapiv3::PathStyle::Label => ParamStyle::Label,
                    openapiv3::PathStyle::Matrix => ParamStyle::Matrix,
                },
            ),
            Parameter::Cookie { parameter_data, .. } => {
                (parameter_data, ParamLocation::Cookie, ParamStyle::Form)
            }
        };
        let style = match data.format {
            ParameterSchemaOrContent::Content(_) => ParamStyle::Json,
            ParameterSchemaOrContent::Schema(_) => style,
        };
        // `form` explodes unless told otherwise; every other style does not.
        let explode = data.explode.unwrap_or(style == ParamStyle::Form);
        Ok(SpecParam {
            data,
            location,
            style,
            explode,
        })
    }

    /// Follows a chain of `$ref`s into one section of `components` (a
    /// request body that refers to another, ...) to the item at its end,
    /// with the item's name when it is a component.
    fn follow<T>(
        &self,
        item: &'a ReferenceOr<T>,
        section: &str,
        at: &str,
        get: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(&'a T, Option<&'a str>)> {
        let prefix = format!("#/components/{section}/");
        let mut current = item;
        let mut name = None;
        for _ in 0..64 {
            match current {
                ReferenceOr::Item(item) => return Ok((item, name)),
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix(&prefix);
                    let found = key.and_then(|k| {
                        self.spec
                            .components
                            .as_ref()
                            .and_then(|c| get(c).get_key_value(k))
                    });
                    match found {
                        Some((k, next)) => {
                            name = Some(k.as_str());
                            current = next;
                        }
                        None => {
                            return Err(self.invalid(
                                at,
                                format!("dangling `$ref: {reference}`: no such entry in #/components/{section}"),
                            ));
                        }
                    }
                }
            }
        }
        Err(self.invalid(at, format!("`$ref` cycle in #/components/{section}")))
    }

    fn lower_param(
        &mut self,
        param: SpecParam<'a>,
        base: &str,
        at: &str,
        names: &mut Namer,
    ) -> Result<Param> {
        let SpecParam {
            data,
            location,
            style,
            explode,
        } = param;
        let ctx = Ctx::new(format!("{base} {}", data.name), format!("{at}/schema"));
        let lowered = match &data.format {
            ParameterSchemaOrContent::Schema(s) => self.schema_at(s.into(), &ctx)?,
            ParameterSchemaOrContent::Content(content) => {
                match content.values().next().and_then(|m| m.schema.as_ref()) {
                    Some(s) => self.schema_at(s.into(), &ctx)?,
                    None => json_value(),
                }
            }
        };
        self.named_examples(&data.examples, &lowered.ty, lowered.nullable, &ctx.name, at);
        if let Some(value) = &data.example {
            let media = MediaType {
                example: Some(value.clone()),
                ..Default::default()
            };
            self.media_examples(&media, &lowered.ty, lowered.nullable, &ctx.name, at);
        }
        Ok(Param {
            wire_name: data.name.clone(),
            name: names.unique(field_name(&data.name, "param")),
            location,
            ty: lowered.ty,
            required: data.required || location == ParamLocation::Path,
            docs: self.docs.render(data.description.as_deref()),
            style,
            explode,
        })
    }

    pub(super) fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        base: &str,
        at: &str,
    ) -> Result<Option<Body>> {
        let (body, key) = self.follow(body, "requestBodies", at, |c| &c.request_bodies)?;
        let (name, at) = match key {
            None => (format!("{base} Request"), at.to_string()),
            Some(n) => (n.to_string(), pointer(["components", "requestBodies", n])),
        };
        let Some(content) = self.content(&body.content, &name, &at)? else {
            return Ok(None);
        };
        let ty = match (content.encoding, &body.content[&content.media_type].schema) {
            (Encoding::Multipart, Some(schema)) => {
                self.multipart_form(schema.into(), content.ty, &at)?
            }
            _ => content.ty,
        };
        Ok(Some(Body {
            encoding: content.encoding,
            media_type: content.media_type,
            ty,
            required: body.required,
            docs: self.docs.render(body.description.as_deref()),
        }))
    }

    fn response(
        &mut self,
        status: &str,
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
            status: status.to_string(),
            docs: self.docs.render(Some(&r.description)),
            body,
        })
    }

    /// The type a multipart body is sent from. When the schema has file
    /// properties (`format: binary`, or a 3.1 `contentMediaType` without
    /// `contentEncoding`, directly or as array items), those fields are
    /// bytes: in the body's inline struct itself, or, for a component
    /// schema (whose struct keeps strings, as JSON needs), in a struct of
    /// its own, `...Form`. Other bodies are sent as they are.
    fn multipart_form(&mut self, schema: RefOr<'a>, ty: TypeRef, at: &str) -> Result<TypeRef> {
        let resolved = self.resolve(schema, at)?;
        let view = View::of(resolved);
        let Some(properties) = view.properties else {
            return Ok(ty);
        };
        let mut files = Vec::new();
        for (wire, prop) in properties {
            let prop = self.resolve(prop.into(), at)?;
            let items = View::of(prop).items;
            let binary = is_binary(prop)
                || match items {
                    Some(items) => is_binary(self.resolve(items.into(), at)?),
                    None => false,
                };
            if binary {
                files.push(wire.as_str());
            }
        }
        if files.is_empty() {
            return Ok(ty);
        }
        let mut target = &ty;
        while let TypeRef::Named(id) = target {
            match self.types[id.0].as_ref().map(|t| &t.kind) {
                Some(TypeKind::Alias(inner)) => target = inner,
                _ => break,
            }
        }
        let TypeRef::Named(id) = *target else {
            return Ok(ty);
        };
        if let Some(form) = self.multipart_forms.get(&id) {
            return Ok(TypeRef::Named(*form));
        }
        let Some(def) = self.types[id.0].clone() else {
            return Ok(ty);
        };
        let TypeKind::Struct(mut form) = def.kind else {
            return Ok(ty);
        };
        for field in &mut form.fields {
            if files.contains(&field.wire_name.as_str()) {
                field.ty = as_bytes(&field.ty);
            }
        }
        let files_note = "File fields hold bytes, sent as `application/octet-stream` parts \
                          with the field's name as file name.";
        if !self.is_component(id) {
            // An inline schema is this body's alone.
            let docs = match &def.docs {
                Some(docs) => format!("{docs}\n\n{files_note}"),
                None => files_note.to_string(),
            };
            self.define(
                id,
                TypeDef {
                    docs: Some(docs),
                    kind: TypeKind::Struct(form),
                    ..def
                },
            );
            return Ok(ty);
        }
        let docs = format!(
            "[`{name}`] as a `multipart/form-data` body. {files_note}",
            name = def.name
        );
        let docs = match def.docs {
            Some(more) => format!("{docs}\n\n{more}"),
            None => docs,
        };
        let name = format!("{} Form", def.name);
        let form = self.add_type(
            &name,
            &def.origin,
            Some(docs),
            def.deprecated,
            TypeKind::Struct(form),
        );
        self.multipart_forms.insert(id, form);
        Ok(TypeRef::Named(form))
    }

    /// The body of a request or response: the JSON media type if there is
    /// one, else the first; its schema lowered and its examples collected.
    /// A body that is not JSON and whose schema is a string (or absent) is
    /// text or bytes, as its media type says.
    fn content(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        name: &str,
        at: &str,
    ) -> Result<Option<ResponseBody>> {
        let chosen = content
            .iter()
            .find(|(m, _)| Encoding::of(m) == Encoding::Json)
            .or_else(|| content.iter().next());
        let Some((media_type, media)) = chosen else {
            return Ok(None);
        };
        let encoding = Encoding::of(media_type);
        let media_pointer = format!("{at}/content/{}", escape_pointer_token(media_type));
        let lowered = match &media.schema {
            Some(schema) => {
                let ctx = Ctx::new(name.to_string(), format!("{media_pointer}/schema"));
                self.schema_at(RefOr::from(schema), &ctx)?
            }
            None => json_value(),
        };
        if encoding == Encoding::Json {
            self.media_examples(media, &lowered.ty, lowered.nullable, name, &media_pointer);
        }
        // Text and other media read as text and bytes, whatever the schema
        // (a JSON-like schema of an XML body cannot be applied).
        let ty = match encoding {
            Encoding::Text => TypeRef::String,
            Encoding::Binary => TypeRef::Bytes,
            _ if lowered.nullable && encoding == Encoding::Json => {
                TypeRef::Nullable(Box::new(lowered.ty))
            }
            _ => lowered.ty,
        };
        Ok(Some(ResponseBody {
            media_type: media_type.clone(),
            encoding,
            ty,
        }))
    }
}

/// Names an operation method uses for itself: its request body argument and
/// the locals of its body.
const METHOD_LOCALS: [&str; 4] = ["body", "path", "request", "value"];

/// A parameter as the spec gives it, `$ref`s followed.
struct SpecParam<'a> {
    data: &'a openapiv3::ParameterData,
    location: ParamLocation,
    style: ParamStyle,
    explode: bool,
}

/// How an operation is named, and where it is.
struct OpNames<'n> {
    operation_id: &'n str,
    pointer: &'n str,
    tag_groups: &'n std::collections::HashMap<String, String>,
}

/// `post_connect_activate_integration` without `post` and `connect` ->
/// `activate_integration`, the way the official SDKs name methods in a group.
fn strip_words(name: &str, prefixes: &[&str]) -> String {
    let mut rest = name;
    for prefix in prefixes {
        if let Some(stripped) = rest.strip_prefix(prefix).and_then(|r| r.strip_prefix('_')) {
            if !stripped.is_empty() {
                rest = stripped;
            }
        }
    }
    rest.to_string()
}

/// Renames groups whose struct names would be the same (`a1b` and `a_1b`
/// both give `A1bApi`): the later one gets `_2` (`_3`...).
fn distinct_groups(ops: &mut [Operation]) {
    let mut renamed: std::collections::HashMap<String, String> = Default::default();
    let mut structs: std::collections::HashMap<String, String> = Default::default();
    for op in ops.iter_mut() {
        let Some(group) = &op.group else { continue };
        if let Some(name) = renamed.get(group) {
            op.group = Some(name.clone());
            continue;
        }
        let struct_of = |g: &str| type_name(crate::naming::unraw(g), "Api");
        let mut name = group.clone();
        let mut n = 1;
        while structs
            .get(&struct_of(&name))
            .is_some_and(|owner| owner != group)
        {
            n += 1;
            name = format!("{}_{n}", crate::naming::unraw(group));
        }
        structs.insert(struct_of(&name), group.clone());
        renamed.insert(group.clone(), name.clone());
        op.group = Some(name);
    }
}

/// Points each operation deprecated in prose at the operation its note links
/// to: the link's last path segment is that operation's docs page, named
/// after its summary (`/v1/get-integration-by-token-token` for "Get
/// integration by token").
fn link_replacements(ops: &mut [Operation]) {
    let slug = |s: &str| heck::ToKebabCase::to_kebab_case(s);
    let found: Vec<Option<String>> = ops
        .iter()
        .map(|op| {
            let note = op.deprecation_note.as_deref()?;
            let target = note.split("](").nth(1)?.split(')').next()?;
            let page = target.trim_end_matches('/').rsplit('/').next()?;
            ops.iter()
                .filter(|other| other.operation_id != op.operation_id)
                .find(|other| {
                    other
                        .summary
                        .as_deref()
                        .is_some_and(|s| !s.is_empty() && page.starts_with(&slug(s)))
                        || slug(&other.operation_id) == page
                })
                .map(|other| other.operation_id.clone())
        })
        .collect();
    for (op, replacement) in ops.iter_mut().zip(found) {
        op.replaced_by = replacement;
    }
}

/// The error body type and how it is read: the `default` response's if
/// it has one, else the type every 4xx/5xx response with a body shares,
/// else any JSON.
fn error_type(
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
    if let Some(default) = responses.iter().find(|r| r.status == "default") {
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
fn one_decoding(responses: &[&Response]) -> std::result::Result<Encoding, String> {
    let bodies: Vec<(&str, &ResponseBody)> = responses
        .iter()
        .filter_map(|r| Some((r.status.as_str(), r.body.as_ref()?)))
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
/// JSON: every response media type, successes first.
fn accept(responses: &[Response]) -> Option<String> {
    let bodies = || responses.iter().filter_map(|r| r.body.as_ref());
    if bodies().all(|b| b.encoding == Encoding::Json) {
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

/// The sentence of a description that says the endpoint is being
/// deprecated, without markup: `<Warning>We are deprecating this endpoint
/// in favour of [x](...)</Warning>` gives `We are deprecating ... [x](...).`
fn deprecation_sentence(description: &str) -> Option<String> {
    let lower = description.to_ascii_lowercase();
    let at = [
        "deprecating this",
        "is deprecated",
        "will be deprecated",
        "deprecated in favo",
    ]
    .iter()
    .filter_map(|needle| lower.find(needle))
    .min()?;
    let start = description[..at]
        .rfind(['.', '>', '\n'])
        .map(|i| i + 1)
        .unwrap_or(0);
    let end = description[at..]
        .find(". ")
        .map(|i| at + i + 1)
        .or_else(|| description[at..].find(['<', '\n']).map(|i| at + i))
        .unwrap_or(description.len());
    let sentence = description[start..end].trim();
    (!sentence.is_empty()).then(|| sentence.to_string())
}

fn json_value() -> Lowered {
    Lowered {
        ty: TypeRef::Json,
        nullable: false,
        docs: None,
        deprecated: false,
    }
}

/// The group and method names Kombo's (Speakeasy-generated) SDKs use, read
/// from the Python code sample: `k_client.connect.get_integration_by_token(`.
fn sdk_names(op: &SpecOperation) -> (Option<String>, Option<String>) {
    let Some(Value::Array(samples)) = op.extensions.get("x-codeSamples") else {
        return (None, None);
    };
    for sample in samples {
        if sample.get("lang").and_then(Value::as_str) != Some("python") {
            continue;
        }
        let Some(source) = sample.get("source").and_then(Value::as_str) else {
            continue;
        };
        for line in source.lines() {
            let call = line.trim().trim_start_matches("res = ");
            let Some(open) = call.find('(') else { continue };
            let parts: Vec<&str> = call[..open].split('.').collect();
            let is_ident = |s: &&str| {
                !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            };
            if parts.len() >= 3 && parts.iter().all(is_ident) && parts[0].ends_with("client") {
                let group = parts[1..parts.len() - 1].join("_");
                return (
                    Some(field_name(&group, "api")),
                    Some(field_name(parts[parts.len() - 1], "call")),
                );
            }
        }
    }
    (None, None)
}

/// Servers, named by what sets their descriptions apart (`Kombo EU API`,
/// `Kombo US API` -> `Eu`, `Us`).
pub(super) fn servers(spec: &OpenAPI, docs: &DocText) -> Vec<Server> {
    let words = |s: &openapiv3::Server| -> Vec<String> {
        s.description
            .as_deref()
            .unwrap_or("")
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let all: Vec<Vec<String>> = spec.servers.iter().map(words).collect();
    let mut namer = Namer::default();
    spec.servers
        .iter()
        .enumerate()
        .map(|(i, server)| {
            let distinct: Vec<&String> = all[i]
                .iter()
                .filter(|w| {
                    all.iter()
                        .enumerate()
                        .any(|(j, other)| j != i && !other.contains(w))
                })
                .collect();
            let raw = if spec.servers.len() == 1 {
                "Default".to_string()
            } else if distinct.is_empty() {
                format!("Server {}", i + 1)
            } else {
                distinct
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            Server {
                name: namer.unique(type_name(&raw, &format!("server {}", i + 1))),
                url: server_url(server),
                description: docs.render(server.description.as_deref()),
            }
        })
        .collect()
}

/// A server's base URL with its `{variables}` replaced by their defaults
/// (the spec must give one for each) and no trailing slash, so that request
/// paths can be appended. `ClientBuilder::base_url` takes any other value.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url.trim_end_matches('/').to_string()
}

pub(super) fn security_schemes(spec: &OpenAPI, docs: &DocText) -> Vec<SecurityScheme> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    components
        .security_schemes
        .iter()
        .filter_map(|(key, scheme)| {
            let ReferenceOr::Item(scheme) = scheme else {
                return None;
            };
            let (kind, description) = match scheme {
                SpecSecurity::HTTP {
                    scheme,
                    description,
                    ..
                } => (
                    match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => SecurityKind::Bearer,
                        "basic" => SecurityKind::Basic,
                        other => SecurityKind::Other(format!("http {other}")),
                    },
                    description,
                ),
                SpecSecurity::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => (
                    SecurityKind::ApiKey {
                        location: match location {
                            openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                            openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                            openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                        },
                        name: name.clone(),
                    },
                    description,
                ),
                SpecSecurity::OAuth2 { description, .. } => {
                    (SecurityKind::Other("oauth2".into()), description)
                }
                SpecSecurity::OpenIDConnect { description, .. } => {
                    (SecurityKind::Other("openIdConnect".into()), description)
                }
            };
            Some(SecurityScheme {
                key: key.clone(),
                kind,
                docs: docs.render(description.as_deref()),
            })
        })
        .collect()
}

/// Whether a schema is a file: a binary string (`format: binary`, or a 3.1
/// `contentMediaType` without `contentEncoding`).
fn is_binary(schema: &Schema) -> bool {
    let view = View::of(schema);
    let extensions = &schema.schema_data.extensions;
    view.typ == Some("string")
        && (view.format.as_deref() == Some("binary")
            || (extensions.contains_key("x-contentMediaType")
                && !extensions.contains_key("x-contentEncoding")))
}

/// A file field's type with its strings made bytes.
fn as_bytes(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Array(item) => TypeRef::Array(Box::new(as_bytes(item))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(as_bytes(inner))),
        _ => TypeRef::Bytes,
    }
}

//! Operations: each path item's methods lowered in spec order, named and
//! grouped, with their parameters, body and responses (which the sibling
//! modules lower).

use std::collections::BTreeSet;

use openapiv3::{Operation as SpecOperation, Parameter, ReferenceOr, StatusCode};

use super::Lowerer;
use super::client_params::client_params;
use super::groups::Groups;
use super::names::{self, NameInput, Planned};
use super::responses::{accept, error_type};
use super::vendor::{deprecation_sentence, link_replacements, sdk_names};
use crate::error::{Error, Place, Result, escape_pointer_token, pointer};
use crate::ir::{ClientParam, Encoding, Group, Operation, Status, TypeRef};
use crate::naming::{Namer, RustIdent, field_name, type_name};
use crate::runtime_api::{BUILDER_METHODS, GROUP_METHODS};

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(
        &mut self,
    ) -> Result<(Vec<Operation>, Vec<Group>, Vec<ClientParam>)> {
        let mut out = Vec::new();
        let mut ids = std::collections::HashMap::new();
        let mut scopes = Scopes::default();
        // Every operation first, so that names are planned for all at once.
        let mut found = Vec::new();
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
                let operation_id = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| field_name(&format!("{method} {path}"), "operation"));
                found.push((path.as_str(), item, method, op, operation_id));
            }
        }
        let inputs: Vec<NameInput<'_>> = found
            .iter()
            .map(|(path, _, method, op, operation_id)| {
                let (sdk_group, sdk_name) = sdk_names(op);
                NameInput {
                    path,
                    method,
                    operation_id,
                    tag: op.tags.first().map(String::as_str),
                    sdk_group,
                    sdk_name,
                }
            })
            .collect();
        let planned = names::plan(&inputs);
        for ((path, item, method, op, operation_id), planned) in found.iter().zip(planned) {
            let op_pointer = format!("{}/{method}", pointer(["paths", path]));
            // The operationId itself where the spec gives one.
            let id_pointer = match op.operation_id {
                Some(_) => format!("{op_pointer}/operationId"),
                None => op_pointer.clone(),
            };
            if let Some(first) = ids.insert(operation_id.clone(), id_pointer.clone()) {
                let mut error = self.invalid(
                    &id_pointer,
                    format!("duplicate operationId `{operation_id}`"),
                );
                if let Error::Invalid { also, .. } = &mut error {
                    *also = Some(Box::new(Place {
                        path: self.origins.file_for(&first).to_path_buf(),
                        pointer: first,
                        at: None,
                    }));
                }
                return Err(error);
            }
            let names = OpNames {
                operation_id,
                pointer: &op_pointer,
                planned,
            };
            let lowered =
                self.operation(path, method, op, &item.parameters, &names, &mut scopes)?;
            out.push(lowered);
        }
        link_replacements(&mut out);
        let groups = scopes.groups.finish(&out);
        let client_params = client_params(&mut out, BUILDER_METHODS);
        Ok((out, groups, client_params))
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a SpecOperation,
        shared_params: &'a [ReferenceOr<Parameter>],
        names: &OpNames<'_>,
        scopes: &mut Scopes,
    ) -> Result<Operation> {
        let (operation_id, op_pointer) = (names.operation_id, names.pointer);
        let base = type_name(operation_id, "Operation");
        let (group, method_name) = (&names.planned.group, &names.planned.method);
        // Method names are unique per group, and clear of the group's own.
        let method_names = &mut scopes.method_names;
        for own in GROUP_METHODS {
            let taken = format!("{group}::{own}");
            if !method_names.is_taken(&taken) {
                method_names.unique(taken);
            }
        }
        let scoped = method_names.unique(format!("{group}::{method_name}"));
        let group = scopes.groups.group(group);
        let name = scoped.rsplit("::").next().unwrap_or(&scoped).to_string();
        let name = RustIdent::new(name);
        let builder = scopes.builders.ident(type_name(
            &format!(
                "{} {} request",
                scopes.groups.accessor(group).bare(),
                name.bare()
            ),
            "Request",
        ));

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
            .map(|(s, r)| {
                let status = match s {
                    StatusCode::Code(code) => Status::Code(*code),
                    StatusCode::Range(digit) => Status::Range(*digit),
                };
                (status, r)
            })
            .chain(op.responses.default.iter().map(|r| (Status::Default, r)));
        for (status, response) in statuses {
            let is_success = status.is_success();
            let name = if is_success && success_count == 1 {
                format!("{base} Response")
            } else {
                format!("{base} Response {status}")
            };
            let at = format!(
                "{op_pointer}/responses/{}",
                escape_pointer_token(&status.to_string())
            );
            responses.push(self.response(status, response, &name, &at)?);
        }

        let security =
            super::security::requirements(op.security.as_ref(), self.spec, &self.security);

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
            let bodies: Vec<(Status, &TypeRef)> = responses
                .iter()
                .filter(|r| r.is_error())
                .filter_map(|r| Some((r.status, &r.body.as_ref()?.ty)))
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
            builder,
            pagination: None,
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
}

/// Names a parameter must keep clear of: the request body's argument, the
/// locals of the code that sends a call, and the request builder's own
/// fields and methods.
const METHOD_LOCALS: [&str; 8] = [
    "body",
    "path",
    "request",
    "value",
    // The request builder's fields and methods besides the setters.
    "client",
    "options",
    "send",
    "into_future",
];

/// The name scopes of the operations: their groups, and their method names
/// within each group (`group::method`).
#[derive(Default)]
struct Scopes {
    groups: Groups,
    method_names: Namer,
    /// The request builders' struct names, unique in `apis.rs`.
    builders: Namer,
}

/// How an operation is named, and where it is.
struct OpNames<'n> {
    operation_id: &'n str,
    pointer: &'n str,
    /// Its group and method name.
    planned: Planned,
}

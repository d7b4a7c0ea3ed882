//! Webhooks (OpenAPI 3.1 `webhooks`, kept by normalization as
//! `x-webhooks`): requests the API sends to its users. Their payloads become
//! types like any other body, and their examples tests.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};

use super::Lowerer;
use crate::error::{Result, pointer};
use crate::ir::Webhook;
use crate::markers;
use crate::naming::{Namer, field_name, type_name};

/// The spec's webhooks, parsed: `openapiv3` keeps them as a raw extension.
pub(super) type Webhooks = IndexMap<String, ReferenceOr<PathItem>>;

/// Parses the `x-webhooks` extension; `None` when there is none.
pub(super) fn parse(spec: &OpenAPI, origins: &crate::origins::Origins) -> Result<Option<Webhooks>> {
    let Some(value) = spec.extensions.get(markers::X_WEBHOOKS) else {
        return Ok(None);
    };
    serde_json::from_value(value.clone())
        .map(Some)
        .map_err(|e| crate::Error::Invalid {
            path: origins
                .file_for(&pointer([markers::X_WEBHOOKS]))
                .to_path_buf(),
            pointer: "#/webhooks".into(),
            message: format!("webhooks are not path items: {e}"),
            at: None,
            also: None,
        })
}

impl<'a> Lowerer<'a> {
    /// Lowers every webhook's payload (its request body) to a type.
    pub(super) fn lower_webhooks(&mut self, webhooks: &'a Webhooks) -> Result<Vec<Webhook>> {
        let mut out = Vec::new();
        let mut names = Namer::default();
        for (key, item) in webhooks {
            let item_pointer = pointer([markers::X_WEBHOOKS, key.as_str()]);
            let ReferenceOr::Item(item) = item else {
                return Err(self.unsupported(&item_pointer, "webhook `$ref` to a path item"));
            };
            for (method, op) in item.iter() {
                let at = format!("{item_pointer}/{method}");
                let id = op.operation_id.clone().unwrap_or_else(|| {
                    if item.iter().count() == 1 {
                        key.clone()
                    } else {
                        format!("{key} {method}")
                    }
                });
                let base = type_name(&id, "Webhook");
                let payload = match &op.request_body {
                    Some(body) => self.request_body(body, &base, &format!("{at}/requestBody"))?,
                    None => None,
                };
                let docs = self
                    .docs
                    .join(&[op.summary.as_deref(), op.description.as_deref()]);
                out.push(Webhook {
                    key: key.clone(),
                    name: names.ident(field_name(key, "webhook")),
                    method: method.to_ascii_uppercase(),
                    origin: at,
                    docs,
                    payload,
                });
            }
        }
        Ok(out)
    }
}

//! Servers, with their URL variables' defaults.

use openapiv3::OpenAPI;

use crate::docs::DocText;
use crate::ir::Server;
use crate::naming::{Namer, type_name};

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
                name: namer.ident(type_name(&raw, &format!("server {}", i + 1))),
                url: server_url(server),
                description: docs.render(server.description.as_deref()),
            }
        })
        .collect()
}

/// A server's base URL with its `{variables}` replaced by their defaults
/// (the spec must give one for each) and no trailing slash, so that request
/// paths can be appended. `ClientBuilder::base_url` takes any other value.
pub(super) fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url.trim_end_matches('/').to_string()
}

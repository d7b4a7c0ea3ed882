//! Security schemes, and which of them each operation accepts.
//!
//! Decided here once, so that the emitter and the runtime only follow it:
//! how each scheme sends its credentials, the builder setter that takes
//! them, and per operation the alternatives in spec order.

use openapiv3::{APIKeyLocation, SecurityScheme as SpecSecurity};
use openapiv3::{OpenAPI, ReferenceOr, SecurityRequirement as SpecRequirement};

use crate::docs::DocText;
use crate::ir::{ParamLocation, SecurityKind, SecurityRequirement, SecurityScheme};
use crate::naming::{Namer, field_name};
use crate::runtime_api::BUILDER_METHODS;

/// The spec's `components.securitySchemes`, in spec order, each with its
/// builder setter (`ApiKey` -> `api_key`).
pub(super) fn security_schemes(spec: &OpenAPI, docs: &DocText) -> Vec<SecurityScheme> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    let mut setters = Namer::with_reserved(BUILDER_METHODS.iter().copied());
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
                        _ => SecurityKind::Authorization {
                            scheme: scheme.clone(),
                        },
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
                            APIKeyLocation::Query => ParamLocation::Query,
                            APIKeyLocation::Header => ParamLocation::Header,
                            APIKeyLocation::Cookie => ParamLocation::Cookie,
                        },
                        name: name.clone(),
                    },
                    description,
                ),
                SpecSecurity::OAuth2 { description, .. } => (
                    SecurityKind::AccessToken {
                        flow: "oauth2".into(),
                    },
                    description,
                ),
                SpecSecurity::OpenIDConnect { description, .. } => (
                    SecurityKind::AccessToken {
                        flow: "openIdConnect".into(),
                    },
                    description,
                ),
            };
            Some(SecurityScheme {
                key: key.clone(),
                setter: setters.ident(field_name(key, "auth")),
                kind,
                docs: docs.render(description.as_deref()),
            })
        })
        .collect()
}

/// An operation's alternatives: its own `security` when it has one (an
/// empty list included), else the top level's. An alternative that names a
/// scheme the spec does not declare cannot be met by the client and is
/// left out.
pub(super) fn requirements(
    operation: Option<&Vec<SpecRequirement>>,
    spec: &OpenAPI,
    schemes: &[SecurityScheme],
) -> Vec<SecurityRequirement> {
    let Some(alternatives) = operation.or(spec.security.as_ref()) else {
        return Vec::new();
    };
    let mut out: Vec<SecurityRequirement> = Vec::new();
    for alternative in alternatives {
        let declared = alternative
            .keys()
            .all(|key| schemes.iter().any(|s| &s.key == key));
        if !declared {
            continue;
        }
        let requirement = SecurityRequirement {
            schemes: alternative.keys().cloned().collect(),
        };
        if !out.contains(&requirement) {
            out.push(requirement);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).expect("spec parses")
    }

    const SCHEMES: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
security: [{ApiKey: []}]
components:
  securitySchemes:
    ApiKey: {type: http, scheme: bearer}
    basicAuth: {type: http, scheme: basic}
    Digest: {type: http, scheme: Digest}
    X-Figma-Token: {type: apiKey, in: header, name: X-Figma-Token}
    build: {type: apiKey, in: query, name: key}
    session: {type: apiKey, in: cookie, name: SESSION}
    oauth: {type: oauth2, flows: {}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://example.com'}
"#;

    #[test]
    fn every_scheme_kind_and_its_setter() {
        let spec = spec(SCHEMES);
        let schemes = security_schemes(&spec, &DocText::new(None));
        let got: Vec<(&str, &SecurityKind)> = schemes
            .iter()
            .map(|s| (s.setter.as_str(), &s.kind))
            .collect();
        let header = |name: &str| SecurityKind::ApiKey {
            location: ParamLocation::Header,
            name: name.into(),
        };
        assert_eq!(got[0], ("api_key", &SecurityKind::Bearer));
        assert_eq!(got[1], ("basic_auth", &SecurityKind::Basic));
        assert_eq!(
            got[2],
            (
                "digest",
                &SecurityKind::Authorization {
                    scheme: "Digest".into()
                }
            )
        );
        assert_eq!(got[3], ("x_figma_token", &header("X-Figma-Token")));
        // `build` is the builder's own method.
        assert_eq!(got[4].0, "build2");
        assert_eq!(
            got[5].1,
            &SecurityKind::ApiKey {
                location: ParamLocation::Cookie,
                name: "SESSION".into()
            }
        );
        assert!(matches!(got[6].1, SecurityKind::AccessToken { .. }));
        assert!(matches!(got[7].1, SecurityKind::AccessToken { .. }));
    }

    #[test]
    fn operation_security_overrides_the_top_level_and_keeps_alternatives() {
        let spec = spec(SCHEMES);
        let schemes = security_schemes(&spec, &DocText::new(None));
        let keys = |reqs: Vec<SecurityRequirement>| -> Vec<Vec<String>> {
            reqs.into_iter().map(|r| r.schemes).collect()
        };
        assert_eq!(keys(requirements(None, &spec, &schemes)), [["ApiKey"]]);
        assert!(requirements(Some(&Vec::new()), &spec, &schemes).is_empty());
        let own: Vec<SpecRequirement> = serde_yaml::from_str(
            "[{basicAuth: [], X-Figma-Token: []}, {}, {undeclared: []}, {oauth: [read]}]",
        )
        .unwrap();
        assert_eq!(
            keys(requirements(Some(&own), &spec, &schemes)),
            [
                vec!["basicAuth".to_string(), "X-Figma-Token".to_string()],
                vec![],
                vec!["oauth".to_string()],
            ]
        );
    }
}

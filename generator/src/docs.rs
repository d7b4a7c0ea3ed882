//! Spec descriptions to rustdoc text.
//!
//! Descriptions are markdown and stay markdown. Three things are changed so
//! that they read right in rustdoc: relative links point at the API's docs
//! site, code blocks with no language are marked `text` (rustdoc would compile
//! them as Rust doctests), and indented code blocks are un-indented for the
//! same reason.

use std::collections::BTreeMap;

use serde_json::Value;

/// Makes spec markdown safe and useful as rustdoc.
#[derive(Debug, Clone, Default)]
pub struct DocText {
    base_url: Option<String>,
}

impl DocText {
    /// Relative links are resolved against `base_url` (no trailing slash).
    pub fn new(base_url: Option<String>) -> Self {
        DocText {
            base_url: base_url.map(|u| u.trim_end_matches('/').to_string()),
        }
    }

    /// The docs site relative links are resolved against, if any.
    pub fn base_url(&self) -> Option<&str> {
        self.base_url.as_deref()
    }

    /// Rewrites one description; `None` for empty text.
    pub fn render(&self, text: Option<&str>) -> Option<String> {
        let text = text?.trim();
        if text.is_empty() {
            return None;
        }
        let text = match &self.base_url {
            Some(base) => absolutize_links(text, base),
            None => text.to_string(),
        };
        Some(neutralize_code_blocks(&text))
    }

    /// Joins several optional paragraphs (summary, description) into one doc.
    pub fn join(&self, parts: &[Option<&str>]) -> Option<String> {
        let rendered: Vec<String> = parts.iter().filter_map(|p| self.render(*p)).collect();
        let mut unique: Vec<String> = Vec::new();
        for part in rendered {
            if !unique.contains(&part) {
                unique.push(part);
            }
        }
        (!unique.is_empty()).then(|| unique.join("\n\n"))
    }
}

/// `[text](/path)` -> `[text](https://docs.example.com/path)`.
fn absolutize_links(text: &str, base: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](/") {
        out.push_str(&rest[..i + 2]);
        out.push_str(base);
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

fn neutralize_code_blocks(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        match (in_fence, fence) {
            (None, Some(f)) => {
                in_fence = Some(f);
                let info = trimmed[f.len()..].trim();
                if info.is_empty() || info == "rust" {
                    out.push(format!("{f}text"));
                } else {
                    out.push(trimmed.to_string());
                }
            }
            (Some(open), Some(f)) if f == open && trimmed[f.len()..].trim().is_empty() => {
                in_fence = None;
                out.push(trimmed.to_string());
            }
            (Some(_), _) => out.push(line.to_string()),
            (None, None) if indent >= 4 => out.push(format!("   {trimmed}")),
            (None, None) => out.push(line.to_string()),
        }
    }
    if let Some(f) = in_fence {
        out.push(f.to_string());
    }
    out.join("\n")
}

/// Picks the docs site to resolve relative links against: the host that the
/// spec's descriptions link to most among those named `docs.*`, or the
/// origin of `externalDocs.url`.
pub fn detect_docs_site(spec: &Value) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    count_doc_links(spec, &mut counts);
    let best = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(origin, _)| origin);
    best.or_else(|| {
        spec.pointer("/externalDocs/url")
            .and_then(Value::as_str)
            .and_then(origin_of)
    })
}

fn count_doc_links(value: &Value, counts: &mut BTreeMap<String, usize>) {
    match value {
        Value::String(s) => {
            for (i, _) in s.match_indices("https://docs.") {
                if let Some(origin) = origin_of(&s[i..]) {
                    *counts.entry(origin).or_default() += 1;
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| count_doc_links(v, counts)),
        Value::Object(map) => map.values().for_each(|v| count_doc_links(v, counts)),
        _ => {}
    }
}

/// `https://docs.kombo.dev/guides/errors` -> `https://docs.kombo.dev`.
fn origin_of(url: &str) -> Option<String> {
    let scheme_end = url.find("://")? + 3;
    let host_len = url[scheme_end..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':'))
        .unwrap_or(url.len() - scheme_end);
    let host = url[scheme_end..scheme_end + host_len].trim_end_matches('.');
    (!host.is_empty()).then(|| format!("{}{}", &url[..scheme_end], host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_become_absolute() {
        let d = DocText::new(Some("https://docs.kombo.dev/".into()));
        assert_eq!(
            d.render(Some(
                "See [our guide](/connect/embedded-flow) and [x](https://a.b/c)."
            ))
            .unwrap(),
            "See [our guide](https://docs.kombo.dev/connect/embedded-flow) and [x](https://a.b/c)."
        );
    }

    #[test]
    fn code_blocks_are_not_doctests() {
        let d = DocText::new(None);
        let out = d
            .render(Some(
                "a\n\n```\nlet x = 1;\n```\n\n```json\n{}\n```\n\n    indented\n",
            ))
            .unwrap();
        assert_eq!(
            out,
            "a\n\n```text\nlet x = 1;\n```\n\n```json\n{}\n```\n\n   indented"
        );
        let unclosed = d.render(Some("```\nabc")).unwrap();
        assert_eq!(unclosed, "```text\nabc\n```");
    }

    #[test]
    fn docs_site_is_the_most_linked_docs_host() {
        let spec = serde_json::json!({
            "info": {"description": "see https://docs.kombo.dev/guides/errors"},
            "x": ["[a](https://docs.kombo.dev/a)", "https://docs.other.io/x"],
        });
        assert_eq!(
            detect_docs_site(&spec).as_deref(),
            Some("https://docs.kombo.dev")
        );
        let none = serde_json::json!({"externalDocs": {"url": "https://example.com/docs/x"}});
        assert_eq!(
            detect_docs_site(&none).as_deref(),
            Some("https://example.com")
        );
    }

    #[test]
    fn empty_text_is_no_doc() {
        let d = DocText::new(None);
        assert_eq!(d.render(Some("  \n")), None);
        assert_eq!(
            d.join(&[Some("A"), Some("A"), None, Some("B")]).as_deref(),
            Some("A\n\nB")
        );
    }
}

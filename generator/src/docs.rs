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

    /// Rewrites one description; `None` for empty text.
    pub fn render(&self, text: Option<&str>) -> Option<String> {
        // A lone CR ends a line for markdown (and is an error in a `///`
        // comment); a tab indents by up to four columns.
        let text = text?
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\t', "    ");
        let text = text.trim();
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
    // The open fence: its character and length.
    let mut in_fence: Option<(char, usize)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let fence = fence_of(trimmed);
        match (in_fence, fence) {
            (None, Some((c, n))) => {
                in_fence = Some((c, n));
                let info = trimmed[n..].trim();
                let fence = trimmed[..n].to_string();
                if is_other_language(info) {
                    out.push(format!("{fence}{info}"));
                } else {
                    out.push(format!("{fence}text"));
                }
            }
            (Some((open, len)), Some((c, n)))
                if c == open && n >= len && trimmed[n..].trim().is_empty() =>
            {
                in_fence = None;
                out.push(trimmed.to_string());
            }
            (Some(_), _) => out.push(line.to_string()),
            (None, None) if indent >= 4 => out.push(format!("   {trimmed}")),
            (None, None) => out.push(line.to_string()),
        }
    }
    if let Some((c, n)) = in_fence {
        out.push(c.to_string().repeat(n));
    }
    out.join("\n")
}

/// The fence a line starts with (three or more backticks or tildes), as
/// its character and length.
fn fence_of(trimmed: &str) -> Option<(char, usize)> {
    let c = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = trimmed.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// Whether a code block's info string names one language other than Rust.
/// rustdoc compiles and runs a block as a doctest when its info string is
/// empty, says `rust`, or holds any of its own attributes (`no_run`,
/// `should_panic`, `edition2021`, ...) even beside another word, so only a
/// single plain word that is none of those is kept.
fn is_other_language(info: &str) -> bool {
    const RUSTDOC_WORDS: &[&str] = &[
        "rust",
        "ignore",
        "should_panic",
        "no_run",
        "compile_fail",
        "test_harness",
        "standalone_crate",
        "allow_fail",
    ];
    let word = info.to_ascii_lowercase();
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '#'))
        && !RUSTDOC_WORDS.contains(&word.as_str())
        && !word.starts_with("edition")
        && !word.starts_with("ignore-")
        && !(word.len() == 5
            && word.starts_with('e')
            && word[1..].chars().all(|c| c.is_ascii_digit()))
}

/// Spec text (a name, a path, an enum value) as inline markdown code on one
/// line: control and text-direction characters are written as escapes, so
/// that the text can neither start a new line of the doc comment (and with
/// it a code block that rustdoc would run) nor be refused by rustc, and the
/// backtick fence is longer than any run of backticks inside.
pub fn code_span(text: &str) -> String {
    let text = escape_invisible(text);
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest_run == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest_run + 1);
    format!("{fence} {text} {fence}")
}

/// Writes control characters and Unicode text-direction controls (which
/// rustc refuses in comments) as `\u{..}` escapes.
pub fn escape_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    // Printable ASCII, the usual case, is checked a byte at a time.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) || !text.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
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
    fn nothing_in_a_description_becomes_a_doctest() {
        let d = DocText::new(None);
        let cases = [
            ("````rust\nx\n````", "````text\nx\n````"),
            ("```no_run\nx\n```", "```text\nx\n```"),
            ("```text,should_panic\nx\n```", "```text\nx\n```"),
            ("```json ignore\nx\n```", "```text\nx\n```"),
            ("```edition2021\nx\n```", "```text\nx\n```"),
            ("```E0123\nx\n```", "```text\nx\n```"),
            ("```json\n```\nx\n````", "```json\n```\nx\n````text\n````"),
            ("a\n\n\tx", "a\n\n   x"),
            ("a\r\r```\rx\r```", "a\n\n```text\nx\n```"),
            ("~~~~\nx\n~~~", "~~~~text\nx\n~~~\n~~~~"),
        ];
        for (input, expected) in cases {
            assert_eq!(d.render(Some(input)).unwrap(), expected, "{input:?}");
        }
    }

    #[test]
    fn code_spans_stay_on_one_line() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a`b``c"), "``` a`b``c ```");
        assert_eq!(
            code_span("a\n```\nb\r\u{202e}\0"),
            "```` a\\u{a}```\\u{a}b\\u{d}\\u{202e}\\u{0} ````"
        );
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

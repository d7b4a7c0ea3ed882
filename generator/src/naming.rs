//! The one place where spec names become Rust names.
//!
//! Rule: case with heck, keep ASCII letters and digits only, put a letter in
//! front of a leading digit, and escape Rust keywords (raw identifiers where
//! Rust allows them, a trailing `_` where it does not). The wire name is kept
//! by the caller for `serde(rename)`. [`Namer`] makes names unique in a scope.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Every Rust keyword, strict, reserved and weak ones included (2024 edition).
const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "crate",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "Self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try",
    "union",
    "macro_rules",
    "raw",
    "safe",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Whether `s` is a Rust keyword (in any edition up to 2024).
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Keeps ASCII alphanumerics and separators so that heck sees word breaks
/// and the result is a plain ASCII identifier.
fn ascii_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    // A leading sign is meaningful in enum values such as "-1" and "+1".
    match chars.peek() {
        Some('-') => {
            out.push_str("minus ");
            chars.next();
        }
        Some('+') => {
            out.push_str("plus ");
            chars.next();
        }
        _ => {}
    }
    for c in chars {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out
}

/// A type or variant name: `UpperCamelCase`, never empty, never a keyword.
///
/// `fallback` is used when nothing of `s` survives (e.g. `"+"` or `"日本"`).
pub fn type_name(s: &str, fallback: &str) -> String {
    let mut name = ascii_words(s).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_upper_camel_case();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// A field, argument or method name: `snake_case`, escaped if a keyword.
pub fn field_name(s: &str, fallback: &str) -> String {
    let mut name = ascii_words(s).to_snake_case();
    if name.is_empty() {
        name = fallback.to_snake_case();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "n_");
    }
    escape_keyword(name)
}

/// Turns a keyword into something usable as an identifier: `type` ->
/// `r#type`, `self` -> `self_`.
pub fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if is_keyword(&name) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name without a raw-identifier prefix, for building derived names.
pub(crate) fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A Rust identifier as generated code spells it: `r#type` for a keyword
/// used as a raw identifier, the name itself otherwise. [`bare`](Self::bare)
/// is the name without the `r#`, for names derived from it and for docs.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustIdent(String);

impl RustIdent {
    /// An identifier as spelled in code (`r#type`, `pet`), as the naming
    /// functions of this module make them.
    pub fn new(spelled: impl Into<String>) -> Self {
        RustIdent(spelled.into())
    }

    /// As spelled in code: `r#type`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Without the raw prefix: `type`.
    pub fn bare(&self) -> &str {
        unraw(&self.0)
    }

    /// The token for generated code.
    pub fn to_ident(&self) -> proc_macro2::Ident {
        match self.0.strip_prefix("r#") {
            Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
            None => proc_macro2::Ident::new(&self.0, proc_macro2::Span::call_site()),
        }
    }
}

impl std::fmt::Display for RustIdent {
    /// As spelled in code.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for RustIdent {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl quote::ToTokens for RustIdent {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        tokens.extend([proc_macro2::TokenTree::Ident(self.to_ident())]);
    }
}

/// Hands out names that are unique within one scope (a module, a struct's
/// fields, an enum's variants), by appending a number to repeats.
#[derive(Debug, Default, Clone)]
pub struct Namer {
    used: BTreeSet<String>,
}

impl Namer {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Namer {
            used: reserved.into_iter().map(str::to_string).collect(),
        }
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.used.contains(unraw(name))
    }

    /// [`unique`](Self::unique), as an identifier.
    pub fn ident(&mut self, name: String) -> RustIdent {
        RustIdent::new(self.unique(name))
    }

    /// Takes `name`, or `name2`, `name3`... if it is taken.
    pub fn unique(&mut self, name: String) -> String {
        if !self.is_taken(&name) {
            self.used.insert(unraw(&name).to_string());
            return name;
        }
        // `Self_` (an escaped keyword) numbers as `Self2`, not `Self_2`.
        let base = match unraw(&name).trim_end_matches('_') {
            "" => unraw(&name).to_string(),
            trimmed => trimmed.to_string(),
        };
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut n = 2;
        loop {
            let candidate = format!("{base}{sep}{n}");
            if !self.used.contains(&candidate) {
                self.used.insert(candidate.clone());
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_become_variants() {
        assert_eq!(
            type_name("PLATFORM.RATE_LIMIT_EXCEEDED", "v"),
            "PlatformRateLimitExceeded"
        );
        assert_eq!(type_name("FINAL_SYNC_PENDING", "v"), "FinalSyncPending");
        assert_eq!(type_name("in-progress", "v"), "InProgress");
        assert_eq!(type_name("1st", "v"), "V1st");
        assert_eq!(type_name("-1", "v"), "Minus1");
        assert_eq!(type_name("+", "value 3"), "Plus");
        assert_eq!(type_name("", "empty"), "Empty");
        assert_eq!(type_name("日本", "value 2"), "Value2");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(field_name("type", "f"), "r#type");
        assert_eq!(field_name("gen", "f"), "r#gen");
        assert_eq!(field_name("self", "f"), "self_");
        assert_eq!(field_name("Self", "f"), "self_");
        assert_eq!(field_name("crate", "f"), "crate_");
        assert_eq!(type_name("self", "t"), "Self_");
        assert_eq!(field_name("2fa", "f"), "n_2fa");
        assert_eq!(field_name("end_user_email", "f"), "end_user_email");
        assert_eq!(field_name("logURL", "f"), "log_url");
        assert_eq!(field_name("@type", "f"), "r#type");
    }

    #[test]
    fn namer_makes_unique() {
        let mut n = Namer::with_reserved(["Client"]);
        assert_eq!(n.unique("Client".into()), "Client2");
        assert_eq!(n.unique("Pet".into()), "Pet");
        assert_eq!(n.unique("Pet".into()), "Pet2");
        assert_eq!(n.unique("V1".into()), "V1");
        assert_eq!(n.unique("V1".into()), "V1_2");
        let mut f = Namer::default();
        assert_eq!(f.unique("r#type".into()), "r#type");
        assert_eq!(f.unique("r#type".into()), "type2");
        let mut t = Namer::default();
        assert_eq!(t.unique("Self_".into()), "Self_");
        assert_eq!(t.unique("Self_".into()), "Self2");
    }
}

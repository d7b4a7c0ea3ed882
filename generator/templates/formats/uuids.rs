//! `uuid` strings as `uuid::Uuid` values, their text kept (see
//! `lossless.rs`).

lossless! {
    /// A `uuid` (`67e55044-10b1-426f-9247-bb680e5fe0c8`): the text as it
    /// came, and the `uuid::Uuid` read from it.
    ///
    /// Build one from a `uuid::Uuid` (written hyphenated, lower case), or
    /// from text with `new` or `From<&str>` (sent as it is). Off-format text
    /// from a server is kept: `get()` is then `None`.
    Uuid(::uuid::Uuid), read_uuid
}

fn read_uuid(text: &str) -> Option<::uuid::Uuid> {
    ::uuid::Uuid::try_parse(text).ok()
}

/// Written hyphenated, in lower case.
impl From<::uuid::Uuid> for Uuid {
    fn from(value: ::uuid::Uuid) -> Self {
        Uuid {
            text: value.hyphenated().to_string(),
            value: Some(value),
        }
    }
}

//! `date-time` and `date` strings as `chrono` values, their text kept (see
//! `lossless.rs`).

use chrono::{FixedOffset, NaiveDate, SecondsFormat, TimeZone};

lossless! {
    /// A `date-time` (RFC 3339, `2024-06-01T12:30:00Z`): the text as it
    /// came, and the `chrono` date-time read from it, with its offset.
    ///
    /// Build one from a `chrono::DateTime` of any time zone (written in
    /// RFC 3339, `Z` for UTC), or from text with `new` or `From<&str>`
    /// (sent as it is). Off-format text from a server is kept: `get()` is
    /// then `None`. The time now is
    /// `chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())`
    /// (or `chrono::Utc::now()` with `chrono`'s `clock` feature, which this
    /// crate leaves off).
    DateTime(chrono::DateTime<FixedOffset>), read_date_time
}

lossless! {
    /// A `date` (RFC 3339 `full-date`, `2024-06-01`): the text as it came,
    /// and the `chrono::NaiveDate` read from it.
    ///
    /// Build one from a `chrono::NaiveDate`, or from text with `new` or
    /// `From<&str>` (sent as it is). Off-format text from a server is kept:
    /// `get()` is then `None`.
    Date(NaiveDate), read_date
}

fn read_date_time(text: &str) -> Option<chrono::DateTime<FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(text).ok()
}

fn read_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Written in RFC 3339: `Z` for UTC, fractional seconds only when there are
/// some.
impl<Tz: TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(value: chrono::DateTime<Tz>) -> Self {
        DateTime {
            text: value.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            value: Some(value.fixed_offset()),
        }
    }
}

/// Written as `YYYY-MM-DD`.
impl From<NaiveDate> for Date {
    fn from(value: NaiveDate) -> Self {
        Date {
            text: value.format("%Y-%m-%d").to_string(),
            value: Some(value),
        }
    }
}

//! The typed string formats' runtime types (`DateTime`, `Date`, `Uuid`):
//! hand-written files under `src/formats/`, written out verbatim, only for a
//! crate whose types use them, with the crates they need.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, StringFormat};

/// The macro every format type is made with.
const LOSSLESS: &str = include_str!("../../templates/formats/lossless.rs");
/// `DateTime` and `Date`, on `chrono`.
const DATES: &str = include_str!("../../templates/formats/dates.rs");
/// `Uuid`, on `uuid`.
const UUIDS: &str = include_str!("../../templates/formats/uuids.rs");

/// The dependency lines for `chrono` and `uuid`. Only `std`: the types
/// need parsing and formatting, not `chrono`'s clock and time zone
/// database, nor a UUID generator. Neither crate's `serde` feature: the
/// types (de)serialize their text themselves.
pub(super) const CHRONO_DEPENDENCY: &str =
    "chrono = { version = \"0.4.40\", default-features = false, features = [\"std\"] }\n";
pub(super) const UUID_DEPENDENCY: &str =
    "uuid = { version = \"1.10\", default-features = false, features = [\"std\"] }\n";

/// Whether the crate has `DateTime` or `Date` (and `chrono`).
pub(super) fn uses_dates(api: &Api) -> bool {
    api.formats.contains(&StringFormat::DateTime) || api.formats.contains(&StringFormat::Date)
}

/// Whether the crate has `Uuid` (and `uuid`).
pub(super) fn uses_uuids(api: &Api) -> bool {
    api.formats.contains(&StringFormat::Uuid)
}

/// The runtime files the crate's formats need: paths and texts.
pub(super) fn files(api: &Api) -> Vec<(&'static str, &'static str)> {
    let mut files = Vec::new();
    if api.formats.is_empty() {
        return files;
    }
    files.push(("src/formats/lossless.rs", LOSSLESS));
    if uses_dates(api) {
        files.push(("src/formats/dates.rs", DATES));
    }
    if uses_uuids(api) {
        files.push(("src/formats/uuids.rs", UUIDS));
    }
    files
}

/// The `formats` module in `lib.rs` and the re-exports of its types at the
/// crate root, where generated code names them (`crate::DateTime`).
pub(super) fn lib_items(api: &Api) -> TokenStream {
    if api.formats.is_empty() {
        return quote!();
    }
    let mut names = Vec::new();
    let dates = uses_dates(api).then(|| {
        names.extend([quote!(Date), quote!(DateTime)]);
        quote!(
            mod dates;
            pub use dates::{Date, DateTime};
        )
    });
    let uuids = uses_uuids(api).then(|| {
        names.push(quote!(Uuid));
        quote!(
            mod uuids;
            pub use uuids::Uuid;
        )
    });
    quote! {
        mod formats {
            #[macro_use]
            mod lossless;
            #dates
            #uuids
        }
        pub use formats::{#(#names),*};
    }
}

// The templates themselves, compiled and tested here as a generated crate
// compiles them.
#[cfg(test)]
#[macro_use]
#[path = "../../templates/formats/lossless.rs"]
mod lossless;
#[cfg(test)]
#[allow(dead_code)]
#[path = "../../templates/formats/dates.rs"]
mod dates;
#[cfg(test)]
#[allow(dead_code)]
#[path = "../../templates/formats/uuids.rs"]
mod uuids;

#[cfg(test)]
mod tests {
    use super::dates::{Date, DateTime};
    use super::uuids::Uuid;

    #[test]
    fn a_date_time_keeps_its_text_and_reads_its_value() {
        let t: DateTime = serde_json::from_str(r#""2024-06-01T12:30:00.5+02:00""#).unwrap();
        let value = t.get().expect("RFC 3339");
        assert_eq!(value.to_rfc3339(), "2024-06-01T12:30:00.500+02:00");
        assert_eq!(value.offset().local_minus_utc(), 7200);
        assert_eq!(t.as_str(), "2024-06-01T12:30:00.5+02:00");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#""2024-06-01T12:30:00.5+02:00""#
        );
    }

    #[test]
    fn an_off_format_date_time_decodes_and_is_kept() {
        for text in ["2024-06-01 12:30", "yesterday", "2024-13-45T00:00:00Z", ""] {
            let json = serde_json::to_string(text).unwrap();
            let t: DateTime = serde_json::from_str(&json).expect("any string decodes");
            assert_eq!(t.get(), None, "{text}");
            assert_eq!(t.as_str(), text);
            assert_eq!(t.to_string(), text);
            assert_eq!(serde_json::to_string(&t).unwrap(), json);
        }
        // Not a string at all is still an error, as for a `String`.
        assert!(serde_json::from_str::<DateTime>("12").is_err());
    }

    #[test]
    fn a_chrono_date_time_is_written_in_rfc_3339() {
        use chrono::{FixedOffset, TimeZone, Utc};
        let utc = Utc.with_ymd_and_hms(2024, 6, 1, 12, 30, 0).unwrap();
        assert_eq!(DateTime::from(utc).as_str(), "2024-06-01T12:30:00Z");
        let east = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
        let local = east.with_ymd_and_hms(2024, 6, 1, 12, 30, 0).unwrap();
        let t = DateTime::from(local);
        assert_eq!(t.as_str(), "2024-06-01T12:30:00+05:30");
        assert_eq!(t.get(), Some(local));
        let millis = utc + chrono::Duration::milliseconds(250);
        assert_eq!(
            DateTime::from(millis).to_string(),
            "2024-06-01T12:30:00.250Z"
        );
    }

    #[test]
    fn equality_and_hashing_go_by_text() {
        use std::collections::HashSet;
        let a = DateTime::from("2024-06-01T12:30:00Z");
        let b = DateTime::new(String::from("2024-06-01T12:30:00Z"));
        let c = DateTime::from("2024-06-01T14:30:00+02:00");
        assert_eq!(a, b);
        assert_ne!(a, c, "the same instant, written differently");
        assert_eq!(a.get(), c.get());
        assert_eq!(HashSet::from([a.clone(), b, c]).len(), 2);
        assert_eq!(format!("{a:?}"), r#"DateTime("2024-06-01T12:30:00Z")"#);
        assert_eq!(a.into_string(), "2024-06-01T12:30:00Z");
    }

    #[test]
    fn dates_and_uuids_keep_their_text_too() {
        let d: Date = serde_json::from_str(r#""2024-02-29""#).unwrap();
        assert_eq!(d.get(), chrono::NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(Date::from("2023-02-29").get(), None);
        assert_eq!(Date::from("2023-02-29").as_str(), "2023-02-29");
        let date = chrono::NaiveDate::from_ymd_opt(987, 1, 2).unwrap();
        assert_eq!(Date::from(date).as_str(), "0987-01-02");

        let text = "67E55044-10B1-426F-9247-BB680E5FE0C8";
        let u: Uuid = serde_json::from_str(&format!("{text:?}")).unwrap();
        assert_eq!(u.as_str(), text, "sent back as it came");
        let value = u.get().expect("a UUID");
        assert_eq!(
            Uuid::from(value).as_str(),
            "67e55044-10b1-426f-9247-bb680e5fe0c8"
        );
        assert_eq!(Uuid::from("not-a-uuid").get(), None);
    }
}

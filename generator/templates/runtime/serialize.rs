//! What generated structs call when they serialize: an object written field
//! by field, leaving out the optional fields that are absent.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// An object being written from a struct's fields; a generated `Serialize`
/// is one call per field. Smaller for rustc than serde's derive, and the
/// same JSON: the fields in declaration order under their wire names,
/// an absent optional field left out, then the properties the spec does
/// not name.
///
/// The first error is kept and returned by [`WriteObject::end`] (nothing
/// more is written after it), so that the generated calls need no `?`: one
/// way out of the function instead of one per field.
pub(crate) struct WriteObject<S: Serializer> {
    map: Result<S::SerializeMap, S::Error>,
}

/// Starts writing an object.
pub(crate) fn write_object<S: Serializer>(serializer: S) -> WriteObject<S> {
    WriteObject {
        map: serializer.serialize_map(None),
    }
}

impl<S: Serializer> WriteObject<S> {
    /// A field that is always written (`null` when it is a `None`).
    pub(crate) fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        let written = match &mut self.map {
            Ok(map) => map.serialize_entry(key, value),
            Err(_) => return,
        };
        if let Err(e) = written {
            self.map = Err(e);
        }
    }

    /// An optional field: written when it is `Some`, left out when `None`.
    pub(crate) fn optional<T: Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(key, value);
        }
    }

    /// The properties the spec does not name, after the fields.
    pub(crate) fn extra<T: Serialize>(&mut self, extra: &BTreeMap<String, T>) {
        for (key, value) in extra {
            self.field(key, value);
        }
    }

    /// Ends the object, or returns the first error met while writing it.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        self.map?.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value that fails to serialize.
    struct Broken;

    impl Serialize for Broken {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("broken value"))
        }
    }

    /// A generated struct's `Serialize`, by hand: `first` fails when asked.
    struct Fields {
        first: bool,
        second: Option<u8>,
        third: Option<u8>,
        extra: BTreeMap<String, u8>,
    }

    impl Serialize for Fields {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = write_object(serializer);
            match self.first {
                true => object.field("first", &Broken),
                false => object.field("first", &1),
            }
            object.optional("second", &self.second);
            object.optional("third", &self.third);
            object.extra(&self.extra);
            object.end()
        }
    }

    #[test]
    fn fields_in_order_absent_ones_left_out_then_the_extra_ones() {
        let fields = Fields {
            first: false,
            second: None,
            third: Some(3),
            extra: BTreeMap::from([("z".to_owned(), 9)]),
        };
        let json = serde_json::to_string(&fields).expect("serializes");
        assert_eq!(json, r#"{"first":1,"third":3,"z":9}"#);
    }

    #[test]
    fn the_first_error_is_returned_and_nothing_after_it_is_written() {
        let fields = Fields {
            first: true,
            second: Some(2),
            third: None,
            extra: BTreeMap::new(),
        };
        let mut out = Vec::new();
        let error = fields
            .serialize(&mut serde_json::Serializer::new(&mut out))
            .expect_err("the first field fails");
        assert!(error.to_string().contains("broken value"), "{error}");
        assert!(!String::from_utf8_lossy(&out).contains("second"));
    }
}

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
pub(crate) struct WriteObject<S: Serializer> {
    map: S::SerializeMap,
}

/// Starts writing an object.
pub(crate) fn write_object<S: Serializer>(serializer: S) -> Result<WriteObject<S>, S::Error> {
    Ok(WriteObject {
        map: serializer.serialize_map(None)?,
    })
}

impl<S: Serializer> WriteObject<S> {
    /// A field that is always written (`null` when it is a `None`).
    pub(crate) fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.map.serialize_entry(key, value)
    }

    /// An optional field: written when it is `Some`, left out when `None`.
    pub(crate) fn optional<T: Serialize>(
        &mut self,
        key: &str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(value) => self.map.serialize_entry(key, value),
            None => Ok(()),
        }
    }

    /// The properties the spec does not name, after the fields.
    pub(crate) fn extra<T: Serialize>(
        &mut self,
        extra: &BTreeMap<String, T>,
    ) -> Result<(), S::Error> {
        extra
            .iter()
            .try_for_each(|(key, value)| self.map.serialize_entry(key, value))
    }

    /// Ends the object.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        self.map.end()
    }
}

//! What generated models call when they deserialize: structs read from an
//! object key by key (optional nullable fields keep absent and `null`
//! apart), and the choice of an untagged union's variant (the first that
//! gives back exactly what was read, else the first that reads it at all).

use serde::Serialize;
use serde_json::Value;

use crate::same_json::same_json;

/// Whether a value read from `json` serializes back to exactly `json`: an
/// untagged union prefers the variant that keeps everything, so that a
/// struct whose fields are all optional does not swallow every object.
pub(crate) fn keeps_all<T: Serialize>(value: &T, json: &Value) -> bool {
    serde_json::to_value(value).is_ok_and(|back| same_json(&back, json))
}

/// What a generated struct implements to be read from an object; its
/// `Deserialize` calls [`read_object`]. A generated impl is a short loop over
/// the object's keys instead of serde's derive, which would also write a
/// visitor for the array form of a struct and a second copy of each field's
/// name matching: half of what rustc checks in a large generated crate.
pub(crate) trait ReadObject<'de>: Sized {
    /// The struct's name, for "expected struct X" errors.
    const NAME: &'static str;

    /// Reads the struct from an object's entries.
    fn read<A: serde::de::MapAccess<'de>>(object: Object<'de, A>) -> Result<Self, A::Error>;
}

/// Deserializes a [`ReadObject`] struct from an object (a map).
pub(crate) fn read_object<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: ReadObject<'de>,
    D: serde::Deserializer<'de>,
{
    struct ObjectVisitor<T>(std::marker::PhantomData<T>);

    impl<'de, T: ReadObject<'de>> serde::de::Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "struct {}", T::NAME)
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::read(Object {
                map,
                missing: None,
                lifetime: std::marker::PhantomData,
            })
        }
    }

    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// An object being read into a struct: its keys one by one, and each
/// field's value into the slot the generated code keeps for it.
pub(crate) struct Object<'de, A> {
    map: A,
    /// The first required field found absent.
    missing: Option<&'static str>,
    lifetime: std::marker::PhantomData<&'de ()>,
}

impl<'de, A: serde::de::MapAccess<'de>> Object<'de, A> {
    /// The next key, or `None` at the end of the object.
    pub(crate) fn next_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.map.next_key()
    }

    /// Reads the value of field `name` into its slot; a second value for
    /// the same field is an error, as with serde's derive.
    pub(crate) fn read<V: serde::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<V>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(serde::de::Error::duplicate_field(name));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// [`Object::read`] for a field that may be `null`: the slot becomes
    /// `Some(None)` for `null`, so that absent and `null` stay apart.
    pub(crate) fn read_nullable<V: serde::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<Option<V>>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        self.read(slot, name)
    }

    /// The value of a key that is not a field (for the map of extra
    /// properties).
    pub(crate) fn value<V: serde::Deserialize<'de>>(&mut self) -> Result<V, A::Error> {
        self.map.next_value()
    }

    /// Skips the value of a key the struct does not know.
    pub(crate) fn skip(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<serde::de::IgnoredAny>().map(drop)
    }

    /// A required field's value. Absent, it is what serde's derive makes of
    /// a missing field: `null` for a type that reads `null` (`Value`,
    /// `Option`); else `None`, and the struct fails with
    /// [`Object::missing`]. Generated code takes every required field this
    /// way and then fails in one place, which keeps the function small.
    pub(crate) fn required<V: serde::Deserialize<'de>>(
        &mut self,
        slot: Option<V>,
        name: &'static str,
    ) -> Option<V> {
        if slot.is_some() {
            return slot;
        }
        let null = V::deserialize(serde::de::value::UnitDeserializer::<A::Error>::new()).ok();
        if null.is_none() {
            self.missing.get_or_insert(name);
        }
        null
    }

    /// The "missing field" error of the first required field
    /// [`Object::required`] found absent.
    pub(crate) fn missing(&self) -> A::Error {
        serde::de::Error::missing_field(self.missing.unwrap_or_default())
    }
}

/// An object's key: borrowed from the input where the deserializer can
/// lend it, owned otherwise.
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string (a key of the extra properties' map).
    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }

            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

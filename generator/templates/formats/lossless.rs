//! What the typed string formats (`DateTime`, `Date`, `Uuid`) share: each
//! keeps the text exactly as it came over the wire (or as it is sent) and
//! the value read from it, when the text is in the format.
//!
//! A server that sends `"2024-13-45"` or `"yesterday"` for a `date-time`
//! must not lose the caller the whole response: the text decodes anyway,
//! `get()` says `None`, and `as_str()` still gives it. Serializing writes
//! the text back unchanged, so every value round-trips exactly.

/// Defines one such type: `lossless!(Doc Name(Value), read)`, where
/// `read` reads the value from the text (`None` when it is off-format).
/// The module that uses it adds the conversions from `Value`.
macro_rules! lossless {
    ($(#[$attr:meta])* $name:ident($value:ty), $read:path) => {
        $(#[$attr])*
        #[derive(Clone)]
        pub struct $name {
            text: ::std::string::String,
            value: ::std::option::Option<$value>,
        }

        impl $name {
            /// Keeps `text` as it is and reads the value from it if it can:
            /// never fails. For a value already typed, use `From`.
            pub fn new(text: impl ::std::convert::Into<::std::string::String>) -> Self {
                let text = text.into();
                let value = $read(&text);
                $name { text, value }
            }

            /// The value, or `None` when the text is not in the format.
            pub fn get(&self) -> ::std::option::Option<$value> {
                self.value
            }

            /// The text, as it came over the wire or as it is sent.
            pub fn as_str(&self) -> &str {
                &self.text
            }

            /// The text, owned.
            pub fn into_string(self) -> ::std::string::String {
                self.text
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(text: ::std::string::String) -> Self {
                $name::new(text)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(text: &str) -> Self {
                $name::new(text)
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.text
            }
        }

        /// Two values are equal when their texts are: the text is what
        /// the server sent, and what is sent back.
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.text == other.text
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.text.hash(state);
            }
        }

        /// The text.
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.text).finish()
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        /// Any string: one that is not in the format is kept, and `get()`
        /// is `None`.
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)
                    .map($name::new)
            }
        }
    };
}

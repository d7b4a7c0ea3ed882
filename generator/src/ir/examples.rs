//! The spec's examples, each with the type it must read as and what
//! reading it gives.

use serde_json::Value;

use super::{RustIdent, TypeRef};

/// An example value from the spec, to be turned into a test.
#[derive(Debug, Clone)]
pub struct Example {
    /// A unique snake_case name for the test.
    pub name: RustIdent,
    /// Where it is in the spec (JSON pointer).
    pub origin: String,
    /// The example's summary or description, if any.
    pub docs: Option<String>,
    /// The type the value must deserialize into.
    pub ty: TypeRef,
    /// Whether the value may be `null` at the top (nullable schema).
    pub nullable: bool,
    /// The JSON value.
    pub value: Value,
    /// What the generated types do with it.
    pub check: ExampleCheck,
}

/// What reading an example into its generated type must give, found by
/// checking the example against the types before any code is written.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleCheck {
    /// It fits its schema: it reads, and writes back as the same JSON.
    RoundTrip,
    /// It reads, but writes back as `back`: the spec's example has what its
    /// schema does not describe (a property the schema does not declare, a
    /// `null` where none is allowed, a required property missing). `notes`
    /// say what, each with its place in the example.
    Changes {
        /// The JSON the typed value writes back.
        back: Value,
        /// What differs, and why.
        notes: Vec<String>,
    },
    /// It violates its schema in a way the generated types refuse (a
    /// string where a number must be, a required property missing): reading
    /// it fails. `notes` say where.
    Rejected {
        /// Why it is refused.
        notes: Vec<String>,
    },
}

impl ExampleCheck {
    /// Whether the example reads into its type (exactly or not).
    pub fn reads(&self) -> bool {
        !matches!(self, ExampleCheck::Rejected { .. })
    }
}

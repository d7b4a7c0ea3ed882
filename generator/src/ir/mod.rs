//! The intermediate representation: what to generate, in Rust terms.
//!
//! Nothing here refers to `openapiv3`; the lowering stage resolves every
//! `$ref`, names every type and decides every Rust type, so that emitters only
//! have to spell out what they are given.
//!
//! This file holds the whole API and its groups; `types.rs` the named types
//! and type uses, `operations.rs` operations, servers and security, and
//! `examples.rs` the spec's examples.

mod examples;
mod operations;
mod types;

pub use crate::naming::RustIdent;
pub use examples::*;
pub use operations::*;
pub use types::*;

/// A whole API, ready to be emitted.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`, with links made absolute.
    pub description: Option<String>,
    /// Servers, in the spec's order; the first is the default.
    pub servers: Vec<Server>,
    /// Every named type, in a deterministic order (components first, in spec
    /// order, then inline types in the order they were found).
    pub types: Vec<TypeDef>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// The operation groups, in the order of their first operation.
    pub groups: Vec<Group>,
    /// Parameters set once on the client (see [`ClientParam`]).
    pub client_params: Vec<ClientParam>,
    /// Security schemes the API declares.
    pub security: Vec<SecurityScheme>,
    /// Every example the spec gives for a JSON value, with its type.
    pub examples: Vec<Example>,
    /// Webhooks (OpenAPI 3.1 `webhooks`): requests the API sends to the
    /// user's server, in spec order.
    pub webhooks: Vec<Webhook>,
    /// The generated crate's cargo features and which of them compile each
    /// type (see [`Features`]).
    pub features: Features,
    /// The typed string formats the crate's types use: which runtime
    /// types (and their crates) the generated crate carries.
    pub formats: std::collections::BTreeSet<StringFormat>,
}

impl Api {
    /// Follows aliases to the type they stand for.
    pub fn resolve_alias<'a>(&'a self, mut ty: &'a TypeRef) -> &'a TypeRef {
        for _ in 0..self.types.len() {
            match ty {
                TypeRef::Named(id) => match &self[id].kind {
                    TypeKind::Alias(inner) => ty = inner,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }
}

impl Api {
    /// The operations of a group, in spec order.
    pub fn group_operations(&self, group: &Group) -> impl Iterator<Item = &Operation> {
        group.operations.iter().map(|&i| &self.operations[i])
    }
}

/// Index of a [`Group`] in [`Api::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(pub usize);

/// A group of operations (one tag): an accessor method of the client that
/// gives a struct with one method per operation.
#[derive(Debug, Clone)]
pub struct Group {
    /// The client's accessor method (`connect`), snake_case, unique among
    /// the client's methods.
    pub accessor: RustIdent,
    /// The struct of the group's methods (`ConnectApi`), unique.
    pub struct_name: RustIdent,
    /// Its operations: indices into [`Api::operations`], in spec order.
    pub operations: Vec<usize>,
}

/// Index of a [`Feature`] in [`Features::list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FeatureId(pub usize);

/// The cargo features of the generated crate, all on by default: one per
/// operation group, one for the webhooks, and one for the types that no
/// operation or webhook uses. A type is compiled when any feature that
/// reaches it is on, so that an application that uses one group compiles
/// that group's operations and the types they reach, and nothing else.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Every feature, in order: the groups' (in [`Api::groups`] order), then
    /// the webhooks', then the unreached types'.
    pub list: Vec<Feature>,
    /// The feature of each group, by [`GroupId`].
    pub groups: Vec<FeatureId>,
    /// The webhooks' feature, when the spec has webhooks.
    pub webhooks: Option<FeatureId>,
    /// The feature of the types no operation or webhook reaches, when there
    /// are any.
    pub unreached: Option<FeatureId>,
    /// For each type, by [`TypeId`], the features that compile it, sorted
    /// and never empty: those whose operations or webhooks reach it through
    /// any chain of type references, or else the unreached types' feature.
    pub of_type: Vec<Vec<FeatureId>>,
    /// No feature gates at all: the code is meant to be included into
    /// another crate (a build script's output), which has none of these
    /// features.
    pub off: bool,
}

impl Features {
    /// The features that compile a type.
    pub fn of(&self, TypeId(index): TypeId) -> &[FeatureId] {
        self.of_type.get(index).map_or(&[], Vec::as_slice)
    }

    /// A feature's name.
    pub fn name(&self, FeatureId(index): FeatureId) -> &str {
        &self.list[index].name
    }
}

/// One cargo feature of the generated crate.
#[derive(Debug, Clone)]
pub struct Feature {
    /// Its name in `Cargo.toml` and `cfg(feature = ...)`: a group's
    /// accessor in kebab-case (`hris`, `assessment-api`), `webhooks`, or
    /// `unreached-models`.
    pub name: String,
    /// What it turns on.
    pub kind: FeatureKind,
}

/// What a [`Feature`] turns on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureKind {
    /// A group's operations and the types they reach.
    Group(GroupId),
    /// The webhooks module and the types its payloads reach.
    Webhooks,
    /// The types that no operation or webhook reaches (component schemas
    /// the spec defines but never uses).
    Unreached,
}

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// `api[id]`: the type an id names.
impl std::ops::Index<TypeId> for Api {
    type Output = TypeDef;

    fn index(&self, TypeId(index): TypeId) -> &TypeDef {
        &self.types[index]
    }
}

/// `api[id]` for an id held by reference (`TypeRef::Named(id)` in a match).
impl std::ops::Index<&TypeId> for Api {
    type Output = TypeDef;

    fn index(&self, id: &TypeId) -> &TypeDef {
        &self[*id]
    }
}

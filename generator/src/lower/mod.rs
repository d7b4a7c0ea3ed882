//! Lower stage: `openapiv3::OpenAPI` to the generator's IR ([`crate::ir`]).
//!
//! Every decision about Rust types is made here and only here: which schema
//! becomes which type, what every inline schema is called, which fields are
//! boxed. The emitters spell out the result.

mod examples;
mod operations;
mod recursion;
mod schema;
mod view;

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::Options;
use crate::docs::{DocText, detect_docs_site};
use crate::error::{Error, Result, pointer};
use crate::ir::{Api, Example, TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming::Namer;
use crate::normalize::Normalized;
use crate::origins::Origins;

/// Lowers a parsed, normalized spec into the IR.
pub fn lower(spec: &OpenAPI, normalized: &Normalized, options: &Options) -> Result<Api> {
    let docs_url = options
        .docs_url
        .clone()
        .or_else(|| detect_docs_site(&normalized.value));
    let mut lowerer = Lowerer::new(spec, &normalized.origins, DocText::new(docs_url));
    lowerer.register_components()?;
    lowerer.lower_components()?;
    let operations = lowerer.lower_operations()?;
    let servers = operations::servers(spec, &lowerer.docs);
    let security = operations::security_schemes(spec, &lowerer.docs);
    let mut types = lowerer.finish()?;
    recursion::break_cycles(&mut types, &normalized.origins)?;
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: lowerer.docs.render(spec.info.description.as_deref()),
        servers,
        types,
        operations,
        security,
        examples: lowerer.examples,
    })
}

/// A schema position: either a `$ref` or an inline schema.
#[derive(Clone, Copy)]
enum RefOr<'s> {
    Ref(&'s str),
    Item(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for RefOr<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(s) => RefOr::Item(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for RefOr<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(s) => RefOr::Item(s),
        }
    }
}

/// Where a schema sits: the name an inline type created there gets, and its
/// JSON pointer.
#[derive(Debug, Clone)]
struct Ctx {
    /// Words of the qualified name (`GetPetResponse data`), cased later.
    name: String,
    /// The property name, when the schema is a property's: short enums and
    /// constants are named from it.
    property: Option<String>,
    /// JSON pointer of the schema.
    pointer: String,
}

impl Ctx {
    fn new(name: impl Into<String>, pointer: String) -> Self {
        Ctx {
            name: name.into(),
            property: None,
            pointer,
        }
    }

    fn property(&self, prop: &str) -> Ctx {
        Ctx {
            name: format!("{} {}", self.name, prop),
            property: Some(prop.to_string()),
            pointer: format!(
                "{}/properties/{}",
                self.pointer,
                crate::error::escape_pointer_token(prop)
            ),
        }
    }

    fn child(&self, name_suffix: &str, pointer_suffix: &str) -> Ctx {
        Ctx {
            name: format!("{} {}", self.name, name_suffix),
            property: None,
            pointer: format!("{}/{}", self.pointer, pointer_suffix),
        }
    }
}

/// The result of lowering a schema at a use site.
#[derive(Debug, Clone)]
struct Lowered {
    ty: TypeRef,
    nullable: bool,
    docs: Option<String>,
    deprecated: bool,
}

struct Lowerer<'a> {
    spec: &'a OpenAPI,
    origins: &'a Origins,
    docs: DocText,
    types: Vec<Option<TypeDef>>,
    names: Namer,
    /// Component schema name to its type.
    components: IndexMap<String, TypeId>,
    /// Component schemas that are nullable themselves.
    nullable_components: HashMap<String, bool>,
    /// Short-named enums and constants: name to (fingerprint, type), so that
    /// identical ones are generated once.
    shared: HashMap<String, (String, TypeId)>,
    /// Lowered component responses and request bodies, by `$ref`.
    body_cache: HashMap<String, Option<(String, Lowered)>>,
    examples: Vec<Example>,
    example_names: Namer,
    example_seen: std::collections::HashSet<String>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI, origins: &'a Origins, docs: DocText) -> Self {
        Lowerer {
            spec,
            origins,
            docs,
            types: Vec::new(),
            names: Namer::default(),
            components: IndexMap::new(),
            nullable_components: HashMap::new(),
            shared: HashMap::new(),
            body_cache: HashMap::new(),
            examples: Vec::new(),
            example_names: Namer::default(),
            example_seen: Default::default(),
        }
    }

    fn invalid(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Invalid {
            path: self.origins.file_for(pointer).to_path_buf(),
            pointer: pointer.to_string(),
            message: message.into(),
        }
    }

    fn unsupported(&self, pointer: &str, what: impl Into<String>) -> Error {
        Error::Unsupported {
            path: self.origins.file_for(pointer).to_path_buf(),
            pointer: pointer.to_string(),
            what: what.into(),
        }
    }

    fn define(&mut self, id: TypeId, def: TypeDef) {
        self.types[id.0] = Some(def);
    }

    /// Adds a new named type and returns its id.
    fn add_type(
        &mut self,
        name: &str,
        origin: &str,
        docs: Option<String>,
        deprecated: bool,
        kind: TypeKind,
    ) -> TypeId {
        let name = self.names.unique(crate::naming::type_name(name, "Type"));
        let id = TypeId(self.types.len());
        self.types.push(Some(TypeDef {
            name,
            origin: origin.to_string(),
            docs,
            deprecated,
            kind,
        }));
        id
    }

    fn component_schemas(&self) -> Option<&'a IndexMap<String, ReferenceOr<Schema>>> {
        self.spec.components.as_ref().map(|c| &c.schemas)
    }

    /// Gives every component schema its name first, so that references
    /// (recursive ones included) resolve before the schemas are lowered.
    fn register_components(&mut self) -> Result<()> {
        let Some(schemas) = self.component_schemas() else {
            return Ok(());
        };
        for name in schemas.keys() {
            let rust_name = crate::naming::type_name(name, "Type");
            let id = TypeId(self.types.len());
            self.types.push(None);
            let unique = self.names.unique(rust_name);
            self.components.insert(name.clone(), id);
            // Record the final name now; the definition fills in the rest.
            self.types[id.0] = Some(TypeDef {
                name: unique,
                origin: pointer(["components", "schemas", name]),
                docs: None,
                deprecated: false,
                kind: TypeKind::Alias(TypeRef::Json),
            });
        }
        for (name, schema) in schemas {
            let nullable = self.is_nullable(schema.into(), 0)?;
            self.nullable_components.insert(name.clone(), nullable);
        }
        Ok(())
    }

    fn lower_components(&mut self) -> Result<()> {
        let Some(schemas) = self.component_schemas() else {
            return Ok(());
        };
        for (name, schema) in schemas {
            let id = self.components[name];
            let origin = pointer(["components", "schemas", name]);
            let rust_name = self.types[id.0]
                .as_ref()
                .map(|t| t.name.clone())
                .unwrap_or_default();
            let ctx = Ctx::new(rust_name.clone(), origin.clone());
            let (kind, docs, deprecated) = match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.reference(reference, &origin)?;
                    (TypeKind::Alias(target.ty), None, false)
                }
                ReferenceOr::Item(schema) => {
                    let kind = self.component_kind(schema, &ctx)?;
                    let docs = self.docs.join(&[
                        schema.schema_data.title.as_deref(),
                        schema.schema_data.description.as_deref(),
                    ]);
                    self.schema_examples(schema, &TypeRef::Named(id), &ctx);
                    (kind, docs, schema.schema_data.deprecated)
                }
            };
            self.define(
                id,
                TypeDef {
                    name: rust_name,
                    origin,
                    docs,
                    deprecated,
                    kind,
                },
            );
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<Vec<TypeDef>> {
        let mut out = Vec::with_capacity(self.types.len());
        for (i, slot) in std::mem::take(&mut self.types).into_iter().enumerate() {
            match slot {
                Some(def) => out.push(def),
                None => {
                    return Err(Error::Invalid {
                        path: self.origins.default_file().to_path_buf(),
                        pointer: "#".into(),
                        message: format!(
                            "internal error: type #{i} was reserved but never defined"
                        ),
                    });
                }
            }
        }
        Ok(out)
    }
}

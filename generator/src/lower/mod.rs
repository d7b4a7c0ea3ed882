//! Lower stage: `openapiv3::OpenAPI` to the generator's IR ([`crate::ir`]).
//!
//! Every decision about Rust types is made here and only here: which schema
//! becomes which type, what every inline schema is called, which fields are
//! boxed. The emitters spell out the result.

mod bodies;
mod client_params;
mod duplicates;
mod enums;
mod example_check;
mod examples;
mod features;
mod groups;
mod names;
mod objects;
mod operations;
mod pagination;
mod params;
mod recursion;
mod responses;
mod samples;
mod schema;
mod security;
mod servers;
mod unions;
mod vendor;
mod view;
mod webhooks;

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::docs::{DocText, detect_docs_site};
use crate::error::{Error, Result, pointer};
use crate::ir::{Api, Example, TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming::Namer;
use crate::normalize::Normalized;
use crate::origins::Origins;

/// Lowers a parsed, normalized spec into the IR. Relative links in its
/// descriptions are made absolute against `docs_url`, or when it is `None`
/// against the docs site the spec links to most.
pub fn lower(spec: &OpenAPI, normalized: &Normalized, docs_url: Option<&str>) -> Result<Api> {
    lower_with(spec, normalized, docs_url, true)
}

/// [`lower`], with `date-time`, `date` and `uuid` strings typed
/// (`typed_formats`) or plain `String`s.
pub fn lower_with(
    spec: &OpenAPI,
    normalized: &Normalized,
    docs_url: Option<&str>,
    typed_formats: bool,
) -> Result<Api> {
    let docs_url = docs_url
        .map(str::to_string)
        .or_else(|| detect_docs_site(&normalized.value));
    let webhooks = webhooks::parse(spec, &normalized.origins)?;
    let mut lowerer = Lowerer::new(spec, &normalized.origins, DocText::new(docs_url));
    lowerer.typed_formats = typed_formats;
    lowerer.security = security::security_schemes(spec, &lowerer.docs);
    lowerer.register_components()?;
    lowerer.lower_components()?;
    let (operations, groups, client_params) = lowerer.lower_operations()?;
    let webhooks = match &webhooks {
        Some(w) => lowerer.lower_webhooks(w)?,
        None => Vec::new(),
    };
    let servers = servers::servers(spec, &lowerer.docs);
    let security = std::mem::take(&mut lowerer.security);
    let mut types = lowerer.finish()?;
    recursion::break_cycles(&mut types, &normalized.origins)?;
    duplicates::alias_duplicates(&mut types, lowerer.components.len());
    example_check::check_examples(&types, &mut lowerer.examples);
    let mut api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: lowerer.docs.render(spec.info.description.as_deref()),
        servers,
        types,
        operations,
        groups,
        client_params,
        security,
        examples: lowerer.examples,
        webhooks,
        features: Default::default(),
        formats: std::mem::take(&mut lowerer.formats),
    };
    pagination::detect(&mut api);
    api.features = features::features(&api);
    Ok(api)
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
    /// The spec's security schemes, lowered first: operations name them.
    security: Vec<crate::ir::SecurityScheme>,
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
    /// Lowered component responses, by name.
    body_cache: HashMap<String, Option<crate::ir::ResponseBody>>,
    /// Unions of differing response bodies, by their sorted member types,
    /// so that operations with the same set share one.
    response_unions: HashMap<Vec<String>, TypeId>,
    /// Struct types of multipart bodies to their `...Form` types with bytes
    /// for files.
    multipart_forms: HashMap<TypeId, TypeId>,
    examples: Vec<Example>,
    example_names: Namer,
    example_seen: std::collections::HashSet<String>,
    /// Whether `date-time`, `date` and `uuid` strings get typed values.
    typed_formats: bool,
    /// The typed formats lowered so far.
    formats: std::collections::BTreeSet<crate::ir::StringFormat>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI, origins: &'a Origins, docs: DocText) -> Self {
        Lowerer {
            spec,
            security: Vec::new(),
            origins,
            docs,
            types: Vec::new(),
            names: Namer::default(),
            components: IndexMap::new(),
            nullable_components: HashMap::new(),
            shared: HashMap::new(),
            body_cache: HashMap::new(),
            response_unions: HashMap::new(),
            multipart_forms: HashMap::new(),
            examples: Vec::new(),
            // The example tests' module imports `round_trip`.
            example_names: Namer::with_reserved(["round_trip"]),
            example_seen: Default::default(),
            typed_formats: true,
            formats: Default::default(),
        }
    }

    fn invalid(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Invalid {
            path: self.origins.file_for(pointer).to_path_buf(),
            pointer: pointer.to_string(),
            message: message.into(),
            at: None,
            also: None,
        }
    }

    fn unsupported(&self, pointer: &str, what: impl Into<String>) -> Error {
        Error::Unsupported {
            path: self.origins.file_for(pointer).to_path_buf(),
            pointer: pointer.to_string(),
            what: what.into(),
            at: None,
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
        let name = self.names.ident(crate::naming::type_name(name, "Type"));
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

    /// Whether a type is a component schema's (they take the first ids).
    fn is_component(&self, id: TypeId) -> bool {
        id.0 < self.components.len()
    }

    /// Gives every component schema its name first, so that references
    /// (recursive ones included) resolve before the schemas are lowered;
    /// they take the first ids, inline types come after.
    fn register_components(&mut self) -> Result<()> {
        let Some(schemas) = self.component_schemas() else {
            return Ok(());
        };
        for name in schemas.keys() {
            let rust_name = crate::naming::type_name(name, "Type");
            let id = TypeId(self.types.len());
            self.types.push(None);
            let unique = self.names.ident(rust_name);
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
            let ctx = Ctx::new(rust_name.to_string(), origin.clone());
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
                    return Err(Error::internal(format!(
                        "type #{i} was reserved but never defined"
                    )));
                }
            }
        }
        Ok(out)
    }
}

/// A one-document spec's text through every stage up to the IR, for tests.
#[cfg(test)]
pub(crate) fn lower_text(yaml: &str, typed_formats: bool) -> Result<Api> {
    let path = std::path::Path::new("t.yaml");
    let value = crate::load::parse_text(path, yaml, false)?;
    let docs = vec![crate::load::Document {
        source: "t.yaml".into(),
        value,
    }];
    let normalized = crate::normalize::normalize(docs)?;
    let parsed = crate::parse::parse(&normalized)?;
    lower_with(&parsed, &normalized, None, typed_formats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumValue, IntKind, Presence, RustIdent, TypeKind};

    fn lower_yaml(yaml: &str) -> Result<Api> {
        lower_yaml_with(yaml, true)
    }

    fn lower_yaml_with(yaml: &str, typed_formats: bool) -> Result<Api> {
        super::lower_text(yaml, typed_formats)
    }

    fn find<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
        match api.types.iter().find(|t| t.name == name) {
            Some(t) => t,
            None => panic!(
                "no type {name}; have {:?}",
                api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
            ),
        }
    }

    fn shapes() -> Api {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/shapes.yaml"
        ))
        .expect("fixture");
        lower_yaml(&text).expect("lowers")
    }

    #[test]
    fn required_and_nullable_are_independent() {
        let api = shapes();
        let TypeKind::Struct(s) = &find(&api, "Settings").kind else {
            panic!("struct")
        };
        let presence = |n: &str| {
            s.fields
                .iter()
                .find(|f| f.wire_name == n)
                .map(|f| f.presence())
        };
        assert_eq!(presence("name"), Some(Presence::Required));
        assert_eq!(presence("nickname"), Some(Presence::RequiredNullable));
        assert_eq!(presence("note"), Some(Presence::Optional));
        assert_eq!(presence("color"), Some(Presence::OptionalNullable));
        assert_eq!(s.additional, Some(TypeRef::Json));
        let tags = s
            .fields
            .iter()
            .find(|f| f.wire_name == "tags")
            .map(|f| f.ty.clone());
        assert_eq!(
            tags,
            Some(TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(
                TypeRef::String
            )))))
        );
    }

    #[test]
    fn formats_map_to_rust_types() {
        let api = shapes();
        let TypeKind::Struct(s) = &find(&api, "Settings").kind else {
            panic!("struct")
        };
        let ty = |n: &str| {
            s.fields
                .iter()
                .find(|f| f.wire_name == n)
                .map(|f| f.ty.clone())
        };
        assert_eq!(ty("ratio"), Some(TypeRef::Float(crate::ir::FloatKind::F32)));
        assert_eq!(ty("count"), Some(TypeRef::Integer(crate::ir::IntKind::U64)));
        assert_eq!(
            ty("created"),
            Some(TypeRef::Format(crate::ir::StringFormat::DateTime))
        );
        assert_eq!(ty("extra"), Some(TypeRef::Json));
        assert!(api.formats.contains(&crate::ir::StringFormat::DateTime));
    }

    #[test]
    fn formats_stay_strings_when_asked() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/shapes.yaml"
        ))
        .expect("fixture");
        let api = lower_yaml_with(&text, false).expect("lowers");
        let TypeKind::Struct(s) = &find(&api, "Settings").kind else {
            panic!("struct")
        };
        let created = s.fields.iter().find(|f| f.wire_name == "created");
        assert_eq!(created.map(|f| f.ty.clone()), Some(TypeRef::String));
        assert!(api.formats.is_empty());
    }

    #[test]
    fn recursion_is_boxed_only_where_needed() {
        let api = shapes();
        let TypeKind::Struct(s) = &find(&api, "Node").kind else {
            panic!("struct")
        };
        let boxed = |n: &str| s.fields.iter().find(|f| f.wire_name == n).map(|f| f.boxed);
        assert_eq!(boxed("parent"), Some(true));
        assert_eq!(boxed("children"), Some(false), "Vec already indirects");
        assert_eq!(boxed("label"), Some(false));
    }

    #[test]
    fn all_of_merges_members() {
        let api = shapes();
        let TypeKind::Struct(s) = &find(&api, "Problem").kind else {
            panic!("struct")
        };
        let fields: Vec<(&str, Presence)> = s
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f.presence()))
            .collect();
        assert_eq!(
            fields,
            [
                ("kind", Presence::Required),
                ("detail", Presence::Required),
                ("retry_after", Presence::OptionalNullable)
            ]
        );
    }

    #[test]
    fn discriminated_one_of_is_tagged() {
        let api = shapes();
        let TypeKind::Union(u) = &find(&api, "Pet").kind else {
            panic!("union")
        };
        assert_eq!(u.discriminator.as_deref(), Some("petType"));
        let tags: Vec<(&str, &[String])> = u
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.tags.as_slice()))
            .collect();
        assert_eq!(
            tags,
            [
                ("Cat", &["cat".to_string()][..]),
                ("Dog", &["dog".to_string()][..])
            ]
        );
    }

    #[test]
    fn const_is_a_closed_type_named_from_property_and_value() {
        let api = shapes();
        let TypeKind::Const(c) = &find(&api, "PetTypeCat").kind else {
            panic!("const")
        };
        assert_eq!(c.value, "cat");
    }

    #[test]
    fn inline_enums_are_named_from_their_property() {
        let api = lower_yaml(include_str!("../../../specs/get-integration-by-token.yaml"))
            .expect("lowers");
        let TypeKind::Enum(e) = &find(&api, "SetupStatus").kind else {
            panic!("enum")
        };
        let wires: Vec<String> = e.variants.iter().map(|v| v.wire.to_string()).collect();
        assert_eq!(wires, ["INCOMPLETE", "FINAL_SYNC_PENDING", "COMPLETED"]);
        assert_eq!(e.unknown_variant, "Unknown");
        let TypeKind::Enum(code) = &find(&api, "ErrorCode").kind else {
            panic!("enum")
        };
        assert_eq!(code.variants.len(), 8);
        assert!(matches!(
            find(&api, "StatusSuccess").kind,
            TypeKind::Const(_)
        ));
        assert!(matches!(find(&api, "StatusError").kind, TypeKind::Const(_)));
    }

    #[test]
    fn operations_take_sdk_names_and_types() {
        let api = lower_yaml(include_str!("../../../specs/get-integration-by-token.yaml"))
            .expect("lowers");
        let op = &api.operations[0];
        assert_eq!(op.name, "get_integration_by_token");
        assert_eq!(api.groups[op.group.0].accessor, "connect");
        assert_eq!(op.method, "GET");
        assert_eq!(op.params[0].location, crate::ir::ParamLocation::Path);
        let error = op.error.as_ref().map(|t| match t {
            TypeRef::Named(id) => api[id].name.as_str(),
            _ => "other",
        });
        assert_eq!(error, Some("ErrorResponseGeneral"));
        let servers: Vec<(&str, &str)> = api
            .servers
            .iter()
            .map(|s| (s.name.as_str(), s.url.as_str()))
            .collect();
        assert_eq!(
            servers,
            [
                ("Eu", "https://api.kombo.dev/v1"),
                ("Us", "https://api.us.kombo.dev/v1")
            ]
        );
        assert_eq!(api.security[0].kind, crate::ir::SecurityKind::Bearer);
    }

    #[test]
    fn every_example_is_collected_with_its_type() {
        let api = shapes();
        let origins: Vec<&str> = api.examples.iter().map(|e| e.origin.as_str()).collect();
        assert!(
            origins.contains(&"#/components/schemas/Settings/examples/1"),
            "{origins:?}"
        );
        assert!(
            origins.contains(&"#/components/schemas/Labels/example"),
            "{origins:?}"
        );
        assert!(
            origins.contains(
                &"#/paths/~1pets/post/requestBody/content/application~1json/examples/cat"
            ),
            "{origins:?}"
        );
        assert!(
            origins.contains(
                &"#/paths/~1trees~1{id}/get/responses/200/content/application~1json/example"
            ),
            "{origins:?}"
        );
        assert!(
            origins.contains(&"#/components/schemas/Base/properties/kind/example"),
            "{origins:?}"
        );
    }

    #[test]
    fn dangling_ref_names_the_place() {
        let err = lower_yaml(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/B'}\n",
        )
        .expect_err("dangling");
        let text = err.to_string();
        assert!(
            text.contains("t.yaml: #/components/schemas/A/properties/b"),
            "{text}"
        );
        assert!(text.contains("dangling"), "{text}");
    }

    #[test]
    fn ref_cycle_without_a_type_is_an_error() {
        let err = lower_yaml(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
        )
        .expect_err("cycle");
        assert!(err.to_string().contains("cycle"), "{err}");
    }

    #[test]
    fn recursive_alias_becomes_a_newtype() {
        let api = lower_yaml(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    List:\n      type: array\n      items: {$ref: '#/components/schemas/List'}\n",
        )
        .expect("lowers");
        assert!(matches!(find(&api, "List").kind, TypeKind::Newtype(_)));
    }

    #[test]
    fn server_variables_take_their_defaults() {
        let api = lower_yaml(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers:\n  - url: 'https://{region}.example.com/{version}/'\n    variables:\n      region: {default: eu, enum: [eu, us]}\n      version: {default: v2}\npaths: {}\n",
        )
        .expect("lowers");
        assert_eq!(api.servers[0].url, "https://eu.example.com/v2");
    }

    #[test]
    fn duplicate_operation_ids_are_an_error() {
        let err = lower_yaml(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: x, responses: {'200': {description: ok}}}\n  /b:\n    get: {operationId: x, responses: {'200': {description: ok}}}\n",
        )
        .expect_err("duplicate");
        let text = err.to_string();
        assert!(
            text.contains("#/paths/~1b/get") && text.contains("duplicate operationId `x`"),
            "{text}"
        );
    }
    fn wire_shapes() -> Api {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/wire-shapes.yaml"
        ))
        .expect("fixture");
        lower_yaml(&text).expect("lowers")
    }

    fn operation<'a>(api: &'a Api, id: &str) -> &'a crate::ir::Operation {
        match api.operations.iter().find(|o| o.operation_id == id) {
            Some(op) => op,
            None => panic!("no operation {id}"),
        }
    }

    #[test]
    fn one_of_integer_constants_is_an_integer_enum() {
        let api = wire_shapes();
        let TypeKind::Enum(e) = &find(&api, "Order").kind else {
            panic!("enum")
        };
        assert_eq!(e.integer, Some(crate::ir::IntKind::I32));
        let variants: Vec<(&str, &EnumValue, Option<&str>)> = e
            .variants
            .iter()
            .map(|v| (v.name.as_str(), &v.wire, v.docs.as_deref()))
            .collect();
        assert_eq!(
            variants,
            [
                ("Ascending", &EnumValue::Integer(1), Some("Smallest first.")),
                ("Descending", &EnumValue::Integer(2), Some("Largest first."))
            ]
        );
    }

    #[test]
    fn integer_enums_widen_until_every_value_fits() {
        let member = |n: i128| format!("{{const: {n}, title: v{}}}", n.unsigned_abs());
        let spec = |format: &str, values: &[i128]| {
            let members: Vec<String> = values.iter().map(|n| member(*n)).collect();
            format!(
                "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n\
                 components:\n  schemas:\n    Level:\n      type: integer\n      \
                 format: {format}\n      oneOf: [{}]\n",
                members.join(", ")
            )
        };
        let kind_of = |format: &str, values: &[i128]| {
            let api = lower_yaml(&spec(format, values)).expect("lowers");
            let TypeKind::Enum(e) = &find(&api, "Level").kind else {
                panic!("enum")
            };
            let wires: Vec<EnumValue> = e.variants.iter().map(|v| v.wire.clone()).collect();
            let expected: Vec<EnumValue> = values.iter().map(|n| EnumValue::Integer(*n)).collect();
            assert_eq!(wires, expected, "no value is dropped");
            e.integer
        };
        assert_eq!(kind_of("uint8", &[1, 255]), Some(IntKind::U8));
        // 300 is no `u8`, -1 no `u32`: the enum widens rather than drop them.
        assert_eq!(kind_of("uint8", &[1, 300]), Some(IntKind::I64));
        assert_eq!(kind_of("uint32", &[-1, 2]), Some(IntKind::I64));
        let big = i128::from(u64::MAX);
        assert_eq!(kind_of("int32", &[1, big]), Some(IntKind::U64));
    }

    #[test]
    fn scalar_constants_and_prefix_items_have_their_own_types() {
        let api = wire_shapes();
        let TypeKind::Struct(item) = &find(&api, "Item").kind else {
            panic!("struct")
        };
        let ty = |n: &str| {
            let f = item
                .fields
                .iter()
                .find(|f| f.wire_name == n)
                .expect("field");
            match &f.ty {
                TypeRef::Named(id) => match &api[id].kind {
                    TypeKind::Const(c) => c.value.clone(),
                    other => panic!("{other:?}"),
                },
                TypeRef::Tuple(items) => serde_json::json!(format!("{items:?}")),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(ty("kind"), serde_json::json!(3));
        assert_eq!(ty("enabled"), serde_json::json!(true));
        assert_eq!(ty("at"), serde_json::json!("[Float(F64), Integer(I64)]"));
    }

    #[test]
    fn typed_formats_reach_tuple_items() {
        let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Span:\n      type: array\n      prefixItems:\n        - {type: string, format: date-time}\n        - {type: string, format: uuid}\n        - {type: string, format: email}\n";
        let tuple = |api: &Api| match &find(api, "Span").kind {
            TypeKind::Alias(TypeRef::Tuple(items)) => items.clone(),
            other => panic!("{other:?}"),
        };
        use crate::ir::StringFormat;
        let typed = lower_yaml(yaml).expect("lowers");
        assert_eq!(
            tuple(&typed),
            [
                TypeRef::Format(StringFormat::DateTime),
                TypeRef::Format(StringFormat::Uuid),
                TypeRef::String
            ]
        );
        assert_eq!(typed.formats.len(), 2);
        let plain = lower_yaml_with(yaml, false).expect("lowers");
        assert_eq!(
            tuple(&plain),
            [TypeRef::String, TypeRef::String, TypeRef::String]
        );
    }

    #[test]
    fn discriminator_tags_come_from_member_constants() {
        let api = wire_shapes();
        let TypeKind::Union(u) = &find(&api, "Shape").kind else {
            panic!("union")
        };
        assert_eq!(u.discriminator.as_deref(), Some("type"));
        let tags: Vec<&str> = u
            .variants
            .iter()
            .flat_map(|v| &v.tags)
            .map(String::as_str)
            .collect();
        assert_eq!(tags, ["circle", "square"]);
    }

    #[test]
    fn parameters_keep_style_and_explode() {
        use crate::ir::ParamStyle;
        let api = wire_shapes();
        let op = operation(&api, "listItems");
        let styles: Vec<(&str, ParamStyle, bool)> = op
            .params
            .iter()
            .map(|p| (p.wire_name.as_str(), p.style, p.explode))
            .collect();
        assert_eq!(
            styles,
            [
                ("ids", ParamStyle::Simple, false),
                ("tag", ParamStyle::Form, true),
                ("fields", ParamStyle::Form, false),
                ("filter", ParamStyle::DeepObject, false),
                ("order", ParamStyle::Form, true),
                ("list", ParamStyle::Form, true),
                ("X-Trace", ParamStyle::Simple, false),
                ("session", ParamStyle::Form, true),
            ]
        );
    }

    #[test]
    fn responses_decide_success_error_and_limitations() {
        let api = wire_shapes();
        let list = operation(&api, "listItems");
        let page = TypeRef::Named(TypeId(
            api.types
                .iter()
                .position(|t| t.name == "Page")
                .expect("Page"),
        ));
        // 200 with a body and 204 without: the body is optional.
        assert_eq!(list.success, Some(TypeRef::Nullable(Box::new(page))));
        // 404 and 422 differ: a union of both, and the docs say which is
        // which.
        let Some(TypeRef::Named(error)) = &list.error else {
            panic!("{:?}", list.error)
        };
        let TypeKind::Union(u) = &api[error].kind else {
            panic!("union")
        };
        let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Problem", "ListItemsResponse422"]);
        assert_eq!(api[error].name, "ProblemOrListItemsResponse422");
        assert!(
            list.response_notes
                .iter()
                .any(|l| l.contains("`404`") && l.contains("`422`")),
            "{:?}",
            list.response_notes
        );
        // ... and the client reads each status's body as its variant.
        let by = list.error_by_status.as_ref().expect("read by status");
        let arms: Vec<(String, Option<&str>)> = by
            .arms
            .iter()
            .map(|a| {
                (
                    a.status.to_string(),
                    a.variant.as_ref().map(RustIdent::as_str),
                )
            })
            .collect();
        assert_eq!(
            arms,
            [
                ("404".to_string(), Some("Problem")),
                ("422".to_string(), Some("ListItemsResponse422"))
            ]
        );
        let upload = operation(&api, "upload");
        let body = upload.body.as_ref().expect("body");
        assert_eq!(body.encoding, crate::ir::Encoding::Multipart);
        // The file property is bytes in a struct of the body's own.
        let TypeRef::Named(form) = &body.ty else {
            panic!("{:?}", body.ty)
        };
        let TypeKind::Struct(form) = &api[form].kind else {
            panic!("struct")
        };
        assert_eq!(form.fields[0].wire_name, "file");
        assert_eq!(form.fields[0].ty, TypeRef::Bytes);
        // The text/plain response is read as text.
        assert_eq!(upload.success, Some(TypeRef::String));
        assert_eq!(upload.success_decoding, crate::ir::Encoding::Text);
        assert_eq!(upload.accept.as_deref(), Some("text/plain"));
        assert!(upload.limitations.is_empty(), "{:?}", upload.limitations);
    }

    #[test]
    fn plain_json_is_chosen_over_other_json_media_types() {
        let api = lower_yaml(
            r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /analyses/{id}:
    get:
      operationId: getAnalysis
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json+sarif: {schema: {type: string}}
            application/json: {schema: {$ref: '#/components/schemas/Analysis'}}
components:
  schemas:
    Analysis:
      type: object
      properties: {id: {type: integer}}
"#,
        )
        .expect("lowers");
        let op = operation(&api, "getAnalysis");
        let Some(TypeRef::Named(id)) = &op.success else {
            panic!("{:?}", op.success)
        };
        assert_eq!(api[id].name, "Analysis");
        // Every body is application/json: the client's default Accept.
        assert_eq!(op.accept, None);
    }

    #[test]
    fn inline_copies_become_aliases_of_the_first_and_keep_their_names() {
        let api = lower_yaml(
            r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        data: {type: object, properties: {id: {type: string}}}
    B:
      type: object
      properties:
        data: {type: object, properties: {id: {type: string}}}
    C:
      type: object
      properties:
        data: {type: object, properties: {id: {type: integer}}}
"#,
        )
        .expect("lowers");
        let kind = |name: &str| &find(&api, name).kind;
        // Components keep their definitions, even when equal (A and B).
        assert!(matches!(kind("A"), TypeKind::Struct(_)));
        assert!(matches!(kind("B"), TypeKind::Struct(_)));
        // B's inline `data` is A's; C's differs.
        assert!(matches!(kind("AData"), TypeKind::Struct(_)));
        let TypeKind::Alias(TypeRef::Named(id)) = kind("BData") else {
            panic!("{:?}", kind("BData"))
        };
        assert_eq!(api[id].name, "AData");
        assert!(matches!(kind("CData"), TypeKind::Struct(_)));
    }

    #[test]
    fn tags_that_would_share_a_group_struct_are_told_apart() {
        let api = lower_yaml(
            r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: first
      tags: [a1b]
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: second
      tags: [a 1b]
      responses: {'204': {description: ok}}
  /c:
    get:
      operationId: third
      tags: [a1b]
      responses: {'204': {description: ok}}
"#,
        )
        .expect("lowers");
        let groups: Vec<&str> = api
            .operations
            .iter()
            .map(|o| api.groups[o.group.0].accessor.as_str())
            .collect();
        assert_eq!(groups, ["a1b", "a_1b_2", "a1b"]);
    }

    #[test]
    fn success_bodies_in_different_media_types_are_read_as_json_and_documented() {
        let api = lower_yaml(
            r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: JSON.
          content:
            application/json:
              schema: {type: object, properties: {a: {type: string}}}
        '206':
          description: Bytes.
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
"#,
        )
        .expect("lowers");
        let op = operation(&api, "getX");
        assert_eq!(op.success, Some(TypeRef::Json));
        assert_eq!(op.success_decoding, crate::ir::Encoding::Json);
        assert!(
            op.limitations[0].contains("`206`: `application/octet-stream`"),
            "{:?}",
            op.limitations
        );
    }

    #[test]
    fn request_body_and_response_ref_chains_resolve() {
        let api = wire_shapes();
        let op = operation(&api, "createToken");
        let body = op.body.as_ref().expect("body");
        assert_eq!(body.media_type, "application/x-www-form-urlencoded");
        assert_eq!(body.encoding, crate::ir::Encoding::Form);
        let Some(TypeRef::Named(id)) = &op.success else {
            panic!("{:?}", op.success)
        };
        assert!(matches!(api[id].kind, TypeKind::Struct(_)));
    }

    #[test]
    fn webhook_payloads_are_typed() {
        let api = wire_shapes();
        let hook = &api.webhooks[0];
        assert_eq!(
            (hook.key.as_str(), hook.name.as_str()),
            ("item.created", "item_created")
        );
        let Some(TypeRef::Named(id)) = hook.payload.as_ref().map(|b| &b.ty) else {
            panic!("payload")
        };
        assert_eq!(api[id].name, "ItemCreatedRequest");
    }

    #[test]
    fn examples_are_checked_against_their_schema() {
        use crate::ir::ExampleCheck;
        let api = wire_shapes();
        let check = |suffix: &str| {
            let e = api.examples.iter().find(|e| e.origin.ends_with(suffix));
            e.map(|e| e.check.clone()).expect(suffix)
        };
        assert_eq!(check("examples/full"), ExampleCheck::RoundTrip);
        assert_eq!(
            check("examples/extra"),
            ExampleCheck::Changes {
                back: serde_json::json!({"items": [], "order": 1}),
                notes: vec![
                    "`/cursor`: the schema of `Page` does not declare this property, so the typed value drops it".into()
                ],
            }
        );
        assert_eq!(
            check("examples/missing"),
            ExampleCheck::Rejected {
                notes: vec![
                    "the example: the required property `items` of `Page` is missing".into()
                ],
            }
        );
    }
}

//! Request and response bodies: the media type chosen, multipart forms with
//! file fields, binary bodies as bytes.

use openapiv3::{MediaType, ReferenceOr, RequestBody, Schema};

use super::view::View;
use super::{Ctx, Lowered, Lowerer, RefOr};
use crate::error::{Result, escape_pointer_token, pointer};
use crate::ir::{Body, Encoding, ResponseBody, TypeDef, TypeKind, TypeRef, is_plain_json};
use crate::markers;

impl<'a> Lowerer<'a> {
    pub(super) fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        base: &str,
        at: &str,
    ) -> Result<Option<Body>> {
        let (body, key) = self.follow(body, "requestBodies", at, |c| &c.request_bodies)?;
        let (name, at) = match key {
            None => (format!("{base} Request"), at.to_string()),
            Some(n) => (n.to_string(), pointer(["components", "requestBodies", n])),
        };
        let Some(content) = self.content(&body.content, &name, &at)? else {
            return Ok(None);
        };
        let ty = match (content.encoding, &body.content[&content.media_type].schema) {
            (Encoding::Multipart, Some(schema)) => {
                self.multipart_form(schema.into(), content.ty, &at)?
            }
            _ => content.ty,
        };
        Ok(Some(Body {
            encoding: content.encoding,
            media_type: content.media_type,
            ty,
            required: body.required,
            docs: self.docs.render(body.description.as_deref()),
        }))
    }

    /// The type a multipart body is sent from. When the schema has file
    /// properties (`format: binary`, or a 3.1 `contentMediaType` without
    /// `contentEncoding`, directly or as array items), those fields are
    /// bytes: in the body's inline struct itself, or, for a component
    /// schema (whose struct keeps strings, as JSON needs), in a struct of
    /// its own, `...Form`. Other bodies are sent as they are.
    pub(super) fn multipart_form(
        &mut self,
        schema: RefOr<'a>,
        ty: TypeRef,
        at: &str,
    ) -> Result<TypeRef> {
        let resolved = self.resolve(schema, at)?;
        let view = View::of(resolved);
        let Some(properties) = view.properties else {
            return Ok(ty);
        };
        let mut files = Vec::new();
        for (wire, prop) in properties {
            let prop = self.resolve(prop.into(), at)?;
            let items = View::of(prop).items;
            let binary = is_binary(prop)
                || match items {
                    Some(items) => is_binary(self.resolve(items.into(), at)?),
                    None => false,
                };
            if binary {
                files.push(wire.as_str());
            }
        }
        if files.is_empty() {
            return Ok(ty);
        }
        let mut target = &ty;
        while let TypeRef::Named(id) = target {
            match self.types[id.0].as_ref().map(|t| &t.kind) {
                Some(TypeKind::Alias(inner)) => target = inner,
                _ => break,
            }
        }
        let TypeRef::Named(id) = *target else {
            return Ok(ty);
        };
        if let Some(form) = self.multipart_forms.get(&id) {
            return Ok(TypeRef::Named(*form));
        }
        let Some(def) = self.types[id.0].clone() else {
            return Ok(ty);
        };
        let TypeKind::Struct(mut form) = def.kind else {
            return Ok(ty);
        };
        for field in &mut form.fields {
            if files.contains(&field.wire_name.as_str()) {
                field.ty = as_bytes(&field.ty);
            }
        }
        let files_note = "File fields hold bytes, sent as `application/octet-stream` parts \
                          with the field's name as file name.";
        if !self.is_component(id) {
            // An inline schema is this body's alone.
            let docs = match &def.docs {
                Some(docs) => format!("{docs}\n\n{files_note}"),
                None => files_note.to_string(),
            };
            self.define(
                id,
                TypeDef {
                    docs: Some(docs),
                    kind: TypeKind::Struct(form),
                    ..def
                },
            );
            return Ok(ty);
        }
        let docs = format!(
            "[`{name}`] as a `multipart/form-data` body. {files_note}",
            name = def.name
        );
        let docs = match def.docs {
            Some(more) => format!("{docs}\n\n{more}"),
            None => docs,
        };
        let name = format!("{} Form", def.name);
        let form = self.add_type(
            &name,
            &def.origin,
            Some(docs),
            def.deprecated,
            TypeKind::Struct(form),
        );
        self.multipart_forms.insert(id, form);
        Ok(TypeRef::Named(form))
    }

    /// The body of a request or response: `application/json` if it is
    /// there, else another JSON media type, else the first; its schema
    /// lowered and its examples collected. A body that is not JSON and
    /// whose schema is a string (or absent) is text or bytes, as its media
    /// type says. (GitHub's code scanning analysis lists
    /// `application/json+sarif` as a string first, then `application/json`
    /// as the typed analysis.)
    pub(super) fn content(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        name: &str,
        at: &str,
    ) -> Result<Option<ResponseBody>> {
        let chosen = content
            .iter()
            .find(|(m, _)| is_plain_json(m))
            .or_else(|| {
                content
                    .iter()
                    .find(|(m, _)| Encoding::of(m) == Encoding::Json)
            })
            .or_else(|| content.iter().next());
        let Some((media_type, media)) = chosen else {
            return Ok(None);
        };
        let encoding = Encoding::of(media_type);
        let media_pointer = format!("{at}/content/{}", escape_pointer_token(media_type));
        let lowered = match &media.schema {
            Some(schema) => {
                let ctx = Ctx::new(name.to_string(), format!("{media_pointer}/schema"));
                self.schema_at(RefOr::from(schema), &ctx)?
            }
            None => json_value(),
        };
        if encoding == Encoding::Json {
            self.media_examples(media, &lowered.ty, lowered.nullable, name, &media_pointer);
        }
        // Text and other media read as text and bytes, whatever the schema
        // (a JSON-like schema of an XML body cannot be applied).
        let ty = match encoding {
            Encoding::Text => TypeRef::String,
            Encoding::Binary => TypeRef::Bytes,
            _ if lowered.nullable && encoding == Encoding::Json => {
                TypeRef::Nullable(Box::new(lowered.ty))
            }
            _ => lowered.ty,
        };
        Ok(Some(ResponseBody {
            media_type: media_type.clone(),
            encoding,
            ty,
        }))
    }
}

/// Whether a schema is a file: a binary string (`format: binary`, or a 3.1
/// `contentMediaType` without `contentEncoding`).
pub(super) fn is_binary(schema: &Schema) -> bool {
    let view = View::of(schema);
    let extensions = &schema.schema_data.extensions;
    view.typ == Some("string")
        && (view.format.as_deref() == Some("binary")
            || (extensions.contains_key(markers::X_CONTENT_MEDIA_TYPE)
                && !extensions.contains_key(markers::X_CONTENT_ENCODING)))
}

/// A file field's type with its strings made bytes.
pub(super) fn as_bytes(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Array(item) => TypeRef::Array(Box::new(as_bytes(item))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(as_bytes(inner))),
        _ => TypeRef::Bytes,
    }
}

pub(super) fn json_value() -> Lowered {
    Lowered {
        ty: TypeRef::Json,
        nullable: false,
        docs: None,
        deprecated: false,
    }
}

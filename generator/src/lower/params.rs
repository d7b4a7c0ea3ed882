//! An operation's parameters: `$ref`s followed, style and explode read,
//! each lowered to an argument.

use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::bodies::json_value;
use super::{Ctx, Lowerer};
use crate::error::Result;
use crate::ir::{Param, ParamLocation, ParamStyle};
use crate::naming::{Namer, field_name};

impl<'a> Lowerer<'a> {
    pub(super) fn parameter(
        &self,
        p: &'a ReferenceOr<Parameter>,
        at: &str,
    ) -> Result<SpecParam<'a>> {
        let (param, _) = self.follow(p, "parameters", at, |c| &c.parameters)?;
        let (data, location, style) = match param {
            Parameter::Query {
                parameter_data,
                style,
                ..
            } => (
                parameter_data,
                ParamLocation::Query,
                match style {
                    openapiv3::QueryStyle::Form => ParamStyle::Form,
                    openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
            ),
            Parameter::Header { parameter_data, .. } => {
                (parameter_data, ParamLocation::Header, ParamStyle::Simple)
            }
            Parameter::Path {
                parameter_data,
                style,
            } => (
                parameter_data,
                ParamLocation::Path,
                match style {
                    openapiv3::PathStyle::Simple => ParamStyle::Simple,
                    openapiv3::PathStyle::Label => ParamStyle::Label,
                    openapiv3::PathStyle::Matrix => ParamStyle::Matrix,
                },
            ),
            Parameter::Cookie { parameter_data, .. } => {
                (parameter_data, ParamLocation::Cookie, ParamStyle::Form)
            }
        };
        let style = match data.format {
            ParameterSchemaOrContent::Content(_) => ParamStyle::Json,
            ParameterSchemaOrContent::Schema(_) => style,
        };
        // `form` explodes unless told otherwise; every other style does not.
        let explode = data.explode.unwrap_or(style == ParamStyle::Form);
        Ok(SpecParam {
            data,
            location,
            style,
            explode,
        })
    }

    /// Follows a chain of `$ref`s into one section of `components` (a
    /// request body that refers to another, ...) to the item at its end,
    /// with the item's name when it is a component.
    pub(super) fn follow<T>(
        &self,
        item: &'a ReferenceOr<T>,
        section: &str,
        at: &str,
        get: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(&'a T, Option<&'a str>)> {
        let prefix = format!("#/components/{section}/");
        let mut current = item;
        let mut name = None;
        for _ in 0..64 {
            match current {
                ReferenceOr::Item(item) => return Ok((item, name)),
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix(&prefix);
                    let found = key.and_then(|k| {
                        self.spec
                            .components
                            .as_ref()
                            .and_then(|c| get(c).get_key_value(k))
                    });
                    match found {
                        Some((k, next)) => {
                            name = Some(k.as_str());
                            current = next;
                        }
                        None => {
                            return Err(self.invalid(
                                at,
                                format!("dangling `$ref: {reference}`: no such entry in #/components/{section}"),
                            ));
                        }
                    }
                }
            }
        }
        Err(self.invalid(at, format!("`$ref` cycle in #/components/{section}")))
    }

    pub(super) fn lower_param(
        &mut self,
        param: SpecParam<'a>,
        base: &str,
        at: &str,
        names: &mut Namer,
    ) -> Result<Param> {
        let SpecParam {
            data,
            location,
            style,
            explode,
        } = param;
        let ctx = Ctx::new(format!("{base} {}", data.name), format!("{at}/schema"));
        let lowered = match &data.format {
            ParameterSchemaOrContent::Schema(s) => self.schema_at(s.into(), &ctx)?,
            ParameterSchemaOrContent::Content(content) => {
                match content.values().next().and_then(|m| m.schema.as_ref()) {
                    Some(s) => self.schema_at(s.into(), &ctx)?,
                    None => json_value(),
                }
            }
        };
        self.named_examples(&data.examples, &lowered.ty, lowered.nullable, &ctx.name, at);
        if let Some(value) = &data.example {
            let media = MediaType {
                example: Some(value.clone()),
                ..Default::default()
            };
            self.media_examples(&media, &lowered.ty, lowered.nullable, &ctx.name, at);
        }
        let sample = match (&data.example, &data.format) {
            (Some(example), _) if example.is_string() => Some(example.clone()),
            (_, ParameterSchemaOrContent::Schema(s)) => self.sample_of(s.into()),
            _ => None,
        };
        Ok(Param {
            sample,
            wire_name: data.name.clone(),
            name: names.ident(field_name(&data.name, "param")),
            location,
            ty: lowered.ty,
            required: data.required || location == ParamLocation::Path,
            docs: self.docs.render(data.description.as_deref()),
            style,
            explode,
            client_wide: false,
        })
    }
}

/// A parameter as the spec gives it, `$ref`s followed.
pub(super) struct SpecParam<'a> {
    pub(super) data: &'a openapiv3::ParameterData,
    pub(super) location: ParamLocation,
    style: ParamStyle,
    explode: bool,
}

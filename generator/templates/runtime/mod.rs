//! The hand-written runtime of a generated client, written out verbatim by
//! the generator. Generated modules build on it.
//!
//! It holds the HTTP client ([`Client`], [`ClientBuilder`]), the per-call
//! settings ([`RequestOptions`]), the retry rules ([`RetryPolicy`]), the
//! hooks an application adds ([`Hook`]) and the error type every operation
//! returns ([`Error`]). Generated operations
//! describe a call as a [`Request`] and hand it to [`Client::send`], which
//! returns the call as a [`ResponseFuture`].
//!
//! One file per job:
//!
//! - `auth.rs`: credentials, and which of them a call sends;
//! - `client.rs`: the client, its builder, and sending a request with
//!   retries;
//! - `options.rs`: the settings of one call;
//! - `retry.rs`: when and how long to wait before trying again;
//! - `hooks.rs`: the application's code run around each attempt;
//! - `error.rs`: what a call, or building the client, fails with;
//! - `request.rs`: a call as an operation describes it, and its bodies;
//! - `params.rs`: parameters written as their `style` says, percent-encoded;
//! - `multipart.rs`: `multipart/form-data` bodies;
//! - `paging.rs`: the streams of a paginated operation's pages and items;
//! - `response.rs`: reading a response and decoding its body;
//! - `deserialize.rs`: what generated models call when they deserialize;
//! - `serialize.rs`: what generated structs call when they serialize.
//!
//! Generated code reaches all of it through the re-exports below.

// Which helpers a crate uses depends on its spec.
#![allow(dead_code)]

mod auth;
mod client;
mod deserialize;
mod error;
mod hooks;
mod multipart;
mod options;
mod paging;
mod params;
mod request;
mod response;
mod retry;
mod serialize;
#[cfg(test)]
mod testing;

pub use client::{Client, ClientBuilder};
pub use error::{ApiError, BuildError, Error};
pub use hooks::{Attempt, AttemptError, Hook, HookError, HookResponse};
pub use options::RequestOptions;
pub use response::ResponseFuture;
pub use retry::RetryPolicy;

// What generated modules call. Which of it a crate uses depends on its spec.
#[allow(unused_imports)]
pub(crate) use auth::{Apply, Scheme, Secret};
#[allow(unused_imports)]
pub(crate) use deserialize::{Object, ReadObject, keeps_all, read_object};
#[allow(unused_imports)]
pub(crate) use multipart::Multipart;
#[allow(unused_imports)]
pub(crate) use paging::{items, pages};
#[allow(unused_imports)]
pub(crate) use params::{Style, encode_path, header, path, query_pairs};
#[allow(unused_imports)]
pub(crate) use request::Request;
#[allow(unused_imports)]
pub(crate) use response::{bytes, ignore, json, text};
#[allow(unused_imports)]
pub(crate) use serialize::write_object;

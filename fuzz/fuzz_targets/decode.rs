//! The generated clients' response decoding from bytes, as the runtime does
//! it (`serde_json::from_slice`; an all-whitespace body reads as `null`).
//! The first byte picks the type: Kombo's response types (from the committed
//! client in `generated-client/`), and recursive, circular and union types
//! of a corpus client that `build.rs` generates.
//!
//! Invariants: no panic, and whatever decodes serializes to a JSON value
//! that decodes to an equal value which serializes to the same JSON.
#![no_main]
#![allow(dead_code, unused_imports, clippy::all)]

use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;

#[cfg(corpus_client)]
include!(env!("CORPUS_CLIENT_ROOT"));

fn check<T>(body: &[u8])
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    let Ok(first) = serde_json::from_slice::<T>(body) else {
        return;
    };
    let json = serde_json::to_value(&first)
        .unwrap_or_else(|e| panic!("{first:?} decoded but does not serialize: {e}"));
    let second: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("{first:?} serialized to {json}, which does not decode: {e}"));
    assert_eq!(first, second, "{json} decodes to another value");
    let again = serde_json::to_value(&second).expect("serializes");
    assert_eq!(json, again, "serializing is not stable");
}

macro_rules! types {
    ($selector:expr, $body:expr; $($ty:ty),* $(,)?) => {{
        let table: &[fn(&[u8])] = &[$(check::<$ty>),*];
        table[usize::from($selector) % table.len()]($body)
    }};
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    #[cfg(corpus_client)]
    types!(selector, body;
        kombo::models::GetConnectIntegrationByTokenTokenPositiveResponse,
        kombo::models::PostConnectActivateIntegrationPositiveResponse,
        kombo::models::ErrorResponseGeneral,
        models::ModelWithRecursiveRef,
        models::ModelWithCircularRefA,
        models::ModelWithDiscriminatedUnion,
        models::ExtendedOneOfModels,
        models::ModelWithUnionPropertyInlined,
        models::AModel,
        models::ModelWithAnyJsonPropertiesValue,
        models::AnArrayWithACircularRefInItemsObjectAdditionalPropertiesA,
        models::PostResponsesUnionsSimpleBeforeComplexResponse,
    );
    #[cfg(not(corpus_client))]
    types!(selector, body;
        kombo::models::GetConnectIntegrationByTokenTokenPositiveResponse,
        kombo::models::PostConnectActivateIntegrationPositiveResponse,
        kombo::models::ErrorResponseGeneral,
    );
});

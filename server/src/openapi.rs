//! The API's description (`GET /api/openapi.json`, OpenAPI 3.1), made from the code: the
//! routes and their handlers' `#[utoipa::path]`, the request and response types' schemas
//! (the domain's, under its `openapi` feature), and here the parts every operation shares:
//! sign-in and the error answers.

use serde_json::Value;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, ToSchema};
use vero_domain::api::ApiError;

/// The security scheme of operations that need a signed-in caller (their
/// `#[utoipa::path]` names it, as a literal).
pub const BEARER: &str = "bearerAuth";

const DESCRIPTION: &str = "Sign-in, the directory and offline-first sync of lesson \
observations.

Every request and response body is JSON (`Content-Type: application/json`). Bodies are \
read strictly: unknown fields, missing required fields, wrong types and unknown enum \
values are refused with 400 `bad_json`. An integer may be written as a whole number \
with a fraction or exponent (`237.0`, `2.37e2`) up to 2^53; beyond that, without. Every \
4xx/5xx answer has the body `ApiError`: a stable `error` code for programs and a \
`message` sentence for people.

Bodies are at most 1 MiB, except `POST /api/sync`, which takes up to 4 MiB; larger \
bodies get 413 `too_large`. A body without `Content-Type: application/json` gets 415 \
`unsupported_media_type`. An unknown `/api` address gets 404 `not_found`; a known \
address with the wrong method gets 405 `method_not_allowed`. 503 (`storage_unavailable`, \
`busy`) means the server could not finish: try again shortly.

Operations marked with `bearerAuth` need `Authorization: Bearer <token>` with the \
`token` of a `Session` from `POST /api/login`; a missing, malformed, revoked or expired \
token gets 401 `unauthorized`.";

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Vēro API", description = DESCRIPTION),
    components(schemas(ApiError))
)]
pub struct ApiDoc;

/// The finished description, as JSON: `doc` (the routed operations in) with what they
/// share added, and every integer's bounds written out.
pub fn finish(mut doc: OpenApi) -> Value {
    Shared.modify(&mut doc);
    let mut json = serde_json::to_value(&doc).expect("the description is JSON");
    integer_bounds(&mut json);
    json
}

/// What every operation shares: the bearer scheme, and the error answers that follow
/// from its shape (signed in, with a body, reaching the database).
struct Shared;

impl Modify for Shared {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.description = Some(
            "The `token` of a `Session` from `POST /api/login`. Valid for 30 days unless \
             revoked by `POST /api/logout`."
                .into(),
        );
        components.add_security_scheme(BEARER, SecurityScheme::Http(bearer));

        for item in doc.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                add_failures(operation);
            }
        }
    }
}

fn add_failures(op: &mut Operation) {
    let signed_in = op.security.as_ref().is_some_and(|s| !s.is_empty());
    if op.request_body.is_some() {
        failure(
            op,
            "400",
            "`bad_json`: not JSON, unknown or missing fields, wrong types, unknown enum \
             values, values outside what the schema allows. `bad_request`: a value the \
             operation refuses (named in the message).",
        );
        failure(
            op,
            "413",
            "`too_large`: the body is over the limit (1 MiB; 4 MiB for sync).",
        );
        failure(
            op,
            "415",
            "`unsupported_media_type`: the body is not sent as `application/json`.",
        );
    }
    if signed_in {
        failure(
            op,
            "401",
            "`unauthorized`: no, malformed, revoked or expired bearer token.",
        );
    }
    if op.operation_id.as_deref() != Some("openapi") {
        failure(
            op,
            "503",
            "`storage_unavailable` or `busy`: the server could not finish; try again \
             shortly.",
        );
    }
}

/// Adds an error answer unless the operation describes that status itself.
fn failure(op: &mut Operation, status: &str, description: &str) {
    let responses = &mut op.responses.responses;
    if !responses.contains_key(status) {
        responses.insert(status.to_owned(), RefOr::T(error_response(description)));
    }
}

/// An answer with the `ApiError` body.
pub fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name(ApiError::name()))),
        )
        .build()
}

/// The range each integer format stands for, written out as `minimum` and `maximum`
/// where a schema does not narrow it: a format is only a name to a validator or a test
/// generator, so without bounds `2^64` would pass for a `uint64` the server cannot read.
///
/// utoipa spells the unsigned formats `u-int32` and `u-int64` (kebab case of its enum's
/// variants); they are written here as OpenAPI's registry has them, `uint32`, `uint64`.
fn integer_bounds(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(format)) = map.get_mut("format") {
                if let Some(bits) = format.strip_prefix("u-int") {
                    *format = format!("uint{bits}");
                }
            }
            let is_integer = match map.get("type") {
                Some(Value::String(t)) => t == "integer",
                Some(Value::Array(types)) => types.iter().any(|t| t == "integer"),
                _ => false,
            };
            let range: Option<(Value, Value)> = match map.get("format").and_then(Value::as_str) {
                Some("int32") => Some((i32::MIN.into(), i32::MAX.into())),
                Some("int64") => Some((i64::MIN.into(), i64::MAX.into())),
                Some("uint32") => Some((0.into(), u32::MAX.into())),
                Some("uint64") => Some((0.into(), u64::MAX.into())),
                _ => None,
            };
            if let (true, Some((min, max))) = (is_integer, range) {
                map.entry("minimum").or_insert(min);
                map.entry("maximum").or_insert(max);
            }
            map.values_mut().for_each(integer_bounds);
        }
        Value::Array(items) => items.iter_mut().for_each(integer_bounds),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integer_formats_get_their_bounds_unless_narrowed() {
        let mut schema = json!({"properties": {
            "a": {"type": "integer", "format": "u-int64"},
            "b": {"type": ["integer", "null"], "format": "uint32", "minimum": 1},
            "c": {"type": "integer", "format": "int64"},
            "d": {"type": "string", "format": "int64"},
        }});
        integer_bounds(&mut schema);
        let p = &schema["properties"];
        assert_eq!(p["a"]["format"], "uint64");
        assert_eq!(p["a"]["minimum"], 0);
        assert_eq!(p["a"]["maximum"], u64::MAX);
        assert_eq!(p["b"]["minimum"], 1);
        assert_eq!(p["b"]["maximum"], u32::MAX);
        assert_eq!(p["c"]["minimum"], i64::MIN);
        assert_eq!(p["c"]["maximum"], i64::MAX);
        assert!(p["d"].get("maximum").is_none());
    }
}

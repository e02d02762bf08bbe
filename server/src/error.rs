//! Every failure the API reports is JSON with a stable code and a readable sentence.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use vero_domain::api::ApiError;

use crate::storage::StorageError;

#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl Failure {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Failure {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "This address does not accept that method.",
        )
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = ApiError {
            error: self.code.to_owned(),
            message: self.message,
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<StorageError> for Failure {
    fn from(err: StorageError) -> Self {
        eprintln!("storage error: {err}");
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable",
            "The server could not reach its database; try again shortly.",
        )
    }
}

impl From<tokio::task::JoinError> for Failure {
    fn from(err: tokio::task::JoinError) -> Self {
        eprintln!("background task failed: {err}");
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "The server could not finish the request; try again.",
        )
    }
}

/// axum's own JSON rejections answer in plain text; ours answer in the API's JSON shape.
impl From<JsonRejection> for Failure {
    fn from(rejection: JsonRejection) -> Self {
        let status = rejection.status();
        let (status, code) = match status {
            StatusCode::PAYLOAD_TOO_LARGE => (status, "too_large"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (status, "unsupported_media_type"),
            _ => (StatusCode::BAD_REQUEST, "bad_json"),
        };
        let message = match code {
            "too_large" => "The request body is too large.".to_owned(),
            "unsupported_media_type" => {
                "Send the body as JSON with Content-Type: application/json.".to_owned()
            }
            _ => format!("The JSON body is not valid: {}", rejection.body_text()),
        };
        Failure::new(status, code, message)
    }
}

/// A JSON body extractor whose rejection is a [`Failure`].
pub struct JsonBody<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for JsonBody<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Failure> {
        let JsonBytes(bytes) = JsonBytes::from_request(req, state).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// A body parsed as `T`. axum's Json tracks the path of every value it reads, for its
/// error message; on a large sync push that bookkeeping costs more than the parse. So the
/// body is parsed plainly, and only one that fails goes through Json for the message.
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Failure> {
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(_) => parse_json_as_axum(bytes),
    }
}

/// A body parsed through axum's Json, whose failure names where the body is wrong.
pub fn parse_json_as_axum<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Failure> {
    Json::<T>::from_bytes(bytes)
        .map(|Json(value)| value)
        .map_err(Failure::from)
}

/// A JSON body not parsed yet: its media type checked and its size within the limit.
pub struct JsonBytes(pub axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for JsonBytes {
    type Rejection = Failure;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Failure> {
        if !is_json(req.headers()) {
            // axum's own answer to a body that does not say it is JSON.
            return Err(
                match Json::<serde::de::IgnoredAny>::from_request(req, state).await {
                    Err(rejection) => rejection.into(),
                    Ok(_) => Failure::new(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        "unsupported_media_type",
                        "Send the body as JSON with Content-Type: application/json.",
                    ),
                },
            );
        }
        axum::body::Bytes::from_request(req, state)
            .await
            .map(JsonBytes)
            .map_err(|rejection| body_failure(rejection.status()))
    }
}

/// What axum's Json accepts as a JSON body: `application/json` or `application/*+json`.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A body that could not be read: too large, or cut off.
fn body_failure(status: StatusCode) -> Failure {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        Failure::new(status, "too_large", "The request body is too large.")
    } else {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_json",
            "The request body could not be read.",
        )
    }
}

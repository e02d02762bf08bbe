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
    Json<T>: axum::extract::FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Failure> {
        if !is_json(req.headers()) {
            let Json(value) = Json::<T>::from_request(req, state).await?;
            return Ok(JsonBody(value));
        }
        // axum's Json tracks the path of every value it reads, for its error message; on
        // a large sync push that bookkeeping costs more than the parse. Parse plainly,
        // and only a body that fails goes through Json again for the message.
        let (parts, body) = req.into_parts();
        let (method, uri, headers) = (
            parts.method.clone(),
            parts.uri.clone(),
            parts.headers.clone(),
        );
        let request = axum::extract::Request::from_parts(parts, body);
        let bytes = match axum::body::Bytes::from_request(request, state).await {
            Ok(bytes) => bytes,
            Err(rejection) => return Err(body_failure(rejection.status())),
        };
        if let Ok(value) = serde_json::from_slice::<T>(&bytes) {
            return Ok(JsonBody(value));
        }
        let mut again = axum::extract::Request::new(axum::body::Body::from(bytes));
        *again.method_mut() = method;
        *again.uri_mut() = uri;
        *again.headers_mut() = headers;
        let Json(value) = Json::<T>::from_request(again, state).await?;
        Ok(JsonBody(value))
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

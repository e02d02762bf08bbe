//! JSON over `fetch`, with the API's error shape decoded for the caller.

use serde::de::DeserializeOwned;
use serde::Serialize;
use vero_domain::api::ApiError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

#[derive(Debug, Clone, PartialEq)]
pub enum NetError {
    /// No answer at all: offline, server down, DNS, CORS.
    Unreachable,
    /// The server answered with an error status.
    Status { status: u16, error: ApiError },
    /// The answer was not what the API promises.
    Unreadable(String),
}

fn unreadable(err: impl std::fmt::Debug) -> NetError {
    NetError::Unreadable(format!("{err:?}"))
}

async fn send(
    method: &str,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
) -> Result<Response, NetError> {
    let headers = Headers::new().map_err(unreadable)?;
    headers
        .set("Accept", "application/json")
        .map_err(unreadable)?;
    if body.is_some() {
        headers
            .set("Content-Type", "application/json")
            .map_err(unreadable)?;
    }
    if let Some(token) = token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(unreadable)?;
    }
    let init = RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(&body));
    }
    let request = Request::new_with_str_and_init(path, &init).map_err(unreadable)?;
    let window = web_sys::window().ok_or_else(|| unreadable("no window"))?;
    let answer = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| NetError::Unreachable)?;
    let response: Response = answer.dyn_into().map_err(unreadable)?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let error = read_json::<ApiError>(&response)
        .await
        .unwrap_or_else(|_| ApiError {
            error: "http".into(),
            message: format!("HTTP {status}"),
        });
    Err(NetError::Status { status, error })
}

async fn read_json<T: DeserializeOwned>(response: &Response) -> Result<T, NetError> {
    let promise = response.json().map_err(unreadable)?;
    let value = JsFuture::from(promise).await.map_err(unreadable)?;
    serde_wasm_bindgen::from_value(value).map_err(unreadable)
}

fn to_json<B: Serialize>(body: &B) -> Result<String, NetError> {
    let value = body
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(unreadable)?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(unreadable)
}

pub async fn post_json<B: Serialize, R: DeserializeOwned>(
    path: &str,
    body: &B,
    token: Option<&str>,
) -> Result<R, NetError> {
    let response = send("POST", path, Some(to_json(body)?), token).await?;
    read_json(&response).await
}

/// A POST whose answer carries no body (204).
pub async fn post_empty(path: &str, token: Option<&str>) -> Result<(), NetError> {
    send("POST", path, None, token).await.map(|_| ())
}

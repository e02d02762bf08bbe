//! JSON over `fetch` (through `net.js`), with the API's error shape decoded for the
//! caller.

use js_sys::{Array, Promise};
use serde::de::DeserializeOwned;
use serde::Serialize;
use vero_domain::api::ApiError;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/net.js")]
extern "C" {
    #[wasm_bindgen(js_name = send)]
    fn send_js(
        method: &str,
        path: &str,
        body: Option<String>,
        token: Option<&str>,
        timeout_ms: i32,
    ) -> Promise;
    #[wasm_bindgen(js_name = json)]
    fn json_js(response: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = header)]
    fn header_js(response: &JsValue, name: &str) -> Option<String>;
    #[wasm_bindgen(js_name = download)]
    fn download_js(path: &str, token: &str, fallback_name: &str) -> Promise;
}

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

/// Sends a request; with a `timeout_ms` other than 0, gives up (as `Unreachable`) once
/// it has passed without an answer. The successful response, its body not yet read.
async fn send(
    method: &str,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
    timeout_ms: i32,
) -> Result<JsValue, NetError> {
    answer(send_js(method, path, body, token, timeout_ms)).await
}

/// The response to a request `send_js` started.
async fn answer(sent: Promise) -> Result<JsValue, NetError> {
    let answer = JsFuture::from(sent)
        .await
        .map_err(|_| NetError::Unreachable)?;
    let answer = Array::from(&answer);
    let status = answer.get(0).as_f64().unwrap_or(0.0) as u16;
    let response = answer.get(1);
    if (200..300).contains(&status) {
        return Ok(response);
    }
    let error = serde_wasm_bindgen::from_value::<ApiError>(response).unwrap_or_else(|_| ApiError {
        error: "http".into(),
        message: format!("HTTP {status}"),
    });
    Err(NetError::Status { status, error })
}

async fn read_json<T: DeserializeOwned>(response: &JsValue) -> Result<T, NetError> {
    let value = JsFuture::from(json_js(response))
        .await
        .map_err(unreadable)?;
    serde_wasm_bindgen::from_value(value).map_err(unreadable)
}

/// A value as JSON text, through the browser's JSON.
pub fn to_json<B: Serialize>(body: &B) -> Result<String, NetError> {
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
    let response = send("POST", path, Some(to_json(body)?), token, 0).await?;
    read_json(&response).await
}

/// A signed-in PUT of JSON, answered with JSON.
pub async fn put_json<B: Serialize, R: DeserializeOwned>(
    path: &str,
    body: &B,
    token: &str,
) -> Result<R, NetError> {
    let response = send("PUT", path, Some(to_json(body)?), Some(token), 60_000).await?;
    read_json(&response).await
}

/// A POST of a body already written as JSON, with a time limit on the answer's
/// arrival. The request is on its way when this returns (a Rust future would only start
/// when first awaited): the caller can do other work and await the answer afterwards.
/// The answer comes in two steps: its headers (`Arrived`), then its body.
pub fn start_post_within(
    path: &str,
    json: String,
    token: Option<&str>,
    timeout_ms: i32,
) -> impl std::future::Future<Output = Result<Arrived, NetError>> {
    let sent = send_js("POST", path, Some(json), token, timeout_ms);
    async move { answer(sent).await.map(|response| Arrived { response }) }
}

/// A successful answer whose headers are in, its body not yet read.
pub struct Arrived {
    response: JsValue,
}

impl Arrived {
    pub fn header(&self, name: &str) -> Option<String> {
        header_js(&self.response, name)
    }

    pub async fn json<R: DeserializeOwned>(self) -> Result<R, NetError> {
        read_json(&self.response).await.map_err(|e| match e {
            // An answer cut off (connection dropped) is no answer.
            NetError::Unreadable(_) => NetError::Unreachable,
            other => other,
        })
    }
}

/// A GET answered with success within the time limit (the health probe).
pub async fn get_ok(path: &str, timeout_ms: i32) -> bool {
    send("GET", path, None, None, timeout_ms).await.is_ok()
}

/// A GET of JSON, signed in.
pub async fn get_json<R: DeserializeOwned>(path: &str, token: &str) -> Result<R, NetError> {
    let response = send("GET", path, None, Some(token), 15_000).await?;
    read_json(&response).await
}

/// A signed-in POST of JSON whose answer carries no body (204).
pub async fn post_no_answer<B: Serialize>(
    path: &str,
    body: &B,
    token: &str,
) -> Result<(), NetError> {
    send("POST", path, Some(to_json(body)?), Some(token), 15_000)
        .await
        .map(|_| ())
}

/// A POST whose answer carries no body (204).
pub async fn post_empty(path: &str, token: Option<&str>) -> Result<(), NetError> {
    send("POST", path, None, token, 0).await.map(|_| ())
}

/// A signed-in request without a body (`POST` or `DELETE`) whose answer is JSON.
pub async fn send_for_json<R: DeserializeOwned>(
    method: &str,
    path: &str,
    token: &str,
) -> Result<R, NetError> {
    let response = send(method, path, None, Some(token), 15_000).await?;
    read_json(&response).await
}
/// A signed-in request with a JSON body and a JSON answer, by any method (`PUT` …).
pub async fn send_json<B: Serialize, R: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
    token: &str,
) -> Result<R, NetError> {
    let response = send(method, path, Some(to_json(body)?), Some(token), 15_000).await?;
    read_json(&response).await
}

/// A signed-in `DELETE` whose answer carries no body (204).
pub async fn delete(path: &str, token: &str) -> Result<(), NetError> {
    send("DELETE", path, None, Some(token), 15_000)
        .await
        .map(|_| ())
}

/// Fetches a file from the API, signed in, and saves it on the device (a Blob
/// download); the name it was saved under.
pub async fn download(path: &str, token: &str, fallback_name: &str) -> Result<String, NetError> {
    let saved = answer(download_js(path, token, fallback_name)).await?;
    saved.as_string().ok_or_else(|| unreadable("no file name"))
}

//! JSON over `fetch`, with the API's error shape decoded for the caller.

use serde::de::DeserializeOwned;
use serde::Serialize;
use vero_domain::api::ApiError;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

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
    send_within(method, path, body, token, None).await
}

/// Sends a request; with `timeout_ms`, gives up (as `Unreachable`) once it has passed.
async fn send_within(
    method: &str,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
    timeout_ms: Option<i32>,
) -> Result<Response, NetError> {
    start(method, path, body, token, timeout_ms)?.answer().await
}

/// A request the browser is already sending: the answer can be awaited later, while
/// other work goes on.
struct Pending {
    answer: JsFuture,
    _timer: Option<Timer>,
}

/// Hands the request to the browser at once (a Rust future would only start when
/// first awaited).
fn start(
    method: &str,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
    timeout_ms: Option<i32>,
) -> Result<Pending, NetError> {
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
    let window = web_sys::window().ok_or_else(|| unreadable("no window"))?;
    // Aborting also ends a body still being read, so a stalled answer cannot hang sync.
    let timer = match timeout_ms {
        Some(ms) => {
            let controller = AbortController::new().map_err(unreadable)?;
            init.set_signal(Some(&controller.signal()));
            let abort = Closure::once_into_js(move || controller.abort());
            let id = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), ms)
                .map_err(unreadable)?;
            Some(Timer(id))
        }
        None => None,
    };
    let request = Request::new_with_str_and_init(path, &init).map_err(unreadable)?;
    Ok(Pending {
        answer: JsFuture::from(window.fetch_with_request(&request)),
        _timer: timer,
    })
}

impl Pending {
    async fn answer(&mut self) -> Result<Response, NetError> {
        let answer = (&mut self.answer)
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
}

/// Clears the abort timer once the exchange is over.
struct Timer(i32);

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.0);
        }
    }
}

async fn read_json<T: DeserializeOwned>(response: &Response) -> Result<T, NetError> {
    let promise = response.json().map_err(unreadable)?;
    let value = JsFuture::from(promise).await.map_err(unreadable)?;
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
    let response = send("POST", path, Some(to_json(body)?), token).await?;
    read_json(&response).await
}

/// A POST with a time limit; reading the answer counts within it.
pub async fn post_json_within<B: Serialize, R: DeserializeOwned>(
    path: &str,
    body: &B,
    token: Option<&str>,
    timeout_ms: i32,
) -> Result<R, NetError> {
    start_post_within(path, to_json(body)?, token, timeout_ms)?.await
}

/// `post_json_within` of a body already written as JSON, with the request on its way
/// before this returns: the caller can do other work and await the answer afterwards.
pub fn start_post_within<R: DeserializeOwned>(
    path: &str,
    json: String,
    token: Option<&str>,
    timeout_ms: i32,
) -> Result<impl std::future::Future<Output = Result<R, NetError>>, NetError> {
    let mut pending = start("POST", path, Some(json), token, Some(timeout_ms))?;
    Ok(async move {
        let response = pending.answer().await?;
        let read = read_json(&response).await.map_err(|e| match e {
            // An answer cut off (aborted, connection dropped) is no answer.
            NetError::Unreadable(_) => NetError::Unreachable,
            other => other,
        });
        // The timer stays armed until the body is read.
        drop(pending);
        read
    })
}

/// A GET answered with success within the time limit (the health probe).
pub async fn get_ok(path: &str, timeout_ms: i32) -> bool {
    send_within("GET", path, None, None, Some(timeout_ms))
        .await
        .is_ok()
}

/// A GET of JSON, signed in.
pub async fn get_json<R: DeserializeOwned>(path: &str, token: &str) -> Result<R, NetError> {
    let response = send_within("GET", path, None, Some(token), Some(15_000)).await?;
    read_json(&response).await
}

/// A POST whose answer carries no body (204).
pub async fn post_empty(path: &str, token: Option<&str>) -> Result<(), NetError> {
    send("POST", path, None, token).await.map(|_| ())
}

//! `POST /api/sync`: one round trip that pushes a device's patches and pulls what
//! changed since its cursor. The HTTP side only; the rules are in `rules`, the SQL in
//! `storage`.

mod body;
pub mod rules;

use axum::extract::State;
use axum::http::{header, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;
use tokio::sync::Semaphore;
use vero_domain::sync::{wire, RecordView, SyncResponse};

use crate::auth::{now, SignedIn};
use crate::error::{Failure, JsonBytes};
use crate::storage::{SyncOutcome, SyncWork};
use crate::AppState;
use rules::Caller;

/// Sync requests doing their work at once. The database takes one at a time anyway;
/// this many keeps every core busy (checking one while another writes) without a
/// crowd of devices each holding a thread and its memory while waiting for the lock.
static WORKING: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get().max(2)))
});

pub async fn sync(
    State(state): State<AppState>,
    user: SignedIn,
    body: Result<JsonBytes, Failure>,
) -> Result<Response, Failure> {
    let JsonBytes(body) = body.map_err(|f| match f.code {
        "too_large" => Failure::new(
            f.status,
            f.code,
            format!(
                "A sync request is at most {} MiB; push fewer patches at a time.",
                crate::SYNC_BODY_LIMIT / (1024 * 1024)
            ),
        ),
        _ => f,
    })?;
    let caller = Caller::of(&user.profile)
        .ok_or_else(|| Failure::unauthorized("The sign-in has expired; sign in again."))?;
    let _turn = WORKING.acquire().await.map_err(|_| {
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "The server is stopping.",
        )
    })?;
    let storage = state.storage.clone();
    // Reading and checking the body and writing the answer are CPU work on large
    // bodies: all run on the blocking pool, and outside the storage's lock.
    tokio::task::spawn_blocking(move || {
        let (request, checked) = body::read(&body)?;
        if !rules::valid_device(&request.device) {
            return Err(Failure::bad_request(
                "device must be 8 to 64 characters: letters, digits, '-' or '_'.",
            ));
        }
        let limit = match request.limit {
            None => wire::DEFAULT_LIMIT,
            Some(0) => return Err(Failure::bad_request("limit must be at least 1.")),
            Some(n) => n.min(wire::MAX_LIMIT),
        };
        let mut rejected = Vec::new();
        let push = request
            .push
            .into_iter()
            .zip(checked)
            .filter_map(|(p, checked)| match checked {
                Ok(()) => Some(p),
                Err(r) => {
                    rejected.push(r);
                    None
                }
            })
            .collect();
        let work = SyncWork {
            device: request.device,
            since: request.since,
            limit,
            push,
            echoes: request.echoes,
        };
        match storage.sync(&caller, work, now())? {
            SyncOutcome::DeviceTaken => Err(Failure::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "This device id belongs to another account; make a new one.",
            )),
            SyncOutcome::Done(mut response) => {
                rejected.append(&mut response.rejected);
                rejected.sort_by_key(|r| r.seq);
                response.rejected = rejected;
                // Sized up front: a pull page runs to megabytes.
                let mut body = Vec::with_capacity(answer_size(&response));
                serde_json::to_writer(&mut body, &response).map_err(|e| {
                    Failure::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal",
                        format!("The answer could not be written: {e}"),
                    )
                })?;
                // The cursor and `more` in headers too: a device can send its next
                // request as soon as they arrive, and read this body meanwhile.
                let (cursor, more) = (response.cursor.to_string(), response.more.to_string());
                Ok((
                    [
                        (header::CONTENT_TYPE, "application/json"),
                        (
                            HeaderName::from_static(wire::CURSOR_HEADER),
                            cursor.as_str(),
                        ),
                        (HeaderName::from_static(wire::MORE_HEADER), more.as_str()),
                    ],
                    body,
                )
                    .into_response())
            }
        }
    })
    .await?
}

/// About how many bytes the JSON of `response` takes (escapes aside).
fn answer_size(response: &SyncResponse) -> usize {
    let record = |r: &RecordView| {
        120 + r
            .fields
            .iter()
            .map(|(path, heads)| {
                path.len()
                    + heads
                        .iter()
                        .map(|h| h.value.len() + h.by.len() + 40)
                        .sum::<usize>()
            })
            .sum::<usize>()
    };
    256 + response.records.iter().map(record).sum::<usize>() + 64 * response.echoes.len()
}

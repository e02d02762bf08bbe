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
use vero_domain::api::ApiError;
use vero_domain::sync::{wire, RecordView, SyncRequest, SyncResponse};

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

/// Push this device's patches and pull what changed, in one round trip.
///
/// The server first applies the pushed patches, then returns the records changed after
/// `since`, all in one transaction. `acked` means stored on disk: a device may drop
/// those patches from its outbox.
///
/// **Push is idempotent.** A patch is identified by (device, seq). Each is stored and
/// applied exactly once, however often it is sent, also when the same request arrives
/// twice at the same time; a repeat is acknowledged in `acked` again. Patches arriving
/// out of order (seq 2 before seq 1) end in the same state as in order. Each patch is
/// checked on its own: a refused one is listed in `rejected` with a reason (`bad_record`:
/// the id is not a lower-case hyphenated UUID, seq is 0 or above 2^63 - 1, or this
/// device already used the seq for another record; `bad_field`: no fields, more than
/// 200, an unknown path or a value not valid for its field; `forbidden`: the caller may
/// not write one of the fields; `not_found`: no record with this id that the caller may
/// see, the same answer whether it exists or not) and the others still apply; a refusal
/// is final, so do not send that patch again.
///
/// **Merging.** A record is a set of fields, each merged on its own. A patch replaces the
/// values its `base` had seen; a value it had not seen (someone else's concurrent edit)
/// stays beside it, so a field can hold several values: a conflict, kept until a patch
/// whose base covers all of them chooses one. Nothing is overwritten unseen.
///
/// **Pull and cursors.** Every change gives the record a new server sequence number.
/// The answer lists, oldest change first, at most `limit` records (default 500; above
/// 2000 taken as 2000) with a sequence number above `since` that the caller may see,
/// each whole and with only the fields the caller may read. When `more` is true, the
/// page was full: sync again with `since` = `cursor`. Otherwise `cursor` is the newest
/// change on the server, seen or not, so an idle sync stays cheap. Records changed by
/// this request's own push are included like any other change.
///
/// **Who sees a record.** A draft: its owner only. A shared record (`status` is
/// `"shared"`): the owner; the observed teacher (`context.teacher_id`); the teacher's
/// mentors; consultants and ed-tech mentors assigned to the teacher or the teacher's
/// school; management of the teacher's school; municipal specialists. Nobody else;
/// admin accounts see no observations.
///
/// **Who writes what** (`set` paths): `kind`, `template`, `created_at`,
/// `lesson_started_at`, `status`, `deleted_at`, `notes`, `counters`, `strength.1`,
/// `strength.2`, `next_step`, `context.<school|teacher|teacher_id|observer|class|subject|
/// topic|date|time|intended_outcome|goal|priorities>`, `rating.<criterion>`,
/// `evidence.<criterion>`: the owner. `private_note`: the owner, read by the owner only.
/// `opinion`: the owner; read by the owner, the observed teacher and the management of
/// the teacher's school. `reflection`, `acknowledged_at`: only the observed teacher,
/// once shared. `comment.<account id>`: only that account. A field the caller may not
/// write refuses the whole patch (`forbidden`) unless the patch only sets it to its
/// empty value (`""` or `null`) while the record has no value for it: then it is left
/// out and the rest applies, so a device may send a new sheet whole. Each value is JSON
/// text and must be valid for its field, e.g. `status` is `"draft"` or `"shared"`,
/// ratings are on the template's scale.
#[utoipa::path(
    post,
    path = "/sync",
    operation_id = "sync",
    security(("bearerAuth" = [])),
    request_body = SyncRequest,
    responses(
        (
            status = 200,
            description = "Pushed and pulled; see `rejected` for patches refused.",
            body = SyncResponse,
            headers(
                (
                    "vero-cursor" = u64,
                    description = "The body's `cursor`, so the next request can go before \
                                   the body is read."
                ),
                ("vero-more" = bool, description = "The body's `more`: `true` or `false`."),
            )
        ),
        (
            status = 400,
            description = "`bad_json`: not a `SyncRequest`. `bad_request`: `device` is not \
                           8 to 64 letters, digits, `-` or `_`, or `limit` is 0.",
            body = ApiError
        ),
        (
            status = 403,
            description = "`forbidden`: the device id belongs to another account; nothing \
                           was applied. Make a new device id.",
            body = ApiError
        ),
        (
            status = 500,
            description = "`internal`: the answer could not be written.",
            body = ApiError
        ),
    )
)]
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

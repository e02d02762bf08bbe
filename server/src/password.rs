//! `POST /api/password`: a person changes their own password. Their other sessions
//! end (a lost phone signed in stops syncing); the one they changed it in goes on.

use axum::extract::State;
use axum::http::StatusCode;
use vero_domain::api::{PasswordChange, MIN_PASSWORD};

use crate::auth::{hash_password, now, verify_password, SignedIn};
use crate::error::{Failure, JsonBody};
use crate::AppState;

/// Longest password read, in characters.
const MAX: usize = 200;

/// Change the signed-in person's password; their other sessions end.
#[utoipa::path(
    post,
    path = "/password",
    operation_id = "password",
    security(("bearerAuth" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; the other sessions ended."),
        (status = 400, description = "The new password is too short or too long.", body = vero_domain::api::ApiError),
        (status = 403, description = "The current password is wrong.", body = vero_domain::api::ApiError),
    )
)]
pub async fn password(
    State(state): State<AppState>,
    user: SignedIn,
    JsonBody(change): JsonBody<PasswordChange>,
) -> Result<StatusCode, Failure> {
    let length = change.new.chars().count();
    if !(MIN_PASSWORD..=MAX).contains(&length) || change.current.chars().count() > MAX {
        return Err(Failure::bad_request(format!(
            "A password is {MIN_PASSWORD} to {MAX} characters long."
        )));
    }
    let storage = state.storage.clone();
    tokio::task::spawn_blocking(move || -> Result<(), Failure> {
        let username = user.profile.username.clone();
        let found = storage
            .credentials(&username)?
            .ok_or_else(|| Failure::unauthorized("The sign-in has expired; sign in again."))?;
        if !verify_password(&change.current, &found.password_hash) {
            return Err(Failure::forbidden("The current password is wrong."));
        }
        let at = now();
        storage.set_password(
            &username,
            &hash_password(&change.new),
            at,
            Some(&user.token_hash),
        )?;
        storage.add_audit(at, &username, "account.password_changed", &username, "")?;
        Ok(())
    })
    .await??;
    Ok(StatusCode::NO_CONTENT)
}

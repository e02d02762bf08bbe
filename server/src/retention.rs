//! `GET`/`PUT /api/retention`: the municipality's retention period, and the removal of
//! what it puts past — at start, when it is set, and once a day.

use axum::extract::State;
use axum::Json;
use std::sync::Arc;
use std::time::Duration;
use vero_domain::api::{Retention, RetentionApplied};
use vero_domain::{retention, Role};

use crate::admin_api::Admin;
use crate::auth::{now, SignedIn};
use crate::error::{Failure, JsonBody};
use crate::storage::Storage;
use crate::AppState;

/// The retention period: observations whose lesson (its date, or the day the sheet was
/// begun) is older are removed from the server and from devices. Admins and municipal
/// specialists may read it.
#[utoipa::path(
    get,
    path = "/retention",
    operation_id = "retention",
    security(("bearerAuth" = [])),
    responses(
        (status = 200, description = "The period; `years` is `null` when none is set.", body = Retention),
        (status = 403, description = "Not an admin or specialist.", body = vero_domain::api::ApiError),
    )
)]
pub async fn get_retention(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<Json<Retention>, Failure> {
    if !matches!(user.profile.role, Role::Admin | Role::Specialist) {
        return Err(Failure::forbidden(
            "Only an admin or a municipal specialist may read the retention period.",
        ));
    }
    let storage = state.storage.clone();
    let years = tokio::task::spawn_blocking(move || storage.retention()).await??;
    Ok(Json(Retention { years }))
}

/// Set the retention period (admins only; written to the audit log). Every observation
/// it puts past is removed at once: from the server now, from each device at its next
/// sync (`gone`). Pushes for a removed observation, or of a new sheet of a lesson past
/// the period, are refused (`retention`).
#[utoipa::path(
    put,
    path = "/retention",
    operation_id = "setRetention",
    security(("bearerAuth" = [])),
    request_body = Retention,
    responses(
        (status = 200, description = "Set; how many observations it removed.", body = RetentionApplied),
        (
            status = 400,
            description = "`bad_json`: not a `Retention`. `bad_request`: `years` is not 1 to 50 \
                           or `null`.",
            body = vero_domain::api::ApiError
        ),
        (status = 403, description = "Not an admin.", body = vero_domain::api::ApiError),
    )
)]
pub async fn set_retention(
    State(state): State<AppState>,
    Admin(admin): Admin,
    JsonBody(request): JsonBody<Retention>,
) -> Result<Json<RetentionApplied>, Failure> {
    if let Some(years) = request.years {
        retention::check_years(years).map_err(Failure::bad_request)?;
    }
    let storage = state.storage.clone();
    let removed = tokio::task::spawn_blocking(move || {
        storage.set_retention(request.years, &admin.profile.username, now())
    })
    .await??;
    Ok(Json(RetentionApplied {
        years: request.years,
        removed,
    }))
}

/// Removes what the period puts past now, then once a day while the server runs.
pub fn every_day(storage: Arc<dyn Storage>) {
    tokio::spawn(async move {
        let mut day = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
        loop {
            // The first tick is at once: the removal at start.
            day.tick().await;
            let storage = storage.clone();
            match tokio::task::spawn_blocking(move || storage.remove_expired(now())).await {
                Ok(Ok(0)) => {}
                Ok(Ok(n)) => println!("Removed {n} observations past the retention period."),
                Ok(Err(e)) => eprintln!("vero-server: retention: {e}"),
                Err(e) => eprintln!("vero-server: retention: {e}"),
            }
        }
    });
}

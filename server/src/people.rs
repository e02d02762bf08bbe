//! `GET /api/people`: the directory an observer picks the observed teacher from.

use axum::extract::State;
use axum::Json;
use vero_domain::api::Person;

use crate::auth::SignedIn;
use crate::error::Failure;
use crate::AppState;

/// The directory: whom an observer can name as the teacher observed.
///
/// The accounts of the caller's school; for accounts without a school (municipal
/// roles, who work across schools), every account. Admin accounts are never listed:
/// nobody observes them. Sorted by name.
#[utoipa::path(
    get,
    path = "/people",
    operation_id = "people",
    security(("bearerAuth" = [])),
    responses((status = 200, description = "The people.", body = Vec<Person>))
)]
pub async fn people(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<Json<Vec<Person>>, Failure> {
    let school = user.profile.school.map(|s| s.id);
    let storage = state.storage.clone();
    let people = tokio::task::spawn_blocking(move || storage.people(school)).await??;
    Ok(Json(people))
}

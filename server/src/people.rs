//! `GET /api/people`: the directory an observer picks the observed teacher from.

use axum::extract::State;
use axum::Json;
use vero_domain::api::Person;

use crate::auth::SignedIn;
use crate::error::Failure;
use crate::AppState;

/// The caller's school; municipal roles (no school) work across schools and get
/// everyone. Admin accounts are never listed: nobody observes them.
pub async fn people(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<Json<Vec<Person>>, Failure> {
    let school = user.profile.school.map(|s| s.id);
    let storage = state.storage.clone();
    let people = tokio::task::spawn_blocking(move || storage.people(school)).await??;
    Ok(Json(people))
}

//! `GET /api/mentoring`: the mentoring pairs a person is in, for the mentor's home and
//! the mentee's.

use axum::extract::State;
use axum::Json;
use vero_domain::api::MentoringPair;

use crate::auth::SignedIn;
use crate::error::Failure;
use crate::AppState;

/// The mentoring pairs the signed-in person is in, as mentor or as mentee: the two
/// teachers, the start date and the pair's goals. Nobody else's pairs.
#[utoipa::path(
    get,
    path = "/mentoring",
    operation_id = "mentoring",
    security(("bearerAuth" = [])),
    responses((status = 200, description = "The pairs, by start date.", body = Vec<MentoringPair>))
)]
pub async fn mentoring(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<Json<Vec<MentoringPair>>, Failure> {
    let Ok(id) = user.profile.id.parse::<i64>() else {
        return Ok(Json(Vec::new()));
    };
    let storage = state.storage.clone();
    let pairs = tokio::task::spawn_blocking(move || storage.mentoring(id)).await??;
    Ok(Json(pairs))
}

//! The sheet's versions: every signed-in person reads them (`GET /api/templates`); the
//! municipal specialist publishes the next one (`POST /api/templates`). Devices receive
//! new versions in their next sync, beside the sheets.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use vero_domain::templates::{self, PublishProblem};
use vero_domain::{Role, Template};

use crate::auth::{now, SignedIn};
use crate::error::{parse_json, Failure, JsonBytes};
use crate::storage::{Publishing, Storage};
use crate::AppState;

/// Every version, the built-in first.
fn versions(storage: &dyn Storage) -> Result<Vec<Template>, Failure> {
    let mut all = vec![Template::default_template()];
    all.extend(storage.templates()?);
    Ok(all)
}

/// Every version of the sheet's template, oldest first (the built-in is version 1).
#[utoipa::path(
    get,
    path = "/templates",
    operation_id = "templates",
    security(("bearerAuth" = [])),
    responses((status = 200, description = "The versions, oldest first.", body = Vec<Template>))
)]
pub async fn list(
    State(state): State<AppState>,
    _user: SignedIn,
) -> Result<Json<Vec<Template>>, Failure> {
    let storage = state.storage.clone();
    let all = tokio::task::spawn_blocking(move || versions(storage.as_ref())).await??;
    Ok(Json(all))
}

fn stale(latest: u32) -> Failure {
    Failure::new(
        StatusCode::CONFLICT,
        "template_stale",
        format!("Version {latest} was published meanwhile: edit that one."),
    )
}

fn refused(problem: PublishProblem) -> Failure {
    let message = match problem {
        PublishProblem::Template(e) => e.to_string(),
        PublishProblem::ScaleValues => "Only the scale's labels may change.".into(),
        PublishProblem::OtherTemplate(id) => {
            format!("\"{id}\" is not the municipality's template.")
        }
        PublishProblem::Unchanged => "Nothing differs from the newest version.".into(),
    };
    Failure::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "template_invalid",
        message,
    )
}

/// Publish the next version: the body is the newest version as edited (its `version`
/// says which one it was edited from). The answer is the version as published.
#[utoipa::path(
    post,
    path = "/templates",
    operation_id = "publishTemplate",
    security(("bearerAuth" = [])),
    request_body = Template,
    responses(
        (status = 201, description = "Published.", body = Template),
        (status = 403, description = "Not the municipal specialist.", body = vero_domain::api::ApiError),
        (status = 409, description = "Edited from a version that is no longer the newest.", body = vero_domain::api::ApiError),
        (status = 422, description = "Not a template that can be published.", body = vero_domain::api::ApiError),
    )
)]
pub async fn publish(
    State(state): State<AppState>,
    user: SignedIn,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<Template>), Failure> {
    // Refused before the body is read: nobody else learns what a valid one looks like.
    if user.profile.role != Role::Specialist {
        return Err(Failure::forbidden(
            "Only the municipal specialist publishes the sheet.",
        ));
    }
    let draft: Template = parse_json(&body)?;
    let storage = state.storage.clone();
    let actor = user.profile.username.clone();
    let published = tokio::task::spawn_blocking(move || {
        let all = versions(storage.as_ref())?;
        let newest = templates::latest(&all).expect("the built-in is there");
        if draft.version != newest.version {
            return Err(stale(newest.version));
        }
        let next = templates::prepare(&draft, newest).map_err(refused)?;
        match storage.publish_template(&next, &actor, now())? {
            Publishing::Published => Ok(next),
            Publishing::Stale { latest } => Err(stale(latest)),
        }
    })
    .await??;
    Ok((StatusCode::CREATED, Json(published)))
}

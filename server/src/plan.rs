//! `/api/plan`: the observation plan. School management plans its own school, the
//! municipal specialist any school; each change goes to the audit log. Everyone reads
//! the entries they may see: management its school's, the specialist all, an observer
//! those she observes in, a teacher those of her lessons (collegial, not surveillance:
//! she knows her lessons are planned to be observed).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use vero_domain::api::UserProfile;
use vero_domain::plan::PlanProblem;
use vero_domain::plan::{detail_problems, entry_problems, NewPlanEntry, PlanEdit, PlanEntry};
use vero_domain::Role;

use crate::auth::{now, SignedIn};
use crate::error::{Failure, JsonBody};
use crate::storage::{PlanScope, Storage};
use crate::AppState;

/// Whether `user` may plan the observations of `school_id`.
fn may_plan(user: &UserProfile, school_id: i64) -> bool {
    match user.role {
        Role::Specialist => true,
        Role::Management => user.school.as_ref().is_some_and(|s| s.id == school_id),
        _ => false,
    }
}

fn refused() -> Failure {
    Failure::forbidden(
        "Only the school's management or a municipal specialist plans its observations.",
    )
}

fn problems(list: &[PlanProblem]) -> Failure {
    let words: Vec<&str> = list.iter().map(|p| p.english()).collect();
    Failure::bad_request(words.join(" "))
}

fn no_entry() -> Failure {
    Failure::not_found("There is no such plan entry.")
}

fn entry_id(text: &str) -> Result<i64, Failure> {
    text.trim().parse().map_err(|_| no_entry())
}

fn member(storage: &dyn Storage, id: &str) -> Result<Option<vero_domain::plan::Member>, Failure> {
    match id.trim().parse::<i64>() {
        Ok(n) => Ok(storage.plan_member(n)?),
        Err(_) => Ok(None),
    }
}

fn describe(e: &PlanEntry) -> String {
    format!(
        "{} · {} → {} · {} · {}",
        e.school,
        e.observer,
        e.teacher,
        e.date,
        e.kind.id()
    )
}

/// The plan entries the signed-in person may see, each with whether it is done.
#[utoipa::path(
    get,
    path = "/plan",
    operation_id = "plan",
    security(("bearerAuth" = [])),
    responses((status = 200, description = "The entries, by date.", body = Vec<PlanEntry>))
)]
pub async fn plan(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<Json<Vec<PlanEntry>>, Failure> {
    let Ok(person) = user.profile.id.parse::<i64>() else {
        return Ok(Json(Vec::new()));
    };
    let scope = PlanScope {
        every_school: user.profile.role == Role::Specialist,
        school: match user.profile.role {
            Role::Management => user.profile.school.as_ref().map(|s| s.id),
            _ => None,
        },
        person,
    };
    let storage = state.storage.clone();
    let list = tokio::task::spawn_blocking(move || storage.plan(&scope)).await??;
    Ok(Json(list))
}

/// Plan an observation.
#[utoipa::path(
    post,
    path = "/plan",
    operation_id = "addPlanEntry",
    security(("bearerAuth" = [])),
    request_body = NewPlanEntry,
    responses(
        (status = 201, description = "Planned.", body = PlanEntry),
        (status = 400, description = "What is wrong with the entry.", body = vero_domain::api::ApiError),
        (status = 403, description = "Not this school's management nor a specialist.", body = vero_domain::api::ApiError),
    )
)]
pub async fn add(
    State(state): State<AppState>,
    user: SignedIn,
    JsonBody(entry): JsonBody<NewPlanEntry>,
) -> Result<(StatusCode, Json<PlanEntry>), Failure> {
    if !may_plan(&user.profile, entry.school_id) {
        return Err(refused());
    }
    let storage = state.storage.clone();
    let added = tokio::task::spawn_blocking(move || -> Result<PlanEntry, Failure> {
        let observer = member(storage.as_ref(), &entry.observer_id)?;
        let teacher = member(storage.as_ref(), &entry.teacher_id)?;
        let found = entry_problems(
            entry.school_id,
            &entry.observer_id,
            observer,
            &entry.teacher_id,
            teacher,
            &entry.date,
            &entry.goal,
        );
        if !found.is_empty() {
            return Err(problems(&found));
        }
        let added = storage
            .add_plan_entry(&entry)?
            .ok_or_else(|| problems(&[PlanProblem::NoObserver]))?;
        storage.add_audit(
            now(),
            &user.profile.username,
            "plan.added",
            &format!("plan entry {}", added.id),
            &describe(&added),
        )?;
        Ok(added)
    })
    .await??;
    Ok((StatusCode::CREATED, Json(added)))
}

/// Change a planned observation's date, type, goal and priorities.
#[utoipa::path(
    put,
    path = "/plan/{id}",
    operation_id = "editPlanEntry",
    security(("bearerAuth" = [])),
    params(("id" = String, Path, description = "The entry.")),
    request_body = PlanEdit,
    responses(
        (status = 200, description = "Changed.", body = PlanEntry),
        (status = 400, description = "What is wrong with the change.", body = vero_domain::api::ApiError),
        (status = 403, description = "Not this school's management nor a specialist.", body = vero_domain::api::ApiError),
        (status = 404, description = "No such entry.", body = vero_domain::api::ApiError),
    )
)]
pub async fn edit(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    JsonBody(change): JsonBody<PlanEdit>,
) -> Result<Json<PlanEntry>, Failure> {
    let id = entry_id(&id)?;
    let storage = state.storage.clone();
    let changed = tokio::task::spawn_blocking(move || -> Result<PlanEntry, Failure> {
        let entry = storage.plan_entry(id)?.ok_or_else(no_entry)?;
        if !may_plan(&user.profile, entry.school_id) {
            return Err(refused());
        }
        let found = detail_problems(&change.date, &change.goal);
        if !found.is_empty() {
            return Err(problems(&found));
        }
        let changed = storage.edit_plan_entry(id, &change)?.ok_or_else(no_entry)?;
        storage.add_audit(
            now(),
            &user.profile.username,
            "plan.changed",
            &format!("plan entry {id}"),
            &format!(
                "{} (was {} · {})",
                describe(&changed),
                entry.date,
                entry.kind.id()
            ),
        )?;
        Ok(changed)
    })
    .await??;
    Ok(Json(changed))
}

/// Take an observation off the plan.
#[utoipa::path(
    delete,
    path = "/plan/{id}",
    operation_id = "removePlanEntry",
    security(("bearerAuth" = [])),
    params(("id" = String, Path, description = "The entry.")),
    responses(
        (status = 204, description = "Removed."),
        (status = 403, description = "Not this school's management nor a specialist.", body = vero_domain::api::ApiError),
        (status = 404, description = "No such entry.", body = vero_domain::api::ApiError),
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode, Failure> {
    let id = entry_id(&id)?;
    let storage = state.storage.clone();
    tokio::task::spawn_blocking(move || -> Result<(), Failure> {
        let entry = storage.plan_entry(id)?.ok_or_else(no_entry)?;
        if !may_plan(&user.profile, entry.school_id) {
            return Err(refused());
        }
        if storage.remove_plan_entry(id)? {
            storage.add_audit(
                now(),
                &user.profile.username,
                "plan.removed",
                &format!("plan entry {id}"),
                &describe(&entry),
            )?;
        }
        Ok(())
    })
    .await??;
    Ok(StatusCode::NO_CONTENT)
}

//! `/api/open-lessons`: open lessons (atklātās stundas) offered by a school's teachers
//! and management, seen by every school, and the places colleagues take in them.
//! Admins keep accounts and have no part in them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use vero_domain::api::ApiError;
use vero_domain::open_lesson::{offer_problems, tidy, OpenLesson, OpenLessonOffer};
use vero_domain::{Lang, Role};

use crate::auth::{now, SignedIn};
use crate::error::{Failure, JsonBody};
use crate::storage::{LessonViewer, NewOpenLesson, SignUp};
use crate::AppState;

/// A signed-in person other than an admin, as open lessons see them.
pub struct Colleague(pub LessonViewer);

impl axum::extract::FromRequestParts<AppState> for Colleague {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Failure> {
        let user = SignedIn::from_request_parts(parts, state).await?;
        let role = user.profile.role;
        let user_id = user.profile.id.parse::<i64>().ok();
        match user_id {
            Some(user_id) if role != Role::Admin => Ok(Colleague(LessonViewer {
                user_id,
                role,
                school_id: user.profile.school.map(|s| s.id),
            })),
            _ => Err(Failure::forbidden(
                "Open lessons are for schools' and the municipality's staff, not for admins.",
            )),
        }
    }
}

/// A lesson id in the address: one that is not a number names no lesson.
fn lesson_id(id: &str) -> Result<i64, Failure> {
    id.parse::<i64>().map_err(|_| no_such())
}

fn no_such() -> Failure {
    Failure::not_found("There is no such open lesson.")
}

/// Every school's open lessons, by date and time. Those who offered one, give it or
/// manage its school see who signed up; everyone else sees only how many places are
/// taken.
#[utoipa::path(
    get,
    path = "/open-lessons",
    operation_id = "openLessons",
    security(("bearerAuth" = [])),
    responses(
        (status = 200, description = "The offers, by date and time.", body = Vec<OpenLesson>),
        (status = 403, description = "An admin.", body = ApiError),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Colleague(viewer): Colleague,
) -> Result<Json<Vec<OpenLesson>>, Failure> {
    let storage = state.storage.clone();
    let lessons = tokio::task::spawn_blocking(move || storage.open_lessons(&viewer)).await??;
    Ok(Json(lessons))
}

/// Offer an open lesson at the offerer's school: a teacher offers their own lesson;
/// school management may name one of its school's teachers (`teacher_id`).
#[utoipa::path(
    post,
    path = "/open-lessons",
    operation_id = "offerOpenLesson",
    security(("bearerAuth" = [])),
    request_body = OpenLessonOffer,
    responses(
        (status = 201, description = "Offered.", body = OpenLesson),
        (status = 400, description = "`bad_offer`: the date, time, places or texts are not right; the message says which.", body = ApiError),
        (status = 403, description = "Not a teacher or management of a school, or the teacher named is not of that school.", body = ApiError),
    )
)]
pub async fn offer(
    State(state): State<AppState>,
    Colleague(viewer): Colleague,
    JsonBody(offer): JsonBody<OpenLessonOffer>,
) -> Result<(StatusCode, Json<OpenLesson>), Failure> {
    let Some(school_id) = viewer.school_id else {
        return Err(Failure::forbidden(
            "Only a school's teachers and management offer open lessons.",
        ));
    };
    let teacher_id =
        match (viewer.role, offer.teacher_id.as_deref()) {
            (Role::Teacher, None) => viewer.user_id,
            (Role::Teacher, Some(id)) if id == viewer.user_id.to_string() => viewer.user_id,
            (Role::Management, None) => viewer.user_id,
            (Role::Management, Some(id)) => id.parse::<i64>().map_err(|_| not_of_school())?,
            _ => return Err(Failure::forbidden(
                "Only a teacher (for their own lesson) or school management offers an open lesson.",
            )),
        };
    let problems = offer_problems(&offer);
    if !problems.is_empty() {
        let words = crate::admin::catalog(Lang::En);
        let text: Vec<String> = problems.iter().map(|p| p.message(&words)).collect();
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_offer",
            text.join(" "),
        ));
    }
    let offer = tidy(&offer);
    let storage = state.storage.clone();
    let lesson = tokio::task::spawn_blocking(move || -> Result<OpenLesson, Failure> {
        if teacher_id != viewer.user_id {
            match storage.account_school(teacher_id)? {
                Some((Some(school), role)) if school == school_id && role != "admin" => {}
                _ => return Err(not_of_school()),
            }
        }
        let new = NewOpenLesson {
            offered_by: viewer.user_id,
            teacher_id,
            school_id,
            offer: &offer,
        };
        let id = storage.offer_open_lesson(&new, now())?;
        storage.open_lesson(id, &viewer)?.ok_or_else(no_such)
    })
    .await??;
    Ok((StatusCode::CREATED, Json(lesson)))
}

fn not_of_school() -> Failure {
    Failure::forbidden("The teacher named is not one of your school's.")
}

/// Take a place to observe the lesson, while one is free. Two asking for the last
/// place at once: one gets it, the other is answered 409 `no_places`. Asking again
/// once signed up changes nothing.
#[utoipa::path(
    post,
    path = "/open-lessons/{id}/signup",
    operation_id = "signUpOpenLesson",
    security(("bearerAuth" = [])),
    params(("id" = String, Path, description = "The open lesson.")),
    responses(
        (status = 200, description = "Signed up (now or already): the lesson.", body = OpenLesson),
        (status = 403, description = "`own_lesson`: the caller gives or offered it; or an admin.", body = ApiError),
        (status = 404, description = "No such lesson.", body = ApiError),
        (status = 409, description = "`no_places`: every place is taken. `cancelled`: the offer was called off.", body = ApiError),
    )
)]
pub async fn sign_up(
    State(state): State<AppState>,
    Colleague(viewer): Colleague,
    Path(id): Path<String>,
) -> Result<Json<OpenLesson>, Failure> {
    let id = lesson_id(&id)?;
    let storage = state.storage.clone();
    let outcome =
        tokio::task::spawn_blocking(move || storage.sign_up_open_lesson(id, &viewer, now()))
            .await??;
    match outcome {
        SignUp::Done(lesson) => Ok(Json(*lesson)),
        SignUp::Full => Err(Failure::new(
            StatusCode::CONFLICT,
            "no_places",
            "No places left: every place in this lesson is taken.",
        )),
        SignUp::Cancelled => Err(Failure::new(
            StatusCode::CONFLICT,
            "cancelled",
            "This open lesson was called off.",
        )),
        SignUp::Own => Err(Failure::new(
            StatusCode::FORBIDDEN,
            "own_lesson",
            "You give or offered this lesson; colleagues sign up to it.",
        )),
        SignUp::NoSuch => Err(no_such()),
    }
}

/// Give the place back. Without one, nothing changes.
#[utoipa::path(
    delete,
    path = "/open-lessons/{id}/signup",
    operation_id = "leaveOpenLesson",
    security(("bearerAuth" = [])),
    params(("id" = String, Path, description = "The open lesson.")),
    responses(
        (status = 200, description = "No place is the caller's: the lesson.", body = OpenLesson),
        (status = 403, description = "An admin.", body = ApiError),
        (status = 404, description = "No such lesson.", body = ApiError),
    )
)]
pub async fn leave(
    State(state): State<AppState>,
    Colleague(viewer): Colleague,
    Path(id): Path<String>,
) -> Result<Json<OpenLesson>, Failure> {
    let id = lesson_id(&id)?;
    let storage = state.storage.clone();
    let lesson =
        tokio::task::spawn_blocking(move || storage.leave_open_lesson(id, &viewer)).await??;
    lesson.map(Json).ok_or_else(no_such)
}

/// Call the offer off; those signed up see it so. Only its teacher, who offered it, or
/// its school's management may.
#[utoipa::path(
    post,
    path = "/open-lessons/{id}/cancel",
    operation_id = "cancelOpenLesson",
    security(("bearerAuth" = [])),
    params(("id" = String, Path, description = "The open lesson.")),
    responses(
        (status = 200, description = "Called off: the lesson.", body = OpenLesson),
        (status = 403, description = "Not the caller's lesson to call off; or an admin.", body = ApiError),
        (status = 404, description = "No such lesson.", body = ApiError),
    )
)]
pub async fn cancel(
    State(state): State<AppState>,
    Colleague(viewer): Colleague,
    Path(id): Path<String>,
) -> Result<Json<OpenLesson>, Failure> {
    let id = lesson_id(&id)?;
    let storage = state.storage.clone();
    let outcome =
        tokio::task::spawn_blocking(move || storage.cancel_open_lesson(id, &viewer)).await??;
    match outcome {
        Some(Some(lesson)) => Ok(Json(lesson)),
        Some(None) => Err(Failure::forbidden(
            "Only the lesson's teacher, who offered it, or its school's management may call it off.",
        )),
        None => Err(no_such()),
    }
}

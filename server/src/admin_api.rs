//! The admin's API (`/api/admin/…`): the people file checked and imported, accounts
//! reset, deactivated and activated, and the audit log — each refused to anyone but an
//! admin, and each written to the log under the admin's name.

use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use vero_domain::api::{AuditLine, FirstPassword, ImportAnswer, ImportRequest, LinkRemoval};
use vero_domain::Role;

use crate::admin::{first_password, import_file};
use crate::auth::{hash_password, now, SignedIn};
use crate::error::{Failure, JsonBody};
use crate::AppState;

/// A signed-in admin.
pub struct Admin(pub SignedIn);

impl axum::extract::FromRequestParts<AppState> for Admin {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Failure> {
        let user = SignedIn::from_request_parts(parts, state).await?;
        if user.profile.role != Role::Admin {
            return Err(Failure::forbidden("Only an admin may do this."));
        }
        Ok(Admin(user))
    }
}

/// Check a people file; with `apply` and no problems, import it.
#[utoipa::path(
    post,
    path = "/admin/import",
    operation_id = "adminImport",
    security(("bearerAuth" = [])),
    request_body = ImportRequest,
    responses(
        (status = 200, description = "What the file does (or did); nothing while it has problems.", body = ImportAnswer),
        (status = 403, description = "Not an admin.", body = vero_domain::api::ApiError),
    )
)]
pub async fn import(
    State(state): State<AppState>,
    Admin(admin): Admin,
    JsonBody(request): JsonBody<ImportRequest>,
) -> Result<Json<ImportAnswer>, Failure> {
    let storage = state.storage.clone();
    let answer = tokio::task::spawn_blocking(move || {
        import_file(
            storage.as_ref(),
            request.csv.as_bytes(),
            request.apply,
            &admin.profile.username,
        )
    })
    .await??;
    Ok(Json(answer))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries with this text in them.
    pub find: Option<String>,
    /// At most this many (1..=1000, default 200).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// The audit log, newest first.
#[utoipa::path(
    get,
    path = "/admin/audit",
    operation_id = "adminAudit",
    security(("bearerAuth" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "The log.", body = Vec<AuditLine>),
        (status = 403, description = "Not an admin.", body = vero_domain::api::ApiError),
    )
)]
pub async fn audit(
    State(state): State<AppState>,
    Admin(_): Admin,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditLine>>, Failure> {
    let limit = q.limit.unwrap_or(200).clamp(1, 1000);
    let storage = state.storage.clone();
    let find = q.find.filter(|f| !f.trim().is_empty());
    let entries =
        tokio::task::spawn_blocking(move || storage.audit_log(find.as_deref(), limit)).await??;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| AuditLine {
                at: e.at,
                actor: e.actor,
                action: e.action,
                subject: e.subject,
                detail: e.detail,
            })
            .collect(),
    ))
}

fn no_such(username: &str) -> Failure {
    Failure::not_found(format!("There is no account \"{username}\"."))
}

/// Give the account a new first password (answered once) and end its sessions.
#[utoipa::path(
    post,
    path = "/admin/accounts/{username}/reset-password",
    operation_id = "adminResetPassword",
    security(("bearerAuth" = [])),
    params(("username" = String, Path, description = "The account.")),
    responses(
        (status = 200, description = "The new password.", body = FirstPassword),
        (status = 403, description = "Not an admin.", body = vero_domain::api::ApiError),
        (status = 404, description = "No such account.", body = vero_domain::api::ApiError),
    )
)]
pub async fn reset_password(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(username): Path<String>,
) -> Result<Json<FirstPassword>, Failure> {
    let storage = state.storage.clone();
    let password = first_password();
    let hash = hash_password(&password);
    let name = username.clone();
    let found = tokio::task::spawn_blocking(move || -> Result<bool, Failure> {
        let at = now();
        let found = storage.set_password(&name, &hash, at, None)?;
        if found {
            storage.add_audit(
                at,
                &admin.profile.username,
                "account.password_reset",
                &name,
                "",
            )?;
        }
        Ok(found)
    })
    .await??;
    if !found {
        return Err(no_such(&username));
    }
    Ok(Json(FirstPassword { username, password }))
}

async fn set_active(
    state: AppState,
    admin: SignedIn,
    username: String,
    active: bool,
) -> Result<axum::http::StatusCode, Failure> {
    if !active && admin.profile.username == username {
        return Err(Failure::bad_request(
            "An admin cannot deactivate their own account.",
        ));
    }
    let storage = state.storage.clone();
    let name = username.clone();
    let found = tokio::task::spawn_blocking(move || -> Result<bool, Failure> {
        let at = now();
        let found = storage.set_active(&name, active, at)?;
        if found {
            let action = if active {
                "account.activated"
            } else {
                "account.deactivated"
            };
            storage.add_audit(at, &admin.profile.username, action, &name, "")?;
        }
        Ok(found)
    })
    .await??;
    if !found {
        return Err(no_such(&username));
    }
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// End the account's sessions and stop its sign-in; its records stay.
#[utoipa::path(
    post,
    path = "/admin/accounts/{username}/deactivate",
    operation_id = "adminDeactivate",
    security(("bearerAuth" = [])),
    params(("username" = String, Path, description = "The account.")),
    responses(
        (status = 204, description = "Deactivated."),
        (status = 400, description = "The admin's own account.", body = vero_domain::api::ApiError),
        (status = 403, description = "Not an admin.", body = vero_domain::api::ApiError),
        (status = 404, description = "No such account.", body = vero_domain::api::ApiError),
    )
)]
pub async fn deactivate(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(username): Path<String>,
) -> Result<axum::http::StatusCode, Failure> {
    set_active(state, admin, username, false).await
}

/// Let a deactivated account sign in again.
#[utoipa::path(
    post,
    path = "/admin/accounts/{username}/activate",
    operation_id = "adminActivate",
    security(("bearerAuth" = [])),
    params(("username" = String, Path, description = "The account.")),
    responses(
        (status = 204, description = "Active."),
        (status = 403, description = "Not an admin.", body = vero_domain::api::ApiError),
        (status = 404, description = "No such account.", body = vero_domain::api::ApiError),
    )
)]
pub async fn activate(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(username): Path<String>,
) -> Result<axum::http::StatusCode, Failure> {
    set_active(state, admin, username, true).await
}

/// End a mentoring pair, or a consultant's or ed-tech mentor's assignment to a teacher.
#[utoipa::path(
    post,
    path = "/admin/links/remove",
    operation_id = "adminRemoveLink",
    security(("bearerAuth" = [])),
    request_body = LinkRemoval,
    responses(
        (status = 204, description = "Ended."),
        (status = 403, description = "Not an admin.", body = vero_domain::api::ApiError),
        (status = 404, description = "No such link.", body = vero_domain::api::ApiError),
    )
)]
pub async fn remove_link(
    State(state): State<AppState>,
    Admin(admin): Admin,
    JsonBody(link): JsonBody<LinkRemoval>,
) -> Result<axum::http::StatusCode, Failure> {
    let storage = state.storage.clone();
    let (from, to) = (
        link.from.trim().to_lowercase(),
        link.to.trim().to_lowercase(),
    );
    let removed = tokio::task::spawn_blocking(move || {
        storage.remove_link(link.kind, &from, &to, &admin.profile.username, now())
    })
    .await??;
    if !removed {
        return Err(Failure::not_found(
            "There is no such link between the two accounts.",
        ));
    }
    Ok(axum::http::StatusCode::NO_CONTENT)
}

//! Vēro's server: one binary serving the built app and the API over embedded SQLite.

pub mod admin;
pub mod admin_api;
pub mod assets;
pub mod auth;
pub mod config;
pub mod demo;
pub mod error;
pub mod export;
pub mod mentoring;
pub mod open_lessons;
pub mod openapi;
pub mod par;
pub mod password;
pub mod people;
pub mod plan;
pub mod retention;
pub mod roster;
pub mod storage;
pub mod sync;
pub mod templates;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::{Json, Router};
use std::sync::{Arc, LazyLock};
use utoipa::OpenApi;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use vero_domain::api::Health;

use crate::assets::Assets;
use crate::error::Failure;
use crate::storage::Storage;

/// A large sync push makes and frees hundreds of thousands of small strings (a merged
/// record keeps several per field); mimalloc does that at about two thirds of the cost
/// of the system allocator, and without its contention between threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Largest request body the API reads.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// Largest sync request: a device back from days offline pushes many sheets at once.
pub const SYNC_BODY_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub assets: Arc<Assets>,
}

/// The API under `/api`: each handler routed where its `#[utoipa::path]` says, so what is
/// served and what is described cannot part.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(people::people))
        .routes(routes!(mentoring::mentoring))
        .routes(routes!(plan::plan))
        .routes(routes!(plan::add))
        .routes(routes!(plan::edit))
        .routes(routes!(plan::remove))
        .routes(routes!(password::password))
        .routes(routes!(export::export))
        .routes(routes!(retention::get_retention))
        .routes(routes!(retention::set_retention))
        .routes(routes!(admin_api::import))
        .routes(routes!(admin_api::audit))
        .routes(routes!(admin_api::reset_password))
        .routes(routes!(admin_api::deactivate))
        .routes(routes!(admin_api::activate))
        .routes(routes!(admin_api::remove_link))
        .routes(routes!(templates::list))
        .routes(routes!(templates::publish))
        .routes(routes!(open_lessons::list))
        .routes(routes!(open_lessons::offer))
        .routes(routes!(open_lessons::sign_up))
        .routes(routes!(open_lessons::leave))
        .routes(routes!(open_lessons::cancel))
        .routes(routes!(sync::sync).layer(DefaultBodyLimit::max(SYNC_BODY_LIMIT)))
        .routes(routes!(openapi))
}

/// The API's description (OpenAPI 3.1), made from the routes, their handlers and their
/// types.
pub fn description() -> serde_json::Value {
    openapi::finish(
        OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
            .nest("/api", api())
            .into_openapi(),
    )
}

pub fn router(state: AppState) -> Router {
    let (api, _) = api().split_for_parts();
    let api = api.method_not_allowed_fallback(|| async { Failure::method_not_allowed() });
    Router::new()
        .nest("/api", api)
        .fallback(assets::serve)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Whether the server and its database answer.
#[utoipa::path(
    get,
    path = "/health",
    operation_id = "health",
    responses((status = 200, description = "Up.", body = Health))
)]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, Failure> {
    let storage = state.storage.clone();
    tokio::task::spawn_blocking(move || storage.check()).await??;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

/// This description.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi",
    responses((
        status = 200,
        description = "The OpenAPI 3.1 description of the API.",
        body = serde_json::Value
    ))
)]
async fn openapi() -> impl IntoResponse {
    static JSON: LazyLock<String> = LazyLock::new(|| description().to_string());
    ([(header::CONTENT_TYPE, "application/json")], JSON.as_str())
}

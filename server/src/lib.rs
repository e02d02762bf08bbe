//! Vēro's server: one binary serving the built app and the API over embedded SQLite.

pub mod assets;
pub mod auth;
pub mod config;
pub mod demo;
pub mod error;
pub mod par;
pub mod people;
pub mod storage;
pub mod sync;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use std::sync::Arc;
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

/// The API's description, written by hand (`GET /api/openapi.json`).
pub const OPENAPI: &str = include_str!("openapi.json");

#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub assets: Arc<Assets>,
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/login", post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/people", get(people::people))
        .route(
            "/sync",
            post(sync::sync).layer(DefaultBodyLimit::max(SYNC_BODY_LIMIT)),
        )
        .route("/openapi.json", get(openapi))
        .method_not_allowed_fallback(|| async { Failure::method_not_allowed() });
    Router::new()
        .nest("/api", api)
        .fallback(assets::serve)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

async fn health(State(state): State<AppState>) -> Result<Json<Health>, Failure> {
    let storage = state.storage.clone();
    tokio::task::spawn_blocking(move || storage.check()).await??;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

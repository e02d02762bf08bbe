//! Vēro's server: one binary serving the built app and the API over embedded SQLite.

pub mod assets;
pub mod auth;
pub mod config;
pub mod demo;
pub mod error;
pub mod storage;

use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::sync::Arc;
use vero_domain::api::Health;

use crate::assets::Assets;
use crate::error::Failure;
use crate::storage::Storage;

/// Largest request body the API reads.
pub const BODY_LIMIT: usize = 1024 * 1024;

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

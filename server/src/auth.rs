//! Sign-in: argon2id password hashes, random bearer tokens stored only as SHA-256.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Json;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};
use vero_domain::api::{ApiError, LoginRequest, Session, UserProfile};

use crate::error::{Failure, JsonBody};
use crate::AppState;

/// How long a sign-in lasts. Long, because observers work offline for days; a revoked
/// or expired token makes the app ask for the password again.
pub const SESSION_SECONDS: i64 = 30 * 24 * 60 * 60;
const MAX_FIELD: usize = 200;

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters accepts any password")
        .to_string()
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Checked when the username is unknown, so a wrong name costs as long as a wrong
/// password and timing does not reveal which accounts exist.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a real password"))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Sign in with a username and password.
#[utoipa::path(
    post,
    path = "/login",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = Session),
        (
            status = 400,
            description = "`bad_json`: not a `LoginRequest`. `bad_request`: an empty or \
                           too long username or password.",
            body = ApiError
        ),
        (
            status = 401,
            description = "`unauthorized`: wrong username or password (one answer for both).",
            body = ApiError
        ),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<LoginRequest>,
) -> Result<Json<Session>, Failure> {
    // Counted in characters, as the description's `maxLength` counts them; a username
    // of spaces alone is blank (the description's `pattern` asks for a character that
    // is not White_Space, which is what `trim` removes).
    let too_long = |field: &str| field.chars().count() > MAX_FIELD;
    let username = request.username.trim().to_owned();
    if username.is_empty() || request.password.is_empty() {
        return Err(Failure::bad_request("Enter a username and a password."));
    }
    if too_long(&request.username) || too_long(&request.password) {
        return Err(Failure::bad_request(format!(
            "Username and password are at most {MAX_FIELD} characters."
        )));
    }
    let storage = state.storage.clone();
    let session = tokio::task::spawn_blocking(move || -> Result<Option<Session>, Failure> {
        let Some(found) = storage.credentials(&username)? else {
            verify_password(&request.password, decoy_hash());
            return Ok(None);
        };
        if !verify_password(&request.password, &found.password_hash) {
            return Ok(None);
        }
        let token = new_token();
        let issued = now();
        let expires_at = issued + SESSION_SECONDS;
        storage.add_session(&token_hash(&token), found.user_id, issued, expires_at)?;
        Ok(Some(Session {
            token,
            expires_at,
            user: found.profile,
        }))
    })
    .await??;
    session
        .map(Json)
        .ok_or_else(|| Failure::unauthorized("Wrong username or password."))
}

/// Revoke the bearer token.
#[utoipa::path(
    post,
    path = "/logout",
    operation_id = "logout",
    security(("bearerAuth" = [])),
    responses((status = 204, description = "Revoked."))
)]
pub async fn logout(State(state): State<AppState>, user: SignedIn) -> Result<StatusCode, Failure> {
    let storage = state.storage.clone();
    tokio::task::spawn_blocking(move || storage.revoke_session(&user.token_hash, now())).await??;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in account.
#[utoipa::path(
    get,
    path = "/me",
    operation_id = "me",
    security(("bearerAuth" = [])),
    responses((status = 200, description = "The account.", body = UserProfile))
)]
pub async fn me(user: SignedIn) -> Json<UserProfile> {
    Json(user.profile)
}

/// A request made with a valid bearer token.
pub struct SignedIn {
    pub profile: UserProfile,
    pub token_hash: Vec<u8>,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Failure> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| Failure::unauthorized("Sign in first."))?;
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Failure::unauthorized("Use an Authorization: Bearer token."))?;
        let token_hash = token_hash(token);
        let storage = state.storage.clone();
        let lookup = token_hash.clone();
        let profile = tokio::task::spawn_blocking(move || storage.session_user(&lookup, now()))
            .await??
            .ok_or_else(|| Failure::unauthorized("The sign-in has expired; sign in again."))?;
        Ok(SignedIn {
            profile,
            token_hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hashes_are_salted_argon2id_and_verify() {
        let a = hash_password("demo");
        let b = hash_password("demo");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify_password("demo", &a));
        assert!(!verify_password("Demo", &a));
        assert!(!verify_password("demo", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let t = new_token();
        assert_eq!(t.len(), 64);
        assert_ne!(t, new_token());
        assert_eq!(token_hash(&t).len(), 32);
        assert_ne!(token_hash(&t), t.as_bytes());
    }
}

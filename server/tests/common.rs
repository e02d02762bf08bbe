//! A real server (router + SQLite file in a temp dir + a small built app) for tests.
#![allow(dead_code)] // each test file uses a different part

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use std::path::Path;
use std::sync::Arc;
use tempfile::TempDir;
use tower::ServiceExt;
use vero_server::assets::Assets;
use vero_server::storage::SqliteStorage;
use vero_server::{demo, router, AppState};

pub const WASM: &str = "vero-0123456789abcdef_bg.wasm";
pub const JS: &str = "vero-0123456789abcdef.js";

pub struct TestServer {
    pub dir: TempDir,
    pub storage: Arc<SqliteStorage>,
    pub app: Router,
}

pub fn write_dist(dir: &Path) {
    std::fs::create_dir_all(dir.join("icons")).unwrap();
    let index = format!("<!DOCTYPE html><html><head><script type=module src=/{JS}></script></head><body></body></html>{}", " ".repeat(600));
    std::fs::write(dir.join("index.html"), index).unwrap();
    // Compressible, and larger than the compression threshold.
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain((0..20_000u32).map(|i| (i % 7) as u8))
        .collect();
    std::fs::write(dir.join(WASM), wasm).unwrap();
    std::fs::write(
        dir.join(JS),
        "export default function init() {}\n".repeat(40),
    )
    .unwrap();
    std::fs::write(dir.join("icons/icon-192.png"), [0x89, b'P', b'N', b'G']).unwrap();
}

impl TestServer {
    pub fn start() -> TestServer {
        Self::with_app(true)
    }

    pub fn with_app(built: bool) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let storage = Arc::new(SqliteStorage::open(&dir.path().join("data")).unwrap());
        demo::seed(storage.as_ref(), common_today()).unwrap();
        Self::from_parts(dir, storage, built)
    }

    /// Reopens the same data directory, as a restarted server would.
    pub fn restart(self) -> TestServer {
        let TestServer { dir, storage, app } = self;
        drop(app);
        drop(storage);
        let storage = Arc::new(SqliteStorage::open(&dir.path().join("data")).unwrap());
        Self::from_parts(dir, storage, true)
    }

    fn from_parts(dir: TempDir, storage: Arc<SqliteStorage>, built: bool) -> TestServer {
        let dist = dir.path().join("dist");
        let assets = if built {
            write_dist(&dist);
            Assets::load(&dist, Some(&dir.path().join("cache"))).unwrap()
        } else {
            Assets::default()
        };
        let app = router(AppState {
            storage: storage.clone(),
            assets: Arc::new(assets),
        });
        TestServer { dir, storage, app }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn post_json(&self, path: &str, body: &str) -> Reply {
        let request = Request::post(path)
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(request).await
    }

    pub async fn with_token(&self, method: &str, path: &str, token: &str) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// A POST with a JSON body and a bearer token, as the app sends it.
    pub fn authed_post(path: &str, token: &str, body: impl Into<Body>) -> Request<Body> {
        Request::post(path)
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(body.into())
            .unwrap()
    }

    pub async fn sync(&self, token: &str, body: &serde_json::Value) -> Reply {
        self.send(Self::authed_post("/api/sync", token, body.to_string()))
            .await
    }

    /// The account id of a demo user, as records name it.
    pub fn user_id(&self, username: &str) -> String {
        use vero_server::storage::Storage;
        let found = self.storage.credentials(username).unwrap().unwrap();
        found.user_id.to_string()
    }

    /// A second connection to the database file, for checking what was stored.
    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.dir.path().join("data").join("vero.sqlite")).unwrap()
    }

    pub async fn login(&self, username: &str) -> String {
        let reply = self
            .post_json(
                "/api/login",
                &format!(r#"{{"username":"{username}","password":"demo"}}"#),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json()["token"].as_str().unwrap().to_owned()
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a JSON API error with this status and code and a non-empty message.
    pub fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.header("content-type"), Some("application/json"));
        let body = self.json();
        assert_eq!(body["error"], code, "{body}");
        assert!(
            body["message"].as_str().is_some_and(|m| m.len() > 5),
            "{body}"
        );
    }
}

/// The demo's mentoring pairs start with the school year of this date.
pub fn common_today() -> vero_domain::calendar::NaiveDate {
    vero_domain::calendar::local_date(vero_server::auth::now() * 1000, 0)
}

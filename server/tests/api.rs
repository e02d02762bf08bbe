//! The API over a real SQLite file: sign-in, sessions, and clear errors for bad input.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestServer;
use vero_server::auth::{now, token_hash};
use vero_server::storage::{SqliteStorage, Storage};

#[tokio::test]
async fn health_answers_ok() {
    let server = TestServer::start();
    let reply = server.get("/api/health").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["status"], "ok");
}

#[tokio::test]
async fn sign_in_returns_a_token_that_identifies_the_person() {
    let server = TestServer::start();
    let reply = server
        .post_json("/api/login", r#"{"username":"teacher2","password":"demo"}"#)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let session = reply.json();
    assert_eq!(session["user"]["role"], "teacher");
    assert_eq!(session["user"]["school"]["name"], "Lubānas vidusskola");
    assert!(session["expires_at"].as_i64().unwrap() > now());

    let token = session["token"].as_str().unwrap();
    let me = server.with_token("GET", "/api/me", token).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["display_name"], "Rūta Siliņa");
}

#[tokio::test]
async fn every_demo_role_can_sign_in() {
    let server = TestServer::start();
    for (username, _, role, school) in vero_server::demo::ACCOUNTS {
        let token = server.login(username).await;
        let me = server.with_token("GET", "/api/me", &token).await.json();
        assert_eq!(me["role"], role.id());
        assert_eq!(me["school"].is_null(), school.is_none(), "{username}");
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let server = TestServer::start();
    let wrong = server
        .post_json("/api/login", r#"{"username":"teacher","password":"nope"}"#)
        .await;
    let unknown = server
        .post_json("/api/login", r#"{"username":"nobody","password":"demo"}"#)
        .await;
    wrong.assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    unknown.assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(wrong.body, unknown.body);
}

#[tokio::test]
async fn sign_out_revokes_the_token() {
    let server = TestServer::start();
    let token = server.login("observer").await;
    let out = server.with_token("POST", "/api/logout", &token).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    server
        .with_token("GET", "/api/me", &token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    server
        .with_token("POST", "/api/logout", &token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let server = TestServer::start();
    let creds = server.storage.credentials("mentor").unwrap().unwrap();
    let t = now();
    server
        .storage
        .add_session(&token_hash("old"), creds.user_id, t - 100, t - 1)
        .unwrap();
    server
        .with_token("GET", "/api/me", "old")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn missing_or_malformed_tokens_are_refused() {
    let server = TestServer::start();
    server
        .get("/api/me")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    for header in [
        "Bearer",
        "Bearer ",
        "Basic abc",
        "Bearer not-a-token",
        "bearer x",
    ] {
        let request = Request::get("/api/me")
            .header("authorization", header)
            .body(Body::empty())
            .unwrap();
        server
            .send(request)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
}

#[tokio::test]
async fn bad_sign_in_bodies_get_clear_errors() {
    let server = TestServer::start();
    let cases = [
        ("{bad", "bad_json"),
        ("", "bad_json"),
        ("[]", "bad_json"),
        (r#"{"username":"teacher"}"#, "bad_json"),
        (r#"{"username":1,"password":"demo"}"#, "bad_json"),
        (
            r#"{"username":"teacher","password":"demo","role":"admin"}"#,
            "bad_json",
        ),
        (r#"{"username":"  ","password":"demo"}"#, "bad_request"),
        (r#"{"username":"teacher","password":""}"#, "bad_request"),
    ];
    for (body, code) in cases {
        let reply = server.post_json("/api/login", body).await;
        reply.assert_error(StatusCode::BAD_REQUEST, code);
    }
    let long = format!(r#"{{"username":"{}","password":"demo"}}"#, "a".repeat(500));
    server
        .post_json("/api/login", &long)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "bad_request");
    // At most 200 characters, as the description's maxLength counts them (not bytes):
    // 200 of `ā` are a name that may exist, 201 are too long.
    let name = |n: usize| format!(r#"{{"username":"{}","password":"demo"}}"#, "ā".repeat(n));
    server
        .post_json("/api/login", &name(200))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    server
        .post_json("/api/login", &name(201))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "bad_request");
}

#[tokio::test]
async fn a_body_without_json_content_type_is_refused() {
    let server = TestServer::start();
    let request = Request::post("/api/login")
        .header("content-type", "text/plain")
        .body(Body::from(r#"{"username":"teacher","password":"demo"}"#))
        .unwrap();
    server
        .send(request)
        .await
        .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let server = TestServer::start();
    let huge = format!(
        r#"{{"username":"teacher","password":"{}"}}"#,
        "x".repeat(vero_server::BODY_LIMIT + 10)
    );
    server
        .post_json("/api/login", &huge)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
}

#[tokio::test]
async fn unknown_endpoints_and_wrong_methods_answer_in_json() {
    let server = TestServer::start();
    server
        .get("/api/nothing-here")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    server
        .get("/api/login")
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    server
        .post_json("/", "{}")
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[tokio::test]
async fn accounts_and_sessions_survive_a_restart_and_demo_is_seeded_once() {
    let server = TestServer::start();
    let token = server.login("head").await;
    let server = server.restart();
    assert!(!vero_server::demo::seed(server.storage.as_ref(), common::common_today()).unwrap());
    assert_eq!(
        server.storage.user_count().unwrap(),
        vero_server::demo::ACCOUNTS.len() as u64
    );
    let me = server.with_token("GET", "/api/me", &token).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["role"], "management");
}

#[tokio::test]
async fn a_new_database_is_at_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let storage = SqliteStorage::open(dir.path()).unwrap();
    assert_eq!(
        storage.schema_version().unwrap(),
        SqliteStorage::latest_schema_version()
    );
    let mode: String = rusqlite::Connection::open(dir.path().join("vero.sqlite"))
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn people_are_the_callers_school_or_everyone_for_municipal_roles_never_admins() {
    let server = TestServer::start();
    let names = |reply: common::Reply| -> Vec<String> {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let people = reply.json();
        let people = people.as_array().unwrap();
        assert!(people.iter().all(|p| p["role"] != "admin"));
        people
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let token = server.login("observer").await;
    let school = names(server.with_token("GET", "/api/people", &token).await);
    assert_eq!(
        school,
        [
            "Anna Bērziņa",
            "Ilze Kalniņa",
            "Inese Zariņa",
            "Jānis Ozols",
            "Kristīne Lāce",
            "Mārtiņš Krūmiņš"
        ]
    );
    let token = server.login("specialist").await;
    let everyone = names(server.with_token("GET", "/api/people", &token).await);
    assert_eq!(everyone.len(), vero_server::demo::ACCOUNTS.len() - 1);

    let reply = server.with_token("GET", "/api/people", &token).await;
    let anna = reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Anna Bērziņa")
        .cloned()
        .unwrap();
    assert_eq!(anna["id"], server.user_id("teacher"));
    assert_eq!(anna["role"], "teacher");
    assert_eq!(anna["school"]["name"], "Madonas pilsētas vidusskola");
    server
        .get("/api/people")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn a_mentoring_pair_is_seen_by_its_two_teachers_with_its_start_and_goals_and_by_no_one_else()
{
    let server = TestServer::start();
    let pairs = |username: &'static str| {
        let server = &server;
        async move {
            let token = server.login(username).await;
            let reply = server.with_token("GET", "/api/mentoring", &token).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
            reply.json().as_array().unwrap().clone()
        }
    };
    let mentor = pairs("mentor").await;
    assert_eq!(mentor.len(), 1);
    let pair = &mentor[0];
    assert_eq!(pair["mentor"]["name"], "Jānis Ozols");
    assert_eq!(pair["mentee"]["name"], "Anna Bērziņa");
    assert_eq!(pair["mentee"]["id"], server.user_id("teacher"));
    let since = vero_domain::calendar::SchoolYear::of(common::common_today()).first_day();
    assert_eq!(pair["since"], vero_domain::calendar::date_text(since));
    assert_eq!(pair["goals"].as_array().unwrap().len(), 3);
    assert_eq!(
        pairs("teacher").await,
        mentor,
        "the mentee sees the same pair"
    );
    for other in ["teacher3", "observer", "head", "consultant", "admin"] {
        assert!(pairs(other).await.is_empty(), "{other} sees no pair");
    }
    server
        .get("/api/mentoring")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[test]
fn the_demo_list_names_who_follows_whom() {
    let text = vero_server::demo::describe();
    assert!(text.contains("mentor mentors Anna Bērziņa"), "{text}");
    assert!(
        text.contains("consultant follows Madonas pilsētas vidusskola"),
        "{text}"
    );
    assert!(text.contains("edtech follows Anna Bērziņa"), "{text}");
}

//! The admin's API: refused to every other role; a people file checked, previewed and
//! imported under the admin's name; accounts reset, deactivated and activated; the log.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestServer;
use serde_json::json;
use vero_server::storage::Storage;

const FILE: &str = "Lietotājvārds;Vārds Uzvārds;Loma;Iestāde\n\
    ljansone;Laura Jansone;Pedagogs;Cesvaines vidusskola\n\
    mberzs;Mārtiņš Bērzs;Vērotājs;Cesvaines vidusskola\n";

async fn post(
    server: &TestServer,
    path: &str,
    token: &str,
    body: serde_json::Value,
) -> common::Reply {
    server
        .send(TestServer::authed_post(path, token, body.to_string()))
        .await
}

#[tokio::test]
async fn every_admin_call_is_refused_to_every_other_role() {
    let server = TestServer::start();
    for username in [
        "observer",
        "teacher",
        "mentor",
        "consultant",
        "edtech",
        "head",
        "specialist",
    ] {
        let token = server.login(username).await;
        post(
            &server,
            "/api/admin/import",
            &token,
            json!({ "csv": FILE, "apply": true }),
        )
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
        server
            .with_token("GET", "/api/admin/audit", &token)
            .await
            .assert_error(StatusCode::FORBIDDEN, "forbidden");
        for action in ["reset-password", "deactivate", "activate"] {
            post(
                &server,
                &format!("/api/admin/accounts/teacher/{action}"),
                &token,
                json!({}),
            )
            .await
            .assert_error(StatusCode::FORBIDDEN, "forbidden");
        }
    }
    assert!(
        server.storage.credentials("ljansone").unwrap().is_none(),
        "nothing imported"
    );
    let request = Request::get("/api/admin/audit")
        .body(Body::empty())
        .unwrap();
    server
        .send(request)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn the_admin_imports_resets_deactivates_and_reads_the_log() {
    let server = TestServer::start();
    let admin = server.login("admin").await;
    let bad = post(
        &server,
        "/api/admin/import",
        &admin,
        json!({ "csv": FILE.replace("Pedagogs", "Skolotāja palīgs"), "apply": true }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::OK);
    let bad = bad.json();
    assert_eq!(bad["problems"][0]["line"], 2);
    assert_eq!(bad["problems"][0]["code"], "unknown_role");
    assert_eq!(bad["passwords"].as_array().unwrap().len(), 0);

    let preview = post(
        &server,
        "/api/admin/import",
        &admin,
        json!({ "csv": FILE, "apply": false }),
    )
    .await
    .json();
    assert_eq!(preview["new_schools"], json!(["Cesvaines vidusskola"]));
    assert_eq!(preview["new_people"].as_array().unwrap().len(), 2);
    assert!(
        server.storage.credentials("ljansone").unwrap().is_none(),
        "a preview imports nothing"
    );

    let done = post(
        &server,
        "/api/admin/import",
        &admin,
        json!({ "csv": FILE, "apply": true }),
    )
    .await
    .json();
    assert_eq!(done["applied"], true);
    let password = done["passwords"][0]["password"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(done["passwords"][0]["username"], "ljansone");
    let login = json!({ "username": "ljansone", "password": password }).to_string();
    assert_eq!(
        server.post_json("/api/login", &login).await.status,
        StatusCode::OK
    );
    let again = post(
        &server,
        "/api/admin/import",
        &admin,
        json!({ "csv": FILE, "apply": true }),
    )
    .await
    .json();
    assert_eq!(
        (
            again["new_people"].as_array().unwrap().len(),
            again["unchanged"].as_u64()
        ),
        (0, Some(2))
    );

    let reset = post(
        &server,
        "/api/admin/accounts/ljansone/reset-password",
        &admin,
        json!({}),
    )
    .await
    .json();
    let fresh = reset["password"].as_str().unwrap();
    assert_ne!(fresh, password);
    assert_eq!(
        server.post_json("/api/login", &login).await.status,
        StatusCode::UNAUTHORIZED
    );
    post(
        &server,
        "/api/admin/accounts/nobody/deactivate",
        &admin,
        json!({}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    post(
        &server,
        "/api/admin/accounts/admin/deactivate",
        &admin,
        json!({}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "bad_request");
    let off = post(
        &server,
        "/api/admin/accounts/ljansone/deactivate",
        &admin,
        json!({}),
    )
    .await;
    assert_eq!(off.status, StatusCode::NO_CONTENT);
    let login = json!({ "username": "ljansone", "password": fresh }).to_string();
    assert_eq!(
        server.post_json("/api/login", &login).await.status,
        StatusCode::UNAUTHORIZED
    );

    let log = server
        .with_token("GET", "/api/admin/audit?find=ljansone&limit=10", &admin)
        .await
        .json();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "account.deactivated",
            "account.password_reset",
            "account.added"
        ]
    );
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor"] == "admin"));
}

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
    let first = server.post_json("/api/login", &login).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(
        first.json()["user"]["must_change_password"],
        true,
        "a first password is the person's to replace"
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
    // Signed in with the reset password, she must set her own; once she has, no more.
    let login_fresh = json!({ "username": "ljansone", "password": fresh }).to_string();
    let signed = server.post_json("/api/login", &login_fresh).await.json();
    assert_eq!(signed["user"]["must_change_password"], true);
    let token = signed["token"].as_str().unwrap().to_owned();
    let own = json!({ "current": fresh, "new": "mana-jauna-parole-2026" });
    let changed = post(&server, "/api/password", &token, own).await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text());
    let me = server.with_token("GET", "/api/me", &token).await.json();
    assert!(me.get("must_change_password").is_none(), "{me}");
    let fresh = "mana-jauna-parole-2026";
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
            "account.password_changed",
            "account.password_reset",
            "account.added"
        ]
    );
    // Each under its doer's name: the admin's, and hers for her own password.
    assert!(log.as_array().unwrap().iter().all(|e| e["actor"]
        == if e["action"] == "account.password_changed" {
            "ljansone"
        } else {
            "admin"
        }));
}

#[tokio::test]
async fn a_file_with_mentors_and_consultants_makes_the_pairs_and_assignments_once() {
    let server = TestServer::start();
    let admin = server.login("admin").await;
    let file = "Lietotājvārds;Vārds Uzvārds;Loma;Iestāde;Mentors;Mentorēšana no;Konsultants\n\
        ljansone;Laura Jansone;Pedagogs;Madonas pilsētas vidusskola;mentor;2026-09-01;consultant\n";
    let preview = post(
        &server,
        "/api/admin/import",
        &admin,
        json!({ "csv": file, "apply": false }),
    )
    .await
    .json();
    assert_eq!(preview["problems"], json!([]));
    assert_eq!(
        preview["new_pairs"],
        json!([{ "from": "mentor", "to": "ljansone", "since": "2026-09-01" }])
    );
    assert_eq!(
        preview["new_follows"],
        json!([{ "from": "consultant", "to": "ljansone", "since": "" }])
    );
    let done = post(
        &server,
        "/api/admin/import",
        &admin,
        json!({ "csv": file, "apply": true }),
    )
    .await
    .json();
    assert_eq!(done["applied"], true);
    let again = post(
        &server,
        "/api/admin/import",
        &admin,
        json!({ "csv": file, "apply": false }),
    )
    .await
    .json();
    assert_eq!(
        (again["new_pairs"].clone(), again["new_follows"].clone()),
        (json!([]), json!([]))
    );
    assert_eq!(again["unchanged"], 1);

    let mentor = server.login("mentor").await;
    let pairs = server
        .with_token("GET", "/api/mentoring", &mentor)
        .await
        .json();
    assert!(
        pairs
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["mentee"]["name"] == "Laura Jansone" && p["since"] == "2026-09-01"),
        "{pairs}"
    );
    let follows = server
        .db()
        .query_row(
            "SELECT COUNT(*) FROM assignments x JOIN users u ON u.id = x.teacher_id
             WHERE u.username = 'ljansone'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    assert_eq!(follows, 1);

    // Ended on the admin's screen: gone from the mentor's pairs, audited; not twice.
    let end = json!({ "kind": "mentoring", "from": "mentor", "to": "ljansone" });
    let ended = post(&server, "/api/admin/links/remove", &admin, end.clone()).await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT, "{}", ended.text());
    post(&server, "/api/admin/links/remove", &admin, end.clone())
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    let pairs = server
        .with_token("GET", "/api/mentoring", &mentor)
        .await
        .json();
    assert!(pairs
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["mentee"]["name"] != "Laura Jansone"));
    let follow = json!({ "kind": "follow", "from": "consultant", "to": "ljansone" });
    let teacher = server.login("teacher").await;
    post(&server, "/api/admin/links/remove", &teacher, follow.clone())
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    let ended = post(&server, "/api/admin/links/remove", &admin, follow).await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT);

    // Someone the file names who is no account: told, and nothing imported.
    let bad = "Lietotājvārds;Vārds Uzvārds;Loma;Iestāde;Konsultants\n\
        kberzs;Kārlis Bērzs;Pedagogs;Madonas pilsētas vidusskola;teacher\n";
    let refused = post(
        &server,
        "/api/admin/import",
        &admin,
        json!({ "csv": bad, "apply": true }),
    )
    .await
    .json();
    assert_eq!(refused["problems"][0]["code"], "wrong_role");
    assert_eq!(refused["applied"], false);
}

//! Open lessons over the API: offered by a school's teacher or management, seen by every
//! school, places taken while they last — the last one by exactly one of two asking at
//! once — and who is coming seen only by those who manage the lesson.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestServer;
use serde_json::{json, Value};
use std::sync::Arc;

fn lesson(places: u32) -> Value {
    json!({
        "date": "2026-12-10",
        "time": "10:15",
        "subject": "Matemātika",
        "class": "7.b",
        "topic": "Daļu saskaitīšana",
        "places": places
    })
}

async fn post(server: &TestServer, path: &str, token: &str, body: Value) -> common::Reply {
    server
        .send(TestServer::authed_post(path, token, body.to_string()))
        .await
}

async fn offer(server: &TestServer, token: &str, places: u32) -> Value {
    let reply = post(server, "/api/open-lessons", token, lesson(places)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.json()
}

async fn sign_up(server: &TestServer, id: &str, token: &str) -> common::Reply {
    post(
        server,
        &format!("/api/open-lessons/{id}/signup"),
        token,
        json!({}),
    )
    .await
}

async fn list(server: &TestServer, token: &str) -> Vec<Value> {
    let reply = server.with_token("GET", "/api/open-lessons", token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json().as_array().unwrap().clone()
}

async fn seen_by(server: &TestServer, id: &str, token: &str) -> Value {
    list(server, token)
        .await
        .into_iter()
        .find(|l| l["id"] == id)
        .expect("every school sees every offer")
}

fn names(lesson: &Value) -> Vec<String> {
    lesson["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_teacher_offers_colleagues_sign_up_and_the_offerer_sees_who_is_coming() {
    let server = TestServer::start();
    let anna = server.login("teacher").await;
    let offered = offer(&server, &anna, 3).await;
    let id = offered["id"].as_str().unwrap().to_owned();
    assert_eq!(offered["teacher"], "Anna Bērziņa");
    assert_eq!(offered["school"]["name"], "Madonas pilsētas vidusskola");
    assert_eq!(
        (offered["places"].as_u64(), offered["taken"].as_u64()),
        (Some(3), Some(0))
    );
    assert_eq!(offered["manages"], true);

    // Another school's teacher signs up; twice changes nothing.
    let ruta = server.login("teacher2").await;
    for _ in 0..2 {
        let reply = sign_up(&server, &id, &ruta).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        assert_eq!(reply.json()["signed_up"], true);
        assert_eq!(reply.json()["taken"], 1);
    }
    let observer = server.login("observer").await;
    assert_eq!(
        sign_up(&server, &id, &observer).await.status,
        StatusCode::OK
    );

    // The offerer and her school's management see the names; others only the count.
    let mut coming = names(&seen_by(&server, &id, &anna).await);
    coming.sort();
    assert_eq!(coming, ["Ilze Kalniņa", "Rūta Siliņa"]);
    let head = server.login("head").await;
    assert_eq!(names(&seen_by(&server, &id, &head).await).len(), 2);
    for other in ["teacher2", "teacher3", "head2", "mentor", "specialist"] {
        let token = server.login(other).await;
        let seen = seen_by(&server, &id, &token).await;
        assert_eq!(seen["taken"], 2, "{other}");
        assert_eq!(seen["manages"], false, "{other}");
        assert!(names(&seen).is_empty(), "{other} sees who is coming");
    }

    // Giving the place back frees it, again idempotently.
    for _ in 0..2 {
        let reply = server
            .with_token("DELETE", &format!("/api/open-lessons/{id}/signup"), &ruta)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        assert_eq!(reply.json()["signed_up"], false);
        assert_eq!(reply.json()["taken"], 1);
    }

    // The offerer cannot take a place in her own lesson.
    sign_up(&server, &id, &anna)
        .await
        .assert_error(StatusCode::FORBIDDEN, "own_lesson");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_last_place_taken_twice_at_once_goes_to_one_and_the_other_is_told() {
    let server = Arc::new(TestServer::start());
    let anna = server.login("teacher").await;
    let first = server.login("observer").await;
    let second = server.login("teacher2").await;
    // Many rounds, so the two requests really meet inside the server.
    for round in 0..25 {
        let lesson = offer(&server, &anna, 1).await;
        let id = lesson["id"].as_str().unwrap().to_owned();
        let ask = |token: String| {
            let server = server.clone();
            let id = id.clone();
            tokio::spawn(async move { sign_up(&server, &id, &token).await })
        };
        let (a, b) = (ask(first.clone()), ask(second.clone()));
        let (a, b) = (a.await.unwrap(), b.await.unwrap());
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}: {} / {}",
            a.text(),
            b.text()
        );
        let told = if a.status == StatusCode::CONFLICT {
            &a
        } else {
            &b
        };
        told.assert_error(StatusCode::CONFLICT, "no_places");
        assert!(told.json()["message"]
            .as_str()
            .unwrap()
            .contains("No places left"));
        let seen = seen_by(&server, &id, &anna).await;
        assert_eq!((seen["taken"].as_u64(), names(&seen).len()), (Some(1), 1));
        let places: i64 = server
            .db()
            .query_row(
                "SELECT COUNT(*) FROM open_lesson_places WHERE lesson_id = ?1",
                [id.parse::<i64>().unwrap()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(places, 1, "round {round}");
    }
}

#[tokio::test]
async fn admins_are_refused_and_only_a_school_offers_for_itself() {
    let server = TestServer::start();
    let anna = server.login("teacher").await;
    let id = offer(&server, &anna, 2).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let admin = server.login("admin").await;
    server
        .with_token("GET", "/api/open-lessons", &admin)
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    post(&server, "/api/open-lessons", &admin, lesson(2))
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    sign_up(&server, &id, &admin)
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");

    // Municipal roles and observers sign up but do not offer.
    for role in ["observer", "specialist", "consultant"] {
        let token = server.login(role).await;
        post(&server, "/api/open-lessons", &token, lesson(2))
            .await
            .assert_error(StatusCode::FORBIDDEN, "forbidden");
    }
    // A teacher offers only her own lesson; management only one of its own school's.
    let mut for_other = lesson(2);
    for_other["teacher_id"] = json!(server.user_id("teacher3"));
    post(&server, "/api/open-lessons", &anna, for_other.clone())
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    let head = server.login("head").await;
    let reply = post(&server, "/api/open-lessons", &head, for_other.clone()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(reply.json()["teacher"], "Kristīne Lāce");
    let head2 = server.login("head2").await;
    post(&server, "/api/open-lessons", &head2, for_other)
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");

    // Only who manages it calls it off; those signed up then see it so.
    let ruta = server.login("teacher2").await;
    assert_eq!(sign_up(&server, &id, &ruta).await.status, StatusCode::OK);
    for other in [&ruta, &head2] {
        post(
            &server,
            &format!("/api/open-lessons/{id}/cancel"),
            other,
            json!({}),
        )
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    }
    let reply = post(
        &server,
        &format!("/api/open-lessons/{id}/cancel"),
        &anna,
        json!({}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let seen = seen_by(&server, &id, &ruta).await;
    assert_eq!(
        (seen["cancelled"].as_bool(), seen["signed_up"].as_bool()),
        (Some(true), Some(true))
    );
    let observer = server.login("observer").await;
    sign_up(&server, &id, &observer)
        .await
        .assert_error(StatusCode::CONFLICT, "cancelled");
}

#[tokio::test]
async fn a_bad_offer_is_told_what_is_wrong_and_nothing_is_kept() {
    let server = TestServer::start();
    let anna = server.login("teacher").await;
    let bad = json!({
        "date": "2026-02-30", "time": "25:00", "subject": " ", "class": "7.b",
        "topic": "x", "places": 61
    });
    let reply = post(&server, "/api/open-lessons", &anna, bad).await;
    reply.assert_error(StatusCode::BAD_REQUEST, "bad_offer");
    let message = reply.json()["message"].as_str().unwrap().to_owned();
    for part in ["date", "time", "1 to 60", "subject"] {
        assert!(message.contains(part), "{message}");
    }
    assert!(list(&server, &anna).await.is_empty());
    for path in [
        "/api/open-lessons/nope/signup",
        "/api/open-lessons/999/signup",
    ] {
        sign_up(&server, path.split('/').nth(3).unwrap(), &anna)
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
    }
    let reply = server
        .send(
            Request::post("/api/open-lessons")
                .header("content-type", "application/json")
                .body(Body::from(lesson(2).to_string()))
                .unwrap(),
        )
        .await;
    reply.assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

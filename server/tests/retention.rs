//! The municipality's retention period: an observation of a lesson older than it leaves
//! the server (record and patches) and, through `gone`, every device that held it; a
//! push for it, or of a new sheet already past it, is refused with the reason.

mod common;
mod sync_support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestServer;
use serde_json::{json, Value};
use sync_support::{count, error_codes, patch, rid, Device};

fn sheet(n: u64, seq: u64, teacher: &str, date: &str) -> Value {
    patch(
        &rid(n),
        seq,
        &[],
        &[
            ("kind", json!("peer")),
            ("status", json!("shared")),
            ("created_at", json!(1_420_070_400_000i64)),
            ("context.teacher_id", json!(teacher)),
            ("context.date", json!(date)),
            ("context.topic", json!("Ģeometrija")),
        ],
    )
}

/// The day `n` days before today, as a sheet writes it.
fn days_ago(n: u64) -> String {
    let today = vero_domain::retention::today(vero_server::auth::now() * 1000);
    vero_domain::calendar::date_text(today - chrono::Days::new(n))
}

async fn put(server: &TestServer, username: &str, body: Value) -> common::Reply {
    let token = server.login(username).await;
    let request = Request::put("/api/retention")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(body.to_string()))
        .unwrap();
    server.send(request).await
}

#[tokio::test]
async fn an_observation_past_the_period_leaves_the_server_and_the_devices_that_had_it() {
    let server = TestServer::start();
    let teacher_id = server.user_id("teacher");
    let observer = Device::new(&server, "observer", "tablet-retain-1").await;
    let answer = observer
        .push(vec![
            sheet(1, 1, &teacher_id, "2015-03-02"),
            sheet(2, 2, &teacher_id, &days_ago(10)),
        ])
        .await;
    assert_eq!(answer.acked, [1, 2], "{:?}", answer.rejected);
    let phone = Device::new(&server, "teacher", "phone-retain-2").await;
    let first = phone.sync(0, vec![]).await;
    assert_eq!(first.records.len(), 2);
    let other = Device::new(&server, "teacher2", "phone-retain-3").await;
    let before = other.sync(0, vec![]).await.cursor;

    let reply = put(&server, "admin", json!({"years": 5})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json(), json!({"years": 5, "removed": 1}));

    // Gone from the server: the record and its patches.
    let old = rid(1);
    assert_eq!(
        count(
            &server,
            &format!("SELECT COUNT(*) FROM records WHERE id = '{old}'")
        ),
        0
    );
    assert_eq!(
        count(
            &server,
            &format!("SELECT COUNT(*) FROM patches WHERE record_id = '{old}'")
        ),
        0
    );
    assert_eq!(count(&server, "SELECT COUNT(*) FROM records"), 1);
    // The teacher's phone that had it is told to remove it, and nothing else.
    let next = phone.sync(first.cursor, vec![]).await;
    assert_eq!(next.gone, std::slice::from_ref(&old));
    assert!(next.records.is_empty());
    assert_eq!(
        phone.sync(next.cursor, vec![]).await.gone,
        Vec::<String>::new(),
        "told once"
    );
    // Another teacher's phone never had it, and hears nothing of it.
    assert!(other.sync(before, vec![]).await.gone.is_empty());
    // A fresh device of the teacher gets only what is kept.
    let fresh = Device::new(&server, "teacher", "phone-retain-4").await;
    assert_eq!(
        fresh.pull_all().await.into_keys().collect::<Vec<_>>(),
        [rid(2)]
    );

    // The observer's tablet still holding an edit of it is refused, with the reason; so
    // is a new sheet of a lesson already past the period. A recent one is taken.
    let edit = patch(
        &old,
        3,
        &[("tablet-retain-1", 1)],
        &[("context.topic", json!("Labots"))],
    );
    let answer = observer
        .sync(
            0,
            vec![
                edit,
                sheet(3, 4, &teacher_id, "2019-01-10"),
                sheet(4, 5, &teacher_id, &days_ago(3)),
            ],
        )
        .await;
    assert_eq!(error_codes(&answer), [(3, "retention"), (4, "retention")]);
    assert!(
        answer.rejected[0].message.contains("5 years"),
        "{:?}",
        answer.rejected
    );
    assert_eq!(answer.acked, [5]);
    assert!(answer.gone.contains(&old), "the tablet's copy goes too");
    assert_eq!(count(&server, "SELECT COUNT(*) FROM records"), 2);

    // Written to the audit log: who set it, and what the server removed.
    let logged = count(
        &server,
        "SELECT COUNT(*) FROM audit WHERE (action = 'retention.set' AND actor = 'admin'
         AND detail = '5 years') OR (action = 'retention.removed' AND detail LIKE '1 %')",
    );
    assert_eq!(logged, 2);
}

#[tokio::test]
async fn only_an_admin_sets_the_period_and_a_specialist_may_read_it() {
    let server = TestServer::start();
    let token = server.login("specialist").await;
    let read = server.with_token("GET", "/api/retention", &token).await;
    assert_eq!(read.json(), json!({"years": null}), "none by default");
    put(&server, "specialist", json!({"years": 5}))
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    let teacher = server.login("teacher").await;
    server
        .with_token("GET", "/api/retention", &teacher)
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    for bad in [json!({"years": 0}), json!({"years": 51})] {
        put(&server, "admin", bad)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "bad_request");
    }
    for bad in [
        json!({"years": "5"}),
        json!({}),
        json!({"years": 5, "days": 1}),
    ] {
        put(&server, "admin", bad)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "bad_json");
    }
    assert_eq!(
        put(&server, "admin", json!({"years": 7})).await.status,
        StatusCode::OK
    );
    let read = server.with_token("GET", "/api/retention", &token).await;
    assert_eq!(read.json(), json!({"years": 7}));
    // Kept across a restart, and lifted again with null.
    let server = server.restart();
    let token = server.login("specialist").await;
    let read = server.with_token("GET", "/api/retention", &token).await;
    assert_eq!(read.json(), json!({"years": 7}));
    let lifted = put(&server, "admin", json!({"years": null})).await;
    assert_eq!(lifted.json(), json!({"years": null, "removed": 0}));
}

#[tokio::test]
async fn the_daily_removal_takes_what_time_has_put_past_the_period() {
    use vero_server::storage::Storage;
    let server = TestServer::start();
    let teacher_id = server.user_id("teacher");
    let observer = Device::new(&server, "observer", "tablet-retain-5").await;
    let answer = observer
        .push(vec![sheet(9, 1, &teacher_id, &days_ago(2 * 365))])
        .await;
    assert_eq!(answer.acked, [1]);
    assert_eq!(
        put(&server, "admin", json!({"years": 3})).await.json()["removed"],
        0
    );
    // A year and a day on, the lesson of two years ago is past three.
    let later = vero_server::auth::now() + 367 * 86_400;
    assert_eq!(server.storage.remove_expired(later).unwrap(), 1);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM records"), 0);
}

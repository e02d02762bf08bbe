//! The sheet's versions: only the specialist publishes, each version after the newest;
//! devices receive a version in their next sync, before any sheet begun on it, and sheets
//! of the old version still sync.

mod common;
mod sync_support;

use axum::http::StatusCode;
use common::TestServer;
use serde_json::json;
use sync_support::{patch, rid, Device};
use vero_domain::Template;

fn edited(from: &Template) -> Template {
    let mut t = from.clone();
    t.sections[0].criteria[0].text.lv = "Skolēni zina un izprot stundas SR".into();
    t.sections[1]
        .criteria
        .push(vero_domain::template::Criterion {
            id: "B4".into(),
            text: vero_domain::template::Text {
                lv: "Skolēni uzdod jautājumus".into(),
                en: "Students ask questions".into(),
            },
            optional: false,
            optional_for: vec![vero_domain::ObservationKind::Peer],
        });
    t
}

async fn publish(server: &TestServer, token: &str, t: &Template) -> common::Reply {
    let body = serde_json::to_string(t).unwrap();
    server
        .send(TestServer::authed_post("/api/templates", token, body))
        .await
}

#[tokio::test]
async fn only_the_specialist_publishes_and_each_version_follows_the_newest() {
    let server = TestServer::start();
    let v1 = Template::default_template();
    for username in ["observer", "teacher", "head", "consultant", "admin"] {
        let token = server.login(username).await;
        publish(&server, &token, &edited(&v1))
            .await
            .assert_error(StatusCode::FORBIDDEN, "forbidden");
    }
    let token = server.login("specialist").await;
    publish(&server, &token, &v1)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "template_invalid");
    let mut empty = edited(&v1);
    empty.sections[1].criteria[3].text.en = "  ".into();
    let reply = publish(&server, &token, &empty).await;
    reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "template_invalid");
    assert!(reply.text().contains("B4"), "{}", reply.text());

    let reply = publish(&server, &token, &edited(&v1)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let v2: Template = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(v2.version, 2);
    // Edited from version 1 again, after 2 was published: refused, not a second 2.
    let mut late = edited(&v1);
    late.name.lv = "Cits nosaukums".into();
    publish(&server, &token, &late)
        .await
        .assert_error(StatusCode::CONFLICT, "template_stale");

    let reply = server
        .with_token("GET", "/api/templates", &server.login("teacher").await)
        .await;
    let all: Vec<Template> = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(all.iter().map(|t| t.version).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(all[1], v2);
    let log = server
        .db()
        .query_row(
            "SELECT actor || ' ' || action || ' ' || subject FROM audit
             WHERE action = 'template.published'",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap();
    assert_eq!(log, "specialist template.published madona-default v2");
}

#[tokio::test]
async fn a_device_gets_a_new_version_in_its_next_sync_and_old_drafts_still_sync() {
    let server = TestServer::start();
    let observer = Device::new(&server, "observer", "device-observer-1").await;
    // The device was in sync before the version was published, with a draft of v1.
    let v1_ref = json!({ "id": "madona-default", "version": 1 });
    let first = observer
        .sync(
            0,
            vec![patch(
                &rid(1),
                1,
                &[],
                &[("kind", json!("peer")), ("template", v1_ref.clone())],
            )],
        )
        .await;
    assert!(first.templates.is_empty(), "only the built-in so far");
    let cursor = first.cursor;

    let specialist = server.login("specialist").await;
    let reply = publish(&server, &specialist, &edited(&Template::default_template())).await;
    assert_eq!(reply.status, StatusCode::CREATED);

    // Nothing else changed, yet the next pull carries version 2.
    let next = observer.sync(cursor, vec![]).await;
    assert_eq!(next.templates.len(), 1);
    assert_eq!(next.templates[0].version, 2);
    assert!(next.cursor > cursor);
    let again = observer.sync(next.cursor, vec![]).await;
    assert!(again.templates.is_empty(), "told once");

    // The old draft goes on syncing under version 1; a new sheet takes version 2, and a
    // device starting from scratch gets the version no later than that sheet.
    let edit = observer
        .sync(
            next.cursor,
            vec![
                patch(
                    &rid(1),
                    2,
                    &[("device-observer-1", 1)],
                    &[("rating.A1", json!(3))],
                ),
                patch(
                    &rid(2),
                    3,
                    &[],
                    &[
                        ("kind", json!("peer")),
                        ("template", json!({ "id": "madona-default", "version": 2 })),
                        ("rating.B4", json!(2)),
                    ],
                ),
            ],
        )
        .await;
    assert_eq!(edit.acked, [2, 3], "{:?}", edit.rejected);
    let fresh = Device::new(&server, "observer", "device-observer-2").await;
    let mut since = 0;
    let mut seen_v2 = false;
    loop {
        let page = fresh
            .sync_body(json!({ "device": fresh.id, "since": since, "limit": 1 }))
            .await;
        seen_v2 |= page.templates.iter().any(|t| t.version == 2);
        if page.records.iter().any(|r| r.id == rid(2)) {
            assert!(seen_v2, "the version came before the sheet begun on it");
        }
        since = page.cursor;
        if !page.more {
            break;
        }
    }
    assert!(seen_v2);
}

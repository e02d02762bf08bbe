//! Sync over a real SQLite file: each patch stored once however it arrives, merges
//! that keep everyone's words, incremental pulls.

mod common;
mod sync_support;

use axum::http::StatusCode;
use common::TestServer;
use serde_json::{json, Value};
use sync_support::{count, patch, rid, Device};
use tower::ServiceExt;
use vero_domain::sync::SyncResponse;

#[tokio::test]
async fn a_repeated_push_is_acknowledged_and_stored_once() {
    let server = TestServer::start();
    let tablet = Device::new(&server, "observer", "tablet-0001").await;
    let p = patch(
        &rid(1),
        1,
        &[],
        &[
            ("context.topic", json!("Daļskaitļi")),
            ("rating.A1", json!(3)),
        ],
    );
    let first = tablet.sync(0, vec![p.clone()]).await;
    assert_eq!(first.acked, [1]);
    assert!(first.rejected.is_empty());
    assert_eq!(first.records.len(), 1, "the push shows in the same pull");

    let again = tablet.sync(first.cursor, vec![p.clone(), p.clone()]).await;
    assert_eq!(again.acked, [1, 1]);
    assert!(again.rejected.is_empty());
    assert!(again.records.is_empty(), "a repeat changes nothing");
    assert_eq!(again.cursor, first.cursor);

    let view = tablet.view(&rid(1)).await.unwrap();
    assert!(view.fields.values().all(|heads| heads.len() == 1));
    assert_eq!(view.values()["context.topic"], "\"Daļskaitļi\"");
    assert_eq!(
        view.version.iter().collect::<Vec<_>>(),
        [("tablet-0001", 1)]
    );
    assert_eq!(count(&server, "SELECT COUNT(*) FROM patches"), 1);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM records"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_patch_sent_concurrently_is_stored_once() {
    let server = TestServer::start();
    let token = server.login("observer").await;
    let body = json!({
        "device": "tablet-0002",
        "push": [patch(&rid(2), 1, &[], &[("context.goal", json!("jautājumi"))])],
    })
    .to_string();
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let app = server.app.clone();
            let request = TestServer::authed_post("/api/sync", &token, body.clone());
            tokio::spawn(async move { app.oneshot(request).await.unwrap() })
        })
        .collect();
    for task in tasks {
        let response = task.await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        let answer: SyncResponse = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(answer.acked, [1]);
    }
    assert_eq!(count(&server, "SELECT COUNT(*) FROM patches"), 1);
    assert_eq!(
        count(&server, "SELECT MAX(seq) FROM records"),
        1,
        "applied by one request only"
    );
    let tablet = Device {
        server: &server,
        token,
        id: "tablet-0002".into(),
    };
    let view = tablet.view(&rid(2)).await.unwrap();
    assert_eq!(view.fields["context.goal"].len(), 1);
}

#[tokio::test]
async fn patches_delivered_out_of_order_end_as_in_order() {
    let server = TestServer::start();
    let first = |record: &str| {
        patch(
            record,
            1,
            &[],
            &[("context.topic", json!("a")), ("context.goal", json!("g"))],
        )
    };
    let second = |record: &str, device: &str| {
        patch(
            record,
            2,
            &[(device, 1)],
            &[("context.topic", json!("b")), ("rating.A1", json!(2))],
        )
    };
    let in_order = Device::new(&server, "observer", "in-order-1").await;
    in_order.push(vec![first(&rid(10))]).await;
    in_order.push(vec![second(&rid(10), "in-order-1")]).await;
    let reversed = Device::new(&server, "observer", "reversed-1").await;
    assert_eq!(
        reversed
            .push(vec![second(&rid(11), "reversed-1")])
            .await
            .acked,
        [2]
    );
    assert_eq!(reversed.push(vec![first(&rid(11))]).await.acked, [1]);
    let one_request = Device::new(&server, "observer", "one-request").await;
    let both = one_request
        .push(vec![second(&rid(12), "one-request"), first(&rid(12))])
        .await;
    assert_eq!(both.acked, [2, 1]);

    let all = in_order.pull_all().await;
    let expected = all[&rid(10)].values();
    assert_eq!(expected["context.topic"], "\"b\"");
    assert_eq!(expected["context.goal"], "\"g\"");
    for id in [rid(11), rid(12)] {
        let view = &all[&id];
        assert_eq!(view.values(), expected, "{id}");
        assert!(view.conflicts().is_empty());
        assert_eq!(view.version.iter().map(|(_, s)| s).collect::<Vec<_>>(), [2]);
    }
}

#[tokio::test]
async fn edits_on_a_stale_base_keep_both_values_until_one_is_chosen() {
    let server = TestServer::start();
    let tablet = Device::new(&server, "observer", "tablet-0003").await;
    let laptop = Device::new(&server, "observer", "laptop-0003").await;
    let id = rid(3);
    tablet
        .push(vec![patch(
            &id,
            1,
            &[],
            &[("context.goal", json!("lasīt"))],
        )])
        .await;
    let seen = laptop.view(&id).await.unwrap();
    assert_eq!(
        seen.version.iter().collect::<Vec<_>>(),
        [("tablet-0003", 1)]
    );

    tablet
        .push(vec![patch(
            &id,
            2,
            &[("tablet-0003", 1)],
            &[("context.goal", json!("rakstīt"))],
        )])
        .await;
    laptop
        .push(vec![patch(
            &id,
            1,
            &[("tablet-0003", 1)],
            &[("context.goal", json!("runāt"))],
        )])
        .await;
    let view = tablet.view(&id).await.unwrap();
    let conflicts = view.conflicts();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].0, "context.goal");
    let mut values: Vec<&str> = conflicts[0].1.iter().map(|h| h.value.as_str()).collect();
    values.sort();
    assert_eq!(values, ["\"rakstīt\"", "\"runāt\""]);

    let base: Vec<(&str, u64)> = view.version.iter().collect();
    let chosen = laptop
        .push(vec![patch(
            &id,
            2,
            &base,
            &[("context.goal", json!("runāt"))],
        )])
        .await;
    assert_eq!(chosen.acked, [2]);
    let view = tablet.view(&id).await.unwrap();
    assert!(view.conflicts().is_empty());
    assert_eq!(view.fields["context.goal"].len(), 1);
    assert_eq!(view.values()["context.goal"], "\"runāt\"");
}

#[tokio::test]
async fn pulls_are_incremental_and_page_by_cursor() {
    let server = TestServer::start();
    let tablet = Device::new(&server, "observer", "tablet-0011").await;
    let push: Vec<Value> = (1..=5)
        .map(|n| {
            patch(
                &rid(100 + n),
                n,
                &[],
                &[("context.topic", json!(n.to_string()))],
            )
        })
        .collect();
    let pushed = tablet.push(push).await;
    assert_eq!(pushed.acked, [1, 2, 3, 4, 5]);
    assert!(pushed.records.is_empty(), "since was past everything");
    assert_eq!(pushed.cursor, 5);

    let page =
        |since: u64| tablet.sync_body(json!({"device": "tablet-0011", "since": since, "limit": 2}));
    let one = page(0).await;
    assert_eq!(
        one.records.iter().map(|r| &r.id).collect::<Vec<_>>(),
        [&rid(101), &rid(102)]
    );
    assert!(one.more);
    let two = page(one.cursor).await;
    assert_eq!(
        two.records.iter().map(|r| &r.id).collect::<Vec<_>>(),
        [&rid(103), &rid(104)]
    );
    assert!(two.more);
    let three = page(two.cursor).await;
    assert_eq!(three.records.len(), 1);
    assert!(!three.more, "the last page is not full");
    assert_eq!(three.cursor, 5);

    let idle = tablet.sync(three.cursor, vec![]).await;
    assert!(idle.records.is_empty() && idle.acked.is_empty() && !idle.more);
    assert_eq!(idle.cursor, 5);

    // Someone else's draft moves the cursor on without showing anything.
    let other = Device::new(&server, "teacher2", "phone-0011").await;
    other
        .push(vec![patch(
            &rid(200),
            1,
            &[],
            &[("context.topic", json!("x"))],
        )])
        .await;
    let unseen = tablet.sync(idle.cursor, vec![]).await;
    assert!(unseen.records.is_empty());
    assert_eq!(unseen.cursor, 6);

    // A change to a record pulled before comes again, whole.
    let edit = patch(
        &rid(102),
        6,
        &[("tablet-0011", 5)],
        &[("context.goal", json!("g"))],
    );
    let changed = tablet.sync(unseen.cursor, vec![edit]).await;
    assert_eq!(changed.records.len(), 1);
    assert_eq!(changed.records[0].id, rid(102));
    assert_eq!(changed.records[0].values()["context.topic"], "\"2\"");
    assert_eq!(changed.cursor, 7);

    let capped = tablet
        .sync_body(json!({"device": "tablet-0011", "since": 0, "limit": u32::MAX}))
        .await;
    assert_eq!(capped.records.len(), 5);
}

#[tokio::test]
async fn a_whole_new_sheet_as_the_app_sends_it_is_taken() {
    use vero_domain::sync::fields::{to_fields, Json};
    use vero_domain::{Observation, ObservationKind, Template};
    let server = TestServer::start();
    let tablet = Device::new(&server, "observer", "tablet-0015").await;
    let mut sheet = Observation::new(
        rid(15),
        ObservationKind::Peer,
        &Template::default_template(),
        1_700_000_000_000,
    );
    sheet.context.teacher_id = server.user_id("teacher");
    let set = to_fields::<Json>(&sheet);
    assert_eq!(
        set["reflection"], "\"\"",
        "the teacher's field rides along, empty"
    );
    let push = json!({"record": rid(15), "seq": 1, "at": 1, "set": set});
    let answer = tablet.push(vec![push]).await;
    assert_eq!(answer.acked, [1], "{:?}", answer.rejected);
    let view = tablet.view(&rid(15)).await.unwrap();
    assert!(
        !view.fields.contains_key("reflection"),
        "left to the teacher"
    );
    assert!(!view.fields.contains_key("acknowledged_at"));
    assert_eq!(view.fields.len(), set.len() - 2);
}

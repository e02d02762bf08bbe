//! Sync over a real SQLite file: each patch stored once however it arrives, merges that
//! keep everyone's words, who sees and writes what, clear refusals, incremental pulls,
//! and a push that survives `kill -9`.

mod common;

use axum::http::StatusCode;
use common::{Reply, TestServer};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use tower::ServiceExt;
use vero_domain::sync::{RecordView, SyncResponse};

/// Record ids: valid UUIDs that differ by `n`.
fn rid(n: u64) -> String {
    format!("0190f3a1-2b3c-7fff-bfff-{n:012x}")
}

/// A pushed patch; `set` values are given as JSON and sent as JSON text.
fn patch(record: &str, seq: u64, base: &[(&str, u64)], set: &[(&str, Value)]) -> Value {
    let base: serde_json::Map<String, Value> = base
        .iter()
        .map(|(d, s)| (d.to_string(), json!(s)))
        .collect();
    let set: serde_json::Map<String, Value> = set
        .iter()
        .map(|(p, v)| (p.to_string(), json!(v.to_string())))
        .collect();
    json!({
        "record": record,
        "seq": seq,
        "at": 1_700_000_000_000i64 + seq as i64,
        "base": base,
        "set": set,
    })
}

/// One device of one signed-in account.
struct Device<'a> {
    server: &'a TestServer,
    token: String,
    id: String,
}

impl<'a> Device<'a> {
    async fn new(server: &'a TestServer, username: &str, id: &str) -> Device<'a> {
        Device {
            server,
            token: server.login(username).await,
            id: id.to_owned(),
        }
    }

    async fn send(&self, body: Value) -> Reply {
        self.server.sync(&self.token, &body).await
    }

    async fn sync_body(&self, body: Value) -> SyncResponse {
        let reply = self.send(body).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        serde_json::from_slice(&reply.body).unwrap()
    }

    async fn sync(&self, since: u64, push: Vec<Value>) -> SyncResponse {
        self.sync_body(json!({ "device": self.id, "since": since, "push": push }))
            .await
    }

    async fn push(&self, push: Vec<Value>) -> SyncResponse {
        self.sync(u64::MAX, push).await
    }

    /// Everything this account sees, pulled from the start page by page.
    async fn pull_all(&self) -> BTreeMap<String, RecordView> {
        let mut all = BTreeMap::new();
        let mut since = 0;
        loop {
            let page = self.sync(since, vec![]).await;
            for r in page.records {
                all.insert(r.id.clone(), r);
            }
            since = page.cursor;
            if !page.more {
                return all;
            }
        }
    }

    async fn view(&self, record: &str) -> Option<RecordView> {
        self.pull_all().await.remove(record)
    }
}

fn count(server: &TestServer, sql: &str) -> i64 {
    server.db().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn error_codes(response: &SyncResponse) -> Vec<(u64, &str)> {
    response
        .rejected
        .iter()
        .map(|r| (r.seq, r.error.as_str()))
        .collect()
}

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
    assert_eq!(view.version.0, BTreeMap::from([("tablet-0001".into(), 1)]));
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
        assert_eq!(view.version.0.values().collect::<Vec<_>>(), [&2]);
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
    assert_eq!(seen.version.0, BTreeMap::from([("tablet-0003".into(), 1)]));

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

    let base: Vec<(&str, u64)> = view
        .version
        .0
        .iter()
        .map(|(d, s)| (d.as_str(), *s))
        .collect();
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

const EVERYONE: [&str; 9] = [
    "observer",
    "teacher",
    "teacher2",
    "mentor",
    "consultant",
    "edtech",
    "head",
    "specialist",
    "admin",
];

/// For each account that sees the record: whether it reads `private_note` and
/// `opinion`. Every account also checks that it never gets a field it may not read.
async fn who_sees(server: &TestServer, record: &str) -> BTreeMap<&'static str, (bool, bool)> {
    let mut seen = BTreeMap::new();
    for user in EVERYONE {
        let device = Device::new(server, user, &format!("viewer-{user}")).await;
        if let Some(view) = device.view(record).await {
            assert!(view.fields.contains_key("rating.A1"), "{user}");
            seen.insert(
                user,
                (
                    view.fields.contains_key("private_note"),
                    view.fields.contains_key("opinion"),
                ),
            );
        }
    }
    seen
}

#[tokio::test]
async fn each_demo_account_sees_exactly_what_it_may() {
    let server = TestServer::start();
    let teacher = server.user_id("teacher");
    let teacher2 = server.user_id("teacher2");
    let observer = Device::new(&server, "observer", "tablet-0004").await;
    let id = rid(4);
    let sheet = [
        ("kind", json!("peer")),
        ("context.teacher_id", json!(teacher)),
        ("rating.A1", json!(3)),
        ("private_note", json!("tikai man")),
        ("opinion", json!("atzinums")),
        ("status", json!("draft")),
    ];
    assert_eq!(
        observer.push(vec![patch(&id, 1, &[], &sheet)]).await.acked,
        [1]
    );
    assert_eq!(
        who_sees(&server, &id).await,
        BTreeMap::from([("observer", (true, true))]),
        "a draft is its owner's alone"
    );

    let share = patch(
        &id,
        2,
        &[("tablet-0004", 1)],
        &[("status", json!("shared"))],
    );
    assert_eq!(observer.push(vec![share]).await.acked, [2]);
    assert_eq!(
        who_sees(&server, &id).await,
        BTreeMap::from([
            ("observer", (true, true)),
            ("teacher", (false, true)),
            ("mentor", (false, false)),
            ("consultant", (false, false)),
            ("edtech", (false, false)),
            ("head", (false, true)),
            ("specialist", (false, false)),
        ]),
        "shared: the teacher and those who follow them; not the other school, not admin"
    );

    let specialist = Device::new(&server, "specialist", "laptop-0004").await;
    let other = rid(5);
    let visit = [
        ("kind", json!("specialist")),
        ("context.teacher_id", json!(teacher2)),
        ("rating.A1", json!(2)),
        ("private_note", json!("piezīme")),
        ("opinion", json!("atzinums vadībai")),
        ("status", json!("shared")),
    ];
    assert_eq!(
        specialist
            .push(vec![patch(&other, 1, &[], &visit)])
            .await
            .acked,
        [1]
    );
    assert_eq!(
        who_sees(&server, &other).await,
        BTreeMap::from([("specialist", (true, true)), ("teacher2", (false, true))]),
        "nobody of the first school sees the second school's observation"
    );

    let unshare = patch(&id, 3, &[("tablet-0004", 2)], &[("status", json!("draft"))]);
    assert_eq!(observer.push(vec![unshare]).await.acked, [3]);
    assert_eq!(
        who_sees(&server, &id).await,
        BTreeMap::from([("observer", (true, true))]),
        "back to draft: back to its owner alone"
    );
}

#[tokio::test]
async fn who_may_write_follows_the_field_and_hidden_records_are_not_found() {
    let server = TestServer::start();
    let teacher_id = server.user_id("teacher");
    let mentor_id = server.user_id("mentor");
    let teacher2_id = server.user_id("teacher2");
    let observer = Device::new(&server, "observer", "tablet-0005").await;
    let teacher = Device::new(&server, "teacher", "phone-0005").await;
    let mentor = Device::new(&server, "mentor", "phone-mentor").await;
    let teacher2 = Device::new(&server, "teacher2", "phone-other").await;
    let id = rid(6);
    let sheet = [
        ("context.teacher_id", json!(teacher_id)),
        ("rating.A1", json!(3)),
    ];
    observer.push(vec![patch(&id, 1, &[], &sheet)]).await;

    let reflection = |seq| patch(&id, seq, &[], &[("reflection", json!("Paldies"))]);
    let draft = teacher.push(vec![reflection(1)]).await;
    assert_eq!(error_codes(&draft), [(1, "not_found")], "a draft is hidden");
    let own = observer.push(vec![reflection(2)]).await;
    assert_eq!(
        error_codes(&own),
        [(2, "forbidden")],
        "not the observer's words"
    );

    observer
        .push(vec![patch(
            &id,
            3,
            &[("tablet-0005", 1)],
            &[("status", json!("shared"))],
        )])
        .await;
    let shared = teacher
        .push(vec![
            reflection(2),
            patch(&id, 3, &[], &[("rating.A1", json!(4))]),
            patch(
                &id,
                4,
                &[],
                &[("acknowledged_at", json!(1_700_000_000_000i64))],
            ),
        ])
        .await;
    assert_eq!(shared.acked, [2, 4]);
    assert_eq!(error_codes(&shared), [(3, "forbidden")]);

    let comment = |user: &str, seq| {
        let path = format!("comment.{user}");
        let text = json!({"name": "Jānis Ozols", "text": "Labi", "at": 1});
        patch(&id, seq, &[], &[(path.as_str(), text)])
    };
    let comments = mentor
        .push(vec![comment(&mentor_id, 1), comment(&teacher_id, 2)])
        .await;
    assert_eq!(comments.acked, [1]);
    assert_eq!(error_codes(&comments), [(2, "forbidden")]);
    let mentor_sheet = mentor
        .push(vec![patch(&id, 3, &[], &[("context.goal", json!("x"))])])
        .await;
    assert_eq!(error_codes(&mentor_sheet), [(3, "forbidden")]);

    let stranger = teacher2.push(vec![comment(&teacher2_id, 1)]).await;
    assert_eq!(error_codes(&stranger), [(1, "not_found")]);
    assert_eq!(
        stranger.rejected[0].message, draft.rejected[0].message,
        "a hidden record reads like any other not found"
    );

    let view = observer.view(&id).await.unwrap();
    assert_eq!(view.values()["reflection"], "\"Paldies\"");
    assert_eq!(view.fields["reflection"][0].by, teacher_id);
    assert_eq!(view.values()["rating.A1"], "3");
    assert_eq!(
        view.fields[&format!("comment.{mentor_id}")][0].by,
        mentor_id
    );
    assert!(!view.fields.contains_key(&format!("comment.{teacher_id}")));

    // Back to draft: a retry of the stored reflection is still acknowledged (the
    // device must stop sending it); a new edit is refused.
    observer
        .push(vec![patch(
            &id,
            4,
            &[("tablet-0005", 3)],
            &[("status", json!("draft"))],
        )])
        .await;
    let late = teacher
        .push(vec![
            reflection(2),
            patch(&id, 5, &[], &[("reflection", json!("Vēl"))]),
        ])
        .await;
    assert_eq!(late.acked, [2]);
    assert_eq!(error_codes(&late), [(5, "not_found")]);
}

#[tokio::test]
async fn a_device_id_belongs_to_the_first_account_that_syncs_with_it() {
    let server = TestServer::start();
    let mine = Device::new(&server, "observer", "shared-tablet").await;
    mine.push(vec![patch(
        &rid(7),
        1,
        &[],
        &[("context.topic", json!("x"))],
    )])
    .await;
    let theirs = Device::new(&server, "teacher", "shared-tablet").await;
    let reply = theirs
        .send(json!({
            "device": "shared-tablet",
            "push": [patch(&rid(8), 1, &[], &[("context.topic", json!("y"))])],
        }))
        .await;
    reply.assert_error(StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(count(&server, "SELECT COUNT(*) FROM records"), 1);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM patches"), 1);
}

#[tokio::test]
async fn bad_sync_requests_get_clear_json_errors() {
    let server = TestServer::start();
    let token = server.login("observer").await;
    let ok_patch = patch(&rid(9), 1, &[], &[("context.topic", json!("x"))]);
    let cases: Vec<(String, StatusCode, &str)> = vec![
        ("{bad".into(), StatusCode::BAD_REQUEST, "bad_json"),
        ("[]".into(), StatusCode::BAD_REQUEST, "bad_json"),
        ("{}".into(), StatusCode::BAD_REQUEST, "bad_json"),
        (r#"{"device":"short"}"#.into(), StatusCode::BAD_REQUEST, "bad_request"),
        (r#"{"device":"tablet 0001"}"#.into(), StatusCode::BAD_REQUEST, "bad_request"),
        (json!({"device": "x".repeat(65)}).to_string(), StatusCode::BAD_REQUEST, "bad_request"),
        (r#"{"device":"tablet-0009","limit":0}"#.into(), StatusCode::BAD_REQUEST, "bad_request"),
        (r#"{"device":"tablet-0009","extra":1}"#.into(), StatusCode::BAD_REQUEST, "bad_json"),
        (r#"{"device":"tablet-0009","since":-1}"#.into(), StatusCode::BAD_REQUEST, "bad_json"),
        (r#"{"device":"tablet-0009","since":"0"}"#.into(), StatusCode::BAD_REQUEST, "bad_json"),
        (r#"{"device":"tablet-0009","since":1e400}"#.into(), StatusCode::BAD_REQUEST, "bad_json"),
        (r#"{"device":"tablet-0009","limit":4294967296}"#.into(), StatusCode::BAD_REQUEST, "bad_json"),
        (r#"{"device":"tablet-0009","push":{}}"#.into(), StatusCode::BAD_REQUEST, "bad_json"),
        (
            json!({"device": "tablet-0009", "push": [{"record": rid(9), "seq": -1, "at": 0, "set": {}}]}).to_string(),
            StatusCode::BAD_REQUEST,
            "bad_json",
        ),
        (
            json!({"device": "tablet-0009", "push": [{"record": rid(9), "seq": 1, "at": 0, "set": {"context.topic": 1}}]}).to_string(),
            StatusCode::BAD_REQUEST,
            "bad_json",
        ),
        (
            json!({"device": "tablet-0009", "push": [{"record": rid(9), "seq": 1, "at": 0, "set": {}, "author": "1"}]}).to_string(),
            StatusCode::BAD_REQUEST,
            "bad_json",
        ),
    ];
    for (body, status, code) in cases {
        let reply = server
            .send(TestServer::authed_post("/api/sync", &token, body.clone()))
            .await;
        assert_eq!(reply.status, status, "{body}: {}", reply.text());
        reply.assert_error(status, code);
    }

    let body = json!({"device": "tablet-0009", "push": [ok_patch]}).to_string();
    server
        .send(TestServer::authed_post(
            "/api/sync",
            "not-a-token",
            body.clone(),
        ))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    server
        .post_json("/api/sync", &body)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    let plain = axum::http::Request::post("/api/sync")
        .header("content-type", "text/plain")
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::from(body))
        .unwrap();
    server
        .send(plain)
        .await
        .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    assert_eq!(count(&server, "SELECT COUNT(*) FROM records"), 0);
}

#[tokio::test]
async fn bad_patches_are_rejected_one_by_one_and_the_rest_apply() {
    let server = TestServer::start();
    let tablet = Device::new(&server, "observer", "tablet-0010").await;
    let id = rid(10);
    let topic = [("context.topic", json!("x"))];
    let too_many: Vec<(String, Value)> = (0..201)
        .map(|i| (format!("evidence.e{i}"), json!("x")))
        .collect();
    let too_many: Vec<(&str, Value)> = too_many
        .iter()
        .map(|(p, v)| (p.as_str(), v.clone()))
        .collect();
    let raw = |seq: u64, path: &str, text: &str| json!({"record": id, "seq": seq, "at": 0, "set": {path: text}});
    let answer = tablet
        .push(vec![
            patch("not-a-uuid", 1, &[], &topic),
            patch(&id.to_uppercase(), 2, &[], &topic),
            patch(&id, 0, &[], &topic),
            patch(&id, 1u64 << 63, &[], &topic),
            patch(&id, 3, &[], &[]),
            patch(&id, 4, &[], &too_many),
            patch(&id, 5, &[], &[("context.nickname", json!("x"))]),
            patch(&id, 6, &[], &[("kind", json!("gossip"))]),
            patch(&id, 7, &[], &[("rating.A1", json!(7))]),
            patch(&id, 8, &[], &[("status", json!("published"))]),
            patch(&id, 9, &[], &[("context.teacher_id", json!(5))]),
            raw(10, "context.topic", "not json"),
            raw(11, "notes", r#"[{"minute":-1,"text":"x","at":0}]"#),
            patch(
                &id,
                12,
                &[],
                &[("rating.A1", json!(3)), ("owner", json!("1"))],
            ),
            patch(&id, 13, &[], &topic),
            raw(14, "counters", "{}"),
        ])
        .await;
    assert_eq!(answer.acked, [13]);
    let expected = [
        (0, "bad_record"),
        (1, "bad_record"),
        (2, "bad_record"),
        (3, "bad_field"),
        (4, "bad_field"),
        (5, "bad_field"),
        (6, "bad_field"),
        (7, "bad_field"),
        (8, "bad_field"),
        (9, "bad_field"),
        (10, "bad_field"),
        (11, "bad_field"),
        (12, "bad_field"),
        (14, "bad_field"),
        (1u64 << 63, "bad_record"),
    ];
    assert_eq!(error_codes(&answer), expected);
    for r in &answer.rejected {
        assert!(r.message.len() > 10, "{r:?}");
    }
    let kind = answer.rejected.iter().find(|r| r.seq == 6).unwrap();
    assert!(
        kind.message.contains("gossip") && kind.message.contains("`kind`"),
        "{}",
        kind.message
    );
    let view = tablet.view(&id).await.unwrap();
    assert_eq!(view.fields.keys().collect::<Vec<_>>(), ["context.topic"]);
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM patches"),
        1,
        "refusals are not stored"
    );
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
async fn a_sync_body_may_be_4_mib_and_no_more() {
    let server = TestServer::start();
    let tablet = Device::new(&server, "observer", "tablet-0012").await;
    let big = "x".repeat(3 * 1024 * 1024);
    let answer = tablet
        .push(vec![patch(&rid(12), 1, &[], &[("evidence.E", json!(big))])])
        .await;
    assert_eq!(answer.acked, [1], "larger than other bodies may be");

    let huge = "x".repeat(vero_server::SYNC_BODY_LIMIT);
    let reply = tablet
        .send(json!({
            "device": "tablet-0012",
            "push": [patch(&rid(13), 2, &[], &[("evidence.E", json!(huge))])],
        }))
        .await;
    reply.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    assert!(reply.json()["message"].as_str().unwrap().contains("4 MiB"));
}

mod real_server {
    //! The real binary, killed without warning.

    use serde_json::{json, Value};
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::path::Path;
    use std::process::{Child, Command, Stdio};

    struct Running {
        child: Child,
        address: String,
    }

    fn start(data: &Path) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vero-server"))
            .arg("--listen")
            .arg("127.0.0.1:0")
            .arg("--data")
            .arg(data)
            .arg("--dist")
            .arg(data.join("no-app"))
            .arg("--demo")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let address = loop {
            let line = lines.next().expect("the server stopped before listening");
            if let Some(rest) = line.unwrap().split("http://").nth(1) {
                break rest.trim().to_owned();
            }
        };
        // Keep reading so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Running { child, address }
    }

    fn http(address: &str, method: &str, path: &str, token: &str, body: &Value) -> (u16, Value) {
        let body = body.to_string();
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\
             Content-Type: application/json\r\nAuthorization: Bearer {token}\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, serde_json::from_str(body).unwrap_or(Value::Null))
    }

    fn login(address: &str) -> String {
        let (status, session) = http(
            address,
            "POST",
            "/api/login",
            "",
            &json!({"username": "observer", "password": "demo"}),
        );
        assert_eq!(status, 200, "{session}");
        session["token"].as_str().unwrap().to_owned()
    }

    #[test]
    fn an_acknowledged_push_survives_kill_9() {
        let dir = tempfile::tempdir().unwrap();
        let record = super::rid(14);
        let mut server = start(dir.path());
        let token = login(&server.address);
        let push = super::patch(
            &record,
            1,
            &[],
            &[
                ("context.topic", json!("Pēc avārijas")),
                ("rating.B2", json!(4)),
            ],
        );
        let body = json!({"device": "tablet-0014", "push": [push]});
        let (status, answer) = http(&server.address, "POST", "/api/sync", &token, &body);
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["acked"], json!([1]));
        server.child.kill().unwrap(); // SIGKILL: no shutdown, no flush
        server.child.wait().unwrap();

        let mut server = start(dir.path());
        let token = login(&server.address);
        let pull = json!({"device": "tablet-0014"});
        let (status, answer) = http(&server.address, "POST", "/api/sync", &token, &pull);
        assert_eq!(status, 200, "{answer}");
        let records = answer["records"].as_array().unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["id"], record);
        assert_eq!(
            records[0]["fields"]["context.topic"][0]["value"],
            "\"Pēc avārijas\""
        );
        assert_eq!(records[0]["fields"]["rating.B2"][0]["value"], "4");
        assert_eq!(records[0]["version"], json!({"tablet-0014": 1}));
        server.child.kill().unwrap();
        server.child.wait().unwrap();
    }
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

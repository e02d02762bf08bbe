//! Bad input to sync gets a clear JSON refusal, and one bad patch spoils no other.

mod common;
mod sync_support;

use axum::http::StatusCode;
use common::TestServer;
use serde_json::{json, Value};
use sync_support::{count, error_codes, patch, rid, Device};

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
        (r#"{"device":"tablet-0009","limit":237.5}"#.into(), StatusCode::BAD_REQUEST, "bad_json"),
        (r#"{"device":"tablet-0009","since":0.5}"#.into(), StatusCode::BAD_REQUEST, "bad_json"),
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

/// The description's integers are JSON Schema's, for which `237.0` is the integer 237:
/// the server reads them so (schemathesis sends them).
#[tokio::test]
async fn integers_written_as_whole_floats_are_read_as_integers() {
    let server = TestServer::start();
    let token = server.login("observer").await;
    let first = patch(&rid(31), 1, &[], &[("context.topic", json!("x"))]);
    let reply = server
        .sync(&token, &json!({"device": "tablet-0031", "push": [first]}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = format!(
        r#"{{"device":"tablet-0031","since":0.0,"limit":237.0,"push":[{{"record":"{}",
        "seq":2.0,"at":1.7e12,"base":{{"tablet-0031":1.0}},"set":{{"context.topic":"\"y\""}}}}]}}"#,
        rid(31)
    );
    let reply = server
        .send(TestServer::authed_post("/api/sync", &token, body))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let answer = reply.json();
    assert_eq!(answer["acked"], json!([2]));
    let record = &answer["records"][0];
    assert_eq!(
        record["fields"]["context.topic"],
        json!([{"value": "\"y\"", "by": server.user_id("observer"), "at": 1_700_000_000_000i64}])
    );
    assert_eq!(record["version"], json!({"tablet-0031": 2}));
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

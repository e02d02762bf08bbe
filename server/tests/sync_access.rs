//! Who sees and who writes what: every demo account against drafts and shared sheets,
//! field by field, and devices bound to their account.

mod common;
mod sync_support;

use axum::http::StatusCode;
use common::TestServer;
use serde_json::json;
use std::collections::BTreeMap;
use sync_support::{count, error_codes, patch, rid, who_sees, Device};

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
        BTreeMap::from([("observer", "all")]),
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
            ("observer", "all"),
            ("teacher", "opinion"),
            ("mentor", "sheet"),
            ("consultant", "summary"),
            ("edtech", "summary"),
            ("head", "summary"),
            ("specialist", "summary"),
        ]),
        "a shared peer observation: its words for the teacher and their mentor; that it \
         happened for the rest who follow them; nothing for the other school or admin"
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
        BTreeMap::from([("specialist", "all"), ("teacher2", "opinion")]),
        "nobody of the first school sees the second school's observation"
    );

    let unshare = patch(&id, 3, &[("tablet-0004", 2)], &[("status", json!("draft"))]);
    assert_eq!(observer.push(vec![unshare]).await.acked, [3]);
    assert_eq!(
        who_sees(&server, &id).await,
        BTreeMap::from([("observer", "all")]),
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
            patch(&id, 4, &[], &[("self_rating.A1", json!(3))]),
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

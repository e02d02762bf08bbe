//! The feedback workflow and who sees a shared observation, through the real server:
//! every observation type against every demo account (another school's teacher and
//! the admin included: zero leaks), the steps only their takers may take, and what the
//! author may no longer do once the teacher has read it.

mod common;
mod sync_support;

use common::TestServer;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use sync_support::{error_codes, patch, rid, who_sees, Device};
use vero_domain::sync::fields::{observation_from, Json};
use vero_domain::workflow::{Act, Event, Workflow};

/// An event as the app writes it; `act` is `{"kind": …, its own fields}`.
fn event(by: &str, at: i64, act: Value) -> Value {
    let mut e = json!({ "by": by, "at": at });
    for (k, v) in act.as_object().unwrap() {
        let key = if k == "kind" { "act" } else { k.as_str() };
        e[key] = v.clone();
    }
    e
}

/// A sheet with every kind of field, shared with the demo `teacher` (school 0).
fn full_sheet(kind: &str, teacher: &str, observer: &str) -> Vec<(String, Value)> {
    vec![
        ("kind".into(), json!(kind)),
        ("context.teacher_id".into(), json!(teacher)),
        ("context.teacher".into(), json!("Anna Bērziņa")),
        ("context.date".into(), json!("2026-11-20")),
        ("context.goal".into(), json!("Atgriezeniskā saite")),
        ("rating.A1".into(), json!(3)),
        ("evidence.A1".into(), json!("Skolēni nosauca SR")),
        ("strength.1".into(), json!("Skaidrs mērķis")),
        ("private_note".into(), json!("tikai man")),
        ("opinion".into(), json!("atzinums")),
        ("status".into(), json!("shared")),
        (
            "event.s1".into(),
            event(observer, 1, json!({"kind": "shared"})),
        ),
        (
            "event.p1".into(),
            event(
                observer,
                2,
                json!({"kind": "step_proposed", "step": "n1", "text": "Skolēni paši formulē SR",
                       "due": "2026-12-20", "owner": teacher}),
            ),
        ),
    ]
}

fn set(fields: &[(String, Value)]) -> Vec<(&str, Value)> {
    fields
        .iter()
        .map(|(p, v)| (p.as_str(), v.clone()))
        .collect()
}

fn levels(pairs: &[(&'static str, &'static str)]) -> BTreeMap<&'static str, &'static str> {
    pairs.iter().copied().collect()
}

#[tokio::test]
async fn who_sees_a_shared_observation_follows_its_type_for_every_role() {
    let server = TestServer::start();
    let teacher = server.user_id("teacher");
    let observer_id = server.user_id("observer");
    let observer = Device::new(&server, "observer", "tablet-matrix").await;
    let collegial = levels(&[
        ("observer", "all"),
        ("teacher", "opinion"),
        ("mentor", "sheet"),
        ("consultant", "summary"),
        ("edtech", "summary"),
        ("head", "summary"),
        ("specialist", "summary"),
    ]);
    let evaluative = levels(&[
        ("observer", "all"),
        ("teacher", "opinion"),
        ("mentor", "sheet"),
        ("consultant", "sheet"),
        ("edtech", "sheet"),
        ("head", "opinion"),
        ("specialist", "opinion"),
    ]);
    let kinds = [
        ("peer", &collegial),
        ("open_lesson", &collegial),
        ("mentor", &collegial),
        ("edtech_mentor", &collegial),
        ("consultant", &evaluative),
        ("specialist", &evaluative),
        ("quality_grade", &evaluative),
    ];
    for (n, (kind, expected)) in kinds.into_iter().enumerate() {
        let id = rid(100 + n as u64);
        let fields = full_sheet(kind, &teacher, &observer_id);
        let pushed = observer
            .push(vec![patch(&id, 1 + n as u64, &[], &set(&fields))])
            .await;
        assert_eq!(pushed.acked.len(), 1, "{kind}: {:?}", pushed.rejected);
        assert_eq!(who_sees(&server, &id).await, *expected, "{kind}");
    }

    // What management gets of a peer observation: that it happened, the step's date
    // without its words.
    let head = Device::new(&server, "head", "head-matrix").await;
    let summary = head.view(&rid(100)).await.unwrap();
    let step: Event = serde_json::from_str(summary.values()["event.p1"]).unwrap();
    match step.act {
        Act::StepProposed { text, due, .. } => {
            assert_eq!(
                (text.as_str(), due.as_str()),
                (vero_domain::workflow::WITHHELD, "2026-12-20")
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(summary.values()["context.date"], "\"2026-11-20\"");
}

#[tokio::test]
async fn the_teacher_may_show_a_collegial_observation_to_management() {
    let server = TestServer::start();
    let teacher_id = server.user_id("teacher");
    let observer_id = server.user_id("observer");
    let observer = Device::new(&server, "observer", "tablet-shown").await;
    let teacher = Device::new(&server, "teacher", "phone-shown").await;
    let id = rid(120);
    let fields = full_sheet("peer", &teacher_id, &observer_id);
    observer.push(vec![patch(&id, 1, &[], &set(&fields))]).await;
    let ack = event(&teacher_id, 10, json!({"kind": "acknowledged"}));
    let show = event(
        &teacher_id,
        11,
        json!({"kind": "shown_to_management", "shown": true}),
    );
    let answer = teacher
        .push(vec![
            patch(&id, 1, &[], &[("event.t1", ack)]),
            patch(&id, 2, &[], &[("event.t2", show)]),
        ])
        .await;
    assert_eq!(answer.acked, [1, 2], "{:?}", answer.rejected);
    let seen = who_sees(&server, &id).await;
    assert_eq!(
        seen["head"], "sheet",
        "shown: management reads it, without the private note"
    );
    assert_eq!(
        seen["specialist"], "summary",
        "the municipality still only counts it"
    );
    let hide = event(
        &teacher_id,
        12,
        json!({"kind": "shown_to_management", "shown": false}),
    );
    teacher
        .push(vec![patch(&id, 3, &[], &[("event.t3", hide)])])
        .await;
    assert_eq!(who_sees(&server, &id).await["head"], "summary");
}

#[tokio::test]
async fn each_step_is_taken_only_by_whom_it_belongs_to_and_stays_as_recorded() {
    let server = TestServer::start();
    let teacher_id = server.user_id("teacher");
    let observer_id = server.user_id("observer");
    let mentor_id = server.user_id("mentor");
    let head_id = server.user_id("head");
    let observer = Device::new(&server, "observer", "tablet-steps").await;
    let teacher = Device::new(&server, "teacher", "phone-steps").await;
    let mentor = Device::new(&server, "mentor", "phone-mentor-steps").await;
    let head = Device::new(&server, "head", "head-steps").await;
    let id = rid(130);
    let fields = full_sheet("peer", &teacher_id, &observer_id);
    observer.push(vec![patch(&id, 1, &[], &set(&fields))]).await;

    let ack = |by: &str| event(by, 10, json!({"kind": "acknowledged"}));
    let refused = observer
        .push(vec![patch(&id, 2, &[], &[("event.x1", ack(&observer_id))])])
        .await;
    assert_eq!(
        error_codes(&refused),
        [(2, "forbidden")],
        "the observer does not acknowledge"
    );
    let forged = teacher
        .push(vec![patch(&id, 1, &[], &[("event.x2", ack(&observer_id))])])
        .await;
    assert_eq!(
        error_codes(&forged),
        [(1, "forbidden")],
        "an event names who took it"
    );
    let by_mentor = mentor
        .push(vec![patch(&id, 1, &[], &[("event.x3", ack(&mentor_id))])])
        .await;
    assert_eq!(
        error_codes(&by_mentor),
        [(1, "forbidden")],
        "a mentor takes no step"
    );
    let acked = teacher
        .push(vec![patch(&id, 2, &[], &[("event.t1", ack(&teacher_id))])])
        .await;
    assert_eq!(acked.acked, [2]);
    let rewritten = teacher
        .push(vec![patch(
            &id,
            3,
            &[],
            &[(
                "event.t1",
                event(&teacher_id, 99, json!({"kind": "acknowledged"})),
            )],
        )])
        .await;
    assert_eq!(
        error_codes(&rewritten),
        [(3, "forbidden")],
        "a step once recorded stays"
    );

    // The mentor comments; management, who sees only that it happened, cannot.
    let comment = |user: &str| {
        (
            format!("comment.{user}"),
            json!({"name": "", "text": "Labi", "at": 20}),
        )
    };
    let (path, value) = comment(&mentor_id);
    let commented = mentor
        .push(vec![patch(&id, 2, &[], &[(path.as_str(), value)])])
        .await;
    assert_eq!(commented.acked, [2], "{:?}", commented.rejected);
    let (path, value) = comment(&head_id);
    let by_head = head
        .push(vec![patch(&id, 1, &[], &[(path.as_str(), value)])])
        .await;
    assert_eq!(error_codes(&by_head), [(1, "forbidden")]);

    // Read by the teacher: no deleting, no quiet return to draft.
    let delete = observer
        .push(vec![patch(
            &id,
            3,
            &[("tablet-steps", 1)],
            &[("deleted_at", json!(5))],
        )])
        .await;
    assert_eq!(error_codes(&delete), [(3, "forbidden")]);
    assert!(
        delete.rejected[0].message.contains("withdrawn"),
        "{}",
        delete.rejected[0].message
    );
    let draft = observer
        .push(vec![patch(
            &id,
            4,
            &[("tablet-steps", 1)],
            &[("status", json!("draft"))],
        )])
        .await;
    assert_eq!(error_codes(&draft), [(4, "forbidden")]);

    // Withdrawn after it was read: the teacher keeps it, everyone else loses it.
    let withdraw = observer
        .push(vec![patch(
            &id,
            5,
            &[("tablet-steps", 1)],
            &[
                ("status", json!("withdrawn")),
                (
                    "event.w1",
                    event(&observer_id, 30, json!({"kind": "withdrawn"})),
                ),
            ],
        )])
        .await;
    assert_eq!(withdraw.acked, [5], "{:?}", withdraw.rejected);
    assert_eq!(
        who_sees(&server, &id).await,
        levels(&[("observer", "all"), ("teacher", "opinion")])
    );
    let late = teacher
        .push(vec![patch(&id, 4, &[], &[("reflection", json!("Vēl"))])])
        .await;
    assert_eq!(
        error_codes(&late),
        [(4, "forbidden")],
        "a withdrawn sheet is not answered"
    );
}

#[tokio::test]
async fn closing_removes_the_private_note_from_the_server() {
    let server = TestServer::start();
    let teacher_id = server.user_id("teacher");
    let observer_id = server.user_id("observer");
    let observer = Device::new(&server, "observer", "tablet-close").await;
    let teacher = Device::new(&server, "teacher", "phone-close").await;
    let id = rid(140);
    let fields = full_sheet("peer", &teacher_id, &observer_id);
    observer.push(vec![patch(&id, 1, &[], &set(&fields))]).await;
    let step = |seq: u64, name: &str, at: i64, act: Value| {
        let path = format!("event.{name}");
        patch(
            &id,
            seq,
            &[],
            &[(path.as_str(), event(&teacher_id, at, act))],
        )
    };
    let early_close = teacher
        .push(vec![step(1, "t0", 5, json!({"kind": "closed"}))])
        .await;
    assert_eq!(
        error_codes(&early_close),
        [(1, "forbidden")],
        "not read yet: out of turn"
    );
    let steps = teacher
        .push(vec![
            step(2, "t1", 10, json!({"kind": "acknowledged"})),
            step(
                3,
                "t2",
                11,
                json!({"kind": "step_accepted", "step": "n1", "proposal": "p1"}),
            ),
            step(4, "t3", 12, json!({"kind": "step_done", "step": "n1"})),
        ])
        .await;
    assert_eq!(steps.acked, [2, 3, 4], "{:?}", steps.rejected);
    assert!(observer
        .view(&id)
        .await
        .unwrap()
        .fields
        .contains_key("private_note"));
    let closed = teacher
        .push(vec![step(5, "t4", 13, json!({"kind": "closed"}))])
        .await;
    assert_eq!(closed.acked, [5], "{:?}", closed.rejected);
    let mine = observer.view(&id).await.unwrap();
    assert!(
        !mine.fields.contains_key("private_note"),
        "a working note goes when closed"
    );
    let note = observer
        .push(vec![patch(&id, 2, &[], &[("private_note", json!("vēl"))])])
        .await;
    assert_eq!(error_codes(&note), [(2, "forbidden")]);
    let stored = server
        .db()
        .query_row("SELECT state FROM records WHERE id = ?1", [&id], |r| {
            r.get::<_, String>(0)
        })
        .unwrap();
    assert!(
        !stored.contains("tikai man"),
        "not on the server's disk either"
    );
}

/// Where the observation stands as `device` has it after a pull.
async fn stage_seen_by(device: &Device<'_>, id: &str, author: &str) -> Workflow {
    let view = device
        .view(id)
        .await
        .expect("the device sees the observation");
    let (o, problems) = observation_from::<Json>(id, author, view.values());
    assert!(problems.is_empty(), "{problems:?}");
    o.workflow()
}

#[tokio::test]
async fn steps_taken_at_once_on_different_devices_converge_and_count_once() {
    let server = TestServer::start();
    let teacher_id = server.user_id("teacher");
    let observer_id = server.user_id("observer");
    let tablet = Device::new(&server, "observer", "tablet-at-once").await;
    let phone = Device::new(&server, "teacher", "phone-at-once").await;
    let laptop = Device::new(&server, "teacher", "laptop-at-once").await;
    let id = rid(150);
    let fields = full_sheet("peer", &teacher_id, &observer_id);
    tablet.push(vec![patch(&id, 1, &[], &set(&fields))]).await;

    // Offline on both of her devices, the teacher reads it and accepts the step twice
    // over (each device its own events); meanwhile the observer, who has seen none of
    // it, proposes a second step.
    let by_teacher = |name: &str, at: i64, act: Value| {
        let path = format!("event.{name}");
        (path, event(&teacher_id, at, act))
    };
    let accept = json!({"kind": "step_accepted", "step": "n1", "proposal": "p1"});
    for (device, prefix) in [(&phone, "ph"), (&laptop, "lp")] {
        let acts = [
            by_teacher(&format!("{prefix}1"), 10, json!({"kind": "acknowledged"})),
            by_teacher(&format!("{prefix}2"), 11, accept.clone()),
        ];
        let pushed = device
            .push(vec![
                patch(&id, 1, &[], &[(acts[0].0.as_str(), acts[0].1.clone())]),
                patch(&id, 2, &[], &[(acts[1].0.as_str(), acts[1].1.clone())]),
            ])
            .await;
        assert_eq!(pushed.acked, [1, 2], "{prefix}: {:?}", pushed.rejected);
    }
    let second = event(
        &observer_id,
        3,
        json!({"kind": "step_proposed", "step": "n2", "text": "Kopīgi izveidot kritērijus",
               "due": "2027-01-15", "owner": teacher_id}),
    );
    let proposed = tablet
        .push(vec![patch(&id, 2, &[], &[("event.o2", second)])])
        .await;
    assert_eq!(proposed.acked, [2], "{:?}", proposed.rejected);

    let seen = [
        stage_seen_by(&tablet, &id, &observer_id).await,
        stage_seen_by(&phone, &id, &observer_id).await,
        stage_seen_by(&laptop, &id, &observer_id).await,
    ];
    assert_eq!(seen[0], seen[1], "the tablet and the phone agree");
    assert_eq!(seen[1], seen[2], "the phone and the laptop agree");
    let w = &seen[0];
    let taken = |act: &str| w.history.iter().filter(|(_, e)| e.act.id() == act).count();
    assert_eq!(taken("acknowledged"), 1, "read twice, recorded once");
    assert_eq!(taken("step_accepted"), 1, "accepted twice, agreed once");
    assert_eq!(w.acknowledged_at, Some(10));
    let steps: Vec<_> = w
        .steps
        .iter()
        .map(|s| (s.id.as_str(), s.agreed_at.is_some()))
        .collect();
    assert_eq!(steps, [("n1", true), ("n2", false)]);
}

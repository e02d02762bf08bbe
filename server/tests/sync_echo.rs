//! Echoes: a device's own new records answered by id and rebuilt on the device
//! (`vero_domain::sync::echo`) must be exactly what the server would have sent, under
//! any mix of new and old records, refused and repeated patches, and fields the server
//! leaves out.

mod common;
mod sync_support;

use common::TestServer;
use proptest::prelude::*;
use serde_json::{json, Value};
use sync_support::{patch, rid, Device};
use vero_domain::sync::device::Device as DeviceState;
use vero_domain::sync::echo::take_echoes;
use vero_domain::sync::PushedPatch;

/// What one patch sets, by number: owner fields, the teacher's fields (left out when
/// empty, refused otherwise, writable once the owner names themselves and shares).
fn field(n: u8, me: &str) -> (&'static str, Value) {
    match n % 10 {
        0 => ("opinion", json!(format!("o{n}"))),
        1 => ("reflection", json!("")),
        2 => ("reflection", json!("mine")),
        3 => ("acknowledged_at", Value::Null),
        4 => ("rating.A1", json!(1 + n % 4)),
        5 => ("rating.A1", Value::Null),
        6 => ("private_note", json!("p")),
        7 => ("status", json!("shared")),
        8 => ("context.teacher_id", json!(me)),
        _ => ("context.topic", json!(format!("t{n}"))),
    }
}

/// One patch: (record 0..4, fields, base on its own last patch, a repeat of an earlier one).
type Step = (u8, Vec<u8>, bool, bool);

fn requests() -> impl Strategy<Value = Vec<Vec<Step>>> {
    let step = (
        0u8..4,
        prop::collection::vec(any::<u8>(), 1..4),
        any::<bool>(),
        prop::bool::weighted(0.15),
    );
    prop::collection::vec(prop::collection::vec(step, 1..6), 1..4)
}

async fn check(history: Vec<Vec<Step>>) {
    let server = TestServer::start();
    let me = server.user_id("observer");
    let tablet = Device::new(&server, "observer", "tablet-echo").await;
    let laptop = Device::new(&server, "observer", "laptop-echo").await;
    // Record 3 exists already, made on another device: never echoed.
    laptop
        .push(vec![patch(&rid(3), 1, &[], &[("opinion", json!("old"))])])
        .await;
    let device = DeviceState::new(tablet.id.clone());
    let mut sent: Vec<Value> = Vec::new();
    let mut since = 0;
    for request in history {
        let mut push = Vec::new();
        for (record, fields, based, repeat) in request {
            if repeat && !sent.is_empty() {
                push.push(sent[fields[0] as usize % sent.len()].clone());
                continue;
            }
            let seq = sent.len() as u64 + 1;
            let base: &[(&str, u64)] = if based {
                &[("tablet-echo", seq - 1)]
            } else {
                &[]
            };
            let set: Vec<_> = fields.iter().map(|&n| field(n, &me)).collect();
            let p = patch(&rid(u64::from(record)), seq, base, &set);
            sent.push(p.clone());
            push.push(p);
        }
        let sending: Vec<PushedPatch> = serde_json::from_value(json!(push)).unwrap();
        let mut answer = tablet
            .sync_body(json!({ "device": tablet.id, "since": since, "push": push, "echoes": true }))
            .await;
        since = answer.cursor;
        let echoed: Vec<String> = answer.echoes.iter().map(|e| e.id.clone()).collect();
        take_echoes(&device, &sending, &mut answer);
        let server_views = laptop.pull_all().await;
        for view in answer.records {
            assert_eq!(
                Some(&view),
                server_views.get(&view.id),
                "echoed: {echoed:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn a_rebuilt_echo_is_the_view_the_server_holds(history in requests()) {
        tokio::runtime::Runtime::new().unwrap().block_on(check(history));
    }
}

#[tokio::test]
async fn a_new_sheet_pushed_whole_comes_back_as_an_echo() {
    let server = TestServer::start();
    let tablet = Device::new(&server, "observer", "tablet-echo").await;
    let whole = patch(
        &rid(1),
        1,
        &[],
        &[("opinion", json!("a")), ("reflection", json!(""))],
    );
    let answer = tablet
        .sync_body(json!({ "device": tablet.id, "push": [whole], "echoes": true }))
        .await;
    assert!(answer.records.is_empty());
    assert_eq!(answer.echoes.len(), 1);
    assert_eq!(answer.echoes[0].skipped, ["reflection"]);
    let old = tablet.sync(0, vec![]).await;
    assert_eq!(
        old.records.len(),
        1,
        "without echoes asked, the record comes whole"
    );
}

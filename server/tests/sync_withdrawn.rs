//! A shared sheet that narrows (another teacher named, or back to draft) leaves the
//! devices of those who lost it: their next sync lists it as gone, and nobody who never
//! saw it learns that it exists.

mod common;
mod sync_support;

use common::TestServer;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use sync_support::{patch, rid, who_sees, Device, EVERYONE};

/// Each account's device and where its last sync left it.
struct Readers<'a> {
    devices: Vec<(&'static str, Device<'a>, u64)>,
}

impl<'a> Readers<'a> {
    async fn new(server: &'a TestServer) -> Readers<'a> {
        let mut devices = Vec::new();
        for user in EVERYONE {
            let device = Device::new(server, user, &format!("reader-{user}")).await;
            devices.push((user, device, 0));
        }
        Readers { devices }
    }

    /// Syncs every device from its cursor: who received `record`, who was told it is gone.
    async fn sync(&mut self, record: &str) -> (BTreeSet<&'static str>, BTreeSet<&'static str>) {
        let (mut got, mut gone) = (BTreeSet::new(), BTreeSet::new());
        for (user, device, cursor) in &mut self.devices {
            let page = device.sync(*cursor, vec![]).await;
            assert!(!page.more);
            *cursor = page.cursor;
            if page.records.iter().any(|r| r.id == record) {
                got.insert(*user);
            }
            if page.gone.iter().any(|id| id == record) {
                gone.insert(*user);
            }
            assert!(
                page.gone.iter().all(|id| id == record),
                "{user} was told of a record it never saw: {:?}",
                page.gone
            );
        }
        (got, gone)
    }
}

fn set(users: &[&'static str]) -> BTreeSet<&'static str> {
    users.iter().copied().collect()
}

#[tokio::test]
async fn those_who_lose_a_shared_sheet_are_told_to_remove_it_and_nobody_else() {
    let server = TestServer::start();
    let teacher = server.user_id("teacher");
    let teacher2 = server.user_id("teacher2");
    let observer = Device::new(&server, "observer", "tablet-0042").await;
    let mut readers = Readers::new(&server).await;
    let id = rid(42);
    // Another shared sheet that stays as it is: nobody is told anything about it.
    let steady = rid(43);
    let sheet = |teacher_id: &str| {
        [
            ("context.teacher_id", json!(teacher_id)),
            ("rating.A1", json!(3)),
            ("status", json!("shared")),
        ]
    };
    let pushed = observer
        .push(vec![
            patch(&id, 1, &[], &sheet(&teacher)),
            patch(&steady, 2, &[], &sheet(&teacher)),
        ])
        .await;
    assert_eq!(pushed.acked, [1, 2]);
    let school0 = ["teacher", "mentor", "consultant", "edtech", "head"];
    let (got, gone) = readers.sync(&id).await;
    let mut first = set(&school0);
    first.extend(["observer", "specialist"]);
    assert_eq!(got, first);
    assert!(gone.is_empty());

    // The observer picked the wrong teacher and corrects it.
    let corrected = patch(
        &id,
        3,
        &[("tablet-0042", 1)],
        &[("context.teacher_id", json!(teacher2))],
    );
    assert_eq!(observer.push(vec![corrected]).await.acked, [3]);
    let (got, gone) = readers.sync(&id).await;
    assert_eq!(gone, set(&school0), "the first teacher's side loses it");
    assert_eq!(got, set(&["observer", "specialist", "teacher2"]));

    // Nothing new: nobody is told again.
    let (got, gone) = readers.sync(&id).await;
    assert!(got.is_empty() && gone.is_empty());

    // Back to draft: everyone but its author loses it.
    let draft = patch(&id, 4, &[("tablet-0042", 3)], &[("status", json!("draft"))]);
    assert_eq!(observer.push(vec![draft]).await.acked, [4]);
    let (got, gone) = readers.sync(&id).await;
    assert_eq!(gone, set(&["specialist", "teacher2"]));
    assert_eq!(got, set(&["observer"]));

    // The steady sheet is still where it was.
    let mut steady_readers = set(&school0);
    steady_readers.extend(["observer", "specialist"]);
    let seen: BTreeSet<&str> = who_sees(&server, &steady).await.into_keys().collect();
    assert_eq!(seen, steady_readers);
}

#[tokio::test]
async fn a_sheet_shared_again_with_the_same_teacher_is_not_withdrawn() {
    let server = TestServer::start();
    let teacher = server.user_id("teacher");
    let observer = Device::new(&server, "observer", "tablet-0044").await;
    let reader = Device::new(&server, "teacher", "phone-0044").await;
    let id = rid(44);
    let sheet = [
        ("context.teacher_id", json!(teacher)),
        ("rating.A1", json!(3)),
        ("status", json!("shared")),
    ];
    observer.push(vec![patch(&id, 1, &[], &sheet)]).await;
    let cursor = reader.sync(0, vec![]).await.cursor;
    // Edits that leave the readers as they were (a rating, the same teacher again).
    let edit = patch(
        &id,
        2,
        &[("tablet-0044", 1)],
        &[
            ("rating.A1", json!(4)),
            ("context.teacher_id", json!(teacher)),
        ],
    );
    assert_eq!(observer.push(vec![edit]).await.acked, [2]);
    let page = reader.sync(cursor, vec![]).await;
    assert!(page.gone.is_empty());
    let views: BTreeMap<_, _> = page
        .records
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    assert_eq!(views[&id].values().get("rating.A1"), Some(&"4"));
    assert_eq!(
        sync_support::count(&server, "SELECT COUNT(*) FROM withdrawn"),
        0,
        "nothing narrowed, nothing kept"
    );
}

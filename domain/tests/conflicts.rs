//! Conflicts from the person's side: two devices edit the same field offline, the
//! server's merge keeps both values, the person who may write the field sees both and
//! keeps one, and the next sync leaves only that one. The server here is the real merge
//! (`RecordState`) and view (`RecordView::of`); the devices run the real `flush` and
//! `merge`.

use vero_domain::sync::conflict::{keep, open_conflicts};
use vero_domain::sync::device::{flush, merge, Device, Synced};
use vero_domain::sync::fields::Json;
use vero_domain::sync::{Dot, Patch, PushedPatch, RecordState, RecordView};
use vero_domain::{Observation, ObservationKind, Rating, Status, Template};

const ID: &str = "0190f3a1-2b3c-7fff-bfff-000000000001";
const OBSERVER: &str = "1";
const TEACHER: &str = "2";

#[derive(Default)]
struct Server {
    record: RecordState,
}

impl Server {
    fn push(&mut self, device: &Device, author: &str, p: &PushedPatch) {
        self.record.apply(&Patch {
            record: p.record.clone(),
            dot: Dot {
                device: device.id.as_str().into(),
                seq: p.seq,
            },
            author: author.into(),
            at: p.at,
            base: p.base.clone(),
            set: p.set.clone(),
        });
    }

    fn view(&self) -> RecordView {
        RecordView::of(ID, OBSERVER, &self.record.fields, |_| {
            vero_domain::visibility::Read::Whole
        })
    }

    /// The values of a field on the server.
    fn values(&self, path: &str) -> Vec<&str> {
        self.record.fields[path]
            .heads
            .iter()
            .map(|h| h.value.as_str())
            .collect()
    }
}

/// One device of one account with its copy of the record.
struct Copy {
    account: &'static str,
    device: Device,
    synced: Synced,
    local: Option<Observation>,
}

impl Copy {
    fn new(account: &'static str, device: &str) -> Copy {
        Copy {
            account,
            device: Device::new(device.into()),
            synced: Synced::default(),
            local: None,
        }
    }

    fn edit(&mut self, change: impl FnOnce(&mut Observation)) {
        change(self.local.as_mut().expect("a copy to edit"));
    }

    /// A sync: flush the local edits, push them, take in the server's version.
    fn sync(&mut self, server: &mut Server, now: i64) -> Option<PushedPatch> {
        let sent = self
            .local
            .as_ref()
            .and_then(|local| flush::<Json>(&mut self.device, &mut self.synced, local, now));
        if let Some(patch) = &sent {
            server.push(&self.device, self.account, patch);
        }
        let merged = merge::<Json>(&mut self.synced, server.view(), &[], self.local.as_ref());
        self.local = Some(merged);
        sent
    }

    fn local(&self) -> &Observation {
        self.local.as_ref().unwrap()
    }
}

/// An observer's sheet on the tablet and their phone, both synced, then the goal
/// edited on each without a network: after both sync, the phone holds the conflict.
/// A new sheet of the observer's, made at `at`.
fn observers_sheet(at: i64) -> Observation {
    let mut sheet = Observation::new(
        ID.into(),
        ObservationKind::Peer,
        &Template::default_template(),
        at,
    );
    sheet.author = OBSERVER.into();
    sheet
}

fn goal_edited_on_two_devices() -> (Server, Copy, Copy) {
    let mut server = Server::default();
    let mut tablet = Copy::new(OBSERVER, "tablet-1");
    let mut sheet = observers_sheet(10);
    sheet.context.goal = "Lasīt".into();
    tablet.local = Some(sheet);
    tablet.sync(&mut server, 10);
    let mut phone = Copy::new(OBSERVER, "phone-01");
    phone.sync(&mut server, 20);
    assert_eq!(phone.local().context.goal, "Lasīt");

    tablet.edit(|o| o.context.goal = "Rakstīt".into());
    phone.edit(|o| o.context.goal = "Runāt".into());
    tablet.sync(&mut server, 100);
    phone.sync(&mut server, 200);
    (server, tablet, phone)
}

#[test]
fn both_values_of_a_field_edited_on_two_devices_are_shown_with_who_and_when() {
    let (server, _, phone) = goal_edited_on_two_devices();
    assert_eq!(server.values("context.goal").len(), 2);
    let conflicts = open_conflicts::<Json>(&phone.synced, OBSERVER);
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].path, "context.goal");
    let values: Vec<_> = conflicts[0]
        .values
        .iter()
        .map(|h| (h.value.as_str(), h.by.as_str(), h.at))
        .collect();
    assert_eq!(
        values,
        [("\"Rakstīt\"", OBSERVER, 100), ("\"Runāt\"", OBSERVER, 200)]
    );
    // The copy shows the latest meanwhile; the other one is not lost.
    assert_eq!(phone.local().context.goal, "Runāt");
}

#[test]
fn keeping_the_value_already_shown_still_sends_it_and_ends_the_conflict() {
    let (mut server, mut tablet, mut phone) = goal_edited_on_two_devices();
    let shown = phone.local().clone();
    let mut local = shown.clone();
    keep::<Json>(&mut phone.synced, &mut local, "context.goal", "\"Runāt\"").unwrap();
    assert_eq!(local, shown, "the copy already showed it");
    assert!(open_conflicts::<Json>(&phone.synced, OBSERVER).is_empty());
    phone.local = Some(local);

    let sent = phone.sync(&mut server, 300).expect("the choice is sent");
    assert_eq!(sent.set.keys().collect::<Vec<_>>(), ["context.goal"]);
    assert_eq!(server.values("context.goal"), ["\"Runāt\""]);
    assert_eq!(server.record.conflicts().count(), 0);

    tablet.sync(&mut server, 400);
    assert_eq!(tablet.local().context.goal, "Runāt");
    assert!(open_conflicts::<Json>(&tablet.synced, OBSERVER).is_empty());
    assert!(open_conflicts::<Json>(&phone.synced, OBSERVER).is_empty());
}

#[test]
fn keeping_the_other_value_replaces_the_shown_one_everywhere() {
    let (mut server, mut tablet, mut phone) = goal_edited_on_two_devices();
    let mut local = phone.local().clone();
    keep::<Json>(&mut phone.synced, &mut local, "context.goal", "\"Rakstīt\"").unwrap();
    assert_eq!(local.context.goal, "Rakstīt");
    phone.local = Some(local);

    let sent = phone.sync(&mut server, 300).expect("the choice is sent");
    assert_eq!(sent.set["context.goal"], "\"Rakstīt\"");
    assert_eq!(server.values("context.goal"), ["\"Rakstīt\""]);
    assert_eq!(phone.local().context.goal, "Rakstīt");

    tablet.sync(&mut server, 400);
    assert_eq!(tablet.local().context.goal, "Rakstīt");
    assert!(open_conflicts::<Json>(&tablet.synced, OBSERVER).is_empty());
}

#[test]
fn a_value_that_is_no_longer_there_cannot_be_kept_and_changes_nothing() {
    let (_, _, mut phone) = goal_edited_on_two_devices();
    let before = phone.synced.clone();
    let mut local = phone.local().clone();
    let err = keep::<Json>(&mut phone.synced, &mut local, "context.goal", "\"Lasīt\"");
    assert!(err.is_err());
    assert_eq!(phone.synced, before);
    assert_eq!(&local, phone.local());
}

#[test]
fn keeping_a_removed_rating_sends_the_removal() {
    let mut server = Server::default();
    let mut tablet = Copy::new(OBSERVER, "tablet-1");
    let mut sheet = observers_sheet(1);
    sheet.rate("A1", Some(Rating::Level(2)));
    tablet.local = Some(sheet);
    tablet.sync(&mut server, 10);
    let mut phone = Copy::new(OBSERVER, "phone-01");
    phone.sync(&mut server, 20);

    tablet.edit(|o| o.rate("A1", None));
    phone.edit(|o| o.rate("A1", Some(Rating::Level(4))));
    tablet.sync(&mut server, 100);
    phone.sync(&mut server, 200);
    let conflicts = open_conflicts::<Json>(&phone.synced, OBSERVER);
    assert_eq!(conflicts[0].path, "rating.A1");

    let mut local = phone.local().clone();
    keep::<Json>(&mut phone.synced, &mut local, "rating.A1", "null").unwrap();
    assert!(!local.ratings.contains_key("A1"));
    phone.local = Some(local);
    let sent = phone.sync(&mut server, 300).expect("the removal is sent");
    assert_eq!(sent.set["rating.A1"], "null");
    assert_eq!(server.values("rating.A1"), ["null"]);
}

#[test]
fn the_teachers_name_and_account_are_chosen_together() {
    let mut server = Server::default();
    let mut tablet = Copy::new(OBSERVER, "tablet-1");
    tablet.local = Some(observers_sheet(1));
    tablet.sync(&mut server, 10);
    let mut phone = Copy::new(OBSERVER, "phone-01");
    phone.sync(&mut server, 20);

    tablet.edit(|o| {
        o.context.teacher = "Anna Bērziņa".into();
        o.context.teacher_id = "2".into();
    });
    phone.edit(|o| {
        o.context.teacher = "Jānis Ozols".into();
        o.context.teacher_id = "3".into();
    });
    tablet.sync(&mut server, 100);
    phone.sync(&mut server, 200);
    let conflicts = open_conflicts::<Json>(&phone.synced, OBSERVER);
    let paths: Vec<_> = conflicts.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        ["context.teacher"],
        "the account is asked with the name"
    );

    let mut local = phone.local().clone();
    keep::<Json>(
        &mut phone.synced,
        &mut local,
        "context.teacher",
        "\"Anna Bērziņa\"",
    )
    .unwrap();
    assert_eq!(local.context.teacher_id, "2");
    phone.local = Some(local);
    phone.sync(&mut server, 300);
    assert_eq!(server.record.conflicts().count(), 0);
    assert_eq!(server.values("context.teacher_id"), ["\"2\""]);
}

#[test]
fn only_the_person_who_may_write_a_field_is_asked_to_choose() {
    let mut server = Server::default();
    let mut observer = Copy::new(OBSERVER, "tablet-1");
    let mut sheet = observers_sheet(1);
    sheet.context.teacher_id = TEACHER.into();
    sheet.status = Status::Shared;
    observer.local = Some(sheet);
    observer.sync(&mut server, 10);
    let mut phone = Copy::new(TEACHER, "teacher-phone");
    let mut laptop = Copy::new(TEACHER, "teacher-laptop");
    phone.sync(&mut server, 20);
    laptop.sync(&mut server, 20);

    phone.edit(|o| o.reflection = "Paldies".into());
    laptop.edit(|o| o.reflection = "Padomāšu".into());
    observer.edit(|o| o.strengths[0] = "Skaidrs SR".into());
    phone.sync(&mut server, 100);
    laptop.sync(&mut server, 110);
    // The observer edits the same strength on a second device meanwhile.
    let mut second = Copy::new(OBSERVER, "tablet-2");
    second.synced = observer.synced.clone();
    second.local = observer.local.clone();
    second.edit(|o| o.strengths[0] = "Sadarbība".into());
    observer.sync(&mut server, 120);
    second.sync(&mut server, 130);
    observer.sync(&mut server, 140);
    laptop.sync(&mut server, 150);

    let paths = |copy: &Copy| -> Vec<String> {
        open_conflicts::<Json>(&copy.synced, copy.account)
            .into_iter()
            .map(|c| c.path)
            .collect()
    };
    assert_eq!(paths(&observer), ["strength.1"]);
    assert_eq!(paths(&laptop), ["reflection"]);
    assert!(open_conflicts::<Json>(&laptop.synced, "3").is_empty());

    // Back to draft: the teacher answers it no more, so is not asked either.
    observer.edit(|o| o.status = Status::Draft);
    observer.sync(&mut server, 160);
    laptop.sync(&mut server, 170);
    assert!(paths(&laptop).is_empty());
}

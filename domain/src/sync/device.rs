//! The device's side of sync, free of any browser: turning local edits into patches,
//! taking in what the server sends, and when to try again. The app keeps these values
//! in IndexedDB; the fault-injection test drives the same code against a real server.
//!
//! The one rule that keeps anyone's edit from being overwritten unseen: before a
//! record takes in what the server sent, its local edits are flushed into a patch based
//! on what the device had seen (`flush` then `merge`). A concurrent edit of the same
//! field then meets it on the server as a conflict, never as a silent overwrite.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::clock::VersionVector;
use super::fields::{changed_fields, observation_from, to_fields, Codec};
use super::wire::{shown, PushedPatch, RecordView, SyncRequest};
use crate::Observation;

/// This device as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// Made once per device and account (the server binds it to the account).
    pub id: String,
    /// The number the next patch gets.
    pub next_seq: u64,
    /// How far this device has pulled.
    pub cursor: u64,
}

impl Device {
    pub fn new(id: String) -> Device {
        Device {
            id,
            next_seq: 1,
            cursor: 0,
        }
    }

    /// What the device has seen of a record: the server's version plus its own patches
    /// (each made on top of the local copy, so seen by it).
    fn base(&self, view: Option<&RecordView>) -> VersionVector {
        let mut base = view.map(|v| v.version.clone()).unwrap_or_default();
        if self.next_seq > 1 {
            base.see(&self.id.as_str().into(), self.next_seq - 1);
        }
        base
    }
}

/// What this device knows of one record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synced {
    pub id: String,
    /// The record as the server last sent it.
    pub view: Option<RecordView>,
    /// The field values the local copy was built from or last sent: local edits are
    /// the fields where it now differs.
    pub basis: BTreeMap<String, String>,
}

/// A patch the server refused for good, kept on the device for a person to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    pub record: String,
    pub seq: u64,
    pub error: String,
    pub message: String,
    pub at: i64,
}

/// A record holding values in conflict that a person on this device is to choose
/// between, so the lists can say so without reading every record the server sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictNote {
    pub record: String,
    /// The account that is to choose (the one that synced it).
    pub user: String,
    /// The sheet's title when noted, for the attention list.
    pub title: String,
    /// The paths in conflict.
    pub fields: Vec<String>,
}

/// Turns the local copy's unsent edits into a patch (and counts them as sent in the
/// basis). `None` when nothing changed.
pub fn flush<C: Codec>(
    device: &mut Device,
    synced: &mut Synced,
    local: &Observation,
    now_ms: i64,
) -> Option<PushedPatch> {
    let fields = to_fields::<C>(local);
    // A sheet never sent goes whole (what changed_fields would give, copied at once).
    let set = if synced.basis.is_empty() {
        fields.clone()
    } else {
        changed_fields(&fields, &synced.basis)
    };
    if set.is_empty() {
        return None;
    }
    let patch = PushedPatch {
        record: local.id.clone(),
        seq: device.next_seq,
        at: now_ms,
        base: device.base(synced.view.as_ref()),
        set,
    };
    device.next_seq += 1;
    synced.basis = fields;
    Some(patch)
}

/// Takes in the server's version of a record (after `flush`): the local copy becomes the
/// server's values with this device's unacknowledged patches on top.
pub fn merge<C: Codec>(
    synced: &mut Synced,
    view: RecordView,
    pending: &[&PushedPatch],
    local: Option<&Observation>,
) -> Observation {
    // (Built by inserting rather than collecting: the browser app pays for each
    // collected map type in code size.)
    let mut known: BTreeMap<&str, &str> = BTreeMap::new();
    for (path, heads) in &view.fields {
        if let Some(head) = shown(heads) {
            known.insert(path, &head.value);
        }
    }
    for patch in pending {
        for (path, value) in &patch.set {
            known.insert(path, value);
        }
    }
    let present = known.into_iter().filter(|(_, v)| *v != "null");
    let (mut merged, _unreadable) = observation_from::<C>(&view.id, &view.owner, present);
    let newest = view
        .fields
        .values()
        .flatten()
        .map(|h| h.at)
        .max()
        .unwrap_or(0);
    merged.updated_at = local.map_or(newest, |l| l.updated_at.max(newest));
    synced.id = view.id.clone();
    synced.view = Some(view);
    synced.basis = to_fields::<C>(&merged);
    merged
}

/// Whether a record the server sent holds nothing new to this device: every patch in it
/// is one of this device's own (typically the echo of its own push). Then there is
/// nothing to merge; keeping the server's version is enough.
pub fn only_own(view: &RecordView, device: &Device) -> bool {
    !view.version.is_empty()
        && view
            .version
            .iter()
            .all(|(id, seq)| id == device.id && seq < device.next_seq)
}

/// About how many bytes a patch takes in a request.
pub fn patch_size(patch: &PushedPatch) -> usize {
    120 + patch
        .set
        .iter()
        .map(|(k, v)| k.len() + v.len() + 8)
        .sum::<usize>()
}

/// The first patches of the outbox that fit in one request of about `max_bytes`.
pub fn batch(outbox: &[PushedPatch], max_bytes: usize) -> &[PushedPatch] {
    let mut size = 0;
    for (i, patch) in outbox.iter().enumerate() {
        size += patch_size(patch);
        if size > max_bytes && i > 0 {
            return &outbox[..i];
        }
    }
    outbox
}

pub fn request(device: &Device, push: &[PushedPatch]) -> SyncRequest {
    SyncRequest {
        device: device.id.clone(),
        since: device.cursor,
        push: push.to_vec(),
        limit: None,
        echoes: true,
    }
}

/// The JSON of `request(device, push)` pulling from `since`, with `push_json` (the
/// patches as a JSON array) written beforehand: a device writes its next batch while the
/// request before is on its way, and only the cursor waits for that answer.
pub fn request_json(device: &Device, since: u64, push_json: &str) -> String {
    let mut id = String::with_capacity(device.id.len());
    for c in device.id.chars() {
        if matches!(c, '"' | '\\') {
            id.push('\\');
        }
        id.push(c);
    }
    format!(r#"{{"device":"{id}","since":{since},"push":{push_json},"echoes":true}}"#)
}

/// What to do after a sync attempt failed as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer, a timeout, the server busy or broken: try again later.
    Retry,
    /// The server no longer accepts the sign-in: stop until the person signs in again;
    /// keep everything queued.
    SignIn,
    /// The request was too large: send fewer patches at a time.
    TooLarge,
    /// The server refuses this request for good (a bug or a policy): set the patches
    /// aside for a person to look at.
    Refused,
}

/// Classifies an HTTP status of a failed sync (`None`: no answer at all).
pub fn failure(status: Option<u16>) -> Failure {
    match status {
        None | Some(408 | 425 | 429) | Some(500..=599) => Failure::Retry,
        Some(401) => Failure::SignIn,
        Some(413) => Failure::TooLarge,
        Some(_) => Failure::Refused,
    }
}

/// Pause before the next attempt: 1 s, doubling with each failure in a row, at most
/// 5 minutes.
pub fn backoff_ms(failures_in_a_row: u32) -> u64 {
    const FIRST_MS: u64 = 1_000;
    const CAP_MS: u64 = 300_000;
    FIRST_MS
        .saturating_mul(1u64 << failures_in_a_row.min(20))
        .min(CAP_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::fields::Json;
    use crate::sync::wire::HeadView;
    use crate::{ObservationKind, Template};

    fn sheet() -> Observation {
        let mut o = Observation::new(
            "0190f3a1-2b3c-7fff-bfff-000000000001".into(),
            ObservationKind::Peer,
            &Template::default_template(),
            1,
        );
        o.author = "1".into();
        o
    }

    #[test]
    fn the_first_flush_sends_every_field_and_later_ones_only_what_changed() {
        let mut device = Device::new("dev1".into());
        let mut synced = Synced::default();
        let mut o = sheet();
        let first = flush::<Json>(&mut device, &mut synced, &o, 10).unwrap();
        assert_eq!(first.seq, 1);
        assert!(first.base.is_empty());
        assert!(first.set.len() > 20);
        assert_eq!(flush::<Json>(&mut device, &mut synced, &o, 11), None);
        o.context.goal = "lasīt".into();
        let second = flush::<Json>(&mut device, &mut synced, &o, 12).unwrap();
        assert_eq!(second.seq, 2);
        assert_eq!(second.base.get("dev1"), Some(1));
        assert_eq!(second.set.keys().collect::<Vec<_>>(), ["context.goal"]);
    }

    #[test]
    fn merge_shows_the_servers_values_under_the_devices_pending_patches() {
        let mut device = Device::new("dev1".into());
        let mut synced = Synced::default();
        let mut o = sheet();
        let first = flush::<Json>(&mut device, &mut synced, &o, 10).unwrap();
        o.context.goal = "mine, not yet acknowledged".into();
        let pending = flush::<Json>(&mut device, &mut synced, &o, 11).unwrap();
        let head = |value: &str, by: &str| {
            vec![HeadView {
                value: value.into(),
                by: by.into(),
                at: 20,
            }]
        };
        let mut fields: BTreeMap<String, Vec<HeadView>> = first
            .set
            .iter()
            .map(|(p, v)| (p.clone(), head(v, "1")))
            .collect();
        fields.insert("reflection".into(), head("\"Paldies\"", "2"));
        let view = RecordView {
            id: o.id.clone(),
            owner: "1".into(),
            version: [("dev1", 1), ("dev2", 1)].into_iter().collect(),
            fields,
        };
        let merged = merge::<Json>(&mut synced, view, &[&pending], Some(&o));
        assert_eq!(merged.reflection, "Paldies");
        assert_eq!(merged.context.goal, "mine, not yet acknowledged");
        assert_eq!(merged.author, "1");
        assert_eq!(merged.updated_at, 20);
        // Nothing left to send: the merged copy is what the basis says.
        assert_eq!(flush::<Json>(&mut device, &mut synced, &merged, 30), None);
    }

    #[test]
    fn the_echo_of_its_own_push_is_nothing_new() {
        let device = Device {
            id: "dev1".into(),
            next_seq: 5,
            cursor: 0,
        };
        let view = |pairs: &[(&str, u64)]| RecordView {
            id: "r".into(),
            owner: "1".into(),
            version: pairs.iter().map(|(d, s)| (*d, *s)).collect(),
            fields: BTreeMap::new(),
        };
        assert!(only_own(&view(&[("dev1", 4)]), &device));
        assert!(!only_own(&view(&[("dev1", 4), ("dev2", 1)]), &device));
        assert!(
            !only_own(&view(&[("dev1", 5)]), &device),
            "a number it never made"
        );
        assert!(!only_own(&view(&[]), &device));
    }

    #[test]
    fn failures_are_retried_with_a_growing_pause_except_sign_in_and_refusals() {
        assert_eq!(failure(None), Failure::Retry);
        assert_eq!(failure(Some(503)), Failure::Retry);
        assert_eq!(failure(Some(401)), Failure::SignIn);
        assert_eq!(failure(Some(413)), Failure::TooLarge);
        assert_eq!(failure(Some(400)), Failure::Refused);
        assert_eq!(backoff_ms(0), 1_000);
        assert_eq!(backoff_ms(3), 8_000);
        assert_eq!(backoff_ms(9), 300_000);
        assert_eq!(backoff_ms(u32::MAX), 300_000);
    }

    #[test]
    fn a_request_written_ahead_is_the_request() {
        let mut device = Device::new("dev-\"1\\".into());
        device.cursor = 7;
        let mut synced = Synced::default();
        let patch = flush::<Json>(&mut device, &mut synced, &sheet(), 1).unwrap();
        let push = serde_json::to_string(&[&patch]).unwrap();
        let text = request_json(&device, 42, &push);
        let mut expected = request(&device, &[patch]);
        expected.since = 42;
        assert_eq!(
            serde_json::from_str::<SyncRequest>(&text).unwrap(),
            expected
        );
        let empty = request_json(&device, 0, "[]");
        assert!(serde_json::from_str::<SyncRequest>(&empty)
            .unwrap()
            .push
            .is_empty());
    }

    #[test]
    fn a_batch_takes_whole_patches_up_to_the_size_and_never_none() {
        let mut device = Device::new("d".into());
        let mut patches = Vec::new();
        for i in 0..10 {
            let mut synced = Synced::default();
            let mut o = sheet();
            o.id = format!("r{i}");
            patches.push(flush::<Json>(&mut device, &mut synced, &o, 1).unwrap());
        }
        let one = batch(&patches, 1);
        assert_eq!(one.len(), 1);
        let some = batch(&patches, 5_000);
        assert!(some.len() > 1 && some.len() < 10, "{}", some.len());
        assert_eq!(batch(&patches, usize::MAX).len(), 10);
    }
}

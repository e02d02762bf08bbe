//! A device's own new records, answered by id. Sending a just-pushed sheet back whole
//! would double a first sync's traffic and JSON work, all for words the device already
//! has: it rebuilds the server's view from the patches it sent, by the same merge.
//!
//! The server answers a record this way only when it can be rebuilt exactly: created by
//! this very request from this device's patches alone, each acknowledged patch applied
//! (none a repeat), and a left-out path never applied by another of its patches. The
//! server's tests check the rebuilt view against the one it would have sent.

use std::collections::BTreeMap;

use std::sync::Arc;

use super::clock::{Dot, VersionVector};
use super::device::Device;
use super::merge::{Patch, RecordState};
use super::wire::{Echo, HeadView, PushedPatch, RecordView, SyncResponse};

/// The view the server holds of an echoed record: `sent`, the patches of that record
/// the server acknowledged, applied in the order sent, without the skipped paths.
pub fn rebuild(device: &Device, echo: &Echo, sent: &[&PushedPatch]) -> RecordView {
    match sent {
        [only] => rebuild_one(device, echo, only),
        _ => rebuild_by_merge(device, echo, sent),
    }
}

fn rebuild_by_merge(device: &Device, echo: &Echo, sent: &[&PushedPatch]) -> RecordView {
    let device_id: Arc<str> = device.id.as_str().into();
    let owner: Arc<str> = echo.owner.as_str().into();
    let mut state = RecordState::default();
    for p in sent {
        let mut set = BTreeMap::new();
        for (path, value) in &p.set {
            if !echo.skipped.contains(path) {
                set.insert(path.clone(), value.clone());
            }
        }
        state.apply_owned(Patch {
            record: echo.id.clone(),
            dot: Dot {
                device: device_id.clone(),
                seq: p.seq,
            },
            // A new record is its creator's, and here the creator wrote every patch.
            author: owner.clone(),
            at: p.at,
            base: p.base.clone(),
            set,
        });
    }
    // The owner reads every field of their own record.
    RecordView::of(&echo.id, &echo.owner, &state.fields, |_| {
        crate::visibility::Read::Whole
    })
}

/// A record made by one patch, by far the most common echo (a new sheet's first sync):
/// every field it sets holds that patch's value and has seen its base and itself, which
/// is what `RecordState::apply` makes of it, without building the state first.
fn rebuild_one(device: &Device, echo: &Echo, p: &PushedPatch) -> RecordView {
    let mut fields = BTreeMap::new();
    for (path, value) in &p.set {
        if !echo.skipped.contains(path) {
            let head = HeadView {
                value: value.clone(),
                by: echo.owner.clone(),
                at: p.at,
            };
            fields.insert(path.clone(), vec![head]);
        }
    }
    let mut version = VersionVector::default();
    if !fields.is_empty() {
        version = p.base.clone();
        version.see(&device.id.as_str().into(), p.seq);
    }
    RecordView {
        id: echo.id.clone(),
        owner: echo.owner.clone(),
        version,
        fields,
    }
}

/// Turns the echoes of an answer into records, rebuilt from `sending` (the patches of
/// the request it answers), so the rest of a sync treats every record alike.
pub fn take_echoes(device: &Device, sending: &[PushedPatch], response: &mut SyncResponse) {
    if response.echoes.is_empty() {
        return;
    }
    // (Looked up by scanning rather than through maps: the browser app pays for each
    // map type in code size, and a request holds a few hundred patches at most.)
    for echo in std::mem::take(&mut response.echoes) {
        let sent: Vec<&PushedPatch> = sending
            .iter()
            .filter(|p| p.record == echo.id && response.acked.contains(&p.seq))
            .collect();
        response.records.push(rebuild(device, &echo, &sent));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pushed(seq: u64, base: u64, set: &[(&str, &str)]) -> PushedPatch {
        PushedPatch {
            record: "r".into(),
            seq,
            at: seq as i64 * 10,
            base: [("dev1", base)].into_iter().collect(),
            set: set
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn an_echo_becomes_the_view_of_the_acknowledged_patches_without_the_skipped_paths() {
        let device = Device::new("dev1".into());
        let first = pushed(1, 0, &[("opinion", "\"a\""), ("reflection", "\"\"")]);
        let refused = pushed(2, 1, &[("reflection", "\"mine\"")]);
        let second = pushed(3, 2, &[("opinion", "\"b\""), ("rating.A1", "2")]);
        let mut response = SyncResponse {
            acked: vec![1, 3],
            rejected: Vec::new(),
            records: Vec::new(),
            gone: Vec::new(),
            cursor: 9,
            more: false,
            echoes: vec![Echo {
                id: "r".into(),
                owner: "7".into(),
                skipped: vec!["reflection".into()],
            }],
            templates: Vec::new(),
        };
        take_echoes(&device, &[first, refused, second], &mut response);
        assert!(response.echoes.is_empty());
        let view = &response.records[0];
        assert_eq!(view.owner, "7");
        assert_eq!(view.version, [("dev1", 3)].into_iter().collect());
        let values = view.values();
        assert_eq!(
            values.keys().copied().collect::<Vec<_>>(),
            ["opinion", "rating.A1"]
        );
        assert_eq!(values["opinion"], "\"b\"");
        assert_eq!(view.fields["opinion"][0].at, 30);
        assert_eq!(view.fields["opinion"][0].by, "7");
    }

    #[test]
    fn a_record_of_one_patch_is_rebuilt_as_the_merge_would() {
        let device = Device::new("dev1".into());
        let echo = |skipped: &[&str]| Echo {
            id: "r".into(),
            owner: "7".into(),
            skipped: skipped.iter().map(|s| s.to_string()).collect(),
        };
        let whole = pushed(
            4,
            3,
            &[("opinion", "\"a\""), ("reflection", "\"\""), ("x", "null")],
        );
        let first = pushed(1, 0, &[("reflection", "\"\"")]);
        for (patch, skipped) in [
            (&whole, &["reflection"][..]),
            (&whole, &[]),
            (&first, &["reflection"]),
            (&first, &[]),
        ] {
            assert_eq!(
                rebuild_one(&device, &echo(skipped), patch),
                rebuild_by_merge(&device, &echo(skipped), &[patch]),
                "{skipped:?}"
            );
        }
    }
}

//! How edits of one record from many devices come together.
//!
//! A record is a set of fields (see `fields`). A patch sets some fields and says what
//! its device had seen of the record when it was made (its base). Per field we keep the
//! current values — normally one, more when people edited the same field without seeing
//! each other's edit — and everything that field has seen:
//! - a patch replaces exactly the values its base had seen;
//! - values it had not seen stay beside it: a conflict, shown to a person to choose;
//! - a patch the field has already seen (a repeat, or one overtaken by a later patch
//!   made on top of it) changes nothing.
//!
//! So delivering patches in any order, any number of times, ends in the same state
//! (tested by property below), and no edit is dropped without someone having seen it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

use super::clock::{Dot, VersionVector};

/// A change to one record, made on one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patch {
    pub record: String,
    pub dot: Dot,
    /// The user who made it (set by the server from the sign-in, never trusted from input).
    pub author: Arc<str>,
    /// Unix ms on the device when made.
    pub at: i64,
    /// What the device had seen of this record.
    pub base: VersionVector,
    /// Field path → new value as JSON text (`null` clears a field).
    pub set: BTreeMap<String, String>,
}

/// One current value of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub dot: Dot,
    pub value: String,
    pub author: Arc<str>,
    pub at: i64,
}

/// A field's current values: one but in a conflict. Inline where millions are made (the
/// server); a plain list in the browser app, whose download inline storage would grow.
#[cfg(not(target_arch = "wasm32"))]
pub type Heads = smallvec::SmallVec<[Head; 1]>;
#[cfg(target_arch = "wasm32")]
pub type Heads = Vec<Head>;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldState {
    /// Sorted by dot, so equal states compare equal.
    pub heads: Heads,
    pub seen: VersionVector,
}

impl FieldState {
    /// Takes in `value` from `patch` (whose `set` it came from).
    fn apply(&mut self, patch: &Patch, value: String) {
        if self.seen.contains(&patch.dot) {
            return;
        }
        self.heads.retain(|h| !patch.base.contains(&h.dot));
        self.seen.join(&patch.base);
        self.seen.add(&patch.dot);
        let head = Head {
            dot: patch.dot.clone(),
            value,
            author: patch.author.clone(),
            at: patch.at,
        };
        let at = self.heads.partition_point(|h| h.dot < head.dot);
        self.heads.insert(at, head);
    }

    /// The distinct values when people disagree; `None` when there is one value.
    pub fn conflict(&self) -> Option<Vec<&Head>> {
        let mut distinct: Vec<&Head> = Vec::new();
        for head in &self.heads {
            if !distinct.iter().any(|d| d.value == head.value) {
                distinct.push(head);
            }
        }
        (distinct.len() > 1).then_some(distinct)
    }

    /// The value to show: the only one, or when in conflict the latest made (the others
    /// stay listed in the conflict until someone chooses).
    pub fn value(&self) -> Option<&Head> {
        self.heads
            .iter()
            .max_by(|a, b| (a.at, &a.dot).cmp(&(b.at, &b.dot)))
    }
}

/// A record as merged from all patches delivered so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordState {
    pub fields: BTreeMap<String, FieldState>,
}

impl RecordState {
    pub fn apply(&mut self, patch: &Patch) {
        for (path, value) in &patch.set {
            self.fields
                .entry(path.clone())
                .or_default()
                .apply(patch, value.clone());
        }
    }

    /// `apply`, moving the patch's paths and values into the state instead of copying
    /// them (a large push takes in millions).
    pub fn apply_owned(&mut self, mut patch: Patch) {
        let set = std::mem::take(&mut patch.set);
        for (path, value) in set {
            self.fields.entry(path).or_default().apply(&patch, value);
        }
    }

    /// Everything seen by any field: the base for a patch made on top of this state.
    pub fn version(&self) -> VersionVector {
        let mut v = VersionVector::default();
        for field in self.fields.values() {
            v.join(&field.seen);
        }
        v
    }

    /// Whether every patch whose dot is given has been taken into account.
    pub fn has_seen(&self, dot: &Dot) -> bool {
        self.version().contains(dot)
    }

    /// The fields where people disagree.
    pub fn conflicts(&self) -> impl Iterator<Item = (&str, Vec<&Head>)> {
        self.fields
            .iter()
            .filter_map(|(path, f)| f.conflict().map(|c| (path.as_str(), c)))
    }

    /// Field path → the value to show (JSON text).
    pub fn values(&self) -> BTreeMap<&str, &str> {
        self.fields
            .iter()
            .filter_map(|(path, f)| f.value().map(|h| (path.as_str(), h.value.as_str())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patch(device: &str, seq: u64, base: &[(&str, u64)], set: &[(&str, &str)]) -> Patch {
        Patch {
            record: "r".into(),
            dot: Dot {
                device: device.into(),
                seq,
            },
            author: format!("user-{device}").into(),
            at: seq as i64,
            base: base.iter().map(|(d, s)| (*d, *s)).collect(),
            set: set
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn merged(patches: &[&Patch]) -> RecordState {
        let mut state = RecordState::default();
        for p in patches {
            state.apply(p);
        }
        state
    }

    #[test]
    fn edits_of_different_fields_by_different_people_merge() {
        let sheet = patch("obs", 1, &[], &[("rating.A1", "3"), ("opinion", "\"\"")]);
        let reflection = patch("tch", 1, &[("obs", 1)], &[("reflection", "\"Paldies\"")]);
        let rating = patch("obs", 2, &[("obs", 1)], &[("rating.A1", "4")]);
        let state = merged(&[&sheet, &reflection, &rating]);
        assert_eq!(state.values().get("rating.A1"), Some(&"4"));
        assert_eq!(state.values().get("reflection"), Some(&"\"Paldies\""));
        assert_eq!(state.conflicts().count(), 0);
    }

    #[test]
    fn the_same_field_edited_on_different_bases_is_a_conflict_until_someone_chooses() {
        let first = patch("a", 1, &[], &[("context.goal", "\"lasīt\"")]);
        let tablet = patch("a", 2, &[("a", 1)], &[("context.goal", "\"rakstīt\"")]);
        let laptop = patch("b", 1, &[("a", 1)], &[("context.goal", "\"runāt\"")]);
        let state = merged(&[&first, &tablet, &laptop]);
        let (path, values) = state.conflicts().next().expect("a conflict");
        assert_eq!(path, "context.goal");
        let mut texts: Vec<_> = values.iter().map(|h| h.value.as_str()).collect();
        texts.sort();
        assert_eq!(texts, ["\"rakstīt\"", "\"runāt\""]);

        let chosen = patch(
            "b",
            2,
            &[("a", 2), ("b", 1)],
            &[("context.goal", "\"runāt\"")],
        );
        let state = merged(&[&first, &tablet, &laptop, &chosen]);
        assert_eq!(state.conflicts().count(), 0);
        assert_eq!(state.fields["context.goal"].heads.len(), 1);
    }

    #[test]
    fn the_same_value_typed_twice_is_no_conflict() {
        let a = patch("a", 1, &[], &[("opinion", "\"ok\"")]);
        let b = patch("b", 1, &[], &[("opinion", "\"ok\"")]);
        assert_eq!(merged(&[&a, &b]).conflicts().count(), 0);
    }

    #[test]
    fn a_late_earlier_patch_of_the_same_device_does_not_come_back() {
        let one = patch("a", 1, &[], &[("opinion", "\"v1\""), ("topic", "\"t\"")]);
        let two = patch("a", 2, &[("a", 1)], &[("opinion", "\"v2\"")]);
        let state = merged(&[&two, &one]);
        assert_eq!(state.values().get("opinion"), Some(&"\"v2\""));
        assert_eq!(
            state.values().get("topic"),
            Some(&"\"t\""),
            "its other fields still count"
        );
        assert_eq!(state, merged(&[&one, &two]));
    }
}

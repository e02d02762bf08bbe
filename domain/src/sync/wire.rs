//! The sync endpoint's messages (`POST /api/sync`): one round trip pushes a device's
//! patches and pulls what changed since its cursor.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

use super::clock::VersionVector;
use super::merge::{FieldState, Head};
use crate::visibility::Read;
use crate::workflow::Event;

/// Records per pull page unless the device asks for another number (up to `MAX_LIMIT`).
pub const DEFAULT_LIMIT: u32 = 500;
pub const MAX_LIMIT: u32 = 2_000;
/// A sync answer's `cursor` and `more`, also sent as headers (lower case, as HTTP/2 and
/// `fetch` give them), so the device can send its next request before reading the body.
pub const CURSOR_HEADER: &str = "vero-cursor";
pub const MORE_HEADER: &str = "vero-more";

/// The cursor and `more` of a sync answer, read from its headers; `None` if either is
/// missing or unreadable (the body tells then).
pub fn next_from(cursor: Option<&str>, more: Option<&str>) -> Option<(u64, bool)> {
    let cursor = cursor?.trim().parse().ok()?;
    match more?.trim() {
        "true" => Some((cursor, true)),
        "false" => Some((cursor, false)),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRequest {
    /// This device's id (made once, kept in its storage).
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{8,64}$"))]
    pub device: String,
    /// The cursor of the last response; 0 the first time.
    #[serde(default)]
    #[serde(deserialize_with = "crate::whole::u64")]
    pub since: u64,
    /// Patches not yet acknowledged, oldest first.
    #[serde(default)]
    pub push: Vec<PushedPatch>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::whole::option_u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub limit: Option<u32>,
    /// The device rebuilds the records it just created from the patches it sent (see
    /// `echo`): answer those as `echoes` rather than sending its own words back.
    #[serde(default)]
    pub echoes: bool,
}

/// A patch as a device sends it; the server adds who made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushedPatch {
    pub record: String,
    /// This device's number for the patch: 1, 2, 3…; sending it again is harmless.
    #[serde(deserialize_with = "crate::whole::u64")]
    pub seq: u64,
    /// Unix ms on the device when made.
    #[serde(deserialize_with = "crate::whole::i64")]
    pub at: i64,
    /// What the device had seen of the record.
    #[serde(default)]
    #[serde(deserialize_with = "crate::whole::version_vector")]
    pub base: VersionVector,
    /// Field path → value as JSON text.
    pub set: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResponse {
    /// The pushed patches now stored (this time or before).
    pub acked: Vec<u64>,
    /// Pushed patches refused for good, with the reason.
    pub rejected: Vec<Rejection>,
    /// Records changed since `since` that the caller may see, with only the fields the
    /// caller may read.
    pub records: Vec<RecordView>,
    /// Records the caller saw before and may no longer see (shared with another
    /// teacher, or back to draft): the device removes its copy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gone: Vec<String>,
    pub cursor: u64,
    /// More changes wait: ask again with the new cursor.
    pub more: bool,
    /// Records of this page that this request created from the caller's patches alone,
    /// when the device asked for echoes; they count as records of the page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub echoes: Vec<Echo>,
    /// Versions of the sheet's template published after `since` (up to `cursor`),
    /// oldest first: a sheet never arrives before the version it was begun on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<crate::Template>,
}

/// A record the device can rebuild from the patches it just sent (`echo::rebuild`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Echo {
    pub id: String,
    pub owner: String,
    /// Paths its patches set that the server left out (an empty value of a field the
    /// caller may not write).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rejection {
    pub seq: u64,
    /// Machine-readable: `forbidden`, `not_found`, `bad_field`, `bad_record`.
    pub error: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordView {
    pub id: String,
    /// The account that made the sheet.
    pub owner: String,
    /// Everything merged into this record: the base for the next patch.
    pub version: VersionVector,
    /// Field path → current values (one, or several when in conflict).
    pub fields: BTreeMap<String, Vec<HeadView>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeadView {
    pub value: String,
    /// The account that wrote it.
    pub by: String,
    pub at: i64,
}

/// Of a field's values, the one to show: the only one, or the latest when in conflict.
pub fn shown(heads: &[HeadView]) -> Option<&HeadView> {
    heads
        .iter()
        .max_by(|a, b| (a.at, &a.value).cmp(&(b.at, &b.value)))
}

impl RecordView {
    /// The record as one reader may see it.
    pub fn of(
        id: &str,
        owner: &str,
        fields: &BTreeMap<String, FieldState>,
        read: impl Fn(&str) -> Read,
    ) -> RecordView {
        let fields = fields
            .iter()
            .map(|(path, field)| (Cow::Borrowed(path.as_str()), Cow::Borrowed(field)));
        RecordView::of_fields(id, owner, fields, read)
    }

    /// `of`, taking the fields rather than copying them (a pull reads thousands).
    pub fn of_owned(
        id: &str,
        owner: &str,
        fields: BTreeMap<String, FieldState>,
        read: impl Fn(&str) -> Read,
    ) -> RecordView {
        let fields = fields
            .into_iter()
            .map(|(path, field)| (Cow::Owned(path), Cow::Owned(field)));
        RecordView::of_fields(id, owner, fields, read)
    }

    fn of_fields<'a>(
        id: &str,
        owner: &str,
        fields: impl Iterator<Item = (Cow<'a, str>, Cow<'a, FieldState>)>,
        read: impl Fn(&str) -> Read,
    ) -> RecordView {
        let mut version = VersionVector::default();
        let mut shown = BTreeMap::new();
        for (path, field) in fields {
            version.join(&field.seen);
            let how = read(&path);
            if how == Read::Hidden || field.heads.is_empty() {
                continue;
            }
            let view = |value: String, h: &Head| HeadView {
                value: match how {
                    Read::Redacted => redacted(&value),
                    _ => value,
                },
                by: h.author.to_string(),
                at: h.at,
            };
            let heads = match field {
                Cow::Borrowed(f) => f.heads.iter().map(|h| view(h.value.clone(), h)).collect(),
                Cow::Owned(f) => f
                    .heads
                    .into_iter()
                    .map(|mut h| view(std::mem::take(&mut h.value), &h))
                    .collect(),
            };
            shown.insert(path.into_owned(), heads);
        }
        RecordView {
            id: id.to_owned(),
            owner: owner.to_owned(),
            version,
            fields: shown,
        }
    }

    /// Field path → the value to show: the only one, or the latest when in conflict.
    pub fn values(&self) -> BTreeMap<&str, &str> {
        self.fields
            .iter()
            .filter_map(|(path, heads)| Some((path.as_str(), shown(heads)?.value.as_str())))
            .collect()
    }

    /// Fields where people disagree, with each distinct value.
    pub fn conflicts(&self) -> Vec<(&str, Vec<&HeadView>)> {
        let mut out = Vec::new();
        for (path, heads) in &self.fields {
            let mut distinct: Vec<&HeadView> = Vec::new();
            for h in heads {
                if !distinct.iter().any(|d| d.value == h.value) {
                    distinct.push(h);
                }
            }
            if distinct.len() > 1 {
                out.push((path.as_str(), distinct));
            }
        }
        out
    }
}

/// An event's value without its words; anything else that is not an event, `null`.
fn redacted(value: &str) -> String {
    match serde_json::from_str::<Event>(value) {
        Ok(mut e) => {
            e.act = e.act.redacted();
            serde_json::to_string(&e).unwrap_or_else(|_| "null".into())
        }
        Err(_) => "null".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{Dot, Patch, RecordState};

    #[test]
    fn the_next_cursor_is_read_from_headers_only_when_both_say_something_clear() {
        assert_eq!(next_from(Some("42"), Some("true")), Some((42, true)));
        assert_eq!(next_from(Some(" 7 "), Some("false")), Some((7, false)));
        assert_eq!(next_from(None, Some("true")), None);
        assert_eq!(next_from(Some("42"), None), None);
        assert_eq!(next_from(Some("-1"), Some("true")), None);
        assert_eq!(next_from(Some("42"), Some("yes")), None);
    }

    #[test]
    fn a_view_made_from_a_state_taken_is_the_view_made_from_it_lent() {
        let patch = |device: &str, seq: u64, base: &[(&str, u64)], set: &[(&str, &str)]| Patch {
            record: "r".into(),
            dot: Dot {
                device: device.into(),
                seq,
            },
            author: device.to_uppercase().into(),
            at: seq as i64,
            base: base.iter().copied().collect(),
            set: set
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        let mut state = RecordState::default();
        state.apply(&patch(
            "a",
            1,
            &[],
            &[("goal", "\"x\""), ("private_note", "\"p\"")],
        ));
        state.apply(&patch("a", 2, &[("a", 1)], &[("goal", "\"y\"")]));
        state.apply(&patch("b", 1, &[("a", 1)], &[("goal", "\"z\"")]));
        let readable = |path: &str| {
            if path == "private_note" {
                Read::Hidden
            } else {
                Read::Whole
            }
        };
        let lent = RecordView::of("r", "7", &state.fields, readable);
        assert_eq!(lent.conflicts().len(), 1);
        assert!(!lent.fields.contains_key("private_note"));
        assert_eq!(RecordView::of_owned("r", "7", state.fields, readable), lent);
    }
}

//! How a record's merged state is stored: written out field by field, every value would
//! repeat the device, number, author and time of the patch that made it, and every
//! field its own version vector — over half of a stored sheet, written on each push and
//! read on each pull. Instead each patch and each distinct vector is written once per
//! record, and fields point at them:
//!
//! `[2, [[device, seq, author, at], …], [{device: seq, …}, …], [[path, seen, dot, value, dot, value…], …]]`
//!
//! Records stored before this format (a JSON object of fields) are still read.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use vero_domain::sync::{Dot, FieldState, Head, VersionVector};

use super::{Result, StorageError};

const FORMAT: u8 = 2;

type Fields = BTreeMap<String, FieldState>;

fn corrupt(e: impl fmt::Display) -> StorageError {
    StorageError::Corrupt(format!("record state: {e}"))
}

/// The stored text of a record's fields.
pub(super) fn encode(fields: &Fields) -> Result<String> {
    let mut dots: Vec<&Head> = Vec::new();
    let mut seens: Vec<&VersionVector> = Vec::new();
    let mut entries = Vec::with_capacity(fields.len());
    for (path, field) in fields {
        // A record holds few distinct patches and vectors: a scan beats hashing them.
        let seen = index_of(&mut seens, &field.seen, |a, b| a == b);
        let heads = field
            .heads
            .iter()
            .map(|h| {
                (
                    index_of(&mut dots, h, |a, b| a.dot == b.dot),
                    h.value.as_str(),
                )
            })
            .collect();
        entries.push(Entry { path, seen, heads });
    }
    let dots: Vec<(&str, u64, &str, i64)> = dots
        .iter()
        .map(|h| (&*h.dot.device, h.dot.seq, &*h.author, h.at))
        .collect();
    serde_json::to_string(&(FORMAT, dots, seens, entries)).map_err(corrupt)
}

fn index_of<'a, T>(table: &mut Vec<&'a T>, item: &'a T, same: impl Fn(&T, &T) -> bool) -> usize {
    match table.iter().position(|t| same(t, item)) {
        Some(i) => i,
        None => {
            table.push(item);
            table.len() - 1
        }
    }
}

/// A record's fields from their stored text, in either format.
pub(super) fn decode(text: &str) -> Result<Fields> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(corrupt);
    }
    let Stored(fields) = serde_json::from_str(text).map_err(corrupt)?;
    Ok(fields)
}

/// One field as written: `[path, seen, dot, value, dot, value…]`.
struct Entry<'a> {
    path: &'a str,
    seen: usize,
    heads: Vec<(usize, &'a str)>,
}

impl Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(2 + 2 * self.heads.len()))?;
        seq.serialize_element(self.path)?;
        seq.serialize_element(&self.seen)?;
        for (dot, value) in &self.heads {
            seq.serialize_element(dot)?;
            seq.serialize_element(value)?;
        }
        seq.end()
    }
}

/// The decoded fields of a record in the current format.
struct Stored(Fields);

impl<'de> Deserialize<'de> for Stored {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_seq(StoredVisitor)
    }
}

struct StoredVisitor;

impl<'de> Visitor<'de> for StoredVisitor {
    type Value = Stored;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a stored record state")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Stored, A::Error> {
        let missing = || de::Error::custom("the state is cut short");
        let format: u8 = seq.next_element()?.ok_or_else(missing)?;
        if format != FORMAT {
            return Err(de::Error::custom(format!("unknown state format {format}")));
        }
        let dots: Vec<(String, u64, String, i64)> = seq.next_element()?.ok_or_else(missing)?;
        // Device and author names shared by every value of the record.
        let dots: Vec<(Dot, Arc<str>, i64)> = dots
            .into_iter()
            .map(|(device, seq, author, at)| {
                (
                    Dot {
                        device: device.into(),
                        seq,
                    },
                    author.into(),
                    at,
                )
            })
            .collect();
        let seens: Vec<VersionVector> = seq.next_element()?.ok_or_else(missing)?;
        let fields = seq
            .next_element_seed(FieldsSeed {
                dots: &dots,
                seens: &seens,
            })?
            .ok_or_else(missing)?;
        Ok(Stored(fields))
    }
}

/// The field list, built straight into `FieldState`s against the tables read before it.
struct FieldsSeed<'t> {
    dots: &'t [(Dot, Arc<str>, i64)],
    seens: &'t [VersionVector],
}

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = Fields;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Fields, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed<'_> {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of fields")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Fields, A::Error> {
        let mut fields = Fields::new();
        while let Some((path, field)) = seq.next_element_seed(FieldSeed {
            dots: self.dots,
            seens: self.seens,
        })? {
            fields.insert(path, field);
        }
        Ok(fields)
    }
}

struct FieldSeed<'t> {
    dots: &'t [(Dot, Arc<str>, i64)],
    seens: &'t [VersionVector],
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = (String, FieldState);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed<'_> {
    type Value = (String, FieldState);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("[path, seen, dot, value, …]")
    }

    fn visit_seq<A: SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let missing = || de::Error::custom("a field is cut short");
        let out_of_range = || de::Error::custom("a field points outside its tables");
        let path: String = seq.next_element()?.ok_or_else(missing)?;
        let seen: usize = seq.next_element()?.ok_or_else(missing)?;
        let seen = self.seens.get(seen).ok_or_else(out_of_range)?.clone();
        let mut heads: vero_domain::sync::Heads = Default::default();
        while let Some(dot) = seq.next_element::<usize>()? {
            let (dot, author, at) = self.dots.get(dot).ok_or_else(out_of_range)?;
            let value: String = seq.next_element()?.ok_or_else(missing)?;
            heads.push(Head {
                dot: dot.clone(),
                value,
                author: author.clone(),
                at: *at,
            });
        }
        Ok((path, FieldState { heads, seen }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vero_domain::sync::{Patch, RecordState};

    fn patch(device: &str, seq: u64, base: &[(&str, u64)], set: &[(&str, &str)]) -> Patch {
        Patch {
            record: "r".into(),
            dot: Dot {
                device: device.into(),
                seq,
            },
            author: format!("user {device}").into(),
            at: 1_700_000_000_000 + seq as i64,
            base: base.iter().copied().collect(),
            set: set
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// A record with a conflict, a field two patches wrote, and values that need escaping.
    fn state() -> RecordState {
        let mut s = RecordState::default();
        s.apply(&patch(
            "tablet",
            1,
            &[],
            &[
                ("context.goal", "\"lasīt \\\"ātri\\\"\""),
                ("rating.A1", "3"),
                ("notes", "[]"),
            ],
        ));
        s.apply(&patch(
            "tablet",
            2,
            &[("tablet", 1)],
            &[("context.goal", "\"rakstīt\"")],
        ));
        s.apply(&patch(
            "laptop",
            1,
            &[("tablet", 1)],
            &[("context.goal", "\"runāt\"")],
        ));
        s.apply(&patch(
            "phone",
            1,
            &[("tablet", 2), ("laptop", 1)],
            &[("reflection", "null")],
        ));
        s
    }

    #[test]
    fn a_state_reads_back_as_it_was_written() {
        let fields = state().fields;
        assert_eq!(fields["context.goal"].heads.len(), 2, "a conflict to keep");
        let text = encode(&fields).unwrap();
        assert!(text.starts_with("[2,"), "{text}");
        assert_eq!(decode(&text).unwrap(), fields);
        assert_eq!(
            decode(&encode(&Fields::new()).unwrap()).unwrap(),
            Fields::new()
        );
    }

    #[test]
    fn each_patch_and_vector_is_written_once() {
        let text = encode(&state().fields).unwrap();
        assert_eq!(text.matches("\"user tablet\"").count(), 2, "{text}");
        assert_eq!(text.matches("\"user laptop\"").count(), 1, "{text}");
        // A sheet as its first sync makes it: forty fields from one patch.
        let names: Vec<String> = (0..40).map(|i| format!("evidence.A{i}")).collect();
        let set: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "\"fakti\"")).collect();
        let mut sheet = RecordState::default();
        sheet.apply(&patch("tablet-0001", 7, &[("tablet-0001", 6)], &set));
        let (compact, legacy) = (
            encode(&sheet.fields).unwrap(),
            serde_json::to_string(&sheet.fields).unwrap(),
        );
        assert!(
            compact.len() * 4 < legacy.len(),
            "{} vs {}",
            compact.len(),
            legacy.len()
        );
    }

    #[test]
    fn states_stored_before_this_format_are_still_read() {
        let fields = state().fields;
        let legacy = serde_json::to_string(&fields).unwrap();
        assert_eq!(decode(&legacy).unwrap(), fields);
    }

    #[test]
    fn a_damaged_state_is_reported_not_guessed() {
        for bad in [
            "[2,[],[],[[\"x\",0]]]",
            "[2,[[\"d\",1,\"a\",0]],[{}],[[\"x\",0,1,\"\\\"v\\\"\"]]]",
            "[2,[[\"d\",1,\"a\",0]],[{}],[[\"x\",0,0]]]",
            "[3,[],[],[]]",
            "[2,[]]",
            "",
        ] {
            assert!(
                matches!(decode(bad), Err(StorageError::Corrupt(_))),
                "{bad}"
            );
        }
    }
}

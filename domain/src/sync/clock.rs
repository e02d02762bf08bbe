//! Who has seen which edits: each device numbers its own patches 1, 2, 3…; a version
//! vector holds, per device, the highest number seen. A device applies its own patches
//! before making the next, so "seen patch n" implies "seen every earlier patch of it".
//!
//! Every field of a record keeps its own vector and every value its dot, so a large
//! push makes hundreds of thousands of them: device names are shared (`Arc<str>`), and a
//! vector is a short sorted list rather than a tree, kept inline while it names one
//! device (it rarely names more than two or three).

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// One patch: the device that made it and its number there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Dot {
    pub device: Arc<str>,
    pub seq: u64,
}

/// Per device, the highest patch number seen. Sorted by device, so equal vectors
/// compare equal. On the wire, a JSON object `{device: seq}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, u64>))]
pub struct VersionVector(Pairs);

/// Inline while one device is named, where millions of vectors are made (the server); a
/// plain list in the browser app, whose download inline storage would grow.
#[cfg(not(target_arch = "wasm32"))]
type Pairs = smallvec::SmallVec<[(Arc<str>, u64); 1]>;
#[cfg(target_arch = "wasm32")]
type Pairs = Vec<(Arc<str>, u64)>;

impl VersionVector {
    /// The highest patch number seen from `device`.
    pub fn get(&self, device: &str) -> Option<u64> {
        self.find(device).ok().map(|i| self.0[i].1)
    }

    pub fn contains(&self, dot: &Dot) -> bool {
        self.get(&dot.device).is_some_and(|seen| seen >= dot.seq)
    }

    /// Counts `seq` (and so every earlier patch) of `device` as seen.
    pub fn see(&mut self, device: &Arc<str>, seq: u64) {
        match self.find(device) {
            Ok(i) => self.0[i].1 = self.0[i].1.max(seq),
            Err(i) => self.0.insert(i, (device.clone(), seq)),
        }
    }

    pub fn add(&mut self, dot: &Dot) {
        self.see(&dot.device, dot.seq);
    }

    pub fn join(&mut self, other: &VersionVector) {
        if self.0.is_empty() {
            self.0.clone_from(&other.0);
            return;
        }
        for (device, seq) in &other.0 {
            self.see(device, *seq);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.0.iter().map(|(d, s)| (&**d, *s))
    }

    fn find(&self, device: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(d, _)| (**d).cmp(device))
    }
}

impl<D: Into<Arc<str>>> FromIterator<(D, u64)> for VersionVector {
    fn from_iter<I: IntoIterator<Item = (D, u64)>>(pairs: I) -> Self {
        let mut v = VersionVector::default();
        for (device, seq) in pairs {
            v.see(&device.into(), seq);
        }
        v
    }
}

impl Serialize for VersionVector {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (device, seq) in &self.0 {
            map.serialize_entry(&**device, seq)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for VersionVector {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = VersionVector;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of device ids to patch numbers")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VersionVector, A::Error> {
                let mut v = VersionVector::default();
                while let Some((device, seq)) = map.next_entry::<String, u64>()? {
                    v.see(&Arc::from(device), seq);
                }
                Ok(v)
            }
        }
        deserializer.deserialize_map(Pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(device: &str, seq: u64) -> Dot {
        Dot {
            device: device.into(),
            seq,
        }
    }

    #[test]
    fn a_vector_contains_every_earlier_patch_of_a_device() {
        let mut v = VersionVector::default();
        v.add(&dot("a", 3));
        assert!(v.contains(&dot("a", 1)) && v.contains(&dot("a", 3)));
        assert!(!v.contains(&dot("a", 4)) && !v.contains(&dot("b", 1)));
        let mut w = VersionVector::default();
        w.add(&dot("b", 2));
        w.add(&dot("a", 1));
        v.join(&w);
        assert_eq!(v.get("a"), Some(3));
        assert_eq!(v.get("b"), Some(2));
    }

    #[test]
    fn the_same_devices_in_any_order_make_the_same_vector_and_json() {
        let v: VersionVector = [("b", 2), ("a", 1), ("c", 7), ("a", 4)]
            .into_iter()
            .collect();
        let w: VersionVector = [("c", 7), ("a", 4), ("b", 2)].into_iter().collect();
        assert_eq!(v, w);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"{"a":4,"b":2,"c":7}"#);
        assert_eq!(serde_json::from_str::<VersionVector>(&json).unwrap(), v);
        let shuffled: VersionVector = serde_json::from_str(r#"{"c":7,"b":2,"a":4}"#).unwrap();
        assert_eq!(shuffled, v);
    }
}

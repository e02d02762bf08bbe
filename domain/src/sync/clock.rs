//! Who has seen which edits: each device numbers its own patches 1, 2, 3…; a version
//! vector holds, per device, the highest number seen. A device applies its own patches
//! before making the next, so "seen patch n" implies "seen every earlier patch of it".

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One patch: the device that made it and its number there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Dot {
    pub device: String,
    pub seq: u64,
}

/// Per device, the highest patch number seen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VersionVector(pub BTreeMap<String, u64>);

impl VersionVector {
    pub fn contains(&self, dot: &Dot) -> bool {
        self.0.get(&dot.device).is_some_and(|&seen| seen >= dot.seq)
    }

    pub fn add(&mut self, dot: &Dot) {
        let seen = self.0.entry(dot.device.clone()).or_insert(0);
        *seen = (*seen).max(dot.seq);
    }

    pub fn join(&mut self, other: &VersionVector) {
        for (device, &seq) in &other.0 {
            let seen = self.0.entry(device.clone()).or_insert(0);
            *seen = (*seen).max(seq);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
        assert_eq!(v.0.get("a"), Some(&3));
        assert_eq!(v.0.get("b"), Some(&2));
    }
}

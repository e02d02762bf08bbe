//! Integers in request bodies, read as JSON Schema counts them: `237`, `237.0` and `2.37e2`
//! are the same integer, so a body the API's description calls valid is not refused
//! for how a number is spelled. A number with a fraction is still refused, and so is a
//! whole number spelled with one beyond 2^53, where a float no longer holds every
//! integer and the value read could differ from the one written.
//!
//! For `#[serde(deserialize_with = "...")]`; the messages are serde's own.

use serde::de::{Deserializer, Error, MapAccess, Unexpected, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use crate::sync::VersionVector;

/// Largest magnitude up to which every integer has an exact float.
const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53

/// An integer type read by [`Whole`].
pub trait Integer: Sized + TryFrom<u64> + TryFrom<i64> {
    /// serde's word for it in messages: `u64`, `i64`, `u32`.
    const NAME: &'static str;
}

impl Integer for u64 {
    const NAME: &'static str = "u64";
}
impl Integer for i64 {
    const NAME: &'static str = "i64";
}
impl Integer for u32 {
    const NAME: &'static str = "u32";
}

/// An integer, also when written as a whole float.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Whole<T>(pub T);

struct WholeVisitor<T>(PhantomData<T>);

impl<'de, T: Integer> Visitor<'de> for WholeVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::NAME)
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<T, E> {
        if v.fract() != 0.0 || !v.is_finite() {
            return Err(E::invalid_type(Unexpected::Float(v), &self));
        }
        if v.abs() > EXACT {
            return Err(E::custom(format_args!(
                "invalid value: floating point `{v}`, expected {}: beyond 2^53 write an \
                 integer without a fraction or exponent",
                T::NAME
            )));
        }
        // Exact: a whole float within 2^53 converts without rounding.
        if v >= 0.0 {
            self.visit_u64(v as u64)
        } else {
            self.visit_i64(v as i64)
        }
    }
}

impl<'de, T: Integer> Deserialize<'de> for Whole<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json hands any number to the visitor, whichever type is asked for.
        deserializer
            .deserialize_u64(WholeVisitor(PhantomData))
            .map(Whole)
    }
}

pub fn u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    Whole::deserialize(deserializer).map(|Whole(v)| v)
}

pub fn u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    Whole::deserialize(deserializer).map(|Whole(v)| v)
}

pub fn i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    Whole::deserialize(deserializer).map(|Whole(v)| v)
}

pub fn option_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    Option::<Whole<u32>>::deserialize(deserializer).map(|v| v.map(|Whole(v)| v))
}

/// A version vector, its patch numbers read as [`Whole`].
pub fn version_vector<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<VersionVector, D::Error> {
    struct Pairs;
    impl<'de> Visitor<'de> for Pairs {
        type Value = VersionVector;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object of device ids to patch numbers")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VersionVector, A::Error> {
            let mut v = VersionVector::default();
            while let Some((device, Whole(seq))) = map.next_entry::<String, Whole<u64>>()? {
                v.see(&Arc::from(device), seq);
            }
            Ok(v)
        }
    }
    deserializer.deserialize_map(Pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: Integer>(json: &str) -> Result<T, String> {
        serde_json::from_str::<Whole<T>>(json)
            .map(|Whole(v)| v)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_whole_number_reads_however_it_is_spelled() {
        assert_eq!(read::<u32>("237"), Ok(237));
        assert_eq!(read::<u32>("237.0"), Ok(237));
        assert_eq!(read::<u32>("2.37e2"), Ok(237));
        assert_eq!(read::<u64>("-0.0"), Ok(0));
        assert_eq!(read::<i64>("-5.0"), Ok(-5));
        assert_eq!(read::<u64>("9007199254740992.0"), Ok(1 << 53));
        assert_eq!(read::<u64>("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(read::<i64>("-9223372036854775808"), Ok(i64::MIN));
    }

    #[test]
    fn anything_else_is_refused_as_serde_refuses_it() {
        let plain = |json: &str| serde_json::from_str::<u32>(json).unwrap_err().to_string();
        for json in ["237.5", "-1", "4294967296", "\"7\"", "true", "null"] {
            assert_eq!(read::<u32>(json), Err(plain(json)), "{json}");
        }
        assert!(read::<u32>("-1.0")
            .unwrap_err()
            .starts_with("invalid value: integer `-1`, expected u32"));
        assert!(read::<u64>("9007199254740994.0")
            .unwrap_err()
            .contains("beyond 2^53"));
        assert!(read::<u64>("1e300").is_err());
    }

    #[test]
    fn a_version_vector_reads_whole_floats_too() {
        #[derive(Deserialize)]
        struct Base(#[serde(deserialize_with = "version_vector")] VersionVector);
        let Base(v) = serde_json::from_str(r#"{"b":2.0,"a":1}"#).unwrap();
        assert_eq!(v, [("a", 1), ("b", 2)].into_iter().collect());
        assert!(serde_json::from_str::<Base>(r#"{"a":1.5}"#).is_err());
    }
}

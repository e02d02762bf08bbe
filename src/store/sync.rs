//! What sync keeps on the device: the outbox of patches not yet acknowledged, what the
//! server last sent of each record, the patches it refused, and which sheets changed.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use vero_domain::sync::device::{Device, Synced};
use vero_domain::sync::PushedPatch;
use wasm_bindgen::JsValue;

use super::{from_stored, to_js, Op, Store, StoreError, ATTENTION, DIRTY, OUTBOX, PREFS, SYNCED};

/// A patch the server refused for good, kept for a person to look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    pub record: String,
    pub seq: u64,
    pub error: String,
    pub message: String,
    pub at: i64,
}

pub fn outbox_key(device: &str, seq: u64) -> String {
    format!("{device}:{seq:020}")
}

pub fn put<T: Serialize>(
    store: &'static str,
    key: Option<String>,
    value: &T,
) -> Result<Op, StoreError> {
    Ok(Op::Put {
        store,
        key,
        value: to_js(value)?,
    })
}

fn device_key(user: &str) -> String {
    format!("device:{user}")
}

pub fn put_device(user: &str, device: &Device) -> Result<Op, StoreError> {
    put(PREFS, Some(device_key(user)), device)
}

fn read_all<T: DeserializeOwned>(values: Vec<JsValue>) -> Vec<T> {
    values
        .into_iter()
        .filter_map(|v| serde_wasm_bindgen::from_value(v).ok())
        .collect()
}

impl Store {
    /// This device's sync identity for an account, if it has synced before.
    pub async fn device(&self, user: &str) -> Result<Option<Device>, StoreError> {
        self.get(PREFS, &device_key(user)).await
    }

    /// Sheets changed on this device since they were last sent: id → when.
    pub async fn dirty(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(self
            .entries(DIRTY)
            .await?
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_f64()? as i64)))
            .collect())
    }

    /// The device's unacknowledged patches, oldest first.
    pub async fn outbox(&self, device: &str) -> Result<Vec<PushedPatch>, StoreError> {
        let (lower, upper) = (format!("{device}:"), format!("{device};"));
        let values = self.get_all(OUTBOX, Some((&lower, &upper))).await?;
        Ok(read_all(values))
    }

    /// Every unacknowledged patch of any account on this device: how much waits.
    pub async fn outbox_all(&self) -> Result<Vec<PushedPatch>, StoreError> {
        Ok(read_all(self.get_all(OUTBOX, None).await?))
    }

    pub async fn attention(&self) -> Result<Vec<Attention>, StoreError> {
        Ok(read_all(self.get_all(ATTENTION, None).await?))
    }

    /// What the server last sent of these records (missing ones: default).
    pub async fn synced(&self, ids: &[String]) -> Result<Vec<Synced>, StoreError> {
        let values = self.get_many(SYNCED, ids).await?;
        let mut out = Vec::with_capacity(ids.len());
        for (id, value) in ids.iter().zip(values) {
            let synced = from_stored(value)?.unwrap_or_else(|| Synced {
                id: id.clone(),
                ..Synced::default()
            });
            out.push(synced);
        }
        Ok(out)
    }

    /// Ids of every record the server has sent.
    pub async fn synced_ids(&self) -> Result<Vec<String>, StoreError> {
        let keys = self.get_all_keys(SYNCED).await?;
        Ok(keys.into_iter().filter_map(|k| k.as_string()).collect())
    }
}

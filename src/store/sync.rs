//! What sync keeps on the device: the outbox of patches not yet acknowledged, what the
//! server last sent of each record, the patches it refused, and which sheets changed.

use rexie::{KeyRange, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use vero_domain::sync::device::{Device, Synced};
use vero_domain::sync::PushedPatch;
use wasm_bindgen::JsValue;

use super::{Store, StoreError, ATTENTION, DIRTY, OUTBOX, PREFS, SYNCED};

/// A patch the server refused for good, kept for a person to look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    pub record: String,
    pub seq: u64,
    pub error: String,
    pub message: String,
    pub at: i64,
}

/// One write of a sync step; a step's writes commit together or not at all.
pub enum Op {
    Put {
        store: &'static str,
        key: Option<String>,
        value: JsValue,
    },
    Delete {
        store: &'static str,
        key: String,
    },
    /// Deletes a dirty mark unless the sheet changed again since it was read.
    Clean {
        id: String,
        seen_at: i64,
    },
}

pub fn outbox_key(device: &str, seq: u64) -> String {
    format!("{device}:{seq:020}")
}

fn js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

pub fn put<T: Serialize>(
    store: &'static str,
    key: Option<String>,
    value: &T,
) -> Result<Op, StoreError> {
    Ok(Op::Put {
        store,
        key,
        value: js(value)?,
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
        let tx = self.db.transaction(&[DIRTY], TransactionMode::ReadOnly)?;
        let store = tx.store(DIRTY)?;
        let keys = store.get_all_keys(None, None).await?;
        let values = store.get_all(None, None).await?;
        tx.done().await?;
        Ok(keys
            .into_iter()
            .zip(values)
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_f64()? as i64)))
            .collect())
    }

    /// Marks sheets as changed (e.g. ones made before sync existed).
    pub async fn mark_dirty(&self, ids: &[(String, i64)]) -> Result<(), StoreError> {
        let ops = ids
            .iter()
            .map(|(id, at)| put(DIRTY, Some(id.clone()), at))
            .collect::<Result<Vec<_>, _>>()?;
        self.apply(&[DIRTY], ops).await
    }

    /// The device's unacknowledged patches, oldest first.
    pub async fn outbox(&self, device: &str) -> Result<Vec<PushedPatch>, StoreError> {
        let range = KeyRange::bound(
            &JsValue::from_str(&format!("{device}:")),
            &JsValue::from_str(&format!("{device};")),
            None,
            None,
        )
        .map_err(|e| StoreError(format!("IndexedDB: {e}")))?;
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let values = tx.store(OUTBOX)?.get_all(Some(range), None).await?;
        tx.done().await?;
        Ok(read_all(values))
    }

    /// Every unacknowledged patch of any account on this device: how much waits.
    pub async fn outbox_all(&self) -> Result<Vec<PushedPatch>, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let values = tx.store(OUTBOX)?.get_all(None, None).await?;
        tx.done().await?;
        Ok(read_all(values))
    }

    pub async fn attention(&self) -> Result<Vec<Attention>, StoreError> {
        let tx = self
            .db
            .transaction(&[ATTENTION], TransactionMode::ReadOnly)?;
        let values = tx.store(ATTENTION)?.get_all(None, None).await?;
        tx.done().await?;
        Ok(read_all(values))
    }

    /// What the server last sent of these records (missing ones: default).
    pub async fn synced(&self, ids: &[String]) -> Result<Vec<Synced>, StoreError> {
        let tx = self.db.transaction(&[SYNCED], TransactionMode::ReadOnly)?;
        let store = tx.store(SYNCED)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let found = store.get(JsValue::from_str(id)).await?;
            let synced = match found {
                Some(v) if !v.is_undefined() => serde_wasm_bindgen::from_value(v)?,
                _ => Synced {
                    id: id.clone(),
                    ..Synced::default()
                },
            };
            out.push(synced);
        }
        tx.done().await?;
        Ok(out)
    }

    /// Ids of every record the server has sent.
    pub async fn synced_ids(&self) -> Result<Vec<String>, StoreError> {
        let tx = self.db.transaction(&[SYNCED], TransactionMode::ReadOnly)?;
        let keys = tx.store(SYNCED)?.get_all_keys(None, None).await?;
        tx.done().await?;
        Ok(keys.into_iter().filter_map(|k| k.as_string()).collect())
    }

    /// Applies one sync step's writes in a single transaction.
    pub async fn apply(&self, stores: &[&str], ops: Vec<Op>) -> Result<(), StoreError> {
        if ops.is_empty() {
            return Ok(());
        }
        let tx = self.db.transaction(stores, TransactionMode::ReadWrite)?;
        for op in ops {
            match op {
                Op::Put { store, key, value } => {
                    let key = key.map(|k| JsValue::from_str(&k));
                    tx.store(store)?.put(&value, key.as_ref()).await?;
                }
                Op::Delete { store, key } => {
                    tx.store(store)?.delete(JsValue::from_str(&key)).await?;
                }
                Op::Clean { id, seen_at } => {
                    let store = tx.store(DIRTY)?;
                    let key = JsValue::from_str(&id);
                    let now = store.get(key.clone()).await?;
                    if now.and_then(|v| v.as_f64()) == Some(seen_at as f64) {
                        store.delete(key).await?;
                    }
                }
            }
        }
        tx.done().await?;
        Ok(())
    }
}

//! Observation sheets on this device.

use vero_domain::Observation;
use wasm_bindgen::JsValue;

use super::{Store, StoreError, OBSERVATIONS};
use rexie::TransactionMode;

impl Store {
    /// Writes the whole sheet; returns once IndexedDB has committed it.
    pub async fn save_observation(&self, observation: &Observation) -> Result<(), StoreError> {
        self.put_record(OBSERVATIONS, observation).await
    }

    pub async fn observation(&self, id: &str) -> Result<Option<Observation>, StoreError> {
        self.get(OBSERVATIONS, id).await
    }

    /// Every sheet on the device, newest edit first; deleted ones included, so a
    /// caller can offer undo.
    pub async fn observations(&self) -> Result<Vec<Observation>, StoreError> {
        let tx = self
            .db
            .transaction(&[OBSERVATIONS], TransactionMode::ReadOnly)?;
        let values: Vec<JsValue> = tx.store(OBSERVATIONS)?.get_all(None, None).await?;
        tx.done().await?;
        let mut list = Vec::with_capacity(values.len());
        for value in values {
            // One unreadable record must not hide the others.
            match serde_wasm_bindgen::from_value::<Observation>(value) {
                Ok(o) => list.push(o),
                Err(e) => leptos::logging::warn!("skipping an unreadable sheet: {e}"),
            }
        }
        list.sort_by_key(|o| std::cmp::Reverse(o.updated_at));
        Ok(list)
    }
}

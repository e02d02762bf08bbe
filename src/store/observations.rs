//! Observation sheets on this device.

use serde::Serialize;
use std::future::Future;
use vero_domain::Observation;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{Store, StoreError, DB_VERSION, DIRTY, OBSERVATIONS};
use rexie::TransactionMode;

#[wasm_bindgen(module = "/src/store/write.js")]
extern "C" {
    #[wasm_bindgen(js_name = writeRecord)]
    fn write_record(
        db: &str,
        version: u32,
        store: &str,
        dirty: &str,
        value: &JsValue,
    ) -> js_sys::Promise;
}

impl Store {
    /// Writes the whole sheet (marked as changed, for sync); returns once IndexedDB has
    /// committed it.
    pub async fn save_observation(&self, observation: &Observation) -> Result<(), StoreError> {
        self.start_saving(observation).await
    }

    /// Issues the write of the whole sheet before returning (so a caller inside an input
    /// event gets it to IndexedDB ahead of any re-rendering); the future resolves once
    /// it is committed.
    pub fn start_saving(
        &self,
        observation: &Observation,
    ) -> impl Future<Output = Result<(), StoreError>> + 'static {
        let issued = observation
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map(|js| write_record(&self.name, DB_VERSION, OBSERVATIONS, DIRTY, &js));
        async move {
            JsFuture::from(issued?)
                .await
                .map_err(|e| StoreError::from_js(&e))?;
            Ok(())
        }
    }

    /// These sheets as stored (`None` where there is none), in the order asked.
    pub async fn observations_by_id(
        &self,
        ids: &[String],
    ) -> Result<Vec<Option<Observation>>, StoreError> {
        let tx = self
            .db
            .transaction(&[OBSERVATIONS], TransactionMode::ReadOnly)?;
        let store = tx.store(OBSERVATIONS)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let found = store.get(JsValue::from_str(id)).await?;
            out.push(
                found
                    .filter(|v| !v.is_undefined())
                    .and_then(|v| serde_wasm_bindgen::from_value(v).ok()),
            );
        }
        tx.done().await?;
        Ok(out)
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

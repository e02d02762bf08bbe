//! Observation sheets on this account's device.

use std::future::Future;
use vero_domain::Observation;

use super::{from_stored, sheet_value, Op, Store, StoreError, OBSERVATIONS};

impl Store {
    /// Writes the whole sheet (marked as changed, for sync); returns once IndexedDB has
    /// committed it.
    pub async fn save_observation(&self, observation: &Observation) -> Result<(), StoreError> {
        self.start_saving(observation).await
    }

    /// Begins the write of the whole sheet before returning (the writer calls it inside
    /// an input event, ahead of any re-rendering); the future resolves once it is
    /// committed. The sheet carries its "changed" mark (its `updated_at`) inside the
    /// record: one put, and sync can never miss an edit that reached the disk.
    pub fn start_saving(
        &self,
        observation: &Observation,
    ) -> impl Future<Output = Result<(), StoreError>> + 'static {
        let put = sheet_value(observation, Some(observation.updated_at)).map(|value| Op::Put {
            store: OBSERVATIONS,
            key: None,
            value,
        });
        let write = put.map(|op| self.apply(vec![op]));
        async move { write?.await }
    }

    /// These sheets as stored (`None` where there is none or it is unreadable), in the
    /// order asked.
    pub async fn observations_by_id(
        &self,
        ids: &[String],
    ) -> Result<Vec<Option<Observation>>, StoreError> {
        let values = self.get_many(OBSERVATIONS, ids).await?;
        Ok(values
            .into_iter()
            .map(|v| from_stored(v).ok().flatten())
            .collect())
    }

    pub async fn observation(&self, id: &str) -> Result<Option<Observation>, StoreError> {
        self.get(OBSERVATIONS, id).await
    }

    /// Every sheet on the device, newest edit first; deleted ones included, so a
    /// caller can offer undo.
    pub async fn observations(&self) -> Result<Vec<Observation>, StoreError> {
        let values = self.get_all(OBSERVATIONS, None).await?;
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

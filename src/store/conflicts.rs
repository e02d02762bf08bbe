//! Which records hold a conflict for someone on this device to resolve, so the lists
//! can say so without reading every record the server sent. Written in the same
//! transaction as the record's merge, so it never tells of an older version.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, CONFLICTS};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictNote {
    pub record: String,
    /// The account that is to choose (the one that synced it).
    pub user: String,
    /// The sheet's title when noted, for the attention list.
    pub title: String,
    /// The paths in conflict.
    pub fields: Vec<String>,
}

impl Store {
    /// The conflicts `user` is to resolve, one note per record.
    pub async fn conflict_notes(&self, user: &str) -> Result<Vec<ConflictNote>, StoreError> {
        let values = self.get_all(CONFLICTS, None).await?;
        Ok(values
            .into_iter()
            .filter_map(|v| serde_wasm_bindgen::from_value::<ConflictNote>(v).ok())
            .filter(|n| n.user == user)
            .collect())
    }
}

//! Which records hold a conflict for this person to resolve, so the lists can say so
//! without reading every record the server sent. Written in the same transaction as
//! the record's merge, so it never tells of an older version.

use vero_domain::sync::device::ConflictNote;

use super::{Op, Store, StoreError, CONFLICTS};

impl Store {
    /// The conflicts this account is to resolve, one note per record.
    pub async fn conflict_notes(&self) -> Result<Vec<ConflictNote>, StoreError> {
        let values = self.get_all(CONFLICTS, None).await?;
        Ok(values
            .into_iter()
            .filter_map(|v| serde_wasm_bindgen::from_value::<ConflictNote>(v).ok())
            .collect())
    }
}

/// The write that keeps a record's note in step: a note while there is one, none
/// otherwise.
pub fn note_op(record: &str, note: Option<&ConflictNote>) -> Result<Op, StoreError> {
    match note {
        Some(note) => Op::put(CONFLICTS, None, note),
        None => Ok(Op::Delete {
            store: CONFLICTS,
            key: record.to_owned(),
        }),
    }
}

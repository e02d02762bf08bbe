//! Who is signed in on this device, in a small database of the device's own
//! (`vero-device`). Not in `localStorage` with the other preferences: the browser writes
//! those to disk seconds later, and a tablet whose browser is killed before that must
//! still open, offline, for the person who signed in.

use rexie::{ObjectStore, Rexie, TransactionMode};
use vero_domain::api::Session;
use wasm_bindgen::JsValue;

use super::{from_stored, to_js, StoreError};

pub const DB_NAME: &str = "vero-device";
pub const DB_VERSION: u32 = 1;
const SESSION: &str = "session";
const CURRENT: &str = "current";

async fn open() -> Result<Rexie, StoreError> {
    Ok(Rexie::builder(DB_NAME)
        .version(DB_VERSION)
        .add_object_store(ObjectStore::new(SESSION))
        .build()
        .await?)
}

/// The session kept on this device; one of the wrong shape reads as none.
pub async fn session() -> Result<Option<Session>, StoreError> {
    let db = open().await?;
    let store = db
        .transaction(&[SESSION], TransactionMode::ReadOnly)?
        .store(SESSION)?;
    let value = store.get(JsValue::from_str(CURRENT)).await?;
    db.close();
    Ok(from_stored(value).unwrap_or(None))
}

/// Keeps (or, with `None`, forgets) the session; returns once it is on disk.
pub async fn set_session(session: Option<&Session>) -> Result<(), StoreError> {
    let db = open().await?;
    let tx = db.transaction(&[SESSION], TransactionMode::ReadWrite)?;
    let store = tx.store(SESSION)?;
    let key = JsValue::from_str(CURRENT);
    match session {
        Some(session) => {
            store.put(&to_js(session)?, Some(&key)).await?;
        }
        None => store.delete(key).await?,
    }
    tx.done().await?;
    db.close();
    Ok(())
}

//! Everything the app keeps on the device, in IndexedDB through rexie.
//!
//! The database is opened once per page and shared. Its schema version grows with each
//! feature that needs a new object store. The schema is declared whole below: on upgrade
//! rexie creates the stores that are missing and keeps the records of those that exist.
//! Never drop or rename a store here without a migration that moves its records.

pub mod conflicts;
pub mod observations;
pub mod prefs;
pub mod sync;

use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::JsValue;

pub const DB_NAME: &str = "vero";
/// 1: prefs. 2: observations. 3: sync (outbox, synced, attention, dirty). 4: conflicts.
pub const DB_VERSION: u32 = 4;
/// Small key-value settings of this device: language, session, last screen.
pub const PREFS: &str = "prefs";
/// Observation sheets, keyed by their `id`.
pub const OBSERVATIONS: &str = "observations";
/// Patches not yet acknowledged by the server, keyed `device:seq` (seq zero-padded).
pub const OUTBOX: &str = "outbox";
/// Per record, what the server last sent and what the local copy was built from.
pub const SYNCED: &str = "synced";
/// Patches the server refused for good, per record, for a person to look at.
pub const ATTENTION: &str = "attention";
/// Sheets changed since last sent: id → their `updated_at`. Written with the sheet.
pub const DIRTY: &str = "dirty";
/// Records with values in conflict that a person on this device is to choose between.
pub const CONFLICTS: &str = "conflicts";

#[derive(Debug, Clone, PartialEq)]
pub struct StoreError(pub String);

impl StoreError {
    /// The browser refused the write for lack of space.
    pub fn is_quota(&self) -> bool {
        self.0.contains("Quota")
    }
}

impl StoreError {
    /// From an error the browser threw (a DOMException such as QuotaExceededError).
    pub fn from_js(e: &JsValue) -> StoreError {
        let get = |field: &str| {
            js_sys::Reflect::get(e, &JsValue::from_str(field))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        StoreError(format!("IndexedDB: {}: {}", get("name"), get("message")))
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<rexie::Error> for StoreError {
    fn from(e: rexie::Error) -> Self {
        // rexie's own message is only "idb error"; the cause (e.g. QuotaExceededError)
        // is in the inner error.
        match e {
            rexie::Error::IdbError(inner) => StoreError(format!("IndexedDB: {inner}")),
            other => StoreError(format!("IndexedDB: {other}")),
        }
    }
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(e: serde_wasm_bindgen::Error) -> Self {
        StoreError(format!("stored value: {e}"))
    }
}

/// A handle to the open database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Rc<Rexie>,
    name: Rc<str>,
}

thread_local! {
    static SHARED: RefCell<Option<Store>> = const { RefCell::new(None) };
}

impl Store {
    /// The page's database, opened on first use.
    pub async fn shared() -> Result<Store, StoreError> {
        if let Some(store) = SHARED.with(|s| s.borrow().clone()) {
            return Ok(store);
        }
        let store = Store::open(DB_NAME).await?;
        SHARED.with(|s| *s.borrow_mut() = Some(store.clone()));
        Ok(store)
    }

    /// The page's database if it is already open: lets a caller act within the current
    /// event instead of after an await.
    pub fn shared_now() -> Option<Store> {
        SHARED.with(|s| s.borrow().clone())
    }

    /// Opens (creating or upgrading) the database called `name`; tests use their own.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        let db = Rexie::builder(name)
            .version(DB_VERSION)
            .add_object_store(ObjectStore::new(PREFS))
            .add_object_store(ObjectStore::new(OBSERVATIONS).key_path("id"))
            .add_object_store(ObjectStore::new(OUTBOX))
            .add_object_store(ObjectStore::new(SYNCED).key_path("id"))
            .add_object_store(ObjectStore::new(ATTENTION).key_path("record"))
            .add_object_store(ObjectStore::new(DIRTY))
            .add_object_store(ObjectStore::new(CONFLICTS).key_path("record"))
            .build()
            .await?;
        Ok(Store {
            db: Rc::new(db),
            name: name.into(),
        })
    }

    pub fn version(&self) -> Result<u32, StoreError> {
        Ok(self.db.version()?)
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        store: &str,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly)?;
        let value = tx.store(store)?.get(JsValue::from_str(key)).await?;
        tx.done().await?;
        match value {
            Some(v) if !v.is_undefined() => Ok(Some(serde_wasm_bindgen::from_value(v)?)),
            _ => Ok(None),
        }
    }

    /// Writes `value` under `key` and returns once the transaction has committed.
    pub async fn put<T: Serialize>(
        &self,
        store: &str,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let js = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
        let tx = self.db.transaction(&[store], TransactionMode::ReadWrite)?;
        tx.store(store)?
            .put(&js, Some(&JsValue::from_str(key)))
            .await?;
        tx.done().await?;
        Ok(())
    }

    /// Writes a record whose key is inside it (the store's key path); returns once
    /// IndexedDB has committed it.
    pub async fn put_record<T: Serialize>(&self, store: &str, value: &T) -> Result<(), StoreError> {
        let js = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
        let tx = self.db.transaction(&[store], TransactionMode::ReadWrite)?;
        tx.store(store)?.put(&js, None).await?;
        tx.done().await?;
        Ok(())
    }

    pub async fn delete(&self, store: &str, key: &str) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadWrite)?;
        tx.store(store)?.delete(JsValue::from_str(key)).await?;
        tx.done().await?;
        Ok(())
    }
}

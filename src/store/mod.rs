//! Everything the app keeps on the device, in IndexedDB (through `idb.js`).
//!
//! The database is opened once per page and shared. Its schema version grows with each
//! feature that needs a new object store. The schema is declared whole in `idb.js`: on
//! upgrade the stores that are missing are created and those that exist keep their
//! records. Never drop or rename a store there without a migration that moves its records.

pub mod conflicts;
pub mod observations;
pub mod prefs;
pub mod sync;

use js_sys::{Array, Promise};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::fmt;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

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

#[wasm_bindgen(module = "/src/store/idb.js")]
extern "C" {
    #[wasm_bindgen(js_name = openDatabase)]
    fn open_database(name: &str, version: u32) -> Promise;
    #[wasm_bindgen(js_name = get)]
    fn get_js(db: &JsValue, store: &str, key: &str) -> Promise;
    #[wasm_bindgen(js_name = getMany)]
    fn get_many_js(db: &JsValue, store: &str, keys: Vec<String>) -> Promise;
    #[wasm_bindgen(js_name = getAll)]
    fn get_all_js(db: &JsValue, store: &str, lower: Option<&str>, upper: Option<&str>) -> Promise;
    #[wasm_bindgen(js_name = getAllKeys)]
    fn get_all_keys_js(db: &JsValue, store: &str) -> Promise;
    #[wasm_bindgen(js_name = entries)]
    fn entries_js(db: &JsValue, store: &str) -> Promise;
    #[wasm_bindgen(js_name = write)]
    fn write_js(db: &JsValue, ops: &Array) -> Promise;
    #[wasm_bindgen(js_name = appDatabase)]
    fn app_database_js() -> Array;
    #[wasm_bindgen(js_name = saveSheet)]
    fn save_sheet_js(db: &JsValue, sheet: &JsValue, at: f64) -> Promise;
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoreError(pub String);

impl StoreError {
    /// The browser refused the write for lack of space.
    pub fn is_quota(&self) -> bool {
        self.0.contains("Quota")
    }

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

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(e: serde_wasm_bindgen::Error) -> Self {
        StoreError(format!("stored value: {e}"))
    }
}

/// Waits for one of `idb.js`'s promises.
async fn settled(promise: Promise) -> Result<JsValue, StoreError> {
    JsFuture::from(promise)
        .await
        .map_err(|e| StoreError::from_js(&e))
}

/// A value as the store keeps it: a plain object, as JSON would have it.
/// The database name and version `idb.js` opens while the app loads (the app's own, or
/// the early open is wasted).
pub fn early_database() -> (String, u32) {
    let pair = app_database_js();
    (
        pair.get(0).as_string().unwrap_or_default(),
        pair.get(1).as_f64().unwrap_or(0.0) as u32,
    )
}

/// A value as read from a store: `None` where there was none (undefined).
pub(crate) fn from_stored<T: DeserializeOwned>(value: JsValue) -> Result<Option<T>, StoreError> {
    if value.is_undefined() {
        return Ok(None);
    }
    Ok(Some(serde_wasm_bindgen::from_value(value)?))
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

/// One write of a step; a step's writes commit together or not at all.
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

impl Op {
    /// As `idb.js`'s `write` takes it: `[kind, store, key, value]`.
    fn to_js(&self) -> Array {
        let key = |k: &str| JsValue::from_str(k);
        match self {
            Op::Put {
                store,
                key: k,
                value,
            } => Array::of4(
                &"put".into(),
                &(*store).into(),
                &k.as_deref().map_or(JsValue::UNDEFINED, key),
                value,
            ),
            Op::Delete { store, key: k } => Array::of3(&"delete".into(), &(*store).into(), &key(k)),
            Op::Clean { id, seen_at } => Array::of4(
                &"clean".into(),
                &DIRTY.into(),
                &key(id),
                &JsValue::from_f64(*seen_at as f64),
            ),
        }
    }
}

/// A handle to the open database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    /// The IDBDatabase.
    db: JsValue,
}

thread_local! {
    static SHARED: RefCell<Option<Store>> = const { RefCell::new(None) };
}

impl Store {
    /// The page's database, opened on first use.
    pub async fn shared() -> Result<Store, StoreError> {
        if let Some(store) = Store::shared_now() {
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
        let db = settled(open_database(name, DB_VERSION)).await?;
        Ok(Store { db })
    }

    pub fn version(&self) -> Result<u32, StoreError> {
        js_sys::Reflect::get(&self.db, &"version".into())
            .ok()
            .and_then(|v| v.as_f64())
            .map(|v| v as u32)
            .ok_or_else(|| StoreError("IndexedDB: no version".into()))
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        store: &str,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        from_stored(settled(get_js(&self.db, store, key)).await?)
    }

    /// The values under `keys`, in order (undefined where there is none).
    async fn get_many(&self, store: &str, keys: &[String]) -> Result<Vec<JsValue>, StoreError> {
        let values = settled(get_many_js(&self.db, store, keys.to_vec())).await?;
        Ok(Array::from(&values).to_vec())
    }

    /// Every value of a store in key order; with `range`, only keys from its first to
    /// its second, both included.
    async fn get_all(
        &self,
        store: &str,
        range: Option<(&str, &str)>,
    ) -> Result<Vec<JsValue>, StoreError> {
        let (lower, upper) = range.unzip();
        let values = settled(get_all_js(&self.db, store, lower, upper)).await?;
        Ok(Array::from(&values).to_vec())
    }

    async fn get_all_keys(&self, store: &str) -> Result<Vec<JsValue>, StoreError> {
        let keys = settled(get_all_keys_js(&self.db, store)).await?;
        Ok(Array::from(&keys).to_vec())
    }

    /// Every `[key, value]` pair of a store.
    async fn entries(&self, store: &str) -> Result<Vec<(JsValue, JsValue)>, StoreError> {
        let pairs = settled(entries_js(&self.db, store)).await?;
        Ok(Array::from(&pairs)
            .iter()
            .map(|pair| {
                let pair = Array::from(&pair);
                (pair.get(0), pair.get(1))
            })
            .collect())
    }

    /// Writes `value` under `key` and returns once the transaction has committed.
    pub async fn put<T: Serialize>(
        &self,
        store: &'static str,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let op = Op::Put {
            store,
            key: Some(key.to_owned()),
            value: to_js(value)?,
        };
        self.apply(vec![op]).await
    }

    /// Writes a record whose key is inside it (the store's key path); returns once
    /// IndexedDB has committed it.
    pub async fn put_record<T: Serialize>(
        &self,
        store: &'static str,
        value: &T,
    ) -> Result<(), StoreError> {
        let op = Op::Put {
            store,
            key: None,
            value: to_js(value)?,
        };
        self.apply(vec![op]).await
    }

    pub async fn delete(&self, store: &'static str, key: &str) -> Result<(), StoreError> {
        let op = Op::Delete {
            store,
            key: key.to_owned(),
        };
        self.apply(vec![op]).await
    }

    /// Issues one step's writes in a single transaction before returning; the promise
    /// settles once they have committed (or none has).
    fn start_writing(&self, ops: &[Op]) -> Promise {
        let list = Array::new();
        for op in ops {
            list.push(&op.to_js());
        }
        write_js(&self.db, &list)
    }

    /// Applies one step's writes in a single transaction.
    pub async fn apply(&self, ops: Vec<Op>) -> Result<(), StoreError> {
        if ops.is_empty() {
            return Ok(());
        }
        settled(self.start_writing(&ops)).await?;
        Ok(())
    }
}

//! Everything the app keeps on the device. Each account has a database of its own
//! (`vero-<account id>`), so on a shared tablet one person's sheets, outbox and
//! conflicts are never in reach of another's screens. The device's own: who is signed
//! in (`device`) and its small preferences, language and last screen (`prefs`).
//!
//! IndexedDB goes through rexie. The schema is declared whole in `schema`; the
//! single database that held every account before (`vero`, versions 1–4) is split into
//! the accounts' databases by `legacy`.

pub mod account;
pub mod conflicts;
pub mod device;
pub mod legacy;
pub mod live;
pub mod observations;
pub mod prefs;
pub mod schema;
pub mod sync;
pub mod writer;

use rexie::{KeyRange, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

pub use schema::{
    ATTENTION, CONFLICTS, DB_VERSION, DIRTY, MARK, META, OBSERVATIONS, OUTBOX, STORES, SYNCED,
};

#[derive(Debug, Clone, PartialEq)]
pub struct StoreError(pub String);

impl StoreError {
    /// The browser refused the write for lack of space.
    pub fn is_quota(&self) -> bool {
        self.0.contains("Quota")
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

impl From<rexie::Error> for StoreError {
    fn from(e: rexie::Error) -> Self {
        // The browser's own name for the failure (QuotaExceededError, AbortError…) is
        // what the screens tell apart.
        match &e {
            rexie::Error::IdbError(idb::Error::DomException(d)) => {
                StoreError(format!("IndexedDB: {}: {}", d.name(), d.message()))
            }
            // Its message holds the browser's error as text (QuotaExceededError: …).
            rexie::Error::IdbError(inner) => StoreError(format!("IndexedDB: {inner}")),
            _ => StoreError(format!("IndexedDB: {e}")),
        }
    }
}

impl From<idb::Error> for StoreError {
    fn from(e: idb::Error) -> Self {
        StoreError::from(rexie::Error::IdbError(e))
    }
}

/// The database of the account with this id.
pub fn account_database(user_id: &str) -> String {
    format!("vero-{user_id}")
}

/// A value as read from a store: `None` where there was none.
pub(crate) fn from_stored<T: DeserializeOwned>(
    value: Option<JsValue>,
) -> Result<Option<T>, StoreError> {
    match value {
        Some(v) if !v.is_undefined() => Ok(Some(serde_wasm_bindgen::from_value(v)?)),
        _ => Ok(None),
    }
}

/// A value as the store keeps it: a plain object, as JSON would have it.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

fn key(k: &str) -> JsValue {
    JsValue::from_str(k)
}

/// One write of a step; a step's writes commit together or not at all.
pub enum Op {
    /// `key: None`: the key is inside the value (the store's key path).
    Put {
        store: &'static str,
        key: Option<String>,
        value: JsValue,
    },
    Delete {
        store: &'static str,
        key: String,
    },
    /// Puts a sheet keeping the "changed" mark its stored record has: the version sync
    /// merged, which leaves unsent edits unsent.
    Sheet {
        id: String,
        value: JsValue,
    },
    /// Marks a stored sheet as changed at `at`.
    Mark {
        id: String,
        at: i64,
    },
    /// Takes the "changed" mark off a sheet unless it changed again since it was read.
    Clean {
        id: String,
        seen_at: i64,
    },
}

impl Op {
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

    pub fn sheet(o: &vero_domain::Observation) -> Result<Op, StoreError> {
        Ok(Op::Sheet {
            id: o.id.clone(),
            value: to_js(o)?,
        })
    }

    fn store(&self) -> &'static str {
        match self {
            Op::Put { store, .. } | Op::Delete { store, .. } => store,
            Op::Sheet { .. } | Op::Mark { .. } | Op::Clean { .. } => OBSERVATIONS,
        }
    }

    /// The sheet this op reads before it writes, if it does.
    fn rewrites(&self) -> Option<&str> {
        match self {
            Op::Sheet { id, .. } | Op::Mark { id, .. } | Op::Clean { id, .. } => Some(id),
            Op::Put { .. } | Op::Delete { .. } => None,
        }
    }
}

/// A sheet's record as stored, with its "changed" mark (`None`: sent, or never changed).
pub(crate) fn sheet_value(
    o: &vero_domain::Observation,
    mark: Option<i64>,
) -> Result<JsValue, StoreError> {
    // As JSON text, parsed by the browser in one call: on every keystroke's path, and
    // several times faster for a whole sheet than building it value by value.
    let text = serde_json::to_string(o).map_err(|e| StoreError(format!("sheet: {e}")))?;
    let value = js_sys::JSON::parse(&text).map_err(|_| StoreError("sheet: not JSON".into()))?;
    set_mark(&value, mark);
    Ok(value)
}

fn set_mark(record: &JsValue, mark: Option<i64>) {
    let name = JsValue::from_str(MARK);
    // A plain object from serde or from the store: setting a property cannot fail.
    let _ = match mark {
        Some(at) => js_sys::Reflect::set(record, &name, &JsValue::from_f64(at as f64)),
        None => js_sys::Reflect::delete_property(record.unchecked_ref::<js_sys::Object>(), &name),
    };
}

fn mark_of(record: &JsValue) -> Option<i64> {
    js_sys::Reflect::get(record, &JsValue::from_str(MARK))
        .ok()?
        .as_f64()
        .map(|at| at as i64)
}

type Pending = Pin<Box<dyn Future<Output = Result<(), StoreError>>>>;

/// A handle to one account's open database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Rc<Rexie>,
}

impl Store {
    /// Opens (creating or upgrading) the database called `name`; tests use their own.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        let store = Store {
            db: Rc::new(schema::open(name).await?),
        };
        store.move_marks_into_sheets().await?;
        Ok(store)
    }

    /// Version 1 kept "changed" marks in a store of their own: they move into the
    /// sheets' records, each with its sheet, in one transaction (a start that stops
    /// halfway moves them again next time).
    async fn move_marks_into_sheets(&self) -> Result<(), StoreError> {
        if self.count(DIRTY).await? == 0 {
            return Ok(());
        }
        let mut ops = Vec::new();
        for (k, at) in self.entries(DIRTY).await? {
            let Some(id) = k.as_string() else { continue };
            if let Some(at) = at.as_f64() {
                ops.push(Op::Mark {
                    id: id.clone(),
                    at: at as i64,
                });
            }
            ops.push(Op::Delete {
                store: DIRTY,
                key: id,
            });
        }
        self.apply(ops).await
    }

    /// Opens a database as it is, without declaring a schema (an older app's; one that
    /// does not exist is made empty).
    pub async fn open_existing(name: &str) -> Result<Store, StoreError> {
        Ok(Store {
            db: Rc::new(Rexie::builder(name).build().await?),
        })
    }

    pub fn store_names(&self) -> Vec<String> {
        self.db.store_names()
    }

    /// The signed-in account's database.
    pub async fn of_account(user_id: &str) -> Result<Store, StoreError> {
        Store::open(&account_database(user_id)).await
    }

    pub fn name(&self) -> String {
        self.db.name()
    }

    pub fn version(&self) -> Result<u32, StoreError> {
        Ok(self.db.version()?)
    }

    fn read(&self, store: &str) -> Result<rexie::Store, StoreError> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly)?;
        Ok(tx.store(store)?)
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        store: &str,
        k: &str,
    ) -> Result<Option<T>, StoreError> {
        from_stored(self.read(store)?.get(key(k)).await?)
    }

    /// The values under `keys`, in order (`None` where there is none): one transaction,
    /// every request issued at once.
    async fn get_many(
        &self,
        store: &str,
        keys: &[String],
    ) -> Result<Vec<Option<JsValue>>, StoreError> {
        let s = self.read(store)?;
        let reads = keys.iter().map(|k| s.get(key(k)));
        let found = futures::future::try_join_all(reads).await?;
        Ok(found)
    }

    /// Every value of a store in key order; with `range`, only keys from its first to
    /// its second, both included.
    async fn get_all(
        &self,
        store: &str,
        range: Option<(&str, &str)>,
    ) -> Result<Vec<JsValue>, StoreError> {
        let range = match range {
            Some((lower, upper)) => Some(KeyRange::bound(&key(lower), &key(upper), None, None)?),
            None => None,
        };
        Ok(self.read(store)?.get_all(range, None).await?)
    }

    async fn get_all_keys(&self, store: &str) -> Result<Vec<JsValue>, StoreError> {
        Ok(self.read(store)?.get_all_keys(None, None).await?)
    }

    /// Every `(key, value)` pair of a store.
    async fn entries(&self, store: &str) -> Result<Vec<(JsValue, JsValue)>, StoreError> {
        Ok(self.read(store)?.scan(None, None, None, None).await?)
    }

    pub async fn count(&self, store: &str) -> Result<u32, StoreError> {
        Ok(self.read(store)?.count(None).await?)
    }

    /// Writes `value` under `k` and returns once the transaction has committed.
    pub async fn put<T: Serialize>(
        &self,
        store: &'static str,
        k: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        self.apply(vec![Op::put(store, Some(k.to_owned()), value)?])
            .await
    }

    pub async fn delete(&self, store: &'static str, k: &str) -> Result<(), StoreError> {
        let op = Op::Delete {
            store,
            key: k.to_owned(),
        };
        self.apply(vec![op]).await
    }

    /// Applies one step's writes in a single transaction: all commit or none do. The
    /// transaction is begun at once, so one begun later on the same stores (the next
    /// keystroke's save) comes after it; every request is issued, and the commit asked
    /// for, in the future's first poll, so the step reaches the disk as soon as a bare
    /// put would. (Not with an op that reads a sheet before writing it: its write follows
    /// its read, and nothing may be asked of a transaction once its commit is.)
    pub fn apply(&self, ops: Vec<Op>) -> impl Future<Output = Result<(), StoreError>> + 'static {
        let conditional = ops.iter().any(|op| op.rewrites().is_some());
        let started = self.start(&ops);
        async move {
            let (tx, pending) = match started {
                Ok(Some(started)) => started,
                Ok(None) => return Ok(()),
                Err(e) => return Err(e),
            };
            let requests = futures::future::try_join_all(pending);
            if conditional {
                requests.await?;
                let done = tx.done().await?;
                return match done {
                    rexie::TransactionResult::Committed => Ok(()),
                    rexie::TransactionResult::Aborted => Err(StoreError(
                        "IndexedDB: AbortError: transaction aborted".into(),
                    )),
                };
            }
            let (requests, committed) = futures::join!(requests, tx.commit());
            requests?;
            committed?;
            Ok(())
        }
    }

    /// The transaction of `ops` and their requests, not yet issued (rexie issues a
    /// request when its future is first polled).
    fn start(&self, ops: &[Op]) -> Result<Option<(rexie::Transaction, Vec<Pending>)>, StoreError> {
        if ops.is_empty() {
            return Ok(None);
        }
        // Such an op writes after its read, so a second one of the same sheet in the step
        // would write over the first with what it read before.
        let mut rewritten: Vec<&str> = ops.iter().filter_map(Op::rewrites).collect();
        rewritten.sort_unstable();
        if rewritten.windows(2).any(|w| w[0] == w[1]) {
            return Err(StoreError(
                "one step reads and rewrites a sheet twice".into(),
            ));
        }
        let mut names: Vec<&str> = ops.iter().map(Op::store).collect();
        names.sort_unstable();
        names.dedup();
        let tx = self.db.transaction(&names, TransactionMode::ReadWrite)?;
        let mut pending: Vec<Pending> = Vec::with_capacity(ops.len());
        for op in ops {
            let s = tx.store(op.store())?;
            pending.push(match op {
                Op::Put { key: k, value, .. } => {
                    let (value, k) = (value.clone(), k.as_deref().map(key));
                    Box::pin(async move {
                        s.put(&value, k.as_ref()).await?;
                        Ok(())
                    })
                }
                Op::Delete { key: k, .. } => {
                    let k = key(k);
                    Box::pin(async move { Ok(s.delete(k).await?) })
                }
                Op::Sheet { id, value } => {
                    let (k, value) = (key(id), value.clone());
                    Box::pin(async move {
                        let mark = s.get(k.clone()).await?.as_ref().and_then(mark_of);
                        set_mark(&value, mark);
                        s.put(&value, None).await?;
                        Ok(())
                    })
                }
                Op::Mark { id, at } => {
                    let (k, at) = (key(id), *at);
                    Box::pin(async move {
                        if let Some(record) = s.get(k).await? {
                            set_mark(&record, Some(at));
                            s.put(&record, None).await?;
                        }
                        Ok(())
                    })
                }
                Op::Clean { id, seen_at } => {
                    let (k, seen_at) = (key(id), *seen_at);
                    Box::pin(async move {
                        // Read and written in the same transaction: an edit committed
                        // after the sync read the mark keeps it.
                        if let Some(record) = s.get(k).await? {
                            if mark_of(&record) == Some(seen_at) {
                                set_mark(&record, None);
                                s.put(&record, None).await?;
                            }
                        }
                        Ok(())
                    })
                }
            });
        }
        Ok(Some((tx, pending)))
    }

    /// Closes this handle's connection (other handles to it close with it).
    pub fn close(self) {
        if let Ok(db) = Rc::try_unwrap(self.db) {
            db.close();
        }
    }
}

//! A device as the app runs it, natively: the app's own sync cycle
//! (`vero_domain::sync::cycle`), with memory standing in for IndexedDB and reqwest for
//! `fetch`. Shared by the fault test and the sync benchmark; each uses a different part.
#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use vero_domain::api::ApiError;
use vero_domain::sync::cycle::{
    self, Answer, Cycle, DeviceStore, SendError, Stop, Transport, Write,
};
use vero_domain::sync::device::{Attention, ConflictNote, Device, Synced};
use vero_domain::sync::fields::Json;
use vero_domain::sync::{PushedPatch, SyncResponse};
use vero_domain::Observation;

/// What a device keeps, in memory: the same stores as the app's IndexedDB.
#[derive(Default)]
pub struct Kept {
    pub device: Option<Device>,
    pub outbox: BTreeMap<u64, PushedPatch>,
    pub synced: BTreeMap<String, Synced>,
    pub local: BTreeMap<String, Observation>,
    pub dirty: BTreeMap<String, i64>,
    pub attention: Vec<Attention>,
    pub conflicts: BTreeMap<String, ConflictNote>,
    /// Records received from the server, all syncs together.
    pub pulled: usize,
}

/// The device's store: one step's writes are applied together, as IndexedDB commits a
/// transaction.
pub struct MemoryStore {
    pub kept: RefCell<Kept>,
    device_id: String,
}

impl DeviceStore for MemoryStore {
    type Error = Infallible;

    async fn device(&self) -> Result<Device, Infallible> {
        let mut kept = self.kept.borrow_mut();
        Ok(kept
            .device
            .get_or_insert_with(|| Device::new(self.device_id.clone()))
            .clone())
    }

    async fn dirty(&self) -> Result<Vec<(String, i64)>, Infallible> {
        Ok(self
            .kept
            .borrow()
            .dirty
            .iter()
            .map(|(id, at)| (id.clone(), *at))
            .collect())
    }

    async fn outbox(&self, _device: &str) -> Result<Vec<PushedPatch>, Infallible> {
        Ok(self.kept.borrow().outbox.values().cloned().collect())
    }

    async fn synced(&self, ids: &[String]) -> Result<Vec<Synced>, Infallible> {
        let kept = self.kept.borrow();
        Ok(ids
            .iter()
            .map(|id| {
                kept.synced.get(id).cloned().unwrap_or_else(|| Synced {
                    id: id.clone(),
                    ..Synced::default()
                })
            })
            .collect())
    }

    async fn stored(&self, ids: &[String]) -> Result<Vec<Option<Observation>>, Infallible> {
        let kept = self.kept.borrow();
        Ok(ids.iter().map(|id| kept.local.get(id).cloned()).collect())
    }

    /// Every edit here is stored at once.
    fn unsaved(&self, _id: &str) -> Option<Observation> {
        None
    }

    /// No screen shows the sheets.
    fn adopt(&self, _merged: &Observation) {}

    async fn apply(&self, writes: Vec<Write>) -> Result<(), Infallible> {
        let mut kept = self.kept.borrow_mut();
        for write in writes {
            match write {
                Write::Queue { patch, .. } => {
                    kept.outbox.insert(patch.seq, patch);
                }
                Write::Unqueue { seq, .. } => {
                    kept.outbox.remove(&seq);
                }
                Write::Attention(a) => kept.attention.push(a),
                Write::Synced(s) => {
                    kept.synced.insert(s.id.clone(), s);
                }
                Write::Clean { id, seen_at } => {
                    if kept.dirty.get(&id) == Some(&seen_at) {
                        kept.dirty.remove(&id);
                    }
                }
                Write::Sheet(o) => {
                    kept.local.insert(o.id.clone(), *o);
                }
                Write::Conflicts { record, note } => match note {
                    Some(note) => {
                        kept.conflicts.insert(record, note);
                    }
                    None => {
                        kept.conflicts.remove(&record);
                    }
                },
                Write::Gone(id) => {
                    kept.local.remove(&id);
                    kept.synced.remove(&id);
                    kept.dirty.remove(&id);
                    kept.conflicts.remove(&id);
                }
                Write::Template(_) => {}
                Write::Device(d) => kept.device = Some(d),
            }
        }
        Ok(())
    }
}

/// `POST /api/sync` through reqwest, started at once on the runtime.
pub struct Http {
    client: reqwest::Client,
    url: String,
    token: String,
    timeout: Duration,
    /// One request per connection (`Connection: close`), as the fault proxy needs.
    close: bool,
}

pub struct HttpAnswer(reqwest::Response);

type Flight = Pin<Box<dyn Future<Output = Result<HttpAnswer, SendError>>>>;

impl Transport for Http {
    type Answer = HttpAnswer;
    type Flight = Flight;

    fn send(&self, body: String) -> Flight {
        let mut request = self
            .client
            .post(&self.url)
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .timeout(self.timeout)
            .body(body);
        if self.close {
            request = request.header("connection", "close");
        }
        let answer = tokio::spawn(async move {
            let response = request.send().await.map_err(|_| SendError::Unreachable)?;
            let status = response.status().as_u16();
            if response.status().is_success() {
                return Ok(HttpAnswer(response));
            }
            let body = response.bytes().await.map_err(|_| SendError::Unreachable)?;
            let error = serde_json::from_slice(&body).unwrap_or_else(|_| ApiError {
                error: "http".into(),
                message: format!("HTTP {status}"),
            });
            Err(SendError::Status { status, error })
        });
        Box::pin(async move { answer.await.unwrap_or(Err(SendError::Unreachable)) })
    }
}

impl Answer for HttpAnswer {
    fn header(&self, name: &str) -> Option<String> {
        self.0.headers().get(name)?.to_str().ok().map(str::to_owned)
    }

    async fn response(self) -> Result<SyncResponse, SendError> {
        let body = self.0.bytes().await.map_err(|_| SendError::Unreachable)?;
        serde_json::from_slice(&body).map_err(|_| SendError::Unreachable)
    }
}

/// A device signed in as one account.
pub struct SimDevice {
    pub store: MemoryStore,
    pub user: String,
    pub token: String,
    pub timeout: Duration,
    pub push_bytes: usize,
    client: reqwest::Client,
    pooled: bool,
}

impl SimDevice {
    /// `pooled`: keeps connections open between requests, as a browser does; the fault
    /// proxy instead plans one fault per connection.
    pub fn new(user: &str, token: &str, device_id: &str, pooled: bool) -> SimDevice {
        let mut client = reqwest::Client::builder();
        if !pooled {
            client = client.pool_max_idle_per_host(0);
        }
        SimDevice {
            store: MemoryStore {
                kept: RefCell::default(),
                device_id: device_id.to_owned(),
            },
            user: user.to_owned(),
            token: token.to_owned(),
            timeout: Duration::from_secs(30),
            push_bytes: cycle::PUSH_BYTES,
            client: client.build().expect("an HTTP client"),
            pooled,
        }
    }

    /// A local edit, as the sheet writer makes it: saved and marked changed.
    pub fn edit(&self, id: &str, change: impl FnOnce(&mut Observation)) {
        let mut kept = self.store.kept.borrow_mut();
        if let Some(o) = kept.local.get_mut(id) {
            change(o);
            o.updated_at += 1;
            let at = o.updated_at;
            kept.dirty.insert(id.to_owned(), at);
        }
    }

    pub fn create(&self, o: Observation) {
        let mut kept = self.store.kept.borrow_mut();
        kept.dirty.insert(o.id.clone(), o.updated_at);
        kept.local.insert(o.id.clone(), o);
    }

    pub fn kept(&self) -> std::cell::Ref<'_, Kept> {
        self.store.kept.borrow()
    }

    /// One attempt of a whole sync through the server at `addr`.
    pub async fn sync(&self, addr: &str, now: i64) -> Result<cycle::Report, Stop> {
        let transport = Http {
            client: self.client.clone(),
            url: format!("http://{addr}/api/sync"),
            token: self.token.clone(),
            timeout: self.timeout,
            close: !self.pooled,
        };
        let clock = move || now;
        let mut cycle = Cycle::new(&self.user, &clock);
        cycle.push_bytes = self.push_bytes;
        let report = cycle::run::<Json, _, _>(&cycle, &self.store, &transport).await?;
        self.store.kept.borrow_mut().pulled += report.synced.len();
        Ok(report)
    }

    /// The records the device holds a copy of.
    pub fn ids(&self) -> BTreeSet<String> {
        self.kept().local.keys().cloned().collect()
    }
}

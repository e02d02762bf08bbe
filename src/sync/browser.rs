//! The sync cycle's two traits in the browser: the device is the account's IndexedDB
//! and this tab's open sheets, the network is `fetch`.

use std::future::Future;
use std::pin::Pin;
use vero_domain::sync::cycle::{Answer, DeviceStore, SendError, Transport, Write};
use vero_domain::sync::device::{Device, Synced};
use vero_domain::sync::{PushedPatch, SyncResponse};
use vero_domain::Observation;

use crate::net::{self, NetError};
use crate::platform::random_hex;
use crate::store::live::LiveSheets;
use crate::store::sync::ops_of;
use crate::store::{Store, StoreError};

/// How long a sync request may take before the device counts the server unreachable.
const TIMEOUT_MS: i32 = 30_000;

pub struct BrowserDevice {
    pub store: Store,
    pub live: LiveSheets,
}

impl DeviceStore for BrowserDevice {
    type Error = StoreError;

    async fn device(&self) -> Result<Device, StoreError> {
        if let Some(device) = self.store.device().await? {
            return Ok(device);
        }
        let device = Device::new(random_hex(8));
        self.store
            .apply(ops_of(vec![Write::Device(device.clone())])?)
            .await?;
        Ok(device)
    }

    async fn dirty(&self) -> Result<Vec<(String, i64)>, StoreError> {
        self.store.dirty().await
    }

    async fn outbox(&self, device: &str) -> Result<Vec<PushedPatch>, StoreError> {
        self.store.outbox(device).await
    }

    async fn synced(&self, ids: &[String]) -> Result<Vec<Synced>, StoreError> {
        self.store.synced(ids).await
    }

    async fn stored(&self, ids: &[String]) -> Result<Vec<Option<Observation>>, StoreError> {
        self.store.observations_by_id(ids).await
    }

    fn unsaved(&self, id: &str) -> Option<Observation> {
        self.live.newest(id)
    }

    fn adopt(&self, merged: &Observation) {
        self.live.adopt(merged);
    }

    async fn apply(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        // A version arriving with sheets begun on it is known before they show.
        crate::template::keep(writes.iter().filter_map(|w| match w {
            Write::Template(t) => Some((**t).clone()),
            _ => None,
        }));
        // Begun before the first await: see `DeviceStore::apply`.
        let write = ops_of(writes).map(|ops| self.store.apply(ops));
        write?.await
    }
}

/// `POST /api/sync` with the session's token.
pub struct Fetch {
    pub token: String,
}

pub struct Arrived(net::Arrived);

fn send_error(e: NetError) -> SendError {
    match e {
        NetError::Status { status, error } => SendError::Status { status, error },
        NetError::Unreachable | NetError::Unreadable(_) => SendError::Unreachable,
    }
}

type Flight = Pin<Box<dyn Future<Output = Result<Arrived, SendError>>>>;

impl Transport for Fetch {
    type Answer = Arrived;
    type Flight = Flight;

    fn send(&self, body: String) -> Flight {
        // On its way before this returns; the future only waits for the answer.
        let answer = net::start_post_within("/api/sync", body, Some(&self.token), TIMEOUT_MS);
        Box::pin(async move { answer.await.map(Arrived).map_err(send_error) })
    }
}

impl Answer for Arrived {
    fn header(&self, name: &str) -> Option<String> {
        self.0.header(name)
    }

    async fn response(self) -> Result<SyncResponse, SendError> {
        self.0.json().await.map_err(send_error)
    }
}

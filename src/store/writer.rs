//! Writes sheets to IndexedDB as they change, outliving the screen that changed them.
//!
//! Each change starts a write at once (within the edit's own event); changes that
//! arrive while a write is under way replace one another in a queue (one place per
//! sheet), so the device is never more than one write behind and no change waits for a
//! timer. A failed write (e.g. a full disk) keeps the newest version queued and retries
//! with a growing pause. Each queued version keeps the database it was made for: one
//! still on its way when its author signs out still reaches that author's database.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use vero_domain::Observation;

use super::{Store, StoreError};
use crate::platform::sleep;

/// What the writer is doing, for the screens that show it.
#[derive(Clone, Copy)]
pub struct SaveStatus {
    /// Sheets with changes not yet committed.
    pub unsaved: RwSignal<usize>,
    /// The last write failed; `true` when for lack of space.
    pub failing: RwSignal<Option<bool>>,
    /// The sheet id and Unix ms of the newest edit committed to the device.
    pub saved: RwSignal<Option<(String, i64)>>,
}

#[derive(Default)]
struct Queue {
    /// At most one version per sheet, the newest; a handful of sheets at most.
    waiting: Vec<(Store, Observation)>,
    writing: bool,
    /// The version being written right now (no longer queued, not yet committed).
    in_flight: Option<(Store, Observation)>,
}

#[derive(Clone, Copy)]
pub struct Writer {
    queue: StoredValue<Queue, LocalStorage>,
    pub status: SaveStatus,
}

const RETRY_FIRST_MS: i32 = 500;
const RETRY_MAX_MS: i32 = 30_000;

type Committed = Pin<Box<dyn Future<Output = Result<(), StoreError>>>>;

/// A write under way: the sheet's id and edit time, and its commit.
type Started = (String, i64, Committed);

/// Every screen showing the status re-renders on a set, so set only real changes: this
/// runs on every keystroke.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.try_with_untracked(|v| *v != value).unwrap_or(false) {
        let _ = signal.try_set(value);
    }
}

impl Writer {
    pub fn new() -> Writer {
        Writer {
            queue: StoredValue::new_local(Queue::default()),
            status: SaveStatus {
                unsaved: RwSignal::new(0),
                failing: RwSignal::new(None),
                saved: RwSignal::new(None),
            },
        }
    }

    fn queued(&self) -> usize {
        self.queue.try_with_value(|q| q.waiting.len()).unwrap_or(0)
    }

    /// Queues this version of the sheet for writing into `store`; if no write is under
    /// way, the write is begun before this returns, ahead of the re-rendering the change
    /// causes.
    pub fn save(&self, store: &Store, observation: Observation) {
        let start = self
            .queue
            .try_update_value(|q| {
                match q.waiting.iter_mut().find(|(_, o)| o.id == observation.id) {
                    Some(older) => *older = (store.clone(), observation),
                    None => q.waiting.push((store.clone(), observation)),
                }
                !std::mem::replace(&mut q.writing, true)
            })
            .unwrap_or(false);
        if start {
            let first = self.start_next();
            spawn_local(self.drain(first));
        }
        // After the write is begun: this is on every keystroke's path to the disk.
        set_if_changed(self.status.unsaved, self.queued());
    }

    /// `save` of a version the caller keeps (the sheet on screen): when no write is under
    /// way, the write is begun from it before it is copied, the copy being off the
    /// keystroke's path to the disk.
    pub fn save_from(&self, store: &Store, observation: &Observation) {
        let idle = self
            .queue
            .try_update_value(|q| !std::mem::replace(&mut q.writing, true))
            .unwrap_or(false);
        if !idle {
            return self.save(store, observation.clone());
        }
        let committed = issued(Box::pin(store.start_saving(observation)));
        self.queue
            .update_value(|q| q.in_flight = Some((store.clone(), observation.clone())));
        let write = (observation.id.clone(), observation.updated_at, committed);
        spawn_local(self.drain(Some(write)));
    }

    /// Takes the next queued version and begins writing it; the version waits in
    /// `in_flight` until committed.
    fn start_next(&self) -> Option<Started> {
        let (store, next) = self
            .queue
            .try_update_value(|q| (!q.waiting.is_empty()).then(|| q.waiting.remove(0)))
            .flatten()?;
        let committed = issued(Box::pin(store.start_saving(&next)));
        let (id, at) = (next.id.clone(), next.updated_at);
        self.queue
            .update_value(|q| q.in_flight = Some((store, next)));
        Some((id, at, committed))
    }

    async fn drain(self, mut started: Option<Started>) {
        let mut delay = RETRY_FIRST_MS;
        loop {
            let Some((id, at, committed)) = started.take().or_else(|| self.start_next()) else {
                break;
            };
            let result = committed.await;
            let Some(written) = self.queue.try_update_value(|q| q.in_flight.take()) else {
                return; // the app is gone
            };
            match result {
                Ok(()) => {
                    announce_saved();
                    delay = RETRY_FIRST_MS;
                    set_if_changed(self.status.failing, None);
                    let _ = self.status.saved.try_set(Some((id, at)));
                    set_if_changed(self.status.unsaved, self.queued());
                }
                Err(err) => {
                    leptos::logging::warn!("saving sheet {id} failed: {err}");
                    self.retry_later(written);
                    set_if_changed(self.status.failing, Some(err.is_quota()));
                    set_if_changed(self.status.unsaved, self.queued());
                    sleep(delay).await;
                    delay = (delay * 2).min(RETRY_MAX_MS);
                }
            }
        }
        self.queue.update_value(|q| q.writing = false);
    }

    /// Puts a version that failed back in the queue, unless a newer one arrived.
    fn retry_later(&self, written: Option<(Store, Observation)>) {
        let Some((store, written)) = written else {
            return;
        };
        let _ = self.queue.try_update_value(|q| {
            if !q.waiting.iter().any(|(_, o)| o.id == written.id) {
                q.waiting.push((store, written));
            }
        });
    }

    /// The newest version of a sheet that is still on its way to the device, if any: a
    /// screen opening the sheet must show this rather than the older stored one.
    pub fn unsaved_version(&self, id: &str) -> Option<Observation> {
        self.queue
            .try_with_value(|q| {
                q.waiting
                    .iter()
                    .find(|(_, o)| o.id == id)
                    .map(|(_, o)| o.clone())
                    .or_else(|| {
                        q.in_flight
                            .as_ref()
                            .filter(|(_, o)| o.id == id)
                            .map(|(_, o)| o.clone())
                    })
            })
            .flatten()
    }

    /// Sync merged other people's edits into a sheet: a queued older version must not be
    /// written over it (the queued edits are already in the merged one).
    pub fn replace_queued(&self, merged: &Observation) {
        let _ = self.queue.try_update_value(|q| {
            if let Some((_, queued)) = q.waiting.iter_mut().find(|(_, o)| o.id == merged.id) {
                *queued = merged.clone();
            }
        });
    }

    /// The sheets with a version not yet committed.
    pub fn unsaved_ids(&self) -> Vec<String> {
        self.queue
            .try_with_value(|q| {
                q.waiting
                    .iter()
                    .map(|(_, o)| o.id.clone())
                    .chain(q.in_flight.iter().map(|(_, o)| o.id.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether every change made on this page has reached the device's storage.
    pub fn is_idle(&self) -> bool {
        self.queue
            .try_with_value(|q| !q.writing && q.waiting.is_empty())
            .unwrap_or(true)
    }
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

/// Polls a write once, now: its IndexedDB requests go out within the edit's own event
/// instead of after it. The task that awaits it later polls it again with its own waker
/// (the futures of rexie keep their result until then).
fn issued(mut write: Committed) -> Committed {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match write.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(done) => Box::pin(std::future::ready(done)),
        std::task::Poll::Pending => write,
    }
}

/// The page hears 'vero-saved' the moment an edit is committed (the sheet benchmark
/// waits for it).
fn announce_saved() {
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new("vero-saved")) {
        let _ = window.dispatch_event(&event);
    }
}

//! Writes sheets to IndexedDB as they change, outliving the screen that changed them.
//!
//! Each change starts a write at once (issued within the edit's own event); changes that arrive while a write is under way
//! replace one another in a queue (one place per sheet), so the device is never more
//! than one write behind and no change waits for a timer. A failed write (e.g. a full disk) keeps
//! the newest version queued and retries with a growing pause.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use vero_domain::Observation;

use crate::platform::sleep;
use crate::store::{Store, StoreError};

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

pub fn provide_save_status() -> SaveStatus {
    let status = SaveStatus {
        unsaved: RwSignal::new(0),
        failing: RwSignal::new(None),
        saved: RwSignal::new(None),
    };
    provide_context(status);
    STATUS.with(|s| s.set(Some(status)));
    status
}

thread_local! {
    /// At most one version per sheet, the newest; a handful of sheets at most, so a list.
    static QUEUE: RefCell<Vec<Observation>> = const { RefCell::new(Vec::new()) };
    static WRITING: Cell<bool> = const { Cell::new(false) };
    /// The version being written right now (no longer queued, not yet committed).
    static IN_FLIGHT: RefCell<Option<Observation>> = const { RefCell::new(None) };
    static STATUS: Cell<Option<SaveStatus>> = const { Cell::new(None) };
}

const RETRY_FIRST_MS: i32 = 500;
const RETRY_MAX_MS: i32 = 30_000;

fn report(update: impl FnOnce(SaveStatus)) {
    if let Some(status) = STATUS.with(Cell::get) {
        update(status);
    }
}

/// Every screen showing the status re-renders on a set, so set only real changes: this
/// runs on every keystroke.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.try_with_untracked(|v| *v != value).unwrap_or(false) {
        let _ = signal.try_set(value);
    }
}

fn queued() -> usize {
    QUEUE.with(|q| q.borrow().len())
}

/// Queues this version of the sheet for writing; if no write is under way, the write
/// is issued before this returns, ahead of the re-rendering the change causes.
pub fn save(observation: Observation) {
    QUEUE.with(|q| {
        let mut queue = q.borrow_mut();
        match queue.iter_mut().find(|o| o.id == observation.id) {
            Some(older) => *older = observation,
            None => queue.push(observation),
        }
    });
    if !WRITING.with(|w| w.replace(true)) {
        let first = Store::shared_now().and_then(|store| start_next(Ok(store)));
        spawn_local(drain(first));
    }
    // After the write is issued: this is on every keystroke's path to the disk.
    report(|s| set_if_changed(s.unsaved, queued()));
}

/// `save` of a version the caller keeps (the sheet on screen): when no write is under
/// way, the write is issued from it before it is copied, the copy being off the
/// keystroke's path to the disk.
pub fn save_from(observation: &Observation) {
    let store = match Store::shared_now() {
        Some(store) if !WRITING.with(Cell::get) => store,
        _ => return save(observation.clone()),
    };
    WRITING.with(|w| w.set(true));
    let committed: Committed = Box::pin(store.start_saving(observation));
    IN_FLIGHT.with(|f| *f.borrow_mut() = Some(observation.clone()));
    let write = (observation.id.clone(), observation.updated_at, committed);
    spawn_local(drain(Some(write)));
}

type Committed = Pin<Box<dyn Future<Output = Result<(), StoreError>>>>;

/// Takes the next queued version and starts writing it; the version waits in
/// `IN_FLIGHT` until committed. Its id and edit time, and the write.
fn start_next(store: Result<Store, StoreError>) -> Option<(String, i64, Committed)> {
    let next = QUEUE.with(|q| {
        let mut queue = q.borrow_mut();
        (!queue.is_empty()).then(|| queue.remove(0))
    })?;
    let committed: Committed = match store {
        Ok(store) => Box::pin(store.start_saving(&next)),
        Err(e) => Box::pin(async move { Err(e) }),
    };
    let (id, at) = (next.id.clone(), next.updated_at);
    IN_FLIGHT.with(|f| *f.borrow_mut() = Some(next));
    Some((id, at, committed))
}

async fn drain(mut started: Option<(String, i64, Committed)>) {
    let mut delay = RETRY_FIRST_MS;
    loop {
        let (id, at, committed) = match started.take() {
            Some(write) => write,
            None if queued() == 0 => break,
            None => match start_next(Store::shared().await) {
                Some(write) => write,
                None => break,
            },
        };
        let result = committed.await;
        let written = IN_FLIGHT.with(|f| f.borrow_mut().take());
        match result {
            Ok(()) => {
                delay = RETRY_FIRST_MS;
                report(|s| {
                    set_if_changed(s.failing, None);
                    let _ = s.saved.try_set(Some((id, at)));
                    set_if_changed(s.unsaved, queued());
                });
            }
            Err(err) => {
                leptos::logging::warn!("saving sheet {id} failed: {err}");
                // Put it back unless a newer version arrived meanwhile.
                QUEUE.with(|q| {
                    let mut queue = q.borrow_mut();
                    if !queue.iter().any(|o| o.id == id) {
                        queue.extend(written);
                    }
                });
                report(|s| {
                    set_if_changed(s.failing, Some(err.is_quota()));
                    set_if_changed(s.unsaved, queued());
                });
                sleep(delay).await;
                delay = (delay * 2).min(RETRY_MAX_MS);
            }
        }
    }
    WRITING.with(|w| w.set(false));
}

/// The newest version of a sheet that is still on its way to the device, if any: a
/// screen opening the sheet must show this rather than the older stored one.
pub fn unsaved_version(id: &str) -> Option<Observation> {
    QUEUE
        .with(|q| q.borrow().iter().find(|o| o.id == id).cloned())
        .or_else(|| IN_FLIGHT.with(|f| f.borrow().as_ref().filter(|o| o.id == id).cloned()))
}

/// Sync merged other people's edits into a sheet: a queued older version must not be
/// written over it (the queued edits are already in the merged one).
pub fn replace_queued(merged: &Observation) {
    QUEUE.with(|q| {
        if let Some(queued) = q.borrow_mut().iter_mut().find(|o| o.id == merged.id) {
            *queued = merged.clone();
        }
    });
}

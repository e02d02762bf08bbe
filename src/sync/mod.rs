//! Keeps this device and the server in step: when the app starts, when the network
//! comes back, when the app is looked at again, a moment after each edit, every minute
//! while all is well, with a growing pause (1 s doubling to 5 min) while it is not, and
//! at once on "Sinhronizēt tagad". The server's answer, not `navigator.onLine`, says
//! whether it can be reached.

mod attention;
pub mod codec;
pub mod conflicts;
mod cycle;
mod indicator;
pub mod people;

pub use attention::AttentionList;
pub use indicator::{SignInAgain, SyncIndicator};
pub use people::PeopleList;

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::future::Future;
use vero_domain::sync::device::backoff_ms;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::platform::now_ms;
use crate::session::Auth;
use crate::sheet::writer::SaveStatus;
use crate::store::conflicts::ConflictNote;
use crate::store::sync::Attention;
use crate::store::{Store, PREFS};
use cycle::Stop;

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Idle,
    Syncing,
    /// The server could not be reached (or failed); a retry is scheduled.
    Offline,
    /// The server wants the password again; everything stays queued.
    SignIn,
    /// Something else stopped it, in words for a person.
    Failed(String),
}

/// What the screens show about sync.
#[derive(Clone, Copy)]
pub struct SyncState {
    pub phase: RwSignal<Phase>,
    /// When the last sync got through (Unix ms).
    pub last_ok: RwSignal<Option<i64>>,
    /// Records with changes not yet acknowledged by the server.
    pub pending: RwSignal<BTreeSet<String>>,
    /// Records in the request under way.
    pub sending: RwSignal<BTreeSet<String>>,
    /// Records the server has (as far as this device knows).
    pub synced: RwSignal<BTreeSet<String>>,
    /// Patches the server refused, for a person to look at.
    pub attention: RwSignal<Vec<Attention>>,
    /// Records with values in conflict for this person to choose between.
    pub conflicts: RwSignal<Vec<ConflictNote>>,
}

/// One record's state, as lists show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordStatus {
    OnDevice,
    Syncing,
    Synced,
    NeedsAttention,
    /// Two devices gave a field different values; the person is to keep one.
    Conflict,
}

impl RecordStatus {
    pub fn key(self) -> &'static str {
        match self {
            RecordStatus::OnDevice => "on_device",
            RecordStatus::Syncing => "syncing",
            RecordStatus::Synced => "synced",
            RecordStatus::NeedsAttention => "attention",
            RecordStatus::Conflict => "conflict",
        }
    }
}

impl SyncState {
    pub fn status_of(&self, id: &str) -> RecordStatus {
        if self.attention.with(|a| a.iter().any(|x| x.record == id)) {
            RecordStatus::NeedsAttention
        } else if self.conflicts.with(|c| c.iter().any(|x| x.record == id)) {
            RecordStatus::Conflict
        } else if self.sending.with(|s| s.contains(id)) {
            RecordStatus::Syncing
        } else if self.pending.with(|p| p.contains(id)) || !self.synced.with(|s| s.contains(id)) {
            RecordStatus::OnDevice
        } else {
            RecordStatus::Synced
        }
    }
}

pub fn use_sync() -> SyncState {
    expect_context::<SyncState>()
}

const LAST_OK: &str = "last_sync";
/// Pause after an edit before sending it: typing goes out in one patch, soon.
const AFTER_EDIT_MS: i32 = 2_000;
/// Pulling others' changes while all is well.
const PERIODIC_MS: i32 = 60_000;
const PROBE_TIMEOUT_MS: i32 = 5_000;
/// How long sync waits when the app starts signed in.
const STARTUP_PAUSE_MS: i32 = 1_000;

thread_local! {
    /// The token the server refused: sync waits for a different one.
    static REFUSED_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    static TIMER: Cell<Option<i32>> = const { Cell::new(None) };
    static STATE: Cell<Option<(SyncState, Auth)>> = const { Cell::new(None) };
}

pub fn provide_sync(auth: Auth, saved: SaveStatus) -> SyncState {
    let state = SyncState {
        phase: RwSignal::new(Phase::Idle),
        last_ok: RwSignal::new(None),
        pending: RwSignal::new(BTreeSet::new()),
        sending: RwSignal::new(BTreeSet::new()),
        synced: RwSignal::new(BTreeSet::new()),
        attention: RwSignal::new(Vec::new()),
        conflicts: RwSignal::new(Vec::new()),
    };
    provide_context(state);
    STATE.with(|s| s.set(Some((state, auth))));

    // Signed in: sync now. When the app starts already signed in, first let the screen
    // the person opened come up (offline, that start is all the tablet does).
    let page_start = now_ms();
    Effect::new(move |_| {
        let signed_in = auth.session.with(|s| s.is_some());
        if signed_in {
            // A session read from the device at start, not one just signed in.
            let at_start = now_ms() - page_start < 2_000;
            spawn_local(async move {
                if at_start {
                    crate::platform::sleep(STARTUP_PAUSE_MS).await;
                }
                people::load().await;
                load_synced(state).await;
                refresh_lists(state).await;
            });
            if at_start {
                schedule(STARTUP_PAUSE_MS);
            } else {
                sync_now();
            }
        } else {
            cancel_timer();
        }
    });
    // Each edit that reached the device: counted as waiting, sent shortly.
    Effect::new(move |_| {
        if let Some((id, _)) = saved.saved.get() {
            state.pending.update(|p| {
                p.insert(id);
            });
            soon(AFTER_EDIT_MS);
        }
    });
    listen(&window(), "online", sync_now);
    listen(&document(), "visibilitychange", || {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            sync_now();
        }
    });
    state
}

fn listen(target: &web_sys::EventTarget, event: &str, act: fn()) {
    let callback = Closure::<dyn Fn()>::new(act);
    let _ = target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
    // Listens for the page's whole life.
    callback.forget();
}

fn cancel_timer() {
    if let Some(id) = TIMER.with(|t| t.take()) {
        window().clear_timeout_with_handle(id);
    }
}

/// Syncs after `ms` unless a sync is due sooner.
fn schedule(ms: i32) {
    cancel_timer();
    let callback = Closure::once_into_js(start);
    if let Ok(id) =
        window().set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms)
    {
        TIMER.with(|t| t.set(Some(id)));
    }
}

/// Syncs within `ms`: an edit never waits for a long retry pause to end if the server is
/// known to be reachable.
fn soon(ms: i32) {
    if FAILURES.with(Cell::get) == 0 {
        schedule(ms);
    }
}

/// "Sinhronizēt tagad": skips any pause.
pub fn sync_now() {
    cancel_timer();
    start();
}

fn start() {
    if RUNNING.with(|r| r.replace(true)) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    spawn_local(async {
        loop {
            AGAIN.with(|a| a.set(false));
            run_once().await;
            if !AGAIN.with(Cell::get) || FAILURES.with(Cell::get) > 0 {
                break;
            }
        }
        RUNNING.with(|r| r.set(false));
    });
}

async fn run_once() {
    let Some((state, auth)) = STATE.with(Cell::get) else {
        return;
    };
    let Some(session) = auth.session.get_untracked() else {
        return;
    };
    // A token the server refused stays refused: only a new sign-in resumes.
    if REFUSED_TOKEN.with(|t| t.borrow().as_deref() == Some(session.token.as_str())) {
        return;
    }
    // After a failure, a cheap look first: is the server there at all?
    if FAILURES.with(Cell::get) > 0 && !crate::net::get_ok("/api/health", PROBE_TIMEOUT_MS).await {
        failed(state, Phase::Offline);
        return;
    }
    let _ = state.phase.try_set(Phase::Syncing);
    let user = session.user.id.clone();
    let on_sending = |ids: BTreeSet<String>| {
        let _ = state.sending.try_set(ids);
    };
    let result = cycle::run(&session.token, &user, &on_sending).await;
    let _ = state.sending.try_set(BTreeSet::new());
    match result {
        Ok(report) => {
            FAILURES.with(|f| f.set(0));
            state.synced.update(|s| {
                s.extend(report.synced);
                for id in &report.gone {
                    s.remove(id);
                }
            });
            // The directory too, before saying all is done: it is what a new sheet's
            // teacher is picked from.
            people::refresh(&session.token).await;
            let now = now_ms();
            let _ = state.last_ok.try_set(Some(now));
            let _ = state.phase.try_set(Phase::Idle);
            if let Ok(store) = Store::shared().await {
                let _ = store.put(PREFS, LAST_OK, &now).await;
            }
            schedule(PERIODIC_MS);
        }
        Err(Stop::Unreachable) => failed(state, Phase::Offline),
        Err(Stop::SignIn) => {
            REFUSED_TOKEN.with(|t| *t.borrow_mut() = Some(session.token.clone()));
            cancel_timer();
            let _ = state.phase.try_set(Phase::SignIn);
        }
        Err(Stop::Failed(message)) => failed(state, Phase::Failed(message)),
    }
    refresh_lists(state).await;
}

fn failed(state: SyncState, phase: Phase) {
    let failures = FAILURES.with(|f| {
        let n = f.get();
        f.set(n.saturating_add(1));
        n
    });
    let _ = state.phase.try_set(phase);
    schedule(backoff_ms(failures).min(i32::MAX as u64) as i32);
}

/// Which records the server has, as this device knows: read once at start, then kept
/// up by each sync (reading every id again each minute would grow with the database).
async fn load_synced(state: SyncState) {
    let Ok(store) = Store::shared().await else {
        return;
    };
    let mut synced = BTreeSet::new();
    for id in store.synced_ids().await.unwrap_or_default() {
        synced.insert(id);
    }
    let _ = state.synced.try_set(synced);
}

/// Runs `work` while no sync runs in this tab: a sync reads a record and writes it back
/// later, and a change made in between would be written over.
pub async fn between_syncs<T>(work: impl Future<Output = T>) -> T {
    while RUNNING.with(|r| r.replace(true)) {
        crate::platform::sleep(100).await;
    }
    let out = work.await;
    RUNNING.with(|r| r.set(false));
    if AGAIN.with(Cell::get) {
        start();
    }
    out
}

/// Reloads what waits and what needs attention from the device's store.
async fn refresh_lists(state: SyncState) {
    let Ok(store) = Store::shared().await else {
        return;
    };
    let mut pending = BTreeSet::new();
    for (id, _) in store.dirty().await.unwrap_or_default() {
        pending.insert(id);
    }
    for patch in store.outbox_all().await.unwrap_or_default() {
        pending.insert(patch.record);
    }
    let attention = store.attention().await.unwrap_or_default();
    let user = STATE
        .with(Cell::get)
        .and_then(|(_, auth)| auth.session.get_untracked())
        .map(|s| s.user.id)
        .unwrap_or_default();
    let conflicts = store.conflict_notes(&user).await.unwrap_or_default();
    if state.last_ok.get_untracked().is_none() {
        if let Ok(Some(at)) = store.get::<i64>(PREFS, LAST_OK).await {
            let _ = state.last_ok.try_set(Some(at));
        }
    }
    let _ = state.pending.try_set(pending);
    let _ = state.attention.try_set(attention);
    let _ = state.conflicts.try_set(conflicts);
}

//! Keeps this device and the server in step: when the app starts, when the network
//! comes back, when the app is looked at again, a moment after each edit, every minute
//! while all is well, with a growing pause (1 s doubling to 5 min) while it is not, and
//! at once on "Sinhronizēt tagad". The server's answer, not `navigator.onLine`, says
//! whether it can be reached. The cycle itself is the domain's
//! (`vero_domain::sync::cycle`), run here over IndexedDB and `fetch` (`browser`).

mod attention;
mod browser;
pub mod codec;
pub mod conflicts;
mod indicator;
mod kept;
pub mod notices;
pub mod people;
pub mod plan;

pub use attention::AttentionList;
pub use indicator::{SignInAgain, SyncIndicator};
pub use notices::NoticeList;
pub use people::{use_mentoring, use_open_lessons, use_people, PeopleList};
pub use plan::use_plan;

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeSet;
use std::future::Future;
use vero_domain::sync::cycle::{self, Cycle, Stop};
use vero_domain::sync::device::{backoff_ms, Attention, ConflictNote};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::platform::now_ms;
use crate::session::Auth;
use crate::store::account::AccountStore;
use crate::store::live::LiveSheets;
use crate::store::sync::LAST_SYNC;
use crate::store::{Store, META};
use browser::{BrowserDevice, Fetch};
use codec::BrowserJson;
use notices::Notices;
use people::{Mentoring, OpenLessons, People};

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

/// When syncs run, and what stops them.
#[derive(Default)]
struct Runner {
    /// The token the server refused: sync waits for a different one.
    refused_token: Option<String>,
    running: bool,
    /// Asked for while one ran: run again once it is through.
    again: bool,
    failures: u32,
    timer: Option<i32>,
}

/// Sync's state, for the screens that show it, and its schedule.
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
    runner: StoredValue<Runner, LocalStorage>,
    auth: Auth,
    account: AccountStore,
    live: LiveSheets,
    people: People,
    mentoring: Mentoring,
    open_lessons: OpenLessons,
    plan: plan::PlanList,
    notices: Notices,
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

pub fn use_sync() -> SyncState {
    expect_context::<SyncState>()
}

/// Pause after an edit before sending it: typing goes out in one patch, soon.
const AFTER_EDIT_MS: i32 = 2_000;
/// Pulling others' changes while all is well.
const PERIODIC_MS: i32 = 60_000;
const PROBE_TIMEOUT_MS: i32 = 5_000;
/// How long sync waits when the app starts signed in.
const STARTUP_PAUSE_MS: i32 = 1_000;

pub fn provide_sync(auth: Auth, account: AccountStore, live: LiveSheets) -> SyncState {
    let (people, mentoring, open_lessons) = people::provide(account);
    let plan = plan::provide(account);
    let notices = notices::provide();
    let state = SyncState {
        phase: RwSignal::new(Phase::Idle),
        last_ok: RwSignal::new(None),
        pending: RwSignal::new(BTreeSet::new()),
        sending: RwSignal::new(BTreeSet::new()),
        synced: RwSignal::new(BTreeSet::new()),
        attention: RwSignal::new(Vec::new()),
        conflicts: RwSignal::new(Vec::new()),
        runner: StoredValue::new_local(Runner::default()),
        auth,
        account,
        live,
        people,
        mentoring,
        open_lessons,
        plan,
        notices,
    };
    provide_context(state);

    // An account's database open: sync now. When the app starts already signed in,
    // first let the screen the person opened come up (offline, that start is all the
    // tablet does).
    let page_start = now_ms();
    // A new sign-in of the same person (a new token) resumes sync too.
    let signed_in = Memo::new(move |_| {
        let token = auth.session.with(|s| s.as_ref().map(|s| s.token.clone()));
        account.ready.get().zip(token)
    });
    Effect::new(move |_| match signed_in.get() {
        Some(_) => {
            let at_start = now_ms() - page_start < 2_000;
            spawn_local(async move {
                if at_start {
                    crate::platform::sleep(STARTUP_PAUSE_MS).await;
                }
                state.load_synced().await;
                state.refresh_lists().await;
            });
            if at_start {
                state.schedule(STARTUP_PAUSE_MS);
            } else {
                state.sync_now();
            }
        }
        None => state.signed_out(),
    });
    // Each edit that reached the device: counted as waiting, sent shortly.
    let saved = live.status().saved;
    Effect::new(move |_| {
        if let Some((id, _)) = saved.get() {
            state.pending.update(|p| {
                p.insert(id);
            });
            state.soon(AFTER_EDIT_MS);
        }
    });
    listen(&window(), "online", move || state.sync_now());
    listen(&document(), "visibilitychange", move || {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            state.sync_now();
        }
    });
    state
}

fn listen(target: &web_sys::EventTarget, event: &str, act: impl Fn() + 'static) {
    let callback = Closure::<dyn Fn()>::new(act);
    let _ = target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
    // Listens for the page's whole life.
    callback.forget();
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

    /// The signed-in account's database, while one is open.
    fn store(&self) -> Option<Store> {
        let user = self
            .auth
            .session
            .try_with_untracked(|s| s.as_ref().map(|s| s.user.id.clone()))??;
        self.account.of(&user)
    }

    fn cancel_timer(&self) {
        if let Some(id) = self.runner.try_update_value(|r| r.timer.take()).flatten() {
            window().clear_timeout_with_handle(id);
        }
    }

    /// Syncs after `ms` unless a sync is due sooner.
    fn schedule(self, ms: i32) {
        self.cancel_timer();
        let callback = Closure::once_into_js(move || self.start());
        if let Ok(id) = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms)
        {
            self.runner.update_value(|r| r.timer = Some(id));
        }
    }

    /// Syncs within `ms`: an edit never waits for a long retry pause to end if the
    /// server is known to be reachable.
    fn soon(self, ms: i32) {
        if self.runner.with_value(|r| r.failures) == 0 {
            self.schedule(ms);
        }
    }

    /// "Sinhronizēt tagad": skips any pause.
    pub fn sync_now(self) {
        self.cancel_timer();
        self.start();
    }

    fn start(self) {
        let busy = self
            .runner
            .try_update_value(|r| {
                let busy = std::mem::replace(&mut r.running, true);
                if busy {
                    r.again = true;
                }
                busy
            })
            .unwrap_or(true);
        if busy {
            return;
        }
        spawn_local(async move {
            loop {
                self.runner.update_value(|r| r.again = false);
                self.run_once().await;
                let Some((again, failures)) = self.runner.try_with_value(|r| (r.again, r.failures))
                else {
                    return;
                };
                if !again || failures > 0 {
                    break;
                }
            }
            self.runner.update_value(|r| r.running = false);
        });
    }

    async fn run_once(self) {
        let Some(session) = self.auth.session.get_untracked() else {
            return;
        };
        let Some(store) = self.account.of(&session.user.id) else {
            return;
        };
        // A token the server refused stays refused: only a new sign-in resumes.
        if self
            .runner
            .with_value(|r| r.refused_token.as_deref() == Some(&session.token))
        {
            return;
        }
        // After a failure, a cheap look first: is the server there at all?
        let failures = self.runner.with_value(|r| r.failures);
        if failures > 0 && !crate::net::get_ok("/api/health", PROBE_TIMEOUT_MS).await {
            self.failed(Phase::Offline);
            return;
        }
        let _ = self.phase.try_set(Phase::Syncing);
        let user = session.user.id.clone();
        let device = BrowserDevice {
            store: store.clone(),
            live: self.live,
        };
        let fetch = Fetch {
            token: session.token.clone(),
        };
        let on_sending = |ids: BTreeSet<String>| {
            let _ = self.sending.try_set(ids);
        };
        let mut cycle = Cycle::new(&user, &now_ms);
        cycle.on_sending = &on_sending;
        let result = cycle::run::<BrowserJson, _, _>(&cycle, &device, &fetch).await;
        let _ = self.sending.try_set(BTreeSet::new());
        match result {
            Ok(report) => {
                self.runner.update_value(|r| r.failures = 0);
                self.notices
                    .after_sync(&store, &user, &report.synced, &report.gone)
                    .await;
                self.synced.update(|s| {
                    s.extend(report.synced);
                    for id in &report.gone {
                        s.remove(id);
                    }
                });
                // The directory too, before saying all is done: it is what a new sheet's
                // teacher is picked from.
                self.people.refresh(&store, &session.token).await;
                self.mentoring.refresh(&store, &session.token).await;
                // Offers to read offline; admins have no part in them.
                if session.user.role != vero_domain::Role::Admin {
                    self.open_lessons.refresh(&store, &session.token).await;
                }
                self.plan.refresh(&store, &session.token).await;
                let now = now_ms();
                let _ = self.last_ok.try_set(Some(now));
                let _ = self.phase.try_set(Phase::Idle);
                let _ = store.put(META, LAST_SYNC, &now).await;
                self.schedule(PERIODIC_MS);
            }
            Err(Stop::Unreachable) => self.failed(Phase::Offline),
            Err(Stop::SignIn) => {
                self.runner
                    .update_value(|r| r.refused_token = Some(session.token.clone()));
                self.cancel_timer();
                let _ = self.phase.try_set(Phase::SignIn);
            }
            Err(Stop::Failed(message)) => self.failed(Phase::Failed(message)),
        }
        self.refresh_lists().await;
    }

    fn failed(self, phase: Phase) {
        let failures = self
            .runner
            .try_update_value(|r| {
                let n = r.failures;
                r.failures = n.saturating_add(1);
                n
            })
            .unwrap_or(0);
        let _ = self.phase.try_set(phase);
        self.schedule(backoff_ms(failures).min(i32::MAX as u64) as i32);
    }

    /// Signed out: nothing more runs for that account, and nothing of it stays shown.
    fn signed_out(self) {
        self.cancel_timer();
        self.runner.update_value(|r| {
            r.failures = 0;
            r.refused_token = None;
        });
        let _ = self.phase.try_set(Phase::Idle);
        let _ = self.last_ok.try_set(None);
        for set in [self.pending, self.sending, self.synced] {
            let _ = set.try_set(BTreeSet::new());
        }
        let _ = self.attention.try_set(Vec::new());
        let _ = self.conflicts.try_set(Vec::new());
        self.people.clear();
        self.mentoring.clear();
        self.open_lessons.clear();
        self.plan.clear();
        self.notices.clear();
    }

    /// Which records the server has, as this device knows: read once at start, then
    /// kept up by each sync (reading every id again each minute would grow with the
    /// database).
    async fn load_synced(self) {
        let Some(store) = self.store() else {
            return;
        };
        let ids: BTreeSet<String> = store
            .synced_ids()
            .await
            .unwrap_or_default()
            .into_iter()
            .collect();
        let _ = self.synced.try_set(ids);
    }

    /// Runs `work` while no sync runs in this tab: a sync reads a record and writes it
    /// back later, and a change made in between would be written over.
    pub async fn between_syncs<T>(self, work: impl Future<Output = T>) -> T {
        while self
            .runner
            .try_update_value(|r| std::mem::replace(&mut r.running, true))
            .unwrap_or(false)
        {
            crate::platform::sleep(100).await;
        }
        let out = work.await;
        let again = self
            .runner
            .try_update_value(|r| {
                r.running = false;
                r.again
            })
            .unwrap_or(false);
        if again {
            self.start();
        }
        out
    }

    /// Reloads what waits and what needs attention from the device's store.
    pub async fn refresh_lists(self) {
        let Some(store) = self.store() else {
            return;
        };
        let pending = store.unsent().await.unwrap_or_default();
        let attention = store.attention().await.unwrap_or_default();
        let conflicts = store.conflict_notes().await.unwrap_or_default();
        if self.last_ok.get_untracked().is_none() {
            if let Ok(Some(at)) = store.get::<i64>(META, LAST_SYNC).await {
                let _ = self.last_ok.try_set(Some(at));
            }
        }
        let _ = self.pending.try_set(pending);
        let _ = self.attention.try_set(attention);
        let _ = self.conflicts.try_set(conflicts);
    }

    /// How many records hold changes the server does not have yet, counted from the
    /// device itself (a sheet still being written counts too).
    pub async fn unsent_count(self) -> usize {
        let Some(store) = self.store() else {
            return 0;
        };
        let mut unsent = store.unsent().await.unwrap_or_default();
        unsent.extend(self.live.unsaved_ids());
        unsent.len()
    }
}

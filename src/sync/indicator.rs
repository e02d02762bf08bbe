//! The app bar's sync line: what waits to be sent, when the last sync got through, a
//! "Sinhronizēt tagad" button, and a password prompt when the server wants one.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{use_sync, Phase};
use crate::i18n::{tr, use_i18n};
use crate::session::{login, use_auth};
use crate::sheet::local_clock_text;

#[component]
pub fn SyncIndicator() -> impl IntoView {
    let sync = use_sync();
    let i18n = use_i18n();
    let waiting = Memo::new(move |_| sync.pending.with(|p| p.len()));
    let line = Memo::new(move |_| {
        let n = waiting.get();
        match sync.phase.get() {
            Phase::Syncing => ("syncing", i18n.t("sync.syncing")),
            Phase::SignIn => ("sign-in", i18n.t("sync.sign_in")),
            Phase::Offline => ("offline", i18n.count("sync.offline", n, &[])),
            Phase::Failed(reason) => (
                "failed",
                i18n.format("sync.failed", &[("reason", reason.as_str())]),
            ),
            Phase::Idle if n > 0 => ("waiting", i18n.count("sync.waiting", n, &[])),
            Phase::Idle if sync.last_ok.get().is_none() => ("idle", i18n.t("sync.never")),
            Phase::Idle => ("synced", i18n.t("sync.synced")),
        }
    });
    let last = move || {
        sync.last_ok
            .get()
            .map(|at| i18n.format("sync.last", &[("time", &local_clock_text(at))]))
    };
    view! {
        <div class="sync" id="sync-state" data-phase=move || line.get().0 role="status">
            <span class="sync-text">{move || line.get().1}</span>
            <span class="sync-last muted">{last}</span>
            <button type="button" class="quiet sync-now" id="sync-now"
                disabled=move || line.get().0 == "syncing"
                on:click=move |_| sync.sync_now()>
                {tr("sync.now")}
            </button>
        </div>
    }
}

/// Shown when the server no longer accepts the sign-in: the password again, and
/// nothing waiting on the device is touched.
#[component]
pub fn SignInAgain() -> impl IntoView {
    let sync = use_sync();
    let auth = use_auth();
    let i18n = use_i18n();
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(username) = auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.user.username.clone()))
        else {
            return;
        };
        let secret = password.get_untracked();
        spawn_local(async move {
            match login(&username, &secret).await {
                Ok(session) => {
                    password.set(String::new());
                    problem.set(None);
                    if let Err(e) = auth.signed_in(session).await {
                        problem.set(Some(e.to_string()));
                    }
                }
                Err(crate::net::NetError::Status { status: 401, .. }) => {
                    problem.set(Some(i18n.t("signin.error.credentials")))
                }
                Err(_) => problem.set(Some(i18n.t("signin.error.offline"))),
            }
        });
    };
    view! {
        <Show when=move || sync.phase.get() == Phase::SignIn>
            <form class="card notice sign-in-again" id="sign-in-again" on:submit=submit>
                <p>{tr("sync.sign_in_again")}</p>
                <label for="reauth-password">{tr("signin.password")}</label>
                <input id="reauth-password" type="password" autocomplete="current-password"
                    prop:value=password
                    on:input=move |ev| password.set(event_target_value(&ev))/>
                <p class="problem" role="alert">{move || problem.get()}</p>
                <button type="submit" class="primary">{tr("signin.submit")}</button>
            </form>
        </Show>
    }
}

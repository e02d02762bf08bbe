//! "Iziet". On a shared tablet the next person must not find this one's work, and this
//! one must not lose it: with changes the server does not have yet, signing out says
//! how many and offers to wait for sync. Signing out anyway keeps them in this person's
//! own database, closed, until they sign in here again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::use_auth;
use crate::i18n::{tr, use_i18n};
use crate::sync::{use_sync, Phase};

#[component]
pub fn SignOut() -> impl IntoView {
    let auth = use_auth();
    let sync = use_sync();
    let i18n = use_i18n();
    // `leave` is used from effects and tasks, so the router's handle is kept, not moved.
    let navigate = StoredValue::new_local(use_navigate());
    // Records with unsent changes while the question is open.
    let asking = RwSignal::new(None::<usize>);
    let waiting = RwSignal::new(false);
    let leave = move || {
        asking.set(None);
        waiting.set(false);
        auth.sign_out();
        navigate.with_value(|go| go("/sign-in", Default::default()));
    };
    let ask = move |_| {
        spawn_local(async move {
            match sync.unsent_count().await {
                0 => leave(),
                n => asking.set(Some(n)),
            }
        });
    };
    let wait = move |_| {
        waiting.set(true);
        sync.sync_now();
    };
    // Waiting: once a sync got everything through, this person leaves.
    Effect::new(move |_| {
        if !waiting.get() || sync.phase.get() != Phase::Idle {
            return;
        }
        sync.pending.track();
        spawn_local(async move {
            let left = sync.unsent_count().await;
            if !waiting.get_untracked() {
                return;
            }
            match left {
                0 => leave(),
                n => asking.set(Some(n)),
            }
        });
    });
    // The question takes the keyboard's focus when it opens.
    let first = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = first.get() {
            let _ = button.focus();
        }
    });
    let question = move || asking.get().map(|n| i18n.count("signout.unsent", n, &[]));
    let status = move || {
        waiting.get().then(|| match sync.phase.get() {
            Phase::Offline => i18n.t("signout.waiting_offline"),
            Phase::SignIn => i18n.t("sync.sign_in_again"),
            Phase::Failed(reason) => i18n.format("sync.failed", &[("reason", &reason)]),
            _ => i18n.t("signout.waiting"),
        })
    };
    view! {
        <button type="button" class="quiet" id="sign-out" on:click=ask>{tr("signout")}</button>
        <Show when=move || asking.get().is_some()>
            <div class="dialog-backdrop">
                <div class="card dialog" role="alertdialog" aria-modal="true"
                    aria-labelledby="sign-out-title" aria-describedby="sign-out-question"
                    on:keydown=move |ev| if ev.key() == "Escape" { waiting.set(false); asking.set(None); }>
                    <h2 id="sign-out-title">{tr("signout.title")}</h2>
                    <p id="sign-out-question">{question}</p>
                    <p class="muted">{tr("signout.kept")}</p>
                    <p role="status" class="sign-out-status">{status}</p>
                    <div class="dialog-actions">
                        <button type="button" class="primary" id="sign-out-wait" node_ref=first
                            disabled=move || waiting.get() on:click=wait>
                            {tr("signout.wait")}
                        </button>
                        <button type="button" id="sign-out-anyway" on:click=move |_| leave()>
                            {tr("signout.anyway")}
                        </button>
                        <button type="button" class="quiet" id="sign-out-cancel"
                            on:click=move |_| { waiting.set(false); asking.set(None); }>
                            {tr("signout.cancel")}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

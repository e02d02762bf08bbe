//! "Mani dati": a person downloads everything Vēro holds about them (their right of
//! access). The server makes the file from what it holds, so this needs the network.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{tr, use_i18n};
use crate::net::{self, NetError};
use crate::session::use_auth;

/// What the last download did, for the line under the buttons.
#[derive(Clone, PartialEq)]
enum Saving {
    Idle,
    Working,
    Done(String),
    Offline,
    Failed(String),
}

#[component]
pub fn MyData() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let state = RwSignal::new(Saving::Idle);
    let fetch = move |format: &'static str| {
        let Some(token) = auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
        else {
            return;
        };
        let lang = i18n.lang.get_untracked().code();
        state.set(Saving::Working);
        spawn_local(async move {
            let path = format!("/api/me/export?format={format}&lang={lang}");
            let outcome = match net::download(&path, &token, &format!("vero.{format}")).await {
                Ok(file) => Saving::Done(file),
                Err(NetError::Unreachable) => Saving::Offline,
                Err(NetError::Status { error, .. }) => Saving::Failed(error.message),
                Err(NetError::Unreadable(why)) => Saving::Failed(why),
            };
            let _ = state.try_set(outcome);
        });
    };
    let line = move || {
        match state.get() {
        Saving::Idle => None,
        Saving::Working => Some(view! { <p role="status">{i18n.t("mydata.working")}</p> }.into_any()),
        Saving::Done(file) => Some(
            view! { <p role="status" id="my-data-done">{i18n.format("mydata.done", &[("file", &file)])}</p> }
                .into_any(),
        ),
        Saving::Offline => Some(view! { <p role="alert" class="warning">{i18n.t("mydata.offline")}</p> }.into_any()),
        Saving::Failed(reason) => Some(
            view! { <p role="alert" class="warning">{i18n.format("mydata.failed", &[("reason", &reason)])}</p> }
                .into_any(),
        ),
    }
    };
    let working = move || state.get() == Saving::Working;
    view! {
        <section class="card" id="my-data" aria-labelledby="my-data-title">
            <h2 id="my-data-title">{tr("mydata.title")}</h2>
            <p class="muted">{tr("mydata.intro")}</p>
            <p>
                <button type="button" id="my-data-json" disabled=working on:click=move |_| fetch("json")>
                    {tr("mydata.json")}
                </button>
                " "
                <button type="button" id="my-data-csv" disabled=working on:click=move |_| fetch("csv")>
                    {tr("mydata.csv")}
                </button>
            </p>
            {line}
        </section>
    }
}

//! `/password`: the signed-in person changes their password. It needs the network
//! (the server checks the current one); their other devices sign in again afterwards.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::api::{PasswordChange, MIN_PASSWORD};

use super::use_auth;
use crate::i18n::{tr, use_i18n};
use crate::nav::Redirect;
use crate::net::{self, NetError};

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Changed,
    Short,
    Mismatch,
    WrongCurrent,
    Offline,
    Server(String),
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(token) = auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
        else {
            return;
        };
        let change = PasswordChange {
            current: current.get_untracked(),
            new: new.get_untracked(),
        };
        if change.new.chars().count() < MIN_PASSWORD {
            outcome.set(Some(Outcome::Short));
            return;
        }
        if change.new != repeat.get_untracked() {
            outcome.set(Some(Outcome::Mismatch));
            return;
        }
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let result = net::post_no_answer("/api/password", &change, &token).await;
            let _ = outcome.try_set(Some(match result {
                Ok(()) => {
                    for field in [current, new, repeat] {
                        let _ = field.try_set(String::new());
                    }
                    auth.password_set().await;
                    Outcome::Changed
                }
                Err(NetError::Status { status: 403, .. }) => Outcome::WrongCurrent,
                Err(NetError::Status { status: 400, .. }) => Outcome::Short,
                Err(NetError::Unreachable) => Outcome::Offline,
                Err(NetError::Status { error, .. }) => Outcome::Server(error.message),
                Err(NetError::Unreadable(what)) => Outcome::Server(what),
            }));
            let _ = busy.try_set(false);
        });
    };
    let message = move || {
        outcome.get().map(|o| {
            let (class, text) = match o {
                Outcome::Changed => ("done", i18n.t("password.changed")),
                Outcome::Short => (
                    "problem",
                    i18n.format("password.short", &[("n", &MIN_PASSWORD.to_string())]),
                ),
                Outcome::Mismatch => ("problem", i18n.t("password.mismatch")),
                Outcome::WrongCurrent => ("problem", i18n.t("password.wrong_current")),
                Outcome::Offline => ("problem", i18n.t("password.offline")),
                Outcome::Server(m) => (
                    "problem",
                    i18n.format("signin.error.server", &[("message", &m)]),
                ),
            };
            view! { <p class=class id="password-outcome" role="alert">{text}</p> }
        })
    };
    let field =
        |id: &'static str, label: &'static str, value: RwSignal<String>, complete: &'static str| {
            view! {
                <label for=id>{tr(label)}</label>
                <input id=id type="password" autocomplete=complete required prop:value=value
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            }
        };
    view! {
        {move || auth.session.with(|s| s.is_none()).then(|| view! { <Redirect path="/sign-in".to_owned()/> })}
        <section class="card sign-in" aria-labelledby="password-title">
            <h1 id="password-title">{tr("password.title")}</h1>
            {move || auth.session.with(|s| s.as_ref().is_some_and(|s| s.user.must_change_password)).then(|| view! {
                <p class="notice card" id="password-required" role="status">{tr("password.required")}</p>
            })}
            <p class="muted">{move || i18n.format("password.intro", &[("n", &MIN_PASSWORD.to_string())])}</p>
            <form on:submit=submit novalidate>
                {field("current-password", "password.current", current, "current-password")}
                {field("new-password", "password.new", new, "new-password")}
                {field("repeat-password", "password.repeat", repeat, "new-password")}
                {message}
                <button type="submit" class="primary" disabled=busy>{tr("password.submit")}</button>
            </form>
            {move || matches!(outcome.get(), Some(Outcome::Changed)).then(|| view! {
                <p><a href="/" id="password-continue">{tr("password.continue")}</a></p>
            })}
        </section>
    }
}

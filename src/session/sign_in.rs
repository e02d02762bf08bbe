use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use vero_domain::role::start_path;

use super::{login, use_auth};
use crate::i18n::{tr, use_i18n};
use crate::nav::Redirect;
use crate::net::NetError;

/// Why sign-in did not work, kept as a kind so it re-renders in the chosen language.
#[derive(Clone, Debug, PartialEq)]
enum Problem {
    Empty,
    Credentials,
    Unreachable,
    Server(String),
    /// Signed in, but this browser keeps nothing on the device.
    Storage,
}

impl From<NetError> for Problem {
    fn from(err: NetError) -> Self {
        match err {
            NetError::Status { status: 401, .. } => Problem::Credentials,
            NetError::Status { error, .. } => Problem::Server(error.message),
            NetError::Unreachable => Problem::Unreachable,
            NetError::Unreadable(what) => Problem::Server(what),
        }
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (name, secret) = (username.get_untracked(), password.get_untracked());
        if name.trim().is_empty() || secret.is_empty() {
            problem.set(Some(Problem::Empty));
            return;
        }
        busy.set(true);
        problem.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match login(name.trim(), &secret).await {
                Ok(session) => {
                    let home = start_path(session.user.role, None);
                    match auth.signed_in(session).await {
                        Ok(()) => {
                            password.set(String::new());
                            navigate(home, Default::default());
                        }
                        Err(e) => {
                            leptos::logging::error!("{e}");
                            problem.set(Some(Problem::Storage));
                        }
                    }
                }
                Err(err) => problem.set(Some(err.into())),
            }
            busy.set(false);
        });
    };

    let problem_text = move || {
        problem.get().map(|p| match p {
            Problem::Empty => i18n.t("signin.error.empty"),
            Problem::Credentials => i18n.t("signin.error.credentials"),
            Problem::Unreachable => i18n.t("signin.error.offline"),
            Problem::Storage => i18n.t("store.unavailable"),
            Problem::Server(message) => {
                i18n.format("signin.error.server", &[("message", &message)])
            }
        })
    };

    let already = move || {
        auth.session
            .with(|s| s.as_ref().map(|s| start_path(s.user.role, None)))
    };

    view! {
        {move || already().map(|home| view! { <Redirect path=home.to_owned()/> })}
        <section class="card sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">{tr("signin.title")}</h1>
            <p class="muted">{tr("signin.intro")}</p>
            <form on:submit=submit novalidate>
                <label for="username">{tr("signin.username")}</label>
                <input id="username" name="username" type="text" autocomplete="username"
                    autocapitalize="none" spellcheck="false" required
                    prop:value=username
                    on:input=move |ev| username.set(event_target_value(&ev)) />
                <label for="password">{tr("signin.password")}</label>
                <input id="password" name="password" type="password"
                    autocomplete="current-password" required
                    prop:value=password
                    on:input=move |ev| password.set(event_target_value(&ev)) />
                <p class="problem" role="alert">{problem_text}</p>
                <button type="submit" class="primary" disabled=busy>
                    {move || if busy.get() { i18n.t("signin.working") } else { i18n.t("signin.submit") }}
                </button>
            </form>
        </section>
    }
}

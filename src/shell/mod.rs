//! The frame around every screen: app bar, language switch, "not found".

use leptos::prelude::*;
use vero_domain::Lang;

use crate::i18n::{tr, use_i18n};
use crate::session::{use_auth, SignOut};
use crate::store::prefs;

#[component]
pub fn AppBar() -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let who = move || {
        auth.session.get().map(|s| {
            let role = i18n.t(&format!("role.{}", s.user.role.id()));
            let teacher = s.user.role == vero_domain::Role::Teacher;
            let colleague = s.user.role != vero_domain::Role::Admin;
            view! {
                {teacher.then(|| view! { <crate::homes::NewFeedbackLink/> })}
                {colleague.then(|| view! {
                    <a href="/open-lessons" class="nav-link" id="nav-open-lessons">{tr("open_lessons.title")}</a>
                })}
                <a href="/drafts" class="nav-link" id="nav-drafts">{tr("drafts.title")}</a>
                <span class="who">
                    <span class="who-name">{s.user.display_name}</span>
                    <span class="who-role">{role}</span>
                </span>
                <SignOut/>
            }
        })
    };
    view! {
        <header class="app-bar">
            <a href="/" class="brand">
                <span class="brand-name">{tr("app.name")}</span>
                <span class="brand-tagline">{tr("app.tagline")}</span>
            </a>
            <div class="app-bar-end">
                {move || auth.session.with(|s| s.is_some()).then(|| view! { <crate::sync::SyncIndicator/> })}
                {who}
                <LangSwitch/>
            </div>
        </header>
    }
}

/// LV | EN. The choice is kept on the device and survives reloads.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choose = move |lang: Lang| {
        i18n.lang.set(lang);
        prefs::set_lang(lang);
    };
    view! {
        <div class="lang-switch" role="group" aria-label=tr("lang.label")>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    let code = lang.code();
                    view! {
                        <button type="button" lang=code
                            title=move || i18n.t(&format!("lang.{code}"))
                            aria-pressed=move || (i18n.lang.get() == lang).to_string()
                            on:click=move |_| choose(lang)>
                            {code.to_ascii_uppercase()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>{tr("notfound.title")}</h1>
            <p>{tr("notfound.body")}</p>
            <a href="/">{tr("nav.home")}</a>
        </section>
    }
}

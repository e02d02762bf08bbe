//! `/open-lessons` (atklātās stundas): every school's offers, upcoming first and the past
//! ones behind a toggle, read from the device when offline; the offer form for a
//! school's teachers and management. Signing up and offering need the network: the
//! server decides who gets the last place.

mod card;
mod form;
mod sheet;

pub use sheet::{start_sheet_of, OpenLessonNote};

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::open_lesson::{upcoming_and_past, OpenLesson};
use vero_domain::Role;

use crate::i18n::dates::local_date_time;
use crate::i18n::tr;
use crate::nav::Redirect;
use crate::net::{self, NetError};
use crate::session::use_auth;
use crate::sync::{use_open_lessons, use_people, use_sync};

use card::LessonCard;
use form::OfferForm;

/// The page's own state: whether the last talk with the server failed for want of it.
#[derive(Clone, Copy)]
pub(crate) struct Screen {
    pub offline: RwSignal<bool>,
}

#[component]
pub fn OpenLessonsPage() -> impl IntoView {
    let auth = use_auth();
    let lessons = use_open_lessons();
    let people = use_people();
    let sync = use_sync();
    let user = auth.session.get_untracked().map(|s| s.user);
    let Some(user) = user else {
        return view! { <Redirect path="/sign-in".to_owned()/> }.into_any();
    };
    if user.role == Role::Admin {
        return view! { <Redirect path=user.role.home().path().to_owned()/> }.into_any();
    }
    let screen = Screen {
        offline: RwSignal::new(false),
    };
    provide_context(screen);
    spawn_local(people.load());
    spawn_local(lessons.load());
    // The newest list on opening; the one kept on the device meanwhile and offline.
    let token = auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
    if let Some(token) = token {
        spawn_local(async move {
            match net::get_json::<Vec<OpenLesson>>("/api/open-lessons", &token).await {
                Ok(list) => {
                    let _ = screen.offline.try_set(false);
                    lessons.change(|l| *l = list).await;
                }
                Err(NetError::Unreachable) => {
                    let _ = screen.offline.try_set(true);
                }
                Err(_) => {}
            }
        });
    }
    // A sync that reached the server says the connection is back.
    Effect::new(move |first: Option<()>| {
        sync.last_ok.track();
        if first.is_some() {
            let _ = screen.offline.try_set(false);
        }
    });

    let may_offer = matches!(user.role, Role::Teacher | Role::Management) && user.school.is_some();
    let show_past = RwSignal::new(false);
    let split = Memo::new(move |_| {
        let (today, now) = local_date_time();
        lessons.list.with(|l| upcoming_and_past(l, &today, &now))
    });
    let ids = move |past: bool| {
        split.with(|(upcoming, gone)| {
            let list = if past { gone } else { upcoming };
            list.iter().map(|l| l.id.clone()).collect::<Vec<_>>()
        })
    };

    view! {
        <section class="card open-lessons-intro">
            <h1>{tr("open_lessons.title")}</h1>
            <p>{tr("open_lessons.intro")}</p>
            <Show when=move || screen.offline.get()>
                <p class="notice warning" role="status" id="open-lessons-offline">
                    {tr("open_lessons.offline")}
                </p>
            </Show>
        </section>
        {may_offer.then(|| view! { <OfferForm user=user.clone()/> })}
        <section class="open-lessons" aria-labelledby="upcoming-title">
            <h2 id="upcoming-title">{tr("open_lessons.upcoming")}</h2>
            <Show when=move || split.with(|(u, _)| u.is_empty())>
                <p class="muted" id="no-open-lessons">{tr("open_lessons.none")}</p>
            </Show>
            <For each=move || ids(false) key=|id| id.clone() let:id>
                <LessonCard id=id/>
            </For>
        </section>
        <section class="open-lessons past" aria-labelledby="past-title">
            <h2 id="past-title">{tr("open_lessons.past")}</h2>
            <button type="button" id="toggle-past" aria-expanded=move || show_past.get().to_string()
                on:click=move |_| show_past.update(|s| *s = !*s)>
                {move || if show_past.get() { tr("open_lessons.hide_past")() } else { tr("open_lessons.show_past")() }}
            </button>
            <Show when=move || show_past.get()>
                <Show when=move || split.with(|(_, p)| p.is_empty())>
                    <p class="muted">{tr("open_lessons.none_past")}</p>
                </Show>
                <For each=move || ids(true) key=|id| id.clone() let:id>
                    <LessonCard id=id past=true/>
                </For>
            </Show>
        </section>
    }
    .into_any()
}

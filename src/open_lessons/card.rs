//! One offered lesson: when, where, whose, how many places are free, and what the
//! person may do with it — sign up or give the place back, start a sheet of it, call it
//! off; who is coming only for those who manage it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use vero_domain::open_lesson::OpenLesson;
use vero_domain::{Lang, Observation};

use super::Screen;
use crate::homes::sheets::device_sheets;
use crate::i18n::{tr, use_i18n};
use crate::net::{self, NetError};
use crate::session::use_auth;
use crate::store::live::use_live_sheets;
use crate::sync::{use_open_lessons, use_people};

/// A date as the person's language writes it.
pub fn date_words(date: &str, lang: Lang) -> String {
    match (lang, date.split('-').collect::<Vec<_>>().as_slice()) {
        (Lang::Lv, [y, m, d]) => format!("{d}.{m}.{y}."),
        _ => date.to_owned(),
    }
}

/// What the server's refusal means to the person, by its code.
fn refusal(error: &NetError, i18n: crate::i18n::I18n) -> String {
    match error {
        NetError::Unreachable => i18n.t("open_lessons.offline"),
        NetError::Status { error, .. } => match error.error.as_str() {
            "no_places" => i18n.t("open_lessons.full"),
            "cancelled" => i18n.t("open_lessons.was_cancelled"),
            "own_lesson" => i18n.t("open_lessons.own_lesson"),
            _ => i18n.format("open_lessons.error", &[("message", &error.message)]),
        },
        NetError::Unreadable(m) => i18n.format("open_lessons.error", &[("message", m)]),
    }
}

#[component]
pub fn LessonCard(id: String, #[prop(optional)] past: bool) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let lessons = use_open_lessons();
    let people = use_people();
    let live = use_live_sheets();
    let navigate = use_navigate();
    let screen = expect_context::<Screen>();
    let sheets = device_sheets();
    let busy = RwSignal::new(false);
    let said = RwSignal::new(None::<String>);
    let lesson = {
        let id = id.clone();
        Memo::new(move |_| {
            lessons
                .list
                .with(|l| l.iter().find(|x| x.id == id).cloned())
        })
    };
    let mine_here = {
        let id = id.clone();
        move || -> Vec<Observation> {
            sheets.with(|s| {
                s.iter()
                    .flatten()
                    .filter(|o| o.context.open_lesson == id)
                    .cloned()
                    .collect()
            })
        }
    };

    // Ask the server; its answer is the lesson as it is now, kept on the device.
    let act = move |method: &'static str, what: &'static str| {
        let Some(l) = lesson.get_untracked() else {
            return;
        };
        let Some(token) = auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
        else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        said.set(None);
        let path = format!("/api/open-lessons/{}/{what}", l.id);
        spawn_local(async move {
            let answer = net::send_for_json::<OpenLesson>(method, &path, &token).await;
            let _ = busy.try_set(false);
            match answer {
                Ok(now) => {
                    let _ = screen.offline.try_set(false);
                    lessons
                        .change(|list| {
                            if let Some(slot) = list.iter_mut().find(|x| x.id == now.id) {
                                *slot = now;
                            }
                        })
                        .await;
                }
                Err(e) => {
                    if e == NetError::Unreachable {
                        let _ = screen.offline.try_set(true);
                    }
                    let _ = said.try_set(Some(refusal(&e, i18n)));
                    // Told there is no place: the count the person sees follows.
                    if let NetError::Status { status: 409, .. } = e {
                        if let Ok(list) =
                            net::get_json::<Vec<OpenLesson>>("/api/open-lessons", &token).await
                        {
                            lessons.change(|l| *l = list).await;
                        }
                    }
                }
            }
        });
    };
    let start = move |_| {
        if let Some(l) = lesson.get_untracked() {
            let me = auth.session.get_untracked().map(|s| s.user);
            let obs = super::start_sheet_of(&l, me.as_ref(), people);
            let path = format!("/sheet/{}", obs.id);
            live.save(obs);
            navigate(&path, Default::default());
        }
    };

    let anchor = format!("lesson-{id}");
    let title_id = format!("lesson-title-{id}");
    move || {
        let l = lesson.get()?;
        let lang = i18n.lang.get();
        let free = l.free_places();
        let places_text = if l.cancelled {
            i18n.t("open_lessons.cancelled")
        } else if free == 0 {
            i18n.t("open_lessons.full")
        } else {
            i18n.count("open_lessons.free", free as usize, &[])
        };
        let taken_text = i18n.format(
            "open_lessons.taken",
            &[
                ("taken", &l.taken.to_string()),
                ("places", &l.places.to_string()),
            ],
        );
        // A past lesson can still be written up, no longer joined or called off.
        let open = !l.cancelled && !past;
        let may_sign_up = open && !l.manages && !l.signed_up && free > 0;
        let may_leave = open && l.signed_up;
        let may_start = l.signed_up && !l.cancelled;
        let may_cancel = open && l.manages;
        let coming = l.manages.then(|| {
            let names = l.attendees.clone();
            view! {
                <div class="lesson-coming">
                    <h4>{tr("open_lessons.coming")}" ("{l.taken}"/"{l.places}")"</h4>
                    {if names.is_empty() {
                        view! { <p class="muted">{tr("open_lessons.nobody")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="attendees">
                                {names.into_iter().map(|a| view! { <li>{a.name}</li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </div>
            }
        });
        let here = mine_here();
        let start = start.clone();
        let sheets_view = (!here.is_empty()).then(|| {
            view! {
                <p class="lesson-sheets">
                    {i18n.count("open_lessons.sheets", here.len(), &[])}": "
                    {here.into_iter().enumerate().map(|(n, o)| view! {
                        {(n > 0).then_some(", ")}
                        <a href=format!("/sheet/{}", o.id)>
                            {i18n.t("open_lessons.sheet_link")}" "{o.context.date.clone()}
                        </a>
                    }).collect_view()}
                </p>
            }
        });
        Some(view! {
            <article class="card open-lesson" id=anchor.clone() data-lesson=l.id.clone()
                class:cancelled=l.cancelled aria-labelledby=title_id.clone()>
                <h3 id=title_id.clone()>{format!("{} · {}", l.subject, l.class)}</h3>
                <p class="lesson-when">
                    <strong>{format!("{} {}", date_words(&l.date, lang), l.time)}</strong>
                    " · "{l.school.name.clone()}
                </p>
                <p class="lesson-teacher">{l.teacher.clone()}</p>
                <p class="lesson-topic">{l.topic.clone()}</p>
                <p class="lesson-places" class:full=free == 0>{places_text}" · "{taken_text}</p>
                {l.manages.then(|| view! { <p class="muted">{tr("open_lessons.yours")}</p> })}
                {(l.signed_up && !l.cancelled).then(|| view! {
                    <p class="lesson-mine" role="status">{tr("open_lessons.signed_up")}</p>
                })}
                {coming}
                {sheets_view}
                <div class="lesson-actions">
                    {may_sign_up.then(|| view! {
                        <button type="button" class="primary" disabled=move || busy.get()
                            on:click=move |_| act("POST", "signup")>{tr("open_lessons.sign_up")}</button>
                    })}
                    {may_start.then(|| view! {
                        <button type="button" class="primary" on:click=start>{tr("open_lessons.start_sheet")}</button>
                    })}
                    {may_leave.then(|| view! {
                        <button type="button" disabled=move || busy.get()
                            on:click=move |_| act("DELETE", "signup")>{tr("open_lessons.leave")}</button>
                    })}
                    {may_cancel.then(|| view! {
                        <button type="button" class="danger" disabled=move || busy.get()
                            on:click=move |_| act("POST", "cancel")>{tr("open_lessons.cancel")}</button>
                    })}
                </div>
                {move || said.get().map(|text| view! { <p class="lesson-said" role="alert">{text}</p> })}
            </article>
        })
    }
}

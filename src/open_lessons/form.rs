//! The offer form: a school's teacher offers their own lesson, its management one of the
//! school's teachers'. Checked here by the domain's rules in the person's language, then
//! by the server; what was typed stays until the offer is made.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::api::UserProfile;
use vero_domain::open_lesson::{offer_problems, OpenLesson, OpenLessonOffer, MAX_PLACES};
use vero_domain::Role;

use super::Screen;
use crate::i18n::{tr, use_i18n};
use crate::net::{self, NetError};
use crate::session::use_auth;
use crate::sync::{use_open_lessons, use_people};

#[component]
pub fn OfferForm(user: UserProfile) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let lessons = use_open_lessons();
    let people = use_people();
    let screen = expect_context::<Screen>();
    let manages = user.role == Role::Management;
    let school = user.school.clone().map(|s| s.name).unwrap_or_default();
    let school_id = user.school.as_ref().map(|s| s.id);

    let date = RwSignal::new(String::new());
    let time = RwSignal::new(String::new());
    let subject = RwSignal::new(String::new());
    let class = RwSignal::new(String::new());
    let topic = RwSignal::new(String::new());
    let places = RwSignal::new("5".to_owned());
    let teacher = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<String>::new());
    let done = RwSignal::new(false);

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
        let offer = OpenLessonOffer {
            date: date.get_untracked(),
            time: time.get_untracked(),
            subject: subject.get_untracked(),
            class: class.get_untracked(),
            topic: topic.get_untracked(),
            places: places.get_untracked().trim().parse().unwrap_or(0),
            teacher_id: Some(teacher.get_untracked()).filter(|t| manages && !t.is_empty()),
        };
        done.set(false);
        let found = offer_problems(&offer);
        if !found.is_empty() {
            let words = crate::i18n::catalog(i18n.lang.get_untracked());
            problems.set(found.iter().map(|p| p.message(words)).collect());
            return;
        }
        problems.set(Vec::new());
        busy.set(true);
        spawn_local(async move {
            let answer: Result<OpenLesson, NetError> =
                net::post_json("/api/open-lessons", &offer, Some(&token)).await;
            let _ = busy.try_set(false);
            match answer {
                Ok(lesson) => {
                    let _ = screen.offline.try_set(false);
                    lessons.change(|l| l.push(lesson)).await;
                    // The next offer is often another topic on another day.
                    for field in [topic, date, time] {
                        let _ = field.try_set(String::new());
                    }
                    let _ = done.try_set(true);
                }
                Err(NetError::Unreachable) => {
                    let _ = screen.offline.try_set(true);
                    let _ = problems.try_set(vec![i18n.t("open_lessons.offline")]);
                }
                Err(NetError::Status { error, .. }) => {
                    let text = i18n.format("open_lessons.error", &[("message", &error.message)]);
                    let _ = problems.try_set(vec![text]);
                }
                Err(NetError::Unreadable(m)) => {
                    let text = i18n.format("open_lessons.error", &[("message", &m)]);
                    let _ = problems.try_set(vec![text]);
                }
            }
        });
    };

    let text_field = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{tr(label)}</label>
                <input id=id type="text" maxlength="200" prop:value=value
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    // Management names the teacher from its school's directory.
    let teachers = move || {
        people.list.with(|list| {
            list.iter()
                .filter(|p| p.school.as_ref().map(|s| s.id) == school_id && p.id != user.id)
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    };

    view! {
        <section class="card offer-lesson" aria-labelledby="offer-title">
            <h2 id="offer-title">{tr("open_lessons.offer_title")}</h2>
            <form on:submit=submit novalidate=true>
                <div class="field">
                    <label for="offer-school">{tr("open_lessons.school")}</label>
                    <input id="offer-school" type="text" readonly=true value=school/>
                </div>
                {manages.then(|| view! {
                    <div class="field">
                        <label for="offer-teacher">{tr("open_lessons.teacher")}</label>
                        <select id="offer-teacher" on:change=move |ev| teacher.set(event_target_value(&ev))>
                            <option value="">{tr("open_lessons.teacher_me")}</option>
                            {move || teachers().into_iter().map(|(id, name)| view! {
                                <option value=id>{name}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <div class="field-row">
                    <div class="field">
                        <label for="offer-date">{tr("open_lessons.date")}</label>
                        <input id="offer-date" type="date" prop:value=date
                            on:input=move |ev| date.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="offer-time">{tr("open_lessons.time")}</label>
                        <input id="offer-time" type="time" prop:value=time
                            on:input=move |ev| time.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="offer-places">{tr("open_lessons.places")}</label>
                        <input id="offer-places" type="number" min="1" max=MAX_PLACES.to_string()
                            inputmode="numeric" prop:value=places
                            on:input=move |ev| places.set(event_target_value(&ev))/>
                    </div>
                </div>
                {text_field("offer-subject", "open_lessons.subject", subject)}
                {text_field("offer-class", "open_lessons.class", class)}
                {text_field("offer-topic", "open_lessons.topic", topic)}
                <Show when=move || !problems.with(|p| p.is_empty())>
                    <ul class="problems warning" role="alert" id="offer-problems">
                        {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                </Show>
                <Show when=move || done.get()>
                    <p class="notice" role="status" id="offer-done">{tr("open_lessons.offered")}</p>
                </Show>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { tr("open_lessons.offering")() } else { tr("open_lessons.offer")() }}
                </button>
            </form>
        </section>
    }
}

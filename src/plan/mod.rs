//! The observation plan in the app: the plan screen for management and the specialist,
//! plan vs done on their homes, the observer's planned observations (each opens as a
//! sheet filled in from its entry) and the teacher's lessons planned to be observed.

mod figures;
mod form;
mod page;

pub use figures::PlanVsDone;
pub use page::PlanPage;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use vero_domain::calendar::{date_long, parse_date};
use vero_domain::plan::{done_here, entry_state, to_observe, EntryState, PlanEntry};
use vero_domain::Observation;

use crate::homes::sheets::device_sheets;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n, I18n};
use crate::platform::{new_id, now_ms};
use crate::session::me;
use crate::sheet::local_date_time;
use crate::store::live::use_live_sheets;
use crate::sync::use_plan;

/// A new sheet of the entry: its type, teacher, school, date, goal and priorities, and
/// the entry it was planned as.
pub fn sheet_of(entry: &PlanEntry, author: &str, observer: &str) -> Observation {
    let template = crate::sheet::latest_template();
    let mut obs = Observation::new(new_id(), entry.kind, template, now_ms());
    obs.author = author.to_owned();
    let (today, time) = local_date_time();
    let c = &mut obs.context;
    c.school = entry.school.clone();
    c.teacher = entry.teacher.clone();
    c.teacher_id = entry.teacher_id.clone();
    c.observer = observer.to_owned();
    c.goal = entry.goal.clone();
    c.priorities = entry.priorities.clone();
    c.plan = entry.id.clone();
    // The lesson's time is known only on the day.
    if entry.date == today {
        c.time = time;
    }
    c.date = entry.date.clone();
    obs
}

pub(crate) fn date_words(date: &str, i18n: I18n) -> String {
    parse_date(date).map_or_else(|| date.to_owned(), |d| date_long(d, i18n.lang.get()))
}

/// "Plānotie vērojumi": the observer's entries yet to be done, each one tap from its
/// sheet.
#[component]
pub fn PlannedForMe() -> impl IntoView {
    let i18n = use_i18n();
    let me = me();
    let plan = use_plan();
    leptos::task::spawn_local(plan.load());
    let sheets = device_sheets();
    let live = use_live_sheets();
    let navigate = use_navigate();
    let rows = move || {
        let entries = plan.list.get();
        let held = sheets.get().unwrap_or_default();
        let done = done_here(&entries, &held);
        let list = to_observe(&entries, &me.id, &done);
        if list.is_empty() {
            return view! { <p class="muted">{tr("observer.planned_none")}</p> }.into_any();
        }
        let items = list
            .into_iter()
            .map(|e| {
                let made = held
                    .iter()
                    .find(|o| o.context.plan == e.id && o.author == me.id && o.deleted_at.is_none())
                    .map(|o| o.id.clone());
                let label = format!("{} · {}", e.teacher, date_words(&e.date, i18n));
                let action = match made {
                    Some(id) => view! {
                        <a class="button" href=format!("/sheet/{id}")
                            aria-label=format!("{} — {label}", i18n.t("observer.plan_open"))>
                            {tr("observer.plan_open")}</a>
                    }
                    .into_any(),
                    None => {
                        let entry = e.clone();
                        let me = me.clone();
                        let navigate = navigate.clone();
                        let start = move |_| {
                            let obs = sheet_of(&entry, &me.id, &me.name);
                            let path = format!("/sheet/{}", obs.id);
                            live.save(obs);
                            navigate(&path, Default::default());
                        };
                        view! {
                            <button type="button" class="primary plan-start" on:click=start
                                aria-label=format!("{} — {label}", i18n.t("observer.plan_start"))>
                                {tr("observer.plan_start")}</button>
                        }
                        .into_any()
                    }
                };
                let overdue = entry_state(e, &done, today()) == EntryState::Overdue;
                view! {
                    <li class="obs-row" data-plan=e.id.clone()>
                        <strong>{e.teacher.clone()}</strong>
                        <span class="muted">" · "{i18n.t(&format!("kind.{}", e.kind.id()))}" · "{date_words(&e.date, i18n)}</span>
                        {overdue.then(|| view! { " "<span class="badge" data-state="overdue">{tr("plan.state.overdue")}</span> })}
                        <p>{e.goal.clone()}</p>
                        {action}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="obs-list" id="planned-list">{items}</ul> }.into_any()
    };
    view! {
        <section class="card" id="planned" aria-labelledby="planned-title">
            <h2 id="planned-title">{tr("observer.planned")}</h2>
            {rows}
        </section>
    }
}

/// The teacher's lessons planned to be observed: who comes, when, to what end.
#[component]
pub fn PlannedOfMe() -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let plan = use_plan();
    leptos::task::spawn_local(plan.load());
    let rows = move || {
        let mine: Vec<PlanEntry> = plan
            .list
            .get()
            .into_iter()
            .filter(|e| e.teacher_id == me && !e.done)
            .collect();
        if mine.is_empty() {
            return view! { <p class="muted">{tr("teacher.planned_none")}</p> }.into_any();
        }
        let items = mine
            .into_iter()
            .map(|e| {
                view! {
                    <li class="obs-row" data-plan=e.id.clone()>
                        <strong>{date_words(&e.date, i18n)}</strong>
                        <span class="muted">" · "{i18n.t(&format!("kind.{}", e.kind.id()))}" · "{e.observer.clone()}</span>
                        <p>{e.goal.clone()}</p>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="obs-list">{items}</ul> }.into_any()
    };
    view! {
        <section class="card" id="planned-of-me" aria-labelledby="planned-of-me-title">
            <h2 id="planned-of-me-title">{tr("teacher.planned")}</h2>
            {rows}
        </section>
    }
}

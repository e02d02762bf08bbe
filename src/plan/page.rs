//! `/plan`, "Vērošanas plāns": a school's plan for a semester — plan vs done by
//! teacher, the entries (filtered by teacher), each one edited or removed, and the
//! form that adds one. For the school's management, and the specialist for any school.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::calendar::Semester;
use vero_domain::names;
use vero_domain::plan::{done_here, entry_state, EntryState, PlanEntry};
use vero_domain::Role;

use super::date_words;
use super::figures::{figures_of, figures_table};
use super::form::{net_problem, PlanForm};
use crate::homes::sheets::device_sheets;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n, I18n};
use crate::nav::Redirect;
use crate::net;
use crate::session::use_auth;
use crate::sync::{use_people, use_plan};

fn semester_key(s: Semester) -> String {
    format!("{}-{}", s.year.start_year(), s.number())
}

fn semester_name(s: Semester, i18n: I18n) -> String {
    i18n.format(
        "management.semester",
        &[("n", &s.number().to_string()), ("year", &s.year.name())],
    )
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let auth = use_auth();
    move || match auth.session.get() {
        None => view! { <Redirect path="/sign-in".to_owned()/> }.into_any(),
        Some(s) if !matches!(s.user.role, Role::Management | Role::Specialist) => view! {
            <section class="card"><h1>{tr("plan.title")}</h1><p>{tr("plan.not_yours")}</p></section>
        }
        .into_any(),
        Some(s) => {
            let own = s.user.school.as_ref().map(|x| x.id);
            let municipal = s.user.role == Role::Specialist;
            untrack(|| view! { <PlanScreen own=own municipal=municipal/> }).into_any()
        }
    }
}

#[component]
fn PlanScreen(own: Option<i64>, municipal: bool) -> impl IntoView {
    let i18n = use_i18n();
    let people = use_people();
    let plan = use_plan();
    spawn_local(people.load());
    spawn_local(plan.load());
    let sheets = device_sheets();
    let school = RwSignal::new(own);
    let now = Semester::of(today());
    let semester = RwSignal::new(now);
    let teacher = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<PlanEntry>);
    let notice = RwSignal::new(None::<String>);
    let token = StoredValue::new(
        use_auth()
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone())),
    );

    // The specialist's schools: those of the directory and of the plan.
    let schools = Memo::new(move |_| {
        let mut by_id: BTreeMap<i64, String> = BTreeMap::new();
        people.list.with(|list| {
            for s in list.iter().filter_map(|p| p.school.as_ref()) {
                by_id.insert(s.id, s.name.clone());
            }
        });
        plan.list.with(|list| {
            for e in list {
                by_id.insert(e.school_id, e.school.clone());
            }
        });
        let mut list: Vec<(i64, String)> = by_id.into_iter().collect();
        list.sort_by(|a, b| names::compare(&a.1, &b.1));
        list
    });
    Effect::new(move |_| {
        if school.get_untracked().is_none() {
            if let Some((id, _)) = schools.get().first() {
                school.set(Some(*id));
            }
        }
    });
    let semesters = Memo::new(move |_| {
        let mut list = vec![now.previous(), now, now.next()];
        plan.list
            .with(|l| list.extend(l.iter().filter_map(PlanEntry::semester)));
        list.sort();
        list.dedup();
        list
    });
    // The school's entries this semester, by date.
    let of_school = Memo::new(move |_| {
        let (school, semester) = (school.get(), semester.get());
        plan.list.with(|l| {
            l.iter()
                .filter(|e| Some(e.school_id) == school && e.semester() == Some(semester))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let teachers = Memo::new(move |_| {
        let mut list: Vec<(String, String)> = of_school
            .get()
            .into_iter()
            .map(|e| (e.teacher_id, e.teacher))
            .collect();
        list.sort_by(|a, b| names::compare(&a.1, &b.1));
        list.dedup();
        list
    });

    let figures = move || {
        let entries = of_school.get();
        let held = sheets.get().unwrap_or_default();
        figures_table(
            &figures_of(&entries, &held, semester.get()),
            false,
            "plan-figures-table",
            i18n,
        )
    };
    let remove = move |entry: PlanEntry| {
        let confirmed = window()
            .confirm_with_message(&i18n.t("plan.remove_confirm"))
            .unwrap_or(false);
        let Some(token) = token.get_value() else {
            return;
        };
        if !confirmed {
            return;
        }
        spawn_local(async move {
            let path = format!("/api/plan/{}", entry.id);
            match net::delete(&path, &token).await {
                Ok(()) => {
                    plan.change(|l| l.retain(|e| e.id != entry.id)).await;
                    let _ = notice.try_set(Some(i18n.t("plan.removed")));
                }
                Err(e) => {
                    let _ = notice.try_set(Some(net_problem(e, i18n)));
                }
            }
        });
    };
    let rows = move || {
        let held = sheets.get().unwrap_or_default();
        let all = of_school.get();
        let done = done_here(&all, &held);
        let picked = teacher.get();
        let list: Vec<PlanEntry> = all
            .into_iter()
            .filter(|e| picked.is_empty() || e.teacher_id == picked)
            .collect();
        if list.is_empty() {
            return view! { <p class="muted">{tr("plan.none")}</p> }.into_any();
        }
        let items = list
            .into_iter()
            .map(|e| {
                let state = match entry_state(&e, &done, today()) {
                    EntryState::Done => "done",
                    EntryState::Overdue => "overdue",
                    EntryState::Open => "open",
                };
                let who = i18n.format("plan.who", &[("observer", &e.observer), ("teacher", &e.teacher)]);
                let priorities = e
                    .priorities
                    .iter()
                    .map(|p| i18n.t(&format!("priority.{}", p.id())))
                    .collect::<Vec<_>>()
                    .join(", ");
                let label = format!("{} · {}", e.teacher, date_words(&e.date, i18n));
                let (for_edit, for_remove) = (e.clone(), e.clone());
                view! {
                    <li class="obs-row" data-plan=e.id.clone() data-state=state>
                        <strong>{date_words(&e.date, i18n)}</strong>
                        <span class="muted">" · "{i18n.t(&format!("kind.{}", e.kind.id()))}</span>
                        " "<span class="badge" data-state=state>{i18n.t(&format!("plan.state.{state}"))}</span>
                        <p>{who}</p>
                        <p>{e.goal.clone()}</p>
                        {(!priorities.is_empty()).then(|| view! { <p class="muted">{priorities}</p> })}
                        <p class="actions">
                            <button type="button" class="plan-edit"
                                aria-label=format!("{} — {label}", i18n.t("plan.edit"))
                                on:click=move |_| { notice.set(None); editing.set(Some(for_edit.clone())) }>
                                {tr("plan.edit")}</button>
                            <button type="button" class="plan-remove"
                                aria-label=format!("{} — {label}", i18n.t("plan.remove"))
                                on:click=move |_| remove(for_remove.clone())>
                                {tr("plan.remove")}</button>
                        </p>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="obs-list" id="plan-list">{items}</ul> }.into_any()
    };
    let school_name = move || {
        let id = school.get()?;
        schools.with(|l| l.iter().find(|s| s.0 == id).map(|s| s.1.clone()))
    };

    view! {
        <section class="card" id="plan-head" aria-labelledby="plan-title">
            <h1 id="plan-title">{tr("plan.title")}</h1>
            <p class="muted">{tr("plan.intro")}</p>
            <div class="plan-choices">
                {if municipal {
                    view! {
                        <label for="plan-school">{tr("plan.school")}</label>
                        <select id="plan-school" on:change=move |ev| {
                            school.set(event_target_value(&ev).parse().ok());
                            teacher.set(String::new());
                            editing.set(None);
                        }>
                            {move || schools.get().into_iter().map(|(id, name)| view! {
                                <option value=id.to_string() prop:selected=move || school.get() == Some(id)>{name}</option>
                            }).collect_view()}
                        </select>
                    }.into_any()
                } else {
                    view! { <p>{move || i18n.format("home.school", &[("school", &school_name().unwrap_or_default())])}</p> }.into_any()
                }}
                <label for="plan-semester">{tr("plan.semester")}</label>
                <select id="plan-semester" on:change=move |ev| {
                    let key = event_target_value(&ev);
                    if let Some(s) = semesters.get_untracked().into_iter().find(|s| semester_key(*s) == key) {
                        semester.set(s);
                    }
                }>
                    {move || semesters.get().into_iter().map(|s| view! {
                        <option value=semester_key(s) prop:selected=move || semester.get() == s>{semester_name(s, i18n)}</option>
                    }).collect_view()}
                </select>
            </div>
            <p role="status" id="plan-notice">{move || notice.get()}</p>
        </section>
        <section class="card" id="plan-figures" aria-labelledby="plan-figures-title">
            <h2 id="plan-figures-title">{tr("plan.vs_done")}</h2>
            {figures}
        </section>
        <section class="card" id="plan-entries" aria-labelledby="plan-entries-title">
            <h2 id="plan-entries-title">{tr("plan.entries")}</h2>
            <label for="plan-teacher-filter">{tr("plan.teacher_filter")}</label>
            <select id="plan-teacher-filter" on:change=move |ev| teacher.set(event_target_value(&ev))>
                <option value="" prop:selected=move || teacher.get().is_empty()>{tr("plan.all_teachers")}</option>
                {move || teachers.get().into_iter().map(|(id, name)| {
                    let pid = id.clone();
                    view! { <option value=id prop:selected=move || teacher.get() == pid>{name}</option> }
                }).collect_view()}
            </select>
            {rows}
        </section>
        <PlanForm school=school.into() editing=editing notice=notice/>
    }
}

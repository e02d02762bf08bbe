//! Plan vs done, as management and the specialist see it on their homes and the plan
//! screen: counted by the domain from the entries the server gave (each with whether it
//! is done, which the server knows even of sheets this viewer may not read) and the
//! sheets on this device.

use leptos::prelude::*;
use vero_domain::calendar::Semester;
use vero_domain::names;
use vero_domain::plan::{done_here, plan_vs_done, PlanCount, PlanEntry, PlanFigures};
use vero_domain::Role;

use crate::homes::sheets::device_sheets;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n, I18n};
use crate::session::use_auth;
use crate::sync::use_plan;

/// The figures of the entries `keep` picks in `semester`.
pub fn figures_of(
    entries: &[PlanEntry],
    held: &[vero_domain::Observation],
    semester: Semester,
) -> PlanFigures {
    let done = done_here(entries, held);
    plan_vs_done(entries, &done, semester, today())
}

fn count_cells(c: &PlanCount) -> impl IntoView {
    view! {
        <td data-count="planned">{c.planned}</td>
        <td data-count="done">{c.done}</td>
        <td data-count="overdue">{c.overdue}</td>
    }
}

fn head(first: &'static str) -> impl IntoView {
    view! {
        <thead><tr>
            <th scope="col">{tr(first)}</th>
            <th scope="col">{tr("plan.planned")}</th>
            <th scope="col">{tr("plan.done")}</th>
            <th scope="col">{tr("plan.overdue")}</th>
        </tr></thead>
    }
}

/// Per school, or per teacher of the schools in the figures.
pub fn figures_table(f: &PlanFigures, by_school: bool, id: &'static str, i18n: I18n) -> AnyView {
    if f.total.planned == 0 {
        return view! { <p class="muted">{i18n.t("plan.vs_done_none")}</p> }.into_any();
    }
    let rows = if by_school {
        let mut schools: Vec<(&String, &PlanCount)> = f.by_school.iter().collect();
        schools.sort_by(|a, b| names::compare(a.0, b.0));
        schools
            .into_iter()
            .map(|(school, c)| view! {
                <tr data-school=school.clone()><th scope="row">{school.clone()}</th>{count_cells(c)}</tr>
            })
            .collect_view()
            .into_any()
    } else {
        let mut teachers: Vec<(&(String, String, String), &PlanCount)> =
            f.by_teacher.iter().collect();
        teachers.sort_by(|a, b| names::compare(&a.0 .1, &b.0 .1));
        teachers
            .into_iter()
            .map(|((_, name, id), c)| view! {
                <tr data-teacher=id.clone()><th scope="row">{name.clone()}</th>{count_cells(c)}</tr>
            })
            .collect_view()
            .into_any()
    };
    let first = if by_school {
        "plan.school"
    } else {
        "plan.teacher"
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=i18n.t("plan.vs_done")>
            <table class="progress-table counts" id=id>
                {head(first)}
                <tbody>{rows}</tbody>
                <tfoot><tr data-total="all"><th scope="row">{tr("management.all")}</th>{count_cells(&f.total)}</tr></tfoot>
            </table>
        </div>
    }
    .into_any()
}

/// "Plāns un izpilde" on a home: this semester, by teacher for a school's management,
/// by school for the specialist, with a link to the plan screen.
#[component]
pub fn PlanVsDone() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_auth().session.get_untracked().map(|s| s.user);
    let municipal = user.as_ref().is_some_and(|u| u.role == Role::Specialist);
    let school = user.as_ref().and_then(|u| u.school.as_ref().map(|s| s.id));
    let plan = use_plan();
    leptos::task::spawn_local(plan.load());
    let sheets = device_sheets();
    let body = move || {
        let entries: Vec<PlanEntry> = plan
            .list
            .get()
            .into_iter()
            .filter(|e| municipal || Some(e.school_id) == school)
            .collect();
        let held = sheets.get().unwrap_or_default();
        let f = figures_of(&entries, &held, Semester::of(today()));
        figures_table(&f, municipal, "plan-vs-done-table", i18n)
    };
    view! {
        <section class="card" id="plan-vs-done" aria-labelledby="plan-vs-done-title">
            <h2 id="plan-vs-done-title">{tr("plan.vs_done")}</h2>
            {body}
            <p><a href="/plan" id="plan-link">{tr("plan.link")}</a></p>
        </section>
    }
}

//! The municipality's screen. The specialist sees the schools' observations this
//! semester — per school, and by type and stage as a school's management sees its own —
//! the atzinums and the steps coming due, with a collegial observation's words left
//! with its two people. The admin sees the accounts of the municipality.

use std::collections::BTreeMap;

use leptos::prelude::*;
use vero_domain::calendar::{parse_date, Semester};
use vero_domain::workflow::Stage;
use vero_domain::{names, Status};

use super::filter::{paged, PAGE};
use super::management::ManagementHome;
use super::sheets::device_sheets;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n};
use crate::session::me;
use crate::sync::use_people;

#[component]
pub fn SpecialistHome() -> impl IntoView {
    view! { <SheetVersions/> <BySchool/> <ManagementHome municipal=true/> }
}

/// Which version of the sheet new observations use, and the way to publish the next.
#[component]
fn SheetVersions() -> impl IntoView {
    let i18n = use_i18n();
    let line = move || {
        let t = crate::template::latest_template();
        i18n.format(
            "templates.home_line",
            &[
                ("version", &t.version.to_string()),
                ("criteria", &t.criteria().count().to_string()),
            ],
        )
    };
    view! {
        <section class="card" id="sheet-versions" aria-labelledby="sheet-versions-title">
            <h2 id="sheet-versions-title">{tr("templates.home_title")}</h2>
            <p>{line}</p>
            <p><a href="/templates" id="edit-template">{tr("templates.home_link")}</a></p>
        </section>
    }
}

/// This semester's observations per school and stage.
#[component]
fn BySchool() -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let sheets = device_sheets();
    let stages: Vec<Stage> = Stage::ALL
        .into_iter()
        .filter(|s| *s != Stage::Draft)
        .collect();
    let body = move || {
        let all = sheets.get()?;
        let semester = Semester::of(today());
        let mut schools: BTreeMap<String, BTreeMap<Stage, usize>> = BTreeMap::new();
        let followed = all.iter().filter(|o| {
            o.deleted_at.is_none()
                && o.author != me
                && o.status != Status::Draft
                && parse_date(&o.context.date).is_some_and(|d| semester.contains(d))
        });
        for o in followed {
            *schools
                .entry(o.context.school.clone())
                .or_default()
                .entry(o.stage())
                .or_default() += 1;
        }
        let mut names_in_order: Vec<String> = schools.keys().cloned().collect();
        names_in_order.sort_by(|a, b| names::compare(a, b));
        let head = stages
            .iter()
            .map(|s| view! { <th scope="col">{i18n.t(&format!("management.stage.{}", s.id()))}</th> })
            .collect_view();
        let rows = names_in_order
            .into_iter()
            .map(|school| {
                let counts = &schools[&school];
                let cells = stages
                    .iter()
                    .map(|s| view! { <td>{counts.get(s).copied().unwrap_or(0)}</td> })
                    .collect_view();
                let total: usize = counts.values().sum();
                view! {
                    <tr data-school=school.clone()>
                        <th scope="row">{school.clone()}</th>
                        {cells}
                        <td class="total">{total}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="by-school-title">
                <table class="progress-table counts" id="by-school-table">
                    <thead><tr><th scope="col">{tr("municipality.school")}</th>{head}<th scope="col">{tr("management.all")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })
    };
    view! {
        <section class="card" id="by-school" aria-labelledby="by-school-title">
            <h2 id="by-school-title">{tr("municipality.by_school")}</h2>
            {body}
        </section>
    }
}

/// The accounts of the municipality, by name in Latvian order, found by name, role or
/// school.
#[component]
pub fn AdminHome() -> impl IntoView {
    let i18n = use_i18n();
    let people = use_people();
    leptos::task::spawn_local(people.load());
    let typed = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let rows = move || {
        let typed = typed.get();
        let mut list: Vec<_> = people
            .list
            .get()
            .into_iter()
            .filter(|p| {
                let school = p
                    .school
                    .as_ref()
                    .map(|s| s.name.as_str())
                    .unwrap_or_default();
                names::matches(&p.name, &typed)
                    || names::matches(school, &typed)
                    || names::matches(&i18n.t(&format!("role.{}", p.role.id())), &typed)
            })
            .collect();
        list.sort_by(|a, b| names::compare(&a.name, &b.name));
        paged(i18n, list, shown, ("accounts", "obs-list"), move |p| {
            let school = p
                .school
                .as_ref()
                .map_or_else(|| i18n.t("home.municipality"), |s| s.name.clone());
            view! {
                <li class="obs-row" data-person=p.id.clone()>
                    <strong>{p.name.clone()}</strong>
                    <span class="muted">" · "{i18n.t(&format!("role.{}", p.role.id()))}" · "{school}</span>
                </li>
            }
            .into_any()
        })
    };
    view! {
        <section class="card" id="accounts-card" aria-labelledby="accounts-title">
            <h2 id="accounts-title">{tr("admin.people")}</h2>
            <p class="muted">{tr("admin.people_about")}</p>
            <label for="people-search">{tr("admin.search")}</label>
            <input type="search" id="people-search" autocomplete="off" prop:value=typed
                on:input=move |ev| typed.set(event_target_value(&ev))/>
            {rows}
        </section>
    }
}

//! The school management's screen: this semester's observations of the school by type
//! and stage, the atzinums addressed to it, and next steps coming due. Built only from
//! what the server let this account have: of the collegial types, that they happened.

use leptos::prelude::*;
use vero_domain::calendar::{date_long, parse_date, DueState, Semester};
use vero_domain::lists::ListFilter;
use vero_domain::school::{opinions, overview, steps_due};
use vero_domain::workflow::{Stage, WITHHELD};
use vero_domain::{Observation, ObservationKind};

use super::filter::{paged, FilterBar, ListFacts, PAGE};
use super::sheets::device_sheets;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n};
use crate::session::me;

/// A next step due within this many days is coming due.
const SOON_DAYS: u32 = 14;

/// `municipal`: the specialist's view of every school, not a school's own.
#[component]
pub fn ManagementHome(#[prop(optional)] municipal: bool) -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let sheets = device_sheets();
    let me_too = me.clone();
    let kept = ListFacts::of(sheets, move |all| opinions(&me_too, all));
    let filter = RwSignal::new(ListFilter::default());
    let shown = RwSignal::new(PAGE);
    let me_too = me.clone();
    // Filtered by the bar above it, which stays put while the list changes.
    let opinion_rows = move || {
        let lang = i18n.lang.get();
        sheets.with(|all| {
            let list = opinions(&me_too, all.as_deref()?);
            let picked: Vec<&Observation> =
                kept.pick(filter)?.into_iter().filter_map(|i| list.get(i).copied()).collect();
            Some(paged(i18n, picked, shown, ("opinion-list", "obs-list"), move |o| {
                let c = &o.context;
                let date = parse_date(&c.date).map_or_else(|| c.date.clone(), |d| date_long(d, lang));
                view! {
                    <li class="obs-row" data-record=o.id.clone()>
                        <a href=format!("/sheet/{}", o.id)><strong>{c.teacher.clone()}</strong></a>
                        <span class="muted">" · "{i18n.t(&format!("kind.{}", o.kind.id()))}" · "{c.observer.clone()}" · "{date}</span>
                        <p class="printed-text">{o.opinion.clone()}</p>
                    </li>
                }
                .into_any()
            }))
        })
    };
    let any = Memo::new(move |_| kept.facts.with(|f| f.as_ref().map(|f| !f.is_empty())));
    let opinions_list = move || {
        match any.get() {
        None => None,
        Some(false) => Some(view! { <p class="muted">{tr("management.opinions_none")}</p> }.into_any()),
        Some(true) => Some(view! { <FilterBar filter=filter choices=kept.choices id="opinions"/> {opinion_rows.clone()} }.into_any()),
    }
    };
    let body = move || {
        let all = sheets.get()?;
        let lang = i18n.lang.get();
        let semester = Semester::of(today());
        let counts = overview(&me, &all, semester);
        let stages: Vec<Stage> = Stage::ALL
            .into_iter()
            .filter(|s| *s != Stage::Draft)
            .collect();
        let head = stages
            .iter()
            .map(|s| view! { <th scope="col">{i18n.t(&format!("management.stage.{}", s.id()))}</th> })
            .collect_view();
        let rows = ObservationKind::ALL
            .into_iter()
            .map(|k| {
                let cells = stages
                    .iter()
                    .map(|s| view! { <td>{counts.count(k, *s)}</td> })
                    .collect_view();
                view! {
                    <tr data-kind=k.id()>
                        <th scope="row">{i18n.t(&format!("kind.{}", k.id()))}</th>
                        {cells}
                        <td class="total">{counts.of_kind(k)}</td>
                    </tr>
                }
            })
            .collect_view();
        let semester_name = i18n.format(
            "management.semester",
            &[
                ("n", &semester.number().to_string()),
                ("year", &semester.year.name()),
            ],
        );
        let due = steps_due(&me, &all, today(), SOON_DAYS);
        let due_rows = due
            .iter()
            .map(|s| {
                let (key, state) = match s.state {
                    DueState::Overdue => ("shared.due.overdue", "overdue"),
                    _ => ("shared.due.soon", "soon"),
                };
                // The words of a collegial observation's step stay between its two people.
                let text = if s.text == WITHHELD { i18n.t("management.step_private") } else { s.text.clone() };
                view! {
                    <li class="obs-row" data-record=s.record.clone() data-due=state>
                        <a href=format!("/sheet/{}", s.record)><strong>{s.teacher.clone()}</strong></a>
                        " · "{text}
                        <p class="due" data-due=state>{i18n.format(key, &[("date", &date_long(s.due, lang))])}</p>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="card" id="semester" aria-labelledby="semester-title">
                <h2 id="semester-title">{semester_name}</h2>
                <p class="muted">{i18n.count("management.total", counts.total, &[])}</p>
                <p class="muted">{move || i18n.t(if municipal { "municipality.what_you_see" } else { "management.what_you_see" })}</p>
                <p><a href="/analysis" id="open-analysis">{tr("analysis.link")}</a></p>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="semester-title">
                    <table class="progress-table counts">
                        <thead><tr><th scope="col">{tr("sheet.kind")}</th>{head}<th scope="col">{tr("management.all")}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
            <section class="card" id="steps-due" aria-labelledby="steps-due-title">
                <h2 id="steps-due-title">{tr("management.steps_due")}</h2>
                {if due.is_empty() {
                    view! { <p class="muted">{tr("management.steps_due_none")}</p> }.into_any()
                } else {
                    view! { <ul class="obs-list">{due_rows}</ul> }.into_any()
                }}
            </section>
        })
    };
    view! {
        {body}
        <section class="card" id="opinions" aria-labelledby="opinions-title">
            <h2 id="opinions-title">{move || i18n.t(if municipal { "municipality.opinions" } else { "management.opinions" })}</h2>
            {opinions_list}
        </section>
    }
}

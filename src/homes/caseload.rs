//! The teachers a mentor or learning consultant follows: for each, the latest lesson
//! observed and what is pending, names in Latvian order, found by typing a name with or
//! without its diacritics.

use leptos::prelude::*;
use vero_domain::calendar::date_long;
use vero_domain::names;
use vero_domain::school::caseload;

use super::sheets::device_sheets;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n};
use crate::session::me;

#[component]
pub fn Caseload() -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let sheets = device_sheets();
    let typed = RwSignal::new(String::new());
    let cases =
        Memo::new(move |_| sheets.with(|all| all.as_ref().map(|all| caseload(&me, all, today()))));
    let rows = move || {
        let list = cases.get()?;
        let lang = i18n.lang.get();
        let typed = typed.get();
        let shown: Vec<_> = list
            .into_iter()
            .filter(|c| names::matches(&c.teacher, &typed) || names::matches(&c.school, &typed))
            .collect();
        if shown.is_empty() {
            return Some(
                view! { <p class="muted" id="no-cases">{tr("caseload.none")}</p> }.into_any(),
            );
        }
        let items = shown
            .into_iter()
            .map(|c| {
                let last = c.last.as_ref().map(|(date, record)| {
                    view! {
                        <a href=format!("/sheet/{record}")>
                            {i18n.format("caseload.last", &[("date", &date_long(*date, lang))])}
                        </a>
                    }
                });
                let pending = i18n.format(
                    "caseload.pending",
                    &[
                        ("waiting", &c.waiting.to_string()),
                        ("steps", &c.open_steps.to_string()),
                        ("overdue", &c.overdue.to_string()),
                    ],
                );
                let (class, due) = if c.overdue > 0 {
                    ("due", "overdue")
                } else {
                    ("muted", "later")
                };
                view! {
                    <li class="obs-row case" data-teacher=c.teacher_id.clone()>
                        <strong>{c.teacher.clone()}</strong>
                        <span class="muted">" · "{c.school.clone()}" · "
                            {i18n.count("caseload.observations", c.observations, &[])}</span>
                        <p>{last}</p>
                        <p class=class data-due=due>{pending}</p>
                    </li>
                }
            })
            .collect_view();
        Some(view! { <ul class="obs-list" id="cases">{items}</ul> }.into_any())
    };
    view! {
        <section class="card" id="caseload" aria-labelledby="caseload-title">
            <h2 id="caseload-title">{tr("caseload.title")}</h2>
            <label for="case-search">{tr("caseload.search")}</label>
            <input type="search" id="case-search" prop:value=typed
                on:input=move |ev| typed.set(event_target_value(&ev))/>
            {rows}
        </section>
    }
}

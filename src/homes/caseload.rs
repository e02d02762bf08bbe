//! The teachers a mentor, learning consultant or ed-tech mentor follows: for each, the
//! latest lesson observed and what is pending, names in Latvian order, found by typing
//! a name with or without its diacritics, counted over the observations the filter
//! lets through. Each opens the teacher's page.

use leptos::prelude::*;
use vero_domain::calendar::date_long;
use vero_domain::lists::{self, ListFilter};
use vero_domain::school::{caseload, Case};
use vero_domain::summary::of_teacher;
use vero_domain::{names, Observation};

use super::filter::{paged, FilterBar, ListFacts, PAGE};
use super::sheets::device_sheets;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n, I18n};
use crate::session::me;
use crate::sheet::latest_template;

/// `lead`: a criterion shown first on each row (the ed-tech mentor's D3).
#[component]
pub fn Caseload(#[prop(optional)] lead: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let sheets = device_sheets();
    let filter = RwSignal::new(ListFilter::default());
    let shown = RwSignal::new(PAGE);
    let kept = ListFacts::of(sheets, |all| all.iter().collect());
    let rows = move || {
        let lang = i18n.lang.get();
        sheets.with(|all| {
            let all = all.as_ref()?;
            // The typed text finds a teacher or her school; the rest of the filter
            // chooses which of her observations count.
            let (picked, typed) = filter.with(|f| {
                let rest = ListFilter {
                    text: String::new(),
                    ..f.clone()
                };
                let picked: Option<Vec<&Observation>> = kept.facts.with(|facts| {
                    Some(
                        lists::filter(facts.as_deref()?, &rest)
                            .into_iter()
                            .filter_map(|i| all.get(i))
                            .collect(),
                    )
                });
                (picked, f.text.clone())
            });
            let picked = picked?;
            let cases: Vec<Case> = caseload(&me, picked.iter().copied(), today())
                .into_iter()
                .filter(|c| names::matches(&c.teacher, &typed) || names::matches(&c.school, &typed))
                .collect();
            let list = paged(i18n, cases, shown, ("cases", "obs-list"), |c| {
                case_row(c, lead, all, i18n, lang)
            });
            Some(list)
        })
    };
    view! {
        <section class="card" id="caseload" aria-labelledby="caseload-title">
            <h2 id="caseload-title">{tr("caseload.title")}</h2>
            <FilterBar filter=filter choices=kept.choices id="case"/>
            {rows}
        </section>
    }
}

fn case_row(
    c: &Case,
    lead: Option<&'static str>,
    all: &[Observation],
    i18n: I18n,
    lang: vero_domain::Lang,
) -> AnyView {
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
    let lead = lead.map(|criterion| {
        let figure = of_teacher(&c.teacher_id, all, latest_template(), &[criterion])
            .and_then(|s| s.criteria.into_iter().find(|x| x.criterion == criterion));
        let text = match figure {
            Some(f) => i18n.count(
                "caseload.lead",
                f.rated,
                &[
                    ("criterion", criterion),
                    ("mean", &format!("{:.1}", f.mean)),
                ],
            ),
            None => i18n.format("caseload.lead_none", &[("criterion", criterion)]),
        };
        view! { <p class="lead" data-criterion=criterion>{text}</p> }
    });
    view! {
        <li class="obs-row case" data-teacher=c.teacher_id.clone()>
            <a href=format!("/people/{}", c.teacher_id)><strong>{c.teacher.clone()}</strong></a>
            <span class="muted">" · "{c.school.clone()}" · "
                {i18n.count("caseload.observations", c.observations, &[])}</span>
            {lead}
            <p>{last}</p>
            <p class=class data-due=due>{pending}</p>
        </li>
    }
    .into_any()
}

//! `/analysis`: the twice-yearly analysis of support priorities for the municipal
//! specialist, and for a school's management over its own school. Counted on the device
//! from the sheets this account holds, so it keeps to the account's rights, works
//! offline, and every figure opens onto the sheets behind it.

mod charts;
mod export;
mod tables;

use leptos::prelude::*;
use vero_domain::analysis::{analyse, behind, Analysis, Group, Period};
use vero_domain::calendar::{Half, SchoolYear, Semester};
use vero_domain::{Observation, Role};

use crate::homes::sheets::device_sheets;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n, I18n};
use crate::session::use_auth;
use crate::template::latest_template;
use tables::{Behind, ChangeTable, Counts, Ratings, StepsFigure};

/// What a person picked to see the sheets behind.
#[derive(Clone, Debug, PartialEq)]
pub struct Pick {
    pub group: Group,
    pub criterion: Option<String>,
}

/// The periods a person can choose: both semesters and the whole of each school year
/// the sheets fall in, and the current one.
fn periods(all: &[Observation]) -> Vec<Period> {
    let mut years: Vec<SchoolYear> = all
        .iter()
        .map(|o| SchoolYear::of(vero_domain::analysis::lesson_date(o)))
        .chain(std::iter::once(SchoolYear::of(today())))
        .collect();
    years.sort();
    years.dedup();
    years
        .into_iter()
        .rev()
        .flat_map(|y| {
            [
                Period::Semester(y.semester(Half::Second)),
                Period::Semester(y.semester(Half::First)),
                Period::Year(y),
            ]
        })
        .collect()
}

pub fn period_name(p: Period, i18n: I18n) -> String {
    match p {
        Period::Year(y) => i18n.format("analysis.period.year", &[("year", &y.name())]),
        Period::Semester(s) => i18n.format(
            "analysis.period.semester",
            &[("year", &s.year.name()), ("n", &s.number().to_string())],
        ),
    }
}

/// A period as a form value and back.
fn period_value(p: Period) -> String {
    match p {
        Period::Year(y) => y.name(),
        Period::Semester(s) => format!("{}-{}", s.year.name(), s.number()),
    }
}

fn period_of(value: &str) -> Option<Period> {
    match value.split_once('-') {
        Some((year, n)) => {
            let half = match n {
                "1" => Half::First,
                "2" => Half::Second,
                _ => return None,
            };
            Some(Period::Semester(SchoolYear::parse(year)?.semester(half)))
        }
        None => Some(Period::Year(SchoolYear::parse(value)?)),
    }
}

pub fn group_name(g: &Group, i18n: I18n) -> String {
    match g {
        Group::All => i18n.t("analysis.group.all"),
        Group::School(name) if name.is_empty() => i18n.t("analysis.group.no_school"),
        Group::School(name) => name.clone(),
        Group::Kind(k) => i18n.t(&format!("kind.{}", k.id())),
        Group::Priority(p) => i18n.t(&format!("priority.{}", p.id())),
    }
}

#[component]
pub fn AnalysisPage() -> impl IntoView {
    let auth = use_auth();
    let role = auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.user.role));
    match role {
        Some(Role::Specialist | Role::Management) => view! { <AnalysisOf/> }.into_any(),
        _ => view! { <p class="card">{tr("analysis.not_for_you")}</p> }.into_any(),
    }
}

#[component]
fn AnalysisOf() -> impl IntoView {
    let i18n = use_i18n();
    let sheets = device_sheets();
    let period = RwSignal::new(Period::Semester(Semester::of(today())));
    let pick = RwSignal::new(None::<Pick>);
    let analysis = Memo::new(move |_| {
        sheets.with(|all| {
            all.as_ref()
                .map(|all| analyse(all, period.get(), latest_template(), today()))
        })
    });
    let choices = Memo::new(move |_| sheets.with(|all| periods(all.as_deref().unwrap_or(&[]))));
    let on_period = move |ev| {
        if let Some(p) = period_of(&event_target_value(&ev)) {
            period.set(p);
            pick.set(None);
        }
    };
    let behind_pick = Memo::new(move |_| {
        let chosen = pick.get()?;
        sheets.with(|all| {
            let all = all.as_ref()?;
            let found = behind(
                all,
                period.get(),
                &chosen.group,
                chosen.criterion.as_deref(),
            );
            Some(found.into_iter().cloned().collect::<Vec<Observation>>())
        })
    });
    let body = move || {
        analysis.with(|a| {
            a.as_ref().map(|a: &Analysis| {
                if a.observations == 0 {
                    return view! { <p class="card muted" id="analysis-empty">{tr("analysis.empty")}</p> }.into_any();
                }
                let a = a.clone();
                view! {
                    <Counts a=a.clone() pick/>
                    <Ratings a=a.clone() pick/>
                    <ChangeTable a=a.clone() period=period.get_untracked()/>
                    <StepsFigure a=a.clone()/>
                }
                .into_any()
            })
        })
    };
    view! {
        <section class="card" aria-labelledby="analysis-title">
            <h1 id="analysis-title">{tr("analysis.title")}</h1>
            <p>{tr("analysis.intro")}</p>
            <label for="analysis-period">{tr("analysis.period")}</label>
            <select id="analysis-period" on:change=on_period>
                {move || {
                    let now = period.get();
                    choices.get().into_iter().map(|p| view! {
                        <option value=period_value(p) selected=p == now>{period_name(p, i18n)}</option>
                    }).collect_view()
                }}
            </select>
            <export::PeriodExports sheets period analysis/>
        </section>
        {body}
        <Behind pick found=behind_pick/>
    }
}

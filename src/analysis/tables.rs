//! The analysis' figures: each a chart and the table of its numbers, the table's
//! buttons opening the sheets behind a number.

use leptos::prelude::*;
use vero_domain::analysis::{decimal, Analysis, Group, Period};
use vero_domain::Observation;

use super::charts::{BarChart, SpreadChart, LEVEL_COLOURS, NV_COLOUR};
use super::export::{save_table, BehindExport};
use super::{group_name, period_name, Pick};
use crate::i18n::{tr, use_i18n, I18n};
use crate::template::latest_template;

fn criterion_name(id: &str, i18n: I18n) -> String {
    latest_template()
        .criterion(id)
        .map(|c| format!("{id} {}", c.text.get(i18n.lang.get_untracked())))
        .unwrap_or_else(|| id.to_owned())
}

/// One count list: a chart, and a table whose numbers open the sheets behind them.
#[component]
fn CountFigure(
    id: &'static str,
    title: String,
    rows: Vec<(String, usize)>,
    /// The group behind each row, if it can be opened.
    groups: Vec<Option<Group>>,
    pick: RwSignal<Option<Pick>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = groups.clone();
    let on_pick = Callback::new(move |i: usize| {
        if let Some(Some(group)) = open.get(i) {
            pick.set(Some(Pick {
                group: group.clone(),
                criterion: None,
            }));
        }
    });
    let lines = rows
        .iter()
        .zip(groups)
        .map(|((label, n), group)| {
            let cell = match group {
                Some(group) => {
                    let aria = i18n.format("analysis.open_behind", &[("n", &n.to_string()), ("what", label)]);
                    view! {
                        <button type="button" class="link" aria-label=aria
                            on:click=move |_| pick.set(Some(Pick { group: group.clone(), criterion: None }))>{*n}</button>
                    }
                    .into_any()
                }
                None => view! { <span>{*n}</span> }.into_any(),
            };
            view! { <tr><th scope="row">{label.clone()}</th><td>{cell}</td></tr> }
        })
        .collect_view();
    let caption = title.clone();
    view! {
        <div class="figure" id=id>
            <h3>{title.clone()}</h3>
            <BarChart title rows on_pick/>
            <table class="progress-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr><th scope="col">{tr("analysis.col.group")}</th><th scope="col">{tr("analysis.col.count")}</th></tr></thead>
                <tbody>{lines}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn Counts(a: Analysis, pick: RwSignal<Option<Pick>>) -> impl IntoView {
    let i18n = use_i18n();
    let kinds: Vec<(String, usize)> = a
        .by_kind
        .iter()
        .map(|(k, n)| (i18n.t(&format!("kind.{}", k.id())), *n))
        .collect();
    let kind_groups = a
        .by_kind
        .iter()
        .map(|(k, _)| Some(Group::Kind(*k)))
        .collect();
    let schools: Vec<(String, usize)> = a
        .by_school
        .iter()
        .map(|(s, n)| (group_name(&Group::School(s.clone()), i18n), *n))
        .collect();
    let school_groups = a
        .by_school
        .iter()
        .map(|(s, _)| Some(Group::School(s.clone())))
        .collect();
    let stages: Vec<(String, usize)> = a
        .by_stage
        .iter()
        .map(|(s, n)| (i18n.t(&format!("management.stage.{}", s.id())), *n))
        .collect();
    let stage_groups = a.by_stage.iter().map(|_| None).collect();
    let total = a.observations.to_string();
    let export = a.clone();
    view! {
        <section class="card" id="analysis-counts" aria-labelledby="counts-title">
            <h2 id="counts-title">{move || i18n.format("analysis.counts", &[("n", &total)])}</h2>
            <div class="figures">
                <CountFigure id="by-kind" title=i18n.t("analysis.by_kind") rows=kinds groups=kind_groups pick/>
                <CountFigure id="by-school" title=i18n.t("analysis.by_school") rows=schools groups=school_groups pick/>
                <CountFigure id="by-stage" title=i18n.t("analysis.by_stage") rows=stages groups=stage_groups pick/>
            </div>
            <button type="button" id="csv-counts" on:click=move |_| save_table("skaits", &super::export::counts_table(&export, i18n))>
                {tr("analysis.csv_counts")}
            </button>
        </section>
    }
}

#[component]
pub fn Ratings(a: Analysis, pick: RwSignal<Option<Pick>>) -> impl IntoView {
    let i18n = use_i18n();
    let groups = a.groups();
    let chosen = RwSignal::new(0usize);
    let options = groups
        .iter()
        .enumerate()
        .map(|(i, g)| view! { <option value=i.to_string()>{group_name(g, i18n)}</option> })
        .collect_view();
    let levels = latest_template().scale.len();
    let figure = {
        let (a, groups) = (a.clone(), groups.clone());
        move || {
            let group = groups.get(chosen.get()).cloned().unwrap_or(Group::All);
            let rows: Vec<(String, vero_domain::analysis::Spread)> = a
                .of_group(&group)
                .map(|f| (f.criterion.clone(), f.spread.clone()))
                .collect();
            let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
            let chart_group = group.clone();
            let on_pick = Callback::new(move |i: usize| {
                pick.set(Some(Pick {
                    group: chart_group.clone(),
                    criterion: ids.get(i).cloned(),
                }))
            });
            let title = i18n.format(
                "analysis.spread_of",
                &[("group", &group_name(&group, i18n))],
            );
            let lines = rows
                .iter()
                .map(|(c, s)| {
                    let (g, c2) = (group.clone(), c.clone());
                    let aria = i18n.format(
                        "analysis.open_behind",
                        &[("n", &s.total().to_string()), ("what", &criterion_name(c, i18n))],
                    );
                    view! {
                        <tr>
                            <th scope="row" title=criterion_name(c, i18n)>{c.clone()}</th>
                            {s.levels.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                            <td>{s.not_observed}</td>
                            <td>{s.mean().map(decimal).unwrap_or_else(|| "–".into())}</td>
                            <td><button type="button" class="link" aria-label=aria
                                on:click=move |_| pick.set(Some(Pick { group: g.clone(), criterion: Some(c2.clone()) }))>{s.total()}</button></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <SpreadChart title=title.clone() rows=rows.clone() on_pick/>
                <div class="table-scroll" tabindex="0" role="region" aria-label=title>
                    <table id="ratings-table" class="progress-table">
                        <thead><tr>
                            <th scope="col">{tr("analysis.col.criterion")}</th>
                            {(1..=levels).map(|l| view! { <th scope="col">{l}</th> }).collect_view()}
                            <th scope="col">"N/V"</th>
                            <th scope="col">{tr("analysis.col.mean")}</th>
                            <th scope="col">{tr("analysis.col.count")}</th>
                        </tr></thead>
                        <tbody>{lines}</tbody>
                    </table>
                </div>
            }
        }
    };
    let legend = LEVEL_COLOURS
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let label = latest_template().level(i as u8 + 1).map(|l| l.label.get(i18n.lang.get()).to_owned()).unwrap_or_default();
            view! { <li><span class="swatch" style=format!("background:{c}")></span>{format!("{} {}", i + 1, label)}</li> }
        })
        .collect_view();
    let export = a.clone();
    view! {
        <section class="card" id="analysis-ratings" aria-labelledby="ratings-title">
            <h2 id="ratings-title">{tr("analysis.ratings")}</h2>
            <label for="ratings-group">{tr("analysis.group")}</label>
            <select id="ratings-group" on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>{options}</select>
            <ul class="legend">{legend}<li><span class="swatch" style=format!("background:{NV_COLOUR}")></span>{move || format!("N/V {}", latest_template().not_observed.get(i18n.lang.get()))}</li></ul>
            {figure}
            <button type="button" id="csv-ratings" on:click=move |_| save_table("vertejumi", &super::export::ratings_table(&export, i18n))>
                {tr("analysis.csv_ratings")}
            </button>
        </section>
    }
}

#[component]
pub fn ChangeTable(a: Analysis, period: Period) -> impl IntoView {
    let i18n = use_i18n();
    let before = period_name(period.previous(), i18n);
    let rows = a
        .change
        .iter()
        .map(|c| {
            let mean = |s: &vero_domain::analysis::Spread| s.mean().map(decimal).unwrap_or_else(|| "–".into());
            let diff = c.difference().map(|d| format!("{}{}", if d > 0.0 { "+" } else { "" }, decimal(d))).unwrap_or_else(|| "–".into());
            view! {
                <tr>
                    <th scope="row" title=criterion_name(&c.criterion, i18n)>{c.criterion.clone()}</th>
                    <td>{mean(&c.before)}" ("{c.before.rated()}")"</td>
                    <td>{mean(&c.now)}" ("{c.now.rated()}")"</td>
                    <td>{diff}</td>
                </tr>
            }
        })
        .collect_view();
    let export = a.clone();
    view! {
        <section class="card" id="analysis-change" aria-labelledby="change-title">
            <h2 id="change-title">{tr("analysis.change")}</h2>
            <p class="muted">{i18n.format("analysis.change_intro", &[("before", &before)])}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="change-title">
                <table id="change-table" class="progress-table">
                    <thead><tr>
                        <th scope="col">{tr("analysis.col.criterion")}</th>
                        <th scope="col">{before.clone()}</th>
                        <th scope="col">{tr("analysis.col.now")}</th>
                        <th scope="col">{tr("analysis.col.difference")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <button type="button" id="csv-change" on:click=move |_| save_table("izmainas", &super::export::change_table(&export, period, i18n))>
                {tr("analysis.csv_change")}
            </button>
        </section>
    }
}

#[component]
pub fn StepsFigure(a: Analysis) -> impl IntoView {
    let i18n = use_i18n();
    let s = a.steps;
    let rows: Vec<(String, usize)> = [
        ("analysis.steps.agreed", s.agreed),
        ("analysis.steps.done", s.done),
        ("analysis.steps.overdue", s.overdue),
        ("analysis.steps.open", s.open),
    ]
    .into_iter()
    .map(|(k, n)| (i18n.t(k), n))
    .collect();
    let table = super::export::steps_table(&a, i18n);
    let lines = rows
        .iter()
        .map(|(l, n)| view! { <tr><th scope="row">{l.clone()}</th><td>{*n}</td></tr> })
        .collect_view();
    view! {
        <section class="card" id="analysis-steps" aria-labelledby="steps-title">
            <h2 id="steps-title">{tr("analysis.steps")}</h2>
            <BarChart title=i18n.t("analysis.steps") rows on_pick=Callback::new(|_| {})/>
            <table id="steps-table" class="progress-table"><tbody>{lines}</tbody></table>
            <button type="button" id="csv-steps" on:click=move |_| save_table("soli", &table)>{tr("analysis.csv_steps")}</button>
        </section>
    }
}

/// The sheets behind the figure picked, each opening its sheet.
#[component]
pub fn Behind(
    pick: RwSignal<Option<Pick>>,
    found: Memo<Option<Vec<Observation>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let chosen = pick.get()?;
        let list = found.get()?;
        let what = match &chosen.criterion {
            Some(c) => format!(
                "{} · {}",
                group_name(&chosen.group, i18n),
                criterion_name(c, i18n)
            ),
            None => group_name(&chosen.group, i18n),
        };
        let heading = i18n.format(
            "analysis.behind",
            &[("what", &what), ("n", &list.len().to_string())],
        );
        let items = list
            .iter()
            .map(|o| {
                let href = format!("/sheet/{}", o.id);
                let teacher = if o.context.teacher.is_empty() {
                    i18n.t("analysis.name_withheld")
                } else {
                    o.context.teacher.clone()
                };
                let line = format!(
                    "{} · {} · {} · {}",
                    vero_domain::analysis::lesson_date(o),
                    teacher,
                    o.context.school,
                    i18n.t(&format!("kind.{}", o.kind.id()))
                );
                view! { <li><a href=href>{line}</a></li> }
            })
            .collect_view();
        Some(view! {
            <section class="card" id="analysis-behind" aria-labelledby="behind-title" tabindex="-1">
                <h2 id="behind-title">{heading}</h2>
                <ul class="behind-list">{items}</ul>
                <BehindExport list/>
                <button type="button" on:click=move |_| pick.set(None)>{tr("analysis.close_behind")}</button>
            </section>
        })
    }
}

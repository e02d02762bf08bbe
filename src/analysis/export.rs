//! The analysis as CSV files: every figure, and the records behind them, with names
//! only as this account holds them (what it may not read never reached the device).

use leptos::prelude::*;
use vero_domain::analysis::{self, decimal, records_table, to_csv, Analysis, Group, Period, Table};
use vero_domain::Observation;

use super::{group_name, period_name};
use crate::i18n::{tr, use_i18n, I18n};
use crate::platform::save_file;
use crate::template::latest_template;

/// Saves `table` as `analize-<what>.csv`.
pub fn save_table(what: &str, table: &Table) {
    save_file(
        &format!("analize-{what}.csv"),
        "text/csv;charset=utf-8",
        &to_csv(table),
    );
}

fn heads(keys: &[&str], i18n: I18n) -> Vec<String> {
    keys.iter().map(|k| i18n.t(k)).collect()
}

pub fn counts_table(a: &Analysis, i18n: I18n) -> Table {
    let mut rows = Vec::new();
    let by = |key: &str| i18n.t(key);
    for (k, n) in &a.by_kind {
        rows.push(vec![
            by("analysis.by_kind"),
            i18n.t(&format!("kind.{}", k.id())),
            n.to_string(),
        ]);
    }
    for (s, n) in &a.by_school {
        rows.push(vec![
            by("analysis.by_school"),
            group_name(&Group::School(s.clone()), i18n),
            n.to_string(),
        ]);
    }
    for (s, n) in &a.by_stage {
        rows.push(vec![
            by("analysis.by_stage"),
            i18n.t(&format!("management.stage.{}", s.id())),
            n.to_string(),
        ]);
    }
    Table {
        head: heads(
            &[
                "analysis.col.figure",
                "analysis.col.group",
                "analysis.col.count",
            ],
            i18n,
        ),
        rows,
    }
}

pub fn ratings_table(a: &Analysis, i18n: I18n) -> Table {
    let levels = latest_template().scale.len();
    let mut head = heads(&["analysis.col.group", "analysis.col.criterion"], i18n);
    head.extend((1..=levels).map(|l| l.to_string()));
    head.extend([
        "N/V".to_owned(),
        i18n.t("analysis.col.mean"),
        i18n.t("analysis.col.count"),
    ]);
    let rows = a
        .figures
        .iter()
        .map(|f| {
            let mut row = vec![group_name(&f.group, i18n), f.criterion.clone()];
            row.extend(f.spread.levels.iter().map(|n| n.to_string()));
            row.push(f.spread.not_observed.to_string());
            row.push(f.spread.mean().map(decimal).unwrap_or_default());
            row.push(f.spread.total().to_string());
            row
        })
        .collect();
    Table { head, rows }
}

pub fn change_table(a: &Analysis, period: Period, i18n: I18n) -> Table {
    let head = vec![
        i18n.t("analysis.col.criterion"),
        period_name(period.previous(), i18n),
        i18n.t("analysis.col.rated"),
        period_name(period, i18n),
        i18n.t("analysis.col.rated"),
        i18n.t("analysis.col.difference"),
    ];
    let mean = |s: &analysis::Spread| s.mean().map(decimal).unwrap_or_default();
    let rows = a
        .change
        .iter()
        .map(|c| {
            vec![
                c.criterion.clone(),
                mean(&c.before),
                c.before.rated().to_string(),
                mean(&c.now),
                c.now.rated().to_string(),
                c.difference().map(decimal).unwrap_or_default(),
            ]
        })
        .collect();
    Table { head, rows }
}

pub fn steps_table(a: &Analysis, i18n: I18n) -> Table {
    let s = a.steps;
    let rows = [
        ("analysis.steps.agreed", s.agreed),
        ("analysis.steps.done", s.done),
        ("analysis.steps.overdue", s.overdue),
        ("analysis.steps.open", s.open),
    ]
    .into_iter()
    .map(|(k, n)| vec![i18n.t(k), n.to_string()])
    .collect();
    Table {
        head: heads(&["analysis.col.figure", "analysis.col.count"], i18n),
        rows,
    }
}

fn records_of(list: &[&Observation], i18n: I18n) -> Table {
    records_table(list, latest_template(), &|k| i18n.t(k))
}

/// The records of the whole period, for a spreadsheet.
#[component]
pub fn PeriodExports(
    sheets: RwSignal<Option<Vec<Observation>>>,
    period: RwSignal<Period>,
    analysis: Memo<Option<Analysis>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = move |_| {
        sheets.with_untracked(|all| {
            let Some(all) = all else { return };
            let found = analysis::behind(all, period.get_untracked(), &Group::All, None);
            save_table("ieraksti", &records_of(&found, i18n));
        })
    };
    view! {
        <p>
            <button type="button" id="csv-records" disabled=move || analysis.with(|a| a.as_ref().is_none_or(|a| a.observations == 0))
                on:click=save>{tr("analysis.csv_records")}</button>
        </p>
    }
}

/// The records behind one figure.
#[component]
pub fn BehindExport(list: Vec<Observation>) -> impl IntoView {
    let i18n = use_i18n();
    let save = move |_| {
        let refs: Vec<&Observation> = list.iter().collect();
        save_table("izvele", &records_of(&refs, i18n));
    };
    view! { <button type="button" id="csv-behind" on:click=save>{tr("analysis.csv_behind")}</button> }
}

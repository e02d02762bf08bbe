//! The analysis as files a spreadsheet opens: each figure's table, and the records
//! behind them. Written as Excel in Latvia reads CSV: UTF-8 with a byte order mark,
//! `;` between cells, a decimal comma.

use crate::workflow::Stage;
use crate::{Observation, Rating, Template};

/// A figure as rows of cells, with its header row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn cell(text: &str) -> String {
    // A leading = + - @ would make a spreadsheet run the cell as a formula.
    let text = match text.chars().next() {
        Some('=' | '+' | '-' | '@') if text.replace(',', ".").parse::<f64>().is_err() => {
            format!("'{text}")
        }
        _ => text.to_owned(),
    };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

pub fn to_csv(table: &Table) -> String {
    let mut out = String::from("\u{feff}");
    for row in std::iter::once(&table.head).chain(&table.rows) {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out
}

/// A number with a decimal comma, to two places.
pub fn decimal(value: f64) -> String {
    format!("{value:.2}").replace('.', ",")
}

/// One row per observation with its ratings, as the viewer holds it: a name the viewer
/// may not read is not on the device, so it is not in the file either. `label` gives a
/// column's or a value's words (catalogue keys such as `kind.peer`).
pub fn records_table(
    observations: &[&Observation],
    template: &Template,
    label: &dyn Fn(&str) -> String,
) -> Table {
    let criteria: Vec<&str> = template.criteria().map(|c| c.id.as_str()).collect();
    let mut head: Vec<String> = [
        "analysis.col.id",
        "field.date",
        "field.school",
        "field.teacher",
        "field.observer",
        "analysis.col.kind",
        "analysis.col.stage",
        "field.priorities",
        "analysis.col.version",
    ]
    .iter()
    .map(|k| label(k))
    .collect();
    head.extend(criteria.iter().map(|c| (*c).to_owned()));
    let rows = observations
        .iter()
        .map(|o| {
            let stage: Stage = o.stage();
            let priorities: Vec<String> = o
                .context
                .priorities
                .iter()
                .map(|p| label(&format!("priority.{}", p.id())))
                .collect();
            let mut row = vec![
                o.id.clone(),
                super::lesson_date(o).to_string(),
                o.context.school.clone(),
                o.context.teacher.clone(),
                o.context.observer.clone(),
                label(&format!("kind.{}", o.kind.id())),
                label(&format!("management.stage.{}", stage.id())),
                priorities.join(", "),
                o.template.version.to_string(),
            ];
            row.extend(criteria.iter().map(|c| match o.ratings.get(*c) {
                Some(Rating::Level(n)) => n.to_string(),
                Some(Rating::NotObserved) => "N/V".to_owned(),
                None => String::new(),
            }));
            row
        })
        .collect();
    Table { head, rows }
}

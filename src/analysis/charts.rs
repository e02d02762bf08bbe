//! The analysis' charts, drawn by the app as SVG. Each is an image with a title; the
//! table beside it holds the same numbers for screen readers and the keyboard, and
//! clicking a bar opens the sheets behind it as its table's button does.

use leptos::prelude::*;
use vero_domain::analysis::Spread;

/// Colours of the scale's levels, low to high, then N/V.
pub const LEVEL_COLOURS: [&str; 4] = ["#c8553d", "#f0a860", "#7fb3d5", "#1f5f99"];
pub const NV_COLOUR: &str = "#b8b8b8";

const WIDTH: f64 = 600.0;
const LABEL: f64 = 190.0;
const ROW: f64 = 26.0;

fn short(label: &str) -> String {
    if label.chars().count() > 26 {
        let cut: String = label.chars().take(25).collect();
        format!("{cut}…")
    } else {
        label.to_owned()
    }
}

/// Horizontal bars, one per row: its label and count.
#[component]
pub fn BarChart(
    title: String,
    rows: Vec<(String, usize)>,
    /// Called with the row's index when its bar is clicked.
    on_pick: Callback<usize>,
) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1) as f64;
    let height = ROW * rows.len() as f64 + 4.0;
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, n))| {
            let y = ROW * i as f64 + 2.0;
            let w = (WIDTH - LABEL - 40.0) * n as f64 / max;
            view! {
                <g class="bar" on:click=move |_| on_pick.run(i)>
                    <text x=LABEL - 6.0 y=y + 16.0 text-anchor="end">{short(&label)}</text>
                    <rect x=LABEL y=y + 3.0 width=w.max(1.0) height=ROW - 8.0 fill="#1f5f99"></rect>
                    <text x=LABEL + w + 4.0 y=y + 16.0>{n}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" role="img" viewBox=format!("0 0 {WIDTH} {height}") preserveAspectRatio="xMinYMin meet">
            <title>{title}</title>
            {bars}
        </svg>
    }
}

/// Stacked bars: for each criterion, the share of its ratings at each level and N/V.
#[component]
pub fn SpreadChart(
    title: String,
    rows: Vec<(String, Spread)>,
    /// Called with the row's index when its bar is clicked.
    on_pick: Callback<usize>,
) -> impl IntoView {
    let height = ROW * rows.len() as f64 + 4.0;
    let span = WIDTH - LABEL - 10.0;
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, spread))| {
            let y = ROW * i as f64 + 2.0;
            let total = spread.total().max(1) as f64;
            let mut x = LABEL;
            let mut parts = Vec::new();
            let counts = spread
                .levels
                .iter()
                .enumerate()
                .map(|(l, n)| (LEVEL_COLOURS.get(l).copied().unwrap_or(NV_COLOUR), *n))
                .chain(std::iter::once((NV_COLOUR, spread.not_observed)));
            for (colour, n) in counts {
                if n == 0 {
                    continue;
                }
                let w = span * n as f64 / total;
                parts.push(
                    view! { <rect x=x y=y + 3.0 width=w height=ROW - 8.0 fill=colour></rect> },
                );
                x += w;
            }
            view! {
                <g class="bar" on:click=move |_| on_pick.run(i)>
                    <text x=LABEL - 6.0 y=y + 16.0 text-anchor="end">{short(&label)}</text>
                    {parts}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" role="img" viewBox=format!("0 0 {WIDTH} {height}") preserveAspectRatio="xMinYMin meet">
            <title>{title}</title>
            {bars}
        </svg>
    }
}

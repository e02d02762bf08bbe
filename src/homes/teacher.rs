//! "Mana atgriezeniskā saite": the teacher's own screen, phone first. What was written
//! about her lessons (new first), her next steps by date, and her progress per
//! criterion drawn from the observations she may see.

use leptos::prelude::*;
use vero_domain::calendar::{date_long, parse_date, DueState};
use vero_domain::feedback::{about, is_new, open_steps, progress, CriterionProgress, MyStep};
use vero_domain::Observation;

use super::filter::FilteredList;
use super::pairs::MyPair;
use super::sheets::device_sheets;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n, I18n};
use crate::session::me;
use crate::sheet::latest_template;

/// A next step due within this many days is coming due.
pub(super) const SOON_DAYS: u32 = 7;

#[component]
pub fn TeacherHome() -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let sheets = device_sheets();
    let mine = Memo::new(move |_| {
        sheets.with(|all| {
            all.as_ref().map(|all| {
                about(&me, all)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<Observation>>()
            })
        })
    });
    let all = FilteredList::new(mine);
    // Redrawn on each change of the filter, the filter bar above it staying put.
    let all_rows = move || {
        all.rows(i18n, ("shared-list", "drafts"), |o, lang| {
            feedback_row(o, i18n, lang).into_any()
        })
    };
    let body = move || {
        let list = mine.get()?;
        let lang = i18n.lang.get();
        let refs: Vec<&Observation> = list.iter().collect();
        let new: Vec<&Observation> = refs.iter().copied().filter(|o| is_new(o)).collect();
        let steps = open_steps(&refs, today(), SOON_DAYS);
        let growth = progress(&refs, latest_template());
        let row = |o: &Observation| feedback_row(o, i18n, lang);
        Some(view! {
            <section class="card" id="new-feedback" aria-labelledby="new-feedback-title">
                <h2 id="new-feedback-title">{tr("teacher.new")}" "
                    <span class="badge" id="new-count">{new.len()}</span></h2>
                {if new.is_empty() {
                    view! { <p class="muted">{tr("teacher.new_none")}</p> }.into_any()
                } else {
                    view! { <ul class="drafts">{new.iter().map(|o| row(o)).collect_view()}</ul> }.into_any()
                }}
            </section>
            <section class="card" id="my-steps" aria-labelledby="my-steps-title">
                <h2 id="my-steps-title">{tr("teacher.steps")}</h2>
                {steps_list(&steps, i18n, lang)}
            </section>
            <section class="card" id="my-progress" aria-labelledby="my-progress-title">
                <h2 id="my-progress-title">{tr("teacher.progress")}</h2>
                <p class="muted">{tr("teacher.progress_about")}</p>
                {progress_table(&growth, i18n)}
            </section>
            <section class="card" id="all-feedback" aria-labelledby="all-feedback-title">
                <h2 id="all-feedback-title">{tr("teacher.all")}</h2>
                {if refs.is_empty() {
                    view! { <p class="muted" id="no-shared">{tr("shared.empty")}</p> }.into_any()
                } else {
                    view! {
                        {all.bar("feedback")}
                        {all_rows}
                    }.into_any()
                }}
            </section>
        })
    };
    view! { {body} <MyPair/> }
}

fn feedback_row(o: &Observation, i18n: I18n, lang: vero_domain::Lang) -> impl IntoView {
    let c = &o.context;
    let date = parse_date(&c.date).map_or_else(|| c.date.clone(), |d| date_long(d, lang));
    let kind = i18n.t(&format!("kind.{}", o.kind.id()));
    let by = i18n.format("shared.by", &[("observer", &c.observer), ("date", &date)]);
    let stage = o.stage();
    view! {
        <li class="draft shared" data-id=o.id.clone() data-stage=stage.id()>
            <a href=format!("/sheet/{}", o.id) class="draft-open">
                <strong>{o.title()}</strong>
                <span class="muted">{kind}" · "{by}</span>
                <span class="stage-line">{i18n.t(&format!("stage.{}", stage.id()))}</span>
            </a>
        </li>
    }
}

/// Her open steps by date, or that there are none.
pub(super) fn steps_list(steps: &[MyStep], i18n: I18n, lang: vero_domain::Lang) -> AnyView {
    if steps.is_empty() {
        return view! { <p class="muted">{i18n.t("teacher.steps_none")}</p> }.into_any();
    }
    let rows = steps.iter().map(|s| step_row(s, i18n, lang)).collect_view();
    view! { <ul class="step-list">{rows}</ul> }.into_any()
}

fn step_row(s: &MyStep, i18n: I18n, lang: vero_domain::Lang) -> impl IntoView {
    let date = s.due.map(|d| date_long(d, lang)).unwrap_or_default();
    let (key, state) = match s.due_state {
        Some(DueState::Overdue) => ("shared.due.overdue", "overdue"),
        Some(DueState::Soon) => ("shared.due.soon", "soon"),
        _ => ("shared.due", "later"),
    };
    let agreed = if s.agreed {
        i18n.t("steps.agreed")
    } else {
        i18n.t("teacher.step_not_agreed")
    };
    view! {
        <li class="step" data-due=state>
            <a href=format!("/sheet/{}", s.record)>{s.text.clone()}</a>
            <p class="muted"><span class="due" data-due=state>{i18n.format(key, &[("date", &date)])}</span>
                " · "{agreed}</p>
        </li>
    }
}

/// A row per criterion: its figures and a small line of its levels over time, with the
/// same in words for a screen reader.
pub(super) fn progress_table(growth: &[CriterionProgress], i18n: I18n) -> AnyView {
    if growth.is_empty() {
        return view! { <p class="muted">{tr("teacher.progress_none")}</p> }.into_any();
    }
    let template = latest_template();
    let lang = i18n.lang.get_untracked();
    let max = template.max_level().max(1);
    let rows = growth
        .iter()
        .map(|p| {
            let text = template
                .criterion(&p.criterion)
                .map(|c| c.text.get(lang).to_owned())
                .unwrap_or_default();
            let levels: Vec<String> = p.points.iter().map(|(_, l)| l.to_string()).collect();
            let n = p.points.len();
            let words = i18n.count(
                "teacher.progress_alt",
                n,
                &[("criterion", &p.criterion), ("levels", &levels.join(", "))],
            );
            let mean = p.mean().map(|m| format!("{m:.1}")).unwrap_or_default();
            let change = match p.change() {
                Some(c) if c > 0 => format!("+{c}"),
                Some(c) => c.to_string(),
                None => "–".into(),
            };
            view! {
                <tr data-criterion=p.criterion.clone()>
                    <th scope="row"><span class="criterion-id">{p.criterion.clone()}</span>" "{text}</th>
                    <td>{sparkline(&p.points, max, words)}</td>
                    <td>{mean}</td>
                    <td>{change}</td>
                    <td>{n}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=i18n.t("teacher.progress_table")>
            <table class="progress-table">
                <thead><tr>
                    <th scope="col">{tr("print.criterion")}</th>
                    <th scope="col">{tr("teacher.over_time")}</th>
                    <th scope="col">{tr("teacher.mean")}</th>
                    <th scope="col">{tr("teacher.change")}</th>
                    <th scope="col">{tr("teacher.observations")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Levels 1..=max as a line, oldest on the left: drawn by the app, no chart library.
fn sparkline(
    points: &[(vero_domain::calendar::NaiveDate, u8)],
    max: u8,
    words: String,
) -> impl IntoView {
    const W: f32 = 72.0;
    const H: f32 = 28.0;
    let n = points.len();
    let x = |i: usize| {
        if n == 1 {
            W / 2.0
        } else {
            4.0 + i as f32 * (W - 8.0) / (n - 1) as f32
        }
    };
    let y = |level: u8| H - 4.0 - (f32::from(level) - 1.0) * (H - 8.0) / f32::from(max.max(2) - 1);
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, l))| format!("{:.1},{:.1}", x(i), y(*l)))
        .collect();
    let dots = points
        .iter()
        .enumerate()
        .map(|(i, (_, l))| view! { <circle cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(*l)) r="2.5"/> })
        .collect_view();
    view! {
        <svg class="sparkline" viewBox=format!("0 0 {W} {H}") width="72" height="28" role="img" aria-label=words>
            <polyline points=line.join(" ") fill="none"/>
            {dots}
        </svg>
    }
}

/// The app bar's link to her feedback, with how much of it is new.
#[component]
pub fn NewFeedbackLink() -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let sheets = device_sheets();
    let new = Memo::new(move |_| {
        sheets.with(|all| {
            all.as_ref().map_or(0, |all| {
                about(&me, all).into_iter().filter(|o| is_new(o)).count()
            })
        })
    });
    view! {
        <a href="/teacher" class="nav-link" id="nav-feedback"
            aria-label=move || i18n.count("teacher.new_link", new.get(), &[])>
            {tr("home.teacher.title")}
            <Show when=move || { new.get() > 0 }>
                " "<span class="badge" id="nav-new-count">{move || new.get()}</span>
            </Show>
        </a>
    }
}

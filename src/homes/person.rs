//! One teacher as a mentor, consultant or ed-tech mentor follows her (`/people/:id`):
//! per criterion how her lessons were rated, with the evidence behind each figure
//! linked to its sheet; her progress over time; her next steps; what waits for her to
//! read; and the observations themselves — for a mentoring pair, both directions.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use vero_domain::calendar::{date_long, parse_date};
use vero_domain::feedback::{about, open_steps, progress};
use vero_domain::summary::{between, of_teacher, CriterionSummary, Standing, TeacherSummary};
use vero_domain::workflow::Stage;
use vero_domain::{Observation, Role};

use super::filter::FilteredList;
use super::pairs::PairCard;
use super::sheets::device_sheets;
use super::teacher::{progress_table, steps_list, SOON_DAYS};
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n, I18n};
use crate::nav::Redirect;
use crate::session::{me, use_auth};
use crate::sheet::latest_template;
use crate::sync::use_mentoring;

/// The ed-tech mentor looks at the digital-tools criterion first.
const EDTECH_FIRST: &[&str] = &["D3"];

#[component]
pub fn PersonRoute() -> impl IntoView {
    let auth = use_auth();
    let params = use_params_map();
    move || match auth.session.get() {
        None => view! { <Redirect path="/sign-in".to_owned()/> }.into_any(),
        Some(s) => {
            let id = params.with(|p| p.get("id").unwrap_or_default());
            view! { <PersonPage teacher=id role=s.user.role/> }.into_any()
        }
    }
}

#[component]
fn PersonPage(teacher: String, role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let sheets = device_sheets();
    let pairs = use_mentoring();
    leptos::task::spawn_local(pairs.load());
    let first: &'static [&'static str] = if role == Role::EdtechMentor {
        EDTECH_FIRST
    } else {
        &[]
    };
    // Who is looking: "you observed" and "observed you" are said from her side.
    let viewer = StoredValue::new(me.clone());
    let who = teacher.clone();
    let pair = Memo::new(move |_| {
        pairs.list.with(|list| {
            list.iter()
                .find(|p| {
                    (p.mentor.id == me && p.mentee.id == who)
                        || (p.mentee.id == me && p.mentor.id == who)
                })
                .cloned()
        })
    });
    let who = teacher.clone();
    let summary = Memo::new(move |_| {
        sheets.with(|all| {
            all.as_ref()
                .map(|all| of_teacher(&who, all, latest_template(), first))
        })
    });
    let who = teacher.clone();
    // Both directions when the two are a mentoring pair; her lessons otherwise.
    let observations = Memo::new(move |_| {
        let pair = pair.get();
        sheets.with(|all| {
            let all = all.as_ref()?;
            let list: Vec<Observation> = match &pair {
                Some(p) => between(&p.mentor.id, &p.mentee.id, all)
                    .into_iter()
                    .map(|m| m.obs.clone())
                    .collect(),
                None => about(&who, all).into_iter().cloned().collect(),
            };
            Some(list)
        })
    });
    let shown_list = FilteredList::new(observations);
    let timeline = move || {
        shown_list.rows(i18n, ("timeline-list", "obs-list"), |o, lang| {
            viewer.with_value(|me| timeline_row(o, me, i18n, lang))
        })
    };
    let who = teacher.clone();
    let body = move || {
        let list = observations.get()?;
        let lang = i18n.lang.get();
        let summary = summary.get().flatten();
        let about_her: Vec<&Observation> = list
            .iter()
            .filter(|o| o.context.teacher_id == who)
            .collect();
        let name = summary
            .as_ref()
            .map(|s| s.teacher.clone())
            .or_else(|| {
                pair.get().map(|p| {
                    if p.mentee.id == who {
                        p.mentee.name
                    } else {
                        p.mentor.name
                    }
                })
            })
            .unwrap_or_default();
        let steps = open_steps(&about_her, today(), SOON_DAYS);
        let growth = progress(&about_her, latest_template());
        let waiting: Vec<&Observation> = about_her
            .iter()
            .copied()
            .filter(|o| o.stage() == Stage::Shared)
            .collect();
        Some(view! {
            <section class="card home" data-home="person">
                <h1>{name}</h1>
                {summary.as_ref().map(|s| view! { <p class="muted">{s.school.clone()}" · "{i18n.count("caseload.observations", s.observations, &[])}</p> })}
            </section>
            {pair.get().map(|p| view! { <PairCard pair=p/> })}
            <section class="card" id="summary" aria-labelledby="summary-title">
                <h2 id="summary-title">{tr("person.summary")}</h2>
                {summary_view(summary.as_ref(), i18n)}
            </section>
            <section class="card" id="person-steps" aria-labelledby="person-steps-title">
                <h2 id="person-steps-title">{tr("person.steps")}</h2>
                {steps_list(&steps, i18n, lang)}
            </section>
            <section class="card" id="person-waiting" aria-labelledby="person-waiting-title">
                <h2 id="person-waiting-title">{tr("person.waiting")}</h2>
                {if waiting.is_empty() {
                    view! { <p class="muted">{tr("person.waiting_none")}</p> }.into_any()
                } else {
                    let rows = viewer.with_value(|me| waiting.iter().map(|o| timeline_row(o, me, i18n, lang)).collect_view());
                    view! { <ul class="obs-list">{rows}</ul> }.into_any()
                }}
            </section>
            <section class="card" id="person-progress" aria-labelledby="person-progress-title">
                <h2 id="person-progress-title">{tr("person.progress")}</h2>
                {progress_table(&growth, i18n)}
            </section>
            <section class="card" id="timeline" aria-labelledby="timeline-title">
                <h2 id="timeline-title">{tr("person.timeline")}</h2>
                {shown_list.bar("timeline")}
                {timeline}
            </section>
        })
    };
    view! { {body} }
}

fn summary_view(summary: Option<&TeacherSummary>, i18n: I18n) -> AnyView {
    let Some(s) = summary.filter(|s| !s.criteria.is_empty()) else {
        return view! { <p class="muted">{tr("person.summary_none")}</p> }.into_any();
    };
    let lang = i18n.lang.get_untracked();
    let template = latest_template();
    let text_of = move |c: &CriterionSummary| {
        template
            .criterion(&c.criterion)
            .map(|t| t.text.get(lang).to_owned())
            .unwrap_or_default()
    };
    let names = |items: Vec<&CriterionSummary>| -> AnyView {
        if items.is_empty() {
            return view! { <p class="muted">{i18n.t("person.none_yet")}</p> }.into_any();
        }
        let list = items
            .into_iter()
            .map(|c| view! { <li><span class="criterion-id">{c.criterion.clone()}</span>" "{text_of(c)}" — "{format!("{:.1}", c.mean)}</li> })
            .collect_view();
        view! { <ul>{list}</ul> }.into_any()
    };
    let rows = s
        .criteria
        .iter()
        .map(|c| {
            let standing = match c.standing {
                Standing::Strength => "strength",
                Standing::Growing => "growing",
                Standing::Middle => "middle",
            };
            let evidence = c
                .evidence
                .iter()
                .map(|e| {
                    let date = e.date.map(|d| date_long(d, lang)).unwrap_or_default();
                    view! {
                        <li><a href=format!("/sheet/{}", e.record)>{date}</a>
                            {e.level.map(|l| format!(" · {l}"))}" — "{e.text.clone()}</li>
                    }
                })
                .collect_view();
            let n = c.evidence.len();
            view! {
                <tr data-criterion=c.criterion.clone() data-standing=standing>
                    <th scope="row"><span class="criterion-id">{c.criterion.clone()}</span>" "{text_of(c)}</th>
                    <td>{format!("{:.1}", c.mean)}</td>
                    <td>{format!("{}–{}", c.lowest, c.highest)}</td>
                    <td>{c.rated}</td>
                    <td>{i18n.t(&format!("person.standing.{standing}"))}</td>
                    <td>{if n == 0 {
                        view! { <span class="muted">"–"</span> }.into_any()
                    } else {
                        view! {
                            <details class="evidence">
                                <summary>{i18n.count("person.evidence", n, &[])}</summary>
                                <ul>{evidence}</ul>
                            </details>
                        }.into_any()
                    }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="two-lists">
            <div id="strengths"><h3>{i18n.t("person.strengths")}</h3>{names(s.strengths().collect())}</div>
            <div id="to-grow"><h3>{i18n.t("person.to_grow")}</h3>{names(s.to_grow().collect())}</div>
        </div>
        <p class="muted">{i18n.t("person.summary_about")}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="summary-title">
            <table class="progress-table" id="criteria-summary">
                <thead><tr>
                    <th scope="col">{i18n.t("print.criterion")}</th>
                    <th scope="col">{i18n.t("teacher.mean")}</th>
                    <th scope="col">{i18n.t("person.range")}</th>
                    <th scope="col">{i18n.t("teacher.observations")}</th>
                    <th scope="col">{i18n.t("person.standing")}</th>
                    <th scope="col">{i18n.t("person.evidence_col")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One observation in a list of a teacher's: who observed whom, when, and its stage.
pub fn timeline_row(o: &Observation, me: &str, i18n: I18n, lang: vero_domain::Lang) -> AnyView {
    let c = &o.context;
    let date = parse_date(&c.date).map_or_else(|| c.date.clone(), |d| date_long(d, lang));
    let direction = if o.author == me {
        i18n.format("person.i_observed", &[("teacher", &c.teacher)])
    } else if c.teacher_id == me {
        i18n.format("person.observed_me", &[("observer", &c.observer)])
    } else {
        i18n.format(
            "person.observed",
            &[("observer", &c.observer), ("teacher", &c.teacher)],
        )
    };
    let stage = o.stage();
    view! {
        <li class="obs-row" data-record=o.id.clone() data-stage=stage.id()>
            <a href=format!("/sheet/{}", o.id)><strong>{o.title()}</strong></a>
            <span class="muted">" · "{i18n.t(&format!("kind.{}", o.kind.id()))}" · "{date}</span>
            <p>{direction}" · "<span class="stage-line">{i18n.t(&format!("stage.{}", stage.id()))}</span></p>
        </li>
    }
    .into_any()
}

//! Mentordarbība: the mentoring pairs a person is in — the two teachers, since when, the
//! goals they set — on the mentor's home (each mentee with the observations between
//! them, both ways, and the steps coming due) and on the mentee's.

use leptos::prelude::*;
use vero_domain::api::MentoringPair;
use vero_domain::calendar::{date_long, parse_date, DueState};
use vero_domain::feedback::{about, open_steps};
use vero_domain::summary::between;

use super::sheets::device_sheets;
use super::teacher::SOON_DAYS;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n};
use crate::session::me;
use crate::sync::use_mentoring;

/// The two teachers, the start and the goals.
#[component]
pub fn PairCard(pair: MentoringPair) -> impl IntoView {
    let i18n = use_i18n();
    let since = pair.since.clone();
    let since = move || {
        parse_date(&since)
            .map(|d| i18n.format("pairs.since", &[("date", &date_long(d, i18n.lang.get()))]))
    };
    let goals = pair
        .goals
        .iter()
        .map(|g| view! { <li>{g.clone()}</li> })
        .collect_view();
    let who = i18n.format(
        "pairs.who",
        &[("mentor", &pair.mentor.name), ("mentee", &pair.mentee.name)],
    );
    let label = who.clone();
    view! {
        <section class="card pair" data-mentee=pair.mentee.id.clone() aria-label=label>
            <h2>{tr("pairs.title")}</h2>
            <p><strong>{who}</strong></p>
            <p class="muted">{since}</p>
            <h3>{tr("pairs.goals")}</h3>
            {if pair.goals.is_empty() {
                view! { <p class="muted">{tr("pairs.goals_none")}</p> }.into_any()
            } else {
                view! { <ol class="goals">{goals}</ol> }.into_any()
            }}
        </section>
    }
}

/// The mentor's pairs, each mentee a link to her page.
#[component]
pub fn MentorPairs() -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let pairs = use_mentoring();
    leptos::task::spawn_local(pairs.load());
    let sheets = device_sheets();
    let body = move || {
        let mine: Vec<MentoringPair> = pairs
            .list
            .get()
            .into_iter()
            .filter(|p| p.mentor.id == me)
            .collect();
        let lang = i18n.lang.get();
        let all = sheets.get().unwrap_or_default();
        if mine.is_empty() {
            return view! { <p class="muted" id="no-pairs">{tr("pairs.none")}</p> }.into_any();
        }
        let items = mine
            .into_iter()
            .map(|p| {
                let met = between(&p.mentor.id, &p.mentee.id, &all);
                let by_me = met.iter().filter(|m| m.mentor_observed).count();
                let by_her = met.len() - by_me;
                let about_her = about(&p.mentee.id, &all);
                let steps = open_steps(&about_her, today(), SOON_DAYS);
                let overdue = steps
                    .iter()
                    .filter(|s| s.due_state == Some(DueState::Overdue))
                    .count();
                let soon = steps
                    .iter()
                    .filter(|s| s.due_state == Some(DueState::Soon))
                    .count();
                let (due_class, due_state) = if overdue > 0 { ("due", "overdue") } else { ("muted", "later") };
                let last = met.first().and_then(|m| m.date).map(|d| date_long(d, lang));
                let since = parse_date(&p.since).map(|d| date_long(d, lang)).unwrap_or_default();
                let goals = p.goals.iter().map(|g| view! { <li>{g.clone()}</li> }).collect_view();
                view! {
                    <li class="obs-row pair-row" data-mentee=p.mentee.id.clone()>
                        <a href=format!("/people/{}", p.mentee.id)><strong>{p.mentee.name.clone()}</strong></a>
                        <span class="muted">" · "{i18n.format("pairs.since", &[("date", &since)])}</span>
                        <ol class="goals">{goals}</ol>
                        <p>{i18n.format("pairs.both_ways", &[("mine", &by_me.to_string()), ("hers", &by_her.to_string())])}
                            {last.map(|d| format!(" · {}", i18n.format("caseload.last", &[("date", &d)])))}</p>
                        <p class=due_class data-due=due_state>
                            {i18n.format("pairs.steps", &[("soon", &soon.to_string()), ("overdue", &overdue.to_string())])}</p>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="obs-list">{items}</ul> }.into_any()
    };
    view! {
        <section class="card" id="pairs" aria-labelledby="pairs-title">
            <h2 id="pairs-title">{tr("pairs.mine")}</h2>
            {body}
        </section>
    }
}

/// On a mentee's home: her pair.
#[component]
pub fn MyPair() -> impl IntoView {
    let me = me().id;
    let pairs = use_mentoring();
    leptos::task::spawn_local(pairs.load());
    move || {
        pairs
            .list
            .get()
            .into_iter()
            .filter(|p| p.mentee.id == me)
            .map(|p| view! { <PairCard pair=p/> })
            .collect_view()
    }
}

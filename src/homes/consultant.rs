//! The learning consultant's own work: her feedback still waiting for the teacher to
//! read it, and her atzinums drafts — observations of a type that carries an atzinums
//! that are not shared yet, with whether the atzinums is written.

use leptos::prelude::*;
use vero_domain::calendar::{date_long, parse_date};
use vero_domain::observing::{mine, Pile};
use vero_domain::Observation;

use super::sheets::device_sheets;
use crate::i18n::{tr, use_i18n, I18n};
use crate::session::me;

#[component]
pub fn ConsultantWork() -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let sheets = device_sheets();
    let body = move || {
        let all = sheets.get()?;
        let list = mine(&me, &all);
        let waiting: Vec<&Observation> = list
            .iter()
            .copied()
            .filter(|o| Pile::of(o) == Pile::Waiting)
            .collect();
        let drafts: Vec<&Observation> = list
            .iter()
            .copied()
            .filter(|o| Pile::of(o) == Pile::Draft && o.kind.has_opinion())
            .collect();
        let rows =
            |items: &[&Observation], empty: &'static str, id: &'static str, opinion: bool| {
                if items.is_empty() {
                    return view! { <p class="muted">{i18n.t(empty)}</p> }.into_any();
                }
                let rows = items.iter().map(|o| row(o, opinion, i18n)).collect_view();
                view! { <ul class="obs-list" id=id>{rows}</ul> }.into_any()
            };
        Some(view! {
            <section class="card" id="waiting-ack" aria-labelledby="waiting-ack-title">
                <h2 id="waiting-ack-title">{tr("consultant.waiting")}" "
                    <span class="badge">{waiting.len()}</span></h2>
                {rows(&waiting, "consultant.waiting_none", "waiting-list", false)}
            </section>
            <section class="card" id="opinion-drafts" aria-labelledby="opinion-drafts-title">
                <h2 id="opinion-drafts-title">{tr("consultant.opinion_drafts")}" "
                    <span class="badge">{drafts.len()}</span></h2>
                {rows(&drafts, "consultant.opinion_drafts_none", "opinion-draft-list", true)}
            </section>
        })
    };
    view! { {body} }
}

fn row(o: &Observation, opinion: bool, i18n: I18n) -> impl IntoView {
    let lang = i18n.lang.get_untracked();
    let c = &o.context;
    let date = parse_date(&c.date).map_or_else(|| c.date.clone(), |d| date_long(d, lang));
    let written = opinion.then(|| {
        let (key, state) = if o.opinion.trim().is_empty() {
            ("consultant.opinion_missing", "missing")
        } else {
            ("consultant.opinion_written", "written")
        };
        view! { <p class="muted" data-opinion=state>{i18n.t(key)}</p> }
    });
    view! {
        <li class="obs-row" data-record=o.id.clone()>
            <a href=format!("/sheet/{}", o.id)><strong>{o.title()}</strong></a>
            <span class="muted">" · "{i18n.t(&format!("kind.{}", o.kind.id()))}" · "{date}</span>
            {written}
        </li>
    }
}

//! The observer's screen above her drafts: what came back since she last looked, and
//! her observations by where they stand, with a follow-up one tap away from each agreed
//! step.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use std::collections::BTreeMap;
use vero_domain::calendar::{date_long, parse_date};
use vero_domain::lists::ListFilter;
use vero_domain::observing::{came_back, mine, steps_to_follow, Pile};
use vero_domain::Observation;

use super::filter::{paged, FilterBar, ListFacts, PAGE};
use super::sheets::device_sheets;
use crate::feedback::follow_up::start_follow_up;
use crate::i18n::{tr, use_i18n, I18n};
use crate::platform::now_ms;
use crate::session::me;
use crate::sheet::local_time_text;
use crate::store::live::use_live_sheets;
use crate::store::META;

/// When she last had this screen open, in her account's database.
const LOOKED_AT: &str = "looked_at";

#[component]
pub fn ObserverHome() -> impl IntoView {
    let i18n = use_i18n();
    let me = me().id;
    let live = use_live_sheets();
    let sheets = device_sheets();
    // What came back is counted from her previous visit, so the list stays put while
    // she reads it.
    let since = RwSignal::new(None::<i64>);
    spawn_local(async move {
        let Some(store) = live.store() else { return };
        let looked = store.get::<i64>(META, LOOKED_AT).await.ok().flatten();
        let _ = since.try_set(Some(looked.unwrap_or(0)));
        // This visit is the next one's "last time" (it only says when she looked).
        let _ = store.put(META, LOOKED_AT, &now_ms()).await;
    });
    let filter = RwSignal::new(ListFilter::default());
    let pages = Pile::ALL.map(|_| RwSignal::new(PAGE));
    // Which piles she opened, kept while the filter redraws them.
    let opened = Pile::ALL.map(|p| RwSignal::new(p == Pile::StepOpen));
    let mine_of = her_own(me.clone());
    let kept = ListFacts::of(sheets, mine_of.clone());
    let back = {
        let mine_of = mine_of.clone();
        move || {
            let all = sheets.get()?;
            let since = since.get()?;
            let lang = i18n.lang.get();
            let list = mine_of(&all);
            let back = came_back(&me, &list, since);
            let title_of = |id: &str| {
                list.iter()
                    .find(|o| o.id == id)
                    .map(|o| row_title(o))
                    .unwrap_or_default()
            };
            let back_rows = back
                .iter()
                .take(20)
                .map(|r| {
                    let what = i18n.format(&format!("history.{}", r.what), &[("name", &r.name)]);
                    view! {
                        <li class="obs-row" data-record=r.record.clone() data-what=r.what.clone()>
                            <a href=format!("/sheet/{}", r.record)>{what}</a>
                            <span class="muted">" · "{title_of(&r.record)}" · "{local_time_text(r.at, lang)}</span>
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <section class="card" id="came-back" aria-labelledby="came-back-title">
                    <h2 id="came-back-title">{tr("observer.came_back")}" "
                        <span class="badge" id="came-back-count">{back.len()}</span></h2>
                    {if back.is_empty() {
                        view! { <p class="muted">{tr("observer.came_back_none")}</p> }.into_any()
                    } else {
                        view! { <ul class="obs-list">{back_rows}</ul> }.into_any()
                    }}
                </section>
            })
        }
    };
    let drafts = move || {
        kept.facts.with(|facts| {
            let n = facts
                .as_deref()?
                .iter()
                .filter(|f| Pile::from_facts(f) == Pile::Draft)
                .count();
            Some(i18n.count("observer.drafts_below", n, &[]))
        })
    };
    let piles = move || {
        sheets.with(|all| {
            let list = mine_of(all.as_deref()?);
            let picked = kept.pick(filter)?;
            // Each one's pile from the facts kept of the list: no fold on a keystroke.
            let mut by_pile: BTreeMap<Pile, Vec<&Observation>> = BTreeMap::new();
            kept.facts.with(|facts| {
                let facts = facts.as_deref()?;
                for i in picked {
                    let pile = Pile::from_facts(facts.get(i)?);
                    by_pile.entry(pile).or_default().push(list.get(i)?);
                }
                Some(())
            })?;
            let piles = Pile::ALL
                .into_iter()
                .filter(|p| *p != Pile::Draft)
                .map(|pile| {
                    let here = by_pile.remove(&pile).unwrap_or_default();
                    let n = here.len();
                    let shown = pages[pile as usize];
                    let open = opened[pile as usize];
                    let rows = paged(i18n, here, shown, (list_id(pile), "obs-list"), move |o| {
                        pile_row(o, pile, i18n).into_any()
                    });
                    view! {
                        <details class="pile" data-pile=pile.id() open=open.get_untracked()
                            on:toggle=move |ev| open.set(is_open(&ev))>
                            <summary>{i18n.t(&format!("observer.pile.{}", pile.id()))}" "
                                <span class="badge">{n}</span></summary>
                            {rows}
                        </details>
                    }
                })
                .collect_view();
            Some(piles)
        })
    };
    view! {
        {back}
        <section class="card" id="by-state" aria-labelledby="by-state-title">
            <h2 id="by-state-title">{tr("observer.by_state")}</h2>
            <p class="muted">{drafts}</p>
            <FilterBar filter=filter choices=kept.choices id="mine"/>
            {piles}
        </section>
    }
}

/// Her own sheets of those on the device.
fn her_own(
    me: String,
) -> impl for<'a> Fn(&'a [Observation]) -> Vec<&'a Observation> + Clone + Send + Sync + 'static {
    move |all| mine(&me, all)
}

/// Whether the `<details>` a toggle event came from is open now.
fn is_open(ev: &leptos::ev::Event) -> bool {
    ev.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

fn list_id(pile: Pile) -> &'static str {
    match pile {
        Pile::Draft => "pile-draft",
        Pile::Waiting => "pile-waiting",
        Pile::Read => "pile-read",
        Pile::StepOpen => "pile-step_open",
        Pile::Closed => "pile-closed",
        Pile::Withdrawn => "pile-withdrawn",
    }
}

fn row_title(o: &Observation) -> String {
    let c = &o.context;
    [c.teacher.as_str(), c.class.as_str(), c.subject.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn pile_row(o: &Observation, pile: Pile, i18n: I18n) -> impl IntoView {
    let lang = i18n.lang.get_untracked();
    let date =
        parse_date(&o.context.date).map_or_else(|| o.context.date.clone(), |d| date_long(d, lang));
    let kind = i18n.t(&format!("kind.{}", o.kind.id()));
    let follow = (pile == Pile::StepOpen).then(|| {
        steps_to_follow(o)
            .into_iter()
            .map(|s| view! { <FollowUpStep first=o.clone() step=s.id text=s.text/> })
            .collect_view()
    });
    view! {
        <li class="obs-row" data-record=o.id.clone()>
            <a href=format!("/sheet/{}", o.id)><strong>{row_title(o)}</strong></a>
            <span class="muted">" · "{kind}" · "{date}</span>
            {follow}
        </li>
    }
}

/// An agreed step and "Sākt turpinājuma vērojumu" for it.
#[component]
fn FollowUpStep(first: Observation, step: String, text: String) -> impl IntoView {
    let live = use_live_sheets();
    let navigate = use_navigate();
    let i18n = use_i18n();
    let label = text.clone();
    let start = move |_| start_follow_up(live, &navigate, &first, &step);
    view! {
        <p class="follow-step">"„"{text}"” "
            <button type="button" class="follow-up" on:click=start
                aria-label=move || format!("{} — {label}", i18n.t("follow_up.start"))>
                {tr("follow_up.start")}
            </button>
        </p>
    }
}

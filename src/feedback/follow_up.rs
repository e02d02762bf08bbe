//! Turpinājums: a later observation that checks this one's next step. Started by the
//! observer from the step in one tap; once it is shared, the first observation records
//! it and can be closed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use vero_domain::observation::FollowUpOf;
use vero_domain::workflow::Act;
use vero_domain::{Observation, Template};

use super::act::me;
use crate::i18n::tr;
use crate::platform::{new_id, now_ms};
use crate::sheet::doc::SheetDoc;
use crate::sheet::local_date_time;
use crate::store::live::{use_live_sheets, LiveSheets};
use crate::sync::SyncState;

/// A new sheet about the same teacher and class, following `step` of `first`.
pub fn follow_up_of(first: &Observation, step: &str, template: &Template) -> Observation {
    let mut next = Observation::new(new_id(), first.kind, template, now_ms());
    next.author = first.author.clone();
    let (date, time) = local_date_time();
    let c = &first.context;
    next.context = vero_domain::observation::Context {
        school: c.school.clone(),
        teacher: c.teacher.clone(),
        teacher_id: c.teacher_id.clone(),
        observer: c.observer.clone(),
        class: c.class.clone(),
        subject: c.subject.clone(),
        goal: c.goal.clone(),
        priorities: c.priorities.clone(),
        date,
        time,
        ..Default::default()
    };
    next.follows = Some(FollowUpOf {
        record: first.id.clone(),
        step: step.to_owned(),
    });
    next
}

/// Starts the follow-up of `step` of `first` on this device and opens it.
pub fn start_follow_up(
    live: LiveSheets,
    navigate: &impl Fn(&str, leptos_router::NavigateOptions),
    first: &Observation,
    step: &str,
) {
    let next = follow_up_of(first, step, crate::sheet::latest_template());
    let path = format!("/sheet/{}", next.id);
    live.save(next);
    navigate(&path, Default::default());
}

/// "Sākt turpinājuma vērojumu" for a step of the open sheet.
#[component]
pub fn StartFollowUp(doc: SheetDoc, step: String, n: usize) -> impl IntoView {
    let live = use_live_sheets();
    let navigate = use_navigate();
    let start = move |_| {
        doc.obs
            .with_untracked(|o| start_follow_up(live, &navigate, o, &step))
    };
    view! {
        <button type="button" id=format!("step-follow-up-{n}") on:click=start>
            {tr("follow_up.start")}
        </button>
    }
}

/// On a follow-up: which observation and step it checks, with a link to it.
#[component]
pub fn FollowsNote(doc: SheetDoc) -> impl IntoView {
    let live = use_live_sheets();
    let first = RwSignal::new(None::<Observation>);
    let follows = doc.obs.with_untracked(|o| o.follows.clone());
    if let Some(f) = follows.clone() {
        spawn_local(async move {
            if let Some(store) = live.store() {
                if let Ok(found) = store.observation(&f.record).await {
                    let _ = first.try_set(found);
                }
            }
        });
    }
    move || {
        let f = follows.clone()?;
        let step = first.with(|o| {
            o.as_ref()
                .and_then(|o| o.workflow().step(&f.step).map(|s| s.text.clone()))
        });
        Some(view! {
            <p class="card notice" id="follows">
                {tr("follow_up.of")}" "
                <a href=format!("/sheet/{}", f.record)>{tr("follow_up.first")}</a>
                {step.map(|s| view! { ": „" {s} "”" })}
            </p>
        })
    }
}

/// After a follow-up is shared, the observation it follows records it. (The contexts
/// are the caller's: none is in reach once the task has awaited.)
pub fn record_in_first(live: LiveSheets, sync: SyncState, follow_up: &Observation) {
    let Some(f) = follow_up.follows.clone() else {
        return;
    };
    let record = follow_up.id.clone();
    let me = me();
    spawn_local(async move {
        let Some(store) = live.store() else {
            return;
        };
        let stored = store.observation(&f.record).await.ok().flatten();
        let Some(mut first) = live.newest(&f.record).or(stored) else {
            return;
        };
        let act = Act::FollowedUp { record };
        if first
            .take(new_id(), &me.id, &me.name, now_ms(), act)
            .is_ok()
        {
            first.updated_at = now_ms();
            live.save(first);
            sync.sync_now();
        }
    });
}

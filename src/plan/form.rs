//! The plan screen's form: a new entry (observer and teacher picked from the directory
//! kept on the device), or an entry's date, type, goal and priorities changed. Checked
//! here by the domain's rules first, then by the server; it needs the network, and what
//! was typed stays in the form when there is none.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::api::Person;
use vero_domain::plan::{
    detail_problems, entry_problems, Member, NewPlanEntry, PlanEdit, PlanEntry,
};
use vero_domain::{ObservationKind, Priority};

use crate::i18n::{tr, use_i18n, I18n};
use crate::net::{self, NetError};
use crate::session::use_auth;
use crate::sync::{use_people, use_plan, use_sync};

fn member_of(people: &[Person], id: &str) -> Option<Member> {
    people.iter().find(|p| p.id == id).map(|p| Member {
        // The directory lists active accounts only.
        active: true,
        school_id: p.school.as_ref().map(|s| s.id),
    })
}

pub(super) fn net_problem(err: NetError, i18n: I18n) -> String {
    match err {
        NetError::Unreachable => i18n.t("plan.offline"),
        NetError::Status { error, .. } => error.message,
        NetError::Unreadable(what) => what,
    }
}

/// A labelled select of people, its first choice "— izvēlieties —".
#[component]
fn PersonSelect(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    choices: Signal<Vec<Person>>,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <label for=id>{tr(label)}</label>
        <select id=id disabled=disabled on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="" prop:selected=move || value.get().is_empty()>{tr("plan.choose")}</option>
            {move || choices.get().into_iter().map(|p| {
                let pid = p.id.clone();
                view! { <option value=p.id.clone() prop:selected=move || value.get() == pid>{p.name.clone()}</option> }
            }).collect_view()}
        </select>
    }
}

#[component]
pub fn PlanForm(
    school: Signal<Option<i64>>,
    editing: RwSignal<Option<PlanEntry>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let people = use_people();
    let plan = use_plan();
    let sync = use_sync();
    let observer = RwSignal::new(String::new());
    let teacher = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let kind = RwSignal::new(ObservationKind::Peer);
    let goal = RwSignal::new(String::new());
    let priorities = RwSignal::new(Vec::<Priority>::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    // An entry to edit fills the form; done or cancelled, it empties.
    Effect::new(move |_| {
        let e = editing.get();
        observer.set(
            e.as_ref()
                .map(|e| e.observer_id.clone())
                .unwrap_or_default(),
        );
        teacher.set(e.as_ref().map(|e| e.teacher_id.clone()).unwrap_or_default());
        date.set(e.as_ref().map(|e| e.date.clone()).unwrap_or_default());
        kind.set(e.as_ref().map_or(ObservationKind::Peer, |e| e.kind));
        goal.set(e.as_ref().map(|e| e.goal.clone()).unwrap_or_default());
        priorities.set(e.map(|e| e.priorities).unwrap_or_default());
        problems.set(Vec::new());
    });
    let at_school = move |observers: bool| {
        let school = school.get();
        people
            .list
            .get()
            .into_iter()
            .filter(|p| {
                let here = p.school.as_ref().map(|s| s.id);
                here == school || (observers && here.is_none())
            })
            .collect::<Vec<_>>()
    };
    let observers = Signal::derive(move || at_school(true));
    let teachers = Signal::derive(move || at_school(false));
    let editing_now = Signal::derive(move || editing.with(Option::is_some));

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(token) = auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
        else {
            return;
        };
        let Some(school_id) = school.get_untracked() else {
            return;
        };
        let (date_text, goal_text) = (date.get_untracked(), goal.get_untracked());
        let edit_of = editing.get_untracked();
        let found = match &edit_of {
            Some(_) => detail_problems(&date_text, &goal_text),
            None => {
                let list = people.list.get_untracked();
                let (o, t) = (observer.get_untracked(), teacher.get_untracked());
                entry_problems(
                    school_id,
                    &o,
                    member_of(&list, &o),
                    &t,
                    member_of(&list, &t),
                    &date_text,
                    &goal_text,
                )
            }
        };
        if !found.is_empty() {
            problems.set(found.iter().map(|p| i18n.t(&p.key())).collect());
            return;
        }
        problems.set(Vec::new());
        busy.set(true);
        let (kind, priorities) = (kind.get_untracked(), priorities.get_untracked());
        spawn_local(async move {
            let answer = match &edit_of {
                Some(e) => {
                    let body = PlanEdit {
                        date: date_text,
                        kind,
                        goal: goal_text,
                        priorities,
                    };
                    net::send_json::<_, PlanEntry>(
                        "PUT",
                        &format!("/api/plan/{}", e.id),
                        &body,
                        &token,
                    )
                    .await
                }
                None => {
                    let body = NewPlanEntry {
                        school_id,
                        observer_id: observer.get_untracked(),
                        teacher_id: teacher.get_untracked(),
                        date: date_text,
                        kind,
                        goal: goal_text,
                        priorities,
                    };
                    net::post_json::<_, PlanEntry>("/api/plan", &body, Some(&token)).await
                }
            };
            match answer {
                Ok(entry) => {
                    plan.change(|list| {
                        list.retain(|e| e.id != entry.id);
                        list.push(entry);
                        list.sort_by(|a, b| a.date.cmp(&b.date));
                    })
                    .await;
                    let key = if edit_of.is_some() {
                        "plan.saved"
                    } else {
                        "plan.added"
                    };
                    let _ = notice.try_set(Some(i18n.t(key)));
                    // Empties the form for the next entry.
                    let _ = editing.try_set(None);
                    // Kept on the device with the next sync.
                    sync.sync_now();
                }
                Err(e) => {
                    let _ = problems.try_set(vec![net_problem(e, i18n)]);
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let problem_list = move || {
        let list = problems.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="warning" role="alert" id="plan-problems">
                    <p>{tr("plan.problems")}</p>
                    <ul>{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };
    let title = move || {
        i18n.t(if editing_now.get() {
            "plan.edit_title"
        } else {
            "plan.add_title"
        })
    };
    view! {
        <section class="card" id="plan-form-card" aria-labelledby="plan-form-title">
            <h2 id="plan-form-title">{title}</h2>
            <form id="plan-form" on:submit=submit novalidate>
                <PersonSelect id="plan-observer" label="plan.observer" value=observer choices=observers disabled=editing_now/>
                <PersonSelect id="plan-teacher" label="plan.teacher" value=teacher choices=teachers disabled=editing_now/>
                <label for="plan-kind">{tr("plan.kind")}</label>
                <select id="plan-kind" on:change=move |ev| {
                    if let Some(k) = ObservationKind::from_id(&event_target_value(&ev)) { kind.set(k) }
                }>
                    {ObservationKind::ALL.into_iter().map(|k| view! {
                        <option value=k.id() prop:selected=move || kind.get() == k>{move || i18n.t(&format!("kind.{}", k.id()))}</option>
                    }).collect_view()}
                </select>
                <label for="plan-date">{tr("plan.date")}</label>
                <input id="plan-date" type="date" prop:value=date on:input=move |ev| date.set(event_target_value(&ev))/>
                <label for="plan-goal">{tr("plan.goal")}</label>
                <textarea id="plan-goal" rows="2" prop:value=goal on:input=move |ev| goal.set(event_target_value(&ev))></textarea>
                <fieldset class="priorities">
                    <legend>{tr("plan.priorities")}</legend>
                    {Priority::ALL.into_iter().map(|p| {
                        let id = format!("plan-priority-{}", p.id());
                        let label_for = id.clone();
                        view! {
                            <label for=label_for class="check">
                                <input type="checkbox" id=id prop:checked=move || priorities.with(|l| l.contains(&p))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        priorities.update(|l| { l.retain(|x| *x != p); if on { l.push(p) } });
                                    }/>
                                {move || i18n.t(&format!("priority.{}", p.id()))}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {problem_list}
                <p class="actions">
                    <button type="submit" class="primary" id="plan-submit" disabled=move || busy.get()>
                        {move || i18n.t(if editing_now.get() { "plan.save" } else { "plan.add" })}
                    </button>
                    <Show when=move || editing_now.get()>
                        <button type="button" id="plan-cancel" on:click=move |_| editing.set(None)>{tr("plan.cancel")}</button>
                    </Show>
                </p>
            </form>
        </section>
    }
}

//! Nākamie soļi: each next step with its wording, date and owner, agreed by both. The
//! one who did not propose a wording accepts it or proposes another; an agreed step is
//! marked done by either.

use leptos::prelude::*;
use vero_domain::calendar::{date_long, parse_date};
use vero_domain::workflow::{Act, Party, Refusal, StepState};
use vero_domain::Observation;

use super::act::{me, my_party, take, RefusalNote};
use crate::i18n::{tr, use_i18n, I18n};
use crate::platform::new_id;
use crate::sheet::doc::SheetDoc;

#[component]
pub fn NextSteps(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let me = me();
    let party = {
        let me = me.clone();
        Memo::new(move |_| doc.obs.with(|o| my_party(o, &me)))
    };
    let workflow = doc.workflow;
    let problem = RwSignal::new(None::<Refusal>);
    let steps = move || {
        let w = workflow.get();
        i18n.lang.track();
        w.steps
            .iter()
            .enumerate()
            .map(|(n, s)| {
                let line = doc.obs.with(|o| step_line(o, s, i18n));
                view! {
                    <li class="step" data-state=line.state id=format!("step-{n}")>
                        <p class="step-text">{s.text.clone()}</p>
                        <p class="muted">
                            {line.due_owner}" · "<span class="step-state">{line.state_text}</span>
                        </p>
                        <StepActions doc=doc step=s.clone() n=n party=party.get() me=me.id.clone()
                            acknowledged=w.acknowledged_at.is_some() problem=problem/>
                    </li>
                }
            })
            .collect_view()
    };
    let may_add = move || {
        let w = workflow.get();
        w.shared
            && w.closed.is_none()
            && match party.get() {
                Party::Author => true,
                Party::Teacher => w.acknowledged_at.is_some(),
                Party::Other => false,
            }
    };
    view! {
        <section class="card steps" id="next-steps" aria-labelledby="steps-title">
            <h2 id="steps-title">{tr("steps.title")}</h2>
            {move || if workflow.with(|w| w.steps.is_empty()) {
                view! { <p class="muted">{tr("steps.none")}</p> }.into_any()
            } else {
                view! { <ul class="step-list">{steps()}</ul> }.into_any()
            }}
            <RefusalNote problem=problem/>
            <Show when=may_add>
                <StepForm doc=doc step=None problem=problem/>
            </Show>
        </section>
    }
}

/// What a step says on screen and on paper besides its wording.
pub struct StepLine {
    /// proposed, agreed or done.
    pub state: &'static str,
    /// "Termiņš: … · Veic: …"
    pub due_owner: String,
    pub state_text: String,
}

pub fn step_line(o: &Observation, s: &StepState, i18n: I18n) -> StepLine {
    let lang = i18n.lang.get_untracked();
    // A step is between the two of them: the observer (the author) and the teacher.
    let name_of = |account: &str| {
        if account == o.author {
            o.context.observer.as_str()
        } else {
            o.context.teacher.as_str()
        }
    };
    let due = parse_date(&s.due).map_or_else(|| s.due.clone(), |d| date_long(d, lang));
    let (state, state_text) = match (s.agreed_at, s.done_at) {
        (_, Some(_)) => ("done", i18n.t("steps.done")),
        (Some(_), None) => ("agreed", i18n.t("steps.agreed")),
        (None, None) => (
            "proposed",
            i18n.format("steps.proposed_by", &[("name", name_of(&s.proposed_by))]),
        ),
    };
    StepLine {
        state,
        due_owner: i18n.format(
            "steps.due_owner",
            &[("date", &due), ("owner", name_of(&s.owner))],
        ),
        state_text,
    }
}

#[component]
fn StepActions(
    doc: SheetDoc,
    step: StepState,
    n: usize,
    party: Party,
    me: String,
    acknowledged: bool,
    problem: RwSignal<Option<Refusal>>,
) -> impl IntoView {
    if party == Party::Other || !acknowledged || step.done_at.is_some() {
        return ().into_any();
    }
    let answering = RwSignal::new(false);
    let settle = move |r: Result<(), Refusal>| problem.set(r.err());
    let id = step.id.clone();
    if step.agreed_at.is_some() {
        let follow = (party == Party::Author).then(|| {
            view! { <super::follow_up::StartFollowUp doc=doc step=step.id.clone() n=n/> }
        });
        return view! {
            <div class="step-actions">
                <button type="button" id=format!("step-done-{n}")
                    on:click=move |_| settle(take(doc, Act::StepDone { step: id.clone() }))>
                    {tr("steps.mark_done")}
                </button>
                {follow}
            </div>
        }
        .into_any();
    }
    if step.proposed_by == me {
        return view! { <p class="muted">{tr("steps.waiting")}</p> }.into_any();
    }
    let proposal = step.proposal.clone();
    let accept = {
        let id = id.clone();
        move |_| {
            settle(take(
                doc,
                Act::StepAccepted {
                    step: id.clone(),
                    proposal: proposal.clone(),
                },
            ))
        }
    };
    view! {
        <div class="step-actions">
            <button type="button" class="primary" id=format!("step-accept-{n}") on:click=accept>
                {tr("steps.accept")}
            </button>
            <button type="button" id=format!("step-answer-{n}") aria-expanded=move || answering.get().to_string()
                on:click=move |_| answering.update(|a| *a = !*a)>
                {tr("steps.answer")}
            </button>
        </div>
        <Show when=move || answering.get()>
            <StepForm doc=doc step=Some(step.clone()) problem=problem/>
        </Show>
    }
    .into_any()
}

/// A new step, or another wording of `step`.
#[component]
fn StepForm(
    doc: SheetDoc,
    step: Option<StepState>,
    problem: RwSignal<Option<Refusal>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = step
        .as_ref()
        .map_or_else(|| "new".to_owned(), |s| s.id.clone());
    let text = RwSignal::new(step.as_ref().map(|s| s.text.clone()).unwrap_or_default());
    let due = RwSignal::new(step.as_ref().map(|s| s.due.clone()).unwrap_or_default());
    let (author, teacher, observer_name, teacher_name) = doc.obs.with_untracked(|o| {
        (
            o.author.clone(),
            o.context.teacher_id.clone(),
            o.context.observer.clone(),
            o.context.teacher.clone(),
        )
    });
    let owner = RwSignal::new(
        step.as_ref()
            .map_or_else(|| teacher.clone(), |s| s.owner.clone()),
    );
    let step_id = step.as_ref().map(|s| s.id.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let act = Act::StepProposed {
            step: step_id.clone().unwrap_or_else(new_id),
            text: text.get_untracked().trim().to_owned(),
            due: due.get_untracked(),
            owner: owner.get_untracked(),
        };
        let done = take(doc, act);
        if done.is_ok() && step_id.is_none() {
            text.set(String::new());
            due.set(String::new());
        }
        problem.set(done.err());
    };
    let field = |name: &str| format!("step-{name}-{key}");
    let label = if step.is_some() {
        "steps.propose_other"
    } else {
        "steps.add"
    };
    view! {
        <form class="step-form" on:submit=submit>
            <label for=field("text")>{tr("steps.text")}</label>
            <textarea id=field("text") rows="2" required prop:value=text
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="grid">
                <div>
                    <label for=field("due")>{tr("steps.due")}</label>
                    <input type="date" id=field("due") required prop:value=due
                        on:input=move |ev| due.set(event_target_value(&ev))/>
                </div>
                <div>
                    <label for=field("owner")>{tr("steps.owner")}</label>
                    <select id=field("owner") on:change=move |ev| owner.set(event_target_value(&ev))>
                        <option value=teacher.clone() selected=owner.get_untracked() == teacher>{teacher_name}</option>
                        <option value=author.clone() selected=owner.get_untracked() == author>{observer_name}</option>
                    </select>
                </div>
            </div>
            <button type="submit">{move || i18n.t(label)}</button>
        </form>
    }
}

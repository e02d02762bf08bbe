//! The workflow of a shared sheet, for everyone who reads it: where it stands, who can
//! see it, the steps the signed-in person may take now, and its history (vēsture).

use leptos::prelude::*;
use vero_domain::visibility::{audience, Sight};
use vero_domain::workflow::{Act, Party, Refusal, Stage, Workflow};

use super::act::{me, my_party, take, RefusalNote};
use crate::i18n::{tr, use_i18n};
use crate::platform::now_ms;
use crate::sheet::doc::SheetDoc;
use crate::sheet::local_time_text;

#[component]
pub fn WorkflowPanel(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let me = me();
    let my_id = me.id.clone();
    let party = Memo::new(move |_| doc.obs.with(|o| my_party(o, &me)));
    let workflow = doc.workflow;
    let stage = Memo::new(move |_| workflow.with(|w| w.stage()));
    let problem = RwSignal::new(None::<Refusal>);
    let confirm_withdraw = RwSignal::new(false);
    let act = move |a: Act| problem.set(take(doc, a).err());
    let may = move |a: &Act| workflow.with(|w| w.permits(&my_id, now_ms(), a).is_ok());
    let actions = move || {
        let p = party.get();
        let mut buttons = Vec::new();
        if p == Party::Author && may(&Act::Withdrawn) {
            buttons.push(view! {
                <button type="button" id="withdraw" aria-expanded=move || confirm_withdraw.get().to_string()
                    on:click=move |_| confirm_withdraw.set(true)>{tr("workflow.withdraw")}</button>
            }.into_any());
        }
        if p != Party::Other && may(&Act::Closed) {
            buttons.push(
                view! {
                    <button type="button" id="close-observation" on:click=move |_| act(Act::Closed)>
                        {tr("workflow.close")}</button>
                }
                .into_any(),
            );
        }
        buttons
    };
    let shown = Memo::new(move |_| workflow.with(|w| w.shown_to_management));
    let collegial = Memo::new(move |_| {
        doc.obs
            .with(|o| vero_domain::visibility::is_collegial(o.kind))
    });
    let who_sees = move || {
        let list = doc.obs.with(|o| audience(o.kind, shown.get()));
        let names = |seen: fn(Sight) -> bool| {
            list.iter()
                .filter(|(_, sight)| seen(*sight))
                .map(|(g, _)| i18n.t(&format!("audience.{}", g.id())))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let full = names(|s| s >= Sight::Sheet);
        let summary = names(|s| s == Sight::Summary);
        view! {
            <p id="who-sees-full">{i18n.format("audience.full", &[("groups", &full)])}</p>
            {(!summary.is_empty()).then(|| view! {
                <p id="who-sees-summary" class="muted">{i18n.format("audience.summary", &[("groups", &summary)])}</p>
            })}
            <p class="muted">{tr("audience.private")}</p>
        }
    };
    view! {
        <section class="card workflow" id="workflow" aria-labelledby="workflow-title">
            <h2 id="workflow-title">{tr("workflow.title")}</h2>
            <p class="stage" id="stage" data-stage=move || stage.get().id()>
                {move || i18n.t(&format!("stage.{}", stage.get().id()))}
            </p>
            <Show when=move || stage.get() == Stage::Withdrawn>
                <p class="notice" role="status" id="withdrawn-trace">{move || {
                    let at = workflow.with(|w| w.withdrawn_at).unwrap_or_default();
                    i18n.format("workflow.withdrawn_trace", &[("time", &local_time_text(at, i18n.lang.get()))])
                }}</p>
            </Show>
            <div class="who-sees" id="who-sees">
                <h3>{tr("audience.title")}</h3>
                {who_sees}
            </div>
            <Show when=move || party.get() == Party::Teacher && collegial.get() && stage.get() != Stage::Withdrawn>
                <label class="check">
                    <input type="checkbox" id="show-to-management" prop:checked=move || shown.get()
                        on:change=move |ev| act(Act::ShownToManagement { shown: event_target_checked(&ev) })/>
                    {tr("workflow.show_to_management")}
                </label>
            </Show>
            <div class="workflow-actions">{actions}</div>
            <Show when=move || confirm_withdraw.get()>
                <div class="confirm" role="alertdialog" aria-labelledby="withdraw-question">
                    <p id="withdraw-question">{move || if workflow.with(|w| w.acknowledged_at.is_some()) {
                        i18n.t("workflow.withdraw_after_read")
                    } else {
                        i18n.t("workflow.withdraw_before_read")
                    }}</p>
                    <button type="button" class="danger" id="withdraw-confirm"
                        on:click=move |_| { confirm_withdraw.set(false); act(Act::Withdrawn) }>
                        {tr("workflow.withdraw_yes")}</button>
                    <button type="button" on:click=move |_| confirm_withdraw.set(false)>{tr("workflow.keep")}</button>
                </div>
            </Show>
            <RefusalNote problem=problem/>
            <h3>{tr("history.title")}</h3>
            <History workflow=workflow/>
        </section>
    }
}

/// Every step taken, who took it and when (vēsture), oldest first.
#[component]
pub fn History(workflow: Memo<Workflow>) -> impl IntoView {
    let i18n = use_i18n();
    let items = move || {
        let lang = i18n.lang.get();
        workflow.with(|w| {
            w.history
                .iter()
                .map(|(_, e)| {
                    let who = if e.name.is_empty() {
                        i18n.t("history.someone")
                    } else {
                        e.name.clone()
                    };
                    let what = i18n.format(&format!("history.{}", e.act.id()), &[("name", &who)]);
                    view! {
                        <li data-act=e.act.id()>
                            <span class="history-when">{local_time_text(e.at, lang)}</span>" "
                            <span>{what}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! { <ol class="history" id="history">{items}</ol> }
}

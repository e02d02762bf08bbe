//! Always at hand during the lesson: quick notes stamped with the lesson minute, and
//! tallies (open vs. closed questions, teacher talk vs. student work).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::doc::SheetDoc;
use crate::i18n::{tr, use_i18n};
use crate::platform::now_ms;

#[component]
pub fn NotesPanel(doc: SheetDoc, current: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(String::new());
    let tie = RwSignal::new(String::new());
    // Tie new notes to the section on screen by default: its first criterion.
    Effect::new(move |_| {
        let section = current.get();
        let first = doc
            .template
            .section(&section)
            .and_then(|s| s.criteria.first())
            .map(|c| c.id.clone())
            .unwrap_or_default();
        tie.set(first);
    });
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = draft.get_untracked();
        let criterion = tie.get_untracked();
        let criterion = (!criterion.is_empty()).then_some(criterion);
        let mut added = false;
        doc.edit(|o| added = o.add_note(&text, criterion.as_deref(), now_ms()));
        if added {
            draft.set(String::new());
        }
    };
    let list = Memo::new(move |_| doc.obs.with(|o| o.notes.clone()));
    let notes = move || {
        list.with(|notes| {
            notes
                .iter()
                .rev()
                .map(|n| {
                    let minute = n
                        .minute
                        .map(|m| format!("{}′", m + 1))
                        .unwrap_or_else(|| "–".into());
                    let tag = n.criterion.clone().unwrap_or_default();
                    let at = n.at;
                    view! {
                        <li><span class="note-minute">{minute}</span>
                        <span class="note-tag">{tag}</span>" "{n.text.clone()}
                        <label class="note-print">
                            <input type="checkbox" prop:checked=n.in_print
                                disabled=move || doc.read_only.get()
                                on:change=move |ev| {
                                    let chosen = event_target_checked(&ev);
                                    doc.edit(|o| o.print_note(at, chosen));
                                }/>
                            {tr("notes.in_print")}
                        </label></li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <aside class="notes card" aria-label=tr("notes.title")>
            <h2>{tr("notes.title")}</h2>
            <form class="note-form" on:submit=add>
                <textarea id="note-text" rows="2" prop:value=draft
                    placeholder=tr("notes.placeholder")
                    readonly=move || doc.read_only.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            if let Some(form) = crate::sheet::notes::form_of(&ev) {
                                let _ = form.request_submit();
                            }
                        }
                    }></textarea>
                <div class="note-actions">
                    <select id="note-criterion" aria-label=tr("notes.tie")
                        on:change=move |ev| tie.set(event_target_value(&ev))>
                        <option value="" selected=move || tie.get().is_empty()>{tr("notes.untied")}</option>
                        {doc.template.criteria().map(|c| {
                            let id = c.id.clone();
                            let value = id.clone();
                            view! { <option value=value.clone() selected=move || tie.get() == value>{id}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="primary" disabled=move || doc.read_only.get()>{move || i18n.t("notes.add")}</button>
                </div>
            </form>
            <ol class="note-list" id="notes">{notes}</ol>
            <h2>{tr("counters.title")}</h2>
            <Counters doc=doc/>
        </aside>
    }
}

pub(crate) fn form_of(ev: &leptos::ev::KeyboardEvent) -> Option<web_sys::HtmlFormElement> {
    use wasm_bindgen::JsCast;
    let target: web_sys::HtmlTextAreaElement = ev.target()?.dyn_into().ok()?;
    target.form()
}

#[component]
fn Counters(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| {
        doc.obs
            .with(|o| o.counters.iter().map(|c| c.id.clone()).collect::<Vec<_>>())
    });
    view! {
        <ul class="counters">
            // Built again only when the set of counters changes (`ids` is a memo), which
            // a sheet hardly ever sees: a keyed list would cost more download than it saves.
            {move || ids.get().into_iter().map(|id| {
                    let value_id = id.clone();
                    let value = Memo::new(move |_| doc.obs.with(|o| {
                        o.counters.iter().find(|c| c.id == value_id).map_or(0, |c| c.value)
                    }));
                    let (down, up) = (id.clone(), id.clone());
                    let label_id = id.clone();
                    view! {
                        <li class="counter" data-counter=id.clone()>
                            <span class="counter-label">{move || i18n.t(&format!("counter.{label_id}"))}</span>
                            <button type="button" aria-label="−" disabled=move || doc.read_only.get()
                                on:click=move |_| doc.edit(|o| o.bump(&down, -1))>"−"</button>
                            <output class="counter-value">{value}</output>
                            <button type="button" aria-label="+" disabled=move || doc.read_only.get()
                                on:click=move |_| doc.edit(|o| o.bump(&up, 1))>"+"</button>
                        </li>
                    }
                }).collect_view()}
        </ul>
    }
}

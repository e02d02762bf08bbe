//! Closing: two strengths, one next step with a date, the opinion for management where
//! the observation type has one, and what still stands between the sheet and sharing.

use leptos::prelude::*;
use vero_domain::validation::sharing_problems;
use vero_domain::workflow::Act;
use vero_domain::{Catalog, Status};

use super::doc::SheetDoc;
use super::fields::SheetField;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn ClosingForm(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let has_opinion = Memo::new(move |_| doc.obs.with(|o| o.kind.has_opinion()));
    // A memo: typing re-renders the list only when what is missing changes.
    let problems = Memo::new(move |_| {
        let lang = i18n.lang.get();
        let catalog: &Catalog = crate::i18n::catalog(lang);
        doc.obs.with(|o| {
            sharing_problems(o, doc.template)
                .iter()
                .map(|p| p.message(catalog))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card closing" data-section="closing">
            <SheetField doc=doc label="field.strength1" id="strength-1" multiline=true
                get=|o| &o.strengths[0] set=|o, v| o.strengths[0] = v/>
            <SheetField doc=doc label="field.strength2" id="strength-2" multiline=true
                get=|o| &o.strengths[1] set=|o, v| o.strengths[1] = v/>
            <div class="grid">
                <SheetField doc=doc label="field.next_step" id="next-step" multiline=true
                    get=|o| &o.next_step.text set=|o, v| o.next_step.text = v/>
                <SheetField doc=doc label="field.next_step_due" id="next-step-due" kind="date"
                    get=|o| &o.next_step.due set=|o, v| o.next_step.due = v/>
            </div>
            // The observer's working note, "tikai man": nobody else ever receives it.
            <Show when=move || doc.mine>
                <SheetField doc=doc label="field.private_note" id="private-note" multiline=true
                    get=|o| &o.private_note set=|o, v| o.private_note = v/>
                <p class="muted" id="private-note-help">{tr("sheet.private_note_help")}</p>
            </Show>
            <Show when=move || has_opinion.get()>
                <SheetField doc=doc label="field.opinion" id="opinion" multiline=true
                    get=|o| &o.opinion set=|o, v| o.opinion = v/>
                <p class="muted">{tr("sheet.opinion_visible")}</p>
            </Show>
            <div class="readiness" id="readiness" role="status">
                {move || {
                    let list = problems.get();
                    if list.is_empty() {
                        view! {
                            <p class="ready">{tr("sheet.ready")}</p>
                            <ShareButton doc=doc/>
                        }
                        .into_any()
                    } else {
                        view! {
                            <p>{tr("sheet.not_ready")}</p>
                            <ul>{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        }
                        .into_any()
                    }
                }}
            </div>
        </section>
    }
}

/// Sharing makes the sheet visible to the teacher and those who support them; the
/// person decides when, and it happens at once (sync follows).
#[component]
fn ShareButton(doc: SheetDoc) -> impl IntoView {
    let shared = Memo::new(move |_| doc.obs.with(|o| o.status == Status::Shared));
    let problem = RwSignal::new(None::<vero_domain::workflow::Refusal>);
    let (live, sync) = (
        crate::store::live::use_live_sheets(),
        crate::sync::use_sync(),
    );
    move || {
        if shared.get() {
            view! { <p class="shared-note" id="shared-note">{tr("sheet.shared")}</p> }.into_any()
        } else {
            view! {
                <button type="button" class="primary" id="share"
                    disabled=move || doc.read_only.get()
                    on:click=move |_| {
                        let shared = crate::feedback::act::take(doc, Act::Shared);
                        if shared.is_ok() {
                            doc.obs.with_untracked(|o| crate::feedback::follow_up::record_in_first(live, sync, o));
                        }
                        problem.set(shared.err());
                    }>
                    {tr("sheet.share")}
                </button>
                <crate::feedback::act::RefusalNote problem=problem/>
            }
            .into_any()
        }
    }
}

//! Text inputs bound to one field of the open sheet.

use leptos::prelude::*;
use vero_domain::Observation;

use super::doc::SheetDoc;
use crate::i18n::tr;

/// A labelled input or text area whose every keystroke goes to the sheet.
#[component]
pub fn SheetField(
    doc: SheetDoc,
    /// Catalogue key of the label.
    label: &'static str,
    /// The element id, also used by tests.
    id: &'static str,
    get: fn(&Observation) -> &str,
    set: fn(&mut Observation, String),
    #[prop(optional)] multiline: bool,
    #[prop(optional)] kind: Option<&'static str>,
) -> impl IntoView {
    let value = doc.text(get);
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        doc.edit(|o| set(o, text));
    };
    let read_only = move || doc.read_only.get();
    let input = if multiline {
        view! {
            <textarea id=id rows="3" prop:value=value readonly=read_only on:input=on_input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id type=kind.unwrap_or("text") prop:value=value readonly=read_only
                on:input=on_input />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            {input}
        </div>
    }
}

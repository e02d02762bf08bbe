//! Text inputs bound to one field of the open sheet.

use leptos::prelude::*;
use vero_domain::{Observation, ObservationKind};

use super::doc::SheetDoc;
use crate::i18n::{tr, use_i18n};

/// A labelled input or text area whose every keystroke goes to the sheet.
#[component]
pub fn SheetField<S>(
    doc: SheetDoc,
    /// Catalogue key of the label.
    label: &'static str,
    /// The element id, also used by tests.
    id: &'static str,
    get: fn(&Observation) -> &str,
    set: S,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] kind: Option<&'static str>,
    /// Id of a `<datalist>` offering values.
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView
where
    S: Fn(&mut Observation, String) + Copy + Send + Sync + 'static,
{
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
                list=list on:input=on_input />
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

/// The observation type, as a labelled select; `on_pick` gets the chosen type.
#[component]
pub fn KindSelect(
    id: &'static str,
    current: Signal<ObservationKind>,
    #[prop(into)] disabled: Signal<bool>,
    on_pick: impl Fn(ObservationKind) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=id>{tr("sheet.kind")}</label>
        <select id=id disabled=disabled on:change=move |ev| {
            if let Some(kind) = ObservationKind::from_id(&event_target_value(&ev)) {
                on_pick(kind);
            }
        }>
            {ObservationKind::ALL.into_iter().map(|k| view! {
                <option value=k.id() selected=move || current.get() == k>
                    {move || i18n.t(&format!("kind.{}", k.id()))}
                </option>
            }).collect_view()}
        </select>
    }
}

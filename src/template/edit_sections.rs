//! The editor's parts: the scale's labels, and each section with its criteria. Each
//! input reads and writes one text of the draft; lists are keyed by id, so typing never
//! rebuilds (and unfocuses) the inputs around it.

use leptos::prelude::*;
use vero_domain::template::{Section, Text};
use vero_domain::{templates, ObservationKind, Template};

use super::known_templates;
use crate::i18n::{tr, use_i18n};

/// A text's two languages, each a labelled input.
#[component]
fn TextPair(
    draft: RwSignal<Template>,
    /// The element ids start with this.
    id: String,
    /// What the text is, for its labels ("Sadaļas A nosaukums").
    what: Signal<String>,
    get: fn(&Template, &str) -> Option<Text>,
    set: fn(&mut Template, &str, bool, String),
    key: String,
    #[prop(optional)] long: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let inputs = [(false, "lv"), (true, "en")].map(|(en, lang)| {
        let field = format!("{id}-{lang}");
        let key = key.clone();
        let value = {
            let key = key.clone();
            move || {
                draft.with(|t| get(t, &key)).map(|x| if en { x.en } else { x.lv }).unwrap_or_default()
            }
        };
        let on_input = move |ev| {
            let text = event_target_value(&ev);
            draft.update(|t| set(t, &key, en, text));
        };
        let label = move || i18n.format(&format!("templates.in_{lang}"), &[("what", &what.get())]);
        let input = if long {
            view! { <textarea id=field.clone() rows="2" prop:value=value on:input=on_input></textarea> }.into_any()
        } else {
            view! { <input id=field.clone() type="text" prop:value=value on:input=on_input/> }.into_any()
        };
        view! { <label for=field.clone()>{label}</label> {input} }
    });
    view! { <div class="text-pair">{inputs.into_iter().collect_view()}</div> }
}

fn pick(t: &mut Text, en: bool, value: String) {
    if en {
        t.en = value;
    } else {
        t.lv = value;
    }
}

fn section_mut<'a>(t: &'a mut Template, id: &str) -> Option<&'a mut Section> {
    t.sections.iter_mut().find(|s| s.id == id)
}

/// The scale's labels and N/V's; its levels stay (every rating given is on them).
#[component]
pub fn ScaleEditor(draft: RwSignal<Template>) -> impl IntoView {
    let i18n = use_i18n();
    let levels: Vec<u8> = draft.with_untracked(|t| t.scale.iter().map(|l| l.value).collect());
    let rows = levels
        .into_iter()
        .map(|value| {
            let what = Signal::derive(move || i18n.format("templates.level", &[("n", &value.to_string())]));
            view! {
                <TextPair draft id=format!("scale-{value}") what key=value.to_string()
                    get=|t, k| t.scale.iter().find(|l| l.value.to_string() == k).map(|l| l.label.clone())
                    set=|t, k, en, v| if let Some(l) = t.scale.iter_mut().find(|l| l.value.to_string() == k) { pick(&mut l.label, en, v) }/>
            }
        })
        .collect_view();
    let nv = Signal::derive(move || i18n.t("templates.not_observed"));
    view! {
        <fieldset id="scale-editor">
            <legend>{tr("templates.scale")}</legend>
            {rows}
            <TextPair draft id="scale-nv".into() what=nv key=String::new()
                get=|t, _| Some(t.not_observed.clone())
                set=|t, _, en, v| pick(&mut t.not_observed, en, v)/>
        </fieldset>
    }
}

#[component]
pub fn SectionEditor(draft: RwSignal<Template>, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let sid = id.clone();
    let free = draft.with_untracked(|t| t.section(&id).is_some_and(|s| s.free_text.is_some()));
    let title_what = {
        let id = id.clone();
        Signal::derive(move || i18n.format("templates.section_title", &[("id", &id)]))
    };
    let criteria = {
        let id = id.clone();
        Memo::new(move |_| {
            draft.with(|t| {
                t.section(&id)
                    .map(|s| s.criteria.iter().map(|c| c.id.clone()).collect::<Vec<_>>())
                    .unwrap_or_default()
            })
        })
    };
    let add = {
        let id = id.clone();
        move |_| {
            draft.update(|t| {
                let new = templates::new_criterion_id(&id, known_templates(), t);
                if let Some(s) = section_mut(t, &id) {
                    s.criteria.push(templates::blank_criterion(new));
                }
            })
        }
    };
    let remove = {
        let id = id.clone();
        move |_| draft.update(|t| t.sections.retain(|s| s.id != id))
    };
    let prompt = free.then(|| {
        let what = {
            let id = id.clone();
            Signal::derive(move || i18n.format("templates.prompt", &[("id", &id)]))
        };
        view! {
            <TextPair draft id=format!("prompt-{id}") what key=id.clone() long=true
                get=|t, k| t.section(k).and_then(|s| s.free_text.clone())
                set=|t, k, en, v| if let Some(p) = section_mut(t, k).and_then(|s| s.free_text.as_mut()) { pick(p, en, v) }/>
        }
    });
    let remove_label = {
        let id = id.clone();
        move || i18n.format("templates.remove_section", &[("id", &id)])
    };
    let fieldset_id = format!("section-editor-{sid}");
    view! {
        <fieldset class="section-editor" id=fieldset_id>
            <legend>{move || i18n.format("templates.section", &[("id", &sid)])}</legend>
            <TextPair draft id=format!("section-{id}") what=title_what key=id.clone()
                get=|t, k| t.section(k).map(|s| s.title.clone())
                set=|t, k, en, v| if let Some(s) = section_mut(t, k) { pick(&mut s.title, en, v) }/>
            {prompt}
            <For each=move || criteria.get() key=|c| c.clone() let:criterion>
                <CriterionEditor draft section=id.clone() id=criterion/>
            </For>
            {(!free).then(|| view! {
                <button type="button" class="add-criterion" on:click=add.clone()>{tr("templates.add_criterion")}</button>
            })}
            <button type="button" class="remove-section" on:click=remove>{remove_label}</button>
        </fieldset>
    }
}

#[component]
fn CriterionEditor(draft: RwSignal<Template>, section: String, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let what = {
        let id = id.clone();
        Signal::derive(move || i18n.format("templates.criterion", &[("id", &id)]))
    };
    let remove = {
        let (section, id) = (section.clone(), id.clone());
        move |_| {
            draft.update(|t| {
                if let Some(s) = section_mut(t, &section) {
                    s.criteria.retain(|c| c.id != id);
                }
            })
        }
    };
    let kinds = ObservationKind::ALL
        .into_iter()
        .map(|kind| {
            let box_id = format!("optional-{id}-{}", kind.id());
            let id = id.clone();
            let checked = {
                let id = id.clone();
                move || draft.with(|t| t.criterion(&id).is_some_and(|c| c.is_optional(kind)))
            };
            let everywhere = {
                let id = id.clone();
                move || draft.with(|t| t.criterion(&id).is_some_and(|c| c.optional))
            };
            let toggle = move |ev| {
                let on = event_target_checked(&ev);
                draft.update(|t| {
                    if let Some(c) = t.sections.iter_mut().flat_map(|s| s.criteria.iter_mut()).find(|c| c.id == id) {
                        c.optional_for.retain(|k| *k != kind);
                        if on {
                            c.optional_for.push(kind);
                        }
                    }
                })
            };
            let for_id = box_id.clone();
            view! {
                <label class="check" for=for_id>
                    <input type="checkbox" id=box_id prop:checked=checked disabled=everywhere on:change=toggle/>
                    {move || i18n.t(&format!("kind.{}", kind.id()))}
                </label>
            }
        })
        .collect_view();
    let all_id = format!("optional-{id}-all");
    let everywhere = {
        let id = id.clone();
        move || draft.with(|t| t.criterion(&id).is_some_and(|c| c.optional))
    };
    let toggle_all = {
        let id = id.clone();
        move |ev| {
            let on = event_target_checked(&ev);
            draft.update(|t| {
                if let Some(c) = t
                    .sections
                    .iter_mut()
                    .flat_map(|s| s.criteria.iter_mut())
                    .find(|c| c.id == id)
                {
                    c.optional = on;
                }
            })
        }
    };
    let remove_label = {
        let id = id.clone();
        move || i18n.format("templates.remove_criterion", &[("id", &id)])
    };
    let (row_id, text_id, key, all_for) = (
        format!("criterion-editor-{id}"),
        format!("criterion-{id}"),
        id.clone(),
        all_id.clone(),
    );
    view! {
        <div class="criterion-editor" id=row_id>
            <TextPair draft id=text_id what key long=true
                get=|t, k| t.criterion(k).map(|c| c.text.clone())
                set=|t, k, en, v| if let Some(c) = t.sections.iter_mut().flat_map(|s| s.criteria.iter_mut()).find(|c| c.id == k) { pick(&mut c.text, en, v) }/>
            <fieldset class="optional-kinds">
                <legend>{move || i18n.format("templates.optional_in", &[("id", &id)])}</legend>
                <label class="check" for=all_for>
                    <input type="checkbox" id=all_id prop:checked=everywhere on:change=toggle_all/>
                    {tr("templates.optional_all")}
                </label>
                {kinds}
            </fieldset>
            <button type="button" class="remove-criterion" on:click=remove>{remove_label}</button>
        </div>
    }
}

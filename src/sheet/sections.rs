//! The template's sections: tabs to jump between them, and each criterion with its
//! one-tap rating and evidence note.

use leptos::prelude::*;
use vero_domain::template::{Criterion, Section};
use vero_domain::Rating;

use super::doc::SheetDoc;
use crate::i18n::use_i18n;

#[component]
pub fn SectionTabs(doc: SheetDoc, current: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let template = doc.template;
    let tab = move |id: String,
                    label: Box<dyn Fn() -> String + Send + Sync>,
                    count: Option<(usize, usize)>| {
        let key = id.clone();
        let done = Memo::new(move |_| {
            count.map(|(start, len)| {
                let rated = doc.obs.with(|o| {
                    template
                        .criteria()
                        .skip(start)
                        .take(len)
                        .filter(|c| o.ratings.contains_key(&c.id))
                        .count()
                });
                format!("{rated}/{len}")
            })
        });
        view! {
            <button type="button" role="tab" class="tab" data-tab=id.clone()
                aria-selected=move || (current.get() == key).to_string()
                on:click=move |_| current.set(id.clone())>
                <span>{label}</span>
                <small>{done}</small>
            </button>
        }
    };
    let mut start = 0;
    let mut tabs = vec![tab(
        "context".into(),
        Box::new(move || i18n.t("sheet.tab.context")),
        None,
    )];
    for section in &template.sections {
        let len = section.criteria.len();
        let count = (len > 0).then_some((start, len));
        start += len;
        let id = section.id.clone();
        tabs.push(tab(id.clone(), Box::new(move || id.clone()), count));
    }
    tabs.push(tab(
        "closing".into(),
        Box::new(move || i18n.t("sheet.tab.closing")),
        None,
    ));
    view! { <nav class="tabs" role="tablist">{tabs}</nav> }
}

#[component]
pub fn SectionView(doc: SheetDoc, section: String) -> impl IntoView {
    let i18n = use_i18n();
    let Some(section) = doc.template.section(&section) else {
        return ().into_any();
    };
    let title = move || section.title.get(i18n.lang.get()).to_owned();
    view! {
        <section class="card section" data-section=section.id.clone()>
            <h2>{section.id.clone()}". "{title}</h2>
            {section.criteria.iter().map(|c| view! { <CriterionCard doc=doc criterion=c/> }).collect_view()}
            {section.free_text.as_ref().map(|prompt| view! { <FreeText doc=doc section=section prompt=prompt/> })}
        </section>
    }
    .into_any()
}

#[component]
fn CriterionCard(doc: SheetDoc, criterion: &'static Criterion) -> impl IntoView {
    let i18n = use_i18n();
    let template = doc.template;
    let id = criterion.id.as_str();
    let rating = Memo::new(move |_| doc.obs.with(|o| o.ratings.get(id).copied()));
    let evidence = doc.text(move |o| o.evidence.get(id).map_or("", String::as_str));
    let choice =
        move |value: Rating, number: String, label: Box<dyn Fn() -> String + Send + Sync>| {
            view! {
                <button type="button" class="rate"
                    aria-pressed=move || (rating.get() == Some(value)).to_string()
                    disabled=move || doc.read_only.get()
                    on:click=move |_| doc.edit(|o| o.rate(id, Some(value)))>
                    <span class="rate-value">{number}</span>
                    <span class="rate-label">{label}</span>
                </button>
            }
        };
    let mut choices: Vec<_> = template
        .scale
        .iter()
        .map(|level| {
            choice(
                Rating::Level(level.value),
                level.value.to_string(),
                Box::new(move || level.label.get(i18n.lang.get()).to_owned()),
            )
        })
        .collect();
    choices.push(choice(
        Rating::NotObserved,
        "N/V".into(),
        Box::new(move || template.not_observed.get(i18n.lang.get()).to_owned()),
    ));
    let evidence_id = format!("evidence-{id}");
    view! {
        <article class="criterion" data-criterion=id>
            <h3>
                <span class="criterion-id">{id}</span>" "
                {move || criterion.text.get(i18n.lang.get()).to_owned()}
                {criterion.is_optional(doc.obs.with_untracked(|o| o.kind)).then(|| view! { <small class="muted">" · "{move || i18n.t("sheet.optional")}</small> })}
            </h3>
            <div class="scale" role="group" aria-label=id>{choices}</div>
            <label for=evidence_id.clone() class="evidence-label">{move || i18n.t("sheet.evidence")}</label>
            <textarea id=evidence_id rows="2" prop:value=evidence readonly=move || doc.read_only.get()
                placeholder=move || i18n.t("sheet.evidence_hint")
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    doc.edit(|o| { o.evidence.insert(id.to_owned(), text); });
                }></textarea>
        </article>
    }
}

#[component]
fn FreeText(
    doc: SheetDoc,
    section: &'static Section,
    prompt: &'static vero_domain::template::Text,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = section.id.as_str();
    let text = doc.text(move |o| o.evidence.get(id).map_or("", String::as_str));
    let field_id = format!("free-{id}");
    view! {
        <label for=field_id.clone()>{move || prompt.get(i18n.lang.get()).to_owned()}</label>
        <textarea id=field_id rows="6" prop:value=text readonly=move || doc.read_only.get()
            on:input=move |ev| {
                let value = event_target_value(&ev);
                doc.edit(|o| { o.evidence.insert(id.to_owned(), value); });
            }></textarea>
    }
}

//! The teacher's own rating of the criteria in the observation's focus, beside the
//! observer's: where the two differ is where the conversation starts.

use leptos::prelude::*;
use vero_domain::template::Criterion;
use vero_domain::{Observation, Rating, Template};

use crate::i18n::{tr, use_i18n, I18n};
use crate::sheet::doc::SheetDoc;

/// The criteria in the observation's focus: those the observer rated on the scale, in
/// the template's order.
pub fn focus<'t>(o: &Observation, template: &'t Template) -> Vec<&'t Criterion> {
    template
        .criteria()
        .filter(|c| matches!(o.ratings.get(&c.id), Some(Rating::Level(_))))
        .collect()
}

/// "3 · Labi" for a rating on the template's scale.
pub fn rating_text(rating: Option<Rating>, template: &Template, i18n: I18n) -> String {
    let lang = i18n.lang.get_untracked();
    match rating {
        Some(Rating::Level(value)) => match template.level(value) {
            Some(level) => format!("{value} · {}", level.label.get(lang)),
            None => value.to_string(),
        },
        Some(Rating::NotObserved) => format!("N/V · {}", template.not_observed.get(lang)),
        None => "—".into(),
    }
}

#[component]
pub fn SelfRating(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let template = doc.template;
    let criteria = Memo::new(move |_| {
        doc.obs.with(|o| {
            focus(o, template)
                .into_iter()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        })
    });
    // The observer sees the teacher's ratings once there are some; the teacher may add
    // them once they have read the sheet.
    let shown = Memo::new(move |_| {
        let has = doc.obs.with(|o| !o.self_ratings.is_empty());
        !criteria.with(Vec::is_empty)
            && (has
                || (doc.may_respond.get() && doc.workflow.with(|w| w.acknowledged_at.is_some())))
    });
    let rows = move || {
        criteria
            .get()
            .into_iter()
            .filter_map(|id| template.criterion(&id))
            .map(|c| view! { <SelfRatingRow doc=doc criterion=c/> })
            .collect_view()
    };
    view! {
        <Show when=move || shown.get()>
            <section class="card self-rating" id="self-rating" aria-labelledby="self-rating-title">
                <h2 id="self-rating-title">{tr("self_rating.title")}</h2>
                <p class="muted">{move || if doc.may_respond.get() {
                    i18n.t("self_rating.intro")
                } else {
                    i18n.t("self_rating.intro_reader")
                }}</p>
                <ul class="self-ratings">{rows}</ul>
            </section>
        </Show>
    }
}

#[component]
fn SelfRatingRow(doc: SheetDoc, criterion: &'static Criterion) -> impl IntoView {
    let i18n = use_i18n();
    let template = doc.template;
    let id = criterion.id.as_str();
    let observer = Memo::new(move |_| doc.obs.with(|o| o.ratings.get(id).copied()));
    let own = Memo::new(move |_| doc.obs.with(|o| o.self_ratings.get(id).copied()));
    let choices = template
        .scale
        .iter()
        .map(|level| {
            let value = Rating::Level(level.value);
            view! {
                <button type="button" class="rate"
                    aria-pressed=move || (own.get() == Some(value)).to_string()
                    disabled=move || !doc.may_respond.get()
                    on:click=move |_| doc.respond(|o| {
                        // Tapping one's own rating again takes it back.
                        if o.self_ratings.get(id) == Some(&value) {
                            o.self_ratings.remove(id);
                        } else {
                            o.self_ratings.insert(id.to_owned(), value);
                        }
                    })>
                    <span class="rate-value">{level.value}</span>
                    <span class="rate-label">{move || level.label.get(i18n.lang.get()).to_owned()}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <li class="criterion" data-self-rating=id>
            <h3><span class="criterion-id">{id}</span>" "{move || criterion.text.get(i18n.lang.get()).to_owned()}</h3>
            <p class="muted">{move || {
                i18n.lang.track();
                i18n.format("self_rating.observer", &[("rating", &rating_text(observer.get(), template, i18n))])
            }}</p>
            <div class="scale" role="group" aria-label=move || i18n.format("self_rating.group", &[("criterion", id)])>
                {choices}
            </div>
        </li>
    }
}

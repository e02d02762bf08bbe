//! The printed observation: everything the reader's device holds of it (the server sent
//! only what this account may see), but never the author's private note — paper leaves
//! its author.

use leptos::prelude::*;
use vero_domain::calendar::{date_long, parse_date};
use vero_domain::template::Section;
use vero_domain::{Lang, Observation, Status, Template};

use crate::feedback::self_rating::rating_text;
use crate::feedback::steps::step_line;
use crate::feedback::History;
use crate::i18n::{tr, use_i18n, I18n};
use crate::platform::now_ms;
use crate::sheet::doc::SheetDoc;
use crate::sheet::local_time_text;

#[component]
pub fn PrintedSheet(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let template = doc.template;
    let body = move || {
        let lang = i18n.lang.get();
        // A copy: the workflow below reads the sheet too.
        let o = &doc.obs.get();
        {
            view! {
                <header class="printed-head">
                    <p class="muted">{i18n.t("app.name")}" · "{i18n.t(&format!("kind.{}", o.kind.id()))}</p>
                    <h1>{i18n.t("print.title")}</h1>
                    {(o.status == Status::Withdrawn).then(|| view! {
                        <p class="notice"><strong>{i18n.t("stage.withdrawn")}</strong></p>
                    })}
                </header>
                {context(o, i18n, lang)}
                {ratings(o, template, i18n, lang)}
                {notes(o, i18n)}
                {closing(doc, o, i18n)}
            }
        }
    };
    let acknowledged = move || {
        let lang = i18n.lang.get();
        match doc.workflow.with(|w| w.acknowledged_at) {
            Some(at) => i18n.format(
                "print.acknowledged",
                &[
                    ("name", &doc.obs.with(|o| o.context.teacher.clone())),
                    ("time", &local_time_text(at, lang)),
                ],
            ),
            None => i18n.t("print.not_acknowledged"),
        }
    };
    let printed = move || {
        i18n.format(
            "print.printed",
            &[("time", &local_time_text(now_ms(), i18n.lang.get()))],
        )
    };
    view! {
        <article class="printed" id="printed-sheet">
            {body}
            <section class="printed-part">
                <h2>{tr("print.acknowledgement")}</h2>
                <p id="printed-acknowledged">{acknowledged}</p>
            </section>
            <section class="printed-part">
                <h2>{tr("history.title")}</h2>
                <History workflow=doc.workflow/>
            </section>
            <footer class="muted">{printed}</footer>
        </article>
    }
}

fn context(o: &Observation, i18n: I18n, lang: Lang) -> impl IntoView {
    let c = &o.context;
    let date = parse_date(&c.date).map_or_else(|| c.date.clone(), |d| date_long(d, lang));
    let when = [date, c.time.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let priorities = c
        .priorities
        .iter()
        .map(|p| i18n.t(&format!("priority.{}", p.id())))
        .collect::<Vec<_>>()
        .join("; ");
    let row = |label: &str, value: String| {
        view! { <div><dt>{i18n.t(label)}</dt><dd>{value}</dd></div> }
    };
    view! {
        <dl class="printed-context">
            {row("field.school", c.school.clone())}
            {row("field.teacher", c.teacher.clone())}
            {row("field.observer", c.observer.clone())}
            {row("field.date", when)}
            {row("field.class", c.class.clone())}
            {row("field.subject", c.subject.clone())}
            {row("field.topic", c.topic.clone())}
            {row("field.priorities", priorities)}
        </dl>
        <dl class="printed-context wide">
            {row("field.goal", c.goal.clone())}
            {row("field.intended_outcome", c.intended_outcome.clone())}
        </dl>
    }
}

fn ratings(o: &Observation, template: &'static Template, i18n: I18n, lang: Lang) -> impl IntoView {
    let mut scale: Vec<String> = template
        .scale
        .iter()
        .map(|l| format!("{} – {}", l.value, l.label.get(lang)))
        .collect();
    scale.push(format!("N/V – {}", template.not_observed.get(lang)));
    let with_self = !o.self_ratings.is_empty();
    let sections = template
        .sections
        .iter()
        .map(|s| section(o, s, template, with_self, i18n, lang))
        .collect_view();
    view! {
        <section class="printed-part">
            <h2>{i18n.t("print.ratings")}</h2>
            <p class="printed-scale">{i18n.t("print.scale")}": "{scale.join(" · ")}</p>
            {sections}
        </section>
    }
}

fn section(
    o: &Observation,
    s: &'static Section,
    template: &'static Template,
    with_self: bool,
    i18n: I18n,
    lang: Lang,
) -> impl IntoView {
    let title = format!("{}. {}", s.id, s.title.get(lang));
    let rows = s
        .criteria
        .iter()
        .map(|c| {
            let rating = rating_text(o.ratings.get(&c.id).copied(), template, i18n);
            let own = with_self
                .then(|| view! { <td>{rating_text(o.self_ratings.get(&c.id).copied(), template, i18n)}</td> });
            view! {
                <tr data-criterion=c.id.clone()>
                    <th scope="row"><span class="criterion-id">{c.id.clone()}</span>" "{c.text.get(lang).to_owned()}</th>
                    <td>{rating}</td>
                    {own}
                    <td class="printed-text">{o.evidence.get(&c.id).cloned().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let table = (!s.criteria.is_empty()).then(|| {
        view! {
            <table class="printed-ratings">
                <caption>{title.clone()}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("print.criterion")}</th>
                    <th scope="col">{i18n.t("print.rating")}</th>
                    {with_self.then(|| view! { <th scope="col">{i18n.t("self_rating.title")}</th> })}
                    <th scope="col">{i18n.t("sheet.evidence")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let free = s.free_text.as_ref().map(|prompt| {
        let text = o.evidence.get(&s.id).cloned().unwrap_or_default();
        view! {
            <h3>{if s.criteria.is_empty() { title.clone() } else { prompt.get(lang).to_owned() }}</h3>
            <p class="printed-text">{text}</p>
        }
    });
    view! { {table}{free} }
}

fn notes(o: &Observation, i18n: I18n) -> impl IntoView {
    let chosen: Vec<_> = o.printed_notes().cloned().collect();
    let counters = o
        .counters
        .iter()
        .map(|c| format!("{}: {}", i18n.t(&format!("counter.{}", c.id)), c.value))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        {(!chosen.is_empty()).then(|| view! {
            <section class="printed-part" id="printed-notes">
                <h2>{i18n.t("notes.title")}</h2>
                <ul>{chosen.into_iter().map(|n| {
                    let minute = n.minute.map(|m| format!("{}′ ", m + 1)).unwrap_or_default();
                    let tag = n.criterion.map(|c| format!("[{c}] ")).unwrap_or_default();
                    view! { <li>{minute}{tag}{n.text}</li> }
                }).collect_view()}</ul>
            </section>
        })}
        {(!counters.is_empty()).then(|| view! { <p class="muted">{i18n.t("counters.title")}": "{counters}</p> })}
    }
}

fn closing(doc: SheetDoc, o: &Observation, i18n: I18n) -> impl IntoView {
    let strengths = o
        .strengths
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| view! { <li class="printed-text">{s.clone()}</li> })
        .collect_view();
    let steps = doc.workflow.with(|w| {
        if w.steps.is_empty() && !o.next_step.text.trim().is_empty() {
            // A draft's next step, not yet proposed to the teacher.
            return view! { <li class="printed-text">{o.next_step.text.clone()}</li> }.into_any();
        }
        w.steps
            .iter()
            .map(|s| {
                let line = step_line(o, s, i18n);
                view! {
                    <li><span class="printed-text">{s.text.clone()}</span><br/>
                    <small>{line.due_owner}" · "{line.state_text}</small></li>
                }
            })
            .collect_view()
            .into_any()
    });
    let comments = o
        .comments
        .values()
        .filter(|c| !c.text.trim().is_empty())
        .map(|c| view! { <li><strong>{c.name.clone()}": "</strong><span class="printed-text">{c.text.clone()}</span></li> })
        .collect_view();
    let part = |title: &str, id: &'static str, body: AnyView| {
        view! { <section class="printed-part" id=id><h2>{i18n.t(title)}</h2>{body}</section> }
    };
    let opinion = (o.kind.has_opinion() && !o.opinion.trim().is_empty()).then(|| {
        part(
            "field.opinion",
            "printed-opinion",
            view! { <p class="printed-text">{o.opinion.clone()}</p> }.into_any(),
        )
    });
    let reflection = (!o.reflection.trim().is_empty()).then(|| {
        part(
            "print.reflection",
            "printed-reflection",
            view! { <p class="printed-text">{o.reflection.clone()}</p> }.into_any(),
        )
    });
    let commented = !o.comments.values().all(|c| c.text.trim().is_empty());
    view! {
        {part("print.strengths", "printed-strengths", view! { <ol>{strengths}</ol> }.into_any())}
        {part("steps.title", "printed-steps", view! { <ul>{steps}</ul> }.into_any())}
        {reflection}
        {commented.then(|| part("comments.title", "printed-comments", view! { <ul>{comments}</ul> }.into_any()))}
        {opinion}
    }
}

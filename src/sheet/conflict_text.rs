//! A field in conflict in a person's words: its name as the sheet labels it, each value
//! as the sheet would show it (a rating as its scale label, a date as a date), who
//! wrote it and when.

use leptos::prelude::Get;
use vero_domain::sync::fields::{set_field, Codec};
use vero_domain::{Observation, Rating};

use super::{latest_template, local_time_text};
use crate::i18n::I18n;
use crate::sync::codec::BrowserJson;
use crate::sync::use_people;

/// One value (JSON text) of the field at `path`, readable. It is read the way the sheet
/// reads its own fields, into an empty sheet.
pub fn value_text(path: &str, json: &str, i18n: I18n) -> String {
    let mut o = Observation::blank(String::new());
    if set_field::<BrowserJson>(&mut o, path, json).is_err() {
        return json.to_owned();
    }
    let lang = i18n.lang.get();
    let template = latest_template();
    let time = |at: Option<i64>| at.map(|ms| local_time_text(ms, lang));
    let text = match path {
        "kind" => Some(i18n.t(&format!("kind.{}", o.kind.id()))),
        "status" => Some(i18n.t(&format!("conflict.status.{}", status_id(&o)))),
        "context.teacher_id" => {
            let id = o.context.teacher_id.trim();
            (!id.is_empty()).then(|| use_people().name_of(id).unwrap_or_else(|| id.to_owned()))
        }
        "context.priorities" => Some(
            o.context
                .priorities
                .iter()
                .map(|p| i18n.t(&format!("priority.{}", p.id())))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        "notes" => Some(
            o.notes
                .iter()
                .map(|n| match n.minute {
                    Some(m) => i18n.format(
                        "conflict.note",
                        &[("minute", &m.to_string()), ("text", &n.text)],
                    ),
                    None => n.text.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        "counters" => Some(
            o.counters
                .iter()
                .map(|c| format!("{}: {}", i18n.t(&format!("counter.{}", c.id)), c.value))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        "next_step" => {
            let step = &o.next_step;
            Some(match step.due.is_empty() {
                true => step.text.clone(),
                false => i18n.format(
                    "conflict.next_step",
                    &[("text", &step.text), ("due", &step.due)],
                ),
            })
        }
        "acknowledged_at" => time(o.acknowledged_at),
        "deleted_at" => time(o.deleted_at),
        "lesson_started_at" => time(o.lesson_started_at),
        _ => match path.split_once('.') {
            Some(("rating", id)) => o.ratings.get(id).map(|r| match *r {
                Rating::Level(n) => match template.level(n) {
                    Some(level) => format!("{n} · {}", level.label.get(lang)),
                    None => n.to_string(),
                },
                Rating::NotObserved => format!("N/V · {}", template.not_observed.get(lang)),
            }),
            // A text (every other field that a person writes), or as it is stored.
            _ => Some(
                BrowserJson::decode::<Option<String>>(json)
                    .map_or_else(|_| json.to_owned(), Option::unwrap_or_default),
            ),
        },
    };
    match text {
        Some(t) if !t.trim().is_empty() => t,
        _ => i18n.t("conflict.empty"),
    }
}

fn status_id(o: &Observation) -> &'static str {
    match o.status {
        vero_domain::Status::Draft => "draft",
        vero_domain::Status::Shared => "shared",
        vero_domain::Status::Withdrawn => "withdrawn",
    }
}

/// Who wrote a value and when: "Jūs · 01.12.2026 14:05" or a colleague's name.
pub fn written_by(by: &str, at: i64, me: &str, i18n: I18n) -> String {
    let who = if by == me {
        i18n.t("conflict.you")
    } else {
        use_people()
            .name_of(by)
            .unwrap_or_else(|| i18n.format("conflict.account", &[("id", by)]))
    };
    format!("{who} · {}", local_time_text(at, i18n.lang.get()))
}

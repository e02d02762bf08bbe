//! A field of the sheet in a person's words: its name as the sheet labels it.

use leptos::prelude::Get;

use super::I18n;
use crate::template::known_templates;

/// A criterion or a free-text section as the sheet heads it: "A1 SR un snieguma…".
fn criterion_name(id: &str, i18n: I18n) -> String {
    let lang = i18n.lang.get();
    // The newest wording of any version that has it.
    let versions = known_templates();
    for template in versions.iter().rev() {
        if let Some(c) = template.criterion(id) {
            return format!("{id} {}", c.text.get(lang));
        }
        if let Some(s) = template.section(id) {
            return format!("{id}. {}", s.title.get(lang));
        }
    }
    id.to_owned()
}

/// The field's name as the sheet shows it.
pub fn field_name(path: &str, i18n: I18n) -> String {
    let key = match path.split_once('.') {
        Some(("context", name)) => format!("field.{name}"),
        Some(("strength", n)) => format!("field.strength{n}"),
        Some(("rating", id)) => {
            return i18n.format(
                "conflict.rating",
                &[("criterion", &criterion_name(id, i18n))],
            )
        }
        Some(("evidence", id)) => {
            return i18n.format(
                "conflict.evidence",
                &[("criterion", &criterion_name(id, i18n))],
            )
        }
        Some(("comment", _)) => "conflict.comment".into(),
        _ => match path {
            "next_step" | "opinion" => format!("field.{path}"),
            "kind" => "sheet.kind".into(),
            "notes" => "notes.title".into(),
            "counters" => "counters.title".into(),
            "reflection" => "response.reflection".into(),
            "acknowledged_at" => "response.acknowledge".into(),
            "status" | "deleted_at" | "lesson_started_at" | "private_note" => {
                format!("conflict.{path}")
            }
            _ => return path.to_owned(),
        },
    };
    i18n.t(&key)
}

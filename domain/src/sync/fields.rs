//! A sheet as the sync sees it: a flat set of fields, each merged on its own (so the
//! observer's ratings, the teacher's reflection and a mentor's comment never collide),
//! each with a class that says who may write it and who may read it.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::observation::{Comment, Counter, FollowUpOf, LiveNote, NextStep, TemplateRef};
use crate::workflow::Event;
use crate::{Observation, ObservationKind, Priority, Rating, Status};

/// Who may write a field and who may read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldClass {
    /// The sheet itself: its author writes; everyone who may see the record reads.
    Sheet,
    /// The observer's private notes: the author alone.
    Private,
    /// The atzinums: the author writes; the teacher and the school's management read.
    Opinion,
    /// The observed teacher's reflection and acknowledgement.
    Teacher,
    /// A comment, written only by the account it is keyed by.
    Comment(String),
    /// A step of the workflow, by event id: written once, by the person who took it
    /// (`workflow::Act::taken_by`).
    Event(String),
}

const CONTEXT: [&str; 14] = [
    "school",
    "teacher",
    "teacher_id",
    "observer",
    "class",
    "subject",
    "topic",
    "date",
    "time",
    "intended_outcome",
    "goal",
    "priorities",
    "plan",
    "open_lesson",
];

const SHEET: [&str; 12] = [
    "kind",
    "template",
    "created_at",
    "lesson_started_at",
    "status",
    "deleted_at",
    "notes",
    "counters",
    "strength.1",
    "strength.2",
    "next_step",
    "follows",
];

/// Criterion and account ids inside a path: short, plain.
fn is_key(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The class of a field path; `None` for a path that is not a field.
pub fn class_of(path: &str) -> Option<FieldClass> {
    if SHEET.contains(&path) {
        return Some(FieldClass::Sheet);
    }
    match path.split_once('.') {
        Some(("context", name)) if CONTEXT.contains(&name) => Some(FieldClass::Sheet),
        Some(("rating" | "evidence", id)) if is_key(id) => Some(FieldClass::Sheet),
        Some(("comment", user)) if is_key(user) => Some(FieldClass::Comment(user.to_owned())),
        Some(("event", id)) if is_key(id) => Some(FieldClass::Event(id.to_owned())),
        Some(("self_rating", id)) if is_key(id) => Some(FieldClass::Teacher),
        _ => match path {
            "opinion" => Some(FieldClass::Opinion),
            "private_note" => Some(FieldClass::Private),
            "reflection" | "acknowledged_at" => Some(FieldClass::Teacher),
            _ => None,
        },
    }
}

/// How field values become JSON text and back. Natively that is serde_json; the browser
/// app passes its own (through the browser's JSON), so it needs no second JSON library.
/// Both must write the same text for the same value.
pub trait Codec {
    fn encode<T: Serialize>(value: &T) -> String;
    fn decode<T: DeserializeOwned>(text: &str) -> Result<T, String>;
}

/// serde_json, for the server and native tests.
pub struct Json;

impl Codec for Json {
    fn encode<T: Serialize>(value: &T) -> String {
        serde_json::to_string(value).expect("sheet values serialize")
    }

    fn decode<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// Every field of the sheet, path → value as JSON text. Absent ratings, evidence and
/// comments are simply not there (a removal shows as a field that disappeared).
/// (Paths are joined with `concat`, not `format!`: a sync builds this for every sheet it
/// sends or takes in.)
pub fn to_fields<C: Codec>(o: &Observation) -> BTreeMap<String, String> {
    let mut f = BTreeMap::new();
    let mut put = |path: String, text: String| {
        f.insert(path, text);
    };
    put("kind".into(), C::encode(&o.kind));
    put("template".into(), C::encode(&o.template));
    put("created_at".into(), C::encode(&o.created_at));
    put("lesson_started_at".into(), C::encode(&o.lesson_started_at));
    put("status".into(), C::encode(&o.status));
    put("deleted_at".into(), C::encode(&o.deleted_at));
    put("notes".into(), C::encode(&o.notes));
    put("counters".into(), C::encode(&o.counters));
    put("strength.1".into(), C::encode(&o.strengths[0]));
    put("strength.2".into(), C::encode(&o.strengths[1]));
    put("next_step".into(), C::encode(&o.next_step));
    put("opinion".into(), C::encode(&o.opinion));
    put("private_note".into(), C::encode(&o.private_note));
    put("reflection".into(), C::encode(&o.reflection));
    put("acknowledged_at".into(), C::encode(&o.acknowledged_at));
    let c = &o.context;
    for (name, value) in [
        ("school", &c.school),
        ("teacher", &c.teacher),
        ("teacher_id", &c.teacher_id),
        ("observer", &c.observer),
        ("class", &c.class),
        ("subject", &c.subject),
        ("topic", &c.topic),
        ("date", &c.date),
        ("time", &c.time),
        ("intended_outcome", &c.intended_outcome),
        ("goal", &c.goal),
    ] {
        put(["context.", name].concat(), C::encode(value));
    }
    put("context.priorities".into(), C::encode(&c.priorities));
    // Links most sheets lack: written only when set, so older sheets stay unchanged.
    for (name, value) in [("plan", &c.plan), ("open_lesson", &c.open_lesson)] {
        if !value.is_empty() {
            put(["context.", name].concat(), C::encode(value));
        }
    }
    for (id, rating) in &o.ratings {
        put(["rating.", id].concat(), C::encode(rating));
    }
    for (id, text) in &o.evidence {
        put(["evidence.", id].concat(), C::encode(text));
    }
    for (user, comment) in &o.comments {
        put(["comment.", user].concat(), C::encode(comment));
    }
    for (id, event) in &o.events {
        put(["event.", id].concat(), C::encode(event));
    }
    for (id, rating) in &o.self_ratings {
        put(["self_rating.", id].concat(), C::encode(rating));
    }
    if let Some(follows) = &o.follows {
        put("follows".into(), C::encode(follows));
    }
    f
}

/// The fields that differ from `known`, with `null` for those that went away.
pub fn changed_fields(
    now: &BTreeMap<String, String>,
    known: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut changed = BTreeMap::new();
    for (path, value) in now {
        if known.get(path) != Some(value) {
            changed.insert(path.clone(), value.clone());
        }
    }
    for (path, value) in known {
        if !now.contains_key(path) && value != "null" {
            changed.insert(path.clone(), "null".into());
        }
    }
    changed
}

/// A field's value could not be taken: the path is unknown or the value is not of its
/// kind. The message is for a developer reading an API error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError(pub String);

fn parse<C: Codec, T: DeserializeOwned>(path: &str, text: &str) -> Result<T, FieldError> {
    C::decode(text).map_err(|e| FieldError(format!("field `{path}`: {e}")))
}

fn nullable<C: Codec, T: DeserializeOwned>(
    path: &str,
    text: &str,
) -> Result<Option<T>, FieldError> {
    parse::<C, Option<T>>(path, text)
}

/// Sets one field of `o` from its JSON text; `null` clears it.
pub fn set_field<C: Codec>(o: &mut Observation, path: &str, text: &str) -> Result<(), FieldError> {
    let unknown = || FieldError(format!("`{path}` is not a field of an observation"));
    match path {
        "kind" => o.kind = parse::<C, ObservationKind>(path, text)?,
        "template" => o.template = parse::<C, TemplateRef>(path, text)?,
        "created_at" => o.created_at = parse::<C, _>(path, text)?,
        "lesson_started_at" => o.lesson_started_at = parse::<C, _>(path, text)?,
        "status" => o.status = nullable::<C, Status>(path, text)?.unwrap_or_default(),
        "deleted_at" => o.deleted_at = parse::<C, _>(path, text)?,
        "notes" => o.notes = nullable::<C, Vec<LiveNote>>(path, text)?.unwrap_or_default(),
        "counters" => o.counters = nullable::<C, Vec<Counter>>(path, text)?.unwrap_or_default(),
        "strength.1" => o.strengths[0] = nullable::<C, _>(path, text)?.unwrap_or_default(),
        "strength.2" => o.strengths[1] = nullable::<C, _>(path, text)?.unwrap_or_default(),
        "next_step" => o.next_step = nullable::<C, NextStep>(path, text)?.unwrap_or_default(),
        "opinion" => o.opinion = nullable::<C, _>(path, text)?.unwrap_or_default(),
        "private_note" => o.private_note = nullable::<C, _>(path, text)?.unwrap_or_default(),
        "reflection" => o.reflection = nullable::<C, _>(path, text)?.unwrap_or_default(),
        "acknowledged_at" => o.acknowledged_at = parse::<C, _>(path, text)?,
        "follows" => o.follows = nullable::<C, FollowUpOf>(path, text)?,
        _ => match path.split_once('.') {
            Some(("context", "priorities")) => {
                o.context.priorities = nullable::<C, Vec<Priority>>(path, text)?.unwrap_or_default()
            }
            Some(("context", name)) => {
                let value: String = nullable::<C, _>(path, text)?.unwrap_or_default();
                let c = &mut o.context;
                let slot = match name {
                    "school" => &mut c.school,
                    "teacher" => &mut c.teacher,
                    "teacher_id" => &mut c.teacher_id,
                    "observer" => &mut c.observer,
                    "class" => &mut c.class,
                    "subject" => &mut c.subject,
                    "topic" => &mut c.topic,
                    "date" => &mut c.date,
                    "time" => &mut c.time,
                    "intended_outcome" => &mut c.intended_outcome,
                    "goal" => &mut c.goal,
                    "plan" => &mut c.plan,
                    "open_lesson" => &mut c.open_lesson,
                    _ => return Err(unknown()),
                };
                *slot = value;
            }
            Some(("rating", id)) if is_key(id) => match nullable::<C, Rating>(path, text)? {
                Some(r) => drop(o.ratings.insert(id.to_owned(), r)),
                None => drop(o.ratings.remove(id)),
            },
            Some(("evidence", id)) if is_key(id) => match nullable::<C, String>(path, text)? {
                Some(t) => drop(o.evidence.insert(id.to_owned(), t)),
                None => drop(o.evidence.remove(id)),
            },
            Some(("comment", user)) if is_key(user) => match nullable::<C, Comment>(path, text)? {
                Some(c) => drop(o.comments.insert(user.to_owned(), c)),
                None => drop(o.comments.remove(user)),
            },
            Some(("event", id)) if is_key(id) => match nullable::<C, Event>(path, text)? {
                Some(e) => drop(o.events.insert(id.to_owned(), e)),
                None => drop(o.events.remove(id)),
            },
            Some(("self_rating", id)) if is_key(id) => match nullable::<C, Rating>(path, text)? {
                Some(r) => drop(o.self_ratings.insert(id.to_owned(), r)),
                None => drop(o.self_ratings.remove(id)),
            },
            _ => return Err(unknown()),
        },
    }
    Ok(())
}

/// Whether `text` is a valid value for `path` (what the server checks before storing).
/// Ratings must be on the scale of the built-in template, the only one there is yet.
pub fn check_field(path: &str, text: &str) -> Result<(), FieldError> {
    if path.starts_with("rating.") || path.starts_with("self_rating.") {
        if let Some(Rating::Level(n)) = nullable::<Json, Rating>(path, text)? {
            static SCALE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
            let scale = SCALE.get_or_init(|| {
                let t = crate::Template::default_template();
                t.scale.iter().map(|l| l.value).collect()
            });
            if !scale.contains(&n) {
                return Err(FieldError(format!(
                    "field `{path}`: {n} is not on the template's scale"
                )));
            }
        }
    }
    if holds_text(path) && is_text(text) {
        return Ok(());
    }
    set_field::<Json>(&mut Observation::blank(String::new()), path, text)
}

/// Fields whose value is a text (or `null`): most of a sheet.
fn holds_text(path: &str) -> bool {
    match path {
        "strength.1" | "strength.2" | "opinion" | "private_note" | "reflection" => true,
        "context.priorities" => false,
        _ => match path.split_once('.') {
            Some(("context", name)) => CONTEXT.contains(&name),
            Some(("evidence", id)) => is_key(id),
            _ => false,
        },
    }
}

/// Whether `text` is JSON `null` or a string, checked without building the string (a
/// push of thousands of sheets checks a hundred thousand of them).
fn is_text(text: &str) -> bool {
    struct Text;
    impl<'de> serde::Deserialize<'de> for Text {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
            d.deserialize_str(Text)
        }
    }
    impl serde::de::Visitor<'_> for Text {
        type Value = Text;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Text, E> {
            Ok(Text)
        }
    }
    serde_json::from_str::<Option<Text>>(text).is_ok()
}

/// A sheet built from merged field values (for a record made on another device).
/// Values that cannot be read are left at their defaults and listed.
pub fn observation_from<'a, C: Codec>(
    id: &str,
    author: &str,
    values: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (Observation, Vec<FieldError>) {
    let mut o = Observation::blank(id.to_owned());
    o.author = author.to_owned();
    let mut problems = Vec::new();
    for (path, text) in values {
        if let Err(e) = set_field::<C>(&mut o, path, text) {
            problems.push(e);
        }
    }
    (o, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Template;

    fn filled() -> Observation {
        let t = Template::default_template();
        let mut o = Observation::new("id".into(), ObservationKind::Consultant, &t, 1_000);
        o.author = "u1".into();
        o.context.teacher = "Anna".into();
        o.context.teacher_id = "u2".into();
        o.context.priorities = vec![Priority::DigitalSkills];
        o.context.plan = "plan-7".into();
        o.context.open_lesson = "lesson-3".into();
        o.rate("A1", Some(Rating::Level(3)));
        o.rate("B2", Some(Rating::NotObserved));
        o.evidence.insert("A1".into(), "Skolēni zināja SR".into());
        o.add_note("jautā", Some("C1"), 2_000);
        o.bump("open_questions", 2);
        o.strengths[1] = "Laiks".into();
        o.next_step.due = "2026-12-01".into();
        o.opinion = "Atzinums".into();
        o.private_note = "tikai man".into();
        o.reflection = "Paldies".into();
        o.acknowledged_at = Some(5);
        o.comments.insert(
            "u3".into(),
            Comment {
                name: "Mentors".into(),
                text: "Labi".into(),
                at: 7,
            },
        );
        o.status = Status::Shared;
        o
    }

    #[test]
    fn a_sheet_without_a_plan_or_open_lesson_has_no_such_fields() {
        let fields = to_fields::<Json>(&Observation::blank("id".into()));
        assert!(!fields.contains_key("context.plan"));
        assert!(!fields.contains_key("context.open_lesson"));
        assert!(class_of("context.plan").is_some() && class_of("context.open_lesson").is_some());
    }

    #[test]
    fn a_sheet_goes_to_fields_and_back_unchanged() {
        let o = filled();
        let fields = to_fields::<Json>(&o);
        let values = fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let (back, problems) = observation_from::<Json>("id", "u1", values);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back.updated_at, 0);
        assert_eq!(
            Observation {
                updated_at: o.updated_at,
                ..back
            },
            o
        );
    }

    #[test]
    fn every_field_has_a_class_and_its_value_passes_the_check() {
        for (path, text) in to_fields::<Json>(&filled()) {
            assert!(class_of(&path).is_some(), "{path}");
            check_field(&path, &text).unwrap();
        }
        assert_eq!(class_of("opinion"), Some(FieldClass::Opinion));
        assert_eq!(class_of("private_note"), Some(FieldClass::Private));
        assert_eq!(class_of("reflection"), Some(FieldClass::Teacher));
        assert_eq!(
            class_of("comment.u3"),
            Some(FieldClass::Comment("u3".into()))
        );
        assert_eq!(class_of("rating.A1"), Some(FieldClass::Sheet));
    }

    #[test]
    fn unknown_paths_and_values_are_refused_with_the_field_named() {
        assert_eq!(class_of("owner"), None);
        assert_eq!(class_of("rating."), None);
        assert_eq!(class_of("comment.a b"), None);
        let e = check_field("kind", "\"gossip\"").unwrap_err();
        assert!(e.0.contains("`kind`") && e.0.contains("gossip"), "{}", e.0);
        assert!(check_field("rating.A1", "5").is_err());
        assert!(check_field("rating.A1", "null").is_ok());
        assert!(check_field("context.nickname", "\"x\"").is_err());
        assert!(check_field("status", "\"published\"").is_err());
    }

    #[test]
    fn texts_are_checked_as_strictly_as_they_are_read() {
        for (path, text) in [
            ("context.goal", "\"lasīt \\\"ātri\\\"\""),
            ("evidence.A1", "null"),
            ("opinion", " \"\" "),
        ] {
            assert!(check_field(path, text).is_ok(), "{path} {text}");
            assert!(set_field::<Json>(&mut filled(), path, text).is_ok());
        }
        for (path, text) in [
            ("context.goal", "3"),
            ("context.goal", "\"open"),
            ("evidence.A1", "[\"x\"]"),
            ("reflection", "\"a\" \"b\""),
            ("context.nickname", "\"x\""),
            ("evidence.a b", "\"x\""),
        ] {
            let e = check_field(path, text).unwrap_err();
            assert!(e.0.contains(&format!("`{path}`")), "{path} {text}: {}", e.0);
        }
    }

    #[test]
    fn a_removed_rating_is_sent_as_null_and_clears_it() {
        let mut o = filled();
        let before = to_fields::<Json>(&o);
        o.rate("A1", None);
        o.opinion = "Cits".into();
        let changed = changed_fields(&to_fields::<Json>(&o), &before);
        assert_eq!(changed.len(), 2);
        assert_eq!(changed["rating.A1"], "null");
        let mut back = filled();
        for (p, v) in &changed {
            set_field::<Json>(&mut back, p, v).unwrap();
        }
        assert!(!back.ratings.contains_key("A1"));
        assert_eq!(back.opinion, "Cits");
    }
}

//! One observed lesson: context, ratings with evidence, live notes and counters, the
//! closing fields. Stored on the device as it is typed, later synced as a whole record.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::workflow::Event;
use crate::{ObservationKind, Priority, Rating, Template};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRef {
    pub id: String,
    pub version: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Only its author sees it.
    #[default]
    Draft,
    /// Given to the teacher and those who follow them.
    Shared,
    /// Taken back after the teacher had read it: the teacher keeps it, marked so.
    Withdrawn,
}

/// Who, where and what was observed, agreed before the lesson (8.1.3).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Context {
    pub school: String,
    /// The teacher observed.
    pub teacher: String,
    /// The observed teacher's account, when chosen from the list: who may see the sheet
    /// once it is shared follows from it.
    pub teacher_id: String,
    pub observer: String,
    pub class: String,
    pub subject: String,
    pub topic: String,
    /// YYYY-MM-DD
    pub date: String,
    /// HH:MM
    pub time: String,
    /// The lesson's intended outcome (SR), from the teacher.
    pub intended_outcome: String,
    /// The observation goal or focus agreed beforehand.
    pub goal: String,
    pub priorities: Vec<Priority>,
    /// The observation plan's entry this lesson was planned as, if any.
    pub plan: String,
    /// The open lesson (atklātā stunda) this sheet is of, if any.
    pub open_lesson: String,
}

/// A note typed during the lesson, stamped with the lesson minute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveNote {
    /// Minutes since the lesson timer started; None when the timer was not running.
    pub minute: Option<u32>,
    pub text: String,
    /// The criterion the note is evidence for, if tied to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    /// Unix milliseconds.
    pub at: i64,
    /// The observer chose to include it in the printed sheet; the others stay working
    /// notes on the screen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_print: bool,
}

/// A tally kept during the lesson, e.g. open vs. closed questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    pub id: String,
    pub value: u32,
}

/// The counters every new sheet starts with; their labels are in the UI catalogues.
pub const DEFAULT_COUNTERS: [&str; 4] = [
    "open_questions",
    "closed_questions",
    "teacher_talk",
    "student_work",
];

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NextStep {
    pub text: String,
    /// YYYY-MM-DD
    pub due: String,
}

/// The observation and next step a follow-up checks (turpinājums).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpOf {
    pub record: String,
    /// The next step's id in that observation, if it follows one.
    #[serde(default)]
    pub step: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub id: String,
    pub template: TemplateRef,
    pub kind: ObservationKind,
    #[serde(default)]
    pub context: Context,
    /// Criterion id → rating.
    #[serde(default)]
    pub ratings: BTreeMap<String, Rating>,
    /// Criterion id (or free-text section id) → what teacher and students did or said.
    #[serde(default)]
    pub evidence: BTreeMap<String, String>,
    #[serde(default)]
    pub notes: Vec<LiveNote>,
    #[serde(default)]
    pub counters: Vec<Counter>,
    /// Two strengths (stiprās puses).
    #[serde(default)]
    pub strengths: [String; 2],
    #[serde(default)]
    pub next_step: NextStep,
    /// Opinion for management (atzinums), for the kinds that have one.
    #[serde(default)]
    pub opinion: String,
    /// Unix ms when the observer started the lesson timer.
    #[serde(default)]
    pub lesson_started_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    #[serde(default)]
    pub status: Status,
    /// Unix ms when the author deleted it; kept until then so deleting can be undone
    /// and the deletion can reach other devices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<i64>,
    /// The account that made the sheet; only it edits the sheet's own fields.
    #[serde(default)]
    pub author: String,
    /// The observer's own notes: never shown to anyone else.
    #[serde(default)]
    pub private_note: String,
    /// The observed teacher's self-reflection.
    #[serde(default)]
    pub reflection: String,
    /// When the teacher said "iepazinos" (read it — not agreement).
    #[serde(default)]
    pub acknowledged_at: Option<i64>,
    /// Comments of mentors, consultants and management, by author account.
    #[serde(default)]
    pub comments: BTreeMap<String, Comment>,
    /// The steps of the feedback workflow, by event id (see `workflow`).
    #[serde(default)]
    pub events: BTreeMap<String, Event>,
    /// The teacher's own rating of criteria, beside the observer's.
    #[serde(default)]
    pub self_ratings: BTreeMap<String, Rating>,
    /// The earlier observation this one follows up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<FollowUpOf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Comment {
    pub name: String,
    pub text: String,
    pub at: i64,
}

/// How far the ratings are: "rated n of m".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub rated: usize,
    pub total: usize,
}

impl Observation {
    pub fn new(id: String, kind: ObservationKind, template: &Template, now_ms: i64) -> Observation {
        Observation {
            template: TemplateRef {
                id: template.id.clone(),
                version: template.version,
            },
            kind,
            counters: DEFAULT_COUNTERS
                .iter()
                .map(|id| Counter {
                    id: (*id).to_owned(),
                    value: 0,
                })
                .collect(),
            created_at: now_ms,
            updated_at: now_ms,
            ..Observation::blank(id)
        }
    }

    /// A sheet with nothing in it, not even the default counters or a template: what a
    /// record made on another device is built up from, field by field.
    pub fn blank(id: String) -> Observation {
        Observation {
            id,
            template: TemplateRef {
                id: String::new(),
                version: 0,
            },
            kind: ObservationKind::Peer,
            context: Context::default(),
            ratings: BTreeMap::new(),
            evidence: BTreeMap::new(),
            notes: Vec::new(),
            counters: Vec::new(),
            strengths: Default::default(),
            next_step: NextStep::default(),
            opinion: String::new(),
            lesson_started_at: None,
            created_at: 0,
            updated_at: 0,
            status: Status::Draft,
            deleted_at: None,
            author: String::new(),
            private_note: String::new(),
            reflection: String::new(),
            acknowledged_at: None,
            comments: BTreeMap::new(),
            events: BTreeMap::new(),
            self_ratings: BTreeMap::new(),
            follows: None,
        }
    }

    /// "Teacher · class · subject", leaving out what is not filled in.
    pub fn title(&self) -> String {
        let c = &self.context;
        [c.teacher.as_str(), c.class.as_str(), c.subject.as_str()]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The lesson minute at `now_ms` (the first minute is 0), if the timer runs.
    pub fn minute_at(&self, now_ms: i64) -> Option<u32> {
        self.lesson_started_at
            .map(|start| crate::calendar::lesson_minute(start, now_ms))
    }

    pub fn add_note(&mut self, text: &str, criterion: Option<&str>, now_ms: i64) -> bool {
        let text = text.trim();
        if text.is_empty() {
            return false;
        }
        self.notes.push(LiveNote {
            minute: self.minute_at(now_ms),
            text: text.to_owned(),
            criterion: criterion.map(str::to_owned),
            at: now_ms,
            in_print: false,
        });
        true
    }

    /// Includes the note made at `at` in the printed sheet, or leaves it out.
    pub fn print_note(&mut self, at: i64, in_print: bool) {
        if let Some(note) = self.notes.iter_mut().find(|n| n.at == at) {
            note.in_print = in_print;
        }
    }

    /// The notes the observer chose for the printed sheet, in the lesson's order.
    pub fn printed_notes(&self) -> impl Iterator<Item = &LiveNote> {
        self.notes.iter().filter(|n| n.in_print)
    }

    /// Adds `delta` to a counter, never below zero; creates the counter if missing.
    pub fn bump(&mut self, counter: &str, delta: i32) {
        let index = match self.counters.iter().position(|c| c.id == counter) {
            Some(i) => i,
            None => {
                self.counters.push(Counter {
                    id: counter.to_owned(),
                    value: 0,
                });
                self.counters.len() - 1
            }
        };
        let c = &mut self.counters[index];
        c.value = c.value.saturating_add_signed(delta);
    }

    /// Sets or clears (None) a rating; a second tap on the same value clears it.
    pub fn rate(&mut self, criterion: &str, rating: Option<Rating>) {
        match rating {
            Some(r) if self.ratings.get(criterion) != Some(&r) => {
                self.ratings.insert(criterion.to_owned(), r);
            }
            _ => {
                self.ratings.remove(criterion);
            }
        }
    }

    pub fn progress(&self, template: &Template) -> Progress {
        Progress {
            rated: template
                .criteria()
                .filter(|c| self.ratings.contains_key(&c.id))
                .count(),
            total: template.criteria().count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Observation {
        let t = Template::default_template();
        Observation::new("id".into(), ObservationKind::Peer, &t, 1_000)
    }

    #[test]
    fn a_new_sheet_is_an_empty_draft_with_default_counters() {
        let o = sheet();
        assert_eq!(o.status, Status::Draft);
        assert_eq!(o.template.id, "madona-default");
        let ids: Vec<_> = o.counters.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, DEFAULT_COUNTERS);
        assert_eq!(
            o.progress(&Template::default_template()),
            Progress {
                rated: 0,
                total: 13
            }
        );
    }

    #[test]
    fn notes_are_stamped_with_the_lesson_minute() {
        let mut o = sheet();
        assert!(o.add_note("before start", None, 5_000));
        assert_eq!(o.notes[0].minute, None);
        o.lesson_started_at = Some(10_000);
        o.add_note("  first  ", Some("B2"), 10_000 + 59_999);
        o.add_note("later", None, 10_000 + 12 * 60_000 + 1);
        assert_eq!(o.notes[1].minute, Some(0));
        assert_eq!(o.notes[1].text, "first");
        assert_eq!(o.notes[1].criterion.as_deref(), Some("B2"));
        assert_eq!(o.notes[2].minute, Some(12));
        assert!(!o.add_note("   ", None, 0), "blank notes are not kept");
        assert_eq!(o.notes.len(), 3);
        assert_eq!(
            o.printed_notes().count(),
            0,
            "a note is printed only when chosen"
        );
        let at = o.notes[1].at;
        o.print_note(at, true);
        let printed: Vec<_> = o.printed_notes().map(|n| n.text.as_str()).collect();
        assert_eq!(printed, ["first"]);
        o.print_note(at, false);
        assert_eq!(o.printed_notes().count(), 0);
    }

    #[test]
    fn counters_never_go_below_zero() {
        let mut o = sheet();
        o.bump("open_questions", 1);
        o.bump("open_questions", 1);
        o.bump("closed_questions", -1);
        o.bump("praise", 1);
        let value = |id: &str| o.counters.iter().find(|c| c.id == id).unwrap().value;
        assert_eq!(value("open_questions"), 2);
        assert_eq!(value("closed_questions"), 0);
        assert_eq!(value("praise"), 1);
    }

    #[test]
    fn rating_again_with_the_same_value_clears_it() {
        let t = Template::default_template();
        let mut o = sheet();
        o.rate("A1", Some(Rating::Level(3)));
        o.rate("A2", Some(Rating::NotObserved));
        assert_eq!(o.progress(&t).rated, 2);
        o.rate("A1", Some(Rating::Level(3)));
        assert_eq!(o.ratings.get("A1"), None);
        o.rate("A2", Some(Rating::Level(1)));
        assert_eq!(o.ratings.get("A2"), Some(&Rating::Level(1)));
        o.rate("A2", None);
        assert_eq!(o.progress(&t).rated, 0);
    }

    #[test]
    fn a_record_from_an_older_app_without_new_fields_still_reads() {
        let json = r#"{"id":"x","template":{"id":"madona-default","version":1},"kind":"peer",
            "created_at":1,"updated_at":2}"#;
        let o: Observation = serde_json::from_str(json).unwrap();
        assert_eq!(o.status, Status::Draft);
        assert!(o.notes.is_empty());
        let back: Observation = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o);
    }
}

//! A person's own data (the data-protection right of access): everything Vēro holds
//! about them that they may see, as one document and as one spreadsheet. The server
//! decides which records and fields the person sees (the sync's rules); this arranges
//! what it found.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

use crate::api::{MentoringPair, UserProfile};
use crate::workflow::Event;
use crate::{Catalog, Observation, Rating};

/// Names the document's shape, so a reader years later knows what it holds.
pub const FORMAT: &str = "vero-export/1";

#[derive(Debug, Serialize)]
pub struct Export {
    pub format: &'static str,
    /// Unix ms.
    pub exported_at: i64,
    pub account: UserProfile,
    pub mentoring: Vec<MentoringPair>,
    /// Observations of the person's lessons, as the person may see them (with the
    /// comments, the atzinums where they may read it, and the history).
    pub observations_of_me: Vec<Exported>,
    /// What the person wrote on those: reflections, self-ratings, read receipts and the
    /// steps they took (answers to next steps among them).
    pub my_answers: Vec<Answer>,
    /// Observations the person made of others' lessons.
    pub observations_by_me: Vec<Exported>,
}

#[derive(Debug, Serialize)]
pub struct Exported {
    #[serde(flatten)]
    pub observation: Observation,
    /// Where it is in the workflow (`draft`, `shared`, `acknowledged`, …).
    pub stage: &'static str,
    /// Every step taken on it, oldest first (the sheet's events, in order).
    pub history: Vec<Event>,
}

#[derive(Debug, Serialize)]
pub struct Answer {
    /// The observation's id.
    pub observation: String,
    /// The lesson's date.
    pub date: String,
    pub reflection: String,
    pub self_ratings: BTreeMap<String, Rating>,
    /// Unix ms when they said they had read it.
    pub acknowledged_at: Option<i64>,
    /// The steps they took on it, oldest first.
    pub steps: Vec<Event>,
}

/// Sorts the records the person may see into theirs and about them; anything else they
/// see (a mentee's lessons, a school's) is about someone else and stays out.
pub fn build(
    account: UserProfile,
    mentoring: Vec<MentoringPair>,
    observations: Vec<Observation>,
    now_ms: i64,
) -> Export {
    let me = account.id.clone();
    let mut of_me = Vec::new();
    let mut by_me = Vec::new();
    let mut answers = Vec::new();
    let mut observations = observations;
    observations.sort_by(|a, b| {
        (&a.context.date, a.created_at, &a.id).cmp(&(&b.context.date, b.created_at, &b.id))
    });
    for o in observations {
        if o.context.teacher_id == me {
            answers.push(answer_of(&o, &me));
            of_me.push(exported(o));
        } else if o.author == me {
            by_me.push(exported(o));
        }
    }
    Export {
        format: FORMAT,
        exported_at: now_ms,
        account,
        mentoring,
        observations_of_me: of_me,
        my_answers: answers,
        observations_by_me: by_me,
    }
}

fn history(o: &Observation) -> Vec<Event> {
    let mut steps: Vec<(&String, &Event)> = o.events.iter().collect();
    steps.sort_by(|a, b| (a.1.at, a.0).cmp(&(b.1.at, b.0)));
    steps.into_iter().map(|(_, e)| e.clone()).collect()
}

fn exported(mut o: Observation) -> Exported {
    let stage = o.stage().id();
    let history = history(&o);
    // The history lists the events: once is enough.
    o.events.clear();
    Exported {
        observation: o,
        stage,
        history,
    }
}

fn answer_of(o: &Observation, me: &str) -> Answer {
    Answer {
        observation: o.id.clone(),
        date: o.context.date.clone(),
        reflection: o.reflection.clone(),
        self_ratings: o.self_ratings.clone(),
        acknowledged_at: o.acknowledged_at,
        steps: history(o).into_iter().filter(|e| e.by == me).collect(),
    }
}

/// The spreadsheet: a header, then one row per observation (of the person's lessons
/// first, then the person's own), the main fields, then per criterion the rating, the
/// person's self-rating and the evidence. Headings and words from `words`.
pub fn table(export: &Export, words: &Catalog) -> Vec<Vec<String>> {
    let all = || {
        let of_me = export.observations_of_me.iter().map(|e| ("of_me", e));
        of_me.chain(export.observations_by_me.iter().map(|e| ("by_me", e)))
    };
    let criteria: BTreeSet<&str> = all()
        .flat_map(|(_, e)| {
            let o = &e.observation;
            o.ratings
                .keys()
                .chain(o.self_ratings.keys())
                .chain(o.evidence.keys())
        })
        .map(String::as_str)
        .collect();
    let w = |key: &str| words.get(key).unwrap_or(key).to_owned();
    let mut header: Vec<String> = COLUMNS
        .iter()
        .map(|c| w(&format!("export.column.{c}")))
        .collect();
    for c in &criteria {
        for part in ["rating", "self_rating", "evidence"] {
            header.push(words.format(&format!("export.column.{part}"), &[("criterion", c)]));
        }
    }
    let mut rows = vec![header];
    for (part, e) in all() {
        let o = &e.observation;
        let c = &o.context;
        let mut row = vec![
            w(&format!("export.part.{part}")),
            o.id.clone(),
            w(&format!("kind.{}", o.kind.id())),
            w(&format!("stage.{}", e.stage)),
            c.date.clone(),
            c.time.clone(),
            c.school.clone(),
            c.teacher.clone(),
            c.observer.clone(),
            c.class.clone(),
            c.subject.clone(),
            c.topic.clone(),
            c.intended_outcome.clone(),
            c.goal.clone(),
            o.strengths[0].clone(),
            o.strengths[1].clone(),
            o.next_step.text.clone(),
            o.next_step.due.clone(),
            o.opinion.clone(),
            o.reflection.clone(),
            o.acknowledged_at.map(day).unwrap_or_default(),
            o.comments
                .values()
                .map(|m| format!("{}: {}", m.name, m.text))
                .collect::<Vec<_>>()
                .join(" | "),
            e.history
                .iter()
                .map(|s| {
                    let who = if s.name.is_empty() { &s.by } else { &s.name };
                    format!("{} {} ({who})", day(s.at), s.act.id())
                })
                .collect::<Vec<_>>()
                .join(" | "),
        ];
        for c in &criteria {
            row.push(o.ratings.get(*c).map(rating).unwrap_or_default());
            row.push(o.self_ratings.get(*c).map(rating).unwrap_or_default());
            row.push(o.evidence.get(*c).cloned().unwrap_or_default());
        }
        rows.push(row);
    }
    rows
}

/// The fixed columns, by catalogue key `export.column.<id>`.
pub const COLUMNS: [&str; 23] = [
    "part",
    "id",
    "kind",
    "stage",
    "date",
    "time",
    "school",
    "teacher",
    "observer",
    "class",
    "subject",
    "topic",
    "intended_outcome",
    "goal",
    "strength_1",
    "strength_2",
    "next_step",
    "next_step_due",
    "opinion",
    "reflection",
    "acknowledged",
    "comments",
    "history",
];

fn rating(r: &Rating) -> String {
    match r {
        Rating::Level(n) => n.to_string(),
        Rating::NotObserved => "nv".into(),
    }
}

/// Unix ms as YYYY-MM-DD in Latvia (winter time: a day's edge moves an hour at most).
fn day(ms: i64) -> String {
    crate::calendar::date_text(crate::calendar::local_date(ms, 120))
}

#[cfg(test)]
mod tests;

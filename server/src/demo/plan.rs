//! The demo's observation plan for both schools: some entries done (the stories' sheets
//! name them in `context.plan`), some still to come, one overdue.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use vero_domain::calendar::date_text;
use vero_domain::plan::NewPlanEntry;
use vero_domain::{ObservationKind, Priority};

use super::stories::Story;
use crate::storage::Storage;

/// The stories (by their place in the list) whose sheets were planned.
pub(super) const PLANNED_STORIES: [usize; 3] = [4, 13, 17];

/// Entries with no sheet yet: (observer, teacher, days from today, kind, goal).
const TO_COME: [(&str, &str, i64, ObservationKind, &str); 4] = [
    (
        "observer",
        "teacher",
        7,
        ObservationKind::Peer,
        "Kā skolēni saņem atgriezenisko saiti stundas laikā",
    ),
    (
        "observer",
        "teacher3",
        -6,
        ObservationKind::Peer,
        "Diferencēti uzdevumi un skolēnu patstāvīgais darbs",
    ),
    (
        "teacher3",
        "teacher",
        10,
        ObservationKind::OpenLesson,
        "Digitālie rīki sasniedzamā rezultāta pārbaudei",
    ),
    (
        "observer2",
        "teacher2",
        5,
        ObservationKind::Peer,
        "Jautājumu veidi: atvērtie un slēgtie",
    ),
];

fn account(storage: &dyn Storage, username: &str) -> Result<(String, i64), String> {
    let found = storage
        .credentials(username)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no demo account {username}"))?;
    let school = found.profile.school.map(|s| s.id).unwrap_or_default();
    Ok((found.profile.id, school))
}

fn add(
    storage: &dyn Storage,
    observer: &str,
    teacher: &str,
    date: NaiveDate,
    kind: ObservationKind,
    goal: &str,
    priority: Priority,
) -> Result<String, String> {
    let (observer_id, _) = account(storage, observer)?;
    let (teacher_id, school_id) = account(storage, teacher)?;
    let entry = NewPlanEntry {
        school_id,
        observer_id,
        teacher_id,
        date: date_text(date),
        kind,
        goal: goal.into(),
        priorities: vec![priority],
    };
    let added = storage
        .add_plan_entry(&entry)
        .map_err(|e| e.to_string())?
        .ok_or("demo plan entry refused")?;
    Ok(added.id)
}

/// Plans the stories' sheets that were planned and the entries still to come; the
/// plan entry of each planned story, by its place in the list.
pub(super) fn seed_plan(
    storage: &dyn Storage,
    stories: &[Story],
    today: NaiveDate,
    goals: &[&str],
) -> Result<HashMap<usize, String>, String> {
    let mut planned = HashMap::new();
    for n in PLANNED_STORIES {
        let s = &stories[n];
        let date = today - Duration::days(s.days_ago);
        let goal = goals[n % goals.len()];
        let priority = Priority::ALL[n % Priority::ALL.len()];
        let id = add(storage, s.observer, s.teacher, date, s.kind, goal, priority)?;
        planned.insert(n, id);
    }
    for (i, (observer, teacher, days, kind, goal)) in TO_COME.into_iter().enumerate() {
        let date = today + Duration::days(days);
        add(
            storage,
            observer,
            teacher,
            date,
            kind,
            goal,
            Priority::ALL[i % Priority::ALL.len()],
        )?;
    }
    Ok(planned)
}

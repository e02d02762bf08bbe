//! The observation plan (8.1.1–8.1.3): per school and semester, who observes whom, when,
//! of what type and to what end, by the school year's priorities. Management plans its
//! own school, the municipal specialist any school. What is wrong with an entry is said
//! as a stable code (`plan.problem.<code>` in the catalogues); how far a plan is done
//! is counted here from the entries and the observations a viewer holds.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::calendar::{parse_date, NaiveDate, Semester};
use crate::{Observation, ObservationKind, Priority, Status};

/// One planned observation, as `GET /api/plan` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanEntry {
    /// What a sheet's `context.plan` names.
    pub id: String,
    pub school_id: i64,
    pub school: String,
    /// The observer's account.
    pub observer_id: String,
    pub observer: String,
    /// The observed teacher's account.
    pub teacher_id: String,
    pub teacher: String,
    /// YYYY-MM-DD; the semester follows from it.
    pub date: String,
    pub kind: ObservationKind,
    pub goal: String,
    pub priorities: Vec<Priority>,
    /// A sheet the observer made of it has been shared with the teacher. Worked out by
    /// the server from every record, so it holds for viewers who may not see the sheet
    /// itself (management sees of a collegial sheet only that it happened).
    #[serde(default)]
    pub done: bool,
}

/// `POST /api/plan`: a new entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPlanEntry {
    #[serde(deserialize_with = "crate::whole::i64")]
    pub school_id: i64,
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub observer_id: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub teacher_id: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 10))]
    pub date: String,
    pub kind: ObservationKind,
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub goal: String,
    #[serde(default)]
    pub priorities: Vec<Priority>,
}

/// `PUT /api/plan/{id}`: an entry's new date, type, goal and priorities. Who observes
/// whom stays: another pair is another entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanEdit {
    #[cfg_attr(feature = "openapi", schema(max_length = 10))]
    pub date: String,
    pub kind: ObservationKind,
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub goal: String,
    #[serde(default)]
    pub priorities: Vec<Priority>,
}

/// The longest goal, in characters.
pub const MAX_GOAL: usize = 2000;

/// An account as the plan's checks need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub active: bool,
    pub school_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlanProblem {
    NoObserver,
    ObserverInactive,
    NoTeacher,
    TeacherInactive,
    /// Nobody plans to observe their own lesson.
    SamePerson,
    /// The teacher works at another school than the plan's.
    TeacherElsewhere,
    BadDate,
    NoGoal,
    GoalTooLong,
}

impl PlanProblem {
    pub fn id(self) -> &'static str {
        match self {
            PlanProblem::NoObserver => "no_observer",
            PlanProblem::ObserverInactive => "observer_inactive",
            PlanProblem::NoTeacher => "no_teacher",
            PlanProblem::TeacherInactive => "teacher_inactive",
            PlanProblem::SamePerson => "same_person",
            PlanProblem::TeacherElsewhere => "teacher_elsewhere",
            PlanProblem::BadDate => "bad_date",
            PlanProblem::NoGoal => "no_goal",
            PlanProblem::GoalTooLong => "goal_too_long",
        }
    }

    /// The catalogue key of its message.
    pub fn key(self) -> String {
        format!("plan.problem.{}", self.id())
    }

    /// In words for the server's answers (the app says it from the catalogue).
    pub fn english(self) -> &'static str {
        match self {
            PlanProblem::NoObserver => "Choose the observer.",
            PlanProblem::ObserverInactive => "The observer's account is not active.",
            PlanProblem::NoTeacher => "Choose the teacher observed.",
            PlanProblem::TeacherInactive => "The teacher's account is not active.",
            PlanProblem::SamePerson => "The observer and the teacher must be two people.",
            PlanProblem::TeacherElsewhere => "The teacher does not work at this school.",
            PlanProblem::BadDate => "Give the date as YYYY-MM-DD.",
            PlanProblem::NoGoal => "Write the observation's goal.",
            PlanProblem::GoalTooLong => "The goal is too long.",
        }
    }
}

/// What is wrong with an entry of `school_id`: `observer` and `teacher` are the
/// accounts named, if they exist. Empty when it can be planned.
pub fn entry_problems(
    school_id: i64,
    observer_id: &str,
    observer: Option<Member>,
    teacher_id: &str,
    teacher: Option<Member>,
    date: &str,
    goal: &str,
) -> Vec<PlanProblem> {
    let mut problems = Vec::new();
    match observer {
        None => problems.push(PlanProblem::NoObserver),
        Some(m) if !m.active => problems.push(PlanProblem::ObserverInactive),
        Some(_) => {}
    }
    match teacher {
        None => problems.push(PlanProblem::NoTeacher),
        Some(m) if !m.active => problems.push(PlanProblem::TeacherInactive),
        Some(m) if m.school_id != Some(school_id) => problems.push(PlanProblem::TeacherElsewhere),
        Some(_) => {}
    }
    if observer.is_some() && teacher.is_some() && observer_id.trim() == teacher_id.trim() {
        problems.push(PlanProblem::SamePerson);
    }
    problems.extend(detail_problems(date, goal));
    problems
}

/// What is wrong with an entry's date and goal (all an edit changes but its type).
pub fn detail_problems(date: &str, goal: &str) -> Vec<PlanProblem> {
    let mut problems = Vec::new();
    if parse_date(date).is_none() {
        problems.push(PlanProblem::BadDate);
    }
    if goal.trim().is_empty() {
        problems.push(PlanProblem::NoGoal);
    } else if goal.chars().count() > MAX_GOAL {
        problems.push(PlanProblem::GoalTooLong);
    }
    problems
}

impl PlanEntry {
    pub fn semester(&self) -> Option<Semester> {
        parse_date(&self.date).map(Semester::of)
    }
}

/// The plan entries that sheets on this device are of: shared, not deleted, made by
/// their observer. What the observer's own device knows before the server says so.
pub fn done_here(entries: &[PlanEntry], held: &[Observation]) -> BTreeSet<String> {
    held.iter()
        .filter(|o| o.deleted_at.is_none() && o.status == Status::Shared)
        .filter(|o| {
            entries
                .iter()
                .any(|e| e.id == o.context.plan && e.observer_id == o.author)
        })
        .map(|o| o.context.plan.clone())
        .collect()
}

/// How an entry stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryState {
    Done,
    /// Its date has passed and it is not done.
    Overdue,
    Open,
}

pub fn entry_state(entry: &PlanEntry, done: &BTreeSet<String>, today: NaiveDate) -> EntryState {
    if entry.done || done.contains(&entry.id) {
        EntryState::Done
    } else if parse_date(&entry.date).is_some_and(|d| d < today) {
        EntryState::Overdue
    } else {
        EntryState::Open
    }
}

/// Planned, done and overdue of some entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanCount {
    pub planned: usize,
    pub done: usize,
    pub overdue: usize,
}

impl PlanCount {
    fn add(&mut self, state: EntryState) {
        self.planned += 1;
        match state {
            EntryState::Done => self.done += 1,
            EntryState::Overdue => self.overdue += 1,
            EntryState::Open => {}
        }
    }
}

/// Plan vs done in one semester: per school (by name), per teacher of each school (by
/// teacher's account), and in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanFigures {
    pub total: PlanCount,
    pub by_school: BTreeMap<String, PlanCount>,
    /// (school, teacher's name, teacher's account) → count.
    pub by_teacher: BTreeMap<(String, String, String), PlanCount>,
}

/// Plan vs done over the entries of `semester`; `done` adds the entries the device's
/// own sheets show done (see [`done_here`]).
pub fn plan_vs_done(
    entries: &[PlanEntry],
    done: &BTreeSet<String>,
    semester: Semester,
    today: NaiveDate,
) -> PlanFigures {
    let mut figures = PlanFigures::default();
    let planned = entries
        .iter()
        .filter(|e| e.semester().is_some_and(|s| s == semester));
    for entry in planned {
        let state = entry_state(entry, done, today);
        figures.total.add(state);
        figures
            .by_school
            .entry(entry.school.clone())
            .or_default()
            .add(state);
        figures
            .by_teacher
            .entry((
                entry.school.clone(),
                entry.teacher.clone(),
                entry.teacher_id.clone(),
            ))
            .or_default()
            .add(state);
    }
    figures
}

/// The entries `observer_id` is to observe, not yet done, by date: her home's list.
pub fn to_observe<'a>(
    entries: &'a [PlanEntry],
    observer_id: &str,
    done: &BTreeSet<String>,
) -> Vec<&'a PlanEntry> {
    let mut list: Vec<&PlanEntry> = entries
        .iter()
        .filter(|e| e.observer_id == observer_id && !e.done && !done.contains(&e.id))
        .collect();
    list.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    list
}

#[cfg(test)]
mod tests;

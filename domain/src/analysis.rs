//! The twice-yearly analysis (4.1.6, 4.2.5): over a school year or a semester, the
//! observations by type, school and stage; how the ratings of each criterion spread, in
//! all and per school, type and municipal priority; the change since the period before;
//! next steps agreed and done. It counts what the viewer holds: a device only has the
//! observations (and fields) its account may see, so the figures keep to its rights.

use std::collections::HashMap;

use crate::calendar::{local_date, parse_date, NaiveDate, SchoolYear, Semester};
use crate::workflow::Stage;
use crate::{Observation, ObservationKind, Priority, Rating, Status, Template};

mod csv;
#[cfg(test)]
mod tests;

pub use csv::{decimal, records_table, to_csv, Table};

/// What the analysis covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(SchoolYear),
    Semester(Semester),
}

impl Period {
    pub fn contains(self, date: NaiveDate) -> bool {
        match self {
            Period::Year(y) => y.contains(date),
            Period::Semester(s) => s.contains(date),
        }
    }

    /// The period the change is measured from: the semester or school year before.
    pub fn previous(self) -> Period {
        match self {
            Period::Year(y) => Period::Year(y.previous()),
            Period::Semester(s) => Period::Semester(s.previous()),
        }
    }
}

/// Whom a figure is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    All,
    School(String),
    Kind(ObservationKind),
    Priority(Priority),
}

/// How one criterion's ratings spread: how many at each level, and N/V.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spread {
    /// `levels[i]`: ratings at level `i + 1`.
    pub levels: Vec<usize>,
    pub not_observed: usize,
}

impl Spread {
    fn new(levels: usize) -> Spread {
        Spread {
            levels: vec![0; levels],
            not_observed: 0,
        }
    }

    fn add(&mut self, rating: Rating) {
        match rating {
            Rating::NotObserved => self.not_observed += 1,
            Rating::Level(n) => {
                if let Some(slot) = self.levels.get_mut(usize::from(n).wrapping_sub(1)) {
                    *slot += 1;
                }
            }
        }
    }

    /// Ratings on the scale (N/V not counted).
    pub fn rated(&self) -> usize {
        self.levels.iter().sum()
    }

    pub fn total(&self) -> usize {
        self.rated() + self.not_observed
    }

    pub fn mean(&self) -> Option<f64> {
        let rated = self.rated();
        (rated > 0).then(|| {
            let sum: usize = self
                .levels
                .iter()
                .enumerate()
                .map(|(i, n)| (i + 1) * n)
                .sum();
            sum as f64 / rated as f64
        })
    }
}

/// One criterion's spread within one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub group: Group,
    pub criterion: String,
    pub spread: Spread,
}

/// A criterion's mean now and in the period before.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub criterion: String,
    pub before: Spread,
    pub now: Spread,
}

impl Change {
    pub fn difference(&self) -> Option<f64> {
        Some(self.now.mean()? - self.before.mean()?)
    }
}

/// Next steps of the period's observations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steps {
    /// Agreed by both.
    pub agreed: usize,
    /// Of those, marked done.
    pub done: usize,
    /// Agreed, not done, past their date.
    pub overdue: usize,
    /// Proposed, not yet agreed.
    pub open: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Observations counted: shared (or withdrawn after being read) in the period.
    pub observations: usize,
    pub by_kind: Vec<(ObservationKind, usize)>,
    /// By school name, as the sheets name it.
    pub by_school: Vec<(String, usize)>,
    pub by_stage: Vec<(Stage, usize)>,
    /// Every criterion in every group that has a rating of it, groups in order.
    pub figures: Vec<Figure>,
    pub change: Vec<Change>,
    pub steps: Steps,
}

impl Analysis {
    /// The figures of one group, in the template's order.
    pub fn of_group<'a>(&'a self, group: &'a Group) -> impl Iterator<Item = &'a Figure> + 'a {
        self.figures.iter().filter(move |f| &f.group == group)
    }

    /// Every group with a figure, in order (all, schools, types, priorities).
    pub fn groups(&self) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for f in &self.figures {
            if groups.last() != Some(&f.group) && !groups.contains(&f.group) {
                groups.push(f.group.clone());
            }
        }
        groups
    }
}

/// The date an observation counts on: its lesson's, or the day it was begun.
pub fn lesson_date(o: &Observation) -> NaiveDate {
    parse_date(&o.context.date).unwrap_or_else(|| local_date(o.created_at, 0))
}

/// Whether an observation counts in the period: given to the teacher, not deleted.
pub fn counts(o: &Observation, period: Period) -> bool {
    o.deleted_at.is_none() && o.status != Status::Draft && period.contains(lesson_date(o))
}

/// Whether its ratings count: counted, and not taken back.
fn ratings_count(o: &Observation) -> bool {
    o.status == Status::Shared
}

fn in_group(o: &Observation, group: &Group) -> bool {
    match group {
        Group::All => true,
        Group::School(name) => &o.context.school == name,
        Group::Kind(kind) => o.kind == *kind,
        Group::Priority(p) => o.context.priorities.contains(p),
    }
}

/// The observations behind a figure (a group, and a criterion rated in it), or behind a
/// count (no criterion), newest lesson first.
pub fn behind<'a>(
    all: impl IntoIterator<Item = &'a Observation>,
    period: Period,
    group: &Group,
    criterion: Option<&str>,
) -> Vec<&'a Observation> {
    let mut found: Vec<&Observation> = all
        .into_iter()
        .filter(|o| counts(o, period) && in_group(o, group))
        .filter(|o| match criterion {
            Some(c) => ratings_count(o) && o.ratings.contains_key(c),
            None => true,
        })
        .collect();
    found.sort_by(|a, b| {
        lesson_date(b)
            .cmp(&lesson_date(a))
            .then_with(|| a.id.cmp(&b.id))
    });
    found
}

/// The analysis of `period` over what the viewer holds, by the criteria of `template`
/// (criteria of other versions with the same id count as the same criterion).
pub fn analyse<'a>(
    all: impl IntoIterator<Item = &'a Observation>,
    period: Period,
    template: &Template,
    today: NaiveDate,
) -> Analysis {
    let criteria: Vec<&str> = template.criteria().map(|c| c.id.as_str()).collect();
    let position: HashMap<&str, usize> =
        criteria.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let levels = usize::from(template.max_level());
    let before_period = period.previous();

    let mut observations = 0;
    let mut by_kind: HashMap<ObservationKind, usize> = HashMap::new();
    let mut by_school: HashMap<&str, usize> = HashMap::new();
    let mut by_stage: HashMap<Stage, usize> = HashMap::new();
    // Spreads by group, each a row per criterion.
    let mut spreads: HashMap<Group, Vec<Spread>> = HashMap::new();
    let mut before = vec![Spread::new(levels); criteria.len()];
    let mut steps = Steps::default();
    let blank = || vec![Spread::new(levels); criteria.len()];

    for o in all {
        if o.deleted_at.is_some() || o.status == Status::Draft {
            continue;
        }
        let date = lesson_date(o);
        if before_period.contains(date) {
            if ratings_count(o) {
                for (id, rating) in &o.ratings {
                    if let Some(&i) = position.get(id.as_str()) {
                        before[i].add(*rating);
                    }
                }
            }
            continue;
        }
        if !period.contains(date) {
            continue;
        }
        observations += 1;
        *by_kind.entry(o.kind).or_default() += 1;
        *by_school.entry(o.context.school.as_str()).or_default() += 1;
        let workflow = o.workflow();
        *by_stage.entry(workflow.stage()).or_default() += 1;
        for step in &workflow.steps {
            match (step.agreed_at, step.done_at) {
                (_, Some(_)) => {
                    steps.agreed += 1;
                    steps.done += 1;
                }
                (Some(_), None) => {
                    steps.agreed += 1;
                    if parse_date(&step.due).is_some_and(|due| due < today) {
                        steps.overdue += 1;
                    }
                }
                (None, None) => steps.open += 1,
            }
        }
        if !ratings_count(o) || o.ratings.is_empty() {
            continue;
        }
        let mut groups = vec![
            Group::All,
            Group::School(o.context.school.clone()),
            Group::Kind(o.kind),
        ];
        groups.extend(o.context.priorities.iter().map(|p| Group::Priority(*p)));
        groups.dedup();
        let rated: Vec<(usize, Rating)> = o
            .ratings
            .iter()
            .filter_map(|(id, r)| position.get(id.as_str()).map(|&i| (i, *r)))
            .collect();
        for group in groups {
            let rows = spreads.entry(group).or_insert_with(blank);
            for &(i, rating) in &rated {
                rows[i].add(rating);
            }
        }
    }

    let mut groups: Vec<Group> = spreads.keys().cloned().collect();
    groups.sort_by(|a, b| match (a, b) {
        (Group::School(x), Group::School(y)) => crate::names::compare(x, y),
        _ => a.cmp(b),
    });
    let mut figures = Vec::new();
    for group in groups {
        let rows = spreads.remove(&group).expect("a key of the map");
        for (i, spread) in rows.into_iter().enumerate() {
            if spread.total() > 0 {
                figures.push(Figure {
                    group: group.clone(),
                    criterion: criteria[i].to_owned(),
                    spread,
                });
            }
        }
    }
    let now_all: Vec<Spread> = criteria
        .iter()
        .map(|c| {
            figures
                .iter()
                .find(|f| f.group == Group::All && f.criterion == *c)
                .map(|f| f.spread.clone())
                .unwrap_or_else(|| Spread::new(levels))
        })
        .collect();
    let change = criteria
        .iter()
        .zip(now_all)
        .zip(before)
        .filter(|((_, now), before)| now.total() + before.total() > 0)
        .map(|((c, now), before)| Change {
            criterion: (*c).to_owned(),
            before,
            now,
        })
        .collect();

    let mut by_kind: Vec<_> = by_kind.into_iter().collect();
    by_kind.sort();
    let mut by_school: Vec<(String, usize)> = by_school
        .into_iter()
        .map(|(s, n)| (s.to_owned(), n))
        .collect();
    by_school.sort_by(|a, b| crate::names::compare(&a.0, &b.0));
    let mut by_stage: Vec<_> = by_stage.into_iter().collect();
    by_stage.sort();
    Analysis {
        observations,
        by_kind,
        by_school,
        by_stage,
        figures,
        change,
        steps,
    }
}

//! What a learning consultant, mentor or ed-tech mentor reads of one teacher before
//! talking with her: per criterion where her lessons stand, with the evidence behind
//! it; and the timeline of a mentoring pair's observations of each other.

use chrono::NaiveDate;

use crate::calendar::parse_date;
use crate::template::Template;
use crate::{Observation, Rating, Status};

/// Where a criterion stands on the template's scale (1 to `max_level`).
///
/// A strength when the mean is at least halfway between the top two levels: the top
/// level is "can share the experience", so most lessons reached it. An area to grow
/// when the mean is no higher than half a level below the scale's middle: most lessons
/// stayed in its lower half. The rule is judged on the mean as shown (one decimal), so
/// the label never disagrees with the figure beside it; on the default 1–4 scale a
/// strength is 3.5 or more, an area to grow 2.0 or less.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    Strength,
    Growing,
    Middle,
}

impl Standing {
    /// `tenths`: the mean in tenths of a level.
    fn of(tenths: u32, max: u8) -> Standing {
        let max = u32::from(max);
        if tenths + 5 >= max * 10 {
            Standing::Strength
        } else if tenths <= max * 5 {
            // The middle is (1 + max) / 2; half a level below it, in tenths, is 5·max.
            Standing::Growing
        } else {
            Standing::Middle
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Standing::Strength => "strength",
            Standing::Growing => "growing",
            Standing::Middle => "middle",
        }
    }
}

/// A passage from one observation, for the app to link to the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub record: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    /// The level that observation gave the criterion, if one.
    pub level: Option<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CriterionSummary {
    pub criterion: String,
    /// The mean level, to one decimal.
    pub mean: f32,
    /// How many observations gave it a level ("not observed" does not count).
    pub rated: usize,
    pub lowest: u8,
    pub highest: u8,
    pub standing: Standing,
    /// What the observers wrote for it and the live notes tied to it, newest lesson
    /// first, each sheet's written evidence before its notes.
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeacherSummary {
    pub teacher_id: String,
    /// Her name and school as the newest observation has them.
    pub teacher: String,
    pub school: String,
    pub criteria: Vec<CriterionSummary>,
    /// How many observations it rests on.
    pub observations: usize,
    /// The strengths the observers named, newest lesson first.
    pub named_strengths: Vec<Evidence>,
}

impl TeacherSummary {
    pub fn strengths(&self) -> impl Iterator<Item = &CriterionSummary> {
        self.criteria
            .iter()
            .filter(|c| c.standing == Standing::Strength)
    }

    pub fn to_grow(&self) -> impl Iterator<Item = &CriterionSummary> {
        self.criteria
            .iter()
            .filter(|c| c.standing == Standing::Growing)
    }
}

/// Newest lesson first; undated ones last; then the latest edited.
fn newest_first(list: &mut [(Option<NaiveDate>, &Observation)]) {
    list.sort_by(|(da, a), (db, b)| {
        (db.is_some(), db, b.updated_at, &a.id).cmp(&(da.is_some(), da, a.updated_at, &b.id))
    });
}

/// The summary of `teacher_id` from the observations of her lessons on the device
/// that are shared with her (not drafts, not withdrawn, not deleted); None when there
/// are none. `first`: criteria to put first, in that order (the ed-tech mentor's D3),
/// then the template's order. Criteria no one rated are left out, and so is a level
/// the template's scale does not have (a sheet made under another template).
pub fn of_teacher(
    teacher_id: &str,
    sheets: &[Observation],
    template: &Template,
    first: &[&str],
) -> Option<TeacherSummary> {
    let mut hers: Vec<(Option<NaiveDate>, &Observation)> = sheets
        .iter()
        .filter(|o| {
            o.deleted_at.is_none()
                && o.status == Status::Shared
                && !teacher_id.is_empty()
                && o.context.teacher_id == teacher_id
        })
        .map(|o| (parse_date(&o.context.date), o))
        .collect();
    newest_first(&mut hers);
    let newest = hers.first()?.1;
    let order = first
        .iter()
        .enumerate()
        .filter(|(i, id)| !first[..*i].contains(id))
        .filter_map(|(_, id)| template.criterion(id))
        .chain(
            template
                .criteria()
                .filter(|c| !first.contains(&c.id.as_str())),
        );
    let mut criteria = Vec::new();
    for c in order {
        let level = |o: &Observation| match o.ratings.get(&c.id) {
            Some(Rating::Level(l)) if template.level(*l).is_some() => Some(*l),
            _ => None,
        };
        let levels: Vec<u8> = hers.iter().filter_map(|(_, o)| level(o)).collect();
        let (Some(&lowest), Some(&highest)) = (levels.iter().min(), levels.iter().max()) else {
            continue;
        };
        let rated = levels.len() as u32;
        let sum: u32 = levels.iter().map(|&l| u32::from(l)).sum();
        // In whole tenths, rounded half up: a mean between two tenths (2.25) always
        // goes up, whatever f32 would make of it, and the standing is judged on it.
        let tenths = (sum * 20 + rated) / (rated * 2);
        let mut evidence = Vec::new();
        for (date, o) in &hers {
            let item = |text: &str| Evidence {
                record: o.id.clone(),
                date: *date,
                text: text.trim().to_owned(),
                level: level(o),
            };
            let written = o.evidence.get(&c.id).filter(|t| !t.trim().is_empty());
            evidence.extend(written.map(|t| item(t)));
            let mut notes: Vec<_> = o
                .notes
                .iter()
                .filter(|n| n.criterion.as_deref() == Some(c.id.as_str()))
                .filter(|n| !n.text.trim().is_empty())
                .collect();
            notes.sort_by_key(|n| (n.minute, n.at));
            evidence.extend(notes.into_iter().map(|n| item(&n.text)));
        }
        criteria.push(CriterionSummary {
            criterion: c.id.clone(),
            mean: tenths as f32 / 10.0,
            rated: levels.len(),
            lowest,
            highest,
            standing: Standing::of(tenths, template.max_level()),
            evidence,
        });
    }
    let named_strengths = hers
        .iter()
        .flat_map(|(date, o)| {
            o.strengths
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| Evidence {
                    record: o.id.clone(),
                    date: *date,
                    text: s.trim().to_owned(),
                    level: None,
                })
        })
        .collect();
    Some(TeacherSummary {
        teacher_id: teacher_id.to_owned(),
        teacher: newest.context.teacher.clone(),
        school: newest.context.school.clone(),
        criteria,
        observations: hers.len(),
        named_strengths,
    })
}

/// One observation in a mentoring pair's timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Meeting<'a> {
    pub obs: &'a Observation,
    pub date: Option<NaiveDate>,
    /// The mentor observed the mentee's lesson; otherwise the mentee observed hers.
    pub mentor_observed: bool,
}

/// The observations between `mentor` and `mentee`, both ways, newest lesson first
/// (undated last). Drafts are left out, whoever wrote them: a draft is its author's
/// alone and nothing has passed between the two yet (and a sheet withdrawn before it
/// was read, a draft again, may linger on the other's device). Deleted ones are left
/// out; withdrawn ones stay, as part of what happened between the two.
pub fn between<'a>(mentor: &str, mentee: &str, sheets: &'a [Observation]) -> Vec<Meeting<'a>> {
    let mut found: Vec<(Option<NaiveDate>, &Observation)> = sheets
        .iter()
        .filter(|o| {
            let (by, of) = (o.author.as_str(), o.context.teacher_id.as_str());
            let pair = (by == mentor && of == mentee) || (by == mentee && of == mentor);
            pair && !mentor.is_empty()
                && !mentee.is_empty()
                && o.deleted_at.is_none()
                && o.status != Status::Draft
        })
        .map(|o| (parse_date(&o.context.date), o))
        .collect();
    newest_first(&mut found);
    found
        .into_iter()
        .map(|(date, obs)| Meeting {
            obs,
            date,
            mentor_observed: obs.author == mentor,
        })
        .collect()
}

#[cfg(test)]
mod tests;

//! What a teacher's own screen shows of the observations of her lessons: what is new to
//! her, her next steps by date, and her progress per criterion over time.

use chrono::NaiveDate;

use crate::calendar::{due_state, parse_date, DueState};
use crate::template::Template;
use crate::workflow::Stage;
use crate::{Observation, Rating, Status};

/// The observations of `teacher`'s lessons on her device that are shared with her
/// (or were withdrawn after she read them), newest lesson first.
pub fn about<'a>(teacher: &str, sheets: &'a [Observation]) -> Vec<&'a Observation> {
    let mut list: Vec<&Observation> = sheets
        .iter()
        .filter(|o| {
            o.deleted_at.is_none()
                && o.author != teacher
                && o.context.teacher_id == teacher
                && o.status != Status::Draft
        })
        .collect();
    list.sort_by(|a, b| {
        (b.context.date.as_str(), b.updated_at).cmp(&(a.context.date.as_str(), a.updated_at))
    });
    list
}

/// New to her: not read yet, or changed since she read it.
pub fn is_new(o: &Observation) -> bool {
    let w = o.workflow();
    w.stage() != Stage::Withdrawn && (w.acknowledged_at.is_none() || w.unread_amendments())
}

/// One of her next steps, from the observation it was agreed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyStep {
    pub record: String,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub agreed: bool,
    pub due_state: Option<DueState>,
}

/// Her next steps not done yet, of observations still open: those due soonest first,
/// those without a date last.
pub fn open_steps(about_her: &[&Observation], today: NaiveDate, soon_days: u32) -> Vec<MyStep> {
    let mut steps: Vec<MyStep> = about_her
        .iter()
        .flat_map(|o| {
            let w = o.workflow();
            let open = w.closed.is_none() && w.stage() != Stage::Withdrawn;
            w.steps
                .into_iter()
                .filter(move |s| open && s.done_at.is_none())
                .map(|s| {
                    let due = parse_date(&s.due);
                    MyStep {
                        record: o.id.clone(),
                        text: s.text,
                        due,
                        agreed: s.agreed_at.is_some(),
                        due_state: due.map(|d| due_state(d, today, soon_days)),
                    }
                })
        })
        .collect();
    steps.sort_by_key(|s| (s.due.is_none(), s.due));
    steps
}

/// One criterion's ratings over time, from the observations she may see.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionProgress {
    pub criterion: String,
    /// (lesson date, level), oldest first; "not observed" is left out.
    pub points: Vec<(NaiveDate, u8)>,
}

impl CriterionProgress {
    /// The mean level, to one decimal, of the points it rests on.
    pub fn mean(&self) -> Option<f32> {
        if self.points.is_empty() {
            return None;
        }
        let sum: u32 = self.points.iter().map(|(_, l)| u32::from(*l)).sum();
        Some((sum as f32 / self.points.len() as f32 * 10.0).round() / 10.0)
    }

    /// The last level minus the first: how far it moved over the points.
    pub fn change(&self) -> Option<i16> {
        let first = self.points.first()?.1;
        let last = self.points.last()?.1;
        (self.points.len() > 1).then(|| i16::from(last) - i16::from(first))
    }
}

/// Per criterion of the template, in its order, the levels of the observations of her
/// lessons that carry one (and a lesson date). Criteria no one rated are left out.
pub fn progress(about_her: &[&Observation], template: &Template) -> Vec<CriterionProgress> {
    let mut dated: Vec<(NaiveDate, &Observation)> = about_her
        .iter()
        .filter(|o| o.status == Status::Shared)
        .filter_map(|o| Some((parse_date(&o.context.date)?, *o)))
        .collect();
    dated.sort_by_key(|(d, _)| *d);
    template
        .criteria()
        .map(|c| CriterionProgress {
            criterion: c.id.clone(),
            points: dated
                .iter()
                .filter_map(|(d, o)| match o.ratings.get(&c.id) {
                    Some(Rating::Level(l)) => Some((*d, *l)),
                    _ => None,
                })
                .collect(),
        })
        .filter(|p| !p.points.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::test_dates::d;
    use crate::workflow::Act;
    use crate::ObservationKind;

    const ME: &str = "2";

    fn shared(n: u32, date: &str, a1: Option<u8>) -> Observation {
        let t = Template::default_template();
        let mut o = Observation::new(
            format!("0190f3a1-2b3c-7fff-bfff-{n:012}"),
            ObservationKind::Peer,
            &t,
            1,
        );
        o.author = "1".into();
        o.context.teacher_id = ME.into();
        o.context.date = date.into();
        o.next_step.text = format!("solis {n}");
        o.next_step.due = "2026-12-10".into();
        if let Some(l) = a1 {
            o.ratings.insert("A1".into(), Rating::Level(l));
        }
        o.take(format!("s{n}"), "1", "Ilze", 10, Act::Shared)
            .unwrap();
        o
    }

    #[test]
    fn her_observations_newest_first_new_until_read_and_never_others_or_drafts() {
        let older = shared(1, "2026-10-01", Some(2));
        let mut read = shared(2, "2026-11-01", Some(3));
        read.take("a2".into(), ME, "Anna", 20, Act::Acknowledged)
            .unwrap();
        let mut draft = shared(3, "2026-11-20", None);
        draft.status = Status::Draft;
        let mut someone_else = shared(4, "2026-11-21", None);
        someone_else.context.teacher_id = "9".into();
        let mut mine = shared(5, "2026-11-22", None);
        mine.author = ME.into();
        let all = [older, read, draft, someone_else, mine];
        let list = about(ME, &all);
        let ids: Vec<_> = list.iter().map(|o| &o.id[o.id.len() - 1..]).collect();
        assert_eq!(ids, ["2", "1"]);
        assert!(is_new(list[1]));
        assert!(!is_new(list[0]));
    }

    #[test]
    fn next_steps_by_date_with_how_near_they_are_and_closed_ones_left_out() {
        let a = shared(1, "2026-10-01", None);
        let mut b = shared(2, "2026-11-01", None);
        b.take("a".into(), ME, "Anna", 20, Act::Acknowledged)
            .unwrap();
        b.take(
            "p".into(),
            ME,
            "Anna",
            21,
            Act::StepProposed {
                step: "x".into(),
                text: "cits".into(),
                due: "2026-12-01".into(),
                owner: ME.into(),
            },
        )
        .unwrap();
        let list = [a, b];
        let about_her = about(ME, &list);
        let steps = open_steps(&about_her, d("2026-12-03"), 7);
        let found: Vec<_> = steps
            .iter()
            .map(|s| (s.text.as_str(), s.due_state))
            .collect();
        assert_eq!(
            found,
            [
                ("cits", Some(DueState::Overdue)),
                ("solis 2", Some(DueState::Soon)),
                ("solis 1", Some(DueState::Soon)),
            ]
        );
    }

    #[test]
    fn progress_per_criterion_over_time_rests_on_the_rated_lessons() {
        let list = [
            shared(2, "2026-11-01", Some(3)),
            shared(1, "2026-10-01", Some(1)),
            shared(3, "2026-11-15", None),
        ];
        let about_her = about(ME, &list);
        let p = progress(&about_her, &Template::default_template());
        assert_eq!(p.len(), 1, "only A1 was rated");
        assert_eq!(
            p[0].points,
            vec![(d("2026-10-01"), 1), (d("2026-11-01"), 3)]
        );
        assert_eq!(p[0].mean(), Some(2.0));
        assert_eq!(p[0].change(), Some(2));
    }
}

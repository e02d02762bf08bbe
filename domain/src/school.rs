//! What a school's management sees of its school's observations on its own screen:
//! this semester's by type and stage, the atzinums addressed to it, and next steps
//! coming due. Only from what the server sent it, which for the collegial types is that
//! they happened (date, type, people, stage, step dates) and no words.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::calendar::{due_state, parse_date, DueState, Semester};
use crate::workflow::Stage;
use crate::{Observation, ObservationKind, Status};

/// The shared observations of the semester, counted by type and by stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    pub counts: BTreeMap<(ObservationKind, Stage), usize>,
    pub total: usize,
}

impl Overview {
    pub fn count(&self, kind: ObservationKind, stage: Stage) -> usize {
        self.counts.get(&(kind, stage)).copied().unwrap_or(0)
    }

    pub fn of_kind(&self, kind: ObservationKind) -> usize {
        self.counts
            .iter()
            .filter(|((k, _), _)| *k == kind)
            .map(|(_, n)| n)
            .sum()
    }
}

/// Observations of other people's lessons on this device that are shared (or withdrawn
/// after being read): what a school's management or the municipality follows.
fn followed<'a>(me: &'a str, sheets: &'a [Observation]) -> impl Iterator<Item = &'a Observation> {
    sheets.iter().filter(move |o| is_followed(me, o))
}

fn is_followed(me: &str, o: &Observation) -> bool {
    o.deleted_at.is_none() && o.author != me && o.status != Status::Draft
}

pub fn overview(me: &str, sheets: &[Observation], semester: Semester) -> Overview {
    let mut out = Overview::default();
    for o in followed(me, sheets) {
        let Some(date) = parse_date(&o.context.date) else {
            continue;
        };
        if semester.contains(date) {
            *out.counts.entry((o.kind, o.stage())).or_default() += 1;
            out.total += 1;
        }
    }
    out
}

/// The observations with an atzinums this account may read, newest lesson first.
pub fn opinions<'a>(me: &str, sheets: &'a [Observation]) -> Vec<&'a Observation> {
    let mut list: Vec<&Observation> = sheets
        .iter()
        .filter(|o| is_followed(me, o))
        .filter(|o| o.kind.has_opinion() && !o.opinion.trim().is_empty())
        .collect();
    list.sort_by(|a, b| b.context.date.cmp(&a.context.date));
    list
}

/// A next step not done yet, by its date (its words only where this account may read
/// them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepDue {
    pub record: String,
    pub teacher: String,
    pub text: String,
    pub due: NaiveDate,
    pub state: DueState,
}

/// Steps of open observations due by `within_days` from today or overdue, soonest
/// first.
pub fn steps_due(
    me: &str,
    sheets: &[Observation],
    today: NaiveDate,
    within_days: u32,
) -> Vec<StepDue> {
    let mut out: Vec<StepDue> = followed(me, sheets)
        .flat_map(|o| {
            let w = o.workflow();
            let open = w.closed.is_none() && w.stage() != Stage::Withdrawn;
            w.steps
                .into_iter()
                .filter(move |s| open && s.done_at.is_none())
                .filter_map(move |s| {
                    let due = parse_date(&s.due)?;
                    let state = due_state(due, today, within_days);
                    (state != DueState::Later).then(|| StepDue {
                        record: o.id.clone(),
                        teacher: o.context.teacher.clone(),
                        text: s.text,
                        due,
                        state,
                    })
                })
        })
        .collect();
    out.sort_by_key(|s| s.due);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::test_dates::d;
    use crate::workflow::Act;
    use crate::Template;

    fn shared(n: u32, kind: ObservationKind, date: &str, due: &str) -> Observation {
        let t = Template::default_template();
        let mut o = Observation::new(format!("0190f3a1-2b3c-7fff-bfff-{n:012}"), kind, &t, 1);
        o.author = "1".into();
        o.context.teacher_id = "2".into();
        o.context.teacher = "Anna".into();
        o.context.date = date.into();
        o.next_step.text = "solis".into();
        o.next_step.due = due.into();
        o.take(format!("s{n}"), "1", "Ilze", 10, Act::Shared)
            .unwrap();
        o
    }

    #[test]
    fn the_semester_by_type_and_stage_the_opinions_and_the_steps_coming_due() {
        use ObservationKind::*;
        let mut read = shared(2, Consultant, "2026-11-02", "2026-11-30");
        read.take("a".into(), "2", "Anna", 20, Act::Acknowledged)
            .unwrap();
        read.opinion = "Atzinums".into();
        let mut draft = shared(4, Peer, "2026-11-04", "2026-12-05");
        draft.status = Status::Draft;
        let list = [
            shared(1, Peer, "2026-10-01", "2026-12-05"),
            read,
            shared(3, Peer, "2026-06-01", "2026-12-04"),
            draft,
        ];
        let semester = Semester::of(d("2026-12-03"));
        let o = overview("9", &list, semester);
        assert_eq!(o.total, 2, "the spring's and the draft are not counted");
        assert_eq!(o.count(Peer, Stage::Shared), 1);
        assert_eq!(o.count(Consultant, Stage::Acknowledged), 1);
        assert_eq!(o.of_kind(Peer), 1);
        assert_eq!(opinions("9", &list).len(), 1);
        let due: Vec<_> = steps_due("9", &list, d("2026-12-03"), 7)
            .into_iter()
            .map(|s| (s.record.chars().last().unwrap(), s.state))
            .collect();
        assert_eq!(
            due,
            [
                ('2', DueState::Overdue),
                ('3', DueState::Soon),
                ('1', DueState::Soon)
            ]
        );
    }
}

/// One teacher a consultant or mentor follows, from the observations of her lessons on
/// their device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub teacher_id: String,
    pub teacher: String,
    pub school: String,
    pub observations: usize,
    /// The latest lesson observed, and its record.
    pub last: Option<(NaiveDate, String)>,
    /// Shared and not read by the teacher yet.
    pub waiting: usize,
    /// Next steps not done yet, of open observations.
    pub open_steps: usize,
    /// Of those, past their date.
    pub overdue: usize,
}

/// Every teacher whose lessons this account sees shared observations of, its own
/// included (her own lessons aside), by name in Latvian order.
pub fn caseload<'a>(
    me: &str,
    sheets: impl IntoIterator<Item = &'a Observation>,
    today: NaiveDate,
) -> Vec<Case> {
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    let shared = sheets.into_iter().filter(|o| {
        o.deleted_at.is_none()
            && o.status != Status::Draft
            && !o.context.teacher_id.is_empty()
            && o.context.teacher_id != me
    });
    for o in shared {
        let c = &o.context;
        let case = cases.entry(c.teacher_id.clone()).or_insert_with(|| Case {
            teacher_id: c.teacher_id.clone(),
            teacher: c.teacher.clone(),
            school: c.school.clone(),
            observations: 0,
            last: None,
            waiting: 0,
            open_steps: 0,
            overdue: 0,
        });
        case.observations += 1;
        if let Some(date) = parse_date(&c.date) {
            if case.last.as_ref().is_none_or(|(d, _)| date > *d) {
                case.last = Some((date, o.id.clone()));
            }
        }
        let w = o.workflow();
        let stage = w.stage();
        if stage == Stage::Shared {
            case.waiting += 1;
        }
        if w.closed.is_none() && stage != Stage::Withdrawn {
            for s in w.steps.iter().filter(|s| s.done_at.is_none()) {
                case.open_steps += 1;
                if parse_date(&s.due).is_some_and(|d| d < today) {
                    case.overdue += 1;
                }
            }
        }
    }
    let mut list: Vec<Case> = cases.into_values().collect();
    list.sort_by(|a, b| crate::names::compare(&a.teacher, &b.teacher));
    list
}

#[cfg(test)]
mod caseload_tests {
    use super::*;
    use crate::calendar::test_dates::d;
    use crate::workflow::Act;
    use crate::Template;

    fn about(n: u32, teacher: (&str, &str), date: &str) -> Observation {
        let t = Template::default_template();
        let mut o = Observation::new(
            format!("0190f3a1-2b3c-7fff-bfff-{n:012}"),
            ObservationKind::Consultant,
            &t,
            1,
        );
        o.author = "1".into();
        (o.context.teacher_id, o.context.teacher) = (teacher.0.into(), teacher.1.into());
        o.context.date = date.into();
        o.next_step.text = "solis".into();
        o.next_step.due = "2026-11-20".into();
        o.take(format!("s{n}"), "1", "Līga", 10, Act::Shared)
            .unwrap();
        o
    }

    #[test]
    fn a_caseload_by_teacher_in_latvian_order_with_what_is_pending() {
        let zarina = ("7", "Inese Zariņa");
        let cirulis = ("8", "Čakste Jānis");
        let berzina = ("2", "Anna Bērziņa");
        let mut read = about(2, berzina, "2026-11-01");
        read.take("a".into(), "2", "Anna", 20, Act::Acknowledged)
            .unwrap();
        let list = [
            about(1, berzina, "2026-10-01"),
            read,
            about(3, zarina, "2026-09-10"),
            about(4, cirulis, "2026-11-10"),
        ];
        let cases = caseload("1", &list, d("2026-12-03"));
        let names: Vec<_> = cases.iter().map(|c| c.teacher.as_str()).collect();
        assert_eq!(names, ["Anna Bērziņa", "Čakste Jānis", "Inese Zariņa"]);
        let anna = &cases[0];
        assert_eq!(
            (
                anna.observations,
                anna.waiting,
                anna.open_steps,
                anna.overdue
            ),
            (2, 1, 2, 2)
        );
        assert_eq!(anna.last.as_ref().map(|(d, _)| *d), Some(d("2026-11-01")));
    }
}

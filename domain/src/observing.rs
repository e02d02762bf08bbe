//! What an observer's own screen shows of the observations she made: each by where it
//! stands, what the teachers and others did with them since she last looked, and the
//! agreed steps a follow-up could check.

use crate::lists::Facts;
use crate::workflow::{Stage, StepState};
use crate::Observation;

/// Where one of her observations stands, as her screen groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pile {
    Draft,
    /// Shared; the teacher has not read it yet.
    Waiting,
    /// Read by the teacher; the next steps are still being agreed.
    Read,
    /// An agreed next step is not done yet.
    StepOpen,
    Closed,
    Withdrawn,
}

impl Pile {
    pub const ALL: [Pile; 6] = [
        Pile::Draft,
        Pile::Waiting,
        Pile::Read,
        Pile::StepOpen,
        Pile::Closed,
        Pile::Withdrawn,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Pile::Draft => "draft",
            Pile::Waiting => "waiting",
            Pile::Read => "read",
            Pile::StepOpen => "step_open",
            Pile::Closed => "closed",
            Pile::Withdrawn => "withdrawn",
        }
    }

    pub fn of(o: &Observation) -> Pile {
        let w = o.workflow();
        Pile::from(w.stage(), w.step_open())
    }

    /// From what a list already worked out of the record: no second fold.
    pub fn from_facts(f: &Facts) -> Pile {
        Pile::from(f.stage, f.step_open)
    }

    fn from(stage: Stage, step_open: bool) -> Pile {
        match stage {
            Stage::Draft => Pile::Draft,
            Stage::Shared => Pile::Waiting,
            Stage::Closed => Pile::Closed,
            Stage::Withdrawn => Pile::Withdrawn,
            Stage::Acknowledged | Stage::Reflected | Stage::Agreed if step_open => Pile::StepOpen,
            Stage::Acknowledged | Stage::Reflected | Stage::Agreed => Pile::Read,
        }
    }
}

/// Her own observations on the device, most recently changed first.
pub fn mine<'a>(me: &str, sheets: &'a [Observation]) -> Vec<&'a Observation> {
    let mut list: Vec<&Observation> = sheets
        .iter()
        .filter(|o| o.deleted_at.is_none() && o.author == me)
        .collect();
    list.sort_by_key(|o| std::cmp::Reverse(o.updated_at));
    list
}

/// Something another person did with one of her observations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    pub record: String,
    pub at: i64,
    pub name: String,
    /// The step's id (`acknowledged`, `reflected`, `step_proposed`, …) or `comment`.
    pub what: String,
}

/// What others did with her observations after `since` (Unix ms), newest first.
pub fn came_back(me: &str, mine: &[&Observation], since: i64) -> Vec<Returned> {
    let mut back: Vec<Returned> = Vec::new();
    for o in mine {
        for e in o.events.values().filter(|e| e.by != me && e.at > since) {
            back.push(Returned {
                record: o.id.clone(),
                at: e.at,
                name: e.name.clone(),
                what: e.act.id().to_owned(),
            });
        }
        for (by, c) in &o.comments {
            if by != me && c.at > since && !c.text.trim().is_empty() {
                back.push(Returned {
                    record: o.id.clone(),
                    at: c.at,
                    name: c.name.clone(),
                    what: "comment".into(),
                });
            }
        }
    }
    back.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.record.cmp(&b.record)));
    back
}

/// The agreed steps of `o` not done yet: what a follow-up observation would check.
pub fn steps_to_follow(o: &Observation) -> Vec<StepState> {
    let w = o.workflow();
    if w.closed.is_some() || w.stage() == Stage::Withdrawn {
        return Vec::new();
    }
    w.steps
        .into_iter()
        .filter(|s| s.agreed_at.is_some() && s.done_at.is_none())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::Comment;
    use crate::workflow::Act;
    use crate::{ObservationKind, Template};

    const ME: &str = "1";
    const TEACHER: &str = "2";

    fn sheet(n: u32) -> Observation {
        let t = Template::default_template();
        let mut o = Observation::new(
            format!("0190f3a1-2b3c-7fff-bfff-{n:012}"),
            ObservationKind::Peer,
            &t,
            1,
        );
        o.author = ME.into();
        o.context.teacher_id = TEACHER.into();
        o.next_step.text = "solis".into();
        o.next_step.due = "2026-12-10".into();
        o.updated_at = i64::from(n);
        o
    }

    fn take(o: &mut Observation, id: &str, by: &str, at: i64, act: Act) {
        o.take(
            id.into(),
            by,
            if by == ME { "Ilze" } else { "Anna" },
            at,
            act,
        )
        .unwrap();
    }

    #[test]
    fn each_observation_is_in_the_pile_of_where_it_stands() {
        let draft = sheet(1);
        let mut waiting = sheet(2);
        take(&mut waiting, "s", ME, 10, Act::Shared);
        let mut read = waiting.clone();
        take(&mut read, "a", TEACHER, 20, Act::Acknowledged);
        let mut agreed = read.clone();
        let step = agreed.workflow().steps[0].clone();
        take(
            &mut agreed,
            "k",
            TEACHER,
            30,
            Act::StepAccepted {
                step: step.id.clone(),
                proposal: step.proposal,
            },
        );
        let mut done = agreed.clone();
        take(
            &mut done,
            "d",
            ME,
            40,
            Act::StepDone {
                step: step.id.clone(),
            },
        );
        let mut closed = done.clone();
        take(&mut closed, "c", ME, 50, Act::Closed);
        let mut withdrawn = read.clone();
        take(&mut withdrawn, "w", ME, 60, Act::Withdrawn);
        let piles: Vec<Pile> = [&draft, &waiting, &read, &agreed, &done, &closed, &withdrawn]
            .map(Pile::of)
            .into();
        use Pile::*;
        assert_eq!(
            piles,
            [Draft, Waiting, Read, StepOpen, Read, Closed, Withdrawn]
        );
        assert_eq!(steps_to_follow(&agreed).len(), 1);
        assert!(steps_to_follow(&done).is_empty());
        assert!(steps_to_follow(&closed).is_empty());
    }

    #[test]
    fn what_came_back_is_what_others_did_since_she_looked_newest_first() {
        let mut o = sheet(1);
        take(&mut o, "s", ME, 10, Act::Shared);
        take(&mut o, "a", TEACHER, 20, Act::Acknowledged);
        o.reflection = "doma".into();
        take(&mut o, "r", TEACHER, 30, Act::Reflected);
        o.comments.insert(
            "3".into(),
            Comment {
                name: "Jānis".into(),
                text: "Labi".into(),
                at: 25,
            },
        );
        let other = sheet(2);
        let list = [o, other];
        let all = mine(ME, &list);
        assert_eq!(all.len(), 2);
        let back = came_back(ME, &all, 15);
        let what: Vec<_> = back.iter().map(|r| (r.what.as_str(), r.at)).collect();
        assert_eq!(
            what,
            [("reflected", 30), ("comment", 25), ("acknowledged", 20)]
        );
        assert!(
            came_back(ME, &all, 30).is_empty(),
            "nothing after she looked"
        );
    }
}

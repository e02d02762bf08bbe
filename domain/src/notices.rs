//! What the app tells a person after a sync: that feedback on her lesson arrived, or
//! that the teacher did something with the observation she wrote, or someone commented.
//! Each is told once: what was told is kept between syncs in [`Told`].

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::workflow::{Act, Party};
use crate::{Observation, Status};

/// What was already told, kept in the account's database between syncs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Told {
    /// Unix ms: what is stamped at or before it counts as told. Set when the account
    /// first syncs on the device, so that sync does not announce a whole year.
    pub since: i64,
    /// Record id → the keys of what was told of it: event ids, and `comment:<by>:<at>`
    /// for comments (a comment edited later has a new `at`, and is news again).
    pub events: BTreeMap<String, BTreeSet<String>>,
}

impl Told {
    pub fn starting(now_ms: i64) -> Told {
        Told {
            since: now_ms,
            events: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub record: String,
    pub at: i64,
    /// Who did it, as they were named then.
    pub name: String,
    pub what: NoticeKind,
    /// `Observation::title`, so the notice reads without opening the sheet.
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoticeKind {
    /// To the teacher: an observation of her lesson was shared with her, shared again or
    /// amended after she read it.
    NewFeedback,
    /// To the author: the teacher read it.
    Acknowledged,
    /// To the author: the teacher wrote her reflection.
    Reflected,
    /// The other party worded, accepted or did a next step: for the author anything
    /// the teacher does with the steps, for the teacher the author's answer to hers
    /// (the step the sheet was shared with is part of the feedback, not an answer).
    StepAnswered,
    /// Someone else commented on the sheet.
    Commented,
}

impl NoticeKind {
    /// The name in catalogues (`notice.<id>`).
    pub fn id(self) -> &'static str {
        match self {
            NoticeKind::NewFeedback => "new_feedback",
            NoticeKind::Acknowledged => "acknowledged",
            NoticeKind::Reflected => "reflected",
            NoticeKind::StepAnswered => "step_answered",
            NoticeKind::Commented => "commented",
        }
    }
}

/// Something another person did to one record, before it is known to be news.
struct Arrival {
    key: String,
    by: String,
    name: String,
    at: i64,
    what: NoticeKind,
}

/// What others did to `o` that `me`, standing to it as `party`, is told of. Only the
/// events that took effect (the workflow's history): a repeat or a step out of turn
/// changed nothing, so there is nothing to tell.
fn arrivals(me: &str, party: Party, o: &Observation) -> Vec<Arrival> {
    let mut out = Vec::new();
    // Who worded each step last, as the history goes: whether a wording answers hers.
    let mut worded_by: BTreeMap<String, String> = BTreeMap::new();
    for (id, e) in o.workflow().history {
        let what = match &e.act {
            _ if e.by == me => None,
            Act::Shared | Act::Amended { .. } if party == Party::Teacher => {
                Some(NoticeKind::NewFeedback)
            }
            Act::Acknowledged if party == Party::Author => Some(NoticeKind::Acknowledged),
            Act::Reflected if party == Party::Author => Some(NoticeKind::Reflected),
            Act::StepProposed { step, .. } => (party == Party::Author
                || worded_by.get(step).is_some_and(|by| by == me))
            .then_some(NoticeKind::StepAnswered),
            Act::StepAccepted { .. } | Act::StepDone { .. } => Some(NoticeKind::StepAnswered),
            _ => None,
        };
        if let Act::StepProposed { step, .. } = &e.act {
            worded_by.insert(step.clone(), e.by.clone());
        }
        let Some(what) = what else { continue };
        // Events made from a sheet older than events carry no name.
        let name = match (e.name.is_empty(), o.parties().party(&e.by)) {
            (false, _) => e.name,
            (true, Party::Author) => o.context.observer.clone(),
            (true, _) => o.context.teacher.clone(),
        };
        out.push(Arrival {
            key: id,
            by: e.by,
            name,
            at: e.at,
            what,
        });
    }
    for (by, c) in &o.comments {
        if by != me && !c.text.trim().is_empty() {
            out.push(Arrival {
                key: format!("comment:{by}:{}", c.at),
                by: by.clone(),
                name: c.name.clone(),
                at: c.at,
                what: NoticeKind::Commented,
            });
        }
    }
    out
}

/// The notices for `me` in `changed` (the records a sync just brought), newest first;
/// marks them told. Records `me` neither wrote nor is the teacher of give none, nor
/// does what she did herself, nor a deleted record; a teacher hears nothing of a
/// draft. What one person did of one kind to one record since the last sync is one
/// notice (the newest): proposing and accepting steps in one sitting is one answer.
pub fn tell(me: &str, changed: &[&Observation], told: &mut Told) -> Vec<Notice> {
    let mut notices = Vec::new();
    for o in changed {
        let party = o.parties().party(me);
        let silent = o.deleted_at.is_some()
            || match party {
                Party::Other => true,
                Party::Teacher => o.status == Status::Draft,
                Party::Author => false,
            };
        if silent {
            continue;
        }
        let already = told.events.get(&o.id);
        let fresh: Vec<Arrival> = arrivals(me, party, o)
            .into_iter()
            .filter(|a| a.at > told.since && already.is_none_or(|keys| !keys.contains(&a.key)))
            .collect();
        if fresh.is_empty() {
            continue;
        }
        let mut newest: BTreeMap<(NoticeKind, &str), &Arrival> = BTreeMap::new();
        for a in &fresh {
            let slot = newest.entry((a.what, a.by.as_str())).or_insert(a);
            if a.at > slot.at {
                *slot = a;
            }
        }
        let title = o.title();
        notices.extend(newest.into_values().map(|a| Notice {
            record: o.id.clone(),
            at: a.at,
            name: a.name.clone(),
            what: a.what,
            title: title.clone(),
        }));
        told.events
            .entry(o.id.clone())
            .or_default()
            .extend(fresh.into_iter().map(|a| a.key));
    }
    notices.sort_by(|a, b| (b.at, &a.record, a.what).cmp(&(a.at, &b.record, b.what)));
    notices
}

/// Forget records that left the device: if one comes back, what is older than
/// `since` stays told, and the rest was never seen on this device.
pub fn forget(told: &mut Told, gone: &[String]) {
    for id in gone {
        told.events.remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::Comment;
    use crate::workflow::Change;
    use crate::{ObservationKind, Template};

    const AUTHOR: &str = "1";
    const TEACHER: &str = "2";
    const MENTOR: &str = "3";

    fn sheet(n: u32) -> Observation {
        let t = Template::default_template();
        let mut o = Observation::new(format!("obs-{n}"), ObservationKind::Peer, &t, 1);
        o.author = AUTHOR.into();
        o.context.teacher_id = TEACHER.into();
        o.context.teacher = "Anna Bērziņa".into();
        o.context.observer = "Ilze Ozola".into();
        o.context.class = "7.a".into();
        o.next_step.text = "solis".into();
        o.next_step.due = "2026-12-10".into();
        o
    }

    fn take(o: &mut Observation, id: &str, by: &str, at: i64, act: Act) {
        let name = match by {
            AUTHOR => "Ilze",
            TEACHER => "Anna",
            _ => "Jānis",
        };
        o.take(id.into(), by, name, at, act).unwrap();
    }

    fn told(notices: &[Notice]) -> Vec<(&str, NoticeKind, i64)> {
        notices
            .iter()
            .map(|n| (n.name.as_str(), n.what, n.at))
            .collect()
    }

    #[test]
    fn the_first_sync_tells_nothing_older_and_each_acknowledgement_is_told_once() {
        let mut o = sheet(1);
        take(&mut o, "s", AUTHOR, 10, Act::Shared);
        o.comments.insert(
            MENTOR.into(),
            Comment {
                name: "Jānis".into(),
                text: "Labi".into(),
                at: 50,
            },
        );
        let mut t = Told::starting(100);
        assert!(
            tell(AUTHOR, &[&o], &mut t).is_empty(),
            "all before the first run"
        );
        take(&mut o, "a", TEACHER, 150, Act::Acknowledged);
        let notices = tell(AUTHOR, &[&o], &mut t);
        assert_eq!(told(&notices), [("Anna", NoticeKind::Acknowledged, 150)]);
        assert_eq!(notices[0].title, "Anna Bērziņa · 7.a");
        assert_eq!(notices[0].record, "obs-1");
        assert!(tell(AUTHOR, &[&o], &mut t).is_empty(), "told once");
        take(&mut o, "r", TEACHER, 200, Act::Reflected);
        o.comments.get_mut(MENTOR).unwrap().at = 210;
        let notices = tell(AUTHOR, &[&o], &mut t);
        assert_eq!(
            told(&notices),
            [
                ("Jānis", NoticeKind::Commented, 210),
                ("Anna", NoticeKind::Reflected, 200)
            ],
            "newest first; an edited comment is news again"
        );
        assert!(tell(AUTHOR, &[&o], &mut t).is_empty());
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Told>(&json).unwrap(), t);
    }

    #[test]
    fn the_teacher_is_told_of_new_feedback_once_and_of_an_amendment() {
        let mut o = sheet(1);
        let mut t = Told::starting(5);
        take(&mut o, "s", AUTHOR, 10, Act::Shared);
        let notices = tell(TEACHER, &[&o], &mut t);
        assert_eq!(
            told(&notices),
            [("Ilze", NoticeKind::NewFeedback, 10)],
            "the step shared with it is part of the feedback"
        );
        assert!(tell(TEACHER, &[&o], &mut t).is_empty());
        take(&mut o, "a", TEACHER, 20, Act::Acknowledged);
        assert!(tell(TEACHER, &[&o], &mut t).is_empty(), "her own act");
        let changes = [(
            "rating.A1".to_owned(),
            Change {
                before: "2".into(),
                after: "3".into(),
            },
        )];
        take(
            &mut o,
            "m",
            AUTHOR,
            30,
            Act::Amended {
                changes: changes.into(),
            },
        );
        let notices = tell(TEACHER, &[&o], &mut t);
        assert_eq!(told(&notices), [("Ilze", NoticeKind::NewFeedback, 30)]);
        assert!(
            tell(AUTHOR, &[&o], &mut Told::starting(25)).is_empty(),
            "her own act"
        );
    }

    #[test]
    fn steps_answered_are_told_to_whom_they_answer() {
        let mut o = sheet(1);
        take(&mut o, "s", AUTHOR, 10, Act::Shared);
        take(&mut o, "a", TEACHER, 20, Act::Acknowledged);
        let mut author = Told::starting(25);
        let mut teacher = Told::starting(25);
        let step = o.workflow().steps[0].id.clone();
        let wording = |text: &str| Act::StepProposed {
            step: step.clone(),
            text: text.into(),
            due: "2027-01-15".into(),
            owner: TEACHER.into(),
        };
        take(&mut o, "p1", TEACHER, 30, wording("cits"));
        take(&mut o, "p2", TEACHER, 40, wording("vēl cits"));
        let notices = tell(AUTHOR, &[&o], &mut author);
        assert_eq!(
            told(&notices),
            [("Anna", NoticeKind::StepAnswered, 40)],
            "two wordings in one sitting are one answer"
        );
        assert!(tell(TEACHER, &[&o], &mut teacher).is_empty());
        take(&mut o, "p3", AUTHOR, 50, wording("kopā"));
        let accept = Act::StepAccepted {
            step: step.clone(),
            proposal: "p3".into(),
        };
        take(&mut o, "k", TEACHER, 60, accept);
        assert_eq!(
            told(&tell(TEACHER, &[&o], &mut teacher)),
            [("Ilze", NoticeKind::StepAnswered, 50)],
            "the author's wording answers hers"
        );
        assert_eq!(
            told(&tell(AUTHOR, &[&o], &mut author)),
            [("Anna", NoticeKind::StepAnswered, 60)]
        );
    }

    #[test]
    fn drafts_deleted_records_and_others_records_tell_the_teacher_nothing() {
        let mut draft = sheet(1);
        draft.comments.insert(
            MENTOR.into(),
            Comment {
                name: "Jānis".into(),
                text: "Labi".into(),
                at: 50,
            },
        );
        let mut taken_back = sheet(2);
        take(&mut taken_back, "s", AUTHOR, 10, Act::Shared);
        take(&mut taken_back, "w", AUTHOR, 20, Act::Withdrawn);
        assert_eq!(taken_back.status, Status::Draft);
        let mut deleted = sheet(3);
        take(&mut deleted, "s", AUTHOR, 10, Act::Shared);
        deleted.deleted_at = Some(30);
        let mut elsewhere = sheet(4);
        take(&mut elsewhere, "s", AUTHOR, 10, Act::Shared);
        let all = [&draft, &taken_back, &deleted, &elsewhere];
        let mut t = Told::starting(0);
        assert!(tell(TEACHER, &all[..3], &mut t).is_empty());
        assert!(tell("9", &all, &mut t).is_empty(), "not hers");
        let notices = tell(AUTHOR, &all, &mut t);
        assert_eq!(
            told(&notices),
            [("Jānis", NoticeKind::Commented, 50)],
            "the author hears of a comment on her draft"
        );
        assert_eq!(tell(TEACHER, &all, &mut t).len(), 1, "the shared one");
        assert!(t.events.contains_key("obs-4"));
        forget(&mut t, &["obs-4".to_owned()]);
        assert!(!t.events.contains_key("obs-4"));
        assert_eq!(
            tell(TEACHER, &all, &mut t).len(),
            1,
            "forgotten, told again"
        );
    }

    #[test]
    fn notice_ids_are_distinct() {
        use NoticeKind::*;
        let ids: BTreeSet<_> = [
            NewFeedback,
            Acknowledged,
            Reflected,
            StepAnswered,
            Commented,
        ]
        .map(NoticeKind::id)
        .into();
        assert_eq!(ids.len(), 5);
    }
}

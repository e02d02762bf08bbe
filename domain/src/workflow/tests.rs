use proptest::prelude::*;
use std::collections::BTreeMap;

use super::*;
use crate::sync::fields::{changed_fields, observation_from, set_field, to_fields, Json};
use crate::sync::{Dot, Patch, RecordState};
use crate::{ObservationKind, Rating, Template};

const AUTHOR: &str = "1";
const TEACHER: &str = "2";
const MENTOR: &str = "3";

fn sheet() -> Observation {
    let t = Template::default_template();
    let mut o = Observation::new("obs".into(), ObservationKind::Peer, &t, 1_000);
    o.author = AUTHOR.into();
    o.context.teacher_id = TEACHER.into();
    o.context.observer = "Ilze Ozola".into();
    o.next_step.text = "Skolēni paši formulē SR".into();
    o.next_step.due = "2026-12-20".into();
    o.private_note = "tikai man".into();
    o.rate("A1", Some(Rating::Level(2)));
    o
}

fn take(o: &mut Observation, id: &str, by: &str, at: i64, act: Act) -> Result<(), Refusal> {
    o.take(id.into(), by, "", at, act)
}

fn first_step(o: &Observation) -> StepState {
    o.workflow().steps[0].clone()
}

#[test]
fn a_whole_cycle_from_draft_to_closed_with_its_history() {
    let mut o = sheet();
    assert_eq!(o.stage(), Stage::Draft);
    take(&mut o, "e1", AUTHOR, 10, Act::Shared).unwrap();
    assert_eq!(o.status, Status::Shared);
    assert_eq!(o.stage(), Stage::Shared);
    let proposed = first_step(&o);
    assert_eq!(proposed.text, "Skolēni paši formulē SR");
    assert_eq!(proposed.owner, TEACHER);
    take(&mut o, "e2", TEACHER, 20, Act::Acknowledged).unwrap();
    assert_eq!(o.stage(), Stage::Acknowledged);
    take(&mut o, "e3", TEACHER, 30, Act::Reflected).unwrap();
    assert_eq!(o.stage(), Stage::Reflected);
    let answer = Act::StepProposed {
        step: proposed.id.clone(),
        text: "SR kopā ar skolēniem".into(),
        due: "2027-01-15".into(),
        owner: TEACHER.into(),
    };
    take(&mut o, "e4", TEACHER, 40, answer).unwrap();
    let step = first_step(&o);
    assert_eq!((step.wordings, step.proposed_by.as_str()), (2, TEACHER));
    let accept_own = Act::StepAccepted {
        step: step.id.clone(),
        proposal: "e4".into(),
    };
    assert_eq!(
        take(&mut o, "x", TEACHER, 41, accept_own.clone()),
        Err(Refusal::OwnProposal)
    );
    take(&mut o, "e5", AUTHOR, 50, accept_own).unwrap();
    assert_eq!(o.stage(), Stage::Agreed);
    assert_eq!(
        take(&mut o, "x", AUTHOR, 51, Act::Closed),
        Err(Refusal::NothingDone)
    );
    let done = Act::StepDone {
        step: step.id.clone(),
    };
    take(&mut o, "e6", TEACHER, 60, done).unwrap();
    take(&mut o, "e7", AUTHOR, 70, Act::Closed).unwrap();
    assert_eq!(o.stage(), Stage::Closed);
    assert!(o.private_note.is_empty(), "a private note goes when closed");
    let history: Vec<&str> = o
        .workflow()
        .history
        .iter()
        .map(|(_, e)| e.act.id())
        .collect();
    assert_eq!(
        history,
        [
            "shared",
            "step_proposed",
            "acknowledged",
            "reflected",
            "step_proposed",
            "step_accepted",
            "step_done",
            "closed"
        ]
    );
    assert_eq!(
        take(&mut o, "x", AUTHOR, 80, Act::Withdrawn),
        Err(Refusal::Closed)
    );
}

#[test]
fn who_may_take_which_step_is_fixed() {
    let mut o = sheet();
    assert_eq!(
        take(&mut o, "x", TEACHER, 1, Act::Shared),
        Err(Refusal::NotYours)
    );
    assert_eq!(
        take(&mut o, "x", MENTOR, 1, Act::Shared),
        Err(Refusal::NotYours)
    );
    assert_eq!(
        take(&mut o, "x", TEACHER, 1, Act::Acknowledged),
        Err(Refusal::NotShared)
    );
    take(&mut o, "e1", AUTHOR, 10, Act::Shared).unwrap();
    assert_eq!(
        take(&mut o, "x", AUTHOR, 11, Act::Acknowledged),
        Err(Refusal::NotYours)
    );
    assert_eq!(
        take(&mut o, "x", MENTOR, 11, Act::Closed),
        Err(Refusal::NotYours)
    );
    assert_eq!(
        take(&mut o, "x", TEACHER, 11, Act::Reflected),
        Err(Refusal::NotAcknowledged)
    );
    let bad = Act::StepProposed {
        step: "s".into(),
        text: " ".into(),
        due: "2026-02-30".into(),
        owner: MENTOR.into(),
    };
    assert_eq!(take(&mut o, "x", AUTHOR, 12, bad), Err(Refusal::BadStep));
}

#[test]
fn the_same_step_taken_twice_counts_once() {
    let mut o = sheet();
    take(&mut o, "e1", AUTHOR, 10, Act::Shared).unwrap();
    take(&mut o, "phone", TEACHER, 20, Act::Acknowledged).unwrap();
    assert_eq!(
        take(&mut o, "again", TEACHER, 21, Act::Acknowledged),
        Err(Refusal::AlreadyDone)
    );
    // The same acknowledgement made offline on a second device reaches the record too.
    let mut tablet = o.clone();
    tablet.events.remove("phone");
    take(&mut tablet, "tablet", TEACHER, 25, Act::Acknowledged).unwrap();
    o.events.extend(tablet.events);
    let w = o.workflow();
    let acks = w
        .history
        .iter()
        .filter(|(_, e)| e.act == Act::Acknowledged)
        .count();
    assert_eq!((acks, w.acknowledged_at), (1, Some(20)));
}

#[test]
fn a_phone_whose_clock_is_behind_still_acknowledges_after_the_sharing() {
    let mut o = sheet();
    take(&mut o, "e1", AUTHOR, 10_000, Act::Shared).unwrap();
    o.events.insert(
        "e2".into(),
        Event {
            by: TEACHER.into(),
            name: String::new(),
            at: 5_000,
            act: Act::Acknowledged,
        },
    );
    assert_eq!(o.stage(), Stage::Acknowledged);
}

#[test]
fn changes_after_the_teacher_read_it_are_amendments_kept_with_before_and_after() {
    let mut o = sheet();
    take(&mut o, "e1", AUTHOR, 10, Act::Shared).unwrap();
    let mut ids = (1..).map(|n| format!("a{n}"));
    // Before the teacher read it, an edit is just an edit.
    let was = o.clone();
    o.rate("A1", Some(Rating::Level(3)));
    o.amend::<Json>(&was, || ids.next().unwrap(), 15);
    assert!(o.workflow().amendments.is_empty());
    take(&mut o, "e2", TEACHER, 20, Act::Acknowledged).unwrap();
    let was = o.clone();
    o.rate("A1", Some(Rating::Level(4)));
    o.amend::<Json>(&was, || ids.next().unwrap(), 30);
    let was = o.clone();
    o.rate("A1", Some(Rating::Level(2)));
    o.strengths[0] = "Skaidri mērķi".into();
    o.context.topic = "Daļskaitļi".into();
    o.amend::<Json>(&was, || ids.next().unwrap(), 31);
    let w = o.workflow();
    assert_eq!(
        w.amendments.len(),
        1,
        "one amendment while the teacher has not read it"
    );
    let a = &w.amendments[0];
    assert!(a.unread && w.unread_amendments());
    assert_eq!(a.changes["rating.A1"].before, "3");
    assert_eq!(a.changes["rating.A1"].after, "2");
    assert_eq!(a.changes["strength.1"].after, "\"Skaidri mērķi\"");
    assert!(
        !a.changes.contains_key("context.topic"),
        "not the observer's judgement"
    );
    // Changed back: no longer a change.
    let was = o.clone();
    o.rate("A1", Some(Rating::Level(3)));
    o.amend::<Json>(&was, || ids.next().unwrap(), 32);
    assert!(!o.workflow().amendments[0].changes.contains_key("rating.A1"));
    // The teacher reads the amendment; the next change is a new one.
    take(&mut o, "e3", TEACHER, 40, Act::Acknowledged).unwrap();
    assert!(!o.workflow().unread_amendments());
    let was = o.clone();
    o.evidence.insert("A1".into(), "Skolēni jautāja".into());
    o.amend::<Json>(&was, || ids.next().unwrap(), 50);
    let w = o.workflow();
    assert_eq!(w.amendments.len(), 2);
    assert_eq!(w.amendments[1].changes["evidence.A1"].before, "null");
    assert!(w.unread_amendments());
}

#[test]
fn withdrawing_before_the_teacher_read_it_makes_a_draft_after_leaves_a_trace() {
    let mut o = sheet();
    take(&mut o, "e1", AUTHOR, 10, Act::Shared).unwrap();
    take(&mut o, "e2", AUTHOR, 20, Act::Withdrawn).unwrap();
    assert_eq!((o.stage(), o.status), (Stage::Draft, Status::Draft));
    take(&mut o, "e3", AUTHOR, 30, Act::Shared).unwrap();
    take(&mut o, "e4", TEACHER, 40, Act::Acknowledged).unwrap();
    take(&mut o, "e5", AUTHOR, 50, Act::Withdrawn).unwrap();
    assert_eq!((o.stage(), o.status), (Stage::Withdrawn, Status::Withdrawn));
    assert_eq!(
        take(&mut o, "x", AUTHOR, 60, Act::Shared),
        Err(Refusal::Withdrawn)
    );
}

#[test]
fn a_follow_up_lets_the_observation_close() {
    let mut o = sheet();
    take(&mut o, "e1", AUTHOR, 10, Act::Shared).unwrap();
    take(&mut o, "e2", TEACHER, 20, Act::Acknowledged).unwrap();
    let follow = Act::FollowedUp {
        record: "later".into(),
    };
    take(&mut o, "e3", AUTHOR, 30, follow.clone()).unwrap();
    assert_eq!(
        take(&mut o, "x", AUTHOR, 31, follow),
        Err(Refusal::AlreadyDone)
    );
    take(&mut o, "e4", TEACHER, 40, Act::Closed).unwrap();
    assert_eq!(o.workflow().follow_ups, ["later"]);
}

#[test]
fn a_sheet_from_before_events_reads_as_shared_and_acknowledged() {
    let mut o = sheet();
    o.status = Status::Shared;
    o.acknowledged_at = Some(5_000);
    let w = o.workflow();
    assert_eq!(w.stage(), Stage::Acknowledged);
    assert_eq!(w.steps[0].due, "2026-12-20");
    assert_eq!(w.next_due(), Some("2026-12-20"));
}

#[test]
fn events_travel_as_fields_and_redact_without_their_words() {
    let mut o = sheet();
    take(&mut o, "e1", AUTHOR, 10, Act::Shared).unwrap();
    let fields = to_fields::<Json>(&o);
    assert!(fields.contains_key("event.e1") && fields.contains_key("event.e1-step"));
    let values = fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let (back, problems) = observation_from::<Json>("obs", AUTHOR, values);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back.events, o.events);
    let step = &o.events["e1-step"].act;
    match step.redacted() {
        Act::StepProposed { text, due, .. } => {
            assert_eq!((text.as_str(), due.as_str()), (WITHHELD, "2026-12-20"))
        }
        other => panic!("{other:?}"),
    }
}

// Property tests: random people trying random steps in random order.

const PEOPLE: [&str; 3] = [AUTHOR, TEACHER, MENTOR];

fn act_strategy() -> impl Strategy<Value = Act> {
    let step = prop::sample::select(vec!["s1", "s1", "s1", "s2"]).prop_map(str::to_owned);
    let proposal = prop::sample::select(vec!["p1", "p1", "p2", "p3"]).prop_map(str::to_owned);
    prop_oneof![
        Just(Act::Shared),
        Just(Act::Acknowledged),
        Just(Act::Reflected),
        (
            step.clone(),
            prop::sample::select(vec![AUTHOR, TEACHER, MENTOR]),
            any::<bool>()
        )
            .prop_map(|(step, owner, early)| Act::StepProposed {
                step,
                text: "Solis".into(),
                due: if early {
                    "2026-12-01".into()
                } else {
                    "2027-01-10".into()
                },
                owner: owner.into(),
            }),
        (step.clone(), proposal).prop_map(|(step, proposal)| Act::StepAccepted { step, proposal }),
        step.prop_map(|step| Act::StepDone { step }),
        Just(Act::FollowedUp {
            record: "later".into()
        }),
        any::<bool>().prop_map(|shown| Act::ShownToManagement { shown }),
        Just(Act::Withdrawn),
        Just(Act::Closed),
    ]
}

fn attempts() -> impl Strategy<Value = Vec<(usize, Act, i64)>> {
    prop::collection::vec((0..PEOPLE.len(), act_strategy(), 0i64..5), 1..40)
}

/// Runs the attempts through `take`, with proposals named p1, p2, … so acceptances can
/// name them. Returns the sheet and the refusals.
fn run(tries: &[(usize, Act, i64)]) -> (Observation, usize) {
    let mut o = sheet();
    // Steps come from the attempts (s1, s2), not from sharing: acceptances can name them.
    o.next_step = Default::default();
    let (mut clock, mut proposals, mut refused) = (100, 0, 0);
    for (n, (who, act, tick)) in tries.iter().enumerate() {
        clock += tick;
        let id = match act {
            Act::StepProposed { .. } => {
                proposals += 1;
                format!("p{proposals}")
            }
            _ => format!("e{n:02}"),
        };
        let before = o.clone();
        match o.take(id.clone(), PEOPLE[*who], "", clock, act.clone()) {
            Ok(()) => {
                assert!(act.taken_by(before.parties().party(PEOPLE[*who])));
                assert!(
                    o.workflow().history.iter().any(|(h, _)| *h == id),
                    "{act:?} in history"
                );
            }
            Err(_) => {
                refused += 1;
                if matches!(act, Act::StepProposed { .. }) {
                    proposals -= 1;
                }
                assert_eq!(o, before, "a refused step changes nothing");
            }
        }
    }
    (o, refused)
}

proptest! {
    #[test]
    fn no_step_is_taken_out_of_turn(tries in attempts()) {
        let (o, _) = run(&tries);
        let w = o.workflow();
        // Every event recorded took effect: history is complete.
        prop_assert_eq!(w.history.len(), o.events.len());
        let mut shared = false;
        let mut acknowledged = false;
        let mut closed = false;
        for (_, e) in &w.history {
            let party = o.parties().party(&e.by);
            prop_assert!(e.act.taken_by(party), "{:?} by {:?}", e.act, party);
            prop_assert!(!closed || matches!(e.act, Act::ShownToManagement { .. }), "after closing: {:?}", e.act);
            match &e.act {
                Act::Shared => shared = true,
                Act::Withdrawn => shared = false,
                Act::Acknowledged => { prop_assert!(shared); acknowledged = true; }
                Act::Reflected | Act::StepAccepted { .. } | Act::StepDone { .. }
                | Act::FollowedUp { .. } | Act::Closed => prop_assert!(acknowledged && shared),
                Act::StepProposed { .. } | Act::ShownToManagement { .. } | Act::Amended { .. } => prop_assert!(shared),
            }
            if e.act == Act::Closed { closed = true; }
        }
        if w.stage() == Stage::Closed {
            prop_assert!(o.private_note.is_empty());
        }
        // Management reading only that it happened folds the same stage and dates.
        let summary: BTreeMap<String, Event> = o
            .events
            .iter()
            .map(|(id, e)| (id.clone(), Event { act: e.act.redacted(), ..e.clone() }))
            .collect();
        let seen = Workflow::of(&o.parties(), &o.legacy(), &summary);
        prop_assert_eq!(seen.stage(), w.stage());
        prop_assert_eq!(seen.acknowledged_at, w.acknowledged_at);
        let dates = |w: &Workflow| {
            w.steps.iter().map(|s| (s.id.clone(), s.due.clone(), s.agreed_at, s.done_at)).collect::<Vec<_>>()
        };
        prop_assert_eq!(dates(&seen), dates(&w));
    }

    /// The observer and the teacher act at once on their own devices from the same
    /// sheet; their patches reach the server in any order, some twice. Every order ends
    /// in the same workflow, and it is the one both devices' events make together.
    #[test]
    fn concurrent_steps_converge(
        start in attempts(),
        observer in prop::collection::vec((act_strategy(), 0i64..5), 0..8),
        teacher in prop::collection::vec((act_strategy(), 0i64..5), 0..8),
        order in prop::collection::vec(0usize..100, 0..24),
    ) {
        let (base, _) = run(&start);
        let known = to_fields::<Json>(&base);
        let device = |who: &str, tries: &[(Act, i64)], tag: &str| {
            let mut o = base.clone();
            let mut at = 1_000;
            let mut patches = Vec::new();
            for (n, (act, tick)) in tries.iter().enumerate() {
                at += tick;
                let was = to_fields::<Json>(&o);
                if o.take(format!("{tag}{n}"), who, "", at, act.clone()).is_ok() {
                    patches.push(changed_fields(&to_fields::<Json>(&o), &was));
                }
            }
            patches
        };
        let mut patches: Vec<(String, BTreeMap<String, String>)> = Vec::new();
        for (tag, who, tries) in [("o", AUTHOR, &observer), ("t", TEACHER, &teacher)] {
            for (seq, set) in device(who, tries, tag).into_iter().enumerate() {
                patches.push((format!("{tag}:{seq}"), set));
            }
        }
        let deliver = |sequence: &[usize]| {
            let mut state = RecordState::default();
            let base_patch = Patch {
                record: "obs".into(), dot: Dot { device: "base".into(), seq: 1 },
                author: AUTHOR.into(), at: 0, base: Default::default(), set: known.clone(),
            };
            state.apply(&base_patch);
            for &i in sequence {
                let (dot, set) = &patches[i];
                let (device, seq) = dot.split_once(':').unwrap();
                let mut base_vv = base_patch.base.clone();
                base_vv.add(&base_patch.dot);
                // Each device's patches build on its own earlier ones.
                for s in 0..seq.parse::<u64>().unwrap() {
                    base_vv.add(&Dot { device: device.into(), seq: s + 1 });
                }
                state.apply(&Patch {
                    record: "obs".into(),
                    dot: Dot { device: device.into(), seq: seq.parse::<u64>().unwrap() + 1 },
                    author: AUTHOR.into(), at: 0, base: base_vv, set: set.clone(),
                });
            }
            let mut o = Observation::blank("obs".into());
            o.author = AUTHOR.into();
            for (path, field) in &state.fields {
                if let Some(head) = field.value() {
                    set_field::<Json>(&mut o, path, &head.value).unwrap();
                }
            }
            o.workflow()
        };
        let all: Vec<usize> = (0..patches.len()).collect();
        let in_order = deliver(&all);
        let mut shuffled: Vec<usize> = all.iter().rev().copied().collect();
        shuffled.extend(order.iter().filter(|_| !patches.is_empty()).map(|i| i % patches.len()));
        let reversed = deliver(&shuffled);
        prop_assert_eq!(in_order.stage(), reversed.stage());
        prop_assert_eq!(&in_order.history, &reversed.history);
        prop_assert_eq!(&in_order.steps, &reversed.steps);
    }
}

/// The random runs above must reach every stage, or they test less than they claim.
#[test]
fn the_random_runs_reach_every_stage() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..3_000 {
        let tries = attempts().new_tree(&mut runner).unwrap().current();
        seen.insert(run(&tries).0.stage());
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), Stage::ALL);
}

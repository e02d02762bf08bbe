//! The demo's school year so far: observations of every type across both schools,
//! dated around today, each as far along the feedback workflow as its story goes —
//! drafts, shared, read, reflected, next steps agreed (some overdue), done, followed up,
//! closed, one withdrawn. Every step is pushed by the person who takes it, through the
//! same rules as a real device's push.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use vero_domain::calendar::date_text;
use vero_domain::observation::{Comment, FollowUpOf, NextStep};
use vero_domain::sync::clock::VersionVector;
use vero_domain::sync::fields::{changed_fields, to_fields, Json};
use vero_domain::sync::PushedPatch;
use vero_domain::workflow::Act;
use vero_domain::{Observation, Priority, Rating, Template};

/// What stopped the seed, for the server's start-up message.
type Result<T> = std::result::Result<T, String>;

use super::stories::{stories, Reach, Story};
use super::texts::*;
use crate::storage::{Storage, SyncOutcome, SyncWork};
use crate::sync::rules::{self, Caller};

struct Account {
    caller: Caller,
    id: String,
    name: String,
    school: String,
}

struct Seeder<'a> {
    storage: &'a dyn Storage,
    accounts: HashMap<&'static str, Account>,
    /// Per account, the number of its seeding device's last patch.
    seqs: HashMap<&'static str, u64>,
    template: Template,
    now: i64,
    /// The plan entry of each story that was planned, by its place in the list.
    planned: HashMap<usize, String>,
}

pub fn seed_year(storage: &dyn Storage, today: NaiveDate) -> Result<usize> {
    let mut accounts = HashMap::new();
    for (username, ..) in super::ACCOUNTS {
        let found = storage
            .credentials(username)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no demo account {username}"))?;
        let profile = found.profile;
        let caller = Caller::of(&profile).ok_or_else(|| format!("no account id for {username}"))?;
        accounts.insert(
            username,
            Account {
                caller,
                id: profile.id.clone(),
                name: profile.display_name.clone(),
                school: profile.school.map(|s| s.name).unwrap_or_default(),
            },
        );
    }
    let mut seeder = Seeder {
        storage,
        accounts,
        seqs: HashMap::new(),
        template: Template::default_template(),
        now: crate::auth::now(),
        planned: super::plan::seed_plan(storage, &stories(), today, &GOALS)?,
    };
    let mut made: Vec<(String, String)> = Vec::new();
    for (n, s) in stories().iter().enumerate() {
        let follows = s.follows.map(|i| made[i].clone());
        made.push(seeder.tell(n, s, today, follows)?);
    }
    Ok(made.len())
}

/// Unix ms of `date` at `hour` (UTC: near enough for a demo).
fn ms(date: NaiveDate, hour: u32) -> i64 {
    date.and_hms_opt(hour, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp_millis())
}

fn record_id(n: usize) -> String {
    format!("0190f3a1-2b3c-7d00-8e00-{:012x}", 0xde30_0000 + n as u64)
}

/// One record's patches as they are made: what the server has of it, and what it saw.
struct Record {
    id: String,
    sent: std::collections::BTreeMap<String, String>,
    seen: VersionVector,
}

impl Seeder<'_> {
    /// Makes the story's observation and takes its steps; its id and its agreed step's.
    fn tell(
        &mut self,
        n: usize,
        s: &Story,
        today: NaiveDate,
        follows: Option<(String, String)>,
    ) -> Result<(String, String)> {
        let date = today - Duration::days(s.days_ago);
        let observer = &self.accounts[s.observer];
        let teacher = &self.accounts[s.teacher];
        let (observer_id, observer_name) = (observer.id.clone(), observer.name.clone());
        let (teacher_id, teacher_name) = (teacher.id.clone(), teacher.name.clone());
        let mut o = Observation::new(record_id(n), s.kind, &self.template, ms(date, 9));
        o.author = observer_id.clone();
        let (class, subject, topic) = LESSONS[n % LESSONS.len()];
        let c = &mut o.context;
        c.school = teacher.school.clone();
        c.teacher = teacher_name.clone();
        c.teacher_id = teacher_id.clone();
        c.observer = observer_name.clone();
        (c.class, c.subject, c.topic) = (class.into(), subject.into(), topic.into());
        c.date = date_text(date);
        c.time = format!(
            "{:02}:{:02}",
            8 + n % 6,
            if n.is_multiple_of(2) { 30 } else { 20 }
        );
        c.intended_outcome = OUTCOMES[n % OUTCOMES.len()].into();
        c.goal = GOALS[n % GOALS.len()].into();
        c.priorities = vec![Priority::ALL[n % Priority::ALL.len()]];
        c.plan = self.planned.get(&n).cloned().unwrap_or_default();
        for (i, criterion) in self.template.criteria().enumerate() {
            let rating = if criterion.is_optional(s.kind) && (n + i).is_multiple_of(3) {
                Rating::NotObserved
            } else {
                Rating::Level(1 + ((n * 3 + i * 5) % 4) as u8)
            };
            o.ratings.insert(criterion.id.clone(), rating);
            if (n + i).is_multiple_of(2) {
                let evidence = EVIDENCE[(n + i) % EVIDENCE.len()];
                o.evidence.insert(criterion.id.clone(), evidence.into());
            }
        }
        o.strengths = [
            STRENGTHS[n % STRENGTHS.len()].into(),
            STRENGTHS[(n + 3) % STRENGTHS.len()].into(),
        ];
        let (step_text, other_wording) = NEXT_STEPS[n % NEXT_STEPS.len()];
        o.next_step = NextStep {
            text: step_text.into(),
            // Three weeks on: the steps of the older stories not yet done are overdue.
            due: date_text(date + Duration::days(21)),
        };
        if s.kind.has_opinion() {
            o.opinion = OPINIONS[n % OPINIONS.len()].into();
        }
        if s.reach < Reach::Closed && n.is_multiple_of(3) {
            o.private_note = PRIVATE_NOTES[n % PRIVATE_NOTES.len()].into();
        }
        o.follows = follows.map(|(record, step)| FollowUpOf { record, step });
        let mut record = Record {
            id: o.id.clone(),
            sent: Default::default(),
            seen: VersionVector::default(),
        };
        if s.reach == Reach::Draft {
            self.push(s.observer, &mut record, &o, ms(date, 10))?;
            return Ok((o.id, String::new()));
        }

        let mut at = ms(date, 11);
        let step = |o: &mut Observation, who: &str, name: &str, at: &mut i64, act: Act| {
            *at += 3_600_000;
            let event = format!("{}-{at}", o.id.split('-').next_back().unwrap_or("e"));
            o.take(event, who, name, *at, act)
                .map_err(|r| format!("demo step refused: {}", r.id()))
        };
        step(&mut o, &observer_id, &observer_name, &mut at, Act::Shared)?;
        self.push(s.observer, &mut record, &o, at)?;
        let step_id = o
            .workflow()
            .steps
            .first()
            .map(|s| s.id.clone())
            .unwrap_or_default();
        if s.reach >= Reach::Read {
            at += 20 * 3_600_000;
            step(
                &mut o,
                &teacher_id,
                &teacher_name,
                &mut at,
                Act::Acknowledged,
            )?;
            self.push(s.teacher, &mut record, &o, at)?;
        }
        if s.withdrawn {
            step(
                &mut o,
                &observer_id,
                &observer_name,
                &mut at,
                Act::Withdrawn,
            )?;
            self.push(s.observer, &mut record, &o, at)?;
            return Ok((o.id, step_id));
        }
        if s.reach >= Reach::Reflected {
            o.reflection = REFLECTIONS[n % REFLECTIONS.len()].into();
            for (i, criterion) in self.template.criteria().take(3).enumerate() {
                o.self_ratings.insert(
                    criterion.id.clone(),
                    Rating::Level(1 + ((n + i * 2) % 4) as u8),
                );
            }
            step(&mut o, &teacher_id, &teacher_name, &mut at, Act::Reflected)?;
            self.push(s.teacher, &mut record, &o, at)?;
        }
        self.comment(s, n, &mut record, &mut o, at)?;
        if s.reach >= Reach::Agreed {
            let proposal = o.workflow().steps[0].proposal.clone();
            if s.reach == Reach::Answered || (s.reach > Reach::Answered && n % 2 == 1) {
                let answer = Act::StepProposed {
                    step: step_id.clone(),
                    text: other_wording.into(),
                    due: date_text(date + Duration::days(28)),
                    owner: teacher_id.clone(),
                };
                step(&mut o, &teacher_id, &teacher_name, &mut at, answer)?;
                self.push(s.teacher, &mut record, &o, at)?;
                let answered = o.workflow().steps[0].proposal.clone();
                let accept = Act::StepAccepted {
                    step: step_id.clone(),
                    proposal: answered,
                };
                step(&mut o, &observer_id, &observer_name, &mut at, accept)?;
                self.push(s.observer, &mut record, &o, at)?;
            } else {
                let accept = Act::StepAccepted {
                    step: step_id.clone(),
                    proposal,
                };
                step(&mut o, &teacher_id, &teacher_name, &mut at, accept)?;
                self.push(s.teacher, &mut record, &o, at)?;
            }
        }
        if s.reach >= Reach::Done {
            at += 14 * 24 * 3_600_000;
            let done = Act::StepDone {
                step: step_id.clone(),
            };
            step(&mut o, &teacher_id, &teacher_name, &mut at, done)?;
            self.push(s.teacher, &mut record, &o, at)?;
        }
        if s.reach >= Reach::Closed {
            step(&mut o, &observer_id, &observer_name, &mut at, Act::Closed)?;
            self.push(s.observer, &mut record, &o, at)?;
        }
        Ok((o.id, step_id))
    }

    /// The teacher's mentor comments on what she may read of a collegial observation;
    /// the consultant on the evaluative ones of her school.
    fn comment(
        &mut self,
        s: &Story,
        n: usize,
        record: &mut Record,
        o: &mut Observation,
        at: i64,
    ) -> Result<()> {
        let by = match (s.teacher, s.kind.has_opinion()) {
            ("teacher", false) if s.observer != "mentor" && n.is_multiple_of(2) => "mentor",
            ("teacher" | "teacher3", true) if s.observer != "consultant" => "consultant",
            _ => return Ok(()),
        };
        let who = &self.accounts[by];
        o.comments.insert(
            who.id.clone(),
            Comment {
                name: who.name.clone(),
                text: COMMENTS[n % COMMENTS.len()].into(),
                at: at + 1_800_000,
            },
        );
        self.push(by, record, o, at + 1_800_000)
    }

    /// Sends what changed of the record since its last patch, as `username`'s device.
    fn push(
        &mut self,
        username: &'static str,
        r: &mut Record,
        o: &Observation,
        at: i64,
    ) -> Result<()> {
        let fields = to_fields::<Json>(o);
        let set = changed_fields(&fields, &r.sent);
        let seq = self.seqs.entry(username).or_insert(0);
        *seq += 1;
        let device: Arc<str> = Arc::from(format!("demo-seed-{username}"));
        let patch = PushedPatch {
            record: r.id.clone(),
            seq: *seq,
            at,
            base: r.seen.clone(),
            set,
        };
        rules::check_patch(&patch).map_err(|e| format!("demo patch: {}", e.message))?;
        let work = SyncWork {
            device: device.to_string(),
            since: u64::MAX,
            limit: 1,
            push: vec![patch],
            echoes: false,
        };
        let answer = self
            .storage
            .sync(&self.accounts[username].caller, work, self.now);
        match answer.map_err(|e| e.to_string())? {
            SyncOutcome::Done(answer) if answer.rejected.is_empty() => {}
            SyncOutcome::Done(answer) => {
                let why = &answer.rejected[0];
                return Err(format!(
                    "demo patch of {username} refused: {} {}",
                    why.error, why.message
                ));
            }
            SyncOutcome::DeviceTaken => {
                return Err("demo device taken".into());
            }
        }
        r.seen.see(&device, *seq);
        r.sent = fields;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::SqliteStorage;
    use std::collections::BTreeSet;
    use vero_domain::calendar::{is_overdue, parse_date};
    use vero_domain::sync::fields::observation_from;
    use vero_domain::workflow::Stage;
    use vero_domain::ObservationKind;

    /// Every observation `username` may see, as their device would fold it.
    fn seen_by(storage: &SqliteStorage, username: &str) -> Vec<Observation> {
        let profile = storage.credentials(username).unwrap().unwrap().profile;
        let caller = Caller::of(&profile).unwrap();
        let work = SyncWork {
            device: format!("check-{username}"),
            since: 0,
            limit: 1000,
            push: vec![],
            echoes: false,
        };
        let SyncOutcome::Done(answer) = storage.sync(&caller, work, 0).unwrap() else {
            panic!("device taken");
        };
        assert!(!answer.more);
        answer
            .records
            .iter()
            .map(|r| {
                let (o, problems) = observation_from::<Json>(&r.id, &r.owner, r.values());
                assert!(problems.is_empty(), "{problems:?}");
                o
            })
            .collect()
    }

    #[test]
    fn the_year_goes_through_the_rules_of_a_real_push_and_every_role_has_a_story() {
        let dir = tempfile::tempdir().unwrap();
        let storage = SqliteStorage::open(dir.path()).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert!(super::super::seed(&storage, today).unwrap());
        assert_eq!(seed_year(&storage, today).unwrap(), stories().len());

        let teacher = seen_by(&storage, "teacher");
        let stages: BTreeSet<Stage> = teacher.iter().map(Observation::stage).collect();
        for stage in [
            Stage::Shared,
            Stage::Acknowledged,
            Stage::Reflected,
            Stage::Agreed,
            Stage::Closed,
        ] {
            assert!(
                stages.contains(&stage),
                "the teacher has one {}",
                stage.id()
            );
        }
        let overdue = teacher.iter().any(|o| {
            let w = o.workflow();
            w.closed.is_none()
                && w.steps.iter().any(|s| {
                    s.done_at.is_none() && parse_date(&s.due).is_some_and(|d| is_overdue(d, today))
                })
        });
        assert!(overdue, "some of her next steps are overdue");
        assert!(teacher.iter().any(|o| o.follows.is_some()), "a follow-up");
        assert!(
            teacher.iter().any(|o| !o.comments.is_empty()),
            "her mentor commented"
        );
        let teacher_id = storage.credentials("teacher").unwrap().unwrap().profile.id;
        assert!(
            teacher
                .iter()
                .filter(|o| o.author != teacher_id)
                .all(|o| o.private_note.is_empty()),
            "no one else's private note reaches her"
        );
        assert!(
            teacher
                .iter()
                .any(|o| o.author != teacher_id && o.context.teacher_id == teacher_id),
            "observations of her lessons"
        );

        let kinds: BTreeSet<ObservationKind> = ["teacher", "teacher2", "teacher3"]
            .into_iter()
            .flat_map(|t| seen_by(&storage, t))
            .map(|o| o.kind)
            .collect();
        assert_eq!(
            kinds.len(),
            ObservationKind::ALL.len(),
            "every type happens"
        );

        let observer = seen_by(&storage, "observer");
        assert!(
            observer.iter().any(|o| o.stage() == Stage::Draft),
            "drafts of her own"
        );
        assert!(seen_by(&storage, "teacher3")
            .iter()
            .any(|o| o.stage() == Stage::Withdrawn));
        // The mentoring pair, both ways.
        let mentor = seen_by(&storage, "mentor");
        let mentor_id = storage.credentials("mentor").unwrap().unwrap().profile.id;
        assert!(mentor.iter().any(|o| o.author == mentor_id));
        assert!(mentor.iter().any(|o| o.context.teacher_id == mentor_id));
        // The consultant's caseload and the heads of both schools have something.
        assert!(seen_by(&storage, "consultant").len() >= 4);
        assert!(!seen_by(&storage, "head").is_empty());
        assert!(!seen_by(&storage, "head2").is_empty());
        // Seeded once: the accounts exist, so a second start seeds nothing more.
        assert!(!super::super::seed(&storage, today).unwrap());
    }
}

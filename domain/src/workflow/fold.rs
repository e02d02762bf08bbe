//! What an observation's events add up to.
//!
//! Devices record steps offline and their clocks disagree, so events arrive in any order
//! and some twice. The fold is a function of the *set* of events: it takes them in
//! (time, id) order, skipping one that is not yet permitted and coming back to it once
//! something else made it so (a teacher's phone whose clock is behind still
//! acknowledges after the sharing it saw). What is never permitted — a repeat, a step
//! out of turn — stays out of the state and the history. Every device and the server
//! compute the same state from the same events.

use std::collections::BTreeMap;

use super::act::{Act, Change, Event, Party, WITHHELD};
use crate::calendar::parse_date;
use crate::Status;

/// Where an observation is in its workflow, for lists and filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// melnraksts: only its author sees it.
    Draft,
    /// kopīgots: the teacher has it and has not read it yet.
    Shared,
    /// iepazinies: the teacher has read it.
    Acknowledged,
    /// The teacher has written a reflection.
    Reflected,
    /// Every next step is agreed by both.
    Agreed,
    /// noslēgts.
    Closed,
    /// Taken back after the teacher read it.
    Withdrawn,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Draft,
        Stage::Shared,
        Stage::Acknowledged,
        Stage::Reflected,
        Stage::Agreed,
        Stage::Closed,
        Stage::Withdrawn,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Shared => "shared",
            Stage::Acknowledged => "acknowledged",
            Stage::Reflected => "reflected",
            Stage::Agreed => "agreed",
            Stage::Closed => "closed",
            Stage::Withdrawn => "withdrawn",
        }
    }

    pub fn from_id(id: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// Why a step may not be taken now; the catalogue key is `refusal.<id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not this person's step to take.
    NotYours,
    NotShared,
    NotAcknowledged,
    /// Taken already; taking it again changes nothing.
    AlreadyDone,
    Closed,
    Withdrawn,
    NoSuchStep,
    /// A proposal is accepted by the other party, not by who made it.
    OwnProposal,
    /// The proposal was answered with another wording since.
    Superseded,
    NotAgreed,
    /// Closing needs a follow-up or a step done.
    NothingDone,
    /// A next step needs its words, a real date, and the teacher or the observer as owner.
    BadStep,
}

impl Refusal {
    pub fn id(self) -> &'static str {
        match self {
            Refusal::NotYours => "not_yours",
            Refusal::NotShared => "not_shared",
            Refusal::NotAcknowledged => "not_acknowledged",
            Refusal::AlreadyDone => "already_done",
            Refusal::Closed => "closed",
            Refusal::Withdrawn => "withdrawn",
            Refusal::NoSuchStep => "no_such_step",
            Refusal::OwnProposal => "own_proposal",
            Refusal::Superseded => "superseded",
            Refusal::NotAgreed => "not_agreed",
            Refusal::NothingDone => "nothing_done",
            Refusal::BadStep => "bad_step",
        }
    }
}

/// A next step as agreed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepState {
    pub id: String,
    pub text: String,
    pub due: String,
    pub owner: String,
    /// The event id of the wording on the table, and who proposed it.
    pub proposal: String,
    pub proposed_by: String,
    /// How many wordings it has had.
    pub wordings: usize,
    pub agreed_at: Option<i64>,
    pub done_at: Option<i64>,
}

/// An amendment: what the author changed after the teacher had read the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    pub event: String,
    pub at: i64,
    pub changes: BTreeMap<String, Change>,
    /// The teacher has not acknowledged it yet.
    pub unread: bool,
}

/// Who the observation is between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parties {
    pub author: String,
    pub teacher: String,
}

impl Parties {
    pub fn party(&self, account: &str) -> Party {
        if !account.is_empty() && account == self.author {
            Party::Author
        } else if !account.is_empty() && account == self.teacher {
            Party::Teacher
        } else {
            Party::Other
        }
    }
}

/// What a sheet recorded before it had events, read as the events it stands for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Legacy {
    pub status: Status,
    pub created_at: i64,
    pub acknowledged_at: Option<i64>,
    /// The sheet's own next step (text, due).
    pub next_step: Option<(String, String)>,
}

/// The state of an observation's workflow.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Workflow {
    pub shared: bool,
    pub shared_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub reflected_at: Option<i64>,
    pub steps: Vec<StepState>,
    pub follow_ups: Vec<String>,
    pub shown_to_management: bool,
    pub amendments: Vec<Amendment>,
    pub withdrawn_at: Option<i64>,
    pub closed: Option<(String, i64)>,
    /// The events that took effect, in the order they did: the record's history.
    pub history: Vec<(String, Event)>,
    parties: Option<Parties>,
}

impl Workflow {
    /// The workflow of a sheet between `parties` with these events.
    pub fn of<'a>(
        parties: &Parties,
        legacy: &Legacy,
        events: impl IntoIterator<Item = (&'a String, &'a Event)>,
    ) -> Workflow {
        let mut pending: Vec<(String, Event)> = events
            .into_iter()
            .map(|(id, e)| (id.clone(), e.clone()))
            .collect();
        pending.extend(legacy_events(parties, legacy, &pending));
        pending.sort_by(|a, b| (a.1.at, &a.0).cmp(&(b.1.at, &b.0)));
        let mut w = Workflow {
            parties: Some(parties.clone()),
            ..Workflow::default()
        };
        // Each pass applies the earliest event now permitted; it ends when none is.
        while let Some(i) = pending
            .iter()
            .position(|(id, e)| w.permits_event(id, e).is_ok())
        {
            let (id, e) = pending.remove(i);
            w.apply(id, e);
        }
        w
    }

    /// An agreed next step is not done yet.
    pub fn step_open(&self) -> bool {
        self.steps
            .iter()
            .any(|s| s.agreed_at.is_some() && s.done_at.is_none())
    }

    pub fn stage(&self) -> Stage {
        if self.closed.is_some() {
            Stage::Closed
        } else if self.withdrawn_at.is_some() && !self.shared && self.acknowledged_at.is_some() {
            Stage::Withdrawn
        } else if !self.shared {
            Stage::Draft
        } else if self.acknowledged_at.is_none() {
            Stage::Shared
        } else if !self.steps.is_empty() && self.steps.iter().all(|s| s.agreed_at.is_some()) {
            Stage::Agreed
        } else if self.reflected_at.is_some() {
            Stage::Reflected
        } else {
            Stage::Acknowledged
        }
    }

    fn parties(&self) -> &Parties {
        self.parties.as_ref().expect("made by Workflow::of")
    }

    pub fn step(&self, id: &str) -> Option<&StepState> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The nearest due date of a step not yet done, agreed or still being worded.
    pub fn next_due(&self) -> Option<&str> {
        self.steps
            .iter()
            .filter(|s| s.done_at.is_none())
            .map(|s| s.due.as_str())
            .min()
    }

    /// Whether the author's changes since the teacher read it wait to be read.
    pub fn unread_amendments(&self) -> bool {
        self.amendments.iter().any(|a| a.unread)
    }

    /// The open amendment the author is adding to: the last one the teacher has not
    /// acknowledged.
    pub fn open_amendment(&self) -> Option<&Amendment> {
        self.amendments.iter().rev().find(|a| a.unread)
    }

    /// Whether the person `account` may take `act` now (at `at`, Unix ms).
    pub fn permits(&self, account: &str, at: i64, act: &Act) -> Result<(), Refusal> {
        let party = self.parties().party(account);
        if !act.taken_by(party) {
            return Err(Refusal::NotYours);
        }
        if self.closed.is_some() && !matches!(act, Act::ShownToManagement { .. }) {
            return Err(Refusal::Closed);
        }
        if self.stage() == Stage::Withdrawn {
            return Err(Refusal::Withdrawn);
        }
        let acknowledged = self.acknowledged_at.is_some();
        match act {
            Act::Shared if self.shared => Err(Refusal::AlreadyDone),
            Act::Shared => Ok(()),
            _ if !self.shared => Err(Refusal::NotShared),
            Act::Acknowledged => {
                // Again only to read amendments made before this acknowledgement.
                let unread_before = self.amendments.iter().any(|a| a.unread && a.at <= at);
                if acknowledged && !unread_before {
                    Err(Refusal::AlreadyDone)
                } else {
                    Ok(())
                }
            }
            Act::Withdrawn => Ok(()),
            Act::StepProposed {
                step,
                text,
                due,
                owner,
            } => {
                if party == Party::Teacher && !acknowledged {
                    return Err(Refusal::NotAcknowledged);
                }
                let p = self.parties();
                let owner_ok = !owner.is_empty() && (*owner == p.author || *owner == p.teacher);
                if text.trim().is_empty() || parse_date(due).is_none() || !owner_ok {
                    return Err(Refusal::BadStep);
                }
                // A reader without the words (a summary) cannot tell wordings apart: each
                // one counts as new, as each was when it was taken.
                let withheld = text == WITHHELD;
                match self.step(step) {
                    Some(s) if s.done_at.is_some() => Err(Refusal::AlreadyDone),
                    Some(s)
                        if !withheld && s.text == *text && s.due == *due && s.owner == *owner =>
                    {
                        Err(Refusal::AlreadyDone)
                    }
                    _ => Ok(()),
                }
            }
            _ if !acknowledged => Err(Refusal::NotAcknowledged),
            Act::Reflected if self.reflected_at.is_some() => Err(Refusal::AlreadyDone),
            Act::Reflected => Ok(()),
            Act::StepAccepted { step, proposal } => {
                let s = self.step(step).ok_or(Refusal::NoSuchStep)?;
                if s.proposal != *proposal {
                    Err(Refusal::Superseded)
                } else if s.agreed_at.is_some() {
                    Err(Refusal::AlreadyDone)
                } else if s.proposed_by == account {
                    Err(Refusal::OwnProposal)
                } else {
                    Ok(())
                }
            }
            Act::StepDone { step } => {
                let s = self.step(step).ok_or(Refusal::NoSuchStep)?;
                if s.done_at.is_some() {
                    Err(Refusal::AlreadyDone)
                } else if s.agreed_at.is_none() {
                    Err(Refusal::NotAgreed)
                } else {
                    Ok(())
                }
            }
            Act::FollowedUp { record } if self.follow_ups.contains(record) => {
                Err(Refusal::AlreadyDone)
            }
            Act::FollowedUp { .. } => Ok(()),
            Act::ShownToManagement { shown } if *shown == self.shown_to_management => {
                Err(Refusal::AlreadyDone)
            }
            Act::ShownToManagement { .. } => Ok(()),
            Act::Amended { changes } if changes.is_empty() => Err(Refusal::AlreadyDone),
            Act::Amended { .. } => Ok(()),
            Act::Closed => {
                let done = self.steps.iter().any(|s| s.done_at.is_some());
                if done || !self.follow_ups.is_empty() {
                    Ok(())
                } else {
                    Err(Refusal::NothingDone)
                }
            }
        }
    }

    fn permits_event(&self, _id: &str, e: &Event) -> Result<(), Refusal> {
        self.permits(&e.by, e.at, &e.act)
    }

    fn apply(&mut self, id: String, e: Event) {
        match &e.act {
            Act::Shared => {
                self.shared = true;
                self.shared_at.get_or_insert(e.at);
                self.withdrawn_at = None;
            }
            Act::Acknowledged => {
                self.acknowledged_at = Some(e.at);
                for a in &mut self.amendments {
                    if a.at <= e.at {
                        a.unread = false;
                    }
                }
            }
            Act::Reflected => self.reflected_at = Some(e.at),
            Act::StepProposed {
                step,
                text,
                due,
                owner,
            } => {
                let wording = StepState {
                    id: step.clone(),
                    text: text.clone(),
                    due: due.clone(),
                    owner: owner.clone(),
                    proposal: id.clone(),
                    proposed_by: e.by.clone(),
                    wordings: 1,
                    agreed_at: None,
                    done_at: None,
                };
                match self.steps.iter_mut().find(|s| s.id == *step) {
                    Some(s) => {
                        *s = StepState {
                            wordings: s.wordings + 1,
                            ..wording
                        }
                    }
                    None => self.steps.push(wording),
                }
            }
            Act::StepAccepted { step, .. } => {
                if let Some(s) = self.steps.iter_mut().find(|s| s.id == *step) {
                    s.agreed_at = Some(e.at);
                }
            }
            Act::StepDone { step } => {
                if let Some(s) = self.steps.iter_mut().find(|s| s.id == *step) {
                    s.done_at = Some(e.at);
                }
            }
            Act::FollowedUp { record } => self.follow_ups.push(record.clone()),
            Act::ShownToManagement { shown } => self.shown_to_management = *shown,
            Act::Amended { changes } => self.amendments.push(Amendment {
                event: id.clone(),
                at: e.at,
                changes: changes.clone(),
                unread: true,
            }),
            Act::Withdrawn => {
                self.shared = false;
                self.withdrawn_at = Some(e.at);
            }
            Act::Closed => self.closed = Some((e.by.clone(), e.at)),
        }
        self.history.push((id, e));
    }
}

/// Events standing for what a sheet from before events recorded, unless events of its
/// own already say it.
fn legacy_events(
    parties: &Parties,
    legacy: &Legacy,
    events: &[(String, Event)],
) -> Vec<(String, Event)> {
    let has = |act: &str| events.iter().any(|(_, e)| e.act.id() == act);
    fn event(id: &str, by: &str, at: i64, act: Act) -> (String, Event) {
        let (by, name) = (by.to_owned(), String::new());
        (id.to_owned(), Event { by, name, at, act })
    }
    let mut made = Vec::new();
    let shared = matches!(legacy.status, Status::Shared | Status::Withdrawn);
    if shared && !has("shared") {
        made.push(event(
            "legacy-shared",
            &parties.author,
            legacy.created_at,
            Act::Shared,
        ));
        if let Some((text, due)) = legacy.next_step.as_ref().filter(|_| !has("step_proposed")) {
            let proposal = Act::StepProposed {
                step: "legacy".to_owned(),
                text: text.clone(),
                due: due.clone(),
                owner: parties.teacher.clone(),
            };
            made.push(event(
                "legacy-step",
                &parties.author,
                legacy.created_at,
                proposal,
            ));
        }
    }
    if let Some(at) = legacy.acknowledged_at.filter(|_| !has("acknowledged")) {
        made.push(event(
            "legacy-acknowledged",
            &parties.teacher,
            at,
            Act::Acknowledged,
        ));
    }
    made
}

//! The feedback workflow (regulation 8.1.3–8.1.4, 8.2.2): melnraksts → kopīgots →
//! iepazinies → the teacher's reflection → next steps agreed by both → a follow-up →
//! noslēgts. Who may take each step is `Act::taken_by`; whether they may take it now,
//! `Workflow::permits`; what the steps add up to, `Workflow::of`.

pub mod act;
pub mod fold;

pub use act::{is_amendable, Act, Change, Event, Party, WITHHELD};
pub use fold::{Amendment, Legacy, Parties, Refusal, Stage, StepState, Workflow};

use crate::sync::fields::{to_fields, Codec};
use crate::{Observation, Status};

impl Observation {
    pub fn parties(&self) -> Parties {
        Parties {
            author: self.author.clone(),
            teacher: self.context.teacher_id.clone(),
        }
    }

    pub fn legacy(&self) -> Legacy {
        let step = &self.next_step;
        Legacy {
            status: self.status,
            created_at: self.created_at,
            acknowledged_at: self.acknowledged_at,
            next_step: (!step.text.trim().is_empty())
                .then(|| (step.text.clone(), step.due.clone())),
        }
    }

    pub fn workflow(&self) -> Workflow {
        Workflow::of(&self.parties(), &self.legacy(), &self.events)
    }

    pub fn stage(&self) -> Stage {
        self.workflow().stage()
    }

    /// Takes a step as `by` (named `name`) at `at`, recorded under the new event id
    /// `id`. Sharing also proposes the sheet's next step; withdrawing sets the status the
    /// server's visibility follows; closing clears the private note, a working note that
    /// does not outlive the observation.
    pub fn take(
        &mut self,
        id: String,
        by: &str,
        name: &str,
        at: i64,
        act: Act,
    ) -> Result<(), Refusal> {
        // Later than every step this device has seen, whatever its clock says: the
        // fold takes events in time order, and this one came after those.
        let at = self.events.values().map(|e| e.at + 1).fold(at, i64::max);
        let before = self.workflow();
        before.permits(by, at, &act)?;
        let event = |act| Event {
            by: by.to_owned(),
            name: name.to_owned(),
            at,
            act,
        };
        match &act {
            Act::Shared => {
                self.status = Status::Shared;
                let step = &self.next_step;
                if before.steps.is_empty() && !step.text.trim().is_empty() {
                    let proposal = Act::StepProposed {
                        step: format!("{id}-1"),
                        text: step.text.trim().to_owned(),
                        due: step.due.clone(),
                        owner: self.context.teacher_id.clone(),
                    };
                    let mut shared = self.clone();
                    shared.events.insert(id.clone(), event(Act::Shared));
                    if shared.workflow().permits(by, at + 1, &proposal).is_ok() {
                        let mut proposed = event(proposal);
                        proposed.at = at + 1;
                        self.events.insert(format!("{id}-step"), proposed);
                    }
                }
            }
            Act::Withdrawn => {
                self.status = if before.acknowledged_at.is_some() {
                    Status::Withdrawn
                } else {
                    Status::Draft
                };
            }
            Act::Closed => self.private_note.clear(),
            _ => {}
        }
        self.events.insert(id, event(act));
        Ok(())
    }

    /// After an edit by the author, records what changed of what the teacher had read
    /// as an amendment: added to the open one (same `before`, new `after`), or a new one
    /// under `new_id`. A change undone drops out of it. Nothing happens before the
    /// teacher read the sheet.
    pub fn amend<C: Codec>(&mut self, was: &Observation, new_id: impl FnOnce() -> String, at: i64) {
        // The parts `is_amendable` names: most edits (a live note, a counter) touch none,
        // and this runs on every keystroke of a shared sheet.
        let unjudged = was.ratings == self.ratings
            && was.evidence == self.evidence
            && was.strengths == self.strengths
            && was.opinion == self.opinion;
        if unjudged {
            return;
        }
        let w = self.workflow();
        if w.acknowledged_at.is_none() || w.closed.is_some() || w.stage() == Stage::Withdrawn {
            return;
        }
        let (old, new) = (to_fields::<C>(was), to_fields::<C>(self));
        let paths: std::collections::BTreeSet<&String> = old
            .keys()
            .chain(new.keys())
            .filter(|p| is_amendable(p) && old.get(*p) != new.get(*p))
            .collect();
        if paths.is_empty() {
            return;
        }
        let open = w
            .open_amendment()
            .filter(|a| {
                self.events
                    .get(&a.event)
                    .is_some_and(|e| e.by == self.author)
            })
            .map(|a| a.event.clone());
        let (id, mut changes) = match open {
            Some(id) => {
                let changes = match &self.events[&id].act {
                    Act::Amended { changes } => changes.clone(),
                    _ => Default::default(),
                };
                (id, changes)
            }
            None => (new_id(), Default::default()),
        };
        let null = || "null".to_owned();
        for path in paths {
            let after = new.get(path).cloned().unwrap_or_else(null);
            let before = match changes.get(path.as_str()) {
                Some(c) => c.before.clone(),
                None => old.get(path).cloned().unwrap_or_else(null),
            };
            if before == after {
                changes.remove(path.as_str());
            } else {
                changes.insert(path.clone(), Change { before, after });
            }
        }
        let at = self.events.get(&id).map_or(at, |e| e.at);
        let name = self.context.observer.clone();
        self.events.insert(
            id,
            Event {
                by: self.author.clone(),
                name,
                at,
                act: Act::Amended { changes },
            },
        );
    }
}

#[cfg(test)]
mod tests;

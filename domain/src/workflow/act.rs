//! What a person does to an observation after writing it, recorded as an event.
//!
//! Each event is a field of its own (`event.<id>`), written once by the person who took
//! the step; the sync's merge keeps every event any device made and a repeat of one
//! counts once. What the events add up to is `Workflow::of` (see `fold`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One step someone took, with who and when. On the wire a flat object (`Wire`): a
/// tagged enum would bring serde's buffering of unknown content into the app's
/// download, for each JSON library that reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Wire", try_from = "Wire")]
pub struct Event {
    /// The account that took the step (the server refuses an event naming another).
    pub by: String,
    /// Their name as it was then, for the history.
    #[serde(default)]
    pub name: String,
    /// Unix ms on their device.
    pub at: i64,
    pub act: Act,
}

/// The steps of the feedback workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// The author gives the sheet to the teacher (kopīgots).
    Shared,
    /// The teacher has read it ("iepazinos": read, not agreement). Again after
    /// amendments: read those too.
    Acknowledged,
    /// The teacher has written their reflection.
    Reflected,
    /// A wording of a next step, new or in answer to the other's: the author proposes,
    /// the teacher accepts or proposes another wording and date.
    StepProposed {
        step: String,
        text: String,
        /// YYYY-MM-DD
        due: String,
        /// The account that does it: the teacher or the author.
        owner: String,
    },
    /// The other party agrees to the wording `proposal` (the event id of a proposal).
    StepAccepted { step: String, proposal: String },
    /// An agreed step is done.
    StepDone { step: String },
    /// A later observation (`record`) follows up this one's next step.
    FollowedUp { record: String },
    /// The teacher chooses whether school management may read the whole sheet of a
    /// collegial observation.
    ShownToManagement { shown: bool },
    /// The author changed what the teacher had read: field path → before and after.
    /// The one event an author may write again (while amending, until read).
    Amended { changes: BTreeMap<String, Change> },
    /// The author takes the sheet back. Before the teacher read it, it is a draft again;
    /// after, the teacher keeps a trace of it.
    Withdrawn,
    /// Done with: the follow-up happened or the step is done (noslēgts).
    Closed,
}

/// An event as JSON: `{"by", "name", "at", "act": "<Act::id>", …the act's own fields}`.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Wire {
    by: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    at: i64,
    act: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    step: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    text: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    due: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    owner: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    proposal: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    record: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    shown: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<BTreeMap<String, Change>>,
}

impl From<Event> for Wire {
    fn from(e: Event) -> Wire {
        let mut w = Wire {
            by: e.by,
            name: e.name,
            at: e.at,
            act: e.act.id().to_owned(),
            ..Wire::default()
        };
        match e.act {
            Act::StepProposed {
                step,
                text,
                due,
                owner,
            } => (w.step, w.text, w.due, w.owner) = (step, text, due, owner),
            Act::StepAccepted { step, proposal } => (w.step, w.proposal) = (step, proposal),
            Act::StepDone { step } => w.step = step,
            Act::FollowedUp { record } => w.record = record,
            Act::ShownToManagement { shown } => w.shown = Some(shown),
            Act::Amended { changes } => w.changes = Some(changes),
            Act::Shared | Act::Acknowledged | Act::Reflected | Act::Withdrawn | Act::Closed => {}
        }
        w
    }
}

impl TryFrom<Wire> for Event {
    type Error = String;

    fn try_from(w: Wire) -> Result<Event, String> {
        let act = match w.act.as_str() {
            "shared" => Act::Shared,
            "acknowledged" => Act::Acknowledged,
            "reflected" => Act::Reflected,
            "step_proposed" => Act::StepProposed {
                step: w.step,
                text: w.text,
                due: w.due,
                owner: w.owner,
            },
            "step_accepted" => Act::StepAccepted {
                step: w.step,
                proposal: w.proposal,
            },
            "step_done" => Act::StepDone { step: w.step },
            "followed_up" => Act::FollowedUp { record: w.record },
            "shown_to_management" => Act::ShownToManagement {
                shown: w.shown.unwrap_or(false),
            },
            "amended" => Act::Amended {
                changes: w.changes.unwrap_or_default(),
            },
            "withdrawn" => Act::Withdrawn,
            "closed" => Act::Closed,
            other => return Err(format!("`{other}` is not a step of the workflow")),
        };
        if w.by.is_empty() {
            return Err("an event names who took the step (`by`)".into());
        }
        Ok(Event {
            by: w.by,
            name: w.name,
            at: w.at,
            act,
        })
    }
}

/// A field's value (JSON text, as the sync carries it) before and after an amendment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub before: String,
    pub after: String,
}

/// Someone's relation to one observation, as far as its workflow goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// Wrote the sheet (the observer).
    Author,
    /// The teacher observed.
    Teacher,
    /// Anyone else (they comment; they take no step).
    Other,
}

impl Act {
    /// The name of the act in catalogues and on the wire.
    pub fn id(&self) -> &'static str {
        match self {
            Act::Shared => "shared",
            Act::Acknowledged => "acknowledged",
            Act::Reflected => "reflected",
            Act::StepProposed { .. } => "step_proposed",
            Act::StepAccepted { .. } => "step_accepted",
            Act::StepDone { .. } => "step_done",
            Act::FollowedUp { .. } => "followed_up",
            Act::ShownToManagement { .. } => "shown_to_management",
            Act::Amended { .. } => "amended",
            Act::Withdrawn => "withdrawn",
            Act::Closed => "closed",
        }
    }

    /// Who may ever take this step. Whether they may take it *now* depends on what
    /// came before (`Workflow::permits`); this part the server checks on every push.
    pub fn taken_by(&self, party: Party) -> bool {
        use Party::*;
        match self {
            Act::Shared | Act::FollowedUp { .. } | Act::Amended { .. } | Act::Withdrawn => {
                party == Author
            }
            Act::Acknowledged | Act::Reflected | Act::ShownToManagement { .. } => party == Teacher,
            Act::StepProposed { .. }
            | Act::StepAccepted { .. }
            | Act::StepDone { .. }
            | Act::Closed => matches!(party, Author | Teacher),
        }
    }

    /// The version of this act someone who may not read the sheet's words gets: that a
    /// step was taken and when, without what was written (confidentiality, 11.1.5).
    pub fn redacted(&self) -> Act {
        match self {
            Act::StepProposed {
                step, due, owner, ..
            } => Act::StepProposed {
                step: step.clone(),
                text: WITHHELD.into(),
                due: due.clone(),
                owner: owner.clone(),
            },
            Act::Amended { .. } => Act::Amended {
                changes: BTreeMap::new(),
            },
            other => other.clone(),
        }
    }
}

/// A next step's wording as a reader who may know only that there is one gets it: not
/// empty, so the step still counts in where the observation stands (an empty wording
/// is refused as no step at all).
pub const WITHHELD: &str = "…";

/// The fields an amendment covers: what the teacher read as the observer's judgement.
pub fn is_amendable(path: &str) -> bool {
    matches!(path, "strength.1" | "strength.2" | "opinion")
        || path.starts_with("rating.")
        || path.starts_with("evidence.")
}

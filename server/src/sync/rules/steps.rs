//! The workflow's side of a push: each event is its writer's to take, in its turn, and
//! stays as recorded; what the author may no longer do once the teacher has read the
//! sheet or it is closed.

use std::collections::BTreeMap;

use vero_domain::sync::fields::{observation_from, set_field, Json};
use vero_domain::sync::{class_of, FieldClass, FieldState, PushedPatch};
use vero_domain::workflow::{Act, Event, Refusal, Stage, Workflow};
use vero_domain::{Observation, Status};

use super::{is_empty_value, party, Caller, Meta};

/// The workflow checks of a patch that passed the field rules. The record's workflow is
/// worked out once, and only where a check could refuse: the author's patch on a record
/// that has steps or is shared or is being deleted, and any patch carrying steps.
pub(super) fn check(
    caller: &Caller,
    meta: &Meta,
    fields: &BTreeMap<String, FieldState>,
    p: &PushedPatch,
) -> Result<(), String> {
    let gated = caller.id == meta.owner
        && (has_events(fields) || meta.shared || p.set.contains_key("deleted_at"));
    let carries_steps = p.set.keys().any(|k| k.starts_with("event."));
    if !gated && !carries_steps {
        return Ok(());
    }
    let o = observation_of(meta, fields);
    if gated {
        check_workflow(&o.workflow(), p)?;
    }
    if carries_steps {
        check_turns(o, p)?;
    }
    Ok(())
}

/// The record's workflow, from its shown values.
pub fn workflow_of(meta: &Meta, fields: &BTreeMap<String, FieldState>) -> Workflow {
    observation_of(meta, fields).workflow()
}

fn observation_of(meta: &Meta, fields: &BTreeMap<String, FieldState>) -> Observation {
    let values = fields
        .iter()
        .filter_map(|(path, f)| Some((path.as_str(), f.value()?.value.as_str())));
    observation_from::<Json>("", &meta.owner.to_string(), values).0
}

pub(super) fn has_events(fields: &BTreeMap<String, FieldState>) -> bool {
    fields
        .range::<str, _>((
            std::ops::Bound::Included("event."),
            std::ops::Bound::Unbounded,
        ))
        .next()
        .is_some_and(|(k, _)| k.starts_with("event."))
}

/// The patch's steps in their turn. A device takes a step only on what it has seen, and
/// the server has seen all of that, so a step out of turn here is refused, except
/// where two people acted at once: the same step taken twice, or an answer to a
/// wording the other replaced meanwhile, are kept and count as the fold decides.
fn check_turns(mut o: Observation, p: &PushedPatch) -> Result<(), String> {
    let mut steps: Vec<(&str, Event)> = p
        .set
        .iter()
        .filter_map(|(path, v)| Some((path.strip_prefix("event.")?, serde_json::from_str(v).ok()?)))
        .collect();
    steps.sort_by(|a, b| (a.1.at, a.0).cmp(&(b.1.at, b.0)));
    // Other fields of the patch that a step depends on (sharing names the teacher).
    for (path, value) in &p.set {
        if !path.starts_with("event.") {
            let _ = set_field::<Json>(&mut o, path, value);
        }
    }
    for (id, event) in steps {
        match o.workflow().permits(&event.by, event.at, &event.act) {
            Ok(()) | Err(Refusal::AlreadyDone | Refusal::Superseded) => {}
            Err(refusal) => {
                return Err(format!(
                    "`event.{id}`: `{}` cannot be taken now ({}).",
                    event.act.id(),
                    refusal.id()
                ))
            }
        }
        o.events.insert(id.to_owned(), event);
    }
    Ok(())
}

/// An event names the person who took the step, is theirs to take, and once recorded
/// stays as it is; only an amendment grows while its author keeps amending.
pub(super) fn check_event(
    caller: &Caller,
    meta: &Meta,
    fields: &BTreeMap<String, FieldState>,
    path: &str,
    value: &str,
) -> Result<(), String> {
    let event: Event = serde_json::from_str(value)
        .map_err(|_| format!("`{path}`: an event cannot be removed."))?;
    if event.by != caller.id.to_string() {
        return Err(format!(
            "`{path}`: an event names the account that took the step."
        ));
    }
    if !event.act.taken_by(party(caller, meta)) {
        return Err(format!(
            "`{path}`: `{}` is not a step you may take on this record.",
            event.act.id()
        ));
    }
    let amending = |text: &str| {
        serde_json::from_str::<Event>(text)
            .is_ok_and(|e| e.by == event.by && matches!(e.act, Act::Amended { .. }))
    };
    let recorded = fields.get(path).map_or(&[][..], |f| &f.heads[..]);
    let same = recorded.iter().all(|h| h.value == value);
    let still_amending = amending(value) && recorded.iter().all(|h| amending(&h.value));
    if !(same || still_amending) {
        return Err(format!("`{path}`: a step once recorded is not changed."));
    }
    Ok(())
}

/// What the author may no longer do once the teacher has read the sheet or it is
/// closed.
fn check_workflow(w: &Workflow, p: &PushedPatch) -> Result<(), String> {
    if w.acknowledged_at.is_some() {
        let deleting = p.set.get("deleted_at").is_some_and(|v| !is_empty_value(v));
        if deleting {
            return Err(
                "The teacher has read this observation: it can be withdrawn, not deleted.".into(),
            );
        }
        let to_draft = p
            .set
            .get("status")
            .is_some_and(|v| serde_json::from_str(v).ok() == Some(Status::Draft));
        if to_draft {
            return Err(
                "The teacher has read this observation: withdrawing it leaves them a trace.".into(),
            );
        }
    }
    if w.closed.is_some() || w.stage() == Stage::Withdrawn {
        for (path, value) in &p.set {
            let class = class_of(path);
            let note = matches!(class, Some(FieldClass::Private)) && is_empty_value(value);
            if matches!(
                class,
                Some(FieldClass::Sheet | FieldClass::Opinion | FieldClass::Private)
            ) && !note
            {
                return Err(format!(
                    "This observation is closed or withdrawn: `{path}` is no longer changed."
                ));
            }
        }
    }
    Ok(())
}

//! Who may push what and read what, as pure functions over a record's metadata. The
//! storage decides *which* records a caller sees (in SQL, so a pull costs as much as the
//! changes); these decide what happens inside a record the caller sees.

use std::collections::BTreeMap;

use vero_domain::api::UserProfile;
use vero_domain::id::is_uuid;
use vero_domain::sync::fields::check_field;
use vero_domain::sync::{class_of, FieldClass, FieldState, PushedPatch, Rejection};
use vero_domain::visibility::{self, Exposure, Relations, Sight};
use vero_domain::workflow::{Party, Stage, Workflow};
use vero_domain::{ObservationKind, Role, Status};

mod steps;

pub use steps::workflow_of;

/// Most fields one patch may set: a full sheet has about 40, plus comments.
pub const MAX_FIELDS: usize = 200;

/// The signed-in person, as the rules need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub id: i64,
    pub role: Role,
    pub school_id: Option<i64>,
}

impl Caller {
    /// `None` for a profile without a numeric id (sessions always carry one).
    pub fn of(profile: &UserProfile) -> Option<Caller> {
        Some(Caller {
            id: profile.id.parse().ok()?,
            role: profile.role,
            school_id: profile.school.as_ref().map(|s| s.id),
        })
    }
}

/// What the server derives from a record's fields to decide who sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub owner: i64,
    /// The observed teacher, when `context.teacher_id` names an existing account.
    pub teacher_id: Option<i64>,
    /// That teacher's school.
    pub school_id: Option<i64>,
    pub shared: bool,
    pub kind: ObservationKind,
    /// The teacher chose to show this collegial observation to management.
    pub shown: bool,
    /// Withdrawn after the teacher read it: the teacher keeps it.
    pub trace: bool,
}

impl Meta {
    pub fn new_record(owner: i64) -> Meta {
        Meta {
            owner,
            teacher_id: None,
            school_id: None,
            shared: false,
            kind: ObservationKind::Peer,
            shown: false,
            trace: false,
        }
    }

    /// Refreshes what follows from the fields (all but the teacher's school, which the
    /// storage looks up). Returns the workflow when the record has one to work out.
    pub fn follow(&mut self, fields: &BTreeMap<String, FieldState>) -> Option<Workflow> {
        self.shared = is_shared(fields);
        self.teacher_id = teacher_ref(fields);
        self.kind = shown_value(fields, "kind").unwrap_or(ObservationKind::Peer);
        // Most records have no steps yet: no need to work out a workflow for them.
        let w = (steps::has_events(fields) || any_status(fields, Status::Withdrawn))
            .then(|| steps::workflow_of(self, fields));
        self.shown = w.as_ref().is_some_and(|w| w.shown_to_management);
        self.trace = !self.shared && w.as_ref().is_some_and(|w| w.stage() == Stage::Withdrawn);
        w
    }
}

/// Whether a write to `path` can change who sees the record.
pub fn exposes(path: &str) -> bool {
    matches!(path, "status" | "context.teacher_id" | "kind") || path.starts_with("event.")
}

/// What the caller is to a record beyond what its columns say: found in SQL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ties {
    /// A mentor of the record's teacher.
    pub mentor: bool,
    /// Assigned (a consultant or ed-tech mentor) to the teacher or their school.
    pub assigned: bool,
}

/// How much of the record the caller sees (the domain's visibility rules).
pub fn sight(caller: &Caller, meta: &Meta, ties: Ties) -> Sight {
    let relations = Relations {
        author: caller.id == meta.owner,
        teacher: meta.teacher_id == Some(caller.id),
        mentor: ties.mentor,
        assigned: ties.assigned,
        management: is_management_of(caller, meta.school_id),
        specialist: caller.role == Role::Specialist,
    };
    let exposure = Exposure {
        kind: meta.kind,
        shared: meta.shared,
        trace: meta.trace,
        shown_to_management: meta.shown,
    };
    visibility::sight(&relations, &exposure)
}

fn shown_value<T: serde::de::DeserializeOwned>(
    fields: &BTreeMap<String, FieldState>,
    path: &str,
) -> Option<T> {
    serde_json::from_str(&fields.get(path)?.value()?.value).ok()
}

/// Device ids are made by the app once; a plain, bounded charset keeps them safe to log.
pub fn valid_device(id: &str) -> bool {
    (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn rejection(seq: u64, error: &str, message: impl Into<String>) -> Rejection {
    Rejection {
        seq,
        error: error.to_owned(),
        message: message.into(),
    }
}

/// One answer for "no such record" and "not yours to see", so a push never reveals
/// whether an id exists.
pub fn not_found(seq: u64) -> Rejection {
    rejection(
        seq,
        "not_found",
        "There is no record with this id that you may see.",
    )
}

/// What can be checked without the database: ids, numbering, paths and values. A seq
/// above `i64::MAX` cannot be stored in SQLite, so it is refused here rather than
/// failing the request later.
pub fn check_patch(p: &PushedPatch) -> Result<(), Rejection> {
    if !is_uuid(&p.record) {
        return Err(rejection(
            p.seq,
            "bad_record",
            "The record id must be a UUID in lower-case hyphenated form.",
        ));
    }
    if p.seq == 0 || p.seq > i64::MAX as u64 {
        return Err(rejection(
            p.seq,
            "bad_record",
            format!("seq must be from 1 to {}.", i64::MAX),
        ));
    }
    if p.set.is_empty() {
        return Err(rejection(
            p.seq,
            "bad_field",
            "A patch must set at least one field.",
        ));
    }
    if p.set.len() > MAX_FIELDS {
        return Err(rejection(
            p.seq,
            "bad_field",
            format!("A patch sets at most {MAX_FIELDS} fields."),
        ));
    }
    for (path, value) in &p.set {
        if class_of(path).is_none() {
            return Err(rejection(
                p.seq,
                "bad_field",
                format!("`{path}` is not a field of an observation"),
            ));
        }
        check_field(path, value).map_err(|e| rejection(p.seq, "bad_field", e.0))?;
    }
    Ok(())
}

/// Whether `caller`, who sees the record, may write a field of this class.
pub fn may_write(caller: &Caller, meta: &Meta, class: &FieldClass) -> bool {
    match class {
        FieldClass::Sheet | FieldClass::Private | FieldClass::Opinion => caller.id == meta.owner,
        FieldClass::Teacher => meta.shared && meta.teacher_id == Some(caller.id),
        FieldClass::Comment(user) => *user == caller.id.to_string(),
        FieldClass::Event(_) => party(caller, meta) != Party::Other,
    }
}

fn party(caller: &Caller, meta: &Meta) -> Party {
    if caller.id == meta.owner {
        Party::Author
    } else if meta.shared && meta.teacher_id == Some(caller.id) {
        Party::Teacher
    } else {
        Party::Other
    }
}

/// `""` or `null`: what a new sheet holds in fields nobody has written yet.
fn is_empty_value(text: &str) -> bool {
    matches!(text.trim(), "\"\"" | "null")
}

/// Checks every field of a patch against who may write it. Returns the paths to leave
/// out: fields the caller may not write but that the patch only sets to their empty
/// value while the record has none. The app sends a new sheet whole, the teacher's
/// (empty) reflection included; that says nothing, so it is dropped, not refused.
/// Any other field the caller may not write refuses the whole patch.
pub fn check_writes<'p>(
    caller: &Caller,
    meta: &Meta,
    sight: Sight,
    fields: &BTreeMap<String, FieldState>,
    p: &'p PushedPatch,
) -> Result<Vec<&'p str>, Rejection> {
    let forbidden = |message: String| rejection(p.seq, "forbidden", message);
    let mut skipped = Vec::new();
    for (path, value) in &p.set {
        let class = class_of(path);
        let allowed = class.as_ref().is_some_and(|class| {
            may_write(caller, meta, class)
                // A comment goes on a sheet its writer may read.
                && (!matches!(class, FieldClass::Comment(_)) || sight >= Sight::Sheet)
        });
        if allowed {
            if let Some(FieldClass::Event(_)) = class {
                steps::check_event(caller, meta, fields, path, value).map_err(forbidden)?;
            }
            continue;
        }
        if is_empty_value(value) && !fields.contains_key(path) {
            skipped.push(path.as_str());
            continue;
        }
        return Err(forbidden(format!(
            "You may not write `{path}` of this record."
        )));
    }
    steps::check(caller, meta, fields, p).map_err(forbidden)?;
    Ok(skipped)
}

fn is_management_of(caller: &Caller, school_id: Option<i64>) -> bool {
    caller.role == Role::Management && school_id.is_some() && caller.school_id == school_id
}

/// Shared as soon as any current value of `status` says so: while two devices disagree,
/// the people it was shared with keep seeing it.
pub fn is_shared(fields: &BTreeMap<String, FieldState>) -> bool {
    any_status(fields, Status::Shared)
}

/// Whether any current value of `status` is `status`.
fn any_status(fields: &BTreeMap<String, FieldState>, status: Status) -> bool {
    fields.get("status").is_some_and(|f| {
        f.heads
            .iter()
            .any(|h| serde_json::from_str::<Option<Status>>(&h.value).ok() == Some(Some(status)))
    })
}

/// The account named by the shown value of `context.teacher_id`, if it is a number.
/// Whether that account exists is for the storage to check.
pub fn teacher_ref(fields: &BTreeMap<String, FieldState>) -> Option<i64> {
    let head = fields.get("context.teacher_id")?.value()?;
    let text: Option<String> = serde_json::from_str(&head.value).ok()?;
    text?.trim().parse().ok()
}

#[cfg(test)]
mod tests;

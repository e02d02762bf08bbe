//! Who may push what and read what, as pure functions over a record's metadata. The
//! storage decides *which* records a caller sees (in SQL, so a pull costs as much as the
//! changes); these decide what happens inside a record the caller sees.

use std::collections::BTreeMap;

use vero_domain::api::UserProfile;
use vero_domain::id::is_uuid;
use vero_domain::sync::fields::{check_field, observation_from, Json};
use vero_domain::sync::{class_of, FieldClass, FieldState, PushedPatch, Rejection};
use vero_domain::visibility::{self, Exposure, Relations, Sight};
use vero_domain::workflow::{Act, Event, Party, Refusal, Stage, Workflow};
use vero_domain::{Observation, ObservationKind, Role, Status};

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
    /// storage looks up).
    pub fn follow(&mut self, fields: &BTreeMap<String, FieldState>) {
        self.shared = is_shared(fields);
        self.teacher_id = teacher_ref(fields);
        self.kind = shown_value(fields, "kind").unwrap_or(ObservationKind::Peer);
        // Most records have no steps yet: no need to work out a workflow for them.
        let withdrawn = fields.get("status").is_some_and(|f| {
            f.heads
                .iter()
                .any(|h| serde_json::from_str(&h.value).ok() == Some(Status::Withdrawn))
        });
        if has_events(fields) || withdrawn {
            let w = workflow_of(self, fields);
            self.shown = w.shown_to_management;
            self.trace = !self.shared && w.stage() == Stage::Withdrawn;
        } else {
            self.shown = false;
            self.trace = false;
        }
    }
}

/// Whether a write to `path` can change who sees the record.
pub fn exposes(path: &str) -> bool {
    matches!(path, "status" | "context.teacher_id" | "kind") || path.starts_with("event.")
}

fn has_events(fields: &BTreeMap<String, FieldState>) -> bool {
    fields
        .range::<str, _>((
            std::ops::Bound::Included("event."),
            std::ops::Bound::Unbounded,
        ))
        .next()
        .is_some_and(|(k, _)| k.starts_with("event."))
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
                check_event(caller, meta, fields, path, value).map_err(forbidden)?;
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
    if caller.id == meta.owner {
        check_workflow(meta, fields, p).map_err(forbidden)?;
    }
    check_turns(meta, fields, p).map_err(forbidden)?;
    Ok(skipped)
}

/// The patch's steps in their turn. A device takes a step only on what it has seen, and
/// the server has seen all of that, so a step out of turn here is refused, except
/// where two people acted at once: the same step taken twice, or an answer to a
/// wording the other replaced meanwhile, are kept and count as the fold decides.
fn check_turns(
    meta: &Meta,
    fields: &BTreeMap<String, FieldState>,
    p: &PushedPatch,
) -> Result<(), String> {
    let mut steps: Vec<(&str, Event)> = p
        .set
        .iter()
        .filter_map(|(path, v)| Some((path.strip_prefix("event.")?, serde_json::from_str(v).ok()?)))
        .collect();
    if steps.is_empty() {
        return Ok(());
    }
    steps.sort_by(|a, b| (a.1.at, a.0).cmp(&(b.1.at, b.0)));
    let mut o = observation_of(meta, fields);
    // Other fields of the patch that a step depends on (sharing names the teacher).
    for (path, value) in &p.set {
        if !path.starts_with("event.") {
            let _ = vero_domain::sync::fields::set_field::<Json>(&mut o, path, value);
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
fn check_event(
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
/// closed. Worked out only for a patch that could be refused, on a record with steps.
fn check_workflow(
    meta: &Meta,
    fields: &BTreeMap<String, FieldState>,
    p: &PushedPatch,
) -> Result<(), String> {
    if !has_events(fields) && !meta.shared && !p.set.contains_key("deleted_at") {
        return Ok(());
    }
    let w = workflow_of(meta, fields);
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

fn is_management_of(caller: &Caller, school_id: Option<i64>) -> bool {
    caller.role == Role::Management && school_id.is_some() && caller.school_id == school_id
}

/// Shared as soon as any current value of `status` says so: while two devices disagree,
/// the people it was shared with keep seeing it.
pub fn is_shared(fields: &BTreeMap<String, FieldState>) -> bool {
    fields.get("status").is_some_and(|f| {
        f.heads
            .iter()
            .any(|h| matches!(serde_json::from_str(&h.value), Ok(Some(Status::Shared))))
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
mod tests {
    use super::*;
    use vero_domain::sync::{Dot, Patch, RecordState};

    fn caller(id: i64, role: Role, school_id: Option<i64>) -> Caller {
        Caller {
            id,
            role,
            school_id,
        }
    }

    fn meta(shared: bool) -> Meta {
        Meta {
            owner: 1,
            teacher_id: Some(2),
            school_id: Some(10),
            shared,
            kind: ObservationKind::Consultant,
            shown: false,
            trace: false,
        }
    }

    fn pushed(record: &str, seq: u64, set: &[(&str, &str)]) -> PushedPatch {
        PushedPatch {
            record: record.into(),
            seq,
            at: 0,
            base: Default::default(),
            set: set
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    const ID: &str = "0190f3a1-2b3c-7fff-bfff-ffffffffffff";

    #[test]
    fn devices_are_plain_and_bounded() {
        assert!(valid_device("tablet-01_A"));
        assert!(!valid_device("short"));
        assert!(!valid_device(&"x".repeat(65)));
        assert!(!valid_device("has space"));
        assert!(!valid_device("ierīce-123"));
    }

    #[test]
    fn patch_checks_name_what_is_wrong() {
        let code = |p: PushedPatch| check_patch(&p).err().map(|r| r.error);
        assert_eq!(
            code(pushed(ID, 1, &[("topic", "\"x\"")])),
            Some("bad_field".into())
        );
        assert_eq!(code(pushed(ID, 1, &[("context.topic", "\"x\"")])), None);
        assert_eq!(
            code(pushed("r1", 1, &[("context.topic", "\"x\"")])),
            Some("bad_record".into())
        );
        assert_eq!(
            code(pushed(ID, 0, &[("context.topic", "\"x\"")])),
            Some("bad_record".into())
        );
        assert_eq!(
            code(pushed(ID, u64::MAX, &[("context.topic", "\"x\"")])),
            Some("bad_record".into())
        );
        assert_eq!(code(pushed(ID, 1, &[])), Some("bad_field".into()));
        assert_eq!(
            code(pushed(ID, 1, &[("rating.A1", "9")])),
            Some("bad_field".into())
        );
        let many: Vec<(String, String)> = (0..=MAX_FIELDS)
            .map(|i| (format!("evidence.e{i}"), "\"x\"".to_string()))
            .collect();
        let many: Vec<(&str, &str)> = many.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(code(pushed(ID, 1, &many)), Some("bad_field".into()));
    }

    #[test]
    fn write_rules_follow_the_field_class() {
        let owner = caller(1, Role::Observer, Some(10));
        let teacher = caller(2, Role::Teacher, Some(10));
        let mentor = caller(3, Role::Mentor, Some(10));
        let sheet = FieldClass::Sheet;
        assert!(may_write(&owner, &meta(false), &sheet));
        assert!(!may_write(&teacher, &meta(true), &sheet));
        assert!(!may_write(&owner, &meta(true), &FieldClass::Teacher));
        assert!(!may_write(&teacher, &meta(false), &FieldClass::Teacher));
        assert!(may_write(&teacher, &meta(true), &FieldClass::Teacher));
        assert!(may_write(
            &mentor,
            &meta(true),
            &FieldClass::Comment("3".into())
        ));
        assert!(!may_write(
            &mentor,
            &meta(true),
            &FieldClass::Comment("2".into())
        ));
        let none = BTreeMap::new();
        let p = pushed(ID, 4, &[("comment.3", "null"), ("opinion", "\"x\"")]);
        let refusal = check_writes(&mentor, &meta(true), Sight::Sheet, &none, &p).unwrap_err();
        assert_eq!((refusal.seq, refusal.error.as_str()), (4, "forbidden"));
        assert!(refusal.message.contains("`opinion`"));
    }

    #[test]
    fn a_new_sheet_may_carry_the_empty_fields_of_others() {
        let owner = caller(1, Role::Observer, Some(10));
        let whole = pushed(
            ID,
            1,
            &[
                ("reflection", "\"\""),
                ("acknowledged_at", "null"),
                ("rating.A1", "3"),
            ],
        );
        let none = BTreeMap::new();
        let skipped =
            check_writes(&owner, &Meta::new_record(1), Sight::All, &none, &whole).unwrap();
        assert_eq!(skipped, ["acknowledged_at", "reflection"]);
        let words = pushed(ID, 2, &[("reflection", "\"Paldies\"")]);
        assert!(check_writes(&owner, &meta(true), Sight::All, &none, &words).is_err());
        let mut written = BTreeMap::new();
        written.insert("reflection".to_string(), FieldState::default());
        let clearing = pushed(ID, 3, &[("reflection", "\"\"")]);
        assert!(
            check_writes(&owner, &meta(true), Sight::All, &written, &clearing).is_err(),
            "clearing the teacher's words is a write"
        );
    }

    #[test]
    fn private_notes_stay_with_the_author_and_the_opinion_goes_to_teacher_and_management() {
        use vero_domain::visibility::{read, Read};
        let m = meta(true);
        let none = Ties::default();
        let head = caller(5, Role::Management, Some(10));
        let other_head = caller(6, Role::Management, Some(11));
        let specialist = caller(7, Role::Specialist, None);
        let teacher = caller(2, Role::Teacher, Some(10));
        let owner = caller(1, Role::Observer, Some(10));
        let mentor = caller(3, Role::Mentor, Some(10));
        let reads =
            |c: &Caller, ties: Ties, path: &str| read(sight(c, &m, ties), path) == Read::Whole;
        let mentoring = Ties {
            mentor: true,
            assigned: false,
        };
        for (c, ties) in [
            (&head, none),
            (&specialist, none),
            (&teacher, none),
            (&mentor, mentoring),
        ] {
            assert!(!reads(c, ties, "private_note"));
            assert!(reads(c, ties, "rating.A1"));
        }
        assert_eq!(sight(&other_head, &m, none), Sight::None);
        assert!(reads(&owner, none, "private_note"));
        assert!(reads(&owner, none, "opinion"));
        assert!(reads(&teacher, none, "opinion"));
        assert!(reads(&head, none, "opinion"));
        assert!(reads(&specialist, none, "opinion"));
        assert!(!reads(&mentor, mentoring, "opinion"));
        let no_school = Meta {
            school_id: None,
            ..m
        };
        let municipal_head = caller(8, Role::Management, None);
        assert_eq!(sight(&municipal_head, &no_school, none), Sight::None);
    }

    #[test]
    fn sharing_and_the_teacher_come_from_the_fields() {
        let mut state = RecordState::default();
        let patch = |seq: u64, set: &[(&str, &str)]| Patch {
            record: ID.into(),
            dot: Dot {
                device: "d".into(),
                seq,
            },
            author: "1".into(),
            at: seq as i64,
            base: Default::default(),
            set: set
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        assert!(!is_shared(&state.fields));
        assert_eq!(teacher_ref(&state.fields), None);
        state.apply(&patch(
            1,
            &[("status", " \"shared\" "), ("context.teacher_id", "\"42\"")],
        ));
        assert!(is_shared(&state.fields));
        assert_eq!(teacher_ref(&state.fields), Some(42));
        state.apply(&patch(2, &[("context.teacher_id", "\"\"")]));
        assert_eq!(teacher_ref(&state.fields), None);
    }

    /// A device asks only the person this rule lets write a field to resolve its
    /// conflict (`vero_domain::sync::conflict::may_write`); the two must agree.
    #[test]
    fn the_devices_rule_for_who_resolves_a_conflict_is_this_one() {
        use vero_domain::sync::conflict::may_write as device_may_write;
        let classes = [
            FieldClass::Sheet,
            FieldClass::Private,
            FieldClass::Opinion,
            FieldClass::Teacher,
            FieldClass::Comment("2".into()),
            FieldClass::Comment("3".into()),
        ];
        for shared in [false, true] {
            let m = meta(shared);
            let teacher = m.teacher_id.filter(|_| m.shared).map(|t| t.to_string());
            for id in 1..=3 {
                let c = caller(id, Role::Teacher, Some(10));
                for class in &classes {
                    assert_eq!(
                        may_write(&c, &m, class),
                        device_may_write(
                            class,
                            &id.to_string(),
                            &m.owner.to_string(),
                            teacher.as_deref()
                        ),
                        "{class:?} for {id}, shared {shared}"
                    );
                }
            }
        }
    }
}

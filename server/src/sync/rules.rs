//! Who may push what and read what, as pure functions over a record's metadata. The
//! storage decides *which* records a caller sees (in SQL, so a pull costs as much as the
//! changes); these decide what happens inside a record the caller sees.

use std::collections::BTreeMap;

use vero_domain::api::UserProfile;
use vero_domain::id::is_uuid;
use vero_domain::sync::fields::check_field;
use vero_domain::sync::{class_of, FieldClass, FieldState, PushedPatch, Rejection};
use vero_domain::{Role, Status};

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
}

impl Meta {
    pub fn new_record(owner: i64) -> Meta {
        Meta {
            owner,
            teacher_id: None,
            school_id: None,
            shared: false,
        }
    }
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
    fields: &BTreeMap<String, FieldState>,
    p: &'p PushedPatch,
) -> Result<Vec<&'p str>, Rejection> {
    let mut skipped = Vec::new();
    for (path, value) in &p.set {
        if class_of(path).is_some_and(|class| may_write(caller, meta, &class)) {
            continue;
        }
        if is_empty_value(value) && !fields.contains_key(path) {
            skipped.push(path.as_str());
            continue;
        }
        return Err(rejection(
            p.seq,
            "forbidden",
            format!("You may not write `{path}` of this record."),
        ));
    }
    Ok(skipped)
}

fn is_management_of(caller: &Caller, school_id: Option<i64>) -> bool {
    caller.role == Role::Management && school_id.is_some() && caller.school_id == school_id
}

/// Whether `caller`, who sees the record, may read the field at `path`. Coaching notes
/// stay with their author; the atzinums goes to the teacher and their school's
/// management and to nobody else who follows the teacher.
pub fn may_read(caller: &Caller, meta: &Meta, path: &str) -> bool {
    match class_of(path) {
        Some(FieldClass::Private) => caller.id == meta.owner,
        Some(FieldClass::Opinion) => {
            caller.id == meta.owner
                || meta.teacher_id == Some(caller.id)
                || is_management_of(caller, meta.school_id)
        }
        Some(_) => true,
        None => false,
    }
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
        let refusal = check_writes(&mentor, &meta(true), &none, &p).unwrap_err();
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
        let skipped = check_writes(&owner, &Meta::new_record(1), &none, &whole).unwrap();
        assert_eq!(skipped, ["acknowledged_at", "reflection"]);
        let words = pushed(ID, 2, &[("reflection", "\"Paldies\"")]);
        assert!(check_writes(&owner, &meta(true), &none, &words).is_err());
        let mut written = BTreeMap::new();
        written.insert("reflection".to_string(), FieldState::default());
        let clearing = pushed(ID, 3, &[("reflection", "\"\"")]);
        assert!(
            check_writes(&owner, &meta(true), &written, &clearing).is_err(),
            "clearing the teacher's words is a write"
        );
    }

    #[test]
    fn private_notes_stay_with_the_author_and_the_opinion_goes_to_teacher_and_management() {
        let m = meta(true);
        let head = caller(5, Role::Management, Some(10));
        let other_head = caller(6, Role::Management, Some(11));
        let specialist = caller(7, Role::Specialist, None);
        let teacher = caller(2, Role::Teacher, Some(10));
        let owner = caller(1, Role::Observer, Some(10));
        for c in [&head, &other_head, &specialist, &teacher] {
            assert!(!may_read(c, &m, "private_note"));
            assert!(may_read(c, &m, "rating.A1"));
        }
        assert!(may_read(&owner, &m, "private_note"));
        assert!(may_read(&owner, &m, "opinion"));
        assert!(may_read(&teacher, &m, "opinion"));
        assert!(may_read(&head, &m, "opinion"));
        assert!(!may_read(&other_head, &m, "opinion"));
        assert!(!may_read(&specialist, &m, "opinion"));
        let no_school = Meta {
            school_id: None,
            ..m
        };
        let municipal_head = caller(8, Role::Management, None);
        assert!(!may_read(&municipal_head, &no_school, "opinion"));
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

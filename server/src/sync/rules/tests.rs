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
    let skipped = check_writes(&owner, &Meta::new_record(1), Sight::All, &none, &whole).unwrap();
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
    let reads = |c: &Caller, ties: Ties, path: &str| read(sight(c, &m, ties), path) == Read::Whole;
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

use super::*;
use crate::calendar::{Half, SchoolYear};
use crate::template::Template;

fn d(text: &str) -> NaiveDate {
    parse_date(text).unwrap()
}

const ACTIVE_HERE: Member = Member {
    active: true,
    school_id: Some(1),
};

fn entry(id: &str, school: &str, teacher: &str, date: &str, done: bool) -> PlanEntry {
    PlanEntry {
        id: id.into(),
        school_id: if school == "A" { 1 } else { 2 },
        school: school.into(),
        observer_id: "10".into(),
        observer: "Ilze".into(),
        teacher_id: format!("t-{teacher}"),
        teacher: teacher.into(),
        date: date.into(),
        kind: ObservationKind::Peer,
        goal: "Jautājumi".into(),
        priorities: vec![],
        done,
    }
}

#[test]
fn a_good_entry_has_no_problems() {
    let p = entry_problems(
        1,
        "10",
        Some(ACTIVE_HERE),
        "11",
        Some(ACTIVE_HERE),
        "2026-12-02",
        "Jautājumi",
    );
    assert!(p.is_empty(), "{p:?}");
}

#[test]
fn each_problem_is_named() {
    let gone = Member {
        active: false,
        school_id: Some(1),
    };
    let elsewhere = Member {
        active: true,
        school_id: Some(2),
    };
    let check = |o, t, tid: &str, date, goal| entry_problems(1, "10", o, tid, t, date, goal);
    use PlanProblem::*;
    assert_eq!(
        check(None, None, "11", "2026-12-02", "g"),
        [NoObserver, NoTeacher]
    );
    assert_eq!(
        check(Some(gone), Some(gone), "11", "2026-12-02", "g"),
        [ObserverInactive, TeacherInactive]
    );
    assert_eq!(
        check(Some(ACTIVE_HERE), Some(elsewhere), "11", "2026-12-02", "g"),
        [TeacherElsewhere]
    );
    assert_eq!(
        check(
            Some(ACTIVE_HERE),
            Some(ACTIVE_HERE),
            "10",
            "2026-12-02",
            "g"
        ),
        [SamePerson]
    );
    assert_eq!(
        check(
            Some(ACTIVE_HERE),
            Some(ACTIVE_HERE),
            "11",
            "2.12.2026",
            "  "
        ),
        [BadDate, NoGoal]
    );
    assert_eq!(
        detail_problems("2026-02-30", &"x".repeat(MAX_GOAL + 1)),
        [BadDate, GoalTooLong]
    );
    assert_eq!(NoGoal.key(), "plan.problem.no_goal");
}

#[test]
fn every_problem_has_a_message_in_both_catalogues() {
    let lv = include_str!("../../../src/i18n/lv.txt");
    let en = include_str!("../../../src/i18n/en.txt");
    use PlanProblem::*;
    for p in [
        NoObserver,
        ObserverInactive,
        NoTeacher,
        TeacherInactive,
        SamePerson,
        TeacherElsewhere,
        BadDate,
        NoGoal,
        GoalTooLong,
    ] {
        let line = format!("\n{} = ", p.key());
        assert!(lv.contains(&line), "lv {p:?}");
        assert!(en.contains(&line), "en {p:?}");
    }
}

/// A hand-counted first semester of 2026/2027, looked at on 10 December 2026:
///
/// | entry | school | teacher | date       | done by         | state   |
/// |-------|--------|---------|------------|-----------------|---------|
/// | p1    | A      | Anna    | 2026-10-05 | server          | done    |
/// | p2    | A      | Anna    | 2026-11-20 | —               | overdue |
/// | p3    | A      | Baiba   | 2026-12-15 | —               | open    |
/// | p4    | A      | Baiba   | 2026-12-09 | this device     | done    |
/// | p5    | B      | Cilda   | 2026-12-01 | —               | overdue |
/// | p6    | B      | Cilda   | 2027-02-01 | (next semester) | —       |
/// | p7    | A      | Anna    | 2026-12-10 | —               | open (due today) |
#[test]
fn plan_vs_done_counts_by_school_and_teacher() {
    let entries = [
        entry("p1", "A", "Anna", "2026-10-05", true),
        entry("p2", "A", "Anna", "2026-11-20", false),
        entry("p3", "A", "Baiba", "2026-12-15", false),
        entry("p4", "A", "Baiba", "2026-12-09", false),
        entry("p5", "B", "Cilda", "2026-12-01", false),
        entry("p6", "B", "Cilda", "2027-02-01", false),
        entry("p7", "A", "Anna", "2026-12-10", false),
    ];
    let done: BTreeSet<String> = ["p4".to_string()].into();
    let semester = SchoolYear::starting_in(2026).semester(Half::First);
    let f = plan_vs_done(&entries, &done, semester, d("2026-12-10"));
    let count = |planned, done, overdue| PlanCount {
        planned,
        done,
        overdue,
    };
    assert_eq!(f.total, count(6, 2, 2));
    assert_eq!(f.by_school["A"], count(5, 2, 1));
    assert_eq!(f.by_school["B"], count(1, 0, 1));
    let teacher = |s: &str, t: &str| f.by_teacher[&(s.into(), t.into(), format!("t-{t}"))];
    assert_eq!(teacher("A", "Anna"), count(3, 1, 1));
    assert_eq!(teacher("A", "Baiba"), count(2, 1, 0));
    assert_eq!(teacher("B", "Cilda"), count(1, 0, 1));
    assert_eq!(f.by_teacher.len(), 3);

    let second = plan_vs_done(&entries, &done, semester.next(), d("2027-03-01"));
    assert_eq!(second.total, count(1, 0, 1));
}

fn sheet_of(plan: &str, author: &str, status: Status) -> Observation {
    let mut o = Observation::new(
        "s".into(),
        ObservationKind::Peer,
        &Template::default_template(),
        0,
    );
    o.context.plan = plan.into();
    o.author = author.into();
    o.status = status;
    o
}

#[test]
fn only_the_observers_shared_sheets_mark_an_entry_done_here() {
    let entries = [entry("p1", "A", "Anna", "2026-10-05", false)];
    let shared = sheet_of("p1", "10", Status::Shared);
    let draft = sheet_of("p1", "10", Status::Draft);
    let someone_else = sheet_of("p1", "99", Status::Shared);
    let mut deleted = sheet_of("p1", "10", Status::Shared);
    deleted.deleted_at = Some(1);
    let unknown = sheet_of("p9", "10", Status::Shared);
    assert_eq!(done_here(&entries, &[shared]), ["p1".to_string()].into());
    assert!(done_here(&entries, &[draft, someone_else, deleted, unknown]).is_empty());
}

#[test]
fn her_list_is_what_she_has_yet_to_observe_by_date() {
    let mut other = entry("p3", "A", "Baiba", "2026-09-01", false);
    other.observer_id = "77".into();
    let entries = [
        entry("p1", "A", "Anna", "2026-12-05", false),
        entry("p2", "A", "Anna", "2026-11-05", false),
        entry("p4", "A", "Anna", "2026-10-05", true),
        entry("p5", "A", "Anna", "2026-10-06", false),
        other,
    ];
    let done: BTreeSet<String> = ["p5".to_string()].into();
    let ids: Vec<&str> = to_observe(&entries, "10", &done)
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["p2", "p1"]);
}

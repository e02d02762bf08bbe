//! The analysis against figures worked out by hand from six sheets.

use super::*;
use crate::calendar::test_dates::d;
use crate::calendar::Half;
use crate::workflow::Act;

const MADONA: &str = "Madonas pilsētas vidusskola";
const CESVAINE: &str = "Cesvaines vidusskola";
const AUTHOR: &str = "1";
const TEACHER: &str = "2";

fn sheet(
    n: u32,
    kind: ObservationKind,
    school: &str,
    date: &str,
    ratings: &[(&str, Rating)],
) -> Observation {
    let t = Template::default_template();
    let mut o = Observation::new(format!("obs-{n}"), kind, &t, 1);
    o.author = AUTHOR.into();
    o.context.teacher_id = TEACHER.into();
    o.context.teacher = "Anna Bērziņa".into();
    o.context.school = school.into();
    o.context.date = date.into();
    for (c, r) in ratings {
        o.ratings.insert((*c).into(), *r);
    }
    o
}

fn shared(mut o: Observation, step_due: Option<&str>) -> Observation {
    if let Some(due) = step_due {
        o.next_step.text = "Pašvērtēšana".into();
        o.next_step.due = due.into();
    }
    o.take(format!("s-{}", o.id), AUTHOR, "", 10, Act::Shared)
        .unwrap();
    o
}

fn agree(o: &mut Observation) {
    o.take("ack".into(), TEACHER, "", 20, Act::Acknowledged)
        .unwrap();
    let step = o.workflow().steps[0].clone();
    let accept = Act::StepAccepted {
        step: step.id.clone(),
        proposal: step.proposal.clone(),
    };
    o.take("agree".into(), TEACHER, "", 30, accept).unwrap();
}

fn done(o: &mut Observation) {
    let step = o.workflow().steps[0].id.clone();
    o.take("done".into(), TEACHER, "", 40, Act::StepDone { step })
        .unwrap();
}

use Rating::{Level as L, NotObserved as NV};

fn fixture() -> Vec<Observation> {
    let mut o1 = shared(
        sheet(
            1,
            ObservationKind::Peer,
            MADONA,
            "2026-10-05",
            &[("A1", L(3)), ("A2", L(4)), ("B1", NV)],
        ),
        Some("2026-11-01"),
    );
    o1.context.priorities = vec![Priority::DigitalSkills];
    agree(&mut o1); // agreed, due 1 Nov: overdue on 2 Dec
    let mut o2 = shared(
        sheet(
            2,
            ObservationKind::Consultant,
            CESVAINE,
            "2026-11-10",
            &[("A1", L(2)), ("A2", L(4))],
        ),
        Some("2027-01-10"),
    );
    o2.context.priorities = vec![Priority::DigitalSkills, Priority::InclusiveEducation];
    agree(&mut o2);
    done(&mut o2);
    let draft = sheet(
        3,
        ObservationKind::Peer,
        MADONA,
        "2026-12-01",
        &[("A1", L(1))],
    );
    let mut withdrawn = shared(
        sheet(
            4,
            ObservationKind::Peer,
            MADONA,
            "2026-10-20",
            &[("A1", L(1))],
        ),
        Some("2026-12-20"),
    );
    withdrawn
        .take("ack".into(), TEACHER, "", 20, Act::Acknowledged)
        .unwrap();
    withdrawn
        .take("w".into(), AUTHOR, "", 30, Act::Withdrawn)
        .unwrap();
    let before = shared(
        sheet(
            5,
            ObservationKind::Peer,
            CESVAINE,
            "2026-03-15",
            &[("A1", L(1)), ("A2", L(2)), ("A3", L(3))],
        ),
        None,
    );
    let mut deleted = shared(
        sheet(
            6,
            ObservationKind::Peer,
            MADONA,
            "2026-10-07",
            &[("A1", L(4))],
        ),
        None,
    );
    deleted.deleted_at = Some(99);
    vec![o1, o2, draft, withdrawn, before, deleted]
}

fn autumn() -> Period {
    Period::Semester(crate::calendar::SchoolYear::starting_in(2026).semester(Half::First))
}

fn spread(levels: [usize; 4], not_observed: usize) -> Spread {
    Spread {
        levels: levels.to_vec(),
        not_observed,
    }
}

fn figure<'a>(a: &'a Analysis, group: &Group, criterion: &str) -> Option<&'a Spread> {
    a.figures
        .iter()
        .find(|f| &f.group == group && f.criterion == criterion)
        .map(|f| &f.spread)
}

#[test]
fn counts_by_type_school_and_stage() {
    let all = fixture();
    let a = analyse(
        &all,
        autumn(),
        &Template::default_template(),
        d("2026-12-02"),
    );
    // o1, o2 and the withdrawn one: not the draft, the deleted or last spring's.
    assert_eq!(a.observations, 3);
    assert_eq!(
        a.by_kind,
        [(ObservationKind::Peer, 2), (ObservationKind::Consultant, 1)]
    );
    assert_eq!(
        a.by_school,
        [(CESVAINE.to_owned(), 1), (MADONA.to_owned(), 2)]
    );
    assert_eq!(a.by_stage, [(Stage::Agreed, 2), (Stage::Withdrawn, 1)]);
}

#[test]
fn ratings_spread_per_criterion_in_all_and_per_group() {
    let all = fixture();
    let a = analyse(
        &all,
        autumn(),
        &Template::default_template(),
        d("2026-12-02"),
    );
    // A withdrawn sheet's ratings do not count.
    assert_eq!(
        figure(&a, &Group::All, "A1"),
        Some(&spread([0, 1, 1, 0], 0))
    );
    assert_eq!(
        figure(&a, &Group::All, "A2"),
        Some(&spread([0, 0, 0, 2], 0))
    );
    assert_eq!(
        figure(&a, &Group::All, "B1"),
        Some(&spread([0, 0, 0, 0], 1))
    );
    assert_eq!(
        figure(&a, &Group::All, "A3"),
        None,
        "nobody rated A3 this autumn"
    );
    assert_eq!(figure(&a, &Group::All, "A1").unwrap().mean(), Some(2.5));
    assert_eq!(figure(&a, &Group::All, "B1").unwrap().mean(), None);
    let madona = Group::School(MADONA.into());
    assert_eq!(figure(&a, &madona, "A1"), Some(&spread([0, 0, 1, 0], 0)));
    let consultant = Group::Kind(ObservationKind::Consultant);
    assert_eq!(
        figure(&a, &consultant, "A1"),
        Some(&spread([0, 1, 0, 0], 0))
    );
    let digital = Group::Priority(Priority::DigitalSkills);
    assert_eq!(figure(&a, &digital, "A1"), Some(&spread([0, 1, 1, 0], 0)));
    let inclusive = Group::Priority(Priority::InclusiveEducation);
    assert_eq!(figure(&a, &inclusive, "A2"), Some(&spread([0, 0, 0, 1], 0)));
    assert_eq!(
        a.groups(),
        [
            Group::All,
            Group::School(CESVAINE.into()),
            madona,
            Group::Kind(ObservationKind::Peer),
            consultant,
            inclusive,
            digital,
        ]
    );
}

#[test]
fn the_change_from_the_semester_before_and_the_steps() {
    let all = fixture();
    let a = analyse(
        &all,
        autumn(),
        &Template::default_template(),
        d("2026-12-02"),
    );
    let change = |c: &str| a.change.iter().find(|x| x.criterion == c).unwrap();
    assert_eq!(change("A1").before.mean(), Some(1.0));
    assert_eq!(change("A1").difference(), Some(1.5));
    assert_eq!(change("A2").difference(), Some(2.0));
    assert_eq!(change("A3").difference(), None, "rated last spring only");
    assert_eq!(change("B1").difference(), None);
    assert!(a.change.iter().all(|c| c.criterion != "C1"));
    // o1's agreed and overdue, o2's done; the withdrawn sheet's proposal is open.
    assert_eq!(
        a.steps,
        Steps {
            agreed: 2,
            done: 1,
            overdue: 1,
            open: 1
        }
    );
}

#[test]
fn the_whole_year_takes_in_both_semesters() {
    let all = fixture();
    let year = Period::Year(crate::calendar::SchoolYear::starting_in(2025));
    let a = analyse(&all, year, &Template::default_template(), d("2026-12-02"));
    assert_eq!(a.observations, 1, "only last spring's in 2025/2026");
    assert_eq!(
        figure(&a, &Group::All, "A3"),
        Some(&spread([0, 0, 1, 0], 0))
    );
}

#[test]
fn behind_a_figure_are_the_sheets_that_make_it() {
    let all = fixture();
    let ids = |found: Vec<&Observation>| found.iter().map(|o| o.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(behind(&all, autumn(), &Group::All, Some("A1"))),
        ["obs-2", "obs-1"]
    );
    assert_eq!(
        ids(behind(&all, autumn(), &Group::School(MADONA.into()), None)),
        ["obs-4", "obs-1"]
    );
    assert!(behind(&all, autumn(), &Group::All, Some("C1")).is_empty());
}

#[test]
fn the_csv_has_a_bom_semicolons_quotes_and_no_formulas() {
    let table = Table {
        head: vec!["Skola".into(), "Vidējais".into()],
        rows: vec![
            vec!["Madonas; pilsētas \"vidusskola\"".into(), decimal(2.5)],
            vec!["=HYPERLINK(\"x\")".into(), "-1,5".into()],
        ],
    };
    let text = to_csv(&table);
    assert_eq!(
        text,
        "\u{feff}Skola;Vidējais\r\n\"Madonas; pilsētas \"\"vidusskola\"\"\";2,50\r\n\"'=HYPERLINK(\"\"x\"\")\";-1,5\r\n"
    );
    let all = fixture();
    let found = behind(&all, autumn(), &Group::All, Some("A1"));
    let records = records_table(&found, &Template::default_template(), &|k| k.to_owned());
    assert_eq!(records.rows.len(), 2);
    assert_eq!(records.head[3], "field.teacher");
    assert_eq!(records.rows[1][1], "2026-10-05");
    let a1 = records.head.iter().position(|h| h == "A1").unwrap();
    let b1 = records.head.iter().position(|h| h == "B1").unwrap();
    assert_eq!(
        (records.rows[1][a1].as_str(), records.rows[1][b1].as_str()),
        ("3", "N/V")
    );
}

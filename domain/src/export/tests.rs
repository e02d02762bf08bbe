use super::*;
use crate::api::School;
use crate::workflow::Act;
use crate::{ObservationKind, Role, Status, Template};

const LV: &str = include_str!("../../../src/i18n/lv.txt");
const EN: &str = include_str!("../../../src/i18n/en.txt");

fn me() -> UserProfile {
    UserProfile {
        id: "7".into(),
        username: "ilze".into(),
        display_name: "Ilze Kalniņa".into(),
        role: Role::Teacher,
        school: Some(School {
            id: 1,
            name: "Madonas pilsētas vidusskola".into(),
        }),
        must_change_password: false,
    }
}

fn sheet(id: &str, author: &str, teacher: &str, date: &str) -> Observation {
    let t = Template::default_template();
    let mut o = Observation::new(id.into(), ObservationKind::Peer, &t, 1_000);
    o.author = author.into();
    o.context.teacher_id = teacher.into();
    o.context.date = date.into();
    o.context.topic = "Dzejoļa analīze — ķēniņš un zaļš".into();
    o
}

fn event(by: &str, at: i64, act: Act) -> Event {
    Event {
        by: by.into(),
        name: String::new(),
        at,
        act,
    }
}

fn example() -> Export {
    let mut about = sheet("a", "3", "7", "2026-10-02");
    about.status = Status::Shared;
    about.rate("A1", Some(Rating::Level(3)));
    about.self_ratings.insert("A1".into(), Rating::Level(2));
    about.reflection = "Nākamreiz vairāk laika pāros".into();
    about
        .events
        .insert("e2".into(), event("7", 20, Act::Acknowledged));
    about
        .events
        .insert("e1".into(), event("3", 10, Act::Shared));
    let earlier = sheet("b", "3", "7", "2026-09-15");
    let mine = sheet("c", "7", "9", "2026-11-01");
    let someone_elses = sheet("d", "3", "9", "2026-11-02");
    build(me(), vec![], vec![about, mine, someone_elses, earlier], 5)
}

#[test]
fn the_lessons_of_the_person_and_their_own_sheets_go_in_and_nothing_else() {
    let e = example();
    let ids = |list: &[Exported]| {
        list.iter()
            .map(|x| x.observation.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&e.observations_of_me), ["b", "a"], "by lesson date");
    assert_eq!(ids(&e.observations_by_me), ["c"]);
    assert_eq!(e.my_answers.len(), 2);
}

#[test]
fn the_history_is_in_time_order_and_the_answers_are_the_persons_own_steps() {
    let e = example();
    let a = &e.observations_of_me[1];
    let acts: Vec<&str> = a.history.iter().map(|s| s.act.id()).collect();
    assert_eq!(acts, ["shared", "acknowledged"]);
    assert!(
        a.observation.events.is_empty(),
        "listed once, as the history"
    );
    assert_eq!(a.stage, "acknowledged");
    let answer = &e.my_answers[1];
    assert_eq!(answer.reflection, "Nākamreiz vairāk laika pāros");
    assert_eq!(answer.steps.len(), 1);
    assert_eq!(answer.steps[0].by, "7");
    assert_eq!(answer.self_ratings["A1"], Rating::Level(2));
}

#[test]
fn the_table_has_a_row_per_sheet_and_rating_columns_in_the_persons_language() {
    let e = example();
    let lv = Catalog::parse(LV).unwrap();
    let rows = table(&e, &lv);
    assert_eq!(rows.len(), 1 + 3);
    let header = &rows[0];
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rating = at(&lv.format("export.column.rating", &[("criterion", "A1")]));
    let mine = at(&lv.format("export.column.self_rating", &[("criterion", "A1")]));
    let a = &rows[2];
    assert_eq!((a[rating].as_str(), a[mine].as_str()), ("3", "2"));
    assert_eq!(
        a[at(lv.get("export.column.topic").unwrap())],
        "Dzejoļa analīze — ķēniņš un zaļš"
    );
    assert_eq!(a[0], lv.get("export.part.of_me").unwrap());
    assert_eq!(rows[3][0], lv.get("export.part.by_me").unwrap());
    // Every heading and word is in both catalogues.
    for words in [lv, Catalog::parse(EN).unwrap()] {
        for c in COLUMNS {
            assert!(words.get(&format!("export.column.{c}")).is_some(), "{c}");
        }
        for key in [
            "export.part.of_me",
            "export.part.by_me",
            "export.column.rating",
        ] {
            assert!(words.get(key).is_some(), "{key}");
        }
    }
}

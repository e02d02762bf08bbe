use super::*;

fn file(rows: &[&str]) -> Vec<(usize, Vec<String>)> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| (i + 1, r.split(';').map(str::to_owned).collect()))
        .collect()
}

const HEADER: &str = "Lietotājvārds;Vārds Uzvārds;Loma;Iestāde";

#[test]
fn a_latvian_file_reads_with_roles_by_their_latvian_names() {
    let rows = read(&file(&[
        HEADER,
        "abērziņa;Anna Bērziņa;Pedagogs;Madonas pilsētas vidusskola",
        "ikalnina; Ilze Kalniņa ;vērotājs;Madonas pilsētas vidusskola",
        "dvitola;Dace Vītola;Pašvaldības izglītības speciālists;",
        ";;;",
        "lliepa;Līga Liepa;Mācīšanās konsultants;",
    ]));
    let problems = rows.unwrap_err();
    // "abērziņa" is not a username: ASCII only, so it can be typed on any keyboard.
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].line, problems[0].code),
        (2, ProblemCode::BadUsername)
    );

    let rows = read(&file(&[
        HEADER,
        "aberzina;Anna Bērziņa;Pedagogs;Madonas pilsētas vidusskola",
        "IKalnina; Ilze Kalniņa ;vērotājs;Madonas pilsētas vidusskola",
        "dvitola;Dace Vītola;Pašvaldības izglītības speciālists;",
        ";;;",
        "lliepa;Līga Liepa;Mācīšanās konsultants;",
    ]))
    .unwrap();
    assert_eq!(rows.len(), 4, "the empty line is skipped");
    assert_eq!(rows[1].username, "ikalnina");
    assert_eq!(rows[1].name, "Ilze Kalniņa");
    assert_eq!(rows[1].role, Role::Observer);
    assert_eq!(rows[2].role, Role::Specialist);
    assert_eq!(rows[2].school, None);
    assert_eq!(rows[3].role, Role::Consultant);
}

#[test]
fn an_english_header_and_role_ids_work_too() {
    let rows = read(&file(&[
        "username;name;role;school",
        "rsilina;Rūta Siliņa;teacher;Lubānas vidusskola",
        "vpetersons;Valdis Pētersons;management;Lubānas vidusskola",
        "admin2;Edgars Kļaviņš;Administrator;",
    ]))
    .unwrap();
    assert_eq!(
        rows.iter().map(|r| r.role).collect::<Vec<_>>(),
        [Role::Teacher, Role::Management, Role::Admin]
    );
}

#[test]
fn every_bad_row_is_named_and_nothing_is_read() {
    let problems = read(&file(&[
        HEADER,
        "aberzina;Anna Bērziņa;Pedagogs;Madonas pilsētas vidusskola",
        "aberzina;Anna Cita;Pedagogs;Madonas pilsētas vidusskola",
        "jozols;;Mentors;Madonas pilsētas vidusskola",
        "x;Kāds;Pedagogs;Madonas pilsētas vidusskola",
        "pkrumins;Pēteris Krūmiņš;direktora vietnieks;Madonas pilsētas vidusskola",
        "tlace;Toms Lācis;Pedagogs;",
        "dv;Dace Vītola;Speciālists;Madonas pilsētas vidusskola",
        "short;Tikai vārds",
    ]))
    .unwrap_err();
    let found: Vec<_> = problems.iter().map(|p| (p.line, p.code)).collect();
    assert_eq!(
        found,
        [
            (3, ProblemCode::DuplicateUsername),
            (4, ProblemCode::NoName),
            (5, ProblemCode::BadUsername),
            (6, ProblemCode::UnknownRole),
            (7, ProblemCode::SchoolNeeded),
            (8, ProblemCode::NoSchoolForRole),
            (9, ProblemCode::TooFewCells),
        ]
    );
    assert_eq!(problems[3].value, "direktora vietnieks");
}

#[test]
fn a_header_without_a_needed_column_says_which() {
    let problems = read(&file(&["Vārds;Loma", "Anna;Pedagogs"])).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, ProblemCode::MissingColumn);
    assert_eq!(problems[0].value, "username");
    assert_eq!(read(&[]).unwrap_err()[0].code, ProblemCode::Empty);
}

#[test]
fn the_same_file_again_plans_nothing_and_a_changed_row_is_a_change() {
    let rows = read(&file(&[
        HEADER,
        "aberzina;Anna Bērziņa;Pedagogs;Madonas pilsētas vidusskola",
        "rsilina;Rūta Siliņa;Pedagogs;Cesvaines vidusskola",
    ]))
    .unwrap();
    let schools = vec!["Madonas pilsētas vidusskola".to_owned()];
    let first = plan(&rows, &[], &schools);
    assert_eq!(first.new_schools, ["Cesvaines vidusskola"]);
    assert_eq!(first.new_people.len(), 2);
    assert!(!first.is_empty());

    let existing: Vec<Existing> = rows
        .iter()
        .map(|r| Existing {
            username: r.username.clone(),
            name: r.name.clone(),
            role: r.role,
            school: r.school.clone(),
            mentors: Vec::new(),
            followed_by: Vec::new(),
        })
        .collect();
    let schools = vec![
        "Madonas pilsētas vidusskola".to_owned(),
        "Cesvaines vidusskola".to_owned(),
    ];
    let again = plan(&rows, &existing, &schools);
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(again.unchanged, 2);

    let mut promoted = rows.clone();
    promoted[1].role = Role::Management;
    let change = plan(&promoted, &existing, &schools);
    assert_eq!(change.changed.len(), 1);
    assert_eq!(change.changed[0].0.role, Role::Teacher);
    assert_eq!(change.changed[0].1.role, Role::Management);
}

#[test]
fn every_role_has_a_latvian_and_an_english_name_the_import_knows() {
    for role in Role::ALL {
        assert_eq!(role_named(role.id()), Some(role), "{role}");
    }
    assert_eq!(role_named("  PEDAGOGS "), Some(Role::Teacher));
    assert_eq!(
        role_named("Izglitibas tehnologiju mentors"),
        Some(Role::EdtechMentor)
    );
    assert_eq!(role_named("direktors"), Some(Role::Management));
}

#[test]
fn mentors_and_followers_come_from_their_columns_checked_and_once() {
    let rows = read(&file(&[
        "Lietotājvārds;Vārds Uzvārds;Loma;Iestāde;Mentors;Mentorēšana no;Konsultants",
        "ljansone;Laura Jansone;Pedagogs;Cesvaines vidusskola;pmentors;2026-09-01;ikonsult, etech",
        "pmentors;Pēteris Mentors;Mentors;Cesvaines vidusskola;;;",
    ]))
    .unwrap();
    assert_eq!(rows[0].mentor.as_deref(), Some("pmentors"));
    assert_eq!(rows[0].followed_by, ["ikonsult", "etech"]);
    let existing = |username: &str, role: Role| Existing {
        username: username.into(),
        name: username.into(),
        role,
        school: None,
        mentors: Vec::new(),
        followed_by: Vec::new(),
    };
    let people = [
        existing("ikonsult", Role::Consultant),
        existing("etech", Role::EdtechMentor),
    ];
    assert_eq!(check_links(&rows, &people), []);
    let plan_one = plan(&rows, &people, &[]);
    assert_eq!(
        plan_one.new_pairs,
        [NewPair {
            mentor: "pmentors".into(),
            mentee: "ljansone".into(),
            since: "2026-09-01".into()
        }]
    );
    assert_eq!(
        plan_one.new_follows,
        [
            ("ikonsult".to_owned(), "ljansone".to_owned()),
            ("etech".to_owned(), "ljansone".to_owned())
        ]
    );
    // Imported: the pairs and assignments exist, and the file plans nothing more.
    let mut after: Vec<Existing> = people.to_vec();
    after.push(Existing {
        mentors: vec!["pmentors".into()],
        followed_by: vec!["ikonsult".into(), "etech".into()],
        ..existing("ljansone", Role::Teacher)
    });
    after.last_mut().unwrap().name = "Laura Jansone".into();
    after.last_mut().unwrap().school = Some("Cesvaines vidusskola".into());
    let mut mentor = existing("pmentors", Role::Mentor);
    mentor.name = "Pēteris Mentors".into();
    mentor.school = Some("Cesvaines vidusskola".into());
    after.push(mentor);
    assert!(plan(&rows, &after, &["Cesvaines vidusskola".into()]).is_empty());

    // A follower who is not a consultant, an unknown mentor, a bad date.
    let bad = read(&file(&[
        "Lietotājvārds;Vārds Uzvārds;Loma;Iestāde;Mentors;Konsultants",
        "ljansone;Laura Jansone;Pedagogs;Cesvaines vidusskola;nezinams;pmentors",
        "pmentors;Pēteris Mentors;Mentors;Cesvaines vidusskola;;",
    ]))
    .unwrap();
    let problems = check_links(&bad, &[]);
    let codes: Vec<_> = problems
        .iter()
        .map(|p| (p.line, p.code, p.value.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            (2, ProblemCode::UnknownPerson, "nezinams"),
            (2, ProblemCode::WrongRole, "pmentors")
        ]
    );
    let date = read(&file(&[
        "Lietotājvārds;Vārds Uzvārds;Loma;Iestāde;Mentors;Mentorēšana no",
        "ljansone;Laura Jansone;Pedagogs;Cesvaines vidusskola;pmentors;1.09.2026",
    ]))
    .unwrap_err();
    assert_eq!(date[0].code, ProblemCode::BadDate);
}

use super::*;
use crate::calendar::test_dates::d;
use crate::observation::LiveNote;
use crate::workflow::Act;
use crate::ObservationKind;

fn sheet(n: u32, author: &str, teacher: &str, date: &str, share: bool) -> Observation {
    let t = Template::default_template();
    let mut o = Observation::new(format!("obs-{n}"), ObservationKind::Consultant, &t, 1);
    o.author = author.into();
    o.context.teacher_id = teacher.into();
    o.context.teacher = "Anna Bērziņa".into();
    o.context.school = format!("skola {n}");
    o.context.date = date.into();
    if share {
        o.take(format!("s{n}"), author, "", 10, Act::Shared)
            .unwrap();
    }
    o
}

fn rated(mut o: Observation, levels: &[(&str, u8)]) -> Observation {
    for (c, l) in levels {
        o.ratings.insert((*c).into(), Rating::Level(*l));
    }
    o
}

fn note(o: &mut Observation, minute: u32, criterion: &str, text: &str) {
    o.notes.push(LiveNote {
        minute: Some(minute),
        text: text.into(),
        criterion: Some(criterion.into()),
        at: i64::from(minute),
        in_print: false,
    });
}

#[test]
fn a_teachers_summary_per_criterion_with_its_evidence() {
    let mut o1 = rated(
        sheet(1, "1", "2", "2026-10-01", true),
        &[("A1", 2), ("A2", 4), ("D3", 1)],
    );
    o1.ratings.insert("B1".into(), Rating::NotObserved);
    o1.evidence
        .insert("A1".into(), "Jautā tikai faktus ".into());
    note(&mut o1, 5, "A1", "Skolēni strādā pāros");
    note(&mut o1, 6, "B2", "cits kritērijs");
    o1.strengths = ["Skaidrs SR".into(), " ".into()];
    let mut o2 = rated(
        sheet(2, "1", "2", "2026-11-05", true),
        &[("A1", 3), ("A2", 3), ("D3", 3)],
    );
    o2.evidence.insert("A1".into(), "  ".into());
    note(&mut o2, 20, "A1", "vēlāk");
    note(&mut o2, 3, "A1", "agrāk");
    o2.strengths = ["Laba atgriezeniskā saite".into(), "Digitālie rīki".into()];
    let mut o3 = rated(
        sheet(3, "4", "2", "2026-12-01", true),
        &[("A1", 4), ("A2", 4), ("A3", 9)],
    );
    o3.evidence.insert("D3".into(), "Planšetes".into());
    // None of these count.
    let draft = rated(sheet(4, "1", "2", "2026-12-02", false), &[("A1", 1)]);
    let mut withdrawn = rated(sheet(5, "1", "2", "2026-12-03", true), &[("A1", 1)]);
    withdrawn
        .take("a".into(), "2", "", 20, Act::Acknowledged)
        .unwrap();
    withdrawn
        .take("w".into(), "1", "", 30, Act::Withdrawn)
        .unwrap();
    assert_eq!(withdrawn.status, Status::Withdrawn);
    let mut deleted = rated(sheet(6, "1", "2", "2026-12-04", true), &[("A1", 1)]);
    deleted.deleted_at = Some(40);
    let other = rated(sheet(7, "1", "9", "2026-12-05", true), &[("A1", 1)]);
    let list = [o1, draft, o3, withdrawn, o2, deleted, other];
    let t = Template::default_template();

    let s = of_teacher("2", &list, &t, &["D3", "X9", "D3"]).unwrap();
    assert_eq!(s.observations, 3);
    assert_eq!(
        (s.teacher.as_str(), s.school.as_str()),
        ("Anna Bērziņa", "skola 3")
    );
    let figures: Vec<_> = s
        .criteria
        .iter()
        .map(|c| {
            (
                c.criterion.as_str(),
                c.mean,
                c.rated,
                c.lowest,
                c.highest,
                c.standing,
            )
        })
        .collect();
    use Standing::*;
    assert_eq!(
        figures,
        [
            // 1 and 3: 2.0, half a level below the middle of 1–4.
            ("D3", 2.0, 2, 1, 3, Growing),
            // 2, 3 and 4: 3.0.
            ("A1", 3.0, 3, 2, 4, Middle),
            // 4, 3 and 4: 11 / 3 = 3.67.
            ("A2", 3.7, 3, 3, 4, Strength),
        ],
        "D3 first; B1 only not observed and A3 off the scale are left out"
    );
    let evidence = |c: &CriterionSummary| -> Vec<(String, String, Option<u8>)> {
        c.evidence
            .iter()
            .map(|e| (e.record.clone(), e.text.clone(), e.level))
            .collect()
    };
    let e = |r: &str, t: &str, l: Option<u8>| (r.to_owned(), t.to_owned(), l);
    assert_eq!(
        evidence(&s.criteria[1]),
        [
            e("obs-2", "agrāk", Some(3)),
            e("obs-2", "vēlāk", Some(3)),
            e("obs-1", "Jautā tikai faktus", Some(2)),
            e("obs-1", "Skolēni strādā pāros", Some(2)),
        ]
    );
    assert_eq!(s.criteria[1].evidence[0].date, Some(d("2026-11-05")));
    assert_eq!(
        evidence(&s.criteria[0]),
        [e("obs-3", "Planšetes", None)],
        "evidence from a sheet that did not rate it"
    );
    let named: Vec<_> = s
        .named_strengths
        .iter()
        .map(|e| (e.record.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("obs-2", "Laba atgriezeniskā saite"),
            ("obs-2", "Digitālie rīki"),
            ("obs-1", "Skaidrs SR"),
        ]
    );
    let ids = |it: &mut dyn Iterator<Item = &CriterionSummary>| {
        it.map(|c| c.criterion.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&mut s.strengths()), ["A2"]);
    assert_eq!(ids(&mut s.to_grow()), ["D3"]);

    let plain = of_teacher("2", &list, &t, &[]).unwrap();
    let order: Vec<_> = plain
        .criteria
        .iter()
        .map(|c| c.criterion.as_str())
        .collect();
    assert_eq!(order, ["A1", "A2", "D3"], "the template's order");
    assert_eq!(of_teacher("8", &list, &t, &[]), None);
    assert_eq!(of_teacher("", &list, &t, &[]), None);
}

#[test]
fn standings_follow_the_scale() {
    use Standing::*;
    let on_four = [35, 34, 21, 20, 10].map(|t| Standing::of(t, 4));
    assert_eq!(on_four, [Strength, Middle, Middle, Growing, Growing]);
    assert_eq!(
        [45, 44, 26, 25].map(|t| Standing::of(t, 5)),
        [Strength, Middle, Middle, Growing]
    );
    assert_eq!(
        [25, 24, 16, 15].map(|t| Standing::of(t, 3)),
        [Strength, Middle, Middle, Growing]
    );
}

#[test]
fn a_mean_between_two_tenths_rounds_up() {
    let t = Template::default_template();
    let list: Vec<Observation> = [2, 2, 2, 3]
        .into_iter()
        .enumerate()
        .map(|(n, l)| rated(sheet(n as u32, "1", "2", "2026-10-01", true), &[("C1", l)]))
        .collect();
    let s = of_teacher("2", &list, &t, &[]).unwrap();
    assert_eq!(
        (s.criteria[0].mean, s.criteria[0].standing),
        (2.3, Standing::Middle)
    );
}

#[test]
fn a_mentoring_pairs_timeline_both_ways_newest_first() {
    let (mentor, mentee) = ("5", "6");
    let mut deleted = sheet(5, mentor, mentee, "2026-12-05", true);
    deleted.deleted_at = Some(1);
    // Taken back after she read it: her trace stays in the timeline.
    let mut trace = sheet(8, mentor, mentee, "2026-09-20", true);
    trace
        .take("a".into(), mentee, "", 20, Act::Acknowledged)
        .unwrap();
    trace
        .take("w".into(), mentor, "", 30, Act::Withdrawn)
        .unwrap();
    // Taken back before she read it: a draft again, as it may linger on her device.
    let mut unread = sheet(9, mentor, mentee, "2026-09-25", true);
    unread
        .take("w".into(), mentor, "", 30, Act::Withdrawn)
        .unwrap();
    let list = [
        sheet(1, mentor, mentee, "2026-10-01", true),
        sheet(2, mentee, mentor, "2026-11-01", true),
        sheet(3, mentee, mentor, "2026-12-01", false),
        sheet(4, mentor, mentee, "", true),
        deleted,
        sheet(6, "7", mentee, "2026-12-06", true),
        sheet(7, mentor, "8", "2026-12-07", true),
        trace,
        unread,
    ];
    let met: Vec<_> = between(mentor, mentee, &list)
        .into_iter()
        .map(|m| (m.obs.id.as_str(), m.date, m.mentor_observed))
        .collect();
    assert_eq!(
        met,
        [
            ("obs-2", Some(d("2026-11-01")), false),
            ("obs-1", Some(d("2026-10-01")), true),
            ("obs-8", Some(d("2026-09-20")), true),
            ("obs-4", None, true),
        ],
        "no drafts, the undated one last"
    );
    assert!(between(mentee, mentor, &list)
        .iter()
        .all(|m| m.mentor_observed == (m.obs.author == mentee)));
    assert!(between("", mentee, &list).is_empty());
}

//! What must be filled before a sheet can be shared, and which values are out of range.
//! Problems carry a catalogue key and arguments, so the UI says them in Latvian or English.

use crate::{Catalog, Observation, Rating, Template};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Teacher,
    Class,
    Subject,
    Date,
    IntendedOutcome,
    Goal,
    FirstStrength,
    SecondStrength,
    NextStep,
    NextStepDue,
    Opinion,
}

impl Field {
    pub fn id(self) -> &'static str {
        match self {
            Field::Teacher => "teacher",
            Field::Class => "class",
            Field::Subject => "subject",
            Field::Date => "date",
            Field::IntendedOutcome => "intended_outcome",
            Field::Goal => "goal",
            Field::FirstStrength => "strength1",
            Field::SecondStrength => "strength2",
            Field::NextStep => "next_step",
            Field::NextStepDue => "next_step_due",
            Field::Opinion => "opinion",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing(Field),
    BadDate(Field),
    /// Required criteria without a rating (N/V counts as a rating).
    Unrated(Vec<String>),
    OutOfRange {
        criterion: String,
        value: u8,
        max: u8,
    },
    UnknownCriterion(String),
    /// The sheet was made under another template than the one given.
    OtherTemplate {
        id: String,
        version: u32,
    },
    /// The teacher's name was typed but matches no one in the directory: once shared,
    /// the teacher could not see the sheet.
    TeacherNotListed,
}

impl Problem {
    pub fn key(&self) -> String {
        match self {
            Problem::Missing(field) => format!("problem.missing.{}", field.id()),
            Problem::BadDate(_) => "problem.bad_date".into(),
            Problem::Unrated(_) => "problem.unrated".into(),
            Problem::OutOfRange { .. } => "problem.out_of_range".into(),
            Problem::UnknownCriterion(_) => "problem.unknown_criterion".into(),
            Problem::OtherTemplate { .. } => "problem.other_template".into(),
            Problem::TeacherNotListed => "problem.teacher_not_listed".into(),
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Problem::Missing(_) | Problem::TeacherNotListed => vec![],
            Problem::BadDate(field) => vec![("field", field.id().to_owned())],
            Problem::Unrated(ids) => vec![("criteria", ids.join(", "))],
            Problem::OutOfRange {
                criterion,
                value,
                max,
            } => vec![
                ("criterion", criterion.clone()),
                ("value", value.to_string()),
                ("max", max.to_string()),
            ],
            Problem::UnknownCriterion(id) => vec![("criterion", id.clone())],
            Problem::OtherTemplate { id, version } => {
                vec![("template", id.clone()), ("version", version.to_string())]
            }
        }
    }

    /// The message in the catalogue's language; a field named in it is shown by its label.
    pub fn message(&self, catalog: &Catalog) -> String {
        let args: Vec<(&str, String)> = self
            .args()
            .into_iter()
            .map(|(name, value)| match (self, name) {
                (Problem::BadDate(_), "field") => {
                    let label = catalog.format(&format!("field.{value}"), &[]);
                    (name, label)
                }
                _ => (name, value),
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        catalog.format(&self.key(), &borrowed)
    }
}

/// Problems with values whatever the sheet's state: ratings off the scale or for
/// criteria the template doesn't have.
pub fn value_problems(obs: &Observation, template: &Template) -> Vec<Problem> {
    let mut problems = Vec::new();
    if obs.template.id != template.id || obs.template.version != template.version {
        problems.push(Problem::OtherTemplate {
            id: obs.template.id.clone(),
            version: obs.template.version,
        });
    }
    for (criterion, rating) in &obs.ratings {
        if template.criterion(criterion).is_none() {
            problems.push(Problem::UnknownCriterion(criterion.clone()));
        } else if let Rating::Level(value) = *rating {
            if !template.accepts(*rating) {
                problems.push(Problem::OutOfRange {
                    criterion: criterion.clone(),
                    value,
                    max: template.max_level(),
                });
            }
        }
    }
    problems
}

/// Everything that stands between this sheet and sharing it; empty means it can go.
pub fn sharing_problems(obs: &Observation, template: &Template) -> Vec<Problem> {
    let c = &obs.context;
    let mut problems = value_problems(obs, template);
    let required = [
        (Field::Teacher, &c.teacher),
        (Field::Class, &c.class),
        (Field::Subject, &c.subject),
        (Field::Date, &c.date),
        (Field::IntendedOutcome, &c.intended_outcome),
        (Field::Goal, &c.goal),
    ];
    for (field, value) in required {
        if value.trim().is_empty() {
            problems.push(Problem::Missing(field));
        }
    }
    if !c.teacher.trim().is_empty() && c.teacher_id.is_empty() {
        problems.push(Problem::TeacherNotListed);
    }
    if !c.date.trim().is_empty() && !is_date(&c.date) {
        problems.push(Problem::BadDate(Field::Date));
    }
    let unrated: Vec<String> = template
        .criteria()
        .filter(|cr| !cr.is_optional(obs.kind) && !obs.ratings.contains_key(&cr.id))
        .map(|cr| cr.id.clone())
        .collect();
    if !unrated.is_empty() {
        problems.push(Problem::Unrated(unrated));
    }
    let closing = [
        (Field::FirstStrength, &obs.strengths[0]),
        (Field::SecondStrength, &obs.strengths[1]),
        (Field::NextStep, &obs.next_step.text),
        (Field::NextStepDue, &obs.next_step.due),
    ];
    for (field, value) in closing {
        if value.trim().is_empty() {
            problems.push(Problem::Missing(field));
        }
    }
    if !obs.next_step.due.trim().is_empty() && !is_date(&obs.next_step.due) {
        problems.push(Problem::BadDate(Field::NextStepDue));
    }
    if obs.kind.has_opinion() && obs.opinion.trim().is_empty() {
        problems.push(Problem::Missing(Field::Opinion));
    }
    problems
}

/// A real calendar date written YYYY-MM-DD, as the sheet stores its dates.
pub fn is_date(text: &str) -> bool {
    crate::calendar::parse_date(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ObservationKind;

    const LV: &str = include_str!("../../src/i18n/lv.txt");
    const EN: &str = include_str!("../../src/i18n/en.txt");

    fn template() -> Template {
        Template::default_template()
    }

    fn complete(kind: ObservationKind) -> Observation {
        let t = template();
        let mut o = Observation::new("id".into(), kind, &t, 0);
        let c = &mut o.context;
        c.teacher = "Anna Bērziņa".into();
        c.teacher_id = "2".into();
        c.class = "7.b".into();
        c.subject = "Matemātika".into();
        c.date = "2026-11-23".into();
        c.intended_outcome = "Skolēni risina lineāras vienādojumus".into();
        c.goal = "Atgriezeniskā saite".into();
        for cr in t.criteria().filter(|c| !c.optional) {
            o.ratings.insert(cr.id.clone(), Rating::Level(3));
        }
        o.strengths = ["Skaidrs SR".into(), "Laba sadarbība".into()];
        o.next_step.text = "Pašvērtēšana pēc kritērijiem".into();
        o.next_step.due = "2026-12-15".into();
        if kind.has_opinion() {
            o.opinion = "Ieteikums vadībai".into();
        }
        o
    }

    #[test]
    fn a_complete_sheet_of_every_kind_can_be_shared() {
        for kind in ObservationKind::ALL {
            assert_eq!(
                sharing_problems(&complete(kind), &template()),
                vec![],
                "{kind:?}"
            );
        }
    }

    #[test]
    fn an_empty_sheet_lists_everything_missing() {
        let t = template();
        let o = Observation::new("id".into(), ObservationKind::Specialist, &t, 0);
        let problems = sharing_problems(&o, &t);
        let keys: Vec<_> = problems.iter().map(Problem::key).collect();
        assert_eq!(
            keys,
            [
                "problem.missing.teacher",
                "problem.missing.class",
                "problem.missing.subject",
                "problem.missing.date",
                "problem.missing.intended_outcome",
                "problem.missing.goal",
                "problem.unrated",
                "problem.missing.strength1",
                "problem.missing.strength2",
                "problem.missing.next_step",
                "problem.missing.next_step_due",
                "problem.missing.opinion",
            ]
        );
        let Problem::Unrated(ids) = &problems[6] else {
            panic!()
        };
        assert_eq!(ids.len(), 12, "D4 is optional");
    }

    #[test]
    fn opinion_is_only_asked_of_kinds_that_have_one() {
        let mut peer = complete(ObservationKind::Peer);
        peer.opinion.clear();
        assert!(sharing_problems(&peer, &template()).is_empty());
        let mut grade = complete(ObservationKind::QualityGrade);
        grade.opinion = "  ".into();
        assert_eq!(
            sharing_problems(&grade, &template()),
            [Problem::Missing(Field::Opinion)]
        );
    }

    #[test]
    fn out_of_range_and_unknown_ratings_are_found() {
        let mut o = complete(ObservationKind::Peer);
        o.ratings.insert("A1".into(), Rating::Level(5));
        o.ratings.insert("Z9".into(), Rating::Level(1));
        o.ratings.insert("B1".into(), Rating::NotObserved);
        let problems = value_problems(&o, &template());
        assert_eq!(
            problems,
            [
                Problem::OutOfRange {
                    criterion: "A1".into(),
                    value: 5,
                    max: 4
                },
                Problem::UnknownCriterion("Z9".into()),
            ]
        );
    }

    #[test]
    fn dates_must_be_real() {
        for good in ["2026-11-23", "2024-02-29", "2000-02-29", "2026-12-31"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-11-31",
            "23.11.2026",
            "2026-1-5",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        let mut o = complete(ObservationKind::Peer);
        o.next_step.due = "15.12.2026".into();
        assert_eq!(
            sharing_problems(&o, &template()),
            [Problem::BadDate(Field::NextStepDue)]
        );
    }

    #[test]
    fn a_sheet_of_another_template_version_is_named() {
        let o = complete(ObservationKind::Peer);
        let mut newer = template();
        newer.version = 2;
        assert_eq!(
            value_problems(&o, &newer),
            [Problem::OtherTemplate {
                id: "madona-default".into(),
                version: 1
            }]
        );
    }

    fn every_problem() -> Vec<Problem> {
        let fields = [
            Field::Teacher,
            Field::Class,
            Field::Subject,
            Field::Date,
            Field::IntendedOutcome,
            Field::Goal,
            Field::FirstStrength,
            Field::SecondStrength,
            Field::NextStep,
            Field::NextStepDue,
            Field::Opinion,
        ];
        let mut all: Vec<Problem> = fields.iter().map(|f| Problem::Missing(*f)).collect();
        all.extend(fields.iter().map(|f| Problem::BadDate(*f)));
        all.push(Problem::Unrated(vec!["A1".into(), "B2".into()]));
        all.push(Problem::TeacherNotListed);
        all.push(Problem::OutOfRange {
            criterion: "A1".into(),
            value: 7,
            max: 4,
        });
        all.push(Problem::UnknownCriterion("Z9".into()));
        all.push(Problem::OtherTemplate {
            id: "x".into(),
            version: 3,
        });
        all
    }

    #[test]
    fn every_problem_has_a_message_in_both_languages_with_no_gaps() {
        for source in [LV, EN] {
            let catalog = Catalog::parse(source).unwrap();
            for problem in every_problem() {
                let message = problem.message(&catalog);
                assert!(catalog.get(&problem.key()).is_some(), "{}", problem.key());
                assert!(
                    !message.contains('{') && !message.contains("field."),
                    "{message}"
                );
            }
        }
    }

    #[test]
    fn a_teacher_typed_but_not_chosen_from_the_list_blocks_sharing() {
        let t = template();
        let mut o = complete(ObservationKind::Peer);
        o.context.teacher_id.clear();
        assert_eq!(sharing_problems(&o, &t), vec![Problem::TeacherNotListed]);
    }

    #[test]
    fn messages_read_well_in_latvian() {
        let lv = Catalog::parse(LV).unwrap();
        assert_eq!(
            Problem::Missing(Field::Teacher).message(&lv),
            "Norādiet, kuru pedagogu vērojat."
        );
        assert_eq!(
            Problem::Unrated(vec!["A1".into(), "C3".into()]).message(&lv),
            "Novērtējiet kritērijus: A1, C3 (ja neredzējāt, izvēlieties N/V)."
        );
        assert_eq!(
            Problem::BadDate(Field::NextStepDue).message(&lv),
            "Lauks „Termiņš” nav derīgs datums."
        );
        assert_eq!(
            Problem::OutOfRange {
                criterion: "B2".into(),
                value: 5,
                max: 4
            }
            .message(&lv),
            "B2: vērtējums 5 ir ārpus skalas 1–4."
        );
    }
}

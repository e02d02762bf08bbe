//! Searching and filtering every list of observations: by the people's names, the
//! school, subject or topic, and by stage, type and school year.
//!
//! A list may hold 20,000 observations and must answer each keystroke within 100 ms in
//! the browser. What a record contributes that does not depend on the filter — its
//! stage (a fold of its events), its lesson date and its text folded for search — is
//! worked out once in [`index`], when the device's sheets change; a filter change only
//! compares.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::calendar::{parse_date, SchoolYear};
use crate::names;
use crate::workflow::Stage;
use crate::{Observation, ObservationKind};

/// What a person chose above a list: all `None` and no text is everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Typed text, found in the teacher's name, the observer's, the school, the subject
    /// or the topic whatever its case and diacritics, as `names::matches` finds it
    /// ("berzina" finds "Bērziņa").
    pub text: String,
    pub stage: Option<Stage>,
    pub kind: Option<ObservationKind>,
    /// An observation without a lesson date belongs to no school year, so it is left
    /// out once a year is chosen.
    pub year: Option<SchoolYear>,
}

impl ListFilter {
    /// Nothing chosen: spaces alone find everything, so they count as no text.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.stage.is_none()
            && self.kind.is_none()
            && self.year.is_none()
    }
}

/// What filtering needs of one observation, worked out once. Owned (no borrow of the
/// record), so a screen can keep the facts of its list from one keystroke to the next
/// and only compare; [`Listed`] is the same beside its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub stage: Stage,
    /// An agreed next step is not done yet (the observer's "step open" pile).
    pub step_open: bool,
    pub kind: ObservationKind,
    pub date: Option<NaiveDate>,
    pub year: Option<SchoolYear>,
    /// The searched fields folded (`names::fold`) one after another in one allocation…
    folded: String,
    /// …and where each ends, so typed text is never found across two of them.
    ends: [usize; SEARCHED],
}

const SEARCHED: usize = 5;

fn searched(o: &Observation) -> [&str; SEARCHED] {
    let c = &o.context;
    [&c.teacher, &c.observer, &c.school, &c.subject, &c.topic]
}

impl Facts {
    pub fn of(obs: &Observation) -> Facts {
        let mut folded = String::new();
        let mut ends = [0; SEARCHED];
        for (end, field) in ends.iter_mut().zip(searched(obs)) {
            // Folding is char by char, so folding the fields apart and joining them is
            // the same as folding each where `names::matches` would.
            folded.push_str(&names::fold(field));
            *end = folded.len();
        }
        let date = parse_date(&obs.context.date);
        // One fold of the workflow for both its stage and its steps.
        let w = obs.workflow();
        Facts {
            stage: w.stage(),
            step_open: w.step_open(),
            kind: obs.kind,
            date,
            year: date.map(SchoolYear::of),
            folded,
            ends,
        }
    }

    fn fields(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends);
        starts
            .zip(self.ends)
            .map(|(start, end)| &self.folded[start..end])
    }

    /// Whether it passes `f`, with `f.text` already folded as `typed`.
    fn passes(&self, f: &ListFilter, typed: &str) -> bool {
        f.stage.is_none_or(|s| s == self.stage)
            && f.kind.is_none_or(|k| k == self.kind)
            && f.year.is_none_or(|y| self.year == Some(y))
            && (typed.is_empty() || self.fields().any(|field| field.contains(typed)))
    }
}

impl AsRef<Facts> for Facts {
    fn as_ref(&self) -> &Facts {
        self
    }
}

/// One observation with its facts.
#[derive(Debug, Clone)]
pub struct Listed<'a> {
    pub obs: &'a Observation,
    pub facts: Facts,
}

impl<'a> Listed<'a> {
    pub fn of(obs: &'a Observation) -> Listed<'a> {
        Listed {
            obs,
            facts: Facts::of(obs),
        }
    }
}

impl std::ops::Deref for Listed<'_> {
    type Target = Facts;

    fn deref(&self) -> &Facts {
        &self.facts
    }
}

impl AsRef<Facts> for Listed<'_> {
    fn as_ref(&self) -> &Facts {
        &self.facts
    }
}

/// Build once per change of the device's sheets (or of the list's own selection of
/// them), in the order the list shows them.
pub fn index<'a>(list: impl IntoIterator<Item = &'a Observation>) -> Vec<Listed<'a>> {
    list.into_iter().map(Listed::of).collect()
}

/// The facts alone, for a screen to keep beside the list they were made from.
pub fn facts<'a>(list: impl IntoIterator<Item = &'a Observation>) -> Vec<Facts> {
    list.into_iter().map(Facts::of).collect()
}

/// The positions in `listed` of the entries that pass, in the order given. Positions
/// rather than references, so a screen can keep the answer beside the index without
/// borrowing it.
pub fn filter<T: AsRef<Facts>>(listed: &[T], f: &ListFilter) -> Vec<usize> {
    if f.is_empty() {
        return (0..listed.len()).collect();
    }
    let typed = names::fold_query(&f.text);
    listed
        .iter()
        .enumerate()
        .filter(|(_, l)| l.as_ref().passes(f, &typed))
        .map(|(i, _)| i)
        .collect()
}

/// What the filter offers to choose from: only what the list holds, so no choice
/// empties it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// Newest first: this year's is the one most often chosen.
    pub years: Vec<SchoolYear>,
    /// In the workflow's order (`Stage::ALL`).
    pub stages: Vec<Stage>,
    /// In `ObservationKind::ALL`'s order.
    pub kinds: Vec<ObservationKind>,
}

pub fn choices<T: AsRef<Facts>>(listed: &[T]) -> Choices {
    let mut years = BTreeSet::new();
    let mut stages = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for l in listed {
        let l = l.as_ref();
        years.extend(l.year);
        stages.insert(l.stage);
        kinds.insert(l.kind);
    }
    Choices {
        years: years.into_iter().rev().collect(),
        stages: Stage::ALL
            .into_iter()
            .filter(|s| stages.contains(s))
            .collect(),
        kinds: ObservationKind::ALL
            .into_iter()
            .filter(|k| kinds.contains(k))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::test_dates::d;
    use crate::workflow::Act;
    use crate::Template;
    use proptest::prelude::*;

    const TEACHERS: [&str; 5] = [
        "Anna Bērziņa",
        "Jānis Čakste",
        "INESE ZARIŅA",
        "Ēriks Ābele",
        "",
    ];
    const OBSERVERS: [&str; 3] = ["Ilze Ozola", "Līga Kalniņa", ""];
    const SCHOOLS: [&str; 3] = ["Madonas pilsētas vidusskola", "Ļaudonas skola", ""];
    const SUBJECTS: [&str; 3] = ["Matemātika", "Vēsture", ""];
    const TOPICS: [&str; 3] = ["Daļskaitļi", "Pirmais pasaules karš", ""];
    const DATES: [&str; 7] = [
        "2025-10-01",
        "2026-03-15",
        "2026-08-31",
        "2026-09-01",
        "",
        "2026-02-30",
        "01.10.2026",
    ];

    /// A sheet of these people (teacher, observer, school, subject, topic), taken
    /// `steps` far: draft, shared, read, reflected, withdrawn.
    fn sheet(
        n: usize,
        kind: ObservationKind,
        people: [&str; 5],
        date: &str,
        steps: u8,
    ) -> Observation {
        let t = Template::default_template();
        let mut o = Observation::new(format!("obs-{n}"), kind, &t, 1);
        o.author = "1".into();
        o.context.teacher_id = "2".into();
        let c = &mut o.context;
        [c.teacher, c.observer, c.school, c.subject, c.topic] = people.map(str::to_owned);
        c.date = date.into();
        let acts = [
            Act::Shared,
            Act::Acknowledged,
            Act::Reflected,
            Act::Withdrawn,
        ];
        for (i, act) in acts.into_iter().take(usize::from(steps)).enumerate() {
            let by = if matches!(act, Act::Shared | Act::Withdrawn) {
                "1"
            } else {
                "2"
            };
            o.take(format!("e{i}"), by, "", 10 + i as i64, act).unwrap();
        }
        o
    }

    fn typed(text: &str) -> ListFilter {
        ListFilter {
            text: text.into(),
            ..Default::default()
        }
    }

    /// What a filter means, one record at a time.
    fn naive(o: &Observation, f: &ListFilter) -> bool {
        let year = parse_date(&o.context.date).map(SchoolYear::of);
        f.stage.is_none_or(|s| s == o.stage())
            && f.kind.is_none_or(|k| k == o.kind)
            && f.year.is_none_or(|y| year == Some(y))
            && searched(o)
                .iter()
                .any(|field| names::matches(field, &f.text))
    }

    #[test]
    fn typed_text_finds_names_without_diacritics_in_any_of_the_fields() {
        use ObservationKind::*;
        let list = [
            sheet(
                0,
                Peer,
                ["Anna Bērziņa", "Ilze Ozola", "", "Matemātika", ""],
                "2026-10-01",
                1,
            ),
            sheet(
                1,
                Mentor,
                ["Jānis Čakste", "Anna Lāce", "", "", "Daļskaitļi"],
                "2026-03-01",
                2,
            ),
            sheet(2, Peer, ["Inese", "Ilze", "Ļaudonas skola", "", ""], "", 0),
        ];
        let listed = index(&list);
        let found = |text: &str| filter(&listed, &typed(text));
        assert_eq!(found("berzina"), [0]);
        assert_eq!(found("  ANNA "), [0, 1], "teacher or observer");
        assert_eq!(found("laudonas"), [2]);
        assert_eq!(found("dalsk"), [1]);
        assert_eq!(found("ilze"), [0, 2]);
        assert!(found("ozolamatem").is_empty(), "not across two fields");
        assert_eq!(found(""), [0, 1, 2]);
        let both = ListFilter {
            year: Some(SchoolYear::starting_in(2026)),
            ..typed("ilze")
        };
        assert_eq!(filter(&listed, &both), [0], "the undated one has no year");
        let read = ListFilter {
            stage: Some(Stage::Acknowledged),
            ..Default::default()
        };
        assert_eq!(filter(&listed, &read), [1]);
        let mentor = ListFilter {
            kind: Some(Mentor),
            ..Default::default()
        };
        assert_eq!(filter(&listed, &mentor), [1]);
        assert!(typed("  ").is_empty());
        assert!(!read.is_empty());
    }

    #[test]
    fn the_choices_are_what_the_list_holds_in_their_order() {
        use ObservationKind::*;
        let p = ["Anna", "", "", "", ""];
        let list = [
            sheet(0, QualityGrade, p, "2025-10-01", 2),
            sheet(1, Peer, p, "2026-09-01", 0),
            sheet(2, Peer, p, "2026-08-31", 1),
            sheet(3, Mentor, p, "", 4),
        ];
        let listed = index(&list);
        assert_eq!(listed[1].date, Some(d("2026-09-01")));
        let c = choices(&listed);
        let years: Vec<_> = c.years.iter().map(|y| y.name()).collect();
        assert_eq!(years, ["2026/2027", "2025/2026"]);
        assert_eq!(
            c.stages,
            [
                Stage::Draft,
                Stage::Shared,
                Stage::Acknowledged,
                Stage::Withdrawn
            ]
        );
        assert_eq!(c.kinds, [Peer, Mentor, QualityGrade]);
        assert_eq!(choices::<Facts>(&[]), Choices::default());
    }

    #[test]
    fn twenty_thousand_observations_index_and_filter() {
        // A few sheets taken to each stage, copied with other people and dates: folding
        // twenty thousand workflows is the index's work either way.
        let kinds = ObservationKind::ALL;
        let protos: Vec<Observation> = (0..5u8)
            .map(|steps| sheet(0, kinds[0], ["", "", "", "", ""], "", steps))
            .collect();
        let list: Vec<Observation> = (0..20_000)
            .map(|n| {
                let mut o = protos[n % 5].clone();
                o.id = format!("obs-{n}");
                o.kind = kinds[n % kinds.len()];
                o.context.teacher = format!("{} {n}", TEACHERS[n % 4]);
                o.context.date = DATES[n % 4].into();
                o
            })
            .collect();
        let listed = index(&list);
        assert_eq!(listed.len(), 20_000);
        let all = ListFilter::default();
        assert_eq!(filter(&listed, &all).len(), 20_000);
        assert_eq!(filter(&listed, &typed("berzina")).len(), 5_000);
        // n % 4 == 0 and n % 5 == 1: one in twenty.
        let shared_berzina = ListFilter {
            stage: Some(Stage::Shared),
            ..typed("bērziņa")
        };
        let found = filter(&listed, &shared_berzina);
        assert_eq!(found.len(), 1_000);
        assert!(found.iter().all(|&i| i % 20 == 16));
        // The 2026/2027 year is DATES[3] only: n % 4 == 3.
        let year = ListFilter {
            year: Some(SchoolYear::starting_in(2026)),
            ..Default::default()
        };
        assert_eq!(filter(&listed, &year).len(), 5_000);
        assert_eq!(choices(&listed).stages.len(), 5);
    }

    fn any_sheet() -> impl Strategy<Value = Observation> {
        (
            (0..TEACHERS.len(), 0..OBSERVERS.len(), 0..SCHOOLS.len()),
            (0..SUBJECTS.len(), 0..TOPICS.len(), 0..DATES.len()),
            (0..ObservationKind::ALL.len(), 0u8..5),
        )
            .prop_map(|((t, o, s), (su, to, da), (k, steps))| {
                let people = [
                    TEACHERS[t],
                    OBSERVERS[o],
                    SCHOOLS[s],
                    SUBJECTS[su],
                    TOPICS[to],
                ];
                sheet(0, ObservationKind::ALL[k], people, DATES[da], steps)
            })
    }

    fn any_filter() -> impl Strategy<Value = ListFilter> {
        let typed = prop_oneof![
            // Bits of the names above in other cases and spellings, and some not there.
            prop::sample::select(
                "|  |berz|BĒRZIŅA |ča|zari|ā|a|matem|vēsture|laud|ozola|ERIKS|2|xyz|a b"
                    .split('|')
                    .collect::<Vec<_>>()
            )
            .prop_map(str::to_owned),
            "[aābcčeēilņsšz ]{0,4}",
        ];
        (
            typed,
            prop::option::of(prop::sample::select(Stage::ALL.to_vec())),
            prop::option::of(prop::sample::select(ObservationKind::ALL.to_vec())),
            prop::option::of((2024..2028).prop_map(SchoolYear::starting_in)),
        )
            .prop_map(|(text, stage, kind, year)| ListFilter {
                text,
                stage,
                kind,
                year,
            })
    }

    proptest! {
        #[test]
        fn the_index_filters_as_each_record_checked_alone(
            list in prop::collection::vec(any_sheet(), 0..24),
            f in any_filter(),
        ) {
            let listed = index(&list);
            let expected: Vec<usize> = (0..list.len()).filter(|&i| naive(&list[i], &f)).collect();
            prop_assert_eq!(filter(&listed, &f), expected);
        }
    }
}

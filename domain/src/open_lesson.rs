//! Open lessons (atklātās stundas, 8.1.5, 8.2.1): a teacher or the school offers a lesson
//! for colleagues to observe, every school sees the offers, and colleagues sign up while
//! places remain. What the app and the server say about them, and what makes an offer
//! valid.

use serde::{Deserialize, Serialize};

use crate::api::School;
use crate::calendar::{parse_date, parse_time};
use crate::Catalog;

/// Most places one lesson offers: a classroom's back row, not an auditorium.
pub const MAX_PLACES: u32 = 60;
/// Longest subject, class or topic, in characters.
pub const MAX_TEXT: usize = 200;

/// `POST /api/open-lessons`: a lesson offered. The school is the offerer's own.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenLessonOffer {
    /// YYYY-MM-DD, a real calendar date.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub date: String,
    /// HH:MM, 24-hour clock.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")
    )]
    pub time: String,
    /// Not white space alone (nor `class` and `topic`).
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub subject: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub class: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub topic: String,
    /// 1..=60.
    #[serde(deserialize_with = "crate::whole::u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub places: u32,
    /// School management may offer a lesson of one of its teachers (their account id);
    /// a teacher offers their own lesson and leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teacher_id: Option<String>,
}

/// One who signed up to observe an open lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendee {
    pub id: String,
    pub name: String,
}

/// An offered open lesson as the signed-in person may see it (`GET /api/open-lessons`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenLesson {
    /// What `context.open_lesson` of a sheet of this lesson holds.
    pub id: String,
    pub date: String,
    pub time: String,
    pub school: School,
    /// The teacher who gives the lesson.
    pub teacher: String,
    pub teacher_id: String,
    pub subject: String,
    pub class: String,
    pub topic: String,
    pub places: u32,
    /// Places taken.
    pub taken: u32,
    /// The offer was called off; those who signed up see it so.
    pub cancelled: bool,
    /// The signed-in person signed up.
    pub signed_up: bool,
    /// The signed-in person offered it or manages its school: they see who is coming and
    /// may call it off.
    pub manages: bool,
    /// Who is coming, by name: only for those who `manages`; empty for everyone else.
    pub attendees: Vec<Attendee>,
}

impl OpenLesson {
    pub fn free_places(&self) -> u32 {
        self.places.saturating_sub(self.taken)
    }

    /// `now` is the local date and time as `YYYY-MM-DD` and `HH:MM`: a lesson is past once
    /// its start is.
    pub fn is_past(&self, today: &str, now_time: &str) -> bool {
        (self.date.as_str(), self.time.as_str()) < (today, now_time)
    }
}

/// Upcoming lessons first, soonest first; then the past ones, latest first.
pub fn upcoming_and_past(
    lessons: &[OpenLesson],
    today: &str,
    now_time: &str,
) -> (Vec<OpenLesson>, Vec<OpenLesson>) {
    let (mut past, mut upcoming): (Vec<_>, Vec<_>) = lessons
        .iter()
        .cloned()
        .partition(|l| l.is_past(today, now_time));
    upcoming.sort_by(|a, b| (&a.date, &a.time, &a.id).cmp(&(&b.date, &b.time, &b.id)));
    past.sort_by(|a, b| (&b.date, &b.time, &b.id).cmp(&(&a.date, &a.time, &a.id)));
    (upcoming, past)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferProblem {
    BadDate,
    BadTime,
    /// Places outside 1..=`MAX_PLACES`.
    Places,
    MissingSubject,
    MissingClass,
    MissingTopic,
    /// A text longer than `MAX_TEXT`.
    TooLong,
}

impl OfferProblem {
    pub fn key(self) -> &'static str {
        match self {
            OfferProblem::BadDate => "open_lessons.problem.date",
            OfferProblem::BadTime => "open_lessons.problem.time",
            OfferProblem::Places => "open_lessons.problem.places",
            OfferProblem::MissingSubject => "open_lessons.problem.subject",
            OfferProblem::MissingClass => "open_lessons.problem.class",
            OfferProblem::MissingTopic => "open_lessons.problem.topic",
            OfferProblem::TooLong => "open_lessons.problem.too_long",
        }
    }

    pub fn message(self, catalog: &Catalog) -> String {
        let (max, chars) = (MAX_PLACES.to_string(), MAX_TEXT.to_string());
        catalog.format(self.key(), &[("max", &max), ("chars", &chars)])
    }
}

/// What keeps this offer from being made; empty means it can be.
pub fn offer_problems(offer: &OpenLessonOffer) -> Vec<OfferProblem> {
    let mut problems = Vec::new();
    if parse_date(&offer.date).is_none() {
        problems.push(OfferProblem::BadDate);
    }
    if parse_time(&offer.time).is_none() {
        problems.push(OfferProblem::BadTime);
    }
    if !(1..=MAX_PLACES).contains(&offer.places) {
        problems.push(OfferProblem::Places);
    }
    let texts = [
        (&offer.subject, OfferProblem::MissingSubject),
        (&offer.class, OfferProblem::MissingClass),
        (&offer.topic, OfferProblem::MissingTopic),
    ];
    for (text, missing) in texts {
        if text.trim().is_empty() {
            problems.push(missing);
        }
    }
    if texts.iter().any(|(t, _)| t.chars().count() > MAX_TEXT) {
        problems.push(OfferProblem::TooLong);
    }
    problems
}

/// The offer as it is kept: texts trimmed.
pub fn tidy(offer: &OpenLessonOffer) -> OpenLessonOffer {
    OpenLessonOffer {
        subject: offer.subject.trim().to_owned(),
        class: offer.class.trim().to_owned(),
        topic: offer.topic.trim().to_owned(),
        ..offer.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LV: &str = include_str!("../../src/i18n/lv.txt");
    const EN: &str = include_str!("../../src/i18n/en.txt");

    fn offer() -> OpenLessonOffer {
        OpenLessonOffer {
            date: "2026-12-10".into(),
            time: "10:15".into(),
            subject: "Matemātika".into(),
            class: "7.b".into(),
            topic: "Lineāri vienādojumi".into(),
            places: 4,
            teacher_id: None,
        }
    }

    fn lesson(id: &str, date: &str, time: &str) -> OpenLesson {
        OpenLesson {
            id: id.into(),
            date: date.into(),
            time: time.into(),
            school: School {
                id: 1,
                name: "Madonas pilsētas vidusskola".into(),
            },
            teacher: "Ilze Kalniņa".into(),
            teacher_id: "3".into(),
            subject: "Matemātika".into(),
            class: "7.b".into(),
            topic: "Daļas".into(),
            places: 3,
            taken: 1,
            cancelled: false,
            signed_up: false,
            manages: false,
            attendees: vec![],
        }
    }

    #[test]
    fn a_complete_offer_has_no_problems() {
        assert_eq!(offer_problems(&offer()), vec![]);
    }

    #[test]
    fn dates_and_times_must_be_real_and_written_as_stored() {
        for date in ["", "2026-02-30", "10.12.2026", "2026-1-5"] {
            let o = OpenLessonOffer {
                date: date.into(),
                ..offer()
            };
            assert_eq!(offer_problems(&o), vec![OfferProblem::BadDate], "{date}");
        }
        for time in ["", "25:00", "9:15", "10.15", "10:60"] {
            let o = OpenLessonOffer {
                time: time.into(),
                ..offer()
            };
            assert_eq!(offer_problems(&o), vec![OfferProblem::BadTime], "{time}");
        }
    }

    #[test]
    fn places_are_one_to_sixty() {
        for (places, ok) in [
            (0, false),
            (1, true),
            (60, true),
            (61, false),
            (1000, false),
        ] {
            let o = OpenLessonOffer { places, ..offer() };
            assert_eq!(offer_problems(&o).is_empty(), ok, "{places}");
        }
    }

    #[test]
    fn subject_class_and_topic_are_needed_and_bounded() {
        let o = OpenLessonOffer {
            subject: "  ".into(),
            class: String::new(),
            topic: "\n".into(),
            ..offer()
        };
        assert_eq!(
            offer_problems(&o),
            vec![
                OfferProblem::MissingSubject,
                OfferProblem::MissingClass,
                OfferProblem::MissingTopic
            ]
        );
        let long = OpenLessonOffer {
            topic: "ā".repeat(MAX_TEXT + 1),
            ..offer()
        };
        assert_eq!(offer_problems(&long), vec![OfferProblem::TooLong]);
        let at_limit = OpenLessonOffer {
            topic: "ā".repeat(MAX_TEXT),
            ..offer()
        };
        assert_eq!(offer_problems(&at_limit), vec![]);
    }

    #[test]
    fn every_problem_is_said_in_latvian_and_english() {
        let lv = Catalog::parse(LV).unwrap();
        let en = Catalog::parse(EN).unwrap();
        let all = [
            OfferProblem::BadDate,
            OfferProblem::BadTime,
            OfferProblem::Places,
            OfferProblem::MissingSubject,
            OfferProblem::MissingClass,
            OfferProblem::MissingTopic,
            OfferProblem::TooLong,
        ];
        for p in all {
            for catalog in [&lv, &en] {
                let text = p.message(catalog);
                assert!(!text.is_empty() && text != p.key(), "{p:?}: {text}");
                assert!(!text.contains('{'), "{p:?}: {text}");
            }
        }
        assert_eq!(
            OfferProblem::Places.message(&lv),
            "Vietu skaitam jābūt no 1 līdz 60."
        );
    }

    #[test]
    fn tidy_trims_the_texts() {
        let o = OpenLessonOffer {
            subject: " Fizika ".into(),
            ..offer()
        };
        assert_eq!(tidy(&o).subject, "Fizika");
    }

    #[test]
    fn upcoming_lessons_come_soonest_first_and_past_ones_latest_first() {
        let lessons = [
            lesson("a", "2026-12-10", "10:00"),
            lesson("b", "2026-12-01", "09:00"),
            lesson("c", "2026-12-03", "12:00"),
            lesson("d", "2026-12-03", "08:00"),
            lesson("e", "2026-11-20", "08:00"),
        ];
        let (upcoming, past) = upcoming_and_past(&lessons, "2026-12-03", "10:30");
        let ids = |v: &[OpenLesson]| v.iter().map(|l| l.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&upcoming), ["c", "a"]);
        assert_eq!(ids(&past), ["d", "b", "e"]);
    }

    #[test]
    fn free_places_never_go_below_zero() {
        let mut l = lesson("a", "2026-12-10", "10:00");
        assert_eq!(l.free_places(), 2);
        l.taken = 5;
        assert_eq!(l.free_places(), 0);
    }
}

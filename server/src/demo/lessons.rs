//! The demo's open lessons: offers at both schools around today, one with places left,
//! one with a single place left, one full, one past; so every role's open-lesson screen
//! shows something to sign up to, someone coming, and a lesson it is too late for.

use chrono::{Duration, NaiveDate};
use vero_domain::calendar::date_text;
use vero_domain::open_lesson::OpenLessonOffer;

use crate::storage::{LessonViewer, NewOpenLesson, SignUp, Storage};

/// (teacher's username, days from today, time, subject, class, topic, places, who signed
/// up by username)
type DemoLesson = (
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    &'static [&'static str],
);

const LESSONS: [DemoLesson; 4] = [
    (
        "teacher3",
        3,
        "10:15",
        "Matemātika",
        "7.b",
        "Daļu saskaitīšana ar dažādiem saucējiem",
        4,
        &["observer", "mentor"],
    ),
    (
        "teacher2",
        5,
        "09:00",
        "Latviešu valoda",
        "5.a",
        "Teksta plānošana pirms rakstīšanas",
        2,
        &["observer2"],
    ),
    (
        "teacher",
        7,
        "11:05",
        "Dabaszinības",
        "6.c",
        "Pētījums: kā augi uzņem ūdeni",
        2,
        &["teacher3", "edtech"],
    ),
    (
        "teacher2",
        -10,
        "12:00",
        "Angļu valoda",
        "8.a",
        "Runāšana pāros ar vērtēšanas kritērijiem",
        3,
        &["head2"],
    ),
];

pub fn seed(storage: &dyn Storage, today: NaiveDate) -> Result<usize, String> {
    let viewer = |username: &str| -> Result<LessonViewer, String> {
        let found = storage
            .credentials(username)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no demo account {username}"))?;
        Ok(LessonViewer {
            user_id: found.user_id,
            role: found.profile.role,
            school_id: found.profile.school.map(|s| s.id),
        })
    };
    let now = crate::auth::now();
    for (teacher, days, time, subject, class, topic, places, coming) in LESSONS {
        let by = viewer(teacher)?;
        let offer = OpenLessonOffer {
            date: date_text(today + Duration::days(days)),
            time: time.into(),
            subject: subject.into(),
            class: class.into(),
            topic: topic.into(),
            places,
            teacher_id: None,
        };
        let id = storage
            .offer_open_lesson(
                &NewOpenLesson {
                    offered_by: by.user_id,
                    teacher_id: by.user_id,
                    school_id: by.school_id.ok_or("a demo teacher without a school")?,
                    offer: &offer,
                },
                now,
            )
            .map_err(|e| e.to_string())?;
        for username in coming {
            match storage.sign_up_open_lesson(id, &viewer(username)?, now) {
                Ok(SignUp::Done(_)) => {}
                Ok(_) => return Err(format!("{username} could not sign up to {topic}")),
                Err(e) => return Err(e.to_string()),
            }
        }
    }
    Ok(LESSONS.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::SqliteStorage;

    #[test]
    fn the_demo_has_offers_with_places_one_place_none_and_one_past() {
        let dir = tempfile::tempdir().unwrap();
        let storage = SqliteStorage::open(dir.path()).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        crate::demo::seed(&storage, today).unwrap();
        assert_eq!(seed(&storage, today).unwrap(), 4);
        let anna = storage.credentials("teacher").unwrap().unwrap();
        let viewer = LessonViewer {
            user_id: anna.user_id,
            role: anna.profile.role,
            school_id: anna.profile.school.map(|s| s.id),
        };
        let lessons = storage.open_lessons(&viewer).unwrap();
        let free: Vec<u32> = lessons.iter().map(|l| l.free_places()).collect();
        assert_eq!(free, [2, 2, 1, 0], "by date: the past one first");
        assert!(lessons[0].is_past(&date_text(today), "08:00"));
        // Anna gives the full one: she sees who is coming; of the others, no names.
        let full = &lessons[3];
        assert!(full.manages);
        let names: Vec<&str> = full.attendees.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(lessons[..3].iter().all(|l| l.attendees.is_empty()));
    }
}

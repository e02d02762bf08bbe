//! Open lessons and the places taken in them. Taking a place counts and inserts in one
//! immediate transaction, so two people asking for the last place cannot both get it.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use vero_domain::api::School;
use vero_domain::open_lesson::{Attendee, OpenLesson, OpenLessonOffer};
use vero_domain::Role;

use super::{LessonViewer, NewOpenLesson, Result, SignUp};

/// Whether the viewer offered the lesson, gives it, or manages its school: those see
/// who is coming and may call it off.
fn manages(viewer: &LessonViewer, offered_by: i64, teacher_id: i64, school_id: i64) -> bool {
    viewer.user_id == offered_by
        || viewer.user_id == teacher_id
        || (viewer.role == Role::Management && viewer.school_id == Some(school_id))
}

pub fn offer(conn: &Connection, new: &NewOpenLesson<'_>, now: i64) -> Result<i64> {
    let o: &OpenLessonOffer = new.offer;
    conn.execute(
        "INSERT INTO open_lessons (school_id, teacher_id, offered_by, date, time, subject,
                                   class, topic, places, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.school_id,
            new.teacher_id,
            new.offered_by,
            o.date,
            o.time,
            o.subject,
            o.class,
            o.topic,
            o.places,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

const COLUMNS: &str = "l.id, l.date, l.time, s.id, s.name, t.display_name, l.teacher_id,
    l.subject, l.class, l.topic, l.places, l.cancelled, l.offered_by,
    (SELECT COUNT(*) FROM open_lesson_places p WHERE p.lesson_id = l.id),
    EXISTS (SELECT 1 FROM open_lesson_places p WHERE p.lesson_id = l.id AND p.user_id = ?1)";

fn read(r: &rusqlite::Row<'_>, viewer: &LessonViewer) -> rusqlite::Result<OpenLesson> {
    let id: i64 = r.get(0)?;
    let school_id: i64 = r.get(3)?;
    let teacher_id: i64 = r.get(6)?;
    let offered_by: i64 = r.get(12)?;
    Ok(OpenLesson {
        id: id.to_string(),
        date: r.get(1)?,
        time: r.get(2)?,
        school: School {
            id: school_id,
            name: r.get(4)?,
        },
        teacher: r.get(5)?,
        teacher_id: teacher_id.to_string(),
        subject: r.get(7)?,
        class: r.get(8)?,
        topic: r.get(9)?,
        places: r.get(10)?,
        cancelled: r.get(11)?,
        taken: r.get(13)?,
        signed_up: r.get(14)?,
        manages: manages(viewer, offered_by, teacher_id, school_id),
        attendees: Vec::new(),
    })
}

fn attendees(conn: &Connection, lesson: i64) -> Result<Vec<Attendee>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.display_name FROM open_lesson_places p JOIN users u ON u.id = p.user_id
         WHERE p.lesson_id = ?1 ORDER BY p.at, u.display_name",
    )?;
    let rows = stmt.query_map([lesson], |r| {
        Ok(Attendee {
            id: r.get::<_, i64>(0)?.to_string(),
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The names only for those who manage the lesson.
fn with_attendees(conn: &Connection, mut lesson: OpenLesson) -> Result<OpenLesson> {
    if lesson.manages {
        let id = lesson.id.parse().unwrap_or(0);
        lesson.attendees = attendees(conn, id)?;
    }
    Ok(lesson)
}

/// Every offer of every school, by date and time.
pub fn list(conn: &Connection, viewer: &LessonViewer) -> Result<Vec<OpenLesson>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM open_lessons l JOIN schools s ON s.id = l.school_id
         JOIN users t ON t.id = l.teacher_id ORDER BY l.date, l.time, l.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let lessons = stmt
        .query_map([viewer.user_id], |r| read(r, viewer))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    lessons
        .into_iter()
        .map(|l| with_attendees(conn, l))
        .collect()
}

pub fn one(conn: &Connection, id: i64, viewer: &LessonViewer) -> Result<Option<OpenLesson>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM open_lessons l JOIN schools s ON s.id = l.school_id
         JOIN users t ON t.id = l.teacher_id WHERE l.id = ?2"
    );
    let lesson = conn
        .query_row(&sql, params![viewer.user_id, id], |r| read(r, viewer))
        .optional()?;
    lesson.map(|l| with_attendees(conn, l)).transpose()
}

/// Takes a place if one is free: counted and taken in one immediate transaction.
pub fn sign_up(conn: &mut Connection, id: i64, viewer: &LessonViewer, now: i64) -> Result<SignUp> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(lesson) = one(&tx, id, viewer)? else {
        return Ok(SignUp::NoSuch);
    };
    let outcome = if lesson.signed_up {
        SignUp::Done(Box::new(lesson))
    } else if lesson.cancelled {
        SignUp::Cancelled
    } else if viewer.user_id.to_string() == lesson.teacher_id || own(&tx, id, viewer)? {
        SignUp::Own
    } else if lesson.taken >= lesson.places {
        SignUp::Full
    } else {
        tx.execute(
            "INSERT INTO open_lesson_places (lesson_id, user_id, at) VALUES (?1, ?2, ?3)",
            params![id, viewer.user_id, now],
        )?;
        match one(&tx, id, viewer)? {
            Some(lesson) => SignUp::Done(Box::new(lesson)),
            None => SignUp::NoSuch,
        }
    };
    tx.commit()?;
    Ok(outcome)
}

fn own(conn: &Connection, id: i64, viewer: &LessonViewer) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT offered_by = ?2 FROM open_lessons WHERE id = ?1",
        params![id, viewer.user_id],
        |r| r.get(0),
    )?)
}

/// Gives the place back (nothing to do if none was taken); the lesson after, if any.
pub fn leave(conn: &Connection, id: i64, viewer: &LessonViewer) -> Result<Option<OpenLesson>> {
    conn.execute(
        "DELETE FROM open_lesson_places WHERE lesson_id = ?1 AND user_id = ?2",
        params![id, viewer.user_id],
    )?;
    one(conn, id, viewer)
}

/// Calls the offer off; `None` if there is no such lesson, `Some(None)` if the viewer
/// may not.
pub fn cancel(
    conn: &Connection,
    id: i64,
    viewer: &LessonViewer,
) -> Result<Option<Option<OpenLesson>>> {
    let Some(lesson) = one(conn, id, viewer)? else {
        return Ok(None);
    };
    if !lesson.manages {
        return Ok(Some(None));
    }
    conn.execute("UPDATE open_lessons SET cancelled = 1 WHERE id = ?1", [id])?;
    Ok(Some(one(conn, id, viewer)?))
}

/// The school and role of an account that may give a lesson there, if it is active.
pub fn teacher_at(conn: &Connection, user_id: i64) -> Result<Option<(Option<i64>, String)>> {
    Ok(conn
        .query_row(
            "SELECT school_id, role FROM users WHERE id = ?1 AND active = 1",
            [user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

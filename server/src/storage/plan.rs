//! The observation plan's entries, and whether each is done: a record its observer
//! shared with its teacher that names it in `context.plan`.

use rusqlite::{params, Connection, OptionalExtension};
use vero_domain::plan::{Member, NewPlanEntry, PlanEdit, PlanEntry};
use vero_domain::{ObservationKind, Priority};

use super::{PlanScope, Result, SqliteStorage, StorageError};
use crate::sync::rules::is_shared;

/// What the server keeps of the plan; part of every `Storage`.
pub trait PlanStorage {
    /// An account as the plan checks it (none for an admin or no such account).
    fn plan_member(&self, user_id: i64) -> Result<Option<Member>>;
    /// The new entry as stored, or None if a person's id is not a number.
    fn add_plan_entry(&self, entry: &NewPlanEntry) -> Result<Option<PlanEntry>>;
    fn plan_entry(&self, id: i64) -> Result<Option<PlanEntry>>;
    fn edit_plan_entry(&self, id: i64, edit: &PlanEdit) -> Result<Option<PlanEntry>>;
    fn remove_plan_entry(&self, id: i64) -> Result<bool>;
    /// The entries the scope sees, each with whether it is done, by date.
    fn plan(&self, scope: &PlanScope) -> Result<Vec<PlanEntry>>;
}

impl PlanStorage for SqliteStorage {
    fn plan_member(&self, user_id: i64) -> Result<Option<Member>> {
        member(&self.conn(), user_id)
    }

    fn add_plan_entry(&self, entry: &NewPlanEntry) -> Result<Option<PlanEntry>> {
        add(&self.conn(), entry)
    }

    fn plan_entry(&self, id: i64) -> Result<Option<PlanEntry>> {
        one(&self.conn(), id)
    }

    fn edit_plan_entry(&self, id: i64, change: &PlanEdit) -> Result<Option<PlanEntry>> {
        edit(&self.conn(), id, change)
    }

    fn remove_plan_entry(&self, id: i64) -> Result<bool> {
        remove(&self.conn(), id)
    }

    fn plan(&self, scope: &PlanScope) -> Result<Vec<PlanEntry>> {
        list(&self.conn(), scope)
    }
}

/// An account as the plan's checks need it; none for admins, whom nobody observes.
fn member(conn: &Connection, user_id: i64) -> Result<Option<Member>> {
    Ok(conn
        .prepare_cached("SELECT active, school_id FROM users WHERE id = ?1 AND role <> 'admin'")?
        .query_row([user_id], |r| {
            Ok(Member {
                active: r.get(0)?,
                school_id: r.get(1)?,
            })
        })
        .optional()?)
}

fn priorities_text(list: &[Priority]) -> String {
    list.iter().map(|p| p.id()).collect::<Vec<_>>().join("\n")
}

fn id_number(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

/// Adds the entry; its people must exist (the caller checked them).
fn add(conn: &Connection, entry: &NewPlanEntry) -> Result<Option<PlanEntry>> {
    let (Some(observer), Some(teacher)) =
        (id_number(&entry.observer_id), id_number(&entry.teacher_id))
    else {
        return Ok(None);
    };
    conn.execute(
        "INSERT INTO plan_entries (school_id, observer_id, teacher_id, date, kind, goal, priorities)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            entry.school_id,
            observer,
            teacher,
            entry.date,
            entry.kind.id(),
            entry.goal.trim(),
            priorities_text(&entry.priorities)
        ],
    )?;
    one(conn, conn.last_insert_rowid())
}

fn edit(conn: &Connection, id: i64, edit: &PlanEdit) -> Result<Option<PlanEntry>> {
    let changed = conn.execute(
        "UPDATE plan_entries SET date = ?2, kind = ?3, goal = ?4, priorities = ?5 WHERE id = ?1",
        params![
            id,
            edit.date,
            edit.kind.id(),
            edit.goal.trim(),
            priorities_text(&edit.priorities)
        ],
    )?;
    if changed == 0 {
        return Ok(None);
    }
    one(conn, id)
}

fn remove(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn.execute("DELETE FROM plan_entries WHERE id = ?1", [id])? > 0)
}

const SELECT: &str = "SELECT p.id, p.school_id, s.name, p.observer_id, o.display_name,
        p.teacher_id, t.display_name, p.date, p.kind, p.goal, p.priorities
     FROM plan_entries p
     JOIN schools s ON s.id = p.school_id
     JOIN users o ON o.id = p.observer_id
     JOIN users t ON t.id = p.teacher_id";

fn one(conn: &Connection, id: i64) -> Result<Option<PlanEntry>> {
    let sql = format!("{SELECT} WHERE p.id = ?1");
    let found = conn
        .prepare_cached(&sql)?
        .query_row([id], read)
        .optional()?;
    found.map(|raw| finish(conn, raw)).transpose()
}

/// The entries the scope sees, by date.
fn list(conn: &Connection, scope: &PlanScope) -> Result<Vec<PlanEntry>> {
    let sql = format!(
        "{SELECT} WHERE ?1 OR p.school_id = ?2 OR p.observer_id = ?3 OR p.teacher_id = ?3
         ORDER BY p.date, p.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            params![scope.every_school, scope.school, scope.person],
            read,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|raw| finish(conn, raw)).collect()
}

type Raw = (PlanEntry, String, String, i64, i64);

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Raw> {
    let id: i64 = r.get(0)?;
    let observer: i64 = r.get(3)?;
    let teacher: i64 = r.get(5)?;
    Ok((
        PlanEntry {
            id: id.to_string(),
            school_id: r.get(1)?,
            school: r.get(2)?,
            observer_id: observer.to_string(),
            observer: r.get(4)?,
            teacher_id: teacher.to_string(),
            teacher: r.get(6)?,
            date: r.get(7)?,
            kind: ObservationKind::Peer,
            goal: r.get(9)?,
            priorities: Vec::new(),
            done: false,
        },
        r.get(8)?,
        r.get(10)?,
        observer,
        teacher,
    ))
}

fn finish(
    conn: &Connection,
    (mut entry, kind, priorities, observer, teacher): Raw,
) -> Result<PlanEntry> {
    entry.kind = ObservationKind::from_id(&kind)
        .ok_or_else(|| StorageError::Corrupt(format!("plan entry {}: kind {kind}", entry.id)))?;
    entry.priorities = priorities
        .lines()
        .filter_map(|id| Priority::ALL.into_iter().find(|p| p.id() == id))
        .collect();
    entry.done = done(conn, &entry.id, observer, teacher)?;
    Ok(entry)
}

/// Whether a record its observer shared with its teacher names the entry.
fn done(conn: &Connection, id: &str, observer: i64, teacher: i64) -> Result<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT state FROM records WHERE owner = ?1 AND teacher_id = ?2 AND shared = 1",
    )?;
    let states = stmt
        .query_map([observer, teacher], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for text in states {
        let Ok(fields) = super::sync::parse_state(&text) else {
            continue;
        };
        let names_it = fields.get("context.plan").is_some_and(|f| {
            f.heads
                .iter()
                .any(|h| serde_json::from_str::<String>(&h.value).is_ok_and(|v| v == id))
        });
        let deleted = fields
            .get("deleted_at")
            .and_then(|f| f.value())
            .is_some_and(|h| h.value.trim() != "null");
        if names_it && !deleted && is_shared(&fields) {
            return Ok(true);
        }
    }
    Ok(false)
}

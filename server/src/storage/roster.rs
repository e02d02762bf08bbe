//! The people and schools as an import sees them, the import applied in one
//! transaction, and the audit log every admin action writes to.

use rusqlite::{params, Connection, OptionalExtension};
use vero_domain::roster::{Existing, Plan};

use super::{AuditEntry, NewUser, Result, StorageError};

/// Everyone with an account, and the schools by name.
pub fn roster(conn: &Connection) -> Result<(Vec<Existing>, Vec<String>)> {
    let mut stmt = conn.prepare(
        "SELECT u.username, u.display_name, u.role, s.name
         FROM users u LEFT JOIN schools s ON s.id = u.school_id ORDER BY u.username",
    )?;
    let people = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?
        .map(|row| {
            let (username, name, role, school) = row?;
            let role = role
                .parse()
                .map_err(|e| StorageError::Corrupt(format!("user {username}: {e}")))?;
            Ok(Existing {
                username,
                name,
                role,
                school,
                mentors: Vec::new(),
                followed_by: Vec::new(),
            })
        })
        .collect::<Result<Vec<Existing>>>()?;
    let mut people = people;
    let links = |sql: &str| -> Result<Vec<(String, String)>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    };
    let pairs = links(
        "SELECT b.username, a.username FROM mentoring m
         JOIN users a ON a.id = m.mentor_id JOIN users b ON b.id = m.mentee_id",
    )?;
    let follows = links(
        "SELECT t.username, f.username FROM assignments x
         JOIN users f ON f.id = x.user_id JOIN users t ON t.id = x.teacher_id",
    )?;
    for p in &mut people {
        p.mentors = pairs
            .iter()
            .filter(|(m, _)| *m == p.username)
            .map(|l| l.1.clone())
            .collect();
        p.followed_by = follows
            .iter()
            .filter(|(t, _)| *t == p.username)
            .map(|l| l.1.clone())
            .collect();
    }
    let mut stmt = conn.prepare("SELECT name FROM schools ORDER BY name")?;
    let schools = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((people, schools))
}

fn school_id(tx: &Connection, name: Option<&str>) -> Result<Option<i64>> {
    let Some(name) = name else { return Ok(None) };
    let id = tx
        .query_row("SELECT id FROM schools WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    id.map(Some)
        .ok_or_else(|| StorageError::Corrupt(format!("school {name} is not there")))
}

/// Applies `plan` as `actor` at `now` (Unix seconds): the new schools, the new people
/// with their password hashes (by username), the changed ones; each as an audit entry.
/// All or nothing.
pub fn apply(
    conn: &mut Connection,
    plan: &Plan,
    password_hash: &dyn Fn(&str) -> String,
    actor: &str,
    now: i64,
) -> Result<()> {
    let tx = conn.transaction()?;
    for school in &plan.new_schools {
        tx.execute("INSERT INTO schools (name) VALUES (?1)", [school])?;
        log(&tx, now, actor, "school.added", school, "")?;
    }
    for p in &plan.new_people {
        insert_user(
            &tx,
            &NewUser {
                username: &p.username,
                display_name: &p.name,
                role: p.role,
                school_id: school_id(&tx, p.school.as_deref())?,
                password_hash: &password_hash(&p.username),
            },
        )?;
        let detail = format!(
            "{} · {} · {}",
            p.name,
            p.role.id(),
            p.school.as_deref().unwrap_or("—")
        );
        // A first password is the admin's: the person sets their own at first sign-in.
        tx.execute(
            "UPDATE users SET must_change_password = 1 WHERE username = ?1",
            [&p.username],
        )?;
        log(&tx, now, actor, "account.added", &p.username, &detail)?;
    }
    for (before, after) in &plan.changed {
        let school = school_id(&tx, after.school.as_deref())?;
        tx.execute(
            "UPDATE users SET display_name = ?2, role = ?3, school_id = ?4 WHERE username = ?1",
            params![after.username, after.name, after.role.id(), school],
        )?;
        let detail = format!(
            "{} · {} · {} → {} · {} · {}",
            before.name,
            before.role.id(),
            before.school.as_deref().unwrap_or("—"),
            after.name,
            after.role.id(),
            after.school.as_deref().unwrap_or("—")
        );
        log(&tx, now, actor, "account.changed", &after.username, &detail)?;
    }
    let id_of = |username: &str| -> Result<i64> {
        Ok(tx.query_row(
            "SELECT id FROM users WHERE username = ?1",
            [username],
            |r| r.get(0),
        )?)
    };
    for pair in &plan.new_pairs {
        tx.execute(
            "INSERT OR IGNORE INTO mentoring (mentor_id, mentee_id, since, goals) VALUES (?1, ?2, ?3, '')",
            params![id_of(&pair.mentor)?, id_of(&pair.mentee)?, pair.since],
        )?;
        let subject = format!("{} → {}", pair.mentor, pair.mentee);
        log(&tx, now, actor, "mentoring.added", &subject, &pair.since)?;
    }
    for (follower, teacher) in &plan.new_follows {
        tx.execute(
            "INSERT INTO assignments (user_id, teacher_id) VALUES (?1, ?2)",
            params![id_of(follower)?, id_of(teacher)?],
        )?;
        log(
            &tx,
            now,
            actor,
            "assignment.added",
            &format!("{follower} → {teacher}"),
            "",
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// One new account; its id.
pub fn insert_user(conn: &Connection, user: &NewUser<'_>) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO users (username, display_name, role, school_id, password_hash)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            user.username,
            user.display_name,
            user.role.id(),
            user.school_id,
            user.password_hash
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn log(
    conn: &Connection,
    at: i64,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit (at, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at, actor, action, subject, detail],
    )?;
    Ok(())
}

/// The log, newest first; `text` (if any) found in the actor, action, subject or detail.
pub fn audit_log(conn: &Connection, text: Option<&str>, limit: u32) -> Result<Vec<AuditEntry>> {
    let pattern = text.map(|t| format!("%{}%", t.replace('%', "\\%").replace('_', "\\_")));
    let mut stmt = conn.prepare(
        "SELECT at, actor, action, subject, detail FROM audit
         WHERE ?1 IS NULL OR actor LIKE ?1 ESCAPE '\\' OR action LIKE ?1 ESCAPE '\\'
            OR subject LIKE ?1 ESCAPE '\\' OR detail LIKE ?1 ESCAPE '\\'
         ORDER BY at DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![pattern, limit], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            actor: r.get(1)?,
            action: r.get(2)?,
            subject: r.get(3)?,
            detail: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Ends `from`'s mentoring of `to`, or `from`'s assignment to the teacher `to`.
pub fn remove_link(
    conn: &mut Connection,
    kind: vero_domain::api::LinkKind,
    from: &str,
    to: &str,
    actor: &str,
    now: i64,
) -> Result<bool> {
    use vero_domain::api::LinkKind;
    let tx = conn.transaction()?;
    let (sql, action) = match kind {
        LinkKind::Mentoring => (
            "DELETE FROM mentoring WHERE mentor_id = (SELECT id FROM users WHERE username = ?1)
               AND mentee_id = (SELECT id FROM users WHERE username = ?2)",
            "mentoring.removed",
        ),
        LinkKind::Follow => (
            "DELETE FROM assignments WHERE user_id = (SELECT id FROM users WHERE username = ?1)
               AND teacher_id = (SELECT id FROM users WHERE username = ?2)",
            "assignment.removed",
        ),
    };
    let removed = tx.execute(sql, params![from, to])? > 0;
    if removed {
        log(&tx, now, actor, action, &format!("{from} → {to}"), "")?;
    }
    tx.commit()?;
    Ok(removed)
}

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use vero_domain::api::{MentoringPair, Person, School, UserProfile};
use vero_domain::roster::{Existing, Plan};

use super::checkpoint::{Checkpointer, INLINE_AFTER_PAGES};
use super::rows::{read_person, read_profile, RawProfile, PROFILE_COLUMNS};
use super::{
    migrations, open_lessons, roster, sync, Assignment, AuditEntry, Credentials, LessonViewer,
    NewMentoring, NewOpenLesson, NewUser, Result, SignUp, Storage, StorageError, SyncOutcome,
    SyncWork,
};
use crate::sync::rules::Caller;
use vero_domain::open_lesson::OpenLesson;

/// One SQLite file in WAL mode. A single connection behind a mutex is enough for a
/// municipality's traffic and keeps write ordering simple.
pub struct SqliteStorage {
    conn: Mutex<Connection>,
    checkpointer: Option<Checkpointer>,
}

pub const DB_FILE: &str = "vero.sqlite";

impl SqliteStorage {
    /// Opens (creating if needed) `dir/vero.sqlite` and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| {
            StorageError::Corrupt(format!(
                "cannot create data directory {}: {e}",
                dir.display()
            ))
        })?;
        let file = dir.join(DB_FILE);
        let mut conn = Connection::open(&file)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        durable(&conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Room for a whole 4 MiB push (whose merged states are about twice that) in
        // memory until commit, so no page goes to the WAL twice.
        conn.pragma_update(None, "cache_size", -64 * 1024)?;
        // Sync keeps about a dozen statements of its own besides sign-in's.
        conn.set_prepared_statement_cache_capacity(64);
        migrations::apply(&mut conn)?;
        sync::fill_lesson_dates(&mut conn)?;
        let checkpointer = Checkpointer::start(&file)?;
        if checkpointer.is_some() {
            conn.pragma_update(None, "wal_autocheckpoint", INLINE_AFTER_PAGES)?;
        }
        Ok(SqliteStorage {
            conn: Mutex::new(conn),
            checkpointer,
        })
    }

    pub fn schema_version(&self) -> Result<usize> {
        Ok(self
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA synchronous` of each of the storage's connections, by name: the
    /// writer's and the checkpointer's (2 is FULL).
    pub fn synchronous(&self) -> Result<Vec<(&'static str, i64)>> {
        let mut levels = vec![("writer", synchronous(&self.conn())?)];
        if let Some(c) = &self.checkpointer {
            levels.push(("checkpointer", c.synchronous()?));
        }
        Ok(levels)
    }

    pub fn latest_schema_version() -> usize {
        migrations::latest()
    }

    pub(super) fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (its own
        // transactions roll back), so a poisoned lock is still safe to use.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A sync answered "acked" must be on disk, not only handed to the OS: a tablet drops
/// what the server acknowledged, and a power cut must not lose it then. In WAL mode,
/// synchronous=NORMAL syncs the WAL only at checkpoints, so a commit survives the
/// process being killed but not the machine losing power; FULL syncs the WAL at every
/// commit, before the commit returns and so before the answer goes out.
pub(super) fn durable(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "synchronous", "FULL")
}

/// `PRAGMA synchronous` of a connection: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
pub(super) fn synchronous(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA synchronous", [], |r| r.get(0))
}

fn taken(err: rusqlite::Error, what: &str) -> StorageError {
    match err.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => StorageError::Taken(what.to_owned()),
        _ => StorageError::Sqlite(err),
    }
}

impl Storage for SqliteStorage {
    fn check(&self) -> Result<()> {
        self.conn().query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    fn user_count(&self) -> Result<u64> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?)
    }

    fn add_school(&self, name: &str) -> Result<School> {
        let conn = self.conn();
        conn.execute("INSERT INTO schools (name) VALUES (?1)", [name])
            .map_err(|e| taken(e, name))?;
        Ok(School {
            id: conn.last_insert_rowid(),
            name: name.to_owned(),
        })
    }

    fn add_user(&self, user: &NewUser<'_>) -> Result<i64> {
        roster::insert_user(&self.conn(), user).map_err(|e| taken(e, user.username))
    }

    fn credentials(&self, username: &str) -> Result<Option<Credentials>> {
        let sql = format!(
            "SELECT u.id, u.password_hash, {PROFILE_COLUMNS}
             FROM users u LEFT JOIN schools s ON s.id = u.school_id
             WHERE u.username = ?1 AND u.active = 1"
        );
        let row = self
            .conn()
            .query_row(&sql, [username], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    read_profile(r, 2)?,
                ))
            })
            .optional()?;
        row.map(|(user_id, password_hash, raw)| {
            Ok(Credentials {
                user_id,
                password_hash,
                profile: raw.into_profile()?,
            })
        })
        .transpose()
    }

    fn add_session(
        &self,
        token_hash: &[u8],
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, user_id, now, expires_at],
        )?;
        Ok(())
    }

    fn session_user(&self, token_hash: &[u8], now: i64) -> Result<Option<UserProfile>> {
        let sql = format!(
            "SELECT {PROFILE_COLUMNS}
             FROM sessions t JOIN users u ON u.id = t.user_id
             LEFT JOIN schools s ON s.id = u.school_id
             WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND t.expires_at > ?2
               AND u.active = 1"
        );
        let raw = self
            .conn()
            .query_row(&sql, params![token_hash, now], |r| read_profile(r, 0))
            .optional()?;
        raw.map(RawProfile::into_profile).transpose()
    }

    fn revoke_session(&self, token_hash: &[u8], now: i64) -> Result<bool> {
        let changed = self.conn().execute(
            "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
            params![token_hash, now],
        )?;
        Ok(changed > 0)
    }

    fn add_mentoring(&self, pair: &NewMentoring<'_>) -> Result<()> {
        self.conn().execute(
            "INSERT INTO mentoring (mentor_id, mentee_id, since, goals) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (mentor_id, mentee_id)
             DO UPDATE SET since = excluded.since, goals = excluded.goals",
            params![
                pair.mentor_id,
                pair.mentee_id,
                pair.since,
                pair.goals.join("\n")
            ],
        )?;
        Ok(())
    }

    fn mentoring(&self, user_id: i64) -> Result<Vec<MentoringPair>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT m.since, m.goals,
                    a.id, a.display_name, a.role, sa.id, sa.name,
                    b.id, b.display_name, b.role, sb.id, sb.name
             FROM mentoring m
             JOIN users a ON a.id = m.mentor_id LEFT JOIN schools sa ON sa.id = a.school_id
             JOIN users b ON b.id = m.mentee_id LEFT JOIN schools sb ON sb.id = b.school_id
             WHERE m.mentor_id = ?1 OR m.mentee_id = ?1
             ORDER BY m.since, b.display_name, b.id",
        )?;
        let rows = stmt.query_map([user_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                read_person(r, 2)?,
                read_person(r, 7)?,
            ))
        })?;
        rows.map(|row| {
            let (since, goals, mentor, mentee) = row?;
            Ok(MentoringPair {
                mentor: mentor.into_person()?,
                mentee: mentee.into_person()?,
                since,
                goals: goals
                    .lines()
                    .map(str::trim)
                    .filter(|g| !g.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect()
    }

    fn add_assignment(&self, user_id: i64, to: Assignment) -> Result<()> {
        let (school, teacher) = match to {
            Assignment::School(id) => (Some(id), None),
            Assignment::Teacher(id) => (None, Some(id)),
        };
        self.conn().execute(
            "INSERT INTO assignments (user_id, school_id, teacher_id) VALUES (?1, ?2, ?3)",
            params![user_id, school, teacher],
        )?;
        Ok(())
    }

    fn people(&self, school_id: Option<i64>) -> Result<Vec<Person>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT u.id, u.display_name, u.role, s.id, s.name
             FROM users u LEFT JOIN schools s ON s.id = u.school_id
             WHERE u.role <> 'admin' AND u.active = 1 AND (?1 IS NULL OR u.school_id = ?1)
             ORDER BY u.display_name, u.id",
        )?;
        let rows = stmt.query_map([school_id], |r| read_person(r, 0))?;
        rows.map(|row| row?.into_person()).collect()
    }

    fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        now: i64,
        keep: Option<&[u8]>,
    ) -> Result<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let changed = tx.execute(
            "UPDATE users SET password_hash = ?2, must_change_password = ?3 WHERE username = ?1",
            params![username, password_hash, keep.is_none()],
        )?;
        revoke_all(&tx, username, now, keep)?;
        tx.commit()?;
        Ok(changed > 0)
    }

    fn set_active(&self, username: &str, active: bool, now: i64) -> Result<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let changed = tx.execute(
            "UPDATE users SET active = ?2 WHERE username = ?1",
            params![username, active],
        )?;
        if !active {
            revoke_all(&tx, username, now, None)?;
        }
        tx.commit()?;
        Ok(changed > 0)
    }

    fn roster(&self) -> Result<(Vec<Existing>, Vec<String>)> {
        roster::roster(&self.conn())
    }

    fn import_roster(
        &self,
        plan: &Plan,
        password_hash: &dyn Fn(&str) -> String,
        actor: &str,
        now: i64,
    ) -> Result<()> {
        roster::apply(&mut self.conn(), plan, password_hash, actor, now)
    }

    fn remove_link(
        &self,
        kind: vero_domain::api::LinkKind,
        from: &str,
        to: &str,
        actor: &str,
        now: i64,
    ) -> Result<bool> {
        roster::remove_link(&mut self.conn(), kind, from, to, actor, now)
    }

    fn add_audit(
        &self,
        at: i64,
        actor: &str,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> Result<()> {
        roster::log(&self.conn(), at, actor, action, subject, detail)
    }

    fn audit_log(&self, text: Option<&str>, limit: u32) -> Result<Vec<AuditEntry>> {
        roster::audit_log(&self.conn(), text, limit)
    }

    fn templates(&self) -> Result<Vec<vero_domain::Template>> {
        super::templates::all(&self.conn())
    }

    fn publish_template(
        &self,
        template: &vero_domain::Template,
        actor: &str,
        now: i64,
    ) -> Result<super::Publishing> {
        super::templates::publish(&mut self.conn(), template, actor, now)
    }

    fn offer_open_lesson(&self, new: &NewOpenLesson<'_>, now: i64) -> Result<i64> {
        open_lessons::offer(&self.conn(), new, now)
    }

    fn open_lessons(&self, viewer: &LessonViewer) -> Result<Vec<OpenLesson>> {
        open_lessons::list(&self.conn(), viewer)
    }

    fn open_lesson(&self, id: i64, viewer: &LessonViewer) -> Result<Option<OpenLesson>> {
        open_lessons::one(&self.conn(), id, viewer)
    }

    fn sign_up_open_lesson(&self, id: i64, viewer: &LessonViewer, now: i64) -> Result<SignUp> {
        open_lessons::sign_up(&mut self.conn(), id, viewer, now)
    }

    fn leave_open_lesson(&self, id: i64, viewer: &LessonViewer) -> Result<Option<OpenLesson>> {
        open_lessons::leave(&self.conn(), id, viewer)
    }

    fn cancel_open_lesson(
        &self,
        id: i64,
        viewer: &LessonViewer,
    ) -> Result<Option<Option<OpenLesson>>> {
        open_lessons::cancel(&self.conn(), id, viewer)
    }

    fn account_school(&self, user_id: i64) -> Result<Option<(Option<i64>, String)>> {
        open_lessons::teacher_at(&self.conn(), user_id)
    }

    fn sync(&self, caller: &Caller, work: SyncWork, now: i64) -> Result<SyncOutcome> {
        let outcome = sync::sync(&mut self.conn(), caller, work, now)?;
        if let Some(c) = &self.checkpointer {
            c.wake();
        }
        Ok(outcome)
    }

    fn records_about(&self, caller: &Caller) -> Result<Vec<vero_domain::sync::RecordView>> {
        sync::about(&mut self.conn(), caller)
    }

    fn retention(&self) -> Result<Option<u32>> {
        sync::years(&self.conn())
    }

    fn set_retention(&self, years: Option<u32>, actor: &str, now: i64) -> Result<u64> {
        {
            let conn = self.conn();
            sync::set_years(&conn, years)?;
            let detail = years.map_or("none".to_owned(), |y| format!("{y} years"));
            roster::log(&conn, now, actor, "retention.set", "observations", &detail)?;
        }
        self.remove_expired(now)
    }

    fn remove_expired(&self, now: i64) -> Result<u64> {
        let mut conn = self.conn();
        let removed = sync::remove_expired(&mut conn, now)?;
        if removed > 0 {
            let detail = format!("{removed} observations past the retention period");
            roster::log(
                &conn,
                now,
                "server",
                "retention.removed",
                "observations",
                &detail,
            )?;
        }
        drop(conn);
        if let Some(c) = &self.checkpointer {
            c.wake();
        }
        Ok(removed)
    }
}

/// Ends every live session of the account but `keep`.
fn revoke_all(conn: &Connection, username: &str, now: i64, keep: Option<&[u8]>) -> Result<()> {
    conn.execute(
        "UPDATE sessions SET revoked_at = ?2
         WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE username = ?1)
           AND (?3 IS NULL OR token_hash <> ?3)",
        params![username, now, keep],
    )?;
    Ok(())
}

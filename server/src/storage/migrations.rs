//! Schema versions, applied in order; `PRAGMA user_version` records how far a file got.
//! Never edit a shipped step: add a new one.

use rusqlite::Connection;

const STEPS: &[&str] = &[
    // 1: schools, accounts, sign-in sessions.
    "CREATE TABLE schools (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE,
        display_name  TEXT NOT NULL,
        role          TEXT NOT NULL,
        school_id     INTEGER REFERENCES schools(id),
        password_hash TEXT NOT NULL
    );
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER
    ) WITHOUT ROWID;",
    // 2: sync, and who follows which teacher.
    // Records and patches name accounts without foreign keys: an observation outlives
    // the account that made it. A record's `state` comes last: SQLite reads a row's
    // columns in order, so the visibility columns never load the (large) state.
    "CREATE TABLE devices (
        id         TEXT PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        first_seen INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE patches (
        device    TEXT NOT NULL,
        seq       INTEGER NOT NULL,
        record_id TEXT NOT NULL,
        author    INTEGER NOT NULL,
        received  INTEGER NOT NULL,
        PRIMARY KEY (device, seq)
    ) WITHOUT ROWID;
    CREATE TABLE records (
        id         TEXT PRIMARY KEY,
        owner      INTEGER NOT NULL,
        teacher_id INTEGER,
        school_id  INTEGER,
        shared     INTEGER NOT NULL,
        seq        INTEGER NOT NULL,
        state      TEXT NOT NULL
    );
    CREATE UNIQUE INDEX records_seq ON records(seq);
    CREATE TABLE mentoring (
        mentor_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        mentee_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (mentor_id, mentee_id)
    ) WITHOUT ROWID;
    CREATE TABLE assignments (
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        school_id  INTEGER REFERENCES schools(id) ON DELETE CASCADE,
        teacher_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        CHECK ((school_id IS NULL) <> (teacher_id IS NULL))
    );
    CREATE INDEX assignments_user ON assignments(user_id);",
    // 3: who could see a shared record before a change narrowed it (another teacher
    // named, or back to draft), under that change's `seq`: a pull tells the devices of
    // those who lost it to remove their copy.
    "CREATE TABLE withdrawn (
        seq        INTEGER NOT NULL,
        record_id  TEXT NOT NULL,
        owner      INTEGER NOT NULL,
        teacher_id INTEGER,
        school_id  INTEGER,
        shared     INTEGER NOT NULL
    );
    CREATE INDEX withdrawn_seq ON withdrawn(seq);",
    // 4: who sees a shared record depends on its type (collegial or evaluative),
    // whether the teacher showed it to management, and whether it was withdrawn after
    // the teacher read it (the teacher keeps it). The table is rebuilt so `state` stays
    // its last column; `backfill` fills the new columns from each record's fields.
    "CREATE TABLE records_v4 (
        id         TEXT PRIMARY KEY,
        owner      INTEGER NOT NULL,
        teacher_id INTEGER,
        school_id  INTEGER,
        shared     INTEGER NOT NULL,
        kind       TEXT NOT NULL DEFAULT 'peer',
        shown      INTEGER NOT NULL DEFAULT 0,
        trace      INTEGER NOT NULL DEFAULT 0,
        seq        INTEGER NOT NULL,
        state      TEXT NOT NULL
    );
    INSERT INTO records_v4 (id, owner, teacher_id, school_id, shared, seq, state)
        SELECT id, owner, teacher_id, school_id, shared, seq, state FROM records;
    DROP TABLE records;
    ALTER TABLE records_v4 RENAME TO records;
    CREATE UNIQUE INDEX records_seq ON records(seq);
    ALTER TABLE withdrawn ADD COLUMN kind TEXT NOT NULL DEFAULT 'peer';
    ALTER TABLE withdrawn ADD COLUMN shown INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE withdrawn ADD COLUMN trace INTEGER NOT NULL DEFAULT 0;",
    // 5: a mentoring pair's start (mentordarbība begins on a date) and the goals the
    // two agreed, one per line.
    "ALTER TABLE mentoring ADD COLUMN since TEXT NOT NULL DEFAULT '';
    ALTER TABLE mentoring ADD COLUMN goals TEXT NOT NULL DEFAULT '';",
    // 6: every admin action and change of rights, for admins to read. Names, not ids:
    // the log outlives the accounts it speaks of.
    "CREATE TABLE audit (
        id      INTEGER PRIMARY KEY,
        at      INTEGER NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail  TEXT NOT NULL
    );
    CREATE INDEX audit_at ON audit(at);",
    // 7: a deactivated account signs in no more and is no longer listed; its records
    // stay.
    "ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;",
    // 8: the sheet's versions the municipality published (the built-in one is 1). A
    // version takes its `seq` from the records' sequence so that pulls carry it.
    "CREATE TABLE templates (
        version      INTEGER PRIMARY KEY,
        id           TEXT NOT NULL,
        seq          INTEGER NOT NULL UNIQUE,
        body         TEXT NOT NULL,
        published_at INTEGER NOT NULL,
        published_by TEXT NOT NULL
    );",
    // 9: a password an admin set (a reset, a first password) is the person's to replace
    // at their next sign-in.
    "ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;",
    // 10: open lessons (atklātās stundas) every school sees, and the places taken in them.
    "CREATE TABLE open_lessons (
        id         INTEGER PRIMARY KEY,
        school_id  INTEGER NOT NULL REFERENCES schools(id),
        teacher_id INTEGER NOT NULL REFERENCES users(id),
        offered_by INTEGER NOT NULL REFERENCES users(id),
        date       TEXT NOT NULL,
        time       TEXT NOT NULL,
        subject    TEXT NOT NULL,
        class      TEXT NOT NULL,
        topic      TEXT NOT NULL,
        places     INTEGER NOT NULL CHECK (places BETWEEN 1 AND 60),
        cancelled  INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX open_lessons_date ON open_lessons(date, time);
    CREATE TABLE open_lesson_places (
        lesson_id INTEGER NOT NULL REFERENCES open_lessons(id) ON DELETE CASCADE,
        user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        at        INTEGER NOT NULL,
        PRIMARY KEY (lesson_id, user_id)
    ) WITHOUT ROWID;",
    // 11: the observation plan (8.1.1–8.1.3): who observes whom, when, of what type, to
    // what end. Priorities by id, one per line. Whether an entry is done is read from
    // the records that name it (`context.plan`), found by their observer and teacher.
    "CREATE TABLE plan_entries (
        id          INTEGER PRIMARY KEY,
        school_id   INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
        observer_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        teacher_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        date        TEXT NOT NULL,
        kind        TEXT NOT NULL,
        goal        TEXT NOT NULL,
        priorities  TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX plan_entries_school ON plan_entries(school_id);
    CREATE INDEX plan_entries_observer ON plan_entries(observer_id);
    CREATE INDEX plan_entries_teacher ON plan_entries(teacher_id);
    CREATE INDEX records_owner_teacher ON records(owner, teacher_id);",
    // 12: the municipality's retention period. `settings` keeps it; `lesson_date` (the
    // lesson's day, filled from the fields on open by `fill_lesson_dates`) finds what it
    // puts past; `removed` keeps, under the removal's `seq`, who could see each removed
    // record, so a pull tells their devices to remove it, and a push for it is refused.
    // The column goes after `state`, but only its index is read.
    "CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    ALTER TABLE records ADD COLUMN lesson_date TEXT;
    CREATE INDEX records_lesson_date ON records(lesson_date) WHERE lesson_date IS NOT NULL;
    CREATE TABLE removed (
        seq        INTEGER NOT NULL,
        record_id  TEXT NOT NULL UNIQUE,
        owner      INTEGER NOT NULL,
        teacher_id INTEGER,
        school_id  INTEGER,
        shared     INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        shown      INTEGER NOT NULL,
        trace      INTEGER NOT NULL
    );
    CREATE INDEX removed_seq ON removed(seq);",
    // 13: a person's export finds the sheets about them by their teacher, as it finds
    // the ones they made by their owner (`records_owner_teacher`).
    "CREATE INDEX records_teacher ON records(teacher_id);",
];

/// Work a step needs beyond SQL, run in its transaction: by step number.
fn after_step(number: usize, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    match number {
        4 => super::sync::backfill_exposure(tx),
        _ => Ok(()),
    }
}

pub fn latest() -> usize {
    STEPS.len()
}

pub fn apply(conn: &mut Connection) -> rusqlite::Result<()> {
    apply_up_to(conn, STEPS.len())
}

/// The steps up to schema `last` (a test builds an older file with it).
pub(super) fn apply_up_to(conn: &mut Connection, last: usize) -> rusqlite::Result<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, step) in STEPS.iter().enumerate().take(last).skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        after_step(index + 1, &tx)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

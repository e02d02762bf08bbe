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
];

pub fn latest() -> usize {
    STEPS.len()
}

pub fn apply(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, step) in STEPS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

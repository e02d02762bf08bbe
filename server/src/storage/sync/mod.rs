//! The sync transaction: claim the device, apply the pushed patches (each exactly once,
//! however often it arrives), then pull what the caller may see since their cursor.
//! One `BEGIN IMMEDIATE` transaction per request, so two requests carrying the same
//! patch cannot both apply it, and a pull never sees half of a push.

mod pull;
mod push;
mod retention;
mod state;

pub(super) use retention::{fill_lesson_dates, remove_expired, set_years, years};

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection, ToSql, Transaction, TransactionBehavior};
use vero_domain::sync::{FieldState, RecordState, RecordView, SyncResponse};
use vero_domain::{ObservationKind, Role};

use super::{Result, StorageError, SyncOutcome, SyncWork};
use crate::sync::rules::{Caller, Meta, Ties};

/// Whether the caller sees record `r`, in SQL so a pull filters while it walks the
/// changes in `seq` order instead of loading everything the caller could see.
/// Binds `:me`, `:specialist` and `:managed_school` (the caller's school when they are
/// management, else NULL).
const VISIBLE: &str = "(r.owner = :me OR (r.trace AND r.teacher_id = :me) OR (r.shared AND (
        :specialist
        OR r.teacher_id = :me
        OR r.school_id = :managed_school
        OR r.teacher_id IN (SELECT mentee_id FROM mentoring WHERE mentor_id = :me)
        OR r.teacher_id IN (SELECT teacher_id FROM assignments
                            WHERE user_id = :me AND teacher_id IS NOT NULL)
        OR r.school_id IN (SELECT school_id FROM assignments
                           WHERE user_id = :me AND school_id IS NOT NULL))))";

/// The caller's ties to record `r` beyond its columns (`rules::Ties`): mentor of its
/// teacher, assigned to its teacher or school.
const TIES: &str = "r.teacher_id IN (SELECT mentee_id FROM mentoring WHERE mentor_id = :me),
        (r.teacher_id IN (SELECT teacher_id FROM assignments
                          WHERE user_id = :me AND teacher_id IS NOT NULL)
         OR r.school_id IN (SELECT school_id FROM assignments
                            WHERE user_id = :me AND school_id IS NOT NULL))";

/// The columns of `r` that make a `Meta`, in `meta_at`'s order.
const META: &str = "r.owner, r.teacher_id, r.school_id, r.shared, r.kind, r.shown, r.trace";

/// A `Meta` and `Ties` from a row holding `META` then `TIES` from column `at`.
fn meta_at(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<(Meta, Ties)> {
    let kind: String = row.get(at + 4)?;
    let meta = Meta {
        owner: row.get(at)?,
        teacher_id: row.get(at + 1)?,
        school_id: row.get(at + 2)?,
        shared: row.get(at + 3)?,
        kind: ObservationKind::from_id(&kind).unwrap_or(ObservationKind::Peer),
        shown: row.get(at + 5)?,
        trace: row.get(at + 6)?,
    };
    let ties = Ties {
        mentor: row.get::<_, Option<bool>>(at + 7)?.unwrap_or(false),
        assigned: row.get::<_, Option<bool>>(at + 8)?.unwrap_or(false),
    };
    Ok((meta, ties))
}

/// The newest change of all: a record written, a template version published, or a
/// record removed past the retention period (the three share one sequence).
pub(super) const MAX_SEQ: &str = "SELECT MAX(
        (SELECT COALESCE(MAX(seq), 0) FROM records),
        (SELECT COALESCE(MAX(seq), 0) FROM templates),
        (SELECT COALESCE(MAX(seq), 0) FROM removed))";

/// Records this request wrote, by id, still in memory for the pull that follows.
type Written = HashMap<String, Wrote>;

struct Wrote {
    state: RecordState,
    /// When the caller can rebuild it from what it sent (see `echo` in the domain): the
    /// paths left out of its patches.
    echo: Option<Vec<String>>,
}

/// The visibility parameters for one caller.
struct Who {
    me: i64,
    specialist: bool,
    managed_school: Option<i64>,
}

impl Who {
    fn of(caller: &Caller) -> Who {
        Who {
            me: caller.id,
            specialist: caller.role == Role::Specialist,
            managed_school: (caller.role == Role::Management)
                .then_some(caller.school_id)
                .flatten(),
        }
    }

    /// The parameters `VISIBLE` binds, then a statement's own.
    fn params<'a>(&'a self, own: &[(&'a str, &'a dyn ToSql)]) -> Vec<(&'a str, &'a dyn ToSql)> {
        let mut all: Vec<(&str, &dyn ToSql)> = vec![
            (":me", &self.me),
            (":specialist", &self.specialist),
            (":managed_school", &self.managed_school),
        ];
        all.extend_from_slice(own);
        all
    }
}

/// The record ids `sql` finds for the caller among the changes after `since` up to
/// `until` (its `:since`, `:until` and the visibility parameters bound).
fn record_ids_between(
    tx: &Transaction<'_>,
    sql: &str,
    who: &Who,
    since: u64,
    until: u64,
) -> Result<Vec<String>> {
    let (since, until) = (seq_param(since), seq_param(until));
    let mut stmt = tx.prepare_cached(sql)?;
    let ids = stmt
        .query_map(
            who.params(&[(":since", &since), (":until", &until)])
                .as_slice(),
            |row| row.get(0),
        )?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// A cursor as SQLite's (signed) integer.
pub(super) fn seq_param(seq: u64) -> i64 {
    seq.min(i64::MAX as u64) as i64
}

pub(super) fn sync(
    conn: &mut Connection,
    caller: &Caller,
    work: SyncWork,
    now: i64,
) -> Result<SyncOutcome> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if !claim_device(&tx, &work.device, caller.id, now)? {
        return Ok(SyncOutcome::DeviceTaken);
    }
    let who = Who::of(caller);
    // Records changed after this were written by this request, and are still in memory.
    let before: i64 = tx.prepare_cached(MAX_SEQ)?.query_row([], |r| r.get(0))?;
    let pushed = push::apply(&tx, caller, &who, &work.device, work.push, work.echoes, now)?;
    let (records, echoes, cursor, more) = pull::page(
        &tx,
        caller,
        &who,
        work.since,
        work.limit,
        (before, &pushed.written),
    )?;
    let mut gone = pull::withdrawn(&tx, &who, work.since, cursor)?;
    gone.extend(retention::removed(&tx, &who, work.since, cursor)?);
    let templates = super::templates::between(&tx, work.since, cursor)?;
    tx.commit()?;
    // Freeing a large push's merged states takes milliseconds; the answer need not wait.
    if pushed.written.len() >= 64 {
        let written = pushed.written;
        std::thread::spawn(move || drop(written));
    }
    Ok(SyncOutcome::Done(SyncResponse {
        acked: pushed.acked,
        rejected: pushed.rejected,
        records,
        gone,
        cursor,
        more,
        echoes,
        templates,
    }))
}

/// The records the caller made or is observed in, as their sync would give them.
pub(super) fn about(conn: &mut Connection, caller: &Caller) -> Result<Vec<RecordView>> {
    let tx = conn.transaction()?;
    let records = pull::about(&tx, caller, &Who::of(caller))?;
    tx.commit()?;
    Ok(records)
}

/// Binds the device to the first account that syncs with it; false if it is another's.
fn claim_device(tx: &Transaction<'_>, device: &str, user: i64, now: i64) -> Result<bool> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO devices (id, user_id, first_seen) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![device, user, now])?;
    let owner: i64 = tx
        .prepare_cached("SELECT user_id FROM devices WHERE id = ?1")?
        .query_row([device], |r| r.get(0))?;
    Ok(owner == user)
}

pub(in crate::storage) fn parse_state(text: &str) -> Result<BTreeMap<String, FieldState>> {
    state::decode(text)
}

/// Fills the type, shown and trace columns of every record from its fields (schema 4).
pub(in crate::storage) fn backfill_exposure(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let rows: Vec<(String, i64, String)> = tx
        .prepare("SELECT id, owner, state FROM records")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update =
        tx.prepare("UPDATE records SET kind = ?2, shown = ?3, trace = ?4 WHERE id = ?1")?;
    for (id, owner, text) in rows {
        let Ok(fields) = state::decode(&text) else {
            continue;
        };
        let mut meta = crate::sync::rules::Meta::new_record(owner);
        meta.follow(&fields);
        update.execute(params![id, meta.kind.id(), meta.shown, meta.trace])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use vero_domain::sync::{Dot, Patch};

    /// A file from before schema 4 gets each record's type and trace from its fields.
    #[test]
    fn schema_4_fills_the_new_columns_from_the_records() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::apply_up_to(&mut conn, 3).unwrap();
        let mut record = RecordState::default();
        let set = [
            ("kind", "\"consultant\""),
            ("status", "\"withdrawn\""),
            ("context.teacher_id", "\"2\""),
            ("event.a", r#"{"by":"1","at":1,"act":"shared"}"#),
            ("event.b", r#"{"by":"2","at":2,"act":"acknowledged"}"#),
            ("event.c", r#"{"by":"1","at":3,"act":"withdrawn"}"#),
        ];
        record.apply(&Patch {
            record: "r".into(),
            dot: Dot {
                device: "d".into(),
                seq: 1,
            },
            author: "1".into(),
            at: 1,
            base: Default::default(),
            set: set
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        });
        let text = state::encode(&record.fields).unwrap();
        conn.execute(
            "INSERT INTO records (id, owner, teacher_id, school_id, shared, seq, state)
             VALUES ('r', 1, 2, NULL, 0, 1, ?1)",
            [text],
        )
        .unwrap();
        super::super::migrations::apply(&mut conn).unwrap();
        let row: (String, bool, bool) = conn
            .query_row(
                "SELECT kind, shown, trace FROM records WHERE id = 'r'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(row, ("consultant".into(), false, true));
    }

    /// A file from before the retention period gets each record's lesson day, once.
    #[test]
    fn records_stored_before_the_lesson_date_column_get_it_from_their_fields() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::apply_up_to(&mut conn, 7).unwrap();
        let insert = |id: &str, set: &[(&str, &str)]| {
            let mut record = RecordState::default();
            record.apply(&Patch {
                record: id.into(),
                dot: Dot {
                    device: "d".into(),
                    seq: 1,
                },
                author: "1".into(),
                at: 1,
                base: Default::default(),
                set: set
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            });
            let text = state::encode(&record.fields).unwrap();
            conn.execute(
                "INSERT INTO records (id, owner, shared, seq, state) VALUES (?1, 1, 0, ?2, ?3)",
                params![id, id.len() as i64, text],
            )
            .unwrap();
        };
        insert(
            "a",
            &[("context.date", "\"2019-05-06\""), ("created_at", "0")],
        );
        insert("bb", &[("created_at", "1609543800000")]);
        super::super::migrations::apply(&mut conn).unwrap();
        fill_lesson_dates(&mut conn).unwrap();
        let dates: Vec<Option<String>> = conn
            .prepare("SELECT lesson_date FROM records ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            dates,
            [Some("2019-05-06".into()), Some("2021-01-02".into())]
        );
    }
}

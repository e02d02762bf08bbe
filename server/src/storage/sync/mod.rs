//! The sync transaction: claim the device, apply the pushed patches (each exactly once,
//! however often it arrives), then pull what the caller may see since their cursor.
//! One `BEGIN IMMEDIATE` transaction per request, so two requests carrying the same
//! patch cannot both apply it, and a pull never sees half of a push.

mod pull;
mod push;
mod state;

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection, ToSql, Transaction, TransactionBehavior};
use vero_domain::sync::{FieldState, RecordState, SyncResponse};
use vero_domain::Role;

use super::{Result, StorageError, SyncOutcome, SyncWork};
use crate::sync::rules::Caller;

/// Whether the caller sees record `r`, in SQL so a pull filters while it walks the
/// changes in `seq` order instead of loading everything the caller could see.
/// Binds `:me`, `:specialist` and `:managed_school` (the caller's school when they are
/// management, else NULL).
const VISIBLE: &str = "(r.owner = :me OR (r.shared AND (
        :specialist
        OR r.teacher_id = :me
        OR r.school_id = :managed_school
        OR r.teacher_id IN (SELECT mentee_id FROM mentoring WHERE mentor_id = :me)
        OR r.teacher_id IN (SELECT teacher_id FROM assignments
                            WHERE user_id = :me AND teacher_id IS NOT NULL)
        OR r.school_id IN (SELECT school_id FROM assignments
                           WHERE user_id = :me AND school_id IS NOT NULL))))";

const MAX_SEQ: &str = "SELECT COALESCE(MAX(seq), 0) FROM records";

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

/// A cursor as SQLite's (signed) integer.
fn seq_param(seq: u64) -> i64 {
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
    let gone = pull::withdrawn(&tx, &who, work.since, cursor)?;
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
    }))
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

fn parse_state(text: &str) -> Result<BTreeMap<String, FieldState>> {
    state::decode(text)
}

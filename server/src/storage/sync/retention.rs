//! Records past the municipality's retention period. Each removed record leaves a row in
//! `removed` under a fresh `seq`, with who could see it then, so a pull tells the
//! devices that held it to remove their copy (as `withdrawn` does for a narrowed
//! record). Patches for a removed record, and a new sheet already past the period, are
//! refused with the reason: a device's unsent change is not taken in silently and then
//! dropped, the person is told why it was not kept.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use vero_domain::calendar::{date_text, NaiveDate};
use vero_domain::retention;
use vero_domain::sync::{FieldState, PushedPatch, Rejection};

use super::{state, Result, StorageError, Who, MAX_SEQ, VISIBLE};

const YEARS: &str = "retention_years";
/// Set once every record's `lesson_date` has been worked out from its fields.
const FILLED: &str = "lesson_dates_filled";

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

fn put_setting(conn: &Connection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, v],
        )?,
        None => conn.execute("DELETE FROM settings WHERE key = ?1", [key])?,
    };
    Ok(())
}

pub(in crate::storage) fn years(conn: &Connection) -> Result<Option<u32>> {
    Ok(setting(conn, YEARS)?.and_then(|v| v.parse().ok()))
}

pub(in crate::storage) fn set_years(conn: &Connection, years: Option<u32>) -> Result<()> {
    put_setting(conn, YEARS, years.map(|y| y.to_string()).as_deref())
}

/// The first lesson day kept at `now` (Unix seconds), when a period is set.
fn cutoff(conn: &Connection, now: i64) -> Result<Option<(u32, NaiveDate)>> {
    Ok(years(conn)?.map(|y| (y, retention::cutoff(retention::today(now * 1000), y))))
}

fn json<T: serde::de::DeserializeOwned>(text: Option<&str>) -> Option<T> {
    serde_json::from_str(text?).ok()
}

/// The `lesson_date` column of a record: its lesson's day as YYYY-MM-DD.
pub(super) fn lesson_date(fields: &BTreeMap<String, FieldState>) -> Option<String> {
    let shown = |path: &str| fields.get(path)?.value().map(|h| h.value.as_str());
    let date: Option<String> = json(shown("context.date"));
    retention::lesson_day(date.as_deref(), json(shown("created_at"))).map(date_text)
}

/// Works out `lesson_date` for records stored before the column existed; once.
pub(in crate::storage) fn fill_lesson_dates(conn: &mut Connection) -> Result<()> {
    if setting(conn, FILLED)?.is_some() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let rows: Vec<(String, String)> = tx
        .prepare("SELECT id, state FROM records WHERE lesson_date IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare("UPDATE records SET lesson_date = ?2 WHERE id = ?1")?;
    for (id, text) in rows {
        if let Ok(fields) = state::decode(&text) {
            update.execute(params![id, lesson_date(&fields)])?;
        }
    }
    drop(update);
    put_setting(&tx, FILLED, Some("1"))?;
    tx.commit()?;
    Ok(())
}

/// Removes every record whose lesson is before the cutoff at `now`, with its patches;
/// how many.
pub(in crate::storage) fn remove_expired(conn: &mut Connection, now: i64) -> Result<u64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some((_, cutoff)) = cutoff(&tx, now)? else {
        return Ok(0);
    };
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM records WHERE lesson_date < ?1 ORDER BY seq")?
        .query_map([date_text(cutoff)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if ids.is_empty() {
        return Ok(0);
    }
    let mut seq: i64 = tx.prepare_cached(MAX_SEQ)?.query_row([], |r| r.get(0))?;
    {
        let mut tomb = tx.prepare(
            "INSERT INTO removed
                (seq, record_id, owner, teacher_id, school_id, shared, kind, shown, trace)
             SELECT ?1, id, owner, teacher_id, school_id, shared, kind, shown, trace
             FROM records WHERE id = ?2",
        )?;
        for id in &ids {
            seq += 1;
            tomb.execute(params![seq, id])?;
        }
    }
    let list = serde_json::to_string(&ids).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    for table in [
        "records WHERE id",
        "patches WHERE record_id",
        "withdrawn WHERE record_id",
    ] {
        tx.execute(
            &format!("DELETE FROM {table} IN (SELECT value FROM json_each(?1))"),
            [&list],
        )?;
    }
    tx.commit()?;
    Ok(ids.len() as u64)
}

/// What a push checks against the retention period.
pub(super) struct Guard {
    /// Of the records the patches name that the database does not hold, those removed.
    removed: HashSet<String>,
    cutoff: Option<(u32, NaiveDate)>,
}

impl Guard {
    pub(super) fn load(
        tx: &Transaction<'_>,
        patches: &[PushedPatch],
        stored: &HashSet<String>,
        now: i64,
    ) -> Result<Guard> {
        let mut ids: Vec<&str> = patches
            .iter()
            .map(|p| p.record.as_str())
            .filter(|id| !stored.contains(*id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut removed = HashSet::new();
        if !ids.is_empty() {
            let list =
                serde_json::to_string(&ids).map_err(|e| StorageError::Corrupt(e.to_string()))?;
            let mut stmt = tx.prepare_cached(
                "SELECT record_id FROM removed
                 WHERE record_id IN (SELECT value FROM json_each(?1))",
            )?;
            removed = stmt
                .query_map([list], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(Guard {
            removed,
            cutoff: cutoff(tx, now)?,
        })
    }

    /// The refusal of the first patch of a record the database does not hold, if it was
    /// removed or its lesson is already past the period.
    pub(super) fn refuses(&self, p: &PushedPatch) -> Option<Rejection> {
        let message = |years: Option<u32>| match years {
            Some(y) => format!(
                "This observation's lesson is older than the retention period the \
                 municipality set ({y} years): the server no longer keeps it."
            ),
            None => "This observation passed the municipality's retention period and was \
                     removed: the server no longer keeps it."
                .to_owned(),
        };
        let refusal = |years| Rejection {
            seq: p.seq,
            error: "retention".into(),
            message: message(years),
        };
        if self.removed.contains(&p.record) {
            return Some(refusal(self.cutoff.map(|c| c.0)));
        }
        let (years, cutoff) = self.cutoff?;
        let date: Option<String> = json(p.set.get("context.date").map(String::as_str));
        let created = json(p.set.get("created_at").map(String::as_str));
        let day = retention::lesson_day(date.as_deref(), created)?;
        retention::expired(day, cutoff).then(|| refusal(Some(years)))
    }
}

impl Guard {
    /// The refusal of a later patch of a record this request already refused.
    pub(super) fn refused_before(&self, p: &PushedPatch) -> Rejection {
        Rejection {
            seq: p.seq,
            error: "retention".into(),
            message: "This observation's lesson is older than the retention period the \
                      municipality set: the server no longer keeps it."
                .into(),
        }
    }
}

static REMOVED: LazyLock<String> = LazyLock::new(|| {
    // Who could see it when it was removed: the rule over the columns it had then.
    let before = VISIBLE.replace("r.", "w.");
    format!(
        "SELECT w.record_id FROM removed w
         WHERE w.seq > :since AND w.seq <= :until AND {before}"
    )
});

/// Of the records removed after `since` up to `until`, those the caller could see.
pub(super) fn removed(
    tx: &Transaction<'_>,
    who: &Who,
    since: u64,
    until: u64,
) -> Result<Vec<String>> {
    super::record_ids_between(tx, &REMOVED, who, since, until)
}

//! A pull page: the records changed after the cursor that the caller sees, each cut
//! down to the fields the caller may read.

use std::sync::LazyLock;

use rusqlite::Transaction;
use vero_domain::sync::{Echo, RecordView};
use vero_domain::visibility::{self, Sight};

use super::{
    meta_at, parse_state, seq_param, Result, StorageError, Who, Written, MAX_SEQ, META, TIES,
    VISIBLE,
};
use crate::par;
use crate::sync::rules::{self, Caller, Meta};

static PULL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT r.id, {META}, {TIES}, r.seq,
                CASE WHEN r.seq > :written_after THEN NULL ELSE r.state END
         FROM records r WHERE r.seq > :since AND {VISIBLE}
         ORDER BY r.seq LIMIT :limit"
    )
});

/// Up to `limit` records changed after `since` that the caller sees, oldest change
/// first; the cursor, and whether more wait. `written` is what this request wrote: the
/// records changed after a `seq`, in memory.
pub(super) fn page(
    tx: &Transaction<'_>,
    caller: &Caller,
    who: &Who,
    since: u64,
    limit: u32,
    (written_after, written): (i64, &Written),
) -> Result<(Vec<RecordView>, Vec<Echo>, u64, bool)> {
    let mut stmt = tx.prepare_cached(&PULL)?;
    // One row past the page tells whether more wait, without a second query.
    let (from, rows_wanted) = (seq_param(since), i64::from(limit) + 1);
    let mut rows = stmt.query(
        who.params(&[
            (":since", &from),
            (":limit", &rows_wanted),
            (":written_after", &written_after),
        ])
        .as_slice(),
    )?;
    let mut page: Vec<Pulled> = Vec::new();
    let mut last = 0i64;
    let mut more = false;
    while let Some(row) = rows.next()? {
        if page.len() == limit as usize {
            more = true;
            break;
        }
        let id: String = row.get(0)?;
        last = row.get(10)?;
        // Records this request just wrote are still in memory: SQLite does not even
        // read their state (a large push pulls back hundreds it just wrote).
        let stored: Option<String> = row.get(11)?;
        let stored = match (written.contains_key(&id), stored) {
            (true, _) => None,
            (false, Some(text)) => Some(text),
            (false, None) => {
                return Err(StorageError::Corrupt(format!(
                    "record {id} changed during this request but was not written by it"
                )))
            }
        };
        let (meta, ties) = meta_at(row, 1)?;
        let sight = rules::sight(caller, &meta, ties);
        page.push(Pulled {
            id,
            meta,
            sight,
            stored,
        });
    }
    drop(rows);
    // A page that is not full ends at the newest change of all, seen or not, so an
    // idle device does not walk again over changes it may not see.
    let cursor = if more {
        last
    } else {
        tx.prepare_cached(MAX_SEQ)?.query_row([], |r| r.get(0))?
    };
    let mut echoes = Vec::new();
    page.retain(|p| match written.get(&p.id).and_then(|w| w.echo.as_ref()) {
        Some(skipped) => {
            echoes.push(Echo {
                id: p.id.clone(),
                owner: p.meta.owner.to_string(),
                skipped: skipped.clone(),
            });
            false
        }
        None => true,
    });
    // Reading a stored state and cutting it down to what the caller may read is most of
    // a pull's work, and each record's is its own.
    let views = par::map(&page, |p| view(p, written))
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    Ok((views, echoes, cursor.max(0) as u64, more))
}

/// A record cut down to what the caller may read.
fn view(p: &Pulled, written: &Written) -> Result<RecordView> {
    let readable = |path: &str| visibility::read(p.sight, path);
    let owner = p.meta.owner.to_string();
    match &p.stored {
        Some(text) => Ok(RecordView::of_owned(
            &p.id,
            &owner,
            parse_state(text)?,
            readable,
        )),
        None => {
            let state = &written[&p.id].state;
            Ok(RecordView::of(&p.id, &owner, &state.fields, readable))
        }
    }
}

static ABOUT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT r.id, {META}, {TIES}, r.seq, r.state
         FROM records r
         WHERE r.id IN (SELECT id FROM records WHERE owner = :me
                        UNION SELECT id FROM records WHERE teacher_id = :me)
           AND {VISIBLE}
         ORDER BY r.seq"
    )
});

/// Every record the caller made or is the observed teacher of, as a pull from the
/// start would give it to them: the same records (`VISIBLE`), the same fields.
pub(super) fn about(tx: &Transaction<'_>, caller: &Caller, who: &Who) -> Result<Vec<RecordView>> {
    let mut stmt = tx.prepare_cached(&ABOUT)?;
    let mut rows = stmt.query(who.params(&[]).as_slice())?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        let (meta, ties) = meta_at(row, 1)?;
        found.push(Pulled {
            id: row.get(0)?,
            sight: rules::sight(caller, &meta, ties),
            meta,
            stored: Some(row.get(11)?),
        });
    }
    let none = Written::new();
    found.iter().map(|p| view(p, &none)).collect()
}

/// One record of a pull page, as read inside the transaction.
struct Pulled {
    id: String,
    meta: Meta,
    sight: Sight,
    /// Its state, unless this request wrote it (then it is in memory).
    stored: Option<String>,
}

/// Of the shared records whose readers narrowed after `since` up to `cursor`, those the
/// caller could see before and cannot now: their devices remove their copies. Walks
/// only the narrowing changes in that span, like the pull itself.
static WITHDRAWN: LazyLock<String> = LazyLock::new(|| {
    // The same rule over the former visibility columns. The rule is NULL, not false,
    // where a NULL column meets a NULL parameter: NOT must see it as false.
    let before = VISIBLE.replace("r.", "w.");
    format!(
        "SELECT DISTINCT w.record_id FROM withdrawn w JOIN records r ON r.id = w.record_id
         WHERE w.seq > :since AND w.seq <= :until AND {before}
           AND NOT COALESCE({VISIBLE}, 0)"
    )
});

pub(super) fn withdrawn(
    tx: &Transaction<'_>,
    who: &Who,
    since: u64,
    until: u64,
) -> Result<Vec<String>> {
    super::record_ids_between(tx, &WITHDRAWN, who, since, until)
}

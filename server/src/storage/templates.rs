//! The sheet's published versions. Each takes a `seq` from the records' sequence, so a
//! pull carries a version in the same page as (or before) the first sheet begun on it.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use vero_domain::Template;

use super::sync::MAX_SEQ;
use super::{roster, Result, StorageError};

/// What became of a version offered for publishing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publishing {
    Published,
    /// Someone published another version first; this one was not stored.
    Stale {
        latest: u32,
    },
}

fn decode(text: &str) -> Result<Template> {
    serde_json::from_str(text).map_err(|e| StorageError::Corrupt(format!("template: {e}")))
}

pub(super) fn all(conn: &Connection) -> Result<Vec<Template>> {
    let mut stmt = conn.prepare_cached("SELECT body FROM templates ORDER BY version")?;
    let bodies = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    bodies.iter().map(|b| decode(b)).collect()
}

/// Stores `template` if it is the version after the newest (the built-in is 1).
pub(super) fn publish(
    conn: &mut Connection,
    template: &Template,
    actor: &str,
    now: i64,
) -> Result<Publishing> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let latest: Option<u32> = tx
        .query_row("SELECT MAX(version) FROM templates", [], |r| r.get(0))
        .optional()?
        .flatten();
    let latest = latest.unwrap_or(Template::default_template().version);
    if template.version != latest + 1 {
        return Ok(Publishing::Stale { latest });
    }
    let seq: i64 = tx.query_row(MAX_SEQ, [], |r| r.get(0))?;
    let body = serde_json::to_string(template).expect("a template serializes");
    tx.execute(
        "INSERT INTO templates (version, id, seq, body, published_at, published_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![template.version, template.id, seq + 1, body, now, actor],
    )?;
    let criteria = template.criteria().count();
    roster::log(
        &tx,
        now,
        actor,
        "template.published",
        &format!("{} v{}", template.id, template.version),
        &format!("{} sections, {criteria} criteria", template.sections.len()),
    )?;
    tx.commit()?;
    Ok(Publishing::Published)
}

/// The versions published after `since` up to `until`, oldest first.
pub(super) fn between(tx: &Transaction<'_>, since: u64, until: u64) -> Result<Vec<Template>> {
    let mut stmt =
        tx.prepare_cached("SELECT body FROM templates WHERE seq > ?1 AND seq <= ?2 ORDER BY seq")?;
    let (since, until) = (super::sync::seq_param(since), super::sync::seq_param(until));
    let bodies = stmt
        .query_map([since, until], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    bodies.iter().map(|b| decode(b)).collect()
}

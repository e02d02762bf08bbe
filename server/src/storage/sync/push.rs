//! Applying pushed patches: each record loaded once, every patch checked against who
//! may write what, stored once by its (device, seq), merged, and the record written
//! once at the end under a fresh `seq`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use rusqlite::{params, OptionalExtension, Transaction};
use vero_domain::sync::{Dot, Patch, PushedPatch, RecordState, Rejection};

use super::retention::Guard;
use super::{
    meta_at, parse_state, Result, StorageError, Who, Written, Wrote, MAX_SEQ, META, TIES, VISIBLE,
};
use crate::par;
use crate::sync::rules::{self, Caller, Meta, Ties};

static LOAD: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {META}, {TIES}, CASE WHEN {VISIBLE} THEN 1 ELSE 0 END, r.state
         FROM records r WHERE r.id = :id"
    )
});

const UPSERT: &str = "INSERT INTO records
        (id, owner, teacher_id, school_id, shared, kind, shown, trace, seq, state, lesson_date)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
     ON CONFLICT (id) DO UPDATE SET teacher_id = excluded.teacher_id,
        school_id = excluded.school_id, shared = excluded.shared, kind = excluded.kind,
        shown = excluded.shown, trace = excluded.trace,
        seq = excluded.seq, state = excluded.state, lesson_date = excluded.lesson_date";

/// What a push did: the answers for the device, and the records it changed.
pub(super) struct Pushed {
    pub acked: Vec<u64>,
    pub rejected: Vec<Rejection>,
    pub written: Written,
}

pub(super) fn apply(
    tx: &Transaction<'_>,
    caller: &Caller,
    who: &Who,
    device: &str,
    patches: Vec<PushedPatch>,
    echoes: bool,
    now: i64,
) -> Result<Pushed> {
    // A seq sent twice leaves the device unable to tell which patch counted.
    let mut seqs = HashSet::with_capacity(patches.len());
    let echoes = echoes && patches.iter().all(|p| seqs.insert(p.seq));
    let stored = stored_ids(tx, &patches)?;
    let mut push = Push {
        tx,
        caller,
        who,
        retention: Guard::load(tx, &patches, &stored, now)?,
        refused: HashSet::new(),
        stored,
        device,
        device_id: device.into(),
        author: caller.id.to_string().into(),
        now,
        records: Vec::new(),
        index: HashMap::new(),
        acked: Vec::with_capacity(patches.len()),
        rejected: Vec::new(),
    };
    for patch in patches {
        push.take(patch)?;
    }
    let written = write(tx, push.records, echoes)?;
    Ok(Pushed {
        acked: push.acked,
        rejected: push.rejected,
        written,
    })
}

/// A record being changed by this request: loaded once, written once at the end.
struct Working {
    id: String,
    meta: Meta,
    /// As stored before this request, if the record existed and was shared.
    was_shared: Option<Meta>,
    state: RecordState,
    visible: bool,
    ties: Ties,
    dirty: bool,
    /// New in this request, and so far every acknowledged patch of it applied: the
    /// device can rebuild it from what it sent.
    rebuildable: bool,
    /// Paths left out of its patches.
    skipped: BTreeSet<String>,
}

struct Push<'a, 't> {
    tx: &'a Transaction<'t>,
    caller: &'a Caller,
    who: &'a Who,
    /// Of the records the patches name, those the database holds.
    stored: HashSet<String>,
    /// New or removed records past the retention period.
    retention: Guard,
    /// Records of this request refused for it: their later patches too.
    refused: HashSet<String>,
    device: &'a str,
    /// The same, shared by every value this request writes.
    device_id: Arc<str>,
    author: Arc<str>,
    now: i64,
    records: Vec<Working>,
    index: HashMap<String, usize>,
    acked: Vec<u64>,
    rejected: Vec<Rejection>,
}

impl Push<'_, '_> {
    fn take(&mut self, mut patch: PushedPatch) -> Result<()> {
        let id = patch.record.as_str();
        if !self.stored.contains(id) && !self.index.contains_key(id) {
            let refusal = self.retention.refuses(&patch).or_else(|| {
                let before = self.refused.contains(id);
                before.then(|| self.retention.refused_before(&patch))
            });
            if let Some(refusal) = refusal {
                self.refused.insert(patch.record.clone());
                self.rejected.push(refusal);
                return Ok(());
            }
        }
        let i = self.working(&patch.record)?;
        let w = &self.records[i];
        let checked = if w.visible {
            let sight = rules::sight(self.caller, &w.meta, w.ties);
            rules::check_writes(self.caller, &w.meta, sight, &w.state.fields, &patch)
                .map(|skip| skip.into_iter().map(str::to_owned).collect::<Vec<_>>())
        } else {
            Err(rules::not_found(patch.seq))
        };
        match checked {
            Err(refusal) => return self.settle_repeat(i, &patch, refusal),
            Ok(skip) => {
                patch.set.retain(|path, _| !skip.contains(path));
                self.records[i].skipped.extend(skip);
            }
        }
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO patches (device, seq, record_id, author, received)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                self.device,
                patch.seq as i64,
                patch.record,
                self.caller.id,
                self.now
            ])?;
        if inserted == 0 {
            let refusal = Rejection {
                seq: patch.seq,
                error: "bad_record".into(),
                message: format!(
                    "This device already sent patch {} for another record.",
                    patch.seq
                ),
            };
            return self.settle_repeat(i, &patch, refusal);
        }
        let seq = patch.seq;
        let patch = Patch {
            record: patch.record,
            dot: Dot {
                device: self.device_id.clone(),
                seq,
            },
            author: self.author.clone(),
            at: patch.at,
            base: patch.base,
            set: patch.set,
        };
        let w = &mut self.records[i];
        if changes(&w.state, &patch) {
            // Only the owner can set most of these, and the owner always sees the record,
            // so nothing else in this request depends on them but the teacher's writes.
            let exposing = patch.set.keys().any(|p| rules::exposes(p));
            w.state.apply_owned(patch);
            w.dirty = true;
            if exposing {
                let workflow = w.meta.follow(&w.state.fields);
                // A private note is a working note: it goes with the observation closed.
                if workflow.is_some_and(|w| w.closed.is_some()) {
                    w.state.fields.remove("private_note");
                }
            }
        } else {
            w.rebuildable = false;
        }
        self.acked.push(seq);
        Ok(())
    }

    /// A refused patch that this device already delivered for the same record was
    /// accepted then (a retry after the rules changed, e.g. the sheet went back to
    /// draft): acknowledge it so the device stops sending it; otherwise refuse it.
    fn settle_repeat(&mut self, i: usize, patch: &PushedPatch, refusal: Rejection) -> Result<()> {
        let stored: Option<String> = self
            .tx
            .prepare_cached("SELECT record_id FROM patches WHERE device = ?1 AND seq = ?2")?
            .query_row(params![self.device, patch.seq as i64], |r| r.get(0))
            .optional()?;
        if stored.as_deref() == Some(patch.record.as_str()) {
            self.acked.push(patch.seq);
            self.records[i].rebuildable = false;
        } else {
            self.rejected.push(refusal);
        }
        Ok(())
    }

    /// The record's index in `records`, loading it (or starting a new one owned by the
    /// caller) on first use.
    fn working(&mut self, id: &str) -> Result<usize> {
        if let Some(&i) = self.index.get(id) {
            return Ok(i);
        }
        let who = self.who;
        let load = |r: &rusqlite::Row<'_>| {
            let (meta, ties) = meta_at(r, 0)?;
            let visible: bool = r.get(9)?;
            // An unseen record's state is never read, let alone parsed.
            let state = if visible {
                Some(r.get::<_, String>(10)?)
            } else {
                None
            };
            Ok((meta, ties, visible, state))
        };
        // A record the database does not hold is new: no need to look for it.
        let found = if self.stored.contains(id) {
            self.tx
                .prepare_cached(&LOAD)?
                .query_row(who.params(&[(":id", &id)]).as_slice(), load)
                .optional()?
        } else {
            None
        };
        let working = match found {
            Some((meta, ties, visible, state)) => Working {
                id: id.to_owned(),
                was_shared: (meta.shared || meta.trace).then(|| meta.clone()),
                meta,
                state: RecordState {
                    fields: state
                        .as_deref()
                        .map(parse_state)
                        .transpose()?
                        .unwrap_or_default(),
                },
                visible,
                ties,
                dirty: false,
                rebuildable: false,
                skipped: BTreeSet::new(),
            },
            None => Working {
                id: id.to_owned(),
                meta: Meta::new_record(self.caller.id),
                was_shared: None,
                state: RecordState::default(),
                visible: true,
                ties: Ties::default(),
                dirty: false,
                rebuildable: true,
                skipped: BTreeSet::new(),
            },
        };
        self.records.push(working);
        self.index.insert(id.to_owned(), self.records.len() - 1);
        Ok(self.records.len() - 1)
    }
}

/// Of the records `patches` name, those the database holds: one query for a push of
/// many new sheets instead of one per sheet.
fn stored_ids(tx: &Transaction<'_>, patches: &[PushedPatch]) -> Result<HashSet<String>> {
    let mut ids: Vec<&str> = patches.iter().map(|p| p.record.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let ids = serde_json::to_string(&ids).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let mut stmt =
        tx.prepare_cached("SELECT id FROM records WHERE id IN (SELECT value FROM json_each(?1))")?;
    let found = stmt
        .query_map([ids], |r| r.get(0))?
        .collect::<rusqlite::Result<HashSet<String>>>()?;
    Ok(found)
}

/// Whether applying `patch` would change anything: a field changes unless it has seen
/// the patch already (the rule `FieldState::apply` follows).
fn changes(state: &RecordState, patch: &Patch) -> bool {
    patch.set.keys().any(|path| {
        state
            .fields
            .get(path)
            .is_none_or(|f| !f.seen.contains(&patch.dot))
    })
}

/// Writes every changed record under a fresh `seq`, so pulls see it as changed.
/// Returns what was written, for the pull that follows.
fn write(tx: &Transaction<'_>, records: Vec<Working>, echoes: bool) -> Result<Written> {
    let mut written = HashMap::new();
    let dirty: Vec<Working> = records.into_iter().filter(|w| w.dirty).collect();
    if dirty.is_empty() {
        return Ok(written);
    }
    let texts = par::map(&dirty, |w| super::state::encode(&w.state.fields));
    let mut seq: i64 = tx.prepare_cached(MAX_SEQ)?.query_row([], |r| r.get(0))?;
    let mut school_of = tx.prepare_cached("SELECT school_id FROM users WHERE id = ?1")?;
    // A push of many sheets names few teachers.
    let mut schools: HashMap<i64, Option<Option<i64>>> = HashMap::new();
    let mut upsert = tx.prepare_cached(UPSERT)?;
    let mut withdraw = tx.prepare_cached(
        "INSERT INTO withdrawn
            (seq, record_id, owner, teacher_id, school_id, shared, kind, shown, trace)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (w, state) in dirty.into_iter().zip(texts) {
        seq += 1;
        let named = rules::teacher_ref(&w.state.fields);
        let school: Option<Option<i64>> = match named {
            Some(t) => match schools.get(&t) {
                Some(known) => *known,
                None => {
                    let found = school_of.query_row([t], |r| r.get(0)).optional()?;
                    *schools.entry(t).or_insert(found)
                }
            },
            None => None,
        };
        // What the fields say was followed as the patches came in (`take`); the teacher
        // is checked against the accounts here.
        let mut meta = w.meta.clone();
        meta.teacher_id = school.and(named);
        meta.school_id = school.flatten();
        let state = state?;
        let lesson_date = super::retention::lesson_date(&w.state.fields);
        upsert.execute(params![
            w.id,
            meta.owner,
            meta.teacher_id,
            meta.school_id,
            meta.shared,
            meta.kind.id(),
            meta.shown,
            meta.trace,
            seq,
            state,
            lesson_date
        ])?;
        if let Some(before) = w.was_shared.as_ref().filter(|b| narrowed(b, &meta)) {
            withdraw.execute(params![
                seq,
                w.id,
                before.owner,
                before.teacher_id,
                before.school_id,
                before.shared,
                before.kind.id(),
                before.shown,
                before.trace
            ])?;
        }
        // A path left out of one patch but applied from another would be left out of
        // both by the device's rebuild. (A rebuildable record is new: every field it
        // has came from this request.)
        let echo =
            (echoes && w.rebuildable && !w.skipped.iter().any(|p| w.state.fields.contains_key(p)))
                .then(|| w.skipped.into_iter().collect());
        written.insert(
            w.id,
            Wrote {
                state: w.state,
                echo,
            },
        );
    }
    Ok(written)
}

/// Whether some who saw the shared record `before` may no longer see it: it went back to
/// draft, or names another teacher (and with it maybe another school).
fn narrowed(before: &Meta, after: &Meta) -> bool {
    (before.shared && !after.shared)
        || (before.trace && !after.trace)
        || before.teacher_id != after.teacher_id
        || before.school_id != after.school_id
}

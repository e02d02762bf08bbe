//! The database an older app kept for every account on the device (`vero`, schema
//! versions 1–4), taken apart: the device's settings move to `prefs`, and each
//! account's sheets, outbox, sync state and conflicts move into that account's own
//! database the next time that person signs in here. Nothing unsent is dropped; what
//! stays behind is only ever read to be moved, never shown.

use gloo_storage::{LocalStorage, Storage};
use std::collections::BTreeSet;
use vero_domain::api::Session;
use vero_domain::sync::device::{Attention, ConflictNote, Device, Synced};
use vero_domain::sync::PushedPatch;
use vero_domain::{Lang, Observation, Status};
use wasm_bindgen::JsValue;

use super::sync::{outbox_key, DEVICE};
use super::{device, prefs, sheet_value, Op, Store, StoreError};
use super::{ATTENTION, CONFLICTS, DIRTY, META, OBSERVATIONS, OUTBOX, SYNCED};

/// The older app's database.
pub const DB_NAME: &str = "vero";
/// The older app's settings store (keys: lang, session, last_path, device:<account>).
const PREFS: &str = "prefs";
/// Set once the older database is gone, so a start does not look for it again.
const GONE: &str = "vero.legacy_gone";

fn read<T: serde::de::DeserializeOwned>(values: Vec<JsValue>) -> Vec<T> {
    values
        .into_iter()
        .filter_map(|v| serde_wasm_bindgen::from_value(v).ok())
        .collect()
}

fn known_gone(name: &str) -> bool {
    name == DB_NAME && LocalStorage::raw().get_item(GONE).ok().flatten().is_some()
}

fn mark_gone(name: &str) {
    if name == DB_NAME {
        let _ = LocalStorage::raw().set_item(GONE, "1");
    }
}

/// The older database, if there is one (opening creates an empty one otherwise, which
/// goes again at once).
async fn open(name: &str) -> Result<Option<Store>, StoreError> {
    if known_gone(name) {
        return Ok(None);
    }
    let db = Store::open_existing(name).await?;
    if db.store_names().is_empty() {
        db.close();
        delete(name).await;
        return Ok(None);
    }
    Ok(Some(db))
}

async fn delete(name: &str) {
    if rexie::Rexie::delete(name).await.is_ok() {
        mark_gone(name);
    }
}

/// The device's settings the older app kept (language, sign-in, last screen), moved to
/// `prefs` where that has none yet. Run before the app reads its settings.
pub async fn move_settings(name: &str) -> Result<(), StoreError> {
    let Some(db) = open(name).await? else {
        return Ok(());
    };
    let current = prefs::start_prefs();
    if current.lang.is_none() {
        if let Ok(Some(lang)) = db.get::<Lang>(PREFS, "lang").await {
            prefs::set_lang(lang);
        }
    }
    if device::session().await?.is_none() {
        if let Ok(Some(session)) = db.get::<Session>(PREFS, "session").await {
            device::set_session(Some(&session)).await?;
        }
    }
    if current.last_path.is_none() {
        if let Ok(Some(path)) = db.get::<String>(PREFS, "last_path").await {
            prefs::set_last_path(&path);
        }
    }
    db.close();
    Ok(())
}

/// Everything of one account in the older database.
#[derive(Default)]
struct Part {
    device: Option<Device>,
    outbox: Vec<(String, PushedPatch)>,
    sheets: Vec<Observation>,
    synced: Vec<Synced>,
    dirty: Vec<(String, i64)>,
    attention: Vec<Attention>,
    conflicts: Vec<ConflictNote>,
}

/// Moves `user`'s part of the older database into their own, then clears from it what
/// no account still needs. A sheet is theirs when they made it (or it was made before
/// sheets named their author), or it is about them (their answer may be unsent).
/// Their device starts pulling from the beginning again, so whatever else the server
/// shares with them comes back whole.
pub async fn move_account(name: &str, user: &str) -> Result<(), StoreError> {
    let Some(old) = open(name).await? else {
        return Ok(());
    };
    let has = |store: &str| old.store_names().iter().any(|s| s == store);
    let all = |store: &'static str| {
        let old = old.clone();
        let present = has(store);
        async move {
            match present {
                true => old.entries(store).await,
                false => Ok(Vec::new()),
            }
        }
    };
    let sheets: Vec<Observation> = read(
        all(OBSERVATIONS)
            .await?
            .into_iter()
            .map(|(_, v)| v)
            .collect(),
    );
    let outbox = all(OUTBOX).await?;
    let dirty: Vec<(String, i64)> = all(DIRTY)
        .await?
        .into_iter()
        .filter_map(|(k, v)| Some((k.as_string()?, v.as_f64()? as i64)))
        .collect();

    let mut part = Part::default();
    if has(PREFS) {
        part.device = old
            .get::<Device>(PREFS, &format!("device:{user}"))
            .await
            .ok()
            .flatten();
    }
    // Their own sheets move; a sheet shared with them as the teacher observed is copied
    // (its author's unsent edits may be in it, and wait for that author).
    let owned = |o: &Observation| o.author.is_empty() || o.author == user;
    let about = |o: &Observation| o.context.teacher_id == user && o.status == Status::Shared;
    let ids: BTreeSet<String> = sheets
        .iter()
        .filter(|o| owned(o) || about(o))
        .map(|o| o.id.clone())
        .collect();
    let own_ids: BTreeSet<&str> = sheets
        .iter()
        .filter(|o| owned(o))
        .map(|o| o.id.as_str())
        .collect();
    part.sheets = sheets
        .iter()
        .filter(|o| ids.contains(&o.id))
        .cloned()
        .collect();
    if let Some(device) = &part.device {
        let prefix = format!("{}:", device.id);
        for (k, v) in &outbox {
            let key = k.as_string().unwrap_or_default();
            if key.starts_with(&prefix) {
                if let Ok(patch) = serde_wasm_bindgen::from_value::<PushedPatch>(v.clone()) {
                    part.outbox.push((key, patch));
                }
            }
        }
    }
    part.dirty = dirty
        .iter()
        .filter(|(id, _)| ids.contains(id))
        .cloned()
        .collect();
    let by_id = |values: Vec<(JsValue, JsValue)>| -> Vec<JsValue> {
        values
            .into_iter()
            .filter(|(k, _)| k.as_string().is_some_and(|k| ids.contains(&k)))
            .map(|(_, v)| v)
            .collect()
    };
    part.synced = read(by_id(all(SYNCED).await?));
    part.attention = read(by_id(all(ATTENTION).await?));
    part.conflicts = read::<ConflictNote>(by_id(all(CONFLICTS).await?))
        .into_iter()
        .filter(|n| n.user == user)
        .collect();

    let nothing = part.device.is_none() && part.sheets.is_empty() && part.outbox.is_empty();
    let moved_keys: BTreeSet<String> = part.outbox.iter().map(|(k, _)| k.clone()).collect();
    if !nothing {
        let mine = Store::of_account(user).await?;
        mine.apply(part.writes(&mine).await?).await?;
        mine.close();
    }

    // What stays behind: sheets with unsent changes of other accounts, and their
    // outboxes. Copies of what the server has can go: their accounts pull them again.
    let waiting: BTreeSet<String> = outbox
        .iter()
        .filter_map(|(k, v)| {
            let key = k.as_string()?;
            let patch: PushedPatch = serde_wasm_bindgen::from_value(v.clone()).ok()?;
            (!moved_keys.contains(&key)).then_some(patch.record)
        })
        .chain(
            dirty
                .iter()
                .filter(|(id, _)| !own_ids.contains(id.as_str()))
                .map(|(id, _)| id.clone()),
        )
        .collect();
    let kept: Vec<&Observation> = sheets
        .iter()
        .filter(|o| !own_ids.contains(o.id.as_str()) && waiting.contains(&o.id))
        .collect();
    if kept.is_empty() && waiting.is_empty() {
        old.close();
        delete(name).await;
        return Ok(());
    }
    let mut ops = Vec::new();
    for o in sheets.iter().filter(|o| !kept.iter().any(|k| k.id == o.id)) {
        for store in [OBSERVATIONS, SYNCED, DIRTY, ATTENTION, CONFLICTS] {
            if has(store) {
                ops.push(Op::Delete {
                    store,
                    key: o.id.clone(),
                });
            }
        }
    }
    for key in moved_keys {
        ops.push(Op::Delete { store: OUTBOX, key });
    }
    if has(PREFS) {
        ops.push(Op::Delete {
            store: PREFS,
            key: format!("device:{user}"),
        });
    }
    old.apply(ops).await?;
    old.close();
    Ok(())
}

impl Part {
    /// The account database's writes for this part, leaving out sheets it already has
    /// (moved by an earlier start that stopped before clearing the older database).
    async fn writes(self, into: &Store) -> Result<Vec<Op>, StoreError> {
        let present: BTreeSet<String> = into
            .get_all_keys(OBSERVATIONS)
            .await?
            .into_iter()
            .filter_map(|k| k.as_string())
            .collect();
        let new = |id: &str| !present.contains(id);
        let mut ops = Vec::new();
        if let Some(mut device) = self.device {
            device.cursor = 0;
            ops.push(Op::put(META, Some(DEVICE.into()), &device)?);
            for (_, patch) in &self.outbox {
                let key = outbox_key(&device.id, patch.seq);
                ops.push(Op::put(OUTBOX, Some(key), patch)?);
            }
        }
        for o in self.sheets.iter().filter(|o| new(&o.id)) {
            let mark = self
                .dirty
                .iter()
                .find(|(id, _)| *id == o.id)
                .map(|(_, at)| *at);
            ops.push(Op::Put {
                store: OBSERVATIONS,
                key: None,
                value: sheet_value(o, mark)?,
            });
        }
        for s in self.synced.iter().filter(|s| new(&s.id)) {
            ops.push(Op::put(SYNCED, None, s)?);
        }
        for a in self.attention.iter().filter(|a| new(&a.record)) {
            ops.push(Op::put(ATTENTION, None, a)?);
        }
        for n in self.conflicts.iter().filter(|n| new(&n.record)) {
            ops.push(Op::put(CONFLICTS, None, n)?);
        }
        Ok(ops)
    }
}

//! The account database's object stores. The schema is declared whole: on upgrade
//! rexie creates the stores that are missing, and those that exist keep their records.
//! Never drop or rename a store here without a migration that moves its records first.
//!
//! History: versions 1–4 were one database, `vero`, for every account on the device
//! (1: prefs; 2: observations; 3: outbox, synced, attention, dirty; 4: conflicts).
//! Version 1 of the account databases has the stores of the old version 4, with the
//! account's own settings in `meta` instead of `prefs`; `legacy` moves the old records.

use rexie::{ObjectStore, Rexie};

pub const DB_VERSION: u32 = 1;
/// The account's settings on this device: its sync identity, the directory of people,
/// when it last synced.
pub const META: &str = "meta";
/// Observation sheets, keyed by their `id`.
pub const OBSERVATIONS: &str = "observations";
/// Patches not yet acknowledged by the server, keyed `device:seq` (seq zero-padded).
pub const OUTBOX: &str = "outbox";
/// Per record, what the server last sent and what the local copy was built from.
pub const SYNCED: &str = "synced";
/// Patches the server refused for good, per record, for a person to look at.
pub const ATTENTION: &str = "attention";
/// Sheets changed since last sent: id → their `updated_at`. Written with the sheet.
pub const DIRTY: &str = "dirty";
/// Records with values in conflict that this person is to choose between.
pub const CONFLICTS: &str = "conflicts";

/// Each store and its key path (`None`: keys given apart from the value).
pub const STORES: [(&str, Option<&str>); 7] = [
    (META, None),
    (OBSERVATIONS, Some("id")),
    (OUTBOX, None),
    (SYNCED, Some("id")),
    (ATTENTION, Some("record")),
    (DIRTY, None),
    (CONFLICTS, Some("record")),
];

pub async fn open(name: &str) -> rexie::Result<Rexie> {
    let mut builder = Rexie::builder(name).version(DB_VERSION);
    for (store, key_path) in STORES {
        let mut s = ObjectStore::new(store);
        if let Some(path) = key_path {
            s = s.key_path(path);
        }
        builder = builder.add_object_store(s);
    }
    builder.build().await
}

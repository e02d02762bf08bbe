//! The account database's object stores. The schema is declared whole: on upgrade
//! rexie creates the stores that are missing, and those that exist keep their records.
//! Never drop or rename a store here without a migration that moves its records first.
//!
//! History: versions 1–4 were one database, `vero`, for every account on the device
//! (1: prefs; 2: observations; 3: outbox, synced, attention, dirty; 4: conflicts).
//! Version 1 of the account databases has the stores of the old version 4, with the
//! account's own settings in `meta` instead of `prefs`; `legacy` moves the old records.
//! Version 2 keeps a sheet's "changed" mark inside its record (`dirty`, indexed), so
//! an edit is one put into one store; the `dirty` store of version 1 is emptied into
//! the records when the database is opened (`Store::open`).

use rexie::{Index, ObjectStore, Rexie};

pub const DB_VERSION: u32 = 2;
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
/// Version 1's marks of sheets changed since last sent (id → their `updated_at`);
/// since version 2 emptied into the sheets' records when the database opens.
pub const DIRTY: &str = "dirty";
/// In a sheet's record: when it last changed on this device, while the change is not
/// sent yet (absent once it is). Indexed, so sync finds the changed sheets.
pub const MARK: &str = "dirty";
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
        if store == OBSERVATIONS {
            // Records without the property are not in the index: it lists exactly the
            // changed sheets.
            s = s.add_index(Index::new(MARK, MARK).unique(false).multi_entry(false));
        }
        builder = builder.add_object_store(s);
    }
    builder.build().await
}

//! Values in conflict, from the person's side: which records hold some for them to
//! choose between, and keeping one. The rules are the domain's (`sync::conflict`); this
//! keeps their results on the device.

use leptos::task::spawn_local;
use vero_domain::sync::conflict::{keep, open_conflicts, Conflict};
use vero_domain::sync::device::Synced;
use vero_domain::Observation;

use super::codec::BrowserJson;
use super::{between_syncs, refresh_lists, sync_now, SyncState};
use crate::platform::now_ms;
use crate::sheet::doc::{adopt, newest_version};
use crate::sheet::writer;
use crate::store::conflicts::ConflictNote;
use crate::store::sync::put;
use crate::store::{Op, Store, StoreError, CONFLICTS, DIRTY, SYNCED};

/// The write that keeps a record's note in step with its merged version: a note while
/// `user` has values to choose between in it, none otherwise.
pub fn note(user: &str, synced: &Synced, local: &Observation) -> Result<Op, StoreError> {
    let open = open_conflicts::<BrowserJson>(synced, user);
    if open.is_empty() || local.deleted_at.is_some() {
        return Ok(Op::Delete {
            store: CONFLICTS,
            key: synced.id.clone(),
        });
    }
    let note = ConflictNote {
        record: synced.id.clone(),
        user: user.to_owned(),
        title: local.title(),
        fields: open.into_iter().map(|c| c.path).collect(),
    };
    put(CONFLICTS, None, &note)
}

/// The conflicts `user` may resolve in this device's copy of a record.
pub async fn of_record(id: &str, user: &str) -> Vec<Conflict> {
    let Ok(store) = Store::shared().await else {
        return Vec::new();
    };
    match store.synced(&[id.to_owned()]).await {
        Ok(mut found) => open_conflicts::<BrowserJson>(&found.remove(0), user),
        Err(_) => Vec::new(),
    }
}

/// "Paturēt šo": the field keeps `value` (JSON text) on screen and on the device, and
/// the sync started here sends it so that it replaces every other value. `done` runs
/// once it is kept (or could not be: the conflict had changed meanwhile).
pub fn keep_value(
    sync: SyncState,
    user: String,
    id: String,
    path: String,
    value: String,
    done: impl FnOnce() + 'static,
) {
    spawn_local(async move {
        if let Err(e) = between_syncs(choose(&user, &id, &path, &value)).await {
            leptos::logging::warn!("could not keep a value of {path} in {id}: {e}");
        }
        refresh_lists(sync).await;
        done();
        sync_now();
    });
}

async fn choose(user: &str, id: &str, path: &str, value: &str) -> Result<(), StoreError> {
    let store = Store::shared().await?;
    let ids = [id.to_owned()];
    let mut synced = store.synced(&ids).await?.remove(0);
    let stored = store.observations_by_id(&ids).await?.remove(0);
    // No await from here to the writes: the version read is the newest there is.
    let Some(mut local) = newest_version(id).or(stored) else {
        return Ok(());
    };
    keep::<BrowserJson>(&mut synced, &mut local, path, value).map_err(|e| StoreError(e.0))?;
    local.updated_at = now_ms();
    adopt(&local);
    // Through the writer, after any older version of the sheet still being written.
    writer::save(local.clone());
    // Marked as changed at once, so the sync started next sends it even before the
    // writer has committed (it then sends the writer's version).
    let ops = vec![
        put(SYNCED, None, &synced)?,
        put(DIRTY, Some(id.to_owned()), &local.updated_at)?,
        note(user, &synced, &local)?,
    ];
    store.apply(ops).await
}

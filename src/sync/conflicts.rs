//! Values in conflict, from the person's side: which records hold some for them to
//! choose between, and keeping one. The rules are the domain's (`sync::conflict`); this
//! keeps their results on the device.

use leptos::task::spawn_local;
use vero_domain::sync::conflict::{keep, open_conflicts, Conflict};
use vero_domain::sync::cycle::conflict_note;

use super::codec::BrowserJson;
use super::SyncState;
use crate::platform::now_ms;
use crate::store::conflicts::note_op;
use crate::store::{Op, StoreError, SYNCED};

impl SyncState {
    /// The conflicts `user` may resolve in this device's copy of a record.
    pub async fn conflicts_of(self, id: &str, user: &str) -> Vec<Conflict> {
        let Some(store) = self.store() else {
            return Vec::new();
        };
        match store.synced(&[id.to_owned()]).await {
            Ok(mut found) => open_conflicts::<BrowserJson>(&found.remove(0), user),
            Err(_) => Vec::new(),
        }
    }

    /// "Paturēt šo": the field keeps `value` (JSON text) on screen and on the device,
    /// and the sync started here sends it so that it replaces every other value. `done`
    /// runs once it is kept (or could not be: the conflict had changed meanwhile).
    pub fn keep_value(
        self,
        user: String,
        id: String,
        path: String,
        value: String,
        done: impl FnOnce() + 'static,
    ) {
        spawn_local(async move {
            if let Err(e) = self
                .between_syncs(self.choose(&user, &id, &path, &value))
                .await
            {
                leptos::logging::warn!("could not keep a value of {path} in {id}: {e}");
            }
            self.refresh_lists().await;
            done();
            self.sync_now();
        });
    }

    async fn choose(self, user: &str, id: &str, path: &str, value: &str) -> Result<(), StoreError> {
        let store = self
            .store()
            .ok_or_else(|| StoreError("signed out".into()))?;
        let ids = [id.to_owned()];
        let mut synced = store.synced(&ids).await?.remove(0);
        let stored = store.observations_by_id(&ids).await?.remove(0);
        // No await from here to the writes: the version read is the newest there is.
        let Some(mut local) = self.live.newest(id).or(stored) else {
            return Ok(());
        };
        keep::<BrowserJson>(&mut synced, &mut local, path, value).map_err(|e| StoreError(e.0))?;
        local.updated_at = now_ms();
        self.live.adopt(&local);
        // Through the writer, after any older version of the sheet still being written.
        self.live.save(local.clone());
        // Marked as changed at once, so the sync started next sends it even before the
        // writer has committed (it then sends the writer's version).
        let note = conflict_note::<BrowserJson>(user, &synced, &local);
        let ops = vec![
            Op::put(SYNCED, None, &synced)?,
            Op::Mark {
                id: id.to_owned(),
                at: local.updated_at,
            },
            note_op(id, note.as_ref())?,
        ];
        store.apply(ops).await
    }
}

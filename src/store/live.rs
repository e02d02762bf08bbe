//! The sheets this tab works on: the version on screen of each open sheet, and the
//! versions on their way to the account's database. Whatever reads a sheet to change
//! it (sync merging what others wrote, a kept conflict value) starts from the newest of
//! these, and what it makes of the sheet is shown where it is open at once.

use leptos::prelude::*;
use vero_domain::Observation;

use super::account::AccountStore;
use super::writer::{SaveStatus, Writer};

#[derive(Clone, Copy)]
pub struct LiveSheets {
    account: AccountStore,
    writer: Writer,
    /// The sheets open on screen, by id.
    open: StoredValue<Vec<(String, RwSignal<Observation>)>, LocalStorage>,
}

impl LiveSheets {
    pub fn provide(account: AccountStore) -> LiveSheets {
        let live = LiveSheets {
            account,
            writer: Writer::new(),
            open: StoredValue::new_local(Vec::new()),
        };
        provide_context(live);
        provide_context(live.writer.status);
        live
    }

    pub fn status(&self) -> SaveStatus {
        self.writer.status
    }

    /// A screen shows this sheet (and edits it through `save`).
    pub fn opened(&self, id: &str, sheet: RwSignal<Observation>) {
        self.closed(id);
        let _ = self
            .open
            .try_update_value(|o| o.push((id.to_owned(), sheet)));
    }

    pub fn closed(&self, id: &str) {
        let _ = self
            .open
            .try_update_value(|o| o.retain(|(open, _)| open != id));
    }

    fn on_screen(&self, id: &str) -> Option<RwSignal<Observation>> {
        self.open
            .try_with_value(|o| o.iter().find(|(open, _)| open == id).map(|(_, s)| *s))
            .flatten()
    }

    /// The newest version of a sheet in this tab: on screen, or on its way to storage.
    pub fn newest(&self, id: &str) -> Option<Observation> {
        self.on_screen(id)
            .and_then(|sheet| sheet.try_get_untracked())
            .or_else(|| self.writer.unsaved_version(id))
    }

    /// The newest version still on its way to storage (not the screen's copy).
    pub fn unsaved(&self, id: &str) -> Option<Observation> {
        self.writer.unsaved_version(id)
    }

    /// Takes a version made from `newest` with no await between: shows it if the sheet
    /// is open and replaces any older version still queued.
    pub fn adopt(&self, merged: &Observation) {
        if let Some(sheet) = self.on_screen(&merged.id) {
            if sheet.try_with_untracked(|o| o != merged) == Some(true) {
                let _ = sheet.try_set(merged.clone());
            }
        }
        self.writer.replace_queued(merged);
    }

    /// The signed-in account's database.
    pub fn store(&self) -> Option<super::Store> {
        self.account.get()
    }

    /// Saves this version to the signed-in account's database.
    pub fn save(&self, sheet: Observation) {
        if let Some(store) = self.account.get() {
            self.writer.save(&store, sheet);
        }
    }

    /// `save` of the version on screen, begun before it is copied.
    pub fn save_from(&self, sheet: &Observation) {
        if let Some(store) = self.account.get() {
            self.writer.save_from(&store, sheet);
        }
    }

    /// The sheets with a version not yet committed.
    pub fn unsaved_ids(&self) -> Vec<String> {
        self.writer.unsaved_ids()
    }

    /// Whether every change made on this page has reached the device's storage.
    pub fn all_saved(&self) -> bool {
        self.writer.is_idle()
    }
}

pub fn use_live_sheets() -> LiveSheets {
    expect_context::<LiveSheets>()
}

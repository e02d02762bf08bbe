//! One open sheet on screen: its current version, and whether this tab may edit it.

use leptos::prelude::*;
use std::cell::RefCell;
use vero_domain::sync::conflict::Conflict;
use vero_domain::Observation;

use super::writer;
use crate::platform::now_ms;

#[derive(Clone, Copy)]
pub struct SheetDoc {
    pub obs: RwSignal<Observation>,
    /// Another tab edits this sheet; this one only shows it.
    pub read_only: RwSignal<bool>,
    /// Moves on every text edit. Typing changes no other input on screen, so text edits
    /// don't notify `obs` (that would re-run everything on each keystroke); the few views
    /// built from texts (the title, what is missing) follow this instead.
    pub text_rev: RwSignal<u64>,
    /// Made by this account; someone else's sheet shared with it is only read here.
    pub mine: bool,
    /// This tab may write the observed teacher's part (reflection, "iepazinos").
    pub may_respond: RwSignal<bool>,
    /// Fields of this sheet with values from two devices for this person to choose
    /// between (see `conflicts`).
    pub conflicts: RwSignal<Vec<Conflict>>,
}

impl SheetDoc {
    pub fn new(obs: Observation, mine: bool) -> SheetDoc {
        SheetDoc {
            obs: RwSignal::new(obs),
            read_only: RwSignal::new(true),
            text_rev: RwSignal::new(0),
            mine,
            may_respond: RwSignal::new(false),
            conflicts: RwSignal::new(Vec::new()),
        }
    }

    /// Changes the sheet and sends the new version to the device's store at once.
    pub fn edit(&self, change: impl FnOnce(&mut Observation)) {
        self.commit(change, true);
    }

    /// Changes a text the person is typing: saved at once like any edit, but only the
    /// views that follow `text_rev` re-render.
    pub fn edit_text(&self, change: impl FnOnce(&mut Observation)) {
        self.commit(change, false);
    }

    fn commit(&self, change: impl FnOnce(&mut Observation), notify_all: bool) {
        if self.read_only.get_untracked() {
            return;
        }
        let apply = |o: &mut Observation| {
            change(o);
            o.updated_at = now_ms();
        };
        self.obs.update_untracked(apply);
        // The write is issued before anything re-renders.
        self.obs.with_untracked(writer::save_from);
        if notify_all {
            self.obs.notify();
        } else {
            self.text_rev.update(|n| *n += 1);
        }
    }

    /// The observed teacher's own part of someone else's sheet: saved and sent like any
    /// edit (the server accepts only that teacher's reflection and acknowledgement).
    pub fn respond(&self, change: impl FnOnce(&mut Observation)) {
        if !self.may_respond.get_untracked() {
            return;
        }
        self.obs.update(|o| {
            change(o);
            o.updated_at = now_ms();
        });
        writer::save(self.obs.get_untracked());
    }

    /// A memo of one text field, so an input re-renders only when its own text changes.
    pub fn text(
        &self,
        field: impl Fn(&Observation) -> &str + Send + Sync + 'static,
    ) -> Memo<String> {
        let obs = self.obs;
        Memo::new(move |_| obs.with(|o| field(o).to_owned()))
    }
}

thread_local! {
    /// Sheets on screen in this tab (by id), so sync can show what it merged into them.
    static OPEN: RefCell<Vec<(String, SheetDoc)>> = const { RefCell::new(Vec::new()) };
}

pub fn register(id: &str, doc: SheetDoc) {
    unregister(id);
    OPEN.with(|o| o.borrow_mut().push((id.to_owned(), doc)));
}

pub fn unregister(id: &str) {
    OPEN.with(|o| o.borrow_mut().retain(|(open, _)| open != id));
}

fn on_screen(id: &str) -> Option<SheetDoc> {
    OPEN.with(|o| {
        o.borrow()
            .iter()
            .find(|(open, _)| open == id)
            .map(|(_, doc)| *doc)
    })
}

/// The newest version of a sheet in this tab: on screen, or on its way to the store.
pub fn newest_version(id: &str) -> Option<Observation> {
    on_screen(id)
        .and_then(|doc| doc.obs.try_get_untracked())
        .or_else(|| writer::unsaved_version(id))
}

/// Takes a version merged by sync (made from `newest_version` with no await between):
/// shows it if the sheet is open and replaces any older version still queued.
pub fn adopt(merged: &Observation) {
    if let Some(doc) = on_screen(&merged.id) {
        if doc.obs.try_with_untracked(|o| o != merged) == Some(true) {
            let _ = doc.obs.try_set(merged.clone());
            let _ = doc.text_rev.try_update(|n| *n += 1);
        }
    }
    writer::replace_queued(merged);
}

//! One open sheet on screen: its current version, and whether this tab may edit it.
//!
//! Every view reads the sheet through `obs`, usually through a memo of the part it
//! shows, so each edit reaches every view that reads the changed field and no other
//! re-renders.

use leptos::prelude::*;
use vero_domain::sync::conflict::Conflict;
use vero_domain::workflow::Workflow;
use vero_domain::Observation;

use crate::platform::{new_id, now_ms};
use crate::store::live::LiveSheets;
use crate::sync::codec::BrowserJson;

#[derive(Clone, Copy)]
pub struct SheetDoc {
    pub obs: RwSignal<Observation>,
    /// Where the sheet stands in the feedback workflow: folded once per change, for
    /// every view that shows it.
    pub workflow: Memo<Workflow>,
    /// Another tab edits this sheet; this one only shows it.
    pub read_only: RwSignal<bool>,
    /// Made by this account; someone else's sheet shared with it is only read here.
    pub mine: bool,
    /// This tab may write the observed teacher's part (reflection, "iepazinos").
    pub may_respond: RwSignal<bool>,
    /// This tab may write the signed-in person's comment (a mentor, consultant or
    /// management reading someone else's sheet).
    pub may_comment: RwSignal<bool>,
    /// Fields of this sheet with values from two devices for this person to choose
    /// between (see `conflicts`).
    pub conflicts: RwSignal<Vec<Conflict>>,
    /// The template version the sheet was begun on: it is shown with that one for good.
    pub template: &'static vero_domain::Template,
    live: LiveSheets,
}

impl SheetDoc {
    pub fn new(obs: Observation, mine: bool, live: LiveSheets) -> SheetDoc {
        let template = crate::template::sheet_template(&obs);
        let obs = RwSignal::new(obs);
        SheetDoc {
            obs,
            workflow: Memo::new(move |_| obs.with(Observation::workflow)),
            read_only: RwSignal::new(true),
            mine,
            may_respond: RwSignal::new(false),
            may_comment: RwSignal::new(false),
            conflicts: RwSignal::new(Vec::new()),
            template,
            live,
        }
    }

    /// Changes the sheet and sends the new version to the device's store at once.
    pub fn edit(&self, change: impl FnOnce(&mut Observation)) {
        if self.read_only.get_untracked() {
            return;
        }
        self.obs.update_untracked(|o| {
            // Once the teacher has read the sheet, what the author changes of it is
            // kept as an amendment; a sheet without steps (a draft) needs no copy.
            let was = (!o.events.is_empty() || o.acknowledged_at.is_some()).then(|| o.clone());
            change(o);
            let now = now_ms();
            o.updated_at = now;
            if let Some(was) = was {
                o.amend::<BrowserJson>(&was, new_id, now);
            }
        });
        // The write is begun before anything re-renders.
        self.obs.with_untracked(|o| self.live.save_from(o));
        self.obs.notify();
    }

    /// The observed teacher's own part of someone else's sheet: saved and sent like any
    /// edit (the server accepts only that teacher's reflection and acknowledgement).
    pub fn respond(&self, change: impl FnOnce(&mut Observation)) {
        self.write_part(self.may_respond, change);
    }

    /// The signed-in person's comment on someone else's sheet.
    pub fn comment(&self, change: impl FnOnce(&mut Observation)) {
        self.write_part(self.may_comment, change);
    }

    /// A change to the part of someone else's sheet this tab may write, if `allowed`.
    fn write_part(&self, allowed: RwSignal<bool>, change: impl FnOnce(&mut Observation)) {
        if !allowed.get_untracked() {
            return;
        }
        self.obs.update(|o| {
            change(o);
            o.updated_at = now_ms();
        });
        self.live.save(self.obs.get_untracked());
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

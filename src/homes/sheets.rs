//! The sheets on this account's device, for the lists of a home screen: read at once
//! and again after every sync (that is how new ones arrive).

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::Observation;

use crate::store::live::use_live_sheets;
use crate::sync::use_sync;

/// `None` until first read.
pub fn device_sheets() -> RwSignal<Option<Vec<Observation>>> {
    let sync = use_sync();
    let live = use_live_sheets();
    let sheets = RwSignal::new(None::<Vec<Observation>>);
    Effect::new(move |_| {
        sync.last_ok.track();
        spawn_local(async move {
            let Some(store) = live.store() else {
                return;
            };
            if let Ok(list) = store.observations().await {
                let _ = sheets.try_set(Some(list));
            }
        });
    });
    sheets
}

//! The sheets on this account's device, for the lists of the screens: read once for
//! every list on screen (the app bar's count and a home read the same copy), again
//! after every sync (that is how new ones arrive), and let go when no list shows them —
//! so a screen never reads them on an edit's path, and the next account to sign in on
//! the tablet never sees this one's.

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::Observation;

use crate::store::live::{use_live_sheets, LiveSheets};
use crate::sync::use_sync;

#[derive(Clone, Copy)]
struct DeviceSheets {
    /// `None` until read.
    sheets: RwSignal<Option<Vec<Observation>>>,
    /// The lists on screen that show them.
    readers: RwSignal<usize>,
    live: LiveSheets,
}

impl DeviceSheets {
    fn load(self) {
        spawn_local(async move {
            let Some(store) = self.live.store() else {
                return;
            };
            if let Ok(list) = store.observations().await {
                if self.readers.try_get_untracked().unwrap_or(0) > 0 {
                    let _ = self.sheets.try_set(Some(list));
                }
            }
        });
    }
}

/// At the app's root, once.
pub fn provide_device_sheets() {
    let sync = use_sync();
    let shared = DeviceSheets {
        sheets: RwSignal::new(None),
        readers: RwSignal::new(0),
        live: use_live_sheets(),
    };
    Effect::new(move |_| {
        sync.last_ok.track();
        if shared.readers.get_untracked() > 0 {
            shared.load();
        }
    });
    provide_context(shared);
}

/// The device's sheets for a list on screen while it is there: `None` until read.
pub fn device_sheets() -> RwSignal<Option<Vec<Observation>>> {
    let shared = expect_context::<DeviceSheets>();
    let before = shared.readers.get_untracked();
    shared.readers.set(before + 1);
    if before == 0 {
        shared.load();
    }
    on_cleanup(move || {
        let left = shared
            .readers
            .try_get_untracked()
            .unwrap_or(1)
            .saturating_sub(1);
        let _ = shared.readers.try_set(left);
        if left == 0 {
            let _ = shared.sheets.try_set(None);
        }
    });
    shared.sheets
}

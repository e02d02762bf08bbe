//! Taking a step of the workflow from the screen: as the signed-in person, now, saved
//! on the device at once and sent with the next sync.

use leptos::prelude::*;
use std::cell::Cell;

use vero_domain::workflow::{Act, Party, Refusal};
use vero_domain::Observation;

use crate::i18n::use_i18n;
use crate::platform::{new_id, now_ms};
pub use crate::session::{me, Me};
use crate::sheet::doc::SheetDoc;

/// The signed-in person's part in this sheet's workflow.
pub fn my_party(o: &Observation, me: &Me) -> Party {
    o.parties().party(&me.id)
}

/// Takes `act` on the open sheet; the refusal says why it could not be taken.
pub fn take(doc: SheetDoc, act: Act) -> Result<(), Refusal> {
    let me = me();
    let result = Cell::new(Err(Refusal::NotYours));
    let step = |o: &mut Observation| result.set(o.take(new_id(), &me.id, &me.name, now_ms(), act));
    if doc.mine {
        doc.edit(step);
    } else {
        doc.respond(step);
    }
    if result.get().is_ok() {
        crate::sync::use_sync().sync_now();
    }
    result.get()
}

/// Why the last step tried could not be taken, in the person's language.
#[component]
pub fn RefusalNote(problem: RwSignal<Option<Refusal>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        problem.get().map(|r| {
            view! { <p class="warning" role="alert">{i18n.t(&format!("refusal.{}", r.id()))}</p> }
        })
    }
}

//! The sheet's templates as this app knows them: the built-in version and every version
//! the municipality published that reached this device (with a sync, kept in the
//! account's database). A sheet is always shown with the version it was begun on; a new
//! sheet takes the newest.

mod edit_sections;
mod editor;

pub use editor::TemplatesPage;

use leptos::prelude::*;
use std::cell::RefCell;
use std::sync::OnceLock;
use vero_domain::observation::TemplateRef;
use vero_domain::{templates, Observation, Template};

/// The built-in template, made once.
pub fn default_template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(Template::default_template)
}

thread_local! {
    // Versions are few and never change once published: each is kept for the page's
    // life, so screens can hold on to one as a plain reference.
    static KNOWN: RefCell<Vec<&'static Template>> = RefCell::new(vec![default_template()]);
    static ARRIVED: RwSignal<usize> = RwSignal::new(0);
}

/// Takes in versions read from the device or received in a sync.
pub fn keep(versions: impl IntoIterator<Item = Template>) {
    let mut added = 0;
    KNOWN.with_borrow_mut(|known| {
        for t in versions {
            let reference = TemplateRef {
                id: t.id.clone(),
                version: t.version,
            };
            if templates::find(known.iter().copied(), &reference).is_none() {
                known.push(Box::leak(Box::new(t)));
                added += 1;
            }
        }
        known.sort_by_key(|t| t.version);
    });
    if added > 0 {
        ARRIVED.with(|a| a.update(|n| *n += added));
    }
}

/// Every version this device holds, oldest first; tracked, so a screen follows new ones.
pub fn known_templates() -> Vec<&'static Template> {
    ARRIVED.with(|a| a.track());
    KNOWN.with_borrow(|known| known.clone())
}

/// The version a new sheet is begun on.
pub fn latest_template() -> &'static Template {
    ARRIVED.with(|a| a.track());
    KNOWN.with_borrow(|known| *known.last().expect("the built-in is always there"))
}

/// The template a sheet was made with, if this app knows it.
pub fn template_for(reference: &TemplateRef) -> Option<&'static Template> {
    templates::find(known_templates(), reference)
}

/// The template to show a sheet with: its own version, or (if that has not reached this
/// device yet) the newest one here.
pub fn sheet_template(o: &Observation) -> &'static Template {
    template_for(&o.template).unwrap_or_else(latest_template)
}

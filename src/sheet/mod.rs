//! The observation sheet: start one, fill it on a tablet, find it among the drafts.
//! Everything is kept on the device as it is typed.

mod closing;
pub mod conflict_text;
pub mod conflicts;
mod context_form;
pub mod doc;
mod drafts;
mod fields;
mod header;
mod notes;
mod page;
mod sections;
mod start;
pub mod writer;

pub use drafts::{Drafts, DraftsPage};
pub use page::SheetPage;
pub use start::StartSheet;

use std::sync::OnceLock;
use vero_domain::observation::TemplateRef;
use vero_domain::Template;

/// The built-in template, made once.
pub fn default_template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(Template::default_template)
}

/// The template a sheet was made with, if this app knows it.
pub fn template_for(reference: &TemplateRef) -> Option<&'static Template> {
    let t = default_template();
    (t.id == reference.id && t.version == reference.version).then_some(t)
}

/// Today's date and the time now on this device, as YYYY-MM-DD and HH:MM.
pub fn local_date_time() -> (String, String) {
    let d = js_sys::Date::new_0();
    (
        format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        ),
        format!("{:02}:{:02}", d.get_hours(), d.get_minutes()),
    )
}

/// A Unix ms time as HH:MM:SS on this device's clock. Cheap enough for every keystroke,
/// unlike the browser's locale formatting.
pub fn local_clock_text(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// A Unix ms time as the person's locale writes date and time.
pub fn local_time_text(ms: i64, lang: vero_domain::Lang) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let locale = match lang {
        vero_domain::Lang::Lv => "lv-LV",
        vero_domain::Lang::En => "en-GB",
    };
    d.to_locale_string(locale, &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

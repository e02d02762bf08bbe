//! Dates and times as the person reads them, on this device's clock: the domain's
//! calendar (chrono), with the device's offset from UTC at that moment (so a stamp
//! from before a daylight-saving change reads as the clock then showed it).

use vero_domain::calendar::{self, date_text, time_text};
use vero_domain::Lang;

/// Minutes east of UTC on this device at `ms` (Riga: 120 in winter, 180 in summer).
fn offset_at(ms: f64) -> i32 {
    -(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).get_timezone_offset() as i32)
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// Today's date and the time now on this device, as the sheet keeps them (YYYY-MM-DD
/// and HH:MM).
pub fn local_date_time() -> (String, String) {
    let now = now();
    let at = calendar::local_date_time(now, offset_at(now as f64));
    (date_text(at.date()), time_text(at.time()))
}

/// Today on this device.
pub fn today() -> calendar::NaiveDate {
    let now = now();
    calendar::local_date(now, offset_at(now as f64))
}

/// A Unix ms time as HH:MM:SS on this device's clock. Cheap enough for every keystroke.
pub fn local_clock_text(ms: i64) -> String {
    calendar::clock_text(ms, offset_at(ms as f64))
}

/// A Unix ms time as a date and time in words: "2026. gada 2. decembris, 14:05" /
/// "2 December 2026, 14:05".
pub fn local_time_text(ms: i64, lang: Lang) -> String {
    calendar::date_time_long(ms, offset_at(ms as f64), lang)
}

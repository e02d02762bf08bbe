//! Dates and times as the person reads them, on this device's clock.

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

//! Dates and times as people read them, in Latvian and English.

use chrono::{Datelike, NaiveDate, Timelike};

use super::{local_date_time, time_text};
use crate::Lang;

const MONTHS_LV: [&str; 12] = [
    "janvāris",
    "februāris",
    "marts",
    "aprīlis",
    "maijs",
    "jūnijs",
    "jūlijs",
    "augusts",
    "septembris",
    "oktobris",
    "novembris",
    "decembris",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month's name as a date is written: nominative in Latvian ("decembris").
pub fn month_name(date: NaiveDate, lang: Lang) -> &'static str {
    let months = match lang {
        Lang::Lv => &MONTHS_LV,
        Lang::En => &MONTHS_EN,
    };
    months[date.month0() as usize]
}

/// A date in full: "2026. gada 2. decembris" / "2 December 2026". Written out rather
/// than numeric so a reader in either language cannot mistake day for month.
pub fn date_long(date: NaiveDate, lang: Lang) -> String {
    let month = month_name(date, lang);
    match lang {
        Lang::Lv => format!("{}. gada {}. {month}", date.year(), date.day()),
        Lang::En => format!("{} {month} {}", date.day(), date.year()),
    }
}

/// A date without its year, "2. decembris" / "2 December": for lists of one school
/// year, where the year on every line is noise.
pub fn date_short(date: NaiveDate, lang: Lang) -> String {
    let month = month_name(date, lang);
    match lang {
        Lang::Lv => format!("{}. {month}", date.day()),
        Lang::En => format!("{} {month}", date.day()),
    }
}

/// An "edited at" stamp: "2026. gada 2. decembris, 14:05" / "2 December 2026, 14:05",
/// on the device's clock (see [`local_date_time`] for the offset). Same shape on every
/// browser, unlike the locale formatting the browser offers.
pub fn date_time_long(unix_ms: i64, utc_offset_minutes: i32, lang: Lang) -> String {
    let local = local_date_time(unix_ms, utc_offset_minutes);
    format!(
        "{}, {}",
        date_long(local.date(), lang),
        time_text(local.time())
    )
}

/// "HH:MM:SS" on the device's clock: the save line's "saved at", cheap enough for
/// every keystroke.
pub fn clock_text(unix_ms: i64, utc_offset_minutes: i32) -> String {
    let t = local_date_time(unix_ms, utc_offset_minutes).time();
    format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::test_dates::*;

    #[test]
    fn dates_read_in_latvian_and_english() {
        let date = d("2026-12-02");
        assert_eq!(date_long(date, Lang::Lv), "2026. gada 2. decembris");
        assert_eq!(date_long(date, Lang::En), "2 December 2026");
        assert_eq!(date_short(date, Lang::Lv), "2. decembris");
        assert_eq!(date_short(date, Lang::En), "2 December");
        assert_eq!(
            date_long(d("2027-01-31"), Lang::Lv),
            "2027. gada 31. janvāris"
        );
        let lv: Vec<_> = (1..=12)
            .map(|m| month_name(NaiveDate::from_ymd_opt(2026, m, 1).unwrap(), Lang::Lv))
            .collect();
        assert_eq!(lv, MONTHS_LV);
        assert_eq!(
            month_name(d("2026-05-01"), Lang::Lv),
            "maijs",
            "nominative, not 'maija'"
        );
    }

    #[test]
    fn edited_stamps_show_date_and_time_on_the_devices_clock() {
        // 12:05 UTC on 2 December 2026; Riga is UTC+2 then.
        let ms = d("2026-12-02")
            .and_hms_opt(12, 5, 30)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        assert_eq!(
            date_time_long(ms, 120, Lang::Lv),
            "2026. gada 2. decembris, 14:05"
        );
        assert_eq!(date_time_long(ms, 120, Lang::En), "2 December 2026, 14:05");
        assert_eq!(clock_text(ms, 120), "14:05:30");
        assert_eq!(
            clock_text(ms + 999, 120),
            "14:05:30",
            "seconds are not rounded up"
        );
    }
}

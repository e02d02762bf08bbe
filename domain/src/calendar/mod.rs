//! Dates and times of lessons, due dates, the school year and its semesters, and how
//! dates read in Latvian and English.
//!
//! Everything takes "now" and the device's UTC offset as arguments instead of reading a
//! clock: the same functions run in the browser (where only JavaScript knows the time
//! zone) and on the server (where the observer's time zone is unknown), and the tests
//! can pick any moment. chrono is built without features, so none of its clock, time
//! zone database or strftime formatting reaches the app's download: the few formats
//! Vēro shows are written by hand (`words`).

use chrono::{DateTime, Utc};

/// Re-exported so the app and the server name dates without depending on chrono
/// themselves, and so cannot switch on a feature the download would pay for.
pub use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

mod school_year;
mod words;

pub use school_year::{Half, SchoolYear, Semester};
pub use words::{clock_text, date_long, date_short, date_time_long, month_name};

const MS_PER_MINUTE: i64 = 60_000;

// ---------------------------------------------------------------------------------
// The sheet's stored texts
// ---------------------------------------------------------------------------------

/// A lesson's date as the sheet stores it, `YYYY-MM-DD` (what `<input type="date">`
/// gives), if it is a real calendar date. Strict on purpose: the stored text is what
/// other devices and the server see, so "2026-1-5" or "23.11.2026" must be caught when
/// typed rather than read differently later.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// A lesson's start time as the sheet stores it, `HH:MM` on the 24-hour clock (what
/// `<input type="time">` gives), if it is a real time of day.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let b = text.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return None;
    }
    NaiveTime::from_hms_opt(digits(&b[0..2])?, digits(&b[3..5])?, 0)
}

/// ASCII digits only: `str::parse` would also take a leading `+`.
pub(crate) fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// The date as the sheet stores it, `YYYY-MM-DD`; [`parse_date`] reads it back for the
/// years 0–9999 that a date field can hold.
pub fn date_text(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// The time as the sheet stores it, `HH:MM` (seconds dropped: the sheet keeps minutes).
pub fn time_text(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

// ---------------------------------------------------------------------------------
// Moments on the device's clock
// ---------------------------------------------------------------------------------

/// The wall-clock date and time at `unix_ms` for a device `utc_offset_minutes` east of
/// UTC (Riga: 120 in winter, 180 in summer). JavaScript's `getTimezoneOffset()` counts
/// the other way, so the app passes its negation, and for a stored stamp the offset of
/// that moment (`new Date(ms)`), not today's: an edit made in summer still reads as
/// summer time in winter.
///
/// A moment beyond chrono's range (±262,000 years) can only come from a corrupt record;
/// it is shown as the nearest representable one rather than panic, so the screen still
/// renders.
pub fn local_date_time(unix_ms: i64, utc_offset_minutes: i32) -> NaiveDateTime {
    let shifted = unix_ms.saturating_add(i64::from(utc_offset_minutes) * MS_PER_MINUTE);
    let min = DateTime::<Utc>::MIN_UTC.timestamp_millis();
    let max = DateTime::<Utc>::MAX_UTC.timestamp_millis();
    DateTime::from_timestamp_millis(shifted.clamp(min, max))
        .map_or(NaiveDateTime::MIN, |d| d.naive_utc())
}

/// The device's date at `unix_ms`: "today" for due dates and the school year.
pub fn local_date(unix_ms: i64, utc_offset_minutes: i32) -> NaiveDate {
    local_date_time(unix_ms, utc_offset_minutes).date()
}

/// The Unix ms of a lesson's scheduled start (its `context.date` and `context.time`) on
/// a device `utc_offset_minutes` east of UTC: what a lesson minute can count from when
/// the timer was not started but the timetable's start is known.
pub fn lesson_start_ms(date: NaiveDate, time: NaiveTime, utc_offset_minutes: i32) -> i64 {
    date.and_time(time).and_utc().timestamp_millis() - i64::from(utc_offset_minutes) * MS_PER_MINUTE
}

/// Which minute of the lesson `at_ms` falls in, counted from 0 as live notes store it
/// (`LiveNote::minute`; the sheet shows it plus one, "1′" for the first minute). A moment
/// before the start counts as minute 0: a device clock corrected backwards mid-lesson
/// must not stamp a note before the lesson.
pub fn lesson_minute(started_at_ms: i64, at_ms: i64) -> u32 {
    let minutes = at_ms.saturating_sub(started_at_ms).max(0) / MS_PER_MINUTE;
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------
// Due dates
// ---------------------------------------------------------------------------------

/// How a next step's due date stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DueState {
    /// Today is after the due date.
    Overdue,
    /// Due today or within the days asked for: time to remind.
    Soon,
    Later,
}

/// Days from `today` to `due`: 0 on the day, negative once it has passed.
pub fn days_until(due: NaiveDate, today: NaiveDate) -> i64 {
    due.signed_duration_since(today).num_days()
}

/// A due date is a whole calendar day, so a step due today is not overdue until
/// tomorrow, whatever the hour.
pub fn is_overdue(due: NaiveDate, today: NaiveDate) -> bool {
    today > due
}

/// Due today or within `within_days` days after today, and not yet overdue.
pub fn is_due_soon(due: NaiveDate, today: NaiveDate, within_days: u32) -> bool {
    (0..=i64::from(within_days)).contains(&days_until(due, today))
}

pub fn due_state(due: NaiveDate, today: NaiveDate, soon_within_days: u32) -> DueState {
    if is_overdue(due, today) {
        DueState::Overdue
    } else if is_due_soon(due, today, soon_within_days) {
        DueState::Soon
    } else {
        DueState::Later
    }
}

#[cfg(test)]
pub(crate) mod test_dates {
    use super::{parse_date, NaiveDate};
    use chrono::{Datelike, Days};
    use proptest::prelude::*;

    pub fn next_day(date: NaiveDate) -> NaiveDate {
        date.checked_add_days(Days::new(1)).unwrap_or(date)
    }

    pub fn d(text: &str) -> NaiveDate {
        parse_date(text).unwrap_or_else(|| panic!("{text}"))
    }

    /// Dates a date field can hold: years 0000–9999.
    pub fn any_date() -> impl Strategy<Value = NaiveDate> {
        let first = NaiveDate::from_ymd_opt(0, 1, 1).unwrap().num_days_from_ce();
        let last = NaiveDate::from_ymd_opt(9999, 12, 31)
            .unwrap()
            .num_days_from_ce();
        (first..=last).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }
}

#[cfg(test)]
mod tests {
    use super::test_dates::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_parse_only_when_real_and_written_as_stored() {
        assert_eq!(
            parse_date("2026-11-23"),
            NaiveDate::from_ymd_opt(2026, 11, 23)
        );
        for good in ["2024-02-29", "2000-02-29", "2026-12-31", "0000-01-01"] {
            assert!(parse_date(good).is_some(), "{good}");
        }
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-11-00",
            "2026-11-31",
            "23.11.2026",
            "2026-1-5",
            "+026-11-23",
            "2026-+1-05",
            "2026/11/23",
            " 2026-11-23",
            "2026-11-23T10:00",
            "２０２６-11-23",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_parse_on_the_24_hour_clock() {
        assert_eq!(parse_time("08:30"), NaiveTime::from_hms_opt(8, 30, 0));
        assert_eq!(parse_time("00:00"), NaiveTime::from_hms_opt(0, 0, 0));
        assert_eq!(parse_time("23:59"), NaiveTime::from_hms_opt(23, 59, 0));
        for bad in [
            "24:00", "12:60", "8:30", "08.30", "08:30:00", "+8:30", "", "ab:cd",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(
            time_text(NaiveTime::from_hms_opt(8, 5, 59).unwrap()),
            "08:05"
        );
    }

    #[test]
    fn the_lesson_minute_counts_whole_minutes_from_zero() {
        let start = 1_000_000;
        assert_eq!(lesson_minute(start, start), 0);
        assert_eq!(lesson_minute(start, start + 59_999), 0);
        assert_eq!(lesson_minute(start, start + 60_000), 1);
        assert_eq!(lesson_minute(start, start + 44 * 60_000 + 1), 44);
        assert_eq!(
            lesson_minute(start, start - 5 * 60_000),
            0,
            "clock went back"
        );
        assert_eq!(lesson_minute(i64::MIN, i64::MAX), u32::MAX);
    }

    #[test]
    fn a_scheduled_start_is_read_on_the_devices_clock() {
        // 2 December 2026, 08:30 in Riga (UTC+2) is 06:30 UTC.
        let start = lesson_start_ms(d("2026-12-02"), parse_time("08:30").unwrap(), 120);
        assert_eq!(start, 1_796_193_000_000);
        assert_eq!(clock_text(start, 120), "08:30:00");
        assert_eq!(clock_text(start, 0), "06:30:00");
        assert_eq!(lesson_minute(start, start + 10 * 60_000 + 5_000), 10);
    }

    #[test]
    fn local_dates_follow_the_offset_across_midnight() {
        // 22:30 UTC on 31 December 2026.
        let ms = d("2026-12-31")
            .and_hms_opt(22, 30, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        assert_eq!(local_date(ms, 0), d("2026-12-31"));
        assert_eq!(local_date(ms, 120), d("2027-01-01"));
        assert_eq!(local_date(ms, -600), d("2026-12-31"));
        assert_eq!(clock_text(ms, 120), "00:30:00");
        assert_eq!(clock_text(ms, -90), "21:00:00");
        // Corrupt stamps still render.
        assert_eq!(local_date_time(i64::MAX, 0).date(), NaiveDate::MAX);
        assert_eq!(local_date(i64::MIN, -1440), NaiveDate::MIN);
    }

    #[test]
    fn due_dates_are_whole_days() {
        let due = d("2026-12-15");
        assert!(
            !is_overdue(due, d("2026-12-15")),
            "due today is not overdue"
        );
        assert!(is_overdue(due, d("2026-12-16")));
        assert_eq!(days_until(due, d("2026-12-10")), 5);
        assert_eq!(days_until(due, d("2027-01-15")), -31);
        assert!(is_due_soon(due, d("2026-12-15"), 0));
        assert!(is_due_soon(due, d("2026-12-08"), 7));
        assert!(!is_due_soon(due, d("2026-12-07"), 7));
        assert!(!is_due_soon(due, d("2026-12-16"), 7), "overdue is not soon");
        assert_eq!(due_state(due, d("2026-12-16"), 7), DueState::Overdue);
        assert_eq!(due_state(due, d("2026-12-09"), 7), DueState::Soon);
        assert_eq!(due_state(due, d("2026-11-30"), 7), DueState::Later);
    }

    proptest! {
        #[test]
        fn stored_dates_and_times_read_back(date in any_date(), h in 0u32..24, m in 0u32..60) {
            prop_assert_eq!(parse_date(&date_text(date)), Some(date));
            let time = NaiveTime::from_hms_opt(h, m, 0).unwrap();
            prop_assert_eq!(parse_time(&time_text(time)), Some(time));
        }

        #[test]
        fn a_scheduled_start_reads_back_on_the_same_clock(
            date in any_date(), h in 0u32..24, m in 0u32..60, offset in -840i32..=840,
        ) {
            let time = NaiveTime::from_hms_opt(h, m, 0).unwrap();
            let ms = lesson_start_ms(date, time, offset);
            prop_assert_eq!(local_date_time(ms, offset), date.and_time(time));
        }

        #[test]
        fn the_lesson_minute_never_goes_back(start in any::<i64>(), a in any::<i64>(), b in any::<i64>()) {
            let (early, late) = (a.min(b), a.max(b));
            prop_assert!(lesson_minute(start, early) <= lesson_minute(start, late));
        }

        #[test]
        fn due_states_agree_with_the_days_left(due in any_date(), today in any_date(), soon in 0u32..60) {
            let left = days_until(due, today);
            let expected = if left < 0 {
                DueState::Overdue
            } else if left <= i64::from(soon) {
                DueState::Soon
            } else {
                DueState::Later
            };
            prop_assert_eq!(due_state(due, today, soon), expected);
            prop_assert_eq!(is_overdue(due, today), left < 0);
        }
    }
}

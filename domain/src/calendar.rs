//! Dates and times of lessons, due dates, the school year and its semesters, and how
//! dates read in Latvian and English.
//!
//! Everything takes "now" and the device's UTC offset as arguments instead of reading a
//! clock: the same functions run in the browser (where only JavaScript knows the time
//! zone) and on the server (where the observer's time zone is unknown), and the tests
//! can pick any moment. chrono is built without features, so none of its clock, time
//! zone database or strftime formatting reaches the app's download: the few formats
//! Vēro shows are written by hand below.

use chrono::{DateTime, Utc};
use std::fmt;

use crate::Lang;

/// Re-exported so the app and the server name dates without depending on chrono
/// themselves, and so cannot switch on a feature the download would pay for.
pub use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

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
fn digits(bytes: &[u8]) -> Option<u32> {
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

// ---------------------------------------------------------------------------------
// The school year and its semesters
// ---------------------------------------------------------------------------------

/// A Latvian school year, 1 September to 31 August: what observation plans, priorities
/// and the twice-a-year analysis (4.1.6, 4.2.5) are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolYear {
    start_year: i32,
}

impl SchoolYear {
    /// The school year that begins in September of `year`: 2026 → "2026/2027".
    pub fn starting_in(year: i32) -> SchoolYear {
        SchoolYear { start_year: year }
    }

    /// The school year a date belongs to: January to August belong to the one that
    /// began the September before.
    pub fn of(date: NaiveDate) -> SchoolYear {
        let year = date.year();
        SchoolYear::starting_in(if date.month() >= 9 { year } else { year - 1 })
    }

    pub fn start_year(self) -> i32 {
        self.start_year
    }

    /// 1 September. (At the edge of chrono's ±262,000-year range the days clamp to the
    /// nearest representable date rather than panic.)
    pub fn first_day(self) -> NaiveDate {
        ymd_clamped(self.start_year, 9, 1)
    }

    /// 31 August of the next calendar year.
    pub fn last_day(self) -> NaiveDate {
        ymd_clamped(self.start_year.saturating_add(1), 8, 31)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        (self.first_day()..=self.last_day()).contains(&date)
    }

    pub fn previous(self) -> SchoolYear {
        SchoolYear::starting_in(self.start_year.saturating_sub(1))
    }

    pub fn next(self) -> SchoolYear {
        SchoolYear::starting_in(self.start_year.saturating_add(1))
    }

    pub fn semester(self, half: Half) -> Semester {
        Semester { year: self, half }
    }

    /// The name schools use, "2026/2027", the same in both languages.
    pub fn name(self) -> String {
        self.to_string()
    }

    /// Reads a name written by [`SchoolYear::name`], for the years a date field can hold
    /// (0000/0001 to 9998/9999). The second year must follow the first, so "2026/2028"
    /// is refused rather than read as one of the two.
    pub fn parse(name: &str) -> Option<SchoolYear> {
        let (first, second) = name.split_once('/')?;
        let (first, second) = (year_digits(first)?, year_digits(second)?);
        (second == first + 1).then(|| SchoolYear::starting_in(first))
    }
}

fn year_digits(text: &str) -> Option<i32> {
    if text.len() != 4 {
        return None;
    }
    digits(text.as_bytes()).map(|y| y as i32)
}

impl fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}/{:04}",
            self.start_year,
            self.start_year.saturating_add(1)
        )
    }
}

fn ymd_clamped(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// Which half of the school year: Latvian schools split it at the new year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Half {
    /// 1 September – 31 December.
    First,
    /// 1 January – 31 August.
    Second,
}

/// One semester of one school year: the period "change since the previous semester"
/// is measured over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Semester {
    pub year: SchoolYear,
    pub half: Half,
}

impl Semester {
    pub fn of(date: NaiveDate) -> Semester {
        let half = if date.month() >= 9 {
            Half::First
        } else {
            Half::Second
        };
        Semester {
            year: SchoolYear::of(date),
            half,
        }
    }

    /// 1 or 2, as schools number them ("1. semestris").
    pub fn number(self) -> u8 {
        match self.half {
            Half::First => 1,
            Half::Second => 2,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        match self.half {
            Half::First => self.year.first_day(),
            Half::Second => ymd_clamped(self.year.start_year.saturating_add(1), 1, 1),
        }
    }

    pub fn last_day(self) -> NaiveDate {
        match self.half {
            Half::First => ymd_clamped(self.year.start_year, 12, 31),
            Half::Second => self.year.last_day(),
        }
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        (self.first_day()..=self.last_day()).contains(&date)
    }

    /// The semester just before: the second half of the same school year goes back to
    /// its first, the first half to the second half of the year before. What the
    /// analysis compares a semester with.
    pub fn previous(self) -> Semester {
        match self.half {
            Half::Second => self.year.semester(Half::First),
            Half::First => self.year.previous().semester(Half::Second),
        }
    }

    pub fn next(self) -> Semester {
        match self.half {
            Half::First => self.year.semester(Half::Second),
            Half::Second => self.year.next().semester(Half::First),
        }
    }
}

// ---------------------------------------------------------------------------------
// Dates as people read them
// ---------------------------------------------------------------------------------

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
    use chrono::Days;
    use proptest::prelude::*;

    fn next_day(date: NaiveDate) -> NaiveDate {
        date.checked_add_days(Days::new(1)).unwrap_or(date)
    }

    fn d(text: &str) -> NaiveDate {
        parse_date(text).unwrap_or_else(|| panic!("{text}"))
    }

    /// Dates a date field can hold: years 0000–9999.
    fn any_date() -> impl Strategy<Value = NaiveDate> {
        let first = NaiveDate::from_ymd_opt(0, 1, 1).unwrap().num_days_from_ce();
        let last = NaiveDate::from_ymd_opt(9999, 12, 31)
            .unwrap()
            .num_days_from_ce();
        (first..=last).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

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

    #[test]
    fn the_school_year_runs_september_to_august() {
        let year = SchoolYear::of(d("2026-12-02"));
        assert_eq!(year.name(), "2026/2027");
        assert_eq!(year.first_day(), d("2026-09-01"));
        assert_eq!(year.last_day(), d("2027-08-31"));
        assert_eq!(SchoolYear::of(d("2027-08-31")), year);
        assert_eq!(SchoolYear::of(d("2026-08-31")).name(), "2025/2026");
        assert_eq!(SchoolYear::of(d("2026-09-01")), year);
        assert_eq!(year.previous().name(), "2025/2026");
        assert_eq!(year.next(), SchoolYear::starting_in(2027));
        assert_eq!(SchoolYear::parse("2026/2027"), Some(year));
        for bad in ["2026/2028", "2026-2027", "2026/", "26/27", "+026/0027", ""] {
            assert_eq!(SchoolYear::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn semesters_split_at_the_new_year() {
        let first = Semester::of(d("2026-12-31"));
        assert_eq!((first.year.start_year(), first.number()), (2026, 1));
        assert_eq!(first.first_day(), d("2026-09-01"));
        assert_eq!(first.last_day(), d("2026-12-31"));
        let second = Semester::of(d("2027-01-01"));
        assert_eq!(
            (second.year.start_year(), second.half),
            (2026, Half::Second)
        );
        assert_eq!(second.first_day(), d("2027-01-01"));
        assert_eq!(second.last_day(), d("2027-08-31"));
        assert_eq!(second.previous(), first);
        assert_eq!(first.previous(), Semester::of(d("2026-05-20")));
        assert_eq!(first.previous().year.name(), "2025/2026");
        assert_eq!(first.next(), second);
        assert_eq!(second.next(), Semester::of(d("2027-09-01")));
    }

    #[test]
    fn the_edges_of_chronos_range_clamp_instead_of_panicking() {
        let last = SchoolYear::of(NaiveDate::MAX);
        assert_eq!(last.last_day(), NaiveDate::MAX);
        assert!(last.contains(NaiveDate::MAX));
        assert!(Semester::of(NaiveDate::MAX).contains(NaiveDate::MAX));
        let first = SchoolYear::of(NaiveDate::MIN);
        assert_eq!(first.first_day(), NaiveDate::MIN);
        assert!(Semester::of(NaiveDate::MIN).contains(NaiveDate::MIN));
        let far = SchoolYear::starting_in(i32::MAX);
        assert_eq!(far.next(), far);
        let _ = (far.first_day(), far.last_day(), far.name());
    }

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

    proptest! {
        #[test]
        fn every_date_is_in_exactly_one_school_year_and_semester(date in any_date()) {
            let year = SchoolYear::of(date);
            prop_assert!(year.contains(date));
            prop_assert!(!year.previous().contains(date));
            prop_assert!(!year.next().contains(date));
            let semester = Semester::of(date);
            prop_assert_eq!(semester.year, year);
            prop_assert!(semester.contains(date));
            prop_assert!(!semester.previous().contains(date));
            prop_assert!(!semester.next().contains(date));
            prop_assert!(year.contains(semester.first_day()));
            prop_assert!(year.contains(semester.last_day()));
            prop_assert_eq!(year.semester(semester.half), semester);
        }

        #[test]
        fn semesters_follow_one_another_without_gaps(date in any_date()) {
            let semester = Semester::of(date);
            let previous = semester.previous();
            prop_assert_eq!(next_day(previous.last_day()), semester.first_day());
            prop_assert_eq!(previous.next(), semester);
            prop_assert!(previous < semester);
            let year = SchoolYear::of(date);
            prop_assert_eq!(next_day(year.previous().last_day()), year.first_day());
            prop_assert_eq!(year.semester(Half::First).first_day(), year.first_day());
            prop_assert_eq!(year.semester(Half::Second).last_day(), year.last_day());
            if (0..=9998).contains(&year.start_year()) {
                prop_assert_eq!(SchoolYear::parse(&year.name()), Some(year));
            }
        }

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

//! The municipality's retention period: observations whose lesson is older than it are
//! removed from the server and from every device. The rules of the dates, here; the
//! removal itself is the server's.

use chrono::{Months, NaiveDate};

use crate::calendar::{local_date, parse_date};

/// The longest period that may be set, in years.
pub const MAX_YEARS: u32 = 50;

/// Latvia's offset in winter, minutes east of UTC: a lesson's day from a moment.
const LATVIA: i32 = 120;

/// The day it is in Latvia at `now_ms` (Unix ms).
pub fn today(now_ms: i64) -> NaiveDate {
    local_date(now_ms, LATVIA)
}

/// A period the municipality may set: 1 to `MAX_YEARS` whole years.
pub fn check_years(years: u32) -> Result<(), String> {
    if (1..=MAX_YEARS).contains(&years) {
        Ok(())
    } else {
        Err(format!(
            "The retention period is 1 to {MAX_YEARS} years, or none."
        ))
    }
}

/// The first lesson day still kept on `today` with a period of `years`: the same day
/// that many years before (28 February for a 29 February).
pub fn cutoff(today: NaiveDate, years: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MIN)
}

/// The day of the lesson a record is of: its `context.date` (YYYY-MM-DD), else the day
/// the sheet was begun (`created_at`, Unix ms); `None` when it has neither.
pub fn lesson_day(date: Option<&str>, created_at_ms: Option<i64>) -> Option<NaiveDate> {
    date.and_then(parse_date)
        .or_else(|| created_at_ms.map(|ms| local_date(ms, LATVIA)))
}

/// Whether a record of the lesson on `day` is past the period ending before `cutoff`.
pub fn expired(day: NaiveDate, cutoff: NaiveDate) -> bool {
    day < cutoff
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    #[test]
    fn the_cutoff_is_the_same_day_years_back() {
        assert_eq!(cutoff(d("2026-12-03"), 5), d("2021-12-03"));
        assert_eq!(cutoff(d("2028-02-29"), 1), d("2027-02-28"));
        assert!(expired(d("2021-12-02"), cutoff(d("2026-12-03"), 5)));
        assert!(!expired(d("2021-12-03"), cutoff(d("2026-12-03"), 5)));
    }

    #[test]
    fn the_lesson_day_is_the_sheets_date_else_the_day_it_was_begun() {
        assert_eq!(
            lesson_day(Some("2020-01-15"), Some(0)),
            Some(d("2020-01-15"))
        );
        // 1 Jan 2021 23:30 UTC is already 2 January in Latvia.
        assert_eq!(
            lesson_day(Some(""), Some(1_609_543_800_000)),
            Some(d("2021-01-02"))
        );
        assert_eq!(lesson_day(None, None), None);
    }

    #[test]
    fn a_period_is_one_to_fifty_years() {
        assert!(check_years(0).is_err());
        assert!(check_years(1).is_ok());
        assert!(check_years(MAX_YEARS).is_ok());
        assert!(check_years(MAX_YEARS + 1).is_err());
    }
}

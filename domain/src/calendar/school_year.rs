//! The Latvian school year (1 September – 31 August) and its two semesters, split at
//! 1 January.

use chrono::{Datelike, NaiveDate};
use std::fmt;

use super::digits;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::test_dates::*;
    use proptest::prelude::*;

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
    }
}

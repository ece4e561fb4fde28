//! The period a report covers: a calendar year, or any range of days.

use chrono::{Datelike, NaiveDate};

/// From `from` to `to`, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why a range is not a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodProblem {
    /// The end lies before the start.
    Reversed,
    /// The year lies outside the calendar the program can count in.
    YearOutOfRange,
}

impl Period {
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodProblem> {
        if to < from { Err(PeriodProblem::Reversed) } else { Ok(Period { from, to }) }
    }

    /// 1 January to 31 December of `year`.
    pub fn year(year: i32) -> Result<Period, PeriodProblem> {
        let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(PeriodProblem::YearOutOfRange)?;
        let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(PeriodProblem::YearOutOfRange)?;
        Ok(Period { from, to })
    }

    /// The last whole calendar year before `today`: what a yearly report is
    /// about unless the user asks for another.
    pub fn last_whole_year(today: NaiveDate) -> Period {
        Period::year(today.year() - 1).unwrap_or(Period { from: today, to: today })
    }

    /// The calendar year the period is, if it is exactly one.
    pub fn whole_year(&self) -> Option<i32> {
        (Period::year(self.from.year()).ok() == Some(*self)).then_some(self.from.year())
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::date;

    #[test]
    fn the_default_is_the_last_whole_year_even_on_new_years_day() {
        assert_eq!(Period::last_whole_year(date("2026-03-17")), Period::year(2025).unwrap());
        assert_eq!(Period::last_whole_year(date("2026-01-01")), Period::year(2025).unwrap());
        assert_eq!(Period::last_whole_year(date("2025-12-31")), Period::year(2024).unwrap());
    }

    #[test]
    fn a_year_is_whole_and_a_range_is_not() {
        assert_eq!(Period::year(2024).unwrap().whole_year(), Some(2024));
        let range = Period::range(date("2024-01-01"), date("2024-12-30")).unwrap();
        assert_eq!(range.whole_year(), None);
        assert!(range.contains(date("2024-01-01")) && range.contains(date("2024-12-30")));
        assert!(!range.contains(date("2024-12-31")));
        assert_eq!(Period::range(date("2024-02-02"), date("2024-02-01")), Err(PeriodProblem::Reversed));
        assert_eq!(Period::year(i32::MAX), Err(PeriodProblem::YearOutOfRange));
    }
}

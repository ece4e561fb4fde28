//! Residential stays (døgnophold): what a stay costs the municipality
//! ([`cost`], domain.md 7.2) and what the citizen pays for food and lodging
//! ([`own_payment`], domain.md 7.3).
//!
//! Pure functions over plain values: no clock, no storage, no text. All money
//! is [`Ore`] (whole øre); no floating point anywhere. The few calendar
//! helpers the rules need are written out below rather than taken from
//! chrono, so the month arithmetic the invoices depend on is visible here.

pub(crate) use crate::domain::money::Ore;

pub mod cost;
pub mod own_payment;

use chrono::{Datelike, NaiveDate};

/// Gregorian leap year: every 4th year, except centuries not divisible by 400.
fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a calendar month (`month` is 1-12).
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => panic!("month out of range: {month}"),
    }
}

/// The first day of the month `date` lies in.
fn first_day_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).expect("day 1 exists in every month")
}

/// The last day of the month `date` lies in.
fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(days_in_month(date.year(), date.month())).expect("the month's last day exists")
}

/// Calendar days from `from` to `to`, both counted; 0 when `to` is before
/// `from`.
fn days_inclusive(from: NaiveDate, to: NaiveDate) -> u32 {
    if to < from {
        return 0;
    }
    // At most about 190 million days between NaiveDate::MIN and MAX.
    u32::try_from((to - from).num_days() + 1).expect("date span fits in u32")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(is_leap_year(2028));
        assert!(is_leap_year(2000));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2100));
        assert!(!is_leap_year(2027));
    }

    #[test]
    fn days_in_month_agrees_with_chrono_for_many_years() {
        for year in 1890..2110 {
            for month in 1..=12 {
                let first = d(year, month, 1);
                let next = if month == 12 { d(year + 1, 1, 1) } else { d(year, month + 1, 1) };
                assert_eq!(i64::from(days_in_month(year, month)), (next - first).num_days(), "{year}-{month}");
            }
        }
        assert_eq!(days_in_month(2028, 2), 29);
        assert_eq!(days_in_month(2027, 2), 28);
    }

    #[test]
    fn month_ends_and_spans() {
        assert_eq!(last_day_of_month(d(2028, 2, 10)), d(2028, 2, 29));
        assert_eq!(last_day_of_month(d(2027, 12, 31)), d(2027, 12, 31));
        assert_eq!(first_day_of_month(d(2027, 12, 31)), d(2027, 12, 1));
        assert_eq!(days_inclusive(d(2028, 2, 28), d(2028, 3, 1)), 3);
        assert_eq!(days_inclusive(d(2028, 3, 1), d(2028, 3, 1)), 1);
        assert_eq!(days_inclusive(d(2028, 3, 2), d(2028, 3, 1)), 0);
        assert_eq!(
            days_inclusive(NaiveDate::MIN, NaiveDate::MAX) as i64 - 1,
            (NaiveDate::MAX - NaiveDate::MIN).num_days()
        );
    }
}

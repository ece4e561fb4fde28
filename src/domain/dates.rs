//! Calendar arithmetic: the one place the product computes dates.
//!
//! Deadlines in this domain are counted in three different units (calendar
//! days for the 14-day guarantee, calendar months for plan follow-ups and
//! after-care calls, working days for the municipality's receipt of an
//! underretning), so every one of them lives here, with the Danish public
//! holidays that working days depend on. Every function is total: out-of-range
//! results saturate at chrono's limits instead of panicking, because a typo in
//! a date field must never bring the terminal down.

use std::fmt;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------
// Calendar days and months
// ---------------------------------------------------------------------------

/// `d` plus `days` (negative goes back). Saturates at `NaiveDate::MIN`/`MAX`.
pub fn add_days(d: NaiveDate, days: i64) -> NaiveDate {
    let moved = if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.unwrap_or(if days >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}

/// `to - from` in days (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

/// `d` plus whole calendar months. A day that the target month lacks becomes
/// that month's last day (31 Jan + 1 = 28/29 Feb, 29 Feb 2024 + 12 =
/// 28 Feb 2025): a deadline must never spill into the following month.
/// Saturates at `NaiveDate::MAX`.
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// `d` minus whole calendar months, kept inside the target month like
/// [`add_months`] (31 Mar - 1 = 28/29 Feb). Saturates at `NaiveDate::MIN`.
/// For looking back over a window ("ended within the last 12 months").
pub fn sub_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)
}

/// Number of days in `d`'s month (28-31); the divisor for monthly prices.
pub fn days_in_month(d: NaiveDate) -> u32 {
    last_of_month(d).day()
}

/// The first day of `d`'s month.
pub fn first_of_month(d: NaiveDate) -> NaiveDate {
    // Day 1 exists in every month, so `with_day(1)` cannot fail.
    d.with_day(1).unwrap_or(d)
}

/// The last day of `d`'s month.
pub fn last_of_month(d: NaiveDate) -> NaiveDate {
    // Try 31, 30, 29, 28: one of them exists in every month. Avoids stepping
    // into the next month, which does not exist for NaiveDate::MAX.
    (28..=31).rev().find_map(|day| d.with_day(day)).unwrap_or(d)
}

/// Whole calendar months from `from` to `to`: the largest `m` with
/// `add_months(from, m) <= to`, so it agrees with [`add_months`] at month
/// ends (31 Jan to 28 Feb is one month). 0 when `to <= from`. Meant for
/// duration buckets in reports (0-3, 3-6, ... months).
pub fn full_months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let diff = i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month());
    let months = u32::try_from(diff).unwrap_or(0);
    if add_months(from, months) > to { months.saturating_sub(1) } else { months }
}

/// Age in whole years on `on` for someone born on `birth`; 0 if `on` is
/// before `birth`. Someone born on 29 Feb turns a year older on 1 Mar in
/// non-leap years (Danish practice), which is what comparing (month, day)
/// gives, and why this is not `full_months_between / 12` (that would say
/// 28 Feb).
pub fn age_in_years(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

// ---------------------------------------------------------------------------
// Easter and the Danish public holidays
// ---------------------------------------------------------------------------

/// Easter Sunday of `year` by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher). Years outside chrono's range saturate at
/// `NaiveDate::MIN`/`MAX`.
pub fn easter_sunday(year: i32) -> NaiveDate {
    easter_opt(year).unwrap_or(if year < 0 { NaiveDate::MIN } else { NaiveDate::MAX })
}

fn easter_opt(year: i32) -> Option<NaiveDate> {
    // Euclidean division keeps the algorithm valid (proleptically) for
    // negative years; i64 rules out overflow for any i32 year.
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The Danish public holidays (helligdage) that close the centre and stop
/// the working-day clock. Sundays are closed anyway and are not listed.
/// Juleaftensdag, nytårsaftensdag and grundlovsdag are not helligdage by law
/// and so are working days here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Holiday {
    NewYearsDay,
    MaundyThursday,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    /// Store bededag: abolished as a holiday from 2024.
    GreatPrayerDay,
    AscensionDay,
    WhitSunday,
    WhitMonday,
    ChristmasDay,
    BoxingDay,
}

impl Holiday {
    /// The Danish name shown in the UI.
    pub fn name_da(self) -> &'static str {
        match self {
            Holiday::NewYearsDay => "Nytårsdag",
            Holiday::MaundyThursday => "Skærtorsdag",
            Holiday::GoodFriday => "Langfredag",
            Holiday::EasterSunday => "Påskedag",
            Holiday::EasterMonday => "2. påskedag",
            Holiday::GreatPrayerDay => "Store bededag",
            Holiday::AscensionDay => "Kristi himmelfartsdag",
            Holiday::WhitSunday => "Pinsedag",
            Holiday::WhitMonday => "2. pinsedag",
            Holiday::ChristmasDay => "Juledag",
            Holiday::BoxingDay => "2. juledag",
        }
    }
}

/// The last year with Store bededag as a public holiday (abolished by the
/// act of 2023, effective from 2024).
const LAST_GREAT_PRAYER_DAY_YEAR: i32 = 2023;

/// The public holidays of `year`, sorted by date. Empty for a year outside
/// chrono's range.
pub fn danish_public_holidays(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let mut out = Vec::with_capacity(11);
    let fixed = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    if let Some(d) = fixed(1, 1) {
        out.push((d, Holiday::NewYearsDay));
    }
    if let Some(easter) = easter_opt(year) {
        let mut movable: Vec<(i64, Holiday)> = vec![
            (-3, Holiday::MaundyThursday),
            (-2, Holiday::GoodFriday),
            (0, Holiday::EasterSunday),
            (1, Holiday::EasterMonday),
        ];
        if year <= LAST_GREAT_PRAYER_DAY_YEAR {
            movable.push((26, Holiday::GreatPrayerDay));
        }
        movable.extend([(39, Holiday::AscensionDay), (49, Holiday::WhitSunday), (50, Holiday::WhitMonday)]);
        for (offset, holiday) in movable {
            // checked, not add_days: a saturated date would be a wrong holiday.
            let shifted = if offset >= 0 {
                easter.checked_add_days(Days::new(offset.unsigned_abs()))
            } else {
                easter.checked_sub_days(Days::new(offset.unsigned_abs()))
            };
            if let Some(d) = shifted {
                out.push((d, holiday));
            }
        }
    }
    if let Some(d) = fixed(12, 25) {
        out.push((d, Holiday::ChristmasDay));
    }
    if let Some(d) = fixed(12, 26) {
        out.push((d, Holiday::BoxingDay));
    }
    // Already in date order (Easter falls 22 Mar - 25 Apr, so Whit Monday is
    // at the latest 14 Jun); sorting anyway keeps the promise cheap and sure.
    out.sort();
    out
}

/// The holiday falling on `d`, if any.
pub fn is_public_holiday(d: NaiveDate) -> Option<Holiday> {
    danish_public_holidays(d.year()).into_iter().find(|(date, _)| *date == d).map(|(_, holiday)| holiday)
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Monday to Friday and not a public holiday.
pub fn is_working_day(d: NaiveDate) -> bool {
    !is_weekend(d) && is_public_holiday(d).is_none()
}

// ---------------------------------------------------------------------------
// Working days
// ---------------------------------------------------------------------------

/// Weekdays (Mon-Fri) from a fixed Monday up to and including `d`, so that
/// the difference of two values counts the weekdays in between without
/// walking day by day.
fn weekday_ordinal(d: NaiveDate) -> i64 {
    let day = i64::from(d.num_days_from_ce());
    let from_monday = i64::from(d.weekday().num_days_from_monday());
    // num_days_from_ce is 1 on Monday 1 Jan 0001, so Mondays are 1 mod 7.
    let weeks = (day - from_monday - 1).div_euclid(7);
    5 * weeks + (from_monday + 1).min(5)
}

/// Working days in `(from, to]`; requires `from <= to`. Walks years, not
/// days, so a span of centuries costs microseconds.
fn working_days_in(from: NaiveDate, to: NaiveDate) -> i64 {
    let weekdays = weekday_ordinal(to) - weekday_ordinal(from);
    let holidays_on_weekdays: usize = (from.year()..=to.year())
        .map(|year| {
            danish_public_holidays(year).into_iter().filter(|(d, _)| *d > from && *d <= to && !is_weekend(*d)).count()
        })
        .sum();
    weekdays - holidays_on_weekdays as i64
}

/// Working days in `(from, to]`: `from` itself is not counted, `to` is.
/// Negative (minus the working days in `(to, from]`) when `to < from`, so
/// `working_days_between(d, add_working_days(d, n)) == n`.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    if to >= from { working_days_in(from, to) } else { -working_days_in(to, from) }
}

/// The `n`-th working day after `d` (`d` itself is not counted); `n = 0`
/// returns `d` even if it is not a working day. Saturates at
/// `NaiveDate::MAX`.
pub fn add_working_days(d: NaiveDate, n: u32) -> NaiveDate {
    let mut current = d;
    let mut left = i64::from(n);
    // Skip whole years while the target lies beyond them, so a large `n`
    // costs one holiday computation per year instead of one per day.
    loop {
        if left == 0 {
            return current;
        }
        let Some(year_end) = NaiveDate::from_ymd_opt(current.year(), 12, 31) else {
            return NaiveDate::MAX;
        };
        let rest_of_year = working_days_in(current, year_end);
        if rest_of_year >= left {
            break;
        }
        left -= rest_of_year;
        let Some(new_year) = year_end.succ_opt() else {
            return NaiveDate::MAX;
        };
        current = new_year;
        if is_working_day(current) {
            left -= 1;
        }
    }
    // The target is in this year: walk to it with the year's holidays at hand.
    let holidays = danish_public_holidays(current.year());
    while left > 0 {
        let Some(next) = current.succ_opt() else {
            return NaiveDate::MAX;
        };
        current = next;
        if !is_weekend(current) && !holidays.iter().any(|(h, _)| *h == current) {
            left -= 1;
        }
    }
    current
}

// ---------------------------------------------------------------------------
// Reading and writing dates and times as Danish users type them
// ---------------------------------------------------------------------------

/// Why typed text is not a date or a time. `Display` gives a Danish message
/// for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateInputError {
    /// Nothing but spaces.
    Empty,
    /// Not one of the accepted date forms (letters, wrong separators, wrong
    /// number of digits, ...).
    Unreadable,
    /// Not one of the accepted time forms.
    UnreadableTime,
    /// Month outside 1-12.
    NoSuchMonth { month: u32 },
    /// The calendar has no such day: 31.04, 29.02 in a non-leap year, day 0.
    NoSuchDate { day: u32, month: u32, year: i32 },
    /// Hour above 23 or minute above 59.
    NoSuchTime { hour: u32, minute: u32 },
}

impl fmt::Display for DateInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateInputError::Empty => f.write_str("Feltet er tomt"),
            DateInputError::Unreadable => f.write_str("Datoen kan ikke læses; skriv den som 22.11.2026"),
            DateInputError::UnreadableTime => f.write_str("Klokkeslættet kan ikke læses; skriv det som 09:05"),
            DateInputError::NoSuchMonth { month } => write!(f, "Måned {month} findes ikke"),
            DateInputError::NoSuchDate { day, month, year } => {
                write!(f, "Datoen {day:02}.{month:02}.{year:04} findes ikke")
            }
            DateInputError::NoSuchTime { hour, minute } => {
                write!(f, "Klokkeslættet {hour:02}:{minute:02} findes ikke")
            }
        }
    }
}

impl std::error::Error for DateInputError {}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Only called on 1-4 ASCII digits, so the parse cannot overflow; the
/// fallback keeps it total anyway.
fn number(s: &str) -> u32 {
    s.parse().unwrap_or(u32::MAX)
}

fn make_date(day: u32, month: u32, year: i32) -> Result<NaiveDate, DateInputError> {
    if !(1..=12).contains(&month) {
        return Err(DateInputError::NoSuchMonth { month });
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateInputError::NoSuchDate { day, month, year })
}

/// A year typed with two digits is 2000 + yy: these are dates of contacts,
/// plans and follow-ups, not birth dates (those come from the CPR number).
fn year_from(s: &str) -> Option<i32> {
    let n = i32::try_from(number(s)).ok()?;
    match s.len() {
        2 => Some(2000 + n),
        4 => Some(n),
        _ => None,
    }
}

/// Reads a date as a counsellor types it: `22.11.2026`, `22-11-2026`,
/// `22/11/2026`, `22.11.26`, `221126`, `22112026`, ISO `2026-11-22`; day
/// and month may have one digit (`1.2.2026`); spaces around the whole and
/// around separators are ignored. A two-digit year is 2000 + yy.
pub fn parse_date_dk(input: &str) -> Result<NaiveDate, DateInputError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(DateInputError::Empty);
    }
    if all_digits(s) {
        // DDMMYY or DDMMYYYY; ASCII digits only, so byte slicing is safe.
        return match s.len() {
            6 | 8 => {
                let year = year_from(&s[4..]).ok_or(DateInputError::Unreadable)?;
                make_date(number(&s[0..2]), number(&s[2..4]), year)
            }
            _ => Err(DateInputError::Unreadable),
        };
    }
    let sep = s.chars().find(|c| matches!(c, '.' | '-' | '/')).ok_or(DateInputError::Unreadable)?;
    let parts: Vec<&str> = s.split(sep).map(str::trim).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(DateInputError::Unreadable);
    };
    if !(all_digits(a) && all_digits(b) && all_digits(c)) {
        return Err(DateInputError::Unreadable);
    }
    let short = |p: &str| p.len() <= 2;
    if sep == '-' && a.len() == 4 && short(b) && short(c) {
        // ISO 8601: year first.
        let year = year_from(a).ok_or(DateInputError::Unreadable)?;
        return make_date(number(c), number(b), year);
    }
    if short(a)
        && short(b)
        && let Some(year) = year_from(c)
    {
        return make_date(number(a), number(b), year);
    }
    Err(DateInputError::Unreadable)
}

/// `22.11.2026`: the Danish written form.
pub fn format_date_dk(d: NaiveDate) -> String {
    date_dk(d).to_string()
}

/// [`format_date_dk`] written straight into a line, without a string of
/// its own (a long listing writes thousands).
pub fn date_dk(d: NaiveDate) -> impl fmt::Display {
    fmt::from_fn(move |f| match dk_digits(d) {
        Some(digits) => f.write_str(std::str::from_utf8(&digits).map_err(|_| fmt::Error)?),
        None => write!(f, "{:02}.{:02}.{:04}", d.day(), d.month(), d.year()),
    })
}

/// [`date_dk`] put at the end of `line` without the formatting machinery,
/// which `due`'s 15,000 lines feel.
pub fn push_date_dk(line: &mut String, d: NaiveDate) {
    match dk_digits(d).as_ref().map(|digits| std::str::from_utf8(digits)) {
        Some(Ok(digits)) => line.push_str(digits),
        _ => {
            use std::fmt::Write as _;
            // Writing into a String cannot fail.
            let _ = write!(line, "{}", date_dk(d));
        }
    }
}

/// `dd.mm.yyyy` as bytes, for a year of four digits (every other year is
/// written by `write!`).
fn dk_digits(d: NaiveDate) -> Option<[u8; 10]> {
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (day, month) = (d.day(), d.month());
    Some([
        digit(day / 10),
        digit(day),
        b'.',
        digit(month / 10),
        digit(month),
        b'.',
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
    ])
}

/// Reads a time of day: `9:05`, `09:05`, `09.05`, `0905`, `905`, and a bare
/// hour `9` or `14` (meaning on the hour). Seconds are not asked for.
pub fn parse_time(input: &str) -> Result<NaiveTime, DateInputError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(DateInputError::Empty);
    }
    let (hour, minute) = if let Some(pos) = s.find([':', '.']) {
        // The separator is ASCII, so pos and pos + 1 are char boundaries.
        let (h, m) = (&s[..pos], &s[pos + 1..]);
        if !(all_digits(h) && h.len() <= 2 && all_digits(m) && m.len() == 2) {
            return Err(DateInputError::UnreadableTime);
        }
        (h, m)
    } else if all_digits(s) {
        match s.len() {
            1 | 2 => (s, "00"),
            3 => (&s[..1], &s[1..]),
            4 => (&s[..2], &s[2..]),
            _ => return Err(DateInputError::UnreadableTime),
        }
    } else {
        return Err(DateInputError::UnreadableTime);
    };
    let (hour, minute) = (number(hour), number(minute));
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or(DateInputError::NoSuchTime { hour, minute })
}

/// `09:05`.
pub fn format_time(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

// ---------------------------------------------------------------------------
// The centre's local time
// ---------------------------------------------------------------------------

/// The centre's time zone. The store and the export keep every moment in
/// UTC (`2026-03-17T09:05:00Z`); the screen shows it as the centre's clock
/// on the wall shows it, whatever zone the shared server runs in (often
/// UTC). Only this zone is compiled into the binary (`.cargo/config.toml`).
pub const CENTRE_ZONE: Tz = chrono_tz::Europe::Copenhagen;

/// A stored UTC moment (`2026-03-17T09:05:00Z`, or any RFC 3339 time) as
/// the centre's local date and time: 10:05 in winter (CET), 11:05 in
/// summer (CEST). `None` for text that is no such moment.
pub fn local_of_stamp(at: &str) -> Option<NaiveDateTime> {
    let moment = DateTime::parse_from_rfc3339(at.trim()).ok()?;
    Some(local_of(moment.with_timezone(&Utc)))
}

/// A moment as the centre's local date and time.
pub fn local_of(moment: DateTime<Utc>) -> NaiveDateTime {
    CENTRE_ZONE.from_utc_datetime(&moment.naive_utc()).naive_local()
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    // --- add_days, days_between -------------------------------------------

    #[test]
    fn add_days_moves_both_ways_and_saturates() {
        assert_eq!(add_days(ymd(2026, 12, 30), 3), ymd(2027, 1, 2));
        assert_eq!(add_days(ymd(2026, 3, 1), -1), ymd(2026, 2, 28));
        assert_eq!(add_days(ymd(2026, 3, 1), 0), ymd(2026, 3, 1));
        assert_eq!(add_days(ymd(2026, 1, 1), i64::MAX), NaiveDate::MAX);
        assert_eq!(add_days(ymd(2026, 1, 1), i64::MIN), NaiveDate::MIN);
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_days(NaiveDate::MIN, -1), NaiveDate::MIN);
    }

    #[test]
    fn days_between_is_signed() {
        assert_eq!(days_between(ymd(2026, 1, 1), ymd(2026, 1, 15)), 14);
        assert_eq!(days_between(ymd(2026, 1, 15), ymd(2026, 1, 1)), -14);
        assert_eq!(days_between(ymd(2024, 2, 28), ymd(2024, 3, 1)), 2);
        assert_eq!(days_between(ymd(2025, 2, 28), ymd(2025, 3, 1)), 1);
        assert!(days_between(NaiveDate::MIN, NaiveDate::MAX) > 0);
    }

    // --- add_months ---------------------------------------------------------

    /// Every month end of a leap year (2028) and a non-leap year (2027) plus
    /// one month, and some longer jumps across February.
    #[test]
    fn add_months_at_every_month_end() {
        let cases = [
            // (from, months, expected)
            (ymd(2028, 1, 31), 1, ymd(2028, 2, 29)),
            (ymd(2027, 1, 31), 1, ymd(2027, 2, 28)),
            (ymd(2028, 2, 29), 1, ymd(2028, 3, 29)),
            (ymd(2027, 2, 28), 1, ymd(2027, 3, 28)),
            (ymd(2028, 3, 31), 1, ymd(2028, 4, 30)),
            (ymd(2027, 3, 31), 1, ymd(2027, 4, 30)),
            (ymd(2028, 4, 30), 1, ymd(2028, 5, 30)),
            (ymd(2027, 4, 30), 1, ymd(2027, 5, 30)),
            (ymd(2028, 5, 31), 1, ymd(2028, 6, 30)),
            (ymd(2027, 5, 31), 1, ymd(2027, 6, 30)),
            (ymd(2028, 6, 30), 1, ymd(2028, 7, 30)),
            (ymd(2027, 6, 30), 1, ymd(2027, 7, 30)),
            (ymd(2028, 7, 31), 1, ymd(2028, 8, 31)),
            (ymd(2027, 7, 31), 1, ymd(2027, 8, 31)),
            (ymd(2028, 8, 31), 1, ymd(2028, 9, 30)),
            (ymd(2027, 8, 31), 1, ymd(2027, 9, 30)),
            (ymd(2028, 9, 30), 1, ymd(2028, 10, 30)),
            (ymd(2027, 9, 30), 1, ymd(2027, 10, 30)),
            (ymd(2028, 10, 31), 1, ymd(2028, 11, 30)),
            (ymd(2027, 10, 31), 1, ymd(2027, 11, 30)),
            (ymd(2028, 11, 30), 1, ymd(2028, 12, 30)),
            (ymd(2027, 11, 30), 1, ymd(2027, 12, 30)),
            (ymd(2028, 12, 31), 1, ymd(2029, 1, 31)),
            (ymd(2027, 12, 31), 1, ymd(2028, 1, 31)),
            // 30 Nov + 3 and 31 Dec + 2 land on the end of February.
            (ymd(2027, 11, 30), 3, ymd(2028, 2, 29)),
            (ymd(2026, 11, 30), 3, ymd(2027, 2, 28)),
            (ymd(2027, 12, 31), 2, ymd(2028, 2, 29)),
            (ymd(2026, 12, 31), 2, ymd(2027, 2, 28)),
            // 29 Feb + 12 months.
            (ymd(2024, 2, 29), 12, ymd(2025, 2, 28)),
            (ymd(2024, 2, 29), 48, ymd(2028, 2, 29)),
            // A 6-month follow-up from a month end; zero months is the identity.
            (ymd(2026, 8, 31), 6, ymd(2027, 2, 28)),
            (ymd(2026, 1, 15), 0, ymd(2026, 1, 15)),
        ];
        for (from, months, expected) in cases {
            assert_eq!(add_months(from, months), expected, "{from} + {months}");
        }
    }

    #[test]
    fn sub_months_clamps_like_add_months_and_saturates() {
        assert_eq!(sub_months(ymd(2028, 3, 31), 1), ymd(2028, 2, 29));
        assert_eq!(sub_months(ymd(2027, 3, 31), 1), ymd(2027, 2, 28));
        assert_eq!(sub_months(ymd(2029, 2, 28), 12), ymd(2028, 2, 28));
        assert_eq!(sub_months(ymd(2027, 1, 15), 12), ymd(2026, 1, 15));
        assert_eq!(sub_months(ymd(2026, 1, 1), u32::MAX), NaiveDate::MIN);
    }

    #[test]
    fn add_months_saturates() {
        assert_eq!(add_months(ymd(2026, 1, 1), u32::MAX), NaiveDate::MAX);
        assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    #[test]
    fn month_helpers() {
        assert_eq!(days_in_month(ymd(2028, 2, 10)), 29);
        assert_eq!(days_in_month(ymd(2027, 2, 10)), 28);
        assert_eq!(days_in_month(ymd(2027, 4, 10)), 30);
        assert_eq!(days_in_month(ymd(2027, 12, 10)), 31);
        assert_eq!(first_of_month(ymd(2027, 12, 10)), ymd(2027, 12, 1));
        assert_eq!(last_of_month(ymd(2027, 12, 10)), ymd(2027, 12, 31));
        assert_eq!(last_of_month(NaiveDate::MAX), NaiveDate::MAX);
    }

    #[test]
    fn full_months_between_agrees_with_add_months() {
        assert_eq!(full_months_between(ymd(2026, 1, 31), ymd(2026, 2, 27)), 0);
        assert_eq!(full_months_between(ymd(2026, 1, 31), ymd(2026, 2, 28)), 1);
        assert_eq!(full_months_between(ymd(2026, 1, 15), ymd(2026, 4, 14)), 2);
        assert_eq!(full_months_between(ymd(2026, 1, 15), ymd(2026, 4, 15)), 3);
        assert_eq!(full_months_between(ymd(2026, 1, 15), ymd(2027, 1, 15)), 12);
        assert_eq!(full_months_between(ymd(2026, 5, 1), ymd(2026, 4, 1)), 0);
        assert_eq!(full_months_between(ymd(2026, 5, 1), ymd(2026, 5, 1)), 0);
    }

    #[test]
    fn age_in_years_around_birthdays() {
        let birth = ymd(2000, 6, 15);
        assert_eq!(age_in_years(birth, ymd(2026, 6, 14)), 25);
        assert_eq!(age_in_years(birth, ymd(2026, 6, 15)), 26);
        assert_eq!(age_in_years(birth, ymd(2026, 6, 16)), 26);
        assert_eq!(age_in_years(birth, ymd(1999, 1, 1)), 0);
        let leap = ymd(2004, 2, 29);
        assert_eq!(age_in_years(leap, ymd(2025, 2, 28)), 20);
        assert_eq!(age_in_years(leap, ymd(2025, 3, 1)), 21);
        assert_eq!(age_in_years(leap, ymd(2028, 2, 28)), 23);
        assert_eq!(age_in_years(leap, ymd(2028, 2, 29)), 24);
    }

    // --- Easter and holidays --------------------------------------------------

    #[test]
    fn easter_known_years() {
        let known = [
            ymd(1818, 3, 22), // earliest possible date
            ymd(1943, 4, 25), // latest possible date
            ymd(1981, 4, 19),
            ymd(2000, 4, 23),
            ymd(2008, 3, 23),
            ymd(2011, 4, 24),
            ymd(2019, 4, 21),
            ymd(2023, 4, 9),
            ymd(2024, 3, 31),
            ymd(2025, 4, 20),
            ymd(2026, 4, 5),
            ymd(2027, 3, 28),
            ymd(2038, 4, 25),
            ymd(2285, 3, 22),
        ];
        for date in known {
            assert_eq!(easter_sunday(date.year()), date);
        }
    }

    #[test]
    fn easter_out_of_range_saturates() {
        assert_eq!(easter_sunday(i32::MAX), NaiveDate::MAX);
        assert_eq!(easter_sunday(i32::MIN), NaiveDate::MIN);
    }

    #[test]
    fn holidays_2023_include_great_prayer_day() {
        use Holiday::*;
        let expected = vec![
            (ymd(2023, 1, 1), NewYearsDay),
            (ymd(2023, 4, 6), MaundyThursday),
            (ymd(2023, 4, 7), GoodFriday),
            (ymd(2023, 4, 9), EasterSunday),
            (ymd(2023, 4, 10), EasterMonday),
            (ymd(2023, 5, 5), GreatPrayerDay),
            (ymd(2023, 5, 18), AscensionDay),
            (ymd(2023, 5, 28), WhitSunday),
            (ymd(2023, 5, 29), WhitMonday),
            (ymd(2023, 12, 25), ChristmasDay),
            (ymd(2023, 12, 26), BoxingDay),
        ];
        assert_eq!(danish_public_holidays(2023), expected);
    }

    #[test]
    fn holidays_2024_to_2026_without_great_prayer_day() {
        use Holiday::*;
        let table = [
            (2024, [(3, 28), (3, 29), (3, 31), (4, 1), (5, 9), (5, 19), (5, 20)]),
            (2025, [(4, 17), (4, 18), (4, 20), (4, 21), (5, 29), (6, 8), (6, 9)]),
            (2026, [(4, 2), (4, 3), (4, 5), (4, 6), (5, 14), (5, 24), (5, 25)]),
        ];
        let movable = [MaundyThursday, GoodFriday, EasterSunday, EasterMonday, AscensionDay, WhitSunday, WhitMonday];
        for (year, dates) in table {
            let mut expected = vec![(ymd(year, 1, 1), NewYearsDay)];
            for ((m, d), h) in dates.into_iter().zip(movable) {
                expected.push((ymd(year, m, d), h));
            }
            expected.push((ymd(year, 12, 25), ChristmasDay));
            expected.push((ymd(year, 12, 26), BoxingDay));
            assert_eq!(danish_public_holidays(year), expected, "{year}");
        }
        // Store bededag 2024 would have been 26 Apr: an ordinary Friday now.
        assert_eq!(is_public_holiday(ymd(2024, 4, 26)), None);
        assert!(is_working_day(ymd(2024, 4, 26)));
    }

    #[test]
    fn holidays_out_of_range_year_is_empty() {
        assert!(danish_public_holidays(i32::MAX).is_empty());
        assert!(danish_public_holidays(i32::MIN).is_empty());
    }

    #[test]
    fn holiday_names() {
        assert_eq!(Holiday::GreatPrayerDay.name_da(), "Store bededag");
        assert_eq!(Holiday::EasterMonday.name_da(), "2. påskedag");
        assert_eq!(Holiday::AscensionDay.name_da(), "Kristi himmelfartsdag");
        assert_eq!(Holiday::BoxingDay.name_da(), "2. juledag");
    }

    #[test]
    fn working_day_basics() {
        assert!(is_working_day(ymd(2026, 11, 20))); // Friday
        assert!(!is_working_day(ymd(2026, 11, 21))); // Saturday
        assert!(!is_working_day(ymd(2026, 11, 22))); // Sunday
        assert!(!is_working_day(ymd(2026, 4, 2))); // Maundy Thursday
        assert!(is_working_day(ymd(2026, 12, 24))); // Christmas Eve: not a helligdag
        assert!(is_working_day(ymd(2026, 6, 5))); // Grundlovsdag: not a helligdag
        assert_eq!(is_public_holiday(ymd(2026, 12, 25)), Some(Holiday::ChristmasDay));
    }

    // --- working days -----------------------------------------------------------

    #[test]
    fn working_days_across_christmas_and_new_year() {
        let monday = ymd(2026, 12, 21);
        assert_eq!(monday.weekday(), Weekday::Mon);
        // Tue 22, Wed 23, Thu 24, (Fri 25 holiday, weekend), Mon 28, Tue 29, Wed 30.
        assert_eq!(add_working_days(monday, 6), ymd(2026, 12, 30));
        // Thu 31 Dec, (Fri 1 Jan holiday, weekend), Mon 4 Jan.
        assert_eq!(add_working_days(monday, 7), ymd(2026, 12, 31));
        assert_eq!(add_working_days(monday, 8), ymd(2027, 1, 4));
        assert_eq!(working_days_between(monday, ymd(2027, 1, 4)), 8);
        assert_eq!(working_days_between(ymd(2026, 12, 24), ymd(2026, 12, 27)), 0);
    }

    #[test]
    fn working_days_across_easter_2026() {
        // Wed 1 Apr; Thu 2 - Mon 6 Apr are holidays or weekend.
        assert_eq!(add_working_days(ymd(2026, 4, 1), 1), ymd(2026, 4, 7));
        assert_eq!(working_days_between(ymd(2026, 4, 1), ymd(2026, 4, 6)), 0);
        assert_eq!(working_days_between(ymd(2026, 4, 1), ymd(2026, 4, 7)), 1);
        // A notification sent Maundy Thursday: 6 working days for the receipt.
        assert_eq!(add_working_days(ymd(2026, 4, 2), 6), ymd(2026, 4, 14));
    }

    #[test]
    fn working_days_across_weekends() {
        let friday = ymd(2026, 11, 20);
        assert_eq!(add_working_days(friday, 1), ymd(2026, 11, 23));
        assert_eq!(add_working_days(friday, 5), ymd(2026, 11, 27));
        assert_eq!(add_working_days(ymd(2026, 11, 21), 1), ymd(2026, 11, 23)); // from Saturday
        assert_eq!(add_working_days(ymd(2026, 11, 21), 0), ymd(2026, 11, 21));
        assert_eq!(working_days_between(friday, friday), 0);
        assert_eq!(working_days_between(friday, ymd(2026, 11, 22)), 0);
        assert_eq!(working_days_between(ymd(2026, 11, 23), friday), -1);
        assert_eq!(working_days_between(ymd(2026, 11, 30), ymd(2026, 11, 23)), -5);
    }

    #[test]
    fn working_days_extremes_do_not_panic() {
        assert_eq!(add_working_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_working_days(ymd(2026, 1, 1), u32::MAX), NaiveDate::MAX);
        let all = working_days_between(NaiveDate::MIN, NaiveDate::MAX);
        assert!(all > 0);
        assert_eq!(working_days_between(NaiveDate::MAX, NaiveDate::MIN), -all);
    }

    #[test]
    fn working_days_in_a_year() {
        // 2026 starts on a Thursday: 261 weekdays, minus the 7 holidays that
        // fall on one (1 Jan; 2, 3, 6 Apr; 14, 25 May; 25 Dec) = 254.
        assert_eq!(working_days_between(ymd(2025, 12, 31), ymd(2026, 12, 31)), 254);
    }

    // --- parsing ----------------------------------------------------------------

    #[test]
    fn parse_every_accepted_date_form() {
        let expected = ymd(2026, 11, 22);
        for input in [
            "22.11.2026",
            "22-11-2026",
            "22/11/2026",
            "22.11.26",
            "22-11-26",
            "221126",
            "22112026",
            "2026-11-22",
            "  22.11.2026  ",
            "22. 11. 2026",
        ] {
            assert_eq!(parse_date_dk(input), Ok(expected), "{input:?}");
        }
        assert_eq!(parse_date_dk("1.2.2026"), Ok(ymd(2026, 2, 1)));
        assert_eq!(parse_date_dk("2026-2-1"), Ok(ymd(2026, 2, 1)));
        assert_eq!(parse_date_dk("29.02.2028"), Ok(ymd(2028, 2, 29)));
        assert_eq!(parse_date_dk("010100"), Ok(ymd(2000, 1, 1)));
    }

    #[test]
    fn parse_bad_dates() {
        use DateInputError::*;
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("i morgen", Unreadable),
            ("22.nov.2026", Unreadable),
            ("22.11", Unreadable),
            ("22.11.2026.", Unreadable),
            ("22.11-2026", Unreadable),
            ("22.11.202", Unreadable),
            ("2211", Unreadable),
            ("2211202", Unreadable),
            ("221120261", Unreadable),
            ("122.11.2026", Unreadable),
            ("2026.11.22", Unreadable),
            ("-22.11.2026", Unreadable),
            ("31.04.2026", NoSuchDate { day: 31, month: 4, year: 2026 }),
            ("29.02.2027", NoSuchDate { day: 29, month: 2, year: 2027 }),
            ("30.02.2026", NoSuchDate { day: 30, month: 2, year: 2026 }),
            ("00.01.2026", NoSuchDate { day: 0, month: 1, year: 2026 }),
            ("290227", NoSuchDate { day: 29, month: 2, year: 2027 }),
            ("01.13.2026", NoSuchMonth { month: 13 }),
            ("01.00.2026", NoSuchMonth { month: 0 }),
            ("2026-13-01", NoSuchMonth { month: 13 }),
        ];
        for (input, error) in cases {
            assert_eq!(parse_date_dk(input), Err(error), "{input:?}");
        }
    }

    #[test]
    fn format_date() {
        assert_eq!(format_date_dk(ymd(2026, 11, 22)), "22.11.2026");
        assert_eq!(format_date_dk(ymd(2026, 1, 2)), "02.01.2026");
    }

    #[test]
    fn error_messages_are_danish() {
        let e = DateInputError::NoSuchDate { day: 31, month: 4, year: 2026 };
        assert_eq!(e.to_string(), "Datoen 31.04.2026 findes ikke");
    }

    #[test]
    fn parse_every_accepted_time_form() {
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("test time");
        let nine_five = hm(9, 5);
        for input in ["9:05", "09.05", "0905", "09:05", "905", " 9.05 "] {
            assert_eq!(parse_time(input), Ok(nine_five), "{input:?}");
        }
        assert_eq!(parse_time("9"), Ok(hm(9, 0)));
        assert_eq!(parse_time("14"), Ok(hm(14, 0)));
        assert_eq!(parse_time("00:00"), Ok(hm(0, 0)));
        assert_eq!(parse_time("23:59"), Ok(hm(23, 59)));
        assert_eq!(format_time(nine_five), "09:05");
    }

    #[test]
    fn parse_bad_times() {
        use DateInputError::*;
        let cases = [
            ("", Empty),
            ("ni", UnreadableTime),
            ("9:5", UnreadableTime),
            ("9:055", UnreadableTime),
            (":05", UnreadableTime),
            ("09:05:00", UnreadableTime),
            ("09055", UnreadableTime),
            ("24:00", NoSuchTime { hour: 24, minute: 0 }),
            ("0960", NoSuchTime { hour: 9, minute: 60 }),
        ];
        for (input, error) in cases {
            assert_eq!(parse_time(input), Err(error), "{input:?}");
        }
    }

    // --- properties ----------------------------------------------------------------

    fn any_date(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = NaiveDate> {
        (years, 1u32..=366).prop_map(|(y, ordinal)| {
            NaiveDate::from_yo_opt(y, ordinal).or_else(|| NaiveDate::from_yo_opt(y, 365)).expect("ordinal 365 exists")
        })
    }

    fn brute_force_working_days(from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
        let count = lo.iter_days().skip(1).take_while(|d| *d <= hi).filter(|d| is_working_day(*d)).count() as i64;
        sign * count
    }

    proptest! {
        #[test]
        fn add_months_lands_in_the_right_month(
            y in 1900i32..=2200, m in 1u32..=12, day in 1u32..=31, months in 0u32..=1200
        ) {
            // The latest real day not after `day` (31 Apr becomes 30 Apr).
            let start = (1..=day).rev().find_map(|d| NaiveDate::from_ymd_opt(y, m, d))
                .expect("day 1 exists");
            let got = add_months(start, months);
            let index = i64::from(m - 1) + i64::from(months);
            let want_year = y + (index / 12) as i32;
            let want_month = (index % 12) as u32 + 1;
            prop_assert_eq!(got.year(), want_year);
            prop_assert_eq!(got.month(), want_month);
            prop_assert_eq!(got.day(), start.day().min(days_in_month(got)));
        }

        #[test]
        fn add_days_never_panics(d in any_date(-5000..=5000), days in any::<i64>()) {
            let _ = add_days(d, days);
        }

        #[test]
        fn easter_is_a_sunday_in_spring(y in -200_000i32..=200_000) {
            let e = easter_sunday(y);
            prop_assert_eq!(e.weekday(), Weekday::Sun);
            prop_assert!((ymd(y, 3, 22)..=ymd(y, 4, 25)).contains(&e));
        }

        #[test]
        fn working_days_round_trip(d in any_date(1990..=2100), n in 0u32..=800) {
            let target = add_working_days(d, n);
            prop_assert_eq!(working_days_between(d, target), i64::from(n));
            prop_assert_eq!(working_days_between(target, d), -i64::from(n));
            if n > 0 {
                prop_assert!(is_working_day(target));
                // The day before the target is still short of n.
                prop_assert_eq!(working_days_between(d, add_days(target, -1)), i64::from(n) - 1);
            }
        }

        #[test]
        fn working_days_match_brute_force(a in any_date(2020..=2032), b in any_date(2020..=2032)) {
            prop_assert_eq!(working_days_between(a, b), brute_force_working_days(a, b));
        }

        #[test]
        fn format_then_parse_round_trips(d in any_date(1000..=9999)) {
            prop_assert_eq!(parse_date_dk(&format_date_dk(d)), Ok(d));
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,20}") {
            let _ = parse_date_dk(&s);
            let _ = parse_time(&s);
        }

        #[test]
        fn parsers_never_panic_on_near_misses(s in "[0-9 .:/-]{0,12}") {
            let _ = parse_date_dk(&s);
            let _ = parse_time(&s);
        }
    }
}

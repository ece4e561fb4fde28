//! Danish personal ID numbers (CPR-numre), DDMMYY-SSSS (domain.md 7.6).
//!
//! A CPR number is sensitive: the type keeps its digits private, and both
//! `Debug` and `Display` print the masked form (DDMMYY-XXXX), so a stray
//! log line or `{:?}` cannot leak it; the full number only comes out through
//! [`Cpr::full`] or serialisation, where asking for it is deliberate.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::dates;

/// A CPR number whose first six digits are a real birth date in the century
/// its seventh digit gives. Modulus 11 is not required (see [`CprWarning`]).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cpr {
    digits: [u8; 10],
    // Derived from the digits at parse time, so reading it can never fail.
    birth: NaiveDate,
}

/// Why text is not a CPR number. `Display` gives a Danish message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CprError {
    Empty,
    /// Digits (and at most the separator) only, but not ten of them.
    WrongLength {
        digits: usize,
    },
    /// A character other than digits, or a dash or space anywhere but after
    /// the sixth digit.
    NotDigits,
    /// DDMMYY is not a date in the century the seventh digit gives.
    InvalidDate {
        day: u32,
        month: u32,
        year: i32,
    },
}

impl fmt::Display for CprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CprError::Empty => f.write_str("Intet CPR-nummer angivet"),
            CprError::WrongLength { digits } => {
                write!(f, "Et CPR-nummer har 10 cifre, ikke {digits}")
            }
            CprError::NotDigits => f.write_str("Et CPR-nummer skrives som 10 cifre, evt. DDMMÅÅ-SSSS"),
            CprError::InvalidDate { day, month, year } => {
                write!(f, "CPR-nummerets fødselsdato {day:02}.{month:02}.{year:04} findes ikke")
            }
        }
    }
}

impl std::error::Error for CprError {}

/// Soft findings that never block: since 2007 CPR numbers are issued that
/// fail modulus 11, so a failure is at most worth a second look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CprWarning {
    Modulus11,
}

impl CprWarning {
    /// A Danish message for the UI.
    pub fn message_da(self) -> &'static str {
        match self {
            CprWarning::Modulus11 => "CPR-nummeret består ikke modulus 11-kontrollen; tjek at det er tastet rigtigt",
        }
    }
}

/// Legal sex from the last digit: even = female, odd = male.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    /// The Danish word shown in the UI and reports.
    pub fn name_da(self) -> &'static str {
        match self {
            Sex::Female => "Kvinde",
            Sex::Male => "Mand",
        }
    }
}

const MODULUS11_WEIGHTS: [u32; 10] = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/// The full birth year from YY and the seventh digit (domain.md 7.6).
fn century_year(yy: u8, seventh: u8) -> i32 {
    let yy = i32::from(yy);
    let century = match seventh {
        0..=3 => 1900,
        4 | 9 if yy <= 36 => 2000,
        4 | 9 => 1900,
        // 5-8 (a digit cannot be anything else).
        _ if yy <= 57 => 2000,
        _ => 1800,
    };
    century + yy
}

/// Splits trimmed input into the ten digits, accepting `DDMMYYSSSS` and a
/// separator after the sixth digit made of spaces and at most one dash
/// (`DDMMYY-SSSS`, `DDMMYY - SSSS`, `DDMMYY SSSS`).
fn ten_digits(s: &str) -> Result<[u8; 10], CprError> {
    let is_sep = |c: char| c == '-' || c.is_whitespace();
    let head_len = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (head, rest) = s.split_at(head_len);
    let tail_start = rest.find(|c: char| !is_sep(c)).unwrap_or(rest.len());
    let (sep, tail) = rest.split_at(tail_start);
    if !tail.chars().all(|c| c.is_ascii_digit()) || sep.matches('-').count() > 1 {
        return Err(CprError::NotDigits);
    }
    let count = head.len() + tail.len();
    if count != 10 {
        return Err(CprError::WrongLength { digits: count });
    }
    if !sep.is_empty() && head.len() != 6 {
        return Err(CprError::NotDigits);
    }
    let mut digits = [0u8; 10];
    for (slot, b) in digits.iter_mut().zip(head.bytes().chain(tail.bytes())) {
        *slot = b - b'0';
    }
    Ok(digits)
}

impl Cpr {
    /// Reads a CPR number typed as `DDMMYY-SSSS` or `DDMMYYSSSS`, with spaces
    /// around the whole, around the dash or instead of it. A number failing
    /// modulus 11 is accepted with [`CprWarning::Modulus11`].
    pub fn parse(input: &str) -> Result<(Cpr, Vec<CprWarning>), CprError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(CprError::Empty);
        }
        let digits = ten_digits(s)?;
        let pair = |i: usize| digits[i] * 10 + digits[i + 1];
        let (day, month) = (u32::from(pair(0)), u32::from(pair(2)));
        let year = century_year(pair(4), digits[6]);
        let birth = NaiveDate::from_ymd_opt(year, month, day).ok_or(CprError::InvalidDate { day, month, year })?;
        let cpr = Cpr { digits, birth };
        let warnings = if cpr.passes_modulus11() { Vec::new() } else { vec![CprWarning::Modulus11] };
        Ok((cpr, warnings))
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    pub fn sex(&self) -> Sex {
        if self.digits[9].is_multiple_of(2) { Sex::Female } else { Sex::Male }
    }

    /// Age in whole years on `on`; 0 before birth. Born 29 Feb: a year
    /// older on 1 Mar in non-leap years.
    pub fn age_on(&self, on: NaiveDate) -> u32 {
        dates::age_in_years(self.birth, on)
    }

    /// `DDMMYY-XXXX`: the form to show unless the full number is asked for.
    pub fn masked(&self) -> String {
        let mut out = self.digit_string(0..6);
        out.push_str("-XXXX");
        out
    }

    /// `DDMMYY-SSSS`.
    pub fn full(&self) -> String {
        let mut out = self.digit_string(0..6);
        out.push('-');
        out.push_str(&self.digit_string(6..10));
        out
    }

    /// Weighted digit sum (4 3 2 7 6 5 4 3 2 1) divisible by 11.
    pub fn passes_modulus11(&self) -> bool {
        let sum: u32 = self.digits.iter().zip(MODULUS11_WEIGHTS).map(|(d, w)| u32::from(*d) * w).sum();
        sum.is_multiple_of(11)
    }

    fn digit_string(&self, range: std::ops::Range<usize>) -> String {
        self.digits[range].iter().map(|d| char::from(b'0' + d)).collect()
    }
}

impl fmt::Debug for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Cpr").field(&self.masked()).finish()
    }
}

/// Masked, like `Debug`: the full number must be asked for with `full()`.
impl fmt::Display for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Cpr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.full())
    }
}

impl<'de> Deserialize<'de> for Cpr {
    /// Validates like `parse`; a modulus-11 warning was already shown when
    /// the number was typed, so it is dropped here.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Cpr::parse(&text).map(|(cpr, _)| cpr).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, StrDeserializer};

    // All numbers here are invented. Where the century allows it they are
    // born after 2026, so they cannot belong to anyone.

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    fn cpr(s: &str) -> Cpr {
        Cpr::parse(s).expect("valid test CPR").0
    }

    #[test]
    fn century_table_cell_by_cell() {
        // Rows: seventh digit; columns: YY = 00, 36, 37, 57, 58, 99.
        let yys = [0, 36, 37, 57, 58, 99];
        let table: [(u8, [i32; 6]); 10] = [
            (0, [1900, 1936, 1937, 1957, 1958, 1999]),
            (1, [1900, 1936, 1937, 1957, 1958, 1999]),
            (2, [1900, 1936, 1937, 1957, 1958, 1999]),
            (3, [1900, 1936, 1937, 1957, 1958, 1999]),
            (4, [2000, 2036, 1937, 1957, 1958, 1999]),
            (5, [2000, 2036, 2037, 2057, 1858, 1899]),
            (6, [2000, 2036, 2037, 2057, 1858, 1899]),
            (7, [2000, 2036, 2037, 2057, 1858, 1899]),
            (8, [2000, 2036, 2037, 2057, 1858, 1899]),
            (9, [2000, 2036, 1937, 1957, 1958, 1999]),
        ];
        for (seventh, years) in table {
            for (yy, year) in yys.into_iter().zip(years) {
                let text = format!("0101{yy:02}-{seventh}000");
                let (c, _) = Cpr::parse(&text).expect("1 Jan exists in every year");
                assert_eq!(c.birth_date(), ymd(year, 1, 1), "{text}");
            }
        }
    }

    #[test]
    fn leap_day_numbers() {
        // 2000 is a leap year (divisible by 400), 1900 and 1800s-58 are not.
        assert_eq!(cpr("290200-4000").birth_date(), ymd(2000, 2, 29));
        assert_eq!(cpr("290200-5000").birth_date(), ymd(2000, 2, 29));
        assert_eq!(cpr("290232-4000").birth_date(), ymd(2032, 2, 29));
        assert_eq!(cpr("290256-5000").birth_date(), ymd(2056, 2, 29));
        assert_eq!(cpr("290296-1000").birth_date(), ymd(1996, 2, 29));
        assert_eq!(Cpr::parse("290200-0000"), Err(CprError::InvalidDate { day: 29, month: 2, year: 1900 }));
        assert_eq!(Cpr::parse("290201-4000"), Err(CprError::InvalidDate { day: 29, month: 2, year: 2001 }));
        assert_eq!(Cpr::parse("290258-5000"), Err(CprError::InvalidDate { day: 29, month: 2, year: 1858 }));
    }

    #[test]
    fn invalid_dates() {
        let cases = [
            ("000135-4000", 0, 1, 2035),
            ("320135-4000", 32, 1, 2035),
            ("310435-4000", 31, 4, 2035),
            ("011335-4000", 1, 13, 2035),
            ("010035-4000", 1, 0, 2035),
            ("999999-9999", 99, 99, 1999),
        ];
        for (text, day, month, year) in cases {
            assert_eq!(Cpr::parse(text), Err(CprError::InvalidDate { day, month, year }), "{text}");
        }
    }

    #[test]
    fn sex_from_last_digit() {
        for last in 0..10 {
            let c = cpr(&format!("010135-412{last}"));
            let want = if last % 2 == 0 { Sex::Female } else { Sex::Male };
            assert_eq!(c.sex(), want, "last digit {last}");
        }
        assert_eq!(Sex::Female.name_da(), "Kvinde");
        assert_eq!(Sex::Male.name_da(), "Mand");
    }

    #[test]
    fn masking_everywhere_but_full() {
        let c = cpr("010135-4121");
        assert_eq!(c.masked(), "010135-XXXX");
        assert_eq!(c.full(), "010135-4121");
        assert_eq!(format!("{c}"), "010135-XXXX");
        let debug = format!("{c:?} {:?}", Some(&c));
        assert!(!debug.contains("4121"), "{debug}");
        assert!(debug.contains("010135-XXXX"), "{debug}");
        assert!(!format!("{c:#?}").contains("4121"));
    }

    #[test]
    fn age_around_birthdays() {
        let c = cpr("150635-4000"); // 15 Jun 2035
        assert_eq!(c.age_on(ymd(2035, 6, 14)), 0);
        assert_eq!(c.age_on(ymd(2026, 1, 1)), 0); // before birth
        assert_eq!(c.age_on(ymd(2053, 6, 14)), 17);
        assert_eq!(c.age_on(ymd(2053, 6, 15)), 18);
        assert_eq!(c.age_on(ymd(2053, 6, 16)), 18);
        let leap = cpr("290232-4000"); // 29 Feb 2032
        assert_eq!(leap.age_on(ymd(2050, 2, 28)), 17);
        assert_eq!(leap.age_on(ymd(2050, 3, 1)), 18);
        assert_eq!(leap.age_on(ymd(2052, 2, 28)), 19);
        assert_eq!(leap.age_on(ymd(2052, 2, 29)), 20);
    }

    #[test]
    fn modulus11_pass_and_soft_fail() {
        let (good, warnings) = Cpr::parse("010135-4121").expect("parses");
        assert!(good.passes_modulus11());
        assert!(warnings.is_empty());
        let (bad, warnings) = Cpr::parse("010135-4122").expect("still parses");
        assert!(!bad.passes_modulus11());
        assert_eq!(warnings, vec![CprWarning::Modulus11]);
        assert_eq!(bad.birth_date(), ymd(2035, 1, 1));
        assert!(CprWarning::Modulus11.message_da().contains("modulus 11"));
    }

    #[test]
    fn input_forms() {
        let want = cpr("010135-4121");
        for text in [
            "0101354121",
            "010135-4121",
            "  010135-4121  ",
            "010135 - 4121",
            "010135 -4121",
            "010135- 4121",
            "010135 4121",
            "\t0101354121\n",
        ] {
            let (c, _) = Cpr::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
            assert_eq!(c, want, "{text:?}");
        }
    }

    #[test]
    fn bad_input_forms() {
        use CprError::*;
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("010135-412", WrongLength { digits: 9 }),
            ("01013541211", WrongLength { digits: 11 }),
            ("0101354", WrongLength { digits: 7 }),
            ("-", WrongLength { digits: 0 }),
            ("010135-412X", NotDigits),
            ("abcdefghij", NotDigits),
            ("O10135-4121", NotDigits),
            ("010135--4121", NotDigits),
            ("010135-41-21", NotDigits),
            ("0101-354121", NotDigits),
            ("01 01 35 4121", NotDigits),
            ("010135/4121", NotDigits),
            ("０１０１３５４１２１", NotDigits), // full-width digits
            ("-0101354121", NotDigits),
            ("0101354121-", NotDigits),
        ];
        for (text, error) in cases {
            assert_eq!(Cpr::parse(text).map(|(c, _)| c), Err(error), "{text:?}");
        }
    }

    #[test]
    fn error_messages_are_danish() {
        assert_eq!(CprError::WrongLength { digits: 9 }.to_string(), "Et CPR-nummer har 10 cifre, ikke 9");
    }

    #[test]
    fn serde_as_full_string() {
        let c = cpr("0101354122"); // fails modulus 11: deserialising must still accept it
        let de: StrDeserializer<'_, ValueError> = "010135-4122".into_deserializer();
        assert_eq!(Cpr::deserialize(de), Ok(c.clone()));
        let de: StrDeserializer<'_, ValueError> = "0101354122".into_deserializer();
        assert_eq!(Cpr::deserialize(de), Ok(c));
        let de: StrDeserializer<'_, ValueError> = "290201-4000".into_deserializer();
        assert!(Cpr::deserialize(de).is_err());
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,16}") {
            let _ = Cpr::parse(&s);
        }

        #[test]
        fn parse_never_panics_on_near_misses(s in "[0-9 -]{0,14}") {
            let _ = Cpr::parse(&s);
        }

        #[test]
        fn valid_numbers_round_trip(
            day in 1u32..=28, month in 1u32..=12, yy in 0u32..=99, serial in 0u32..=9999
        ) {
            let text = format!("{day:02}{month:02}{yy:02}-{serial:04}");
            let (c, warnings) = Cpr::parse(&text).expect("day <= 28 exists in every month");
            prop_assert_eq!(c.full(), text.clone());
            prop_assert_eq!(&c.masked()[..7], &text[..7]);
            prop_assert_eq!(warnings.is_empty(), c.passes_modulus11());
            let (again, _) = Cpr::parse(&text.replace('-', "")).expect("without dash");
            prop_assert_eq!(again, c);
        }
    }
}

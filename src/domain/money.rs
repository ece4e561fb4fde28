//! Money as whole øre in an `i64`. Never floating point: every amount the
//! centre handles (gift cards, daily rates, own payment) is exact.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

use serde::{Deserialize, Serialize};

/// An amount in øre (1 kr = 100 øre). Serialised as the plain integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ore(pub i64);

/// Why a typed amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyParseError {
    Empty,
    /// Something other than digits, one decimal comma and thousands dots.
    NotANumber,
    /// More than two digits after the decimal comma.
    TooManyDecimals,
    TooLarge,
}

impl Ore {
    pub const ZERO: Ore = Ore(0);

    pub const fn from_kr(kr: i64) -> Ore {
        Ore(kr * 100)
    }

    pub const fn ore(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn max(self, other: Ore) -> Ore {
        if self >= other { self } else { other }
    }

    pub fn min(self, other: Ore) -> Ore {
        if self <= other { self } else { other }
    }

    /// Divides, rounding half away from zero, as a cashier would. Used where
    /// a monthly amount becomes a daily one.
    pub fn div_round(self, divisor: i64) -> Ore {
        assert!(divisor != 0, "division by zero");
        let (n, d) = (i128::from(self.0), i128::from(divisor));
        let q = n / d;
        let r = n % d;
        let rounded = if 2 * r.abs() >= d.abs() { q + (n.signum() * d.signum()) } else { q };
        Ore(rounded as i64)
    }

    /// Danish form: `1.234,50 kr`, `-12,00 kr`.
    pub fn format_dk(self) -> String {
        format!("{} kr", self.format_number_dk())
    }

    /// Danish form without the unit: `1.234,50`.
    pub fn format_number_dk(self) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let kr = abs / 100;
        let ore = abs % 100;
        let digits = kr.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(ch);
        }
        format!("{}{},{:02}", if negative { "-" } else { "" }, grouped, ore)
    }

    /// Reads an amount typed the Danish way: `1234`, `1.234,5`, `1234,50`,
    /// optionally with `kr` after it. A dot is a thousands separator only.
    pub fn parse_dk(input: &str) -> Result<Ore, MoneyParseError> {
        let mut s = input.trim();
        if let Some(stripped) = s.strip_suffix("kr") {
            s = stripped.trim_end();
        }
        if s.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        let (negative, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (whole, frac) = match s.split_once(',') {
            Some((w, f)) => (w, f),
            None => (s, ""),
        };
        if !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyParseError::NotANumber);
        }
        if frac.len() > 2 {
            return Err(MoneyParseError::TooManyDecimals);
        }
        let whole_digits: String = whole.chars().filter(|&c| c != '.').collect();
        if whole_digits.is_empty() || !whole_digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyParseError::NotANumber);
        }
        let kr: i64 = whole_digits.parse().map_err(|_| MoneyParseError::TooLarge)?;
        let frac_ore: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| MoneyParseError::NotANumber)? * 10,
            _ => frac.parse().map_err(|_| MoneyParseError::NotANumber)?,
        };
        let total = kr.checked_mul(100).and_then(|v| v.checked_add(frac_ore)).ok_or(MoneyParseError::TooLarge)?;
        Ok(Ore(if negative { -total } else { total }))
    }
}

impl fmt::Display for Ore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_dk())
    }
}

impl Add for Ore {
    type Output = Ore;
    fn add(self, rhs: Ore) -> Ore {
        Ore(self.0 + rhs.0)
    }
}

impl AddAssign for Ore {
    fn add_assign(&mut self, rhs: Ore) {
        self.0 += rhs.0;
    }
}

impl Sub for Ore {
    type Output = Ore;
    fn sub(self, rhs: Ore) -> Ore {
        Ore(self.0 - rhs.0)
    }
}

impl SubAssign for Ore {
    fn sub_assign(&mut self, rhs: Ore) {
        self.0 -= rhs.0;
    }
}

impl Neg for Ore {
    type Output = Ore;
    fn neg(self) -> Ore {
        Ore(-self.0)
    }
}

impl Mul<i64> for Ore {
    type Output = Ore;
    fn mul(self, rhs: i64) -> Ore {
        Ore(self.0 * rhs)
    }
}

impl Sum for Ore {
    fn sum<I: Iterator<Item = Ore>>(iter: I) -> Ore {
        iter.fold(Ore::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_danish_way() {
        assert_eq!(Ore(123_450).format_dk(), "1.234,50 kr");
        assert_eq!(Ore(0).format_dk(), "0,00 kr");
        assert_eq!(Ore(5).format_dk(), "0,05 kr");
        assert_eq!(Ore(-1_200).format_dk(), "-12,00 kr");
        assert_eq!(Ore(100_000_000).format_dk(), "1.000.000,00 kr");
        assert_eq!(Ore::from_kr(200).format_dk(), "200,00 kr");
    }

    #[test]
    fn parses_what_a_counsellor_types() {
        assert_eq!(Ore::parse_dk("1234"), Ok(Ore(123_400)));
        assert_eq!(Ore::parse_dk("1.234,5"), Ok(Ore(123_450)));
        assert_eq!(Ore::parse_dk(" 1234,50 kr "), Ok(Ore(123_450)));
        assert_eq!(Ore::parse_dk("-12,00"), Ok(Ore(-1_200)));
        assert_eq!(Ore::parse_dk(""), Err(MoneyParseError::Empty));
        assert_eq!(Ore::parse_dk("12,345"), Err(MoneyParseError::TooManyDecimals));
        assert_eq!(Ore::parse_dk("12.5x"), Err(MoneyParseError::NotANumber));
        assert_eq!(Ore::parse_dk("1,2,3"), Err(MoneyParseError::NotANumber));
        assert_eq!(Ore::parse_dk("99999999999999999999"), Err(MoneyParseError::TooLarge));
    }

    #[test]
    fn format_and_parse_round_trip() {
        for v in [-123_456_789, -1, 0, 1, 99, 100, 101, 123_456_789] {
            assert_eq!(Ore::parse_dk(&Ore(v).format_dk()), Ok(Ore(v)));
        }
    }

    #[test]
    fn divides_rounding_half_away_from_zero() {
        assert_eq!(Ore(1000).div_round(3), Ore(333));
        assert_eq!(Ore(1001).div_round(2), Ore(501));
        assert_eq!(Ore(-1001).div_round(2), Ore(-501));
        assert_eq!(Ore(310_000).div_round(31), Ore(10_000));
    }
}

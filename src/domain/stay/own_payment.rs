//! The citizen's own payment for food and lodging during a residential stay
//! (egenbetaling, domain.md 4 and 7.3).
//!
//! There is no national formula; these are the centre's rules:
//!
//! 1. **Food and lodging**: `food per day × days` plus `lodging per day ×
//!    days`, the daily figures taken from the provider's (rent, electricity,
//!    heating). A citizen who keeps their own home pays no lodging
//!    (Serviceloven §163 stk. 2 says the same for temporary stays).
//! 2. **Room to pay**: monthly income − the fixed necessary expenses (own
//!    rent, child support, agreed debt payments, ...) − the amount the
//!    citizen keeps per month (rådighedsbeløb, a local setting); never below 0.
//! 3. **The payment per month** is the smaller of the two, so the citizen
//!    always keeps at least the amount kept when their income allows it, and
//!    pays nothing when it does not. It is never negative.
//! 4. **Per day** = per month ÷ the days of the month, rounded to whole øre
//!    with [`Ore::div_round`] (half an øre away from zero). The monthly amount
//!    is the one charged; the daily one is shown beside it, so per day × days
//!    may differ from per month by a few øre.
//!
//! Every step is a line, in the order above, so the counsellor can read the
//! calculation to the citizen before the stay. Amounts on the lines carry the
//! sign with which they enter the sum: income positive, expenses and the
//! amount kept negative; [`PaymentLineLabel::RoomToPay`] is their sum
//! floored at 0. The labels are an enum; the words belong to the UI.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Ore;
use crate::domain::dates::{self, DateInputError};
use crate::domain::money::MoneyParseError;

/// The centre's policy setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OwnPaymentSettings {
    /// Rådighedsbeløb: what the citizen keeps per month after fixed expenses.
    pub amount_kept_per_month: Ore,
}

/// One citizen's figures for one month of a stay.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OwnPaymentInput {
    pub monthly_income: Ore,
    /// Fixed necessary expenses per month, each with the name to read out:
    /// own rent, child support, agreed debt payments, ...
    pub fixed_expenses: Vec<(String, Ore)>,
    /// Keeps their own home during the stay: no lodging is charged.
    pub keeps_own_home: bool,
    pub food_per_day: Ore,
    /// From the provider's rent, electricity and heating.
    pub lodging_per_day: Ore,
    /// Days of the month of the stay, 28-31 (usually 30).
    pub days_in_month: u32,
}

/// What a line of the calculation is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentLineLabel {
    /// Food: `per_day × days`.
    Food { per_day: Ore, days: u32 },
    /// Lodging: `per_day × days`.
    Lodging { per_day: Ore, days: u32 },
    /// The citizen keeps their own home: no lodging (amount 0).
    LodgingNotCharged,
    /// Food + lodging: the payment before the cap.
    FoodAndLodging,
    /// Monthly income (positive).
    Income,
    /// A fixed necessary expense by its name (negative).
    FixedExpense(String),
    /// The amount the citizen keeps per month (negative).
    AmountKept,
    /// Income − expenses − amount kept, floored at 0.
    RoomToPay,
    /// Only when the cap bites: the payment is lowered to the room to pay.
    CappedAt,
    /// The own payment per month: the smaller of food + lodging and the room.
    PerMonth,
    /// The own payment per day: per month ÷ `days`, rounded.
    PerDay { days: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OwnPaymentLine {
    pub label: PaymentLineLabel,
    pub amount: Ore,
}

/// The result, with the lines that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OwnPayment {
    pub lines: Vec<OwnPaymentLine>,
    pub per_month: Ore,
    pub per_day: Ore,
    /// The room to pay was smaller than food + lodging.
    pub capped: bool,
}

/// Which figure is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InputField {
    MonthlyIncome,
    FixedExpense(String),
    FoodPerDay,
    LodgingPerDay,
    AmountKeptPerMonth,
}

/// Why no amount could be computed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OwnPaymentError {
    Negative(InputField),
    /// Days in the month must be 28-31.
    DaysInMonthOutOfRange(u32),
    /// An amount beyond what an `i64` of øre holds.
    TooLarge,
}

/// The citizen's own payment for one month of a stay (see the module
/// documentation for the rules).
pub fn own_payment(input: &OwnPaymentInput, settings: &OwnPaymentSettings) -> Result<OwnPayment, OwnPaymentError> {
    validate(input, settings)?;
    let days = input.days_in_month;
    let times_days = |per_day: Ore| per_day.0.checked_mul(i64::from(days)).map(Ore).ok_or(OwnPaymentError::TooLarge);
    let mut lines = Vec::new();
    let mut line = |label, amount| lines.push(OwnPaymentLine { label, amount });

    // 1. Food and lodging.
    let food = times_days(input.food_per_day)?;
    line(PaymentLineLabel::Food { per_day: input.food_per_day, days }, food);
    let lodging = if input.keeps_own_home {
        line(PaymentLineLabel::LodgingNotCharged, Ore::ZERO);
        Ore::ZERO
    } else {
        let lodging = times_days(input.lodging_per_day)?;
        line(PaymentLineLabel::Lodging { per_day: input.lodging_per_day, days }, lodging);
        lodging
    };
    let uncapped = food.0.checked_add(lodging.0).map(Ore).ok_or(OwnPaymentError::TooLarge)?;
    line(PaymentLineLabel::FoodAndLodging, uncapped);

    // 2. Room to pay. Summed in i128: no number of i64 expenses overflows it.
    line(PaymentLineLabel::Income, input.monthly_income);
    let mut room = i128::from(input.monthly_income.0);
    for (name, amount) in &input.fixed_expenses {
        line(PaymentLineLabel::FixedExpense(name.clone()), -*amount);
        room -= i128::from(amount.0);
    }
    line(PaymentLineLabel::AmountKept, -settings.amount_kept_per_month);
    room -= i128::from(settings.amount_kept_per_month.0);
    // 0 <= room <= income, so it fits.
    let room = Ore(i64::try_from(room.max(0)).expect("room to pay is at most the income"));
    line(PaymentLineLabel::RoomToPay, room);

    // 3. The smaller of the two.
    let capped = room < uncapped;
    let per_month = uncapped.min(room);
    if capped {
        line(PaymentLineLabel::CappedAt, per_month);
    }
    line(PaymentLineLabel::PerMonth, per_month);

    // 4. Per day.
    let per_day = per_month.div_round(i64::from(days));
    line(PaymentLineLabel::PerDay { days }, per_day);

    Ok(OwnPayment { lines, per_month, per_day, capped })
}

fn validate(input: &OwnPaymentInput, settings: &OwnPaymentSettings) -> Result<(), OwnPaymentError> {
    let negative = |field| Err(OwnPaymentError::Negative(field));
    if input.monthly_income.is_negative() {
        return negative(InputField::MonthlyIncome);
    }
    if let Some((name, _)) = input.fixed_expenses.iter().find(|(_, a)| a.is_negative()) {
        return negative(InputField::FixedExpense(name.clone()));
    }
    if input.food_per_day.is_negative() {
        return negative(InputField::FoodPerDay);
    }
    if input.lodging_per_day.is_negative() {
        return negative(InputField::LodgingPerDay);
    }
    if settings.amount_kept_per_month.is_negative() {
        return negative(InputField::AmountKeptPerMonth);
    }
    if !(28..=31).contains(&input.days_in_month) {
        return Err(OwnPaymentError::DaysInMonthOutOfRange(input.days_in_month));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// As typed, and as told to the citizen
// ---------------------------------------------------------------------------

/// The own payment as calculated for a stay, with the figures it was
/// calculated from (so the lines can be shown again exactly) and the day the
/// citizen was told it, which must be before the stay starts (domain.md 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToldOwnPayment {
    pub input: OwnPaymentInput,
    /// The amount kept as it was when calculated: a later change of the
    /// profile does not change what the citizen was told.
    pub settings: OwnPaymentSettings,
    pub result: OwnPayment,
    /// `None`: calculated, not yet told.
    pub told_on: Option<NaiveDate>,
}

/// The calculator's form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OwnPaymentForm {
    pub monthly_income: String,
    /// Fixed necessary expenses: the name the form gives each and its amount
    /// as typed. An empty amount is left out.
    pub fixed_expenses: Vec<(String, String)>,
    pub keeps_own_home: bool,
    pub food_per_day: String,
    pub lodging_per_day: String,
    pub days_in_month: String,
    /// When the citizen was told; empty when not yet.
    pub told_on: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OwnPaymentField {
    MonthlyIncome,
    /// The n-th of the form's fixed expenses.
    FixedExpense(usize),
    FoodPerDay,
    LodgingPerDay,
    DaysInMonth,
    ToldOn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnPaymentProblem {
    Required,
    Money(MoneyParseError),
    Negative,
    DaysInMonth,
    Date(DateInputError),
    InFuture,
    /// The centre's profile sets no amount kept per month (rådighedsbeløb):
    /// there is no national figure, so nothing can be calculated.
    NoAmountKeptInProfile,
    TooLarge,
}

/// Reads the typed calculator and calculates. `amount_kept` is the profile's
/// `stay.amount_kept_per_month`; without it the answer is
/// [`OwnPaymentProblem::NoAmountKeptInProfile`], never an invented number.
pub fn parse_own_payment(
    form: &OwnPaymentForm,
    amount_kept: Option<Ore>,
    today: NaiveDate,
) -> Result<ToldOwnPayment, Vec<(Option<OwnPaymentField>, OwnPaymentProblem)>> {
    let Some(amount_kept) = amount_kept else {
        return Err(vec![(None, OwnPaymentProblem::NoAmountKeptInProfile)]);
    };
    let mut problems = Vec::new();
    let mut amount = |field, text: &str, required: bool| match Ore::parse_dk(text) {
        Ok(a) if a.is_negative() => {
            problems.push((Some(field), OwnPaymentProblem::Negative));
            None
        }
        Ok(a) => Some(a),
        Err(MoneyParseError::Empty) if !required => Some(Ore::ZERO),
        Err(MoneyParseError::Empty) => {
            problems.push((Some(field), OwnPaymentProblem::Required));
            None
        }
        Err(e) => {
            problems.push((Some(field), OwnPaymentProblem::Money(e)));
            None
        }
    };
    let income = amount(OwnPaymentField::MonthlyIncome, &form.monthly_income, true);
    let mut fixed_expenses = Vec::new();
    for (i, (name, text)) in form.fixed_expenses.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        if let Some(a) = amount(OwnPaymentField::FixedExpense(i), text, true) {
            fixed_expenses.push((name.clone(), a));
        }
    }
    let food = amount(OwnPaymentField::FoodPerDay, &form.food_per_day, true);
    // Lodging is not charged to a citizen who keeps their own home, so it
    // need not be typed then.
    let lodging = amount(OwnPaymentField::LodgingPerDay, &form.lodging_per_day, !form.keeps_own_home);
    let days = match form.days_in_month.trim().parse::<u32>() {
        Ok(n) if (28..=31).contains(&n) => Some(n),
        _ if form.days_in_month.trim().is_empty() => {
            problems.push((Some(OwnPaymentField::DaysInMonth), OwnPaymentProblem::Required));
            None
        }
        _ => {
            problems.push((Some(OwnPaymentField::DaysInMonth), OwnPaymentProblem::DaysInMonth));
            None
        }
    };
    let told_on = match dates::parse_date_dk(&form.told_on) {
        Ok(d) if d > today => {
            problems.push((Some(OwnPaymentField::ToldOn), OwnPaymentProblem::InFuture));
            None
        }
        Ok(d) => Some(d),
        Err(DateInputError::Empty) => None,
        Err(e) => {
            problems.push((Some(OwnPaymentField::ToldOn), OwnPaymentProblem::Date(e)));
            None
        }
    };
    let (Some(monthly_income), Some(food_per_day), Some(lodging_per_day), Some(days_in_month)) =
        (income, food, lodging, days)
    else {
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let input = OwnPaymentInput {
        monthly_income,
        fixed_expenses,
        keeps_own_home: form.keeps_own_home,
        food_per_day,
        lodging_per_day,
        days_in_month,
    };
    let settings = OwnPaymentSettings { amount_kept_per_month: amount_kept };
    let result = own_payment(&input, &settings).map_err(|e| {
        vec![match e {
            OwnPaymentError::TooLarge => (None, OwnPaymentProblem::TooLarge),
            // Every input was checked above; a negative amount kept is
            // refused when the profile loads.
            OwnPaymentError::Negative(_) => (None, OwnPaymentProblem::Negative),
            OwnPaymentError::DaysInMonthOutOfRange(_) => {
                (Some(OwnPaymentField::DaysInMonth), OwnPaymentProblem::DaysInMonth)
            }
        }]
    })?;
    Ok(ToldOwnPayment { input, settings, result, told_on })
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentLineLabel as L;

    fn kr(kr: i64) -> Ore {
        Ore::from_kr(kr)
    }

    fn kept(amount: Ore) -> OwnPaymentSettings {
        OwnPaymentSettings { amount_kept_per_month: amount }
    }

    fn expenses(list: &[(&str, Ore)]) -> Vec<(String, Ore)> {
        list.iter().map(|(n, a)| (n.to_string(), *a)).collect()
    }

    fn line(label: PaymentLineLabel, amount: Ore) -> OwnPaymentLine {
        OwnPaymentLine { label, amount }
    }

    fn amount_of(p: &OwnPayment, label: &PaymentLineLabel) -> Option<Ore> {
        p.lines.iter().find(|l| &l.label == label).map(|l| l.amount)
    }

    #[test]
    fn worked_example_no_own_home_not_capped() {
        // Food 60 kr/day, lodging 40 kr/day, 30 days:
        //   food      60 × 30 = 1,800 kr
        //   lodging   40 × 30 = 1,200 kr
        //   together          = 3,000 kr
        // Income 12,000 kr − child support 1,500 kr − amount kept 3,500 kr
        //   room to pay       = 7,000 kr
        // Payment = min(3,000, 7,000) = 3,000 kr/month; 3,000 / 30 = 100 kr/day.
        let input = OwnPaymentInput {
            monthly_income: kr(12_000),
            fixed_expenses: expenses(&[("Børnebidrag", kr(1_500))]),
            keeps_own_home: false,
            food_per_day: kr(60),
            lodging_per_day: kr(40),
            days_in_month: 30,
        };
        let p = own_payment(&input, &kept(kr(3_500))).unwrap();
        assert_eq!(
            p.lines,
            vec![
                line(L::Food { per_day: kr(60), days: 30 }, kr(1_800)),
                line(L::Lodging { per_day: kr(40), days: 30 }, kr(1_200)),
                line(L::FoodAndLodging, kr(3_000)),
                line(L::Income, kr(12_000)),
                line(L::FixedExpense("Børnebidrag".into()), kr(-1_500)),
                line(L::AmountKept, kr(-3_500)),
                line(L::RoomToPay, kr(7_000)),
                line(L::PerMonth, kr(3_000)),
                line(L::PerDay { days: 30 }, kr(100)),
            ]
        );
        assert_eq!((p.per_month, p.per_day, p.capped), (kr(3_000), kr(100), false));
    }

    #[test]
    fn worked_example_keeps_own_home_and_capped() {
        // Keeps own home, so no lodging, even though the provider charges
        // 45 kr/day. Food 65 kr/day, 31 days: 65 × 31 = 2,015 kr.
        // Income 11,000 − rent 5,200 − debt 800 − kept 4,000 = 1,000 kr room.
        // Payment = min(2,015, 1,000) = 1,000 kr/month (capped);
        // per day 100,000 øre / 31 = 3,225.8 → 3,226 øre = 32.26 kr.
        let input = OwnPaymentInput {
            monthly_income: kr(11_000),
            fixed_expenses: expenses(&[("Husleje", kr(5_200)), ("Afdrag på gæld", kr(800))]),
            keeps_own_home: true,
            food_per_day: kr(65),
            lodging_per_day: kr(45),
            days_in_month: 31,
        };
        let p = own_payment(&input, &kept(kr(4_000))).unwrap();
        assert_eq!(
            p.lines,
            vec![
                line(L::Food { per_day: kr(65), days: 31 }, kr(2_015)),
                line(L::LodgingNotCharged, Ore::ZERO),
                line(L::FoodAndLodging, kr(2_015)),
                line(L::Income, kr(11_000)),
                line(L::FixedExpense("Husleje".into()), kr(-5_200)),
                line(L::FixedExpense("Afdrag på gæld".into()), kr(-800)),
                line(L::AmountKept, kr(-4_000)),
                line(L::RoomToPay, kr(1_000)),
                line(L::CappedAt, kr(1_000)),
                line(L::PerMonth, kr(1_000)),
                line(L::PerDay { days: 31 }, Ore(3_226)),
            ]
        );
        assert!(p.capped);
        assert_eq!(p.per_day, Ore(3_226));
    }

    #[test]
    fn keeping_ones_home_means_no_lodging() {
        // Not capped: income 20,000, nothing else; food 50 × 30 = 1,500 kr,
        // lodging 70 × 30 = 2,100 kr when the home is given up.
        let mut input = OwnPaymentInput {
            monthly_income: kr(20_000),
            fixed_expenses: vec![],
            keeps_own_home: false,
            food_per_day: kr(50),
            lodging_per_day: kr(70),
            days_in_month: 30,
        };
        let settings = kept(kr(3_000));
        assert_eq!(own_payment(&input, &settings).unwrap().per_month, kr(3_600));
        input.keeps_own_home = true;
        let p = own_payment(&input, &settings).unwrap();
        assert_eq!(p.per_month, kr(1_500));
        assert!(p.lines.iter().all(|l| !matches!(l.label, L::Lodging { .. })));
        assert_eq!(amount_of(&p, &L::LodgingNotCharged), Some(Ore::ZERO));
    }

    #[test]
    fn income_below_expenses_pays_nothing() {
        // Income 8,000 − rent 6,000 − other 2,500 = −500, before the amount
        // kept: the room is floored at 0, so the payment is 0 (capped).
        let input = OwnPaymentInput {
            monthly_income: kr(8_000),
            fixed_expenses: expenses(&[("Husleje", kr(6_000)), ("Andet", kr(2_500))]),
            keeps_own_home: false,
            food_per_day: kr(60),
            lodging_per_day: kr(40),
            days_in_month: 30,
        };
        let p = own_payment(&input, &kept(kr(3_000))).unwrap();
        assert_eq!(amount_of(&p, &L::RoomToPay), Some(Ore::ZERO));
        assert_eq!((p.per_month, p.per_day, p.capped), (Ore::ZERO, Ore::ZERO, true));
    }

    #[test]
    fn per_day_is_rounded_by_the_days_of_the_month() {
        // 3,000 kr/month: ÷28 = 107.142857 → 107.14 kr; ÷29 = 103.448 →
        // 103.45 kr; ÷30 = 100 kr; ÷31 = 96.774 → 96.77 kr.
        // Half an øre rounds up: 3.50 kr = 350 øre ÷ 28 = 12.5 → 13 øre.
        let settings = kept(Ore::ZERO);
        for (days, food_per_day, per_day) in [
            (28, Ore(10_715), Ore(10_715)), // 10,715 × 28 = 300,020 → ÷28 back
            (29, Ore(10_345), Ore(10_345)),
        ] {
            let input = OwnPaymentInput {
                monthly_income: kr(100_000),
                fixed_expenses: vec![],
                keeps_own_home: true,
                food_per_day,
                lodging_per_day: Ore::ZERO,
                days_in_month: days,
            };
            assert_eq!(own_payment(&input, &settings).unwrap().per_day, per_day);
        }
        // Capped at a room of exactly 3,000 kr: per day by the month's days.
        for (days, per_day) in [(28, Ore(10_714)), (29, Ore(10_345)), (30, Ore(10_000)), (31, Ore(9_677))] {
            let input = OwnPaymentInput {
                monthly_income: kr(3_000),
                fixed_expenses: vec![],
                keeps_own_home: false,
                food_per_day: kr(200),
                lodging_per_day: Ore::ZERO,
                days_in_month: days,
            };
            let p = own_payment(&input, &settings).unwrap();
            assert_eq!((p.per_month, p.per_day), (kr(3_000), per_day), "{days} days");
        }
        let input = OwnPaymentInput {
            monthly_income: Ore(350),
            fixed_expenses: vec![],
            keeps_own_home: true,
            food_per_day: kr(1),
            lodging_per_day: Ore::ZERO,
            days_in_month: 28,
        };
        assert_eq!(own_payment(&input, &settings).unwrap().per_day, Ore(13));
    }

    #[test]
    fn nonsense_input_is_a_typed_error() {
        let good = OwnPaymentInput {
            monthly_income: kr(10_000),
            fixed_expenses: expenses(&[("Husleje", kr(4_000))]),
            keeps_own_home: false,
            food_per_day: kr(60),
            lodging_per_day: kr(40),
            days_in_month: 30,
        };
        let settings = kept(kr(3_000));
        assert!(own_payment(&good, &settings).is_ok());
        let err = |input: OwnPaymentInput, s: OwnPaymentSettings| own_payment(&input, &s).unwrap_err();
        assert_eq!(
            err(OwnPaymentInput { monthly_income: Ore(-1), ..good.clone() }, settings),
            OwnPaymentError::Negative(InputField::MonthlyIncome)
        );
        assert_eq!(
            err(OwnPaymentInput { fixed_expenses: expenses(&[("Gæld", Ore(-100))]), ..good.clone() }, settings),
            OwnPaymentError::Negative(InputField::FixedExpense("Gæld".into()))
        );
        assert_eq!(
            err(OwnPaymentInput { food_per_day: Ore(-1), ..good.clone() }, settings),
            OwnPaymentError::Negative(InputField::FoodPerDay)
        );
        assert_eq!(
            err(OwnPaymentInput { lodging_per_day: Ore(-1), ..good.clone() }, settings),
            OwnPaymentError::Negative(InputField::LodgingPerDay)
        );
        assert_eq!(err(good.clone(), kept(Ore(-1))), OwnPaymentError::Negative(InputField::AmountKeptPerMonth));
        for days in [0, 27, 32] {
            assert_eq!(
                err(OwnPaymentInput { days_in_month: days, ..good.clone() }, settings),
                OwnPaymentError::DaysInMonthOutOfRange(days)
            );
        }
        for days in 28..=31 {
            assert!(own_payment(&OwnPaymentInput { days_in_month: days, ..good.clone() }, &settings).is_ok());
        }
        assert_eq!(
            err(OwnPaymentInput { food_per_day: Ore(i64::MAX / 10), ..good.clone() }, settings),
            OwnPaymentError::TooLarge
        );
    }

    fn typed() -> OwnPaymentForm {
        OwnPaymentForm {
            monthly_income: "11.000".into(),
            fixed_expenses: vec![
                ("Husleje".into(), "5.200".into()),
                ("Børnebidrag".into(), String::new()),
                ("Afdrag på gæld".into(), "800".into()),
            ],
            keeps_own_home: true,
            food_per_day: "65".into(),
            lodging_per_day: String::new(),
            days_in_month: "31".into(),
            told_on: "25.02.2026".into(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()
    }

    #[test]
    fn the_typed_form_gives_the_worked_example_and_the_day_told() {
        // The second worked example above, typed: 1,000 kr/month, 32.26 kr/day.
        let told = parse_own_payment(&typed(), Some(kr(4_000)), today()).unwrap();
        assert_eq!((told.result.per_month, told.result.per_day), (kr(1_000), Ore(3_226)));
        assert!(told.result.capped);
        assert_eq!(told.told_on, NaiveDate::from_ymd_opt(2026, 2, 25));
        assert_eq!(
            told.input.fixed_expenses,
            expenses(&[("Husleje", kr(5_200)), ("Afdrag på gæld", kr(800))]),
            "an empty expense is left out"
        );
        assert_eq!(told.settings, kept(kr(4_000)));
        let untold = OwnPaymentForm { told_on: " ".into(), ..typed() };
        assert_eq!(parse_own_payment(&untold, Some(kr(4_000)), today()).unwrap().told_on, None);
    }

    #[test]
    fn without_an_amount_kept_in_the_profile_nothing_is_calculated() {
        assert_eq!(
            parse_own_payment(&typed(), None, today()),
            Err(vec![(None, OwnPaymentProblem::NoAmountKeptInProfile)])
        );
    }

    #[test]
    fn lodging_is_required_only_when_the_home_is_given_up() {
        let gives_up = OwnPaymentForm { keeps_own_home: false, ..typed() };
        assert_eq!(
            parse_own_payment(&gives_up, Some(kr(4_000)), today()),
            Err(vec![(Some(OwnPaymentField::LodgingPerDay), OwnPaymentProblem::Required)])
        );
    }

    #[test]
    fn every_typed_problem_is_named_at_its_field() {
        let bad = OwnPaymentForm {
            monthly_income: String::new(),
            fixed_expenses: vec![("Husleje".into(), "-5".into()), ("Andet".into(), "1,234".into())],
            keeps_own_home: false,
            food_per_day: "halvfjerds".into(),
            lodging_per_day: "40".into(),
            days_in_month: "32".into(),
            told_on: "18.03.2026".into(),
        };
        assert_eq!(
            parse_own_payment(&bad, Some(kr(4_000)), today()).unwrap_err(),
            vec![
                (Some(OwnPaymentField::MonthlyIncome), OwnPaymentProblem::Required),
                (Some(OwnPaymentField::FixedExpense(0)), OwnPaymentProblem::Negative),
                (Some(OwnPaymentField::FixedExpense(1)), OwnPaymentProblem::Money(MoneyParseError::TooManyDecimals)),
                (Some(OwnPaymentField::FoodPerDay), OwnPaymentProblem::Money(MoneyParseError::NotANumber)),
                (Some(OwnPaymentField::DaysInMonth), OwnPaymentProblem::DaysInMonth),
                (Some(OwnPaymentField::ToldOn), OwnPaymentProblem::InFuture),
            ]
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn input() -> impl Strategy<Value = (OwnPaymentInput, OwnPaymentSettings)> {
            (
                0i64..5_000_000,
                prop::collection::vec(0i64..2_000_000, 0..5),
                any::<bool>(),
                0i64..50_000,
                0i64..50_000,
                28u32..=31,
                0i64..1_000_000,
            )
                .prop_map(|(income, exp, keeps_own_home, food, lodging, days, kept_amount)| {
                    (
                        OwnPaymentInput {
                            monthly_income: Ore(income),
                            fixed_expenses: exp
                                .into_iter()
                                .enumerate()
                                .map(|(i, a)| (format!("udgift {i}"), Ore(a)))
                                .collect(),
                            keeps_own_home,
                            food_per_day: Ore(food),
                            lodging_per_day: Ore(lodging),
                            days_in_month: days,
                        },
                        kept(Ore(kept_amount)),
                    )
                })
        }

        proptest! {
            #[test]
            fn never_negative_and_never_more_than_food_and_lodging((input, settings) in input()) {
                let p = own_payment(&input, &settings).unwrap();
                prop_assert!(!p.per_month.is_negative());
                prop_assert!(!p.per_day.is_negative());
                let days = i64::from(input.days_in_month);
                let lodging = if input.keeps_own_home { Ore::ZERO } else { input.lodging_per_day * days };
                let uncapped = input.food_per_day * days + lodging;
                prop_assert_eq!(amount_of(&p, &L::FoodAndLodging), Some(uncapped));
                prop_assert!(p.per_month <= uncapped);
                prop_assert_eq!(p.capped, p.per_month < uncapped);
                prop_assert_eq!(p.per_day, p.per_month.div_round(days));
            }

            #[test]
            fn the_citizen_keeps_the_amount_kept_whenever_income_allows((input, settings) in input()) {
                let p = own_payment(&input, &settings).unwrap();
                let expenses: Ore = input.fixed_expenses.iter().map(|(_, a)| *a).sum();
                let kept = settings.amount_kept_per_month;
                let left = input.monthly_income - expenses;
                if left >= kept {
                    prop_assert!(left - p.per_month >= kept);
                } else {
                    prop_assert_eq!(p.per_month, Ore::ZERO);
                }
                // The payment is exactly the smaller of the two.
                let room = (left - kept).max(Ore::ZERO);
                prop_assert_eq!(amount_of(&p, &L::RoomToPay), Some(room));
                let uncapped = amount_of(&p, &L::FoodAndLodging).unwrap();
                prop_assert_eq!(p.per_month, uncapped.min(room));
            }

            #[test]
            fn the_lines_add_up((input, settings) in input()) {
                let p = own_payment(&input, &settings).unwrap();
                let sum = |pred: fn(&PaymentLineLabel) -> bool| -> Ore {
                    p.lines.iter().filter(|l| pred(&l.label)).map(|l| l.amount).sum()
                };
                let food_and_lodging =
                    sum(|l| matches!(l, L::Food { .. } | L::Lodging { .. } | L::LodgingNotCharged));
                prop_assert_eq!(Some(food_and_lodging), amount_of(&p, &L::FoodAndLodging));
                let room = sum(|l| matches!(l, L::Income | L::FixedExpense(_) | L::AmountKept));
                prop_assert_eq!(Some(room.max(Ore::ZERO)), amount_of(&p, &L::RoomToPay));
                prop_assert_eq!(amount_of(&p, &L::PerMonth), Some(p.per_month));
                prop_assert_eq!(amount_of(&p, &L::CappedAt).is_some(), p.capped);
                // Keeping one's home: no lodging line and lodging has no effect.
                if input.keeps_own_home {
                    let other = OwnPaymentInput { lodging_per_day: Ore(12_345), ..input.clone() };
                    prop_assert_eq!(own_payment(&other, &settings).unwrap(), p);
                }
            }
        }
    }
}

//! What a residential stay costs the municipality (domain.md 4 and 7.2).
//!
//! # The rules, in the order they are applied
//!
//! 1. **The days of the stay** run from the intake day (`start`) to the
//!    discharge day (`end`), both counted. A stay without an end is still
//!    running: it has no discharge day yet and runs to the window's last day.
//! 2. **Intake and discharge day.** The contract says whether each is billed.
//!    Not billing the intake day removes the first day; not billing the
//!    discharge day removes the last. A stay whose intake day *is* its
//!    discharge day has one day, which is both; it is billed when the
//!    contract bills either of the two (the day is removed only if the
//!    contract bills neither). So a one-day stay costs 1 day unless neither
//!    day is billed, and a two-day stay where neither is billed costs 0 days.
//! 3. **The window** (both ends counted) keeps only the billed days that lie in
//!    it: "so far" is a window ending today, "committed" one ending on
//!    31 December, a month or a year is its own window.
//! 4. **Prices.** A provider prices each service separately, and the stay is
//!    billed for each service it uses. A price is valid from its date until
//!    the day before the next price of the same service. A day with no valid
//!    price is an error ([`CostError::NoPriceForDate`]), not a free day.
//! 5. **Lines.** The billed days of each service are cut into lines at every
//!    price change *and at every month end*, whatever the price unit. So a
//!    line has one service, one price and lies in one calendar month.
//! 6. **Amount of a line** = `rate × days ÷ divisor`, rounded once per line
//!    with [`Ore::div_round`] (half an øre away from zero). The divisor is 1
//!    for a price per day (so nothing is rounded) and the number of days in
//!    the line's calendar month for a price per month (28, 29, 30 or 31). A
//!    whole month at a monthly price therefore costs exactly the monthly price.
//! 7. **Early-ending fee.** When the stay ended early (interrupted, unplanned:
//!    [`StayPeriod::ended_early`]) and its length — calendar days from intake
//!    to discharge, both counted, whatever the contract bills — is at most
//!    [`EarlyEndFee::within_days`], the fee is a line of its own, dated the
//!    discharge day, and is billed when that day is in the window. With 30
//!    days: a stay 1-30 January (30 days) pays the fee, 1-31 January (31
//!    days) does not.
//!
//! # Why the month totals add up to the stay total exactly
//!
//! Every line lies in one month, and a line's amount depends only on its own
//! service, price and days. A window cuts the billed days at its own two ends
//! only; cutting the same stay by a month or a year window inside that
//! window adds cuts only at month ends, which are line ends already. So the
//! lines computed for a month are exactly the lines of the whole stay that
//! fall in that month, rounded the same way, and the sum over months (or
//! years) equals the whole. [`CostBreakdown::by_month`] is just a grouping of
//! the lines. The one place a sum can differ is a window ending mid-month at
//! a monthly price ("so far, until the 15th" plus "the rest of the month"):
//! the two parts are rounded separately, at most 1 øre apart from the whole
//! month line. Daily prices are exact under any cut.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Ore;
use super::days_inclusive;
use crate::domain::dates::{days_in_month, first_of_month, last_of_month};

/// How a provider states a price. The serde names are the stable ids of the
/// store and the export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceUnit {
    PerDay,
    /// Turned into days by the days of each calendar month.
    PerMonth,
}

/// A service a provider prices separately; a stay is billed for each service
/// it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    Treatment,
    Stay,
    Other,
}

impl Service {
    pub const ALL: [Service; 3] = [Service::Treatment, Service::Stay, Service::Other];
}

impl PriceUnit {
    pub const ALL: [PriceUnit; 2] = [PriceUnit::PerDay, PriceUnit::PerMonth];
}

/// One price of one service, valid from `valid_from` until the day before
/// the next price of the same service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Price {
    pub service: Service,
    pub unit: PriceUnit,
    pub amount: Ore,
    pub valid_from: NaiveDate,
}

/// A fee for a stay that ends early, e.g. 2,500 kr within 30 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlyEndFee {
    /// The fee applies when the stay lasted at most this many calendar days,
    /// intake and discharge day both counted.
    pub within_days: u32,
    pub fee: Ore,
}

/// The billing terms of a provider's contract (settings per provider).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContractTerms {
    pub bill_intake_day: bool,
    pub bill_discharge_day: bool,
    pub early_end_fee: Option<EarlyEndFee>,
}

/// When a stay runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StayPeriod {
    /// The intake day.
    pub start: NaiveDate,
    /// The discharge day: the actual one for an ended stay, the planned one
    /// for a running or approved stay; `None` = running with no planned end.
    pub end: Option<NaiveDate>,
    /// The stay ended early (interrupted, unplanned); `end` is then the
    /// actual discharge day. Only this can bring the early-ending fee.
    pub ended_early: bool,
}

/// Everything needed to cost one stay: when it runs, which services it uses,
/// and the provider's prices and terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BilledStay<'a> {
    pub period: StayPeriod,
    pub services: &'a [Service],
    /// The provider's prices; may hold services the stay does not use.
    pub prices: &'a [Price],
    pub terms: ContractTerms,
}

/// The days that are billed: `first..=last`, both counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateWindow {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl DateWindow {
    pub fn new(first: NaiveDate, last: NaiveDate) -> DateWindow {
        DateWindow { first, last }
    }

    /// The days of the stay, intake to discharge: its whole cost. `None`
    /// while it runs with no planned end: such a stay needs a window with a
    /// real last day (today, 31 December, ...), since it is billed to it.
    pub fn whole_stay(period: &StayPeriod) -> Option<DateWindow> {
        Some(DateWindow { first: period.start, last: period.end? })
    }

    /// One calendar month; `None` for a month outside 1-12 or chrono's range.
    pub fn month(year: i32, month: u32) -> Option<DateWindow> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(DateWindow { first, last: last_of_month(first) })
    }

    /// One calendar year; `None` outside chrono's range.
    pub fn year(year: i32) -> Option<DateWindow> {
        Some(DateWindow { first: NaiveDate::from_ymd_opt(year, 1, 1)?, last: NaiveDate::from_ymd_opt(year, 12, 31)? })
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }
}

/// What a line bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CostLineKind {
    /// Billed days of one service at one price:
    /// `amount = div_round(rate × days, divisor)`, where `divisor` is 1 for
    /// a price per day and the days of the line's month for a price per month.
    Days { service: Service, unit: PriceUnit, rate: Ore, divisor: u32 },
    /// The early-ending fee: the stay lasted `stay_days` calendar days, at
    /// most the contract's `within_days`.
    EarlyEndFee { stay_days: u32, within_days: u32 },
}

/// One line of a stay's cost. A line never crosses a month end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CostLine {
    /// First billed day of the line (the discharge day for the fee).
    pub from: NaiveDate,
    /// Last billed day of the line, counted (the discharge day for the fee).
    pub to: NaiveDate,
    /// Billed days, `from..=to`; 0 for the fee.
    pub days: u32,
    pub amount: Ore,
    pub kind: CostLineKind,
}

impl CostLine {
    /// The service a days line bills; `None` for the fee.
    pub fn service(&self) -> Option<Service> {
        match self.kind {
            CostLineKind::Days { service, .. } => Some(service),
            CostLineKind::EarlyEndFee { .. } => None,
        }
    }
}

/// The cost of a stay within a window, line by line. Lines are in date
/// order; on the same day in the order of [`Service`], the fee last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostBreakdown {
    pub lines: Vec<CostLine>,
    pub total: Ore,
}

/// The cost that falls in one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MonthCost {
    pub year: i32,
    pub month: u32,
    pub amount: Ore,
}

/// The cost that falls in one calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct YearCost {
    pub year: i32,
    pub amount: Ore,
}

impl CostBreakdown {
    /// The lines grouped by calendar month, in order; only months with at
    /// least one line. Sums to [`CostBreakdown::total`] exactly.
    pub fn by_month(&self) -> Vec<MonthCost> {
        group_by_month(&self.lines)
    }

    /// The lines grouped by calendar year, in order; only years with at
    /// least one line. Sums to [`CostBreakdown::total`] exactly.
    pub fn by_year(&self) -> Vec<YearCost> {
        group_by_year(&self.by_month())
    }
}

/// Why a cost could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CostError {
    EndBeforeStart {
        start: NaiveDate,
        end: NaiveDate,
    },
    WindowEndsBeforeStart {
        first: NaiveDate,
        last: NaiveDate,
    },
    /// A billed day of a service the stay uses has no price valid on it.
    NoPriceForDate {
        service: Service,
        date: NaiveDate,
    },
    /// Two prices of the same service valid from the same day.
    DuplicatePrice {
        service: Service,
        valid_from: NaiveDate,
    },
    NegativePrice {
        service: Service,
        valid_from: NaiveDate,
    },
    NegativeFee,
    /// The stay lists a service twice; it would be billed twice.
    ServiceListedTwice(Service),
    /// An amount beyond what an `i64` of øre holds.
    TooLarge,
}

/// The cost of one stay: the billed days inside `window` (see the module
/// documentation for the rules), line by line, and the early-ending fee if
/// it applies and its day is in the window.
pub fn stay_cost(stay: &BilledStay<'_>, window: DateWindow) -> Result<CostBreakdown, CostError> {
    let period = stay.period;
    if let Some(end) = period.end
        && end < period.start
    {
        return Err(CostError::EndBeforeStart { start: period.start, end });
    }
    if window.last < window.first {
        return Err(CostError::WindowEndsBeforeStart { first: window.first, last: window.last });
    }
    check_prices(stay.prices)?;
    for (i, service) in stay.services.iter().enumerate() {
        if stay.services[..i].contains(service) {
            return Err(CostError::ServiceListedTwice(*service));
        }
    }
    let fee = match stay.terms.early_end_fee {
        Some(fee) if fee.fee.is_negative() => return Err(CostError::NegativeFee),
        fee => fee,
    };

    let mut lines = Vec::new();
    if let Some((from, to)) = billed_days(&period, &stay.terms, window) {
        for &service in stay.services {
            let mut schedule: Vec<&Price> = stay.prices.iter().filter(|p| p.service == service).collect();
            schedule.sort_by_key(|p| p.valid_from);
            service_lines(service, &schedule, from, to, &mut lines)?;
        }
    }
    if let (true, Some(end), Some(fee)) = (period.ended_early, period.end, fee) {
        let stay_days = days_inclusive(period.start, end);
        if stay_days <= fee.within_days && window.contains(end) {
            lines.push(CostLine {
                from: end,
                to: end,
                days: 0,
                amount: fee.fee,
                kind: CostLineKind::EarlyEndFee { stay_days, within_days: fee.within_days },
            });
        }
    }
    lines.sort_by_key(|line| match line.kind {
        CostLineKind::Days { service, .. } => (line.from, 0, Some(service)),
        CostLineKind::EarlyEndFee { .. } => (line.from, 1, None),
    });
    let total = checked_sum(lines.iter().map(|l| l.amount))?;
    Ok(CostBreakdown { lines, total })
}

/// [`stay_cost`] per calendar month.
pub fn cost_by_month(stay: &BilledStay<'_>, window: DateWindow) -> Result<Vec<MonthCost>, CostError> {
    Ok(stay_cost(stay, window)?.by_month())
}

/// [`stay_cost`] per calendar year.
pub fn cost_by_year(stay: &BilledStay<'_>, window: DateWindow) -> Result<Vec<YearCost>, CostError> {
    Ok(stay_cost(stay, window)?.by_year())
}

/// The cost of several stays within a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    /// One breakdown per stay, in the order given.
    pub stays: Vec<CostBreakdown>,
    /// All stays together, per calendar month.
    pub by_month: Vec<MonthCost>,
    pub total: Ore,
    /// Indexes of stays with no planned end that started by the window's
    /// last day: they are counted to the window's last day, which a reader
    /// should know.
    pub without_planned_end: Vec<usize>,
}

/// Which stay of a forecast could not be costed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastError {
    pub stay_index: usize,
    pub error: CostError,
}

/// The forecast of committed cost: each stay up to its planned (or actual)
/// end, clipped to the window. The caller passes the stays that count —
/// running and approved ones; an ended stay passed here costs its actual
/// days in the window, fee included.
pub fn forecast(stays: &[BilledStay<'_>], window: DateWindow) -> Result<Forecast, ForecastError> {
    let mut breakdowns = Vec::with_capacity(stays.len());
    let mut total = Ore::ZERO;
    let mut without_planned_end = Vec::new();
    for (stay_index, stay) in stays.iter().enumerate() {
        let breakdown = stay_cost(stay, window).map_err(|error| ForecastError { stay_index, error })?;
        total = total
            .0
            .checked_add(breakdown.total.0)
            .map(Ore)
            .ok_or(ForecastError { stay_index, error: CostError::TooLarge })?;
        if stay.period.end.is_none() && stay.period.start <= window.last {
            without_planned_end.push(stay_index);
        }
        breakdowns.push(breakdown);
    }
    // Amounts are never negative, so no month can exceed the checked total.
    let by_month = group_by_month(breakdowns.iter().flat_map(|b| b.lines.iter()));
    Ok(Forecast { stays: breakdowns, by_month, total, without_planned_end })
}

/// The first price in the list's order that is negative or repeats an
/// earlier price's service and day, as that error (negative first when one
/// price is both). The repeats are found by sorting the keys: a provider's
/// prices are checked for every stay costed, twice a stay when the Døgn
/// pane loads, and comparing each price with all before it was a tenth of
/// that load.
fn check_prices(prices: &[Price]) -> Result<(), CostError> {
    let mut keys: Vec<(Service, NaiveDate, usize)> =
        prices.iter().enumerate().map(|(i, p)| (p.service, p.valid_from, i)).collect();
    keys.sort_unstable();
    // Equal keys sort by position: each pair's second repeats the first.
    let repeat = keys.windows(2).filter(|w| w[0].0 == w[1].0 && w[0].1 == w[1].1).map(|w| w[1].2).min();
    let negative = prices.iter().position(|p| p.amount.is_negative());
    match (negative, repeat) {
        (Some(n), r) if r.is_none_or(|r| n <= r) => {
            Err(CostError::NegativePrice { service: prices[n].service, valid_from: prices[n].valid_from })
        }
        (_, Some(r)) => Err(CostError::DuplicatePrice { service: prices[r].service, valid_from: prices[r].valid_from }),
        _ => Ok(()),
    }
}

/// The billed days of a stay inside the window, `(first, last)` both
/// counted, or `None` when no day is billed.
fn billed_days(period: &StayPeriod, terms: &ContractTerms, window: DateWindow) -> Option<(NaiveDate, NaiveDate)> {
    let start = period.start;
    let (first, last) = match period.end {
        // Intake day = discharge day: one day, billed if either is billed.
        Some(end) if end == start => {
            if !(terms.bill_intake_day || terms.bill_discharge_day) {
                return None;
            }
            (start, end)
        }
        Some(end) => {
            let first = if terms.bill_intake_day { start } else { start.succ_opt()? };
            let last = if terms.bill_discharge_day { end } else { end.pred_opt()? };
            (first, last)
        }
        // Still running: no discharge day yet.
        None => {
            let first = if terms.bill_intake_day { start } else { start.succ_opt()? };
            (first, window.last)
        }
    };
    let first = first.max(window.first);
    let last = last.min(window.last);
    (first <= last).then_some((first, last))
}

/// Cuts `from..=to` of one service into lines at price changes and month
/// ends and appends them.
fn service_lines(
    service: Service,
    schedule: &[&Price],
    from: NaiveDate,
    to: NaiveDate,
    lines: &mut Vec<CostLine>,
) -> Result<(), CostError> {
    let mut day = from;
    loop {
        let valid = schedule.partition_point(|p| p.valid_from <= day);
        let Some(price) = valid.checked_sub(1).map(|i| schedule[i]) else {
            return Err(CostError::NoPriceForDate { service, date: day });
        };
        let mut last = to.min(last_of_month(day));
        if let Some(next) = schedule.get(valid) {
            // next.valid_from > day >= NaiveDate::MIN, so it has a day before.
            last = last.min(next.valid_from.pred_opt().expect("a day before a later date"));
        }
        let days = days_inclusive(day, last);
        let divisor = match price.unit {
            PriceUnit::PerDay => 1,
            PriceUnit::PerMonth => days_in_month(day),
        };
        debug_assert_eq!(first_of_month(day), first_of_month(last));
        let amount = price
            .amount
            .0
            .checked_mul(i64::from(days))
            .map(|v| Ore(v).div_round(i64::from(divisor)))
            .ok_or(CostError::TooLarge)?;
        lines.push(CostLine {
            from: day,
            to: last,
            days,
            amount,
            kind: CostLineKind::Days { service, unit: price.unit, rate: price.amount, divisor },
        });
        if last >= to {
            return Ok(());
        }
        day = last.succ_opt().expect("last < to, so a next day exists");
    }
}

fn checked_sum(mut amounts: impl Iterator<Item = Ore>) -> Result<Ore, CostError> {
    amounts.try_fold(Ore::ZERO, |acc, a| acc.0.checked_add(a.0).map(Ore).ok_or(CostError::TooLarge))
}

/// Groups lines by the month of their first day (a line never crosses a
/// month end). Callers guarantee the sum fits: amounts are never negative
/// and the total has been summed with overflow checks.
fn group_by_month<'a>(lines: impl IntoIterator<Item = &'a CostLine>) -> Vec<MonthCost> {
    let mut months: Vec<MonthCost> = Vec::new();
    for line in lines {
        let (year, month) = (line.from.year(), line.from.month());
        match months.iter_mut().find(|m| m.year == year && m.month == month) {
            Some(m) => m.amount += line.amount,
            None => months.push(MonthCost { year, month, amount: line.amount }),
        }
    }
    months.sort_by_key(|m| (m.year, m.month));
    months
}

fn group_by_year(months: &[MonthCost]) -> Vec<YearCost> {
    let mut years: Vec<YearCost> = Vec::new();
    for m in months {
        match years.last_mut() {
            Some(y) if y.year == m.year => y.amount += m.amount,
            _ => years.push(YearCost { year: m.year, amount: m.amount }),
        }
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    impl DateWindow {
        /// Every day chrono knows. Only for ended stays: a running one would
        /// be billed month by month to the year 262143.
        fn unbounded() -> DateWindow {
            DateWindow { first: NaiveDate::MIN, last: NaiveDate::MAX }
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn kr(kr: i64) -> Ore {
        Ore::from_kr(kr)
    }

    fn price(service: Service, unit: PriceUnit, amount: Ore, valid_from: NaiveDate) -> Price {
        Price { service, unit, amount, valid_from }
    }

    fn daily(amount: Ore, valid_from: NaiveDate) -> Price {
        price(Service::Treatment, PriceUnit::PerDay, amount, valid_from)
    }

    fn monthly(amount: Ore, valid_from: NaiveDate) -> Price {
        price(Service::Treatment, PriceUnit::PerMonth, amount, valid_from)
    }

    fn terms(bill_intake_day: bool, bill_discharge_day: bool) -> ContractTerms {
        ContractTerms { bill_intake_day, bill_discharge_day, early_end_fee: None }
    }

    const ALL_DAYS: ContractTerms =
        ContractTerms { bill_intake_day: true, bill_discharge_day: true, early_end_fee: None };

    const TREATMENT: &[Service] = &[Service::Treatment];

    fn period(start: NaiveDate, end: Option<NaiveDate>) -> StayPeriod {
        StayPeriod { start, end, ended_early: false }
    }

    fn stay<'a>(period: StayPeriod, prices: &'a [Price], terms: ContractTerms) -> BilledStay<'a> {
        BilledStay { period, services: TREATMENT, prices, terms }
    }

    fn whole(stay: &BilledStay<'_>) -> CostBreakdown {
        stay_cost(stay, DateWindow::unbounded()).unwrap()
    }

    /// (from, to, days, amount) of every line.
    fn spans(b: &CostBreakdown) -> Vec<(NaiveDate, NaiveDate, u32, Ore)> {
        b.lines.iter().map(|l| (l.from, l.to, l.days, l.amount)).collect()
    }

    #[test]
    fn a_stay_across_a_price_change_is_split_at_the_change() {
        // 1,000 kr/day until 15 March, 1,100 kr/day from 16 March (listed out
        // of order on purpose). Stay 10-20 March, every day billed:
        //   10-15 March: 6 days × 1,000 = 6,000 kr
        //   16-20 March: 5 days × 1,100 = 5,500 kr   total 11,500 kr
        let prices = [daily(kr(1_100), d(2027, 3, 16)), daily(kr(1_000), d(2027, 1, 1))];
        let b = whole(&stay(period(d(2027, 3, 10), Some(d(2027, 3, 20))), &prices, ALL_DAYS));
        assert_eq!(
            spans(&b),
            vec![(d(2027, 3, 10), d(2027, 3, 15), 6, kr(6_000)), (d(2027, 3, 16), d(2027, 3, 20), 5, kr(5_500)),]
        );
        assert_eq!(b.total, kr(11_500));
        assert!(matches!(
            b.lines[1].kind,
            CostLineKind::Days { service: Service::Treatment, unit: PriceUnit::PerDay, rate, divisor: 1 }
                if rate == kr(1_100)
        ));

        // A change on the intake day itself: the new price from the first day.
        let b = whole(&stay(period(d(2027, 3, 16), Some(d(2027, 3, 17))), &prices, ALL_DAYS));
        assert_eq!(spans(&b), vec![(d(2027, 3, 16), d(2027, 3, 17), 2, kr(2_200))]);
    }

    #[test]
    fn a_stay_across_month_ends_and_29_february_2028() {
        // 1,000 kr/day, 30 January - 2 March 2028, every day billed:
        // 2 + 29 + 2 = 33 days = 33,000 kr; lines cut at each month end.
        let prices = [daily(kr(1_000), d(2020, 1, 1))];
        let s = stay(period(d(2028, 1, 30), Some(d(2028, 3, 2))), &prices, ALL_DAYS);
        let b = whole(&s);
        assert_eq!(
            spans(&b),
            vec![
                (d(2028, 1, 30), d(2028, 1, 31), 2, kr(2_000)),
                (d(2028, 2, 1), d(2028, 2, 29), 29, kr(29_000)),
                (d(2028, 3, 1), d(2028, 3, 2), 2, kr(2_000)),
            ]
        );
        assert_eq!(b.total, kr(33_000));
        assert_eq!(
            cost_by_month(&s, DateWindow::unbounded()).unwrap(),
            vec![
                MonthCost { year: 2028, month: 1, amount: kr(2_000) },
                MonthCost { year: 2028, month: 2, amount: kr(29_000) },
                MonthCost { year: 2028, month: 3, amount: kr(2_000) },
            ]
        );
    }

    #[test]
    fn a_monthly_price_across_29_february_2028() {
        // 29,000 kr/month, 27 February - 2 March 2028:
        //   27-29 Feb: 2,900,000 øre × 3 / 29 = 300,000 øre    (3,000.00 kr)
        //   1-2 Mar:   2,900,000 øre × 2 / 31 = 187,096.77 øre → 187,097 øre
        let prices = [monthly(kr(29_000), d(2020, 1, 1))];
        let b = whole(&stay(period(d(2028, 2, 27), Some(d(2028, 3, 2))), &prices, ALL_DAYS));
        assert_eq!(
            spans(&b),
            vec![(d(2028, 2, 27), d(2028, 2, 29), 3, Ore(300_000)), (d(2028, 3, 1), d(2028, 3, 2), 2, Ore(187_097)),]
        );
        assert_eq!(b.total, Ore(487_097));
        assert!(matches!(b.lines[0].kind, CostLineKind::Days { divisor: 29, .. }));
        assert!(matches!(b.lines[1].kind, CostLineKind::Days { divisor: 31, .. }));
    }

    #[test]
    fn intake_and_discharge_day_billed_or_not_all_four_combinations() {
        // 10-20 January 2027 is 11 calendar days; 100 kr/day.
        let prices = [daily(kr(100), d(2020, 1, 1))];
        let p = period(d(2027, 1, 10), Some(d(2027, 1, 20)));
        for (intake, discharge, from, to, days) in
            [(true, true, 10, 20, 11), (true, false, 10, 19, 10), (false, true, 11, 20, 10), (false, false, 11, 19, 9)]
        {
            let b = whole(&stay(p, &prices, terms(intake, discharge)));
            assert_eq!(
                spans(&b),
                vec![(d(2027, 1, from), d(2027, 1, to), days, kr(100) * i64::from(days))],
                "intake {intake}, discharge {discharge}"
            );
        }
    }

    #[test]
    fn intake_day_equal_to_discharge_day_is_billed_if_either_is_billed() {
        let prices = [daily(kr(100), d(2020, 1, 1))];
        let one_day = period(d(2027, 1, 10), Some(d(2027, 1, 10)));
        for (intake, discharge, days) in [(true, true, 1), (true, false, 1), (false, true, 1), (false, false, 0)] {
            let b = whole(&stay(one_day, &prices, terms(intake, discharge)));
            assert_eq!(b.lines.iter().map(|l| l.days).sum::<u32>(), days);
            assert_eq!(b.total, kr(100) * i64::from(days));
        }
        // Two days: each flag removes its own day.
        let two_days = period(d(2027, 1, 10), Some(d(2027, 1, 11)));
        assert_eq!(whole(&stay(two_days, &prices, terms(false, false))).lines, vec![]);
        let b = whole(&stay(two_days, &prices, terms(true, false)));
        assert_eq!(spans(&b), vec![(d(2027, 1, 10), d(2027, 1, 10), 1, kr(100))]);
        let b = whole(&stay(two_days, &prices, terms(false, true)));
        assert_eq!(spans(&b), vec![(d(2027, 1, 11), d(2027, 1, 11), 1, kr(100))]);
    }

    #[test]
    fn a_running_stay_is_billed_to_the_window_end_and_the_window_clips() {
        let prices = [daily(kr(100), d(2020, 1, 1))];
        let running = stay(period(d(2027, 1, 10), None), &prices, terms(false, false));
        // No discharge day yet; intake day not billed: 11-31 January = 21 days.
        let january = DateWindow::month(2027, 1).unwrap();
        let b = stay_cost(&running, january).unwrap();
        assert_eq!(spans(&b), vec![(d(2027, 1, 11), d(2027, 1, 31), 21, kr(2_100))]);
        // A window starting after intake: "so far" in February up to the 10th.
        let so_far = DateWindow::new(d(2027, 2, 1), d(2027, 2, 10));
        let b = stay_cost(&running, so_far).unwrap();
        assert_eq!(spans(&b), vec![(d(2027, 2, 1), d(2027, 2, 10), 10, kr(1_000))]);
        // A window before the stay: nothing.
        let before = DateWindow::month(2026, 12).unwrap();
        assert_eq!(stay_cost(&running, before).unwrap().total, Ore::ZERO);
    }

    #[test]
    fn monthly_price_in_february_with_28_days() {
        // 28,000 kr/month in February 2027 (28 days).
        let prices = [monthly(kr(28_000), d(2020, 1, 1))];
        let long = stay(period(d(2027, 1, 15), Some(d(2027, 3, 15))), &prices, ALL_DAYS);
        // The whole month costs the monthly price: 2,800,000 × 28 / 28.
        let feb = stay_cost(&long, DateWindow::month(2027, 2).unwrap()).unwrap();
        assert_eq!(spans(&feb), vec![(d(2027, 2, 1), d(2027, 2, 28), 28, kr(28_000))]);
        // 1-10 February: 2,800,000 × 10 / 28 = 1,000,000 øre = 10,000 kr.
        let ten = stay(period(d(2027, 2, 1), Some(d(2027, 2, 10))), &prices, ALL_DAYS);
        assert_eq!(whole(&ten).total, kr(10_000));
        // Half an øre rounds away from zero: 28,000.01 kr = 2,800,001 øre,
        // 14 days: 2,800,001 × 14 / 28 = 1,400,000.5 → 1,400,001 øre.
        let odd = [monthly(Ore(2_800_001), d(2020, 1, 1))];
        let half = stay(period(d(2027, 2, 1), Some(d(2027, 2, 14))), &odd, ALL_DAYS);
        assert_eq!(whole(&half).total, Ore(1_400_001));
    }

    #[test]
    fn monthly_price_in_february_with_29_days() {
        // 30,000 kr/month in February 2028 (29 days).
        let prices = [monthly(kr(30_000), d(2020, 1, 1))];
        let long = stay(period(d(2028, 1, 15), Some(d(2028, 3, 15))), &prices, ALL_DAYS);
        let feb = stay_cost(&long, DateWindow::month(2028, 2).unwrap()).unwrap();
        assert_eq!(spans(&feb), vec![(d(2028, 2, 1), d(2028, 2, 29), 29, kr(30_000))]);
        // 1-10 February: 3,000,000 × 10 / 29 = 1,034,482.76 → 1,034,483 øre.
        let ten = stay(period(d(2028, 2, 1), Some(d(2028, 2, 10))), &prices, ALL_DAYS);
        assert_eq!(whole(&ten).total, Ore(1_034_483));
        // The same 10 days in February 2027 (28 days) cost more per day:
        // 3,000,000 × 10 / 28 = 1,071,428.57 → 1,071,429 øre.
        let ten = stay(period(d(2027, 2, 1), Some(d(2027, 2, 10))), &prices, ALL_DAYS);
        assert_eq!(whole(&ten).total, Ore(1_071_429));
    }

    #[test]
    fn monthly_price_in_31_day_months() {
        // 31,000 kr/month: 10 days of January = 3,100,000 × 10 / 31 = 10,000 kr.
        let even = [monthly(kr(31_000), d(2020, 1, 1))];
        let ten = stay(period(d(2027, 1, 1), Some(d(2027, 1, 10))), &even, ALL_DAYS);
        assert_eq!(whole(&ten).total, kr(10_000));
        // 30,000 kr/month: a whole January is 30,000 kr exactly, not 31 ×
        // a rounded daily rate; 10 days = 3,000,000 × 10 / 31
        // = 967,741.94 → 967,742 øre.
        let prices = [monthly(kr(30_000), d(2020, 1, 1))];
        let jan = stay(period(d(2027, 1, 1), Some(d(2027, 1, 31))), &prices, ALL_DAYS);
        assert_eq!(whole(&jan).total, kr(30_000));
        let ten = stay(period(d(2027, 1, 1), Some(d(2027, 1, 10))), &prices, ALL_DAYS);
        assert_eq!(whole(&ten).total, Ore(967_742));
        // 20 January - 10 February 2027, one line per month:
        //   20-31 Jan: 3,000,000 × 12 / 31 = 1,161,290.32 → 1,161,290 øre
        //   1-10 Feb:  3,000,000 × 10 / 28 = 1,071,428.57 → 1,071,429 øre
        let across = stay(period(d(2027, 1, 20), Some(d(2027, 2, 10))), &prices, ALL_DAYS);
        let b = whole(&across);
        assert_eq!(
            spans(&b),
            vec![
                (d(2027, 1, 20), d(2027, 1, 31), 12, Ore(1_161_290)),
                (d(2027, 2, 1), d(2027, 2, 10), 10, Ore(1_071_429)),
            ]
        );
        assert_eq!(b.total, Ore(2_232_719));
    }

    fn with_fee(within_days: u32) -> ContractTerms {
        ContractTerms { early_end_fee: Some(EarlyEndFee { within_days, fee: kr(2_500) }), ..ALL_DAYS }
    }

    fn ended_early(start: NaiveDate, end: NaiveDate) -> StayPeriod {
        StayPeriod { start, end: Some(end), ended_early: true }
    }

    fn fee_lines(b: &CostBreakdown) -> Vec<CostLine> {
        b.lines.iter().copied().filter(|l| l.service().is_none()).collect()
    }

    #[test]
    fn early_ending_within_the_fee_window() {
        // 2,500 kr if the stay ends within 30 days; 1,000 kr/day.
        // 1-20 January = 20 days: 20,000 kr + 2,500 kr, the fee dated 20 Jan.
        let prices = [daily(kr(1_000), d(2020, 1, 1))];
        let s = stay(ended_early(d(2027, 1, 1), d(2027, 1, 20)), &prices, with_fee(30));
        let b = stay_cost(&s, DateWindow::whole_stay(&s.period).unwrap()).unwrap();
        assert_eq!(b, whole(&s));
        assert_eq!(DateWindow::whole_stay(&period(d(2027, 1, 1), None)), None);
        assert_eq!(
            fee_lines(&b),
            vec![CostLine {
                from: d(2027, 1, 20),
                to: d(2027, 1, 20),
                days: 0,
                amount: kr(2_500),
                kind: CostLineKind::EarlyEndFee { stay_days: 20, within_days: 30 },
            }]
        );
        assert_eq!(b.total, kr(22_500));
        assert_eq!(b.lines.last().unwrap().service(), None, "the fee is the last line");
    }

    #[test]
    fn early_ending_exactly_on_the_edge_and_just_outside() {
        let prices = [daily(kr(1_000), d(2020, 1, 1))];
        let start = d(2027, 1, 1);
        // 1-29 January: 29 days, just inside.
        let b = whole(&stay(ended_early(start, d(2027, 1, 29)), &prices, with_fee(30)));
        assert_eq!(fee_lines(&b).len(), 1);
        // 1-30 January: 30 days, exactly on the edge: the fee applies.
        let b = whole(&stay(ended_early(start, d(2027, 1, 30)), &prices, with_fee(30)));
        assert_eq!(fee_lines(&b).len(), 1);
        assert_eq!(b.total, kr(30_000 + 2_500));
        // 1-31 January: 31 days, just outside: no fee.
        let b = whole(&stay(ended_early(start, d(2027, 1, 31)), &prices, with_fee(30)));
        assert_eq!(fee_lines(&b), vec![]);
        assert_eq!(b.total, kr(31_000));
        // The length counts calendar days whatever the contract bills: with
        // neither intake nor discharge day billed, 1-30 January still pays.
        let no_ends = ContractTerms { bill_intake_day: false, bill_discharge_day: false, ..with_fee(30) };
        let b = whole(&stay(ended_early(start, d(2027, 1, 30)), &prices, no_ends));
        assert_eq!(b.total, kr(28_000 + 2_500));
    }

    #[test]
    fn no_fee_for_a_planned_ending_a_contract_without_one_or_a_day_outside_the_window() {
        let prices = [daily(kr(1_000), d(2020, 1, 1))];
        let planned = period(d(2027, 1, 1), Some(d(2027, 1, 10)));
        assert_eq!(fee_lines(&whole(&stay(planned, &prices, with_fee(30)))), vec![]);
        let early = ended_early(d(2027, 1, 1), d(2027, 1, 10));
        assert_eq!(fee_lines(&whole(&stay(early, &prices, ALL_DAYS))), vec![]);
        // The fee belongs to the window holding the discharge day.
        let s = stay(ended_early(d(2027, 1, 25), d(2027, 2, 3)), &prices, with_fee(30));
        let jan = stay_cost(&s, DateWindow::month(2027, 1).unwrap()).unwrap();
        let feb = stay_cost(&s, DateWindow::month(2027, 2).unwrap()).unwrap();
        assert_eq!(fee_lines(&jan), vec![]);
        assert_eq!(fee_lines(&feb).len(), 1);
        assert_eq!(jan.total + feb.total, whole(&s).total);
        // A one-day stay ended early with neither day billed: 0 days + the fee.
        let no_ends = ContractTerms { bill_intake_day: false, bill_discharge_day: false, ..with_fee(30) };
        let one = stay(ended_early(d(2027, 1, 5), d(2027, 1, 5)), &prices, no_ends);
        let b = whole(&one);
        assert_eq!(b.total, kr(2_500));
        assert!(matches!(b.lines[..], [CostLine { kind: CostLineKind::EarlyEndFee { stay_days: 1, .. }, .. }]));
    }

    #[test]
    fn each_service_is_billed_at_its_own_price() {
        // Treatment 800 kr/day, stay (lodging) 15,000 kr/month; a price for
        // a service the stay does not use is ignored. 30 Jan - 2 Feb 2027:
        //   Treatment 30-31 Jan: 2 × 800 = 1,600 kr; 1-2 Feb the same
        //   Stay 30-31 Jan: 1,500,000 × 2 / 31 = 96,774.19 → 96,774 øre
        //   Stay 1-2 Feb:   1,500,000 × 2 / 28 = 107,142.86 → 107,143 øre
        let prices = [
            price(Service::Stay, PriceUnit::PerMonth, kr(15_000), d(2020, 1, 1)),
            price(Service::Treatment, PriceUnit::PerDay, kr(800), d(2020, 1, 1)),
            price(Service::Other, PriceUnit::PerDay, kr(99), d(2020, 1, 1)),
        ];
        let s = BilledStay {
            period: period(d(2027, 1, 30), Some(d(2027, 2, 2))),
            services: &[Service::Stay, Service::Treatment],
            prices: &prices,
            terms: ALL_DAYS,
        };
        let b = whole(&s);
        let got: Vec<_> = b.lines.iter().map(|l| (l.service().unwrap(), l.from, l.amount)).collect();
        assert_eq!(
            got,
            vec![
                (Service::Treatment, d(2027, 1, 30), kr(1_600)),
                (Service::Stay, d(2027, 1, 30), Ore(96_774)),
                (Service::Treatment, d(2027, 2, 1), kr(1_600)),
                (Service::Stay, d(2027, 2, 1), Ore(107_143)),
            ]
        );
        assert_eq!(b.total, Ore(160_000 + 96_774 + 160_000 + 107_143));
    }

    #[test]
    fn nonsense_is_a_typed_error() {
        let prices = [daily(kr(100), d(2027, 2, 1))];
        let bad_end = stay(period(d(2027, 2, 10), Some(d(2027, 2, 9))), &prices, ALL_DAYS);
        assert_eq!(
            stay_cost(&bad_end, DateWindow::unbounded()),
            Err(CostError::EndBeforeStart { start: d(2027, 2, 10), end: d(2027, 2, 9) })
        );
        let ok = stay(period(d(2027, 2, 10), Some(d(2027, 2, 12))), &prices, ALL_DAYS);
        let reversed = DateWindow::new(d(2027, 3, 1), d(2027, 2, 1));
        assert_eq!(
            stay_cost(&ok, reversed),
            Err(CostError::WindowEndsBeforeStart { first: d(2027, 3, 1), last: d(2027, 2, 1) })
        );
        // The first billed day has no price yet.
        let early = stay(period(d(2027, 1, 30), Some(d(2027, 2, 3))), &prices, ALL_DAYS);
        assert_eq!(
            stay_cost(&early, DateWindow::unbounded()),
            Err(CostError::NoPriceForDate { service: Service::Treatment, date: d(2027, 1, 30) })
        );
        // ... but a day that is not billed needs no price (31 Jan is the
        // unbilled intake day; 1 Feb has a price).
        let unbilled = stay(period(d(2027, 1, 31), Some(d(2027, 2, 3))), &prices, terms(false, true));
        assert_eq!(whole(&unbilled).total, kr(300));
        // ... nor does a day outside the window.
        assert_eq!(stay_cost(&early, DateWindow::month(2027, 2).unwrap()).unwrap().total, kr(300));

        let dup = [daily(kr(100), d(2027, 1, 1)), daily(kr(200), d(2027, 1, 1))];
        assert_eq!(
            stay_cost(&stay(ok.period, &dup, ALL_DAYS), DateWindow::unbounded()),
            Err(CostError::DuplicatePrice { service: Service::Treatment, valid_from: d(2027, 1, 1) })
        );
        let negative = [daily(Ore(-1), d(2027, 1, 1))];
        assert_eq!(
            stay_cost(&stay(ok.period, &negative, ALL_DAYS), DateWindow::unbounded()),
            Err(CostError::NegativePrice { service: Service::Treatment, valid_from: d(2027, 1, 1) })
        );
        // The first bad price in the list's order is named, the negative
        // one when a price is both: a repeat after a negative price, a
        // negative price after a repeat, three of a day.
        let other = |amount, on| Price { service: Service::Stay, ..daily(amount, on) };
        let list = [
            daily(kr(100), d(2027, 1, 1)),
            other(kr(50), d(2027, 1, 1)),
            other(Ore(-5), d(2027, 3, 1)),
            daily(kr(200), d(2027, 1, 1)),
        ];
        let costed = |prices: &[Price]| stay_cost(&stay(ok.period, prices, ALL_DAYS), DateWindow::unbounded());
        assert_eq!(costed(&list), Err(CostError::NegativePrice { service: Service::Stay, valid_from: d(2027, 3, 1) }));
        let (first, rest) = list.split_at(2);
        let repeat_first = [first, &rest[1..], &rest[..1]].concat();
        assert_eq!(
            costed(&repeat_first),
            Err(CostError::DuplicatePrice { service: Service::Treatment, valid_from: d(2027, 1, 1) })
        );
        let both = [daily(kr(100), d(2027, 1, 1)), daily(Ore(-1), d(2027, 1, 1))];
        assert_eq!(
            costed(&both),
            Err(CostError::NegativePrice { service: Service::Treatment, valid_from: d(2027, 1, 1) })
        );
        let three = [
            other(kr(1), d(2027, 5, 1)),
            daily(kr(1), d(2027, 2, 1)),
            other(kr(2), d(2027, 5, 1)),
            other(kr(3), d(2027, 5, 1)),
        ];
        assert_eq!(
            costed(&three),
            Err(CostError::DuplicatePrice { service: Service::Stay, valid_from: d(2027, 5, 1) })
        );
        let negative_fee =
            ContractTerms { early_end_fee: Some(EarlyEndFee { within_days: 30, fee: Ore(-1) }), ..ALL_DAYS };
        assert_eq!(
            stay_cost(&stay(ok.period, &prices, negative_fee), DateWindow::unbounded()),
            Err(CostError::NegativeFee)
        );
        let twice = BilledStay { services: &[Service::Treatment, Service::Treatment], ..ok };
        assert_eq!(stay_cost(&twice, DateWindow::unbounded()), Err(CostError::ServiceListedTwice(Service::Treatment)));
        let huge = [daily(Ore(i64::MAX / 2), d(2027, 1, 1))];
        assert_eq!(stay_cost(&stay(ok.period, &huge, ALL_DAYS), DateWindow::unbounded()), Err(CostError::TooLarge));
    }

    #[test]
    fn cost_per_year_across_new_year() {
        // 100 kr/day, 30 December 2027 - 2 January 2028.
        let prices = [daily(kr(100), d(2020, 1, 1))];
        let s = stay(period(d(2027, 12, 30), Some(d(2028, 1, 2))), &prices, ALL_DAYS);
        assert_eq!(
            cost_by_year(&s, DateWindow::unbounded()).unwrap(),
            vec![YearCost { year: 2027, amount: kr(200) }, YearCost { year: 2028, amount: kr(200) }]
        );
        let only_2028 = stay_cost(&s, DateWindow::year(2028).unwrap()).unwrap();
        assert_eq!(only_2028.total, kr(200));
    }

    #[test]
    fn forecast_of_running_and_approved_stays() {
        // 2027, 1,000 kr/day, every day billed:
        //   0: running since Nov 2026, planned end 31 March: 31+28+31 = 90 days
        //   1: approved, 20 Dec 2027 - 15 Feb 2028: 20-31 Dec = 12 days
        //   2: running since 1 June, no planned end: June-Dec = 214 days
        // total 316 days = 316,000 kr.
        let prices = [daily(kr(1_000), d(2020, 1, 1))];
        let stays = [
            stay(period(d(2026, 11, 1), Some(d(2027, 3, 31))), &prices, ALL_DAYS),
            stay(period(d(2027, 12, 20), Some(d(2028, 2, 15))), &prices, ALL_DAYS),
            stay(period(d(2027, 6, 1), None), &prices, ALL_DAYS),
        ];
        let f = forecast(&stays, DateWindow::year(2027).unwrap()).unwrap();
        assert_eq!(f.total, kr(316_000));
        assert_eq!(f.stays.iter().map(|b| b.total).collect::<Vec<_>>(), vec![kr(90_000), kr(12_000), kr(214_000)]);
        assert_eq!(f.without_planned_end, vec![2]);
        let months: Vec<(u32, Ore)> = f.by_month.iter().map(|m| (m.month, m.amount)).collect();
        assert_eq!(
            months,
            vec![
                (1, kr(31_000)),
                (2, kr(28_000)),
                (3, kr(31_000)),
                (6, kr(30_000)),
                (7, kr(31_000)),
                (8, kr(31_000)),
                (9, kr(30_000)),
                (10, kr(31_000)),
                (11, kr(30_000)),
                (12, kr(31_000 + 12_000)),
            ]
        );
        assert_eq!(f.by_month.iter().map(|m| m.amount).sum::<Ore>(), f.total);

        // A stay that cannot be costed is named by its place in the list.
        let late = [daily(kr(1_000), d(2027, 12, 25))];
        let stays = [stays[0], stay(stays[1].period, &late, ALL_DAYS)];
        assert_eq!(
            forecast(&stays, DateWindow::year(2027).unwrap()),
            Err(ForecastError {
                stay_index: 1,
                error: CostError::NoPriceForDate { service: Service::Treatment, date: d(2027, 12, 20) },
            })
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const SERVICES: [Service; 3] = [Service::Treatment, Service::Stay, Service::Other];

        fn base() -> NaiveDate {
            d(2026, 1, 1)
        }

        fn plus(days: u32) -> NaiveDate {
            base() + chrono::Days::new(u64::from(days))
        }

        /// A random case: a stay starting 2026-2030, up to 500 days long or
        /// running; 1-3 services each with 1-5 prices (the first valid from
        /// 2025, changes at random days), per day or per month at random;
        /// random terms; a random window inside 2025-2032.
        #[derive(Debug, Clone)]
        struct Case {
            period: StayPeriod,
            services: Vec<Service>,
            prices: Vec<Price>,
            terms: ContractTerms,
            window: DateWindow,
        }

        fn case(unit: impl Strategy<Value = PriceUnit> + Clone + 'static) -> impl Strategy<Value = Case> {
            let price_list =
                ((unit.clone(), 0i64..10_000_000), prop::collection::vec((0u32..2200, unit, 0i64..10_000_000), 0..5));
            (
                (0u32..1800, prop::option::weighted(0.8, 0u32..500), any::<bool>()),
                prop::sample::subsequence(SERVICES.to_vec(), 1..=3),
                [price_list.clone(), price_list.clone(), price_list],
                (any::<bool>(), any::<bool>(), prop::option::of((0u32..60, 0i64..1_000_000))),
                (0u32..2900, 0u32..2900),
            )
                .prop_map(|((start, length, early), services, lists, (intake, discharge, fee), (a, b))| {
                    let start = plus(start);
                    let end = length.map(|n| start + chrono::Days::new(u64::from(n)));
                    let mut prices = Vec::new();
                    for (service, ((unit0, amount0), changes)) in SERVICES.into_iter().zip(lists) {
                        prices.push(price(service, unit0, Ore(amount0), d(2025, 1, 1)));
                        for (day, unit, amount) in changes {
                            let valid_from = plus(day);
                            if !prices.iter().any(|p| p.service == service && p.valid_from == valid_from) {
                                prices.push(price(service, unit, Ore(amount), valid_from));
                            }
                        }
                    }
                    let early_end_fee = fee.map(|(within_days, fee)| EarlyEndFee { within_days, fee: Ore(fee) });
                    let first = d(2025, 6, 1) + chrono::Days::new(u64::from(a.min(b)));
                    let last = d(2025, 6, 1) + chrono::Days::new(u64::from(a.max(b)));
                    Case {
                        period: StayPeriod { start, end, ended_early: early },
                        services,
                        prices,
                        terms: ContractTerms { bill_intake_day: intake, bill_discharge_day: discharge, early_end_fee },
                        window: DateWindow::new(first, last),
                    }
                })
        }

        fn any_unit() -> impl Strategy<Value = PriceUnit> + Clone {
            prop_oneof![Just(PriceUnit::PerDay), Just(PriceUnit::PerMonth)]
        }

        impl Case {
            fn stay(&self) -> BilledStay<'_> {
                BilledStay { period: self.period, services: &self.services, prices: &self.prices, terms: self.terms }
            }
        }

        /// The calendar months the window touches, each clipped to it.
        fn month_windows(w: DateWindow) -> Vec<DateWindow> {
            let mut out = Vec::new();
            let mut first = w.first;
            loop {
                let last = last_of_month(first).min(w.last);
                out.push(DateWindow::new(first, last));
                if last == w.last {
                    return out;
                }
                first = last.succ_opt().unwrap();
            }
        }

        /// Whether the contract bills this day of the stay (before windows).
        fn billed(p: &StayPeriod, t: &ContractTerms, day: NaiveDate) -> bool {
            let (intake, discharge) = (day == p.start, Some(day) == p.end);
            if intake && discharge {
                t.bill_intake_day || t.bill_discharge_day
            } else {
                (!intake || t.bill_intake_day) && (!discharge || t.bill_discharge_day)
            }
        }

        fn price_on(prices: &[Price], service: Service, day: NaiveDate) -> Price {
            *prices.iter().filter(|p| p.service == service && p.valid_from <= day).max_by_key(|p| p.valid_from).unwrap()
        }

        fn check_month_sums(c: &Case) -> Result<(), TestCaseError> {
            let s = c.stay();
            let whole = stay_cost(&s, c.window).unwrap();
            // Computed month by month, as separate windows.
            let mut months = Vec::new();
            for w in month_windows(c.window) {
                let b = stay_cost(&s, w).unwrap();
                if !b.lines.is_empty() {
                    months.push(MonthCost { year: w.first.year(), month: w.first.month(), amount: b.total });
                }
            }
            prop_assert_eq!(months.iter().map(|m| m.amount).sum::<Ore>(), whole.total);
            prop_assert_eq!(&months, &whole.by_month());
            prop_assert_eq!(months, cost_by_month(&s, c.window).unwrap());
            // And year by year.
            let mut years = Ore::ZERO;
            for y in c.window.first.year()..=c.window.last.year() {
                let w = DateWindow::year(y).unwrap();
                let w = DateWindow::new(w.first.max(c.window.first), w.last.min(c.window.last));
                years += stay_cost(&s, w).unwrap().total;
            }
            prop_assert_eq!(years, whole.total);
            prop_assert_eq!(whole.by_year().iter().map(|y| y.amount).sum::<Ore>(), whole.total);
            Ok(())
        }

        fn check_lines(c: &Case) -> Result<(), TestCaseError> {
            let s = c.stay();
            let b = stay_cost(&s, c.window).unwrap();
            prop_assert_eq!(b.lines.iter().map(|l| l.amount).sum::<Ore>(), b.total);
            for l in &b.lines {
                match l.kind {
                    CostLineKind::Days { unit, rate, divisor, .. } => {
                        prop_assert_eq!(first_of_month(l.from), first_of_month(l.to));
                        prop_assert_eq!(l.days, days_inclusive(l.from, l.to));
                        let expected = match unit {
                            PriceUnit::PerDay => 1,
                            PriceUnit::PerMonth => days_in_month(l.from),
                        };
                        prop_assert_eq!(divisor, expected);
                        prop_assert_eq!(l.amount, (rate * i64::from(l.days)).div_round(i64::from(divisor)));
                        // Rounded to the nearest øre.
                        let error = l.amount.0 * i64::from(divisor) - rate.0 * i64::from(l.days);
                        prop_assert!(2 * error.abs() <= i64::from(divisor));
                    }
                    CostLineKind::EarlyEndFee { stay_days, within_days } => {
                        prop_assert!(c.period.ended_early && stay_days <= within_days);
                        prop_assert_eq!(Some(l.from), c.period.end);
                    }
                }
            }
            // Day by day: each billed day in the window is in exactly one
            // line per service, at the price valid that day.
            let last = c.period.end.unwrap_or(c.window.last).min(c.window.last);
            let mut day = c.period.start.max(c.window.first);
            let mut daily_sum = Ore::ZERO;
            let mut billed_days = 0u32;
            while day <= last {
                if billed(&c.period, &c.terms, day) {
                    billed_days += 1;
                    for &service in &c.services {
                        let p = price_on(&c.prices, service, day);
                        let covering: Vec<_> = b
                            .lines
                            .iter()
                            .filter(|l| l.service() == Some(service) && l.from <= day && day <= l.to)
                            .collect();
                        prop_assert_eq!(covering.len(), 1);
                        let at_price = matches!(covering[0].kind,
                            CostLineKind::Days { unit, rate, .. } if unit == p.unit && rate == p.amount);
                        prop_assert!(at_price);
                        daily_sum += p.amount;
                    }
                }
                day = day.succ_opt().unwrap();
            }
            let line_days: u32 = b.lines.iter().map(|l| l.days).sum();
            prop_assert_eq!(line_days, billed_days * c.services.len() as u32);
            // With daily prices only the total is exactly the sum of the days.
            if c.prices.iter().all(|p| p.unit == PriceUnit::PerDay) {
                let fees: Ore = b.lines.iter().filter(|l| l.service().is_none()).map(|l| l.amount).sum();
                prop_assert_eq!(b.total - fees, daily_sum);
            }
            Ok(())
        }

        proptest! {
            #[test]
            fn months_and_years_sum_to_the_whole_with_monthly_prices(c in case(Just(PriceUnit::PerMonth))) {
                check_month_sums(&c)?;
            }

            #[test]
            fn months_and_years_sum_to_the_whole_with_daily_prices(c in case(Just(PriceUnit::PerDay))) {
                check_month_sums(&c)?;
            }

            #[test]
            fn months_and_years_sum_to_the_whole_with_mixed_prices(c in case(any_unit())) {
                check_month_sums(&c)?;
            }

            #[test]
            fn every_billed_day_is_in_one_line_at_its_price(c in case(any_unit())) {
                check_lines(&c)?;
            }

            #[test]
            fn a_whole_month_at_a_monthly_price_costs_the_monthly_price(
                year in 2024i32..2032, month in 1u32..=12, amount in 0i64..100_000_000,
            ) {
                let prices = [monthly(Ore(amount), d(2020, 1, 1))];
                let s = stay(period(d(2020, 1, 1), None), &prices, ALL_DAYS);
                let b = stay_cost(&s, DateWindow::month(year, month).unwrap()).unwrap();
                prop_assert_eq!(b.total, Ore(amount));
            }
        }
    }
}

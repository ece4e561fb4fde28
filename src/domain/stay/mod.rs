//! Residential stays (døgnophold): what a stay costs the municipality
//! ([`cost`], domain.md 7.2), what the citizen pays for food and lodging
//! ([`own_payment`], domain.md 7.3), the providers and their prices
//! ([`provider`]), a stay's life from recommendation to aftercare
//! ([`lifecycle`]), what a price from a past day does to money already
//! spent ([`price_change`]) and what the Døgn pane shows of each stay and of all of
//! them together ([`overview`]).
//!
//! Pure functions over plain values: no clock, no storage, no text. All money
//! is [`Ore`] (whole øre); no floating point anywhere. Calendar arithmetic
//! comes from [`crate::domain::dates`], the one place dates are computed.

pub(crate) use crate::domain::money::Ore;

pub mod cost;
pub mod lifecycle;
pub mod overview;
pub mod own_payment;
pub mod price_change;
pub mod provider;

pub use cost::{
    BilledStay, ContractTerms, CostBreakdown, CostError, CostLine, CostLineKind, DateWindow, EarlyEndFee, Price,
    PriceUnit, Service, StayPeriod, stay_cost,
};
pub use lifecycle::{
    Decision, EndKind, Ending, Milestone, NewStayField, NewStayInput, NewStayProblem, Recommendation, Stay, StayStatus,
    StayStep, StayStepField, StayStepInput, StayStepKind, StayStepProblem, apply_stay_step, check_stay_step,
    overlapping_stay, parse_stay_step, validate_new_stay,
};
pub use overview::{StayCosts, StayFigures, StayFlag, StayTotals, costs, figures, flags, midway_due, totals};
pub use own_payment::{
    OwnPayment, OwnPaymentField, OwnPaymentForm, OwnPaymentInput, OwnPaymentLine, OwnPaymentProblem,
    OwnPaymentSettings, PaymentLineLabel, ToldOwnPayment, own_payment, parse_own_payment,
};
pub use price_change::{SpentChange, spent_changes};
pub use provider::{
    NewPrice, PriceField, PriceInput, PriceProblem, Provider, ProviderField, ProviderInput, ProviderProblem,
    name_taken, parse_price, validate_provider,
};

use chrono::NaiveDate;

use crate::domain::dates;

/// Calendar days from `from` to `to`, both counted; 0 when `to` is before
/// `from`. A stay's length and a cost line's days are counted this way.
fn days_inclusive(from: NaiveDate, to: NaiveDate) -> u32 {
    if to < from {
        return 0;
    }
    // At most about 190 million days between NaiveDate::MIN and MAX.
    u32::try_from(dates::days_between(from, to) + 1).expect("date span fits in u32")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn spans_count_both_ends() {
        assert_eq!(days_inclusive(d(2028, 2, 28), d(2028, 3, 1)), 3);
        assert_eq!(days_inclusive(d(2027, 2, 28), d(2027, 3, 1)), 2);
        assert_eq!(days_inclusive(d(2028, 3, 1), d(2028, 3, 1)), 1);
        assert_eq!(days_inclusive(d(2028, 3, 2), d(2028, 3, 1)), 0);
        assert_eq!(
            i64::from(days_inclusive(NaiveDate::MIN, NaiveDate::MAX)) - 1,
            (NaiveDate::MAX - NaiveDate::MIN).num_days()
        );
    }
}

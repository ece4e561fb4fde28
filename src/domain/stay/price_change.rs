//! What a new price of a provider does to money already spent (domain.md
//! 7.2): a price valid from a day that has passed reprices the days the
//! stays at that provider have already run. Nothing forbids that (a price
//! typed wrong must be correctable), but it must never happen unseen: the
//! pane shows these changes and asks before it saves.

use chrono::NaiveDate;

use super::Ore;
use super::cost::{DateWindow, MonthCost, Price, cost_by_month};
use super::lifecycle::Stay;
use super::provider::Provider;

/// A calendar month of a stay whose cost so far a new price would change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpentChange {
    pub stay_id: i64,
    pub year: i32,
    pub month: u32,
    pub before: Ore,
    pub after: Ore,
}

/// The months of the stays at `provider` whose cost from the intake day to
/// `today` changes if `price` is set (replacing a price of the same service
/// and day), in stay and month order. Empty for a price from a day after
/// today, which touches no day that has been. A stay that cannot be costed
/// before or after (a day without a price) is left out: it has no figure
/// to change.
pub fn spent_changes<'a>(
    provider: &Provider,
    price: &Price,
    stays: impl IntoIterator<Item = &'a Stay>,
    today: NaiveDate,
) -> Vec<SpentChange> {
    if price.valid_from > today {
        return Vec::new();
    }
    let mut priced = provider.clone();
    priced.prices.retain(|p| !(p.service == price.service && p.valid_from == price.valid_from));
    priced.prices.push(*price);
    let mut changes = Vec::new();
    for stay in stays {
        if stay.provider_id != provider.id || !stay.services.contains(&price.service) {
            continue;
        }
        let Some(period) = stay.actual_period().filter(|p| p.start <= today) else { continue };
        let window = DateWindow::new(period.start, today);
        let (Ok(before), Ok(after)) = (
            cost_by_month(&stay.billed(provider, period), window),
            cost_by_month(&stay.billed(&priced, period), window),
        ) else {
            continue;
        };
        let amount = |months: &[MonthCost], year: i32, month: u32| {
            months.iter().find(|m| (m.year, m.month) == (year, month)).map_or(Ore::ZERO, |m| m.amount)
        };
        let mut months: Vec<(i32, u32)> = before.iter().chain(&after).map(|m| (m.year, m.month)).collect();
        months.sort();
        months.dedup();
        for (year, month) in months {
            let (b, a) = (amount(&before, year, month), amount(&after, year, month));
            if b != a {
                changes.push(SpentChange { stay_id: stay.id, year, month, before: b, after: a });
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stay::cost::{PriceUnit, Service};
    use crate::domain::stay::lifecycle::test_support::{d, provider, recommended};

    /// The test provider's stay, started on 1 February and still running.
    fn running() -> Stay {
        let mut stay = recommended();
        stay.started_on = Some(d("2026-02-01"));
        stay.decision = Some(crate::domain::stay::Decision {
            approved: true,
            on: d("2026-01-20"),
            by: "x".into(),
            note: String::new(),
        });
        stay
    }

    #[test]
    fn a_price_from_a_past_day_names_the_months_it_reprices_and_a_future_one_none() {
        let p = provider();
        let stay = running();
        let service = stay.services[0];
        let new =
            |from: &str| Price { service, unit: PriceUnit::PerDay, amount: Ore::from_kr(9_999), valid_from: d(from) };
        let today = d("2026-03-17");
        assert_eq!(spent_changes(&p, &new("2026-03-18"), [&stay], today), vec![]);
        let changes = spent_changes(&p, &new("2026-02-15"), [&stay], today);
        assert_eq!(changes.iter().map(|c| (c.year, c.month)).collect::<Vec<_>>(), vec![(2026, 2), (2026, 3)]);
        assert!(changes.iter().all(|c| c.after > c.before && c.stay_id == stay.id));
        // A service the stay does not use changes nothing.
        let other = Service::ALL.into_iter().find(|s| !stay.services.contains(s)).unwrap();
        let unused = Price { service: other, ..new("2026-02-15") };
        assert_eq!(spent_changes(&p, &unused, [&stay], today), vec![]);
    }
}

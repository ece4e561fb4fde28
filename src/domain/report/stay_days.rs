//! Residential stays in days: the days each month of the year a citizen is
//! at a provider (intake day to discharge day, both counted), spent up to
//! the day of the report and forecast after it (running and approved stays
//! to their planned end), the same cut as the cost.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::domain::stay::{Stay, StayStatus};

/// Days of one stay in each month of `year`: spent (up to `cut`) and
/// forecast (after it); months without a day are left out.
pub fn days_by_month(stay: &Stay, year: i32, cut: NaiveDate) -> BTreeMap<u32, (i64, i64)> {
    let mut months: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    let (Some(january), Some(december)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
    else {
        return months;
    };
    if stay.refused() {
        return months;
    }
    if let Some(period) = stay.actual_period() {
        let last = period.end.map_or(cut, |end| end.min(cut));
        add(&mut months, period.start.max(january), last.min(december), |m| &mut m.0);
    }
    if matches!(stay.status(), StayStatus::Running | StayStatus::Approved)
        && let Some(tomorrow) = cut.succ_opt()
    {
        let committed = stay.committed_period();
        let last = committed.end.unwrap_or(december).min(december);
        add(&mut months, committed.start.max(tomorrow).max(january), last, |m| &mut m.1);
    }
    months
}

/// Adds every day from `first` to `last` to its month's figure.
fn add(
    months: &mut BTreeMap<u32, (i64, i64)>,
    first: NaiveDate,
    last: NaiveDate,
    figure: impl Fn(&mut (i64, i64)) -> &mut i64,
) {
    let mut day = first;
    while day <= last {
        // The rest of this month, or up to `last`.
        let month_end =
            crate::domain::dates::add_months(day.with_day(1).unwrap_or(day), 1).pred_opt().unwrap_or(day).min(last);
        *figure(months.entry(day.month()).or_default()) += (month_end - day).num_days() + 1;
        match month_end.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::date;
    use crate::domain::stay::StayStepKind;
    use crate::domain::stay::lifecycle::test_support::{recommended, take};

    #[test]
    fn days_are_spent_to_the_cut_and_forecast_to_the_planned_end() {
        // Recommended for 2 March to 31 May 2026; approved, started 2 March.
        let mut stay = recommended();
        take(&mut stay, StayStepKind::Approve, "20.02.2026", "2026-03-02").unwrap();
        take(&mut stay, StayStepKind::Start, "02.03.2026", "2026-03-02").unwrap();
        let days = days_by_month(&stay, 2026, date("2026-04-10"));
        let planned_end = stay.committed_period().end.unwrap();
        assert_eq!(days[&3], (30, 0));
        assert_eq!(days[&4], (10, 20));
        let total: i64 = days.values().map(|(a, b)| a + b).sum();
        assert_eq!(total, (planned_end - date("2026-03-02")).num_days() + 1);
        // The year before has none of it; a cut after the end spends it all.
        assert!(days_by_month(&stay, 2025, date("2026-04-10")).is_empty());
        let all = days_by_month(&stay, 2026, date("2026-12-31"));
        assert!(all.values().all(|(_, forecast)| *forecast == 0));
    }
}

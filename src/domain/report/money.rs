//! The money of the report: MOVE gift cards (handed out in the period,
//! owed today, and the ledger's stock) and residential stays (cost per
//! month and per provider over the year of the period's end, with the
//! forecast for the rest of it).
//!
//! Both reuse the panes' own computations: the ledger's replay and
//! reconciliation, and `stay::totals`, run once per stay so that every
//! month's and provider's sum can name the stays behind it.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{Note, Period, Row, RowKey, Section, SectionKind, stay_days};
use crate::domain::group::ledger::{Ledger, LedgerEntryKind};
use crate::domain::money::Ore;
use crate::domain::stay::{Provider, Stay, totals};

pub(super) fn move_cards(ledger: Option<&Ledger>, owed: &[(i64, Ore)], period: Period) -> Section {
    let Some(ledger) = ledger else {
        return Section::not_recorded(SectionKind::MoveCards);
    };
    let handed: Vec<_> = ledger.active_hand_outs().into_iter().filter(|e| period.contains(e.date)).collect();
    let handed_cases = handed
        .iter()
        .filter_map(|e| match &e.kind {
            LedgerEntryKind::HandedOut { citizen_ref, .. } => citizen_ref.parse().ok(),
            _ => None,
        })
        .collect();
    let mut rows = vec![
        Row::money(RowKey::CardsHandedOut, handed.len(), handed.iter().map(|e| e.value).sum(), handed_cases),
        Row::money(
            RowKey::CardsOwed,
            owed.len(),
            owed.iter().map(|(_, v)| *v).sum(),
            owed.iter().map(|(id, _)| *id).collect(),
        ),
    ];
    let stock = ledger.reconciliation();
    for r in &stock {
        rows.push(Row::money(RowKey::CardsOnHand(r.value), r.on_hand as usize, r.value_on_hand(), Vec::new()));
    }
    let mut section = Section::new(SectionKind::MoveCards, rows);
    section.notes.push(Note::LedgerBalances(stock.iter().all(|r| r.balances())));
    section
}

/// Four sections: cost by month, days by month, cost by provider and by
/// stay.
pub(super) fn stays(stays: &[(Stay, Provider)], period: Period, today: NaiveDate) -> Vec<Section> {
    let year = period.to.year();
    let (Some(january), Some(december)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
    else {
        return vec![
            Section::not_recorded(SectionKind::StaysByMonth),
            Section::not_recorded(SectionKind::StayDaysByMonth),
            Section::not_recorded(SectionKind::StaysByProvider),
            Section::not_recorded(SectionKind::StaysByStay),
        ];
    };
    // Spent up to today, forecast after it; a year that is over is spent.
    let cut = today.clamp(january, december);
    let mut months: BTreeMap<u32, (Ore, Vec<i64>)> = (1..=12).map(|m| (m, (Ore::ZERO, Vec::new()))).collect();
    let mut providers: BTreeMap<(String, i64), (Ore, Vec<i64>)> = BTreeMap::new();
    let mut days: BTreeMap<u32, (i64, Vec<i64>)> = (1..=12).map(|m| (m, (0, Vec::new()))).collect();
    let (mut days_realised, mut days_forecast) = (0, 0);
    let mut by_stay = Vec::new();
    let (mut realised, mut forecast, mut failed) = (Ore::ZERO, Ore::ZERO, Vec::new());
    for (stay, provider) in stays {
        let stay_days = stay_days::days_by_month(stay, year, cut);
        for (m, (spent, ahead)) in &stay_days {
            let (sum, cases) = days.entry(*m).or_default();
            *sum += spent + ahead;
            cases.push(stay.case_id);
            days_realised += spent;
            days_forecast += ahead;
        }
        let t = totals(&[(stay, provider)], cut);
        if !t.failed.is_empty() {
            failed.push(stay.case_id);
            continue;
        }
        let in_year: i64 = stay_days.values().map(|(a, b)| a + b).sum();
        if t.year_total() != Ore::ZERO || in_year > 0 {
            let key = RowKey::Stay { id: stay.id, case_id: stay.case_id, provider: provider.name.clone() };
            by_stay.push(Row::money(key, usize::try_from(in_year).unwrap_or(0), t.year_total(), vec![stay.case_id]));
        }
        for m in &t.months {
            let cost = m.realised + m.forecast;
            if cost != Ore::ZERO {
                let (sum, cases) = months.entry(m.month).or_default();
                *sum += cost;
                cases.push(stay.case_id);
            }
        }
        if t.year_total() != Ore::ZERO {
            let (sum, cases) = providers.entry((provider.name.clone(), provider.id)).or_default();
            *sum += t.year_total();
            cases.push(stay.case_id);
        }
        realised += t.realised;
        forecast += t.forecast;
    }
    let month_rows =
        months.into_iter().map(|(m, (sum, cases))| Row::money(RowKey::StayMonth(m), cases.len(), sum, cases)).collect();
    let provider_rows = providers
        .into_iter()
        .map(|((name, id), (sum, cases))| Row::money(RowKey::Provider { id, name }, cases.len(), sum, cases))
        .collect();
    let mut by_month = Section::new(SectionKind::StaysByMonth, month_rows);
    by_month.notes.push(Note::StayYear { year, realised, forecast, realised_to: cut });
    if !failed.is_empty() {
        by_month.notes.push(Note::StaysNotCosted(failed));
    }
    let day_rows = days
        .into_iter()
        .map(|(m, (sum, cases))| {
            let mut row = Row::of(RowKey::StayDays(m), cases);
            row.count = usize::try_from(sum).unwrap_or(0);
            row
        })
        .collect();
    let mut by_days = Section::new(SectionKind::StayDaysByMonth, day_rows);
    by_days.notes.push(Note::StayDays { realised: days_realised, forecast: days_forecast });
    vec![
        by_month,
        by_days,
        Section::new(SectionKind::StaysByProvider, provider_rows),
        Section::new(SectionKind::StaysByStay, by_stay),
    ]
}

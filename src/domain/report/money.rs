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

use super::{Note, Period, Row, RowKey, Section, SectionKind};
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

/// Two sections: by month and by provider.
pub(super) fn stays(stays: &[(Stay, Provider)], period: Period, today: NaiveDate) -> Vec<Section> {
    let year = period.to.year();
    let (Some(january), Some(december)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
    else {
        return vec![
            Section::not_recorded(SectionKind::StaysByMonth),
            Section::not_recorded(SectionKind::StaysByProvider),
        ];
    };
    // Spent up to today, forecast after it; a year that is over is spent.
    let cut = today.clamp(january, december);
    let mut months: BTreeMap<u32, (Ore, Vec<i64>)> = (1..=12).map(|m| (m, (Ore::ZERO, Vec::new()))).collect();
    let mut providers: BTreeMap<(String, i64), (Ore, Vec<i64>)> = BTreeMap::new();
    let (mut realised, mut forecast, mut failed) = (Ore::ZERO, Ore::ZERO, Vec::new());
    for (stay, provider) in stays {
        let t = totals(&[(stay, provider)], cut);
        if !t.failed.is_empty() {
            failed.push(stay.case_id);
            continue;
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
    vec![by_month, Section::new(SectionKind::StaysByProvider, provider_rows)]
}

//! The municipality's report: each centre's report as the central team
//! reads it, and the figures of all centres together.
//!
//! The central team sees figures, not people: a centre's report loses the
//! cases behind its figures (masked CPR and counsellor) and the notes that
//! name a case: each breach of the guarantee (the guarantee's rows count
//! them) and the stays that could not be costed (counted instead). The
//! municipality's figures are the centres' added up, each kind by the rule
//! that makes the sum true:
//!
//! - counts and amounts add up, row by row, in the centres' own order;
//! - shares are recounted from their parts (kept of judged, a target's
//!   count of its base), never averaged;
//! - the receipt waits are joined before their median is taken (a median
//!   of medians is not the median);
//! - the ledger balances when every centre's does;
//! - what is one centre's alone (a stay one by one, a provider's number)
//!   is shown under that centre only; the providers are joined by name, as
//!   two centres may buy from the same.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::money::Ore;

use super::{Note, Period, Report, Row, RowKey, Section, SectionKind, TargetCheck};

/// One centre's report, figures only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentreFigures {
    pub centre: String,
    pub report: Report,
}

/// The yearly report of a municipality's centres.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MunicipalityReport {
    pub period: Period,
    pub today: NaiveDate,
    /// All centres together.
    pub total: Report,
    /// Each centre on its own, in the order given.
    pub centres: Vec<CentreFigures>,
}

/// One figure: how many, and the money when the row sums money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figure {
    pub count: usize,
    pub amount: Option<Ore>,
}

impl Figure {
    fn of(row: &Row) -> Figure {
        Figure { count: row.count, amount: row.amount }
    }
}

/// A row of the municipality's figures beside the same row of each centre
/// (nothing, for a centre without it), for a committee's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beside {
    pub key: RowKey,
    pub total: Figure,
    pub centres: Vec<Figure>,
}

impl MunicipalityReport {
    /// The rows of the municipality's `section`, each beside the centres'.
    pub fn beside(&self, section: &Section) -> Vec<Beside> {
        let own: Vec<Option<&Section>> = self.centres.iter().map(|c| c.report.section(section.kind)).collect();
        section
            .rows
            .iter()
            .map(|row| {
                let key = joined_key(&row.key);
                let of = |s: &Option<&Section>| {
                    let found = s.and_then(|s| s.rows.iter().find(|r| joined_key(&r.key) == key));
                    found.map(Figure::of).unwrap_or_default()
                };
                Beside { key: row.key.clone(), total: Figure::of(row), centres: own.iter().map(of).collect() }
            })
            .collect()
    }
}

impl Report {
    /// The report as the central team reads it: its figures without the
    /// cases behind them, and without the notes that name a case.
    pub fn figures_only(mut self) -> Report {
        self.cases.clear();
        for section in &mut self.sections {
            for row in &mut section.rows {
                row.cases.clear();
            }
            section.notes = std::mem::take(&mut section.notes).into_iter().filter_map(without_cases).collect();
        }
        self
    }
}

/// A note as the central team reads it: none that names a case, or its
/// count.
fn without_cases(note: Note) -> Option<Note> {
    match note {
        Note::Breach { .. } => None,
        Note::StaysNotCosted(cases) => Some(Note::StaysNotCostedCount(cases.len())),
        other => Some(other),
    }
}

/// The municipality's report of `centres` (name and report, each
/// computed for `period` on `today`).
pub fn combine(period: Period, today: NaiveDate, centres: Vec<(String, Report)>) -> MunicipalityReport {
    let centres: Vec<CentreFigures> =
        centres.into_iter().map(|(centre, report)| CentreFigures { centre, report: report.figures_only() }).collect();
    let mut sections: Vec<Section> = Vec::new();
    for figures in &centres {
        let own: Vec<&Section> =
            figures.report.sections.iter().filter(|s| s.kind != SectionKind::StaysByStay).collect();
        let kinds: Vec<SectionKind> = own.iter().map(|s| s.kind).collect();
        for (n, section) in own.iter().enumerate() {
            match place(&sections, |s| s.kind, &kinds, n) {
                Ok(at) => add_section(&mut sections[at], section),
                Err(at) => sections.insert(at, (*section).clone()),
            }
        }
    }
    for section in &mut sections {
        if section.kind == SectionKind::StaysByProvider {
            number_providers(section);
        }
    }
    let mut profiles: Vec<&str> = Vec::new();
    for figures in &centres {
        if !profiles.contains(&figures.report.profile_id.as_str()) {
            profiles.push(&figures.report.profile_id);
        }
    }
    let total =
        Report { period, today, profile_id: profiles.join(", "), sections, cases: BTreeMap::new(), goals: Vec::new() };
    MunicipalityReport { period, today, total, centres }
}

/// Adds one centre's section to the municipality's of the same kind.
fn add_section(total: &mut Section, section: &Section) {
    let keys: Vec<RowKey> = section.rows.iter().map(|r| joined_key(&r.key)).collect();
    for (n, row) in section.rows.iter().enumerate() {
        match place(&total.rows, |r| joined_key(&r.key), &keys, n) {
            Ok(at) => {
                let sum = &mut total.rows[at];
                sum.count += row.count;
                sum.amount = match (sum.amount, row.amount) {
                    (Some(a), Some(b)) => Some(a + b),
                    (a, b) => a.or(b),
                };
            }
            Err(at) => total.rows.insert(at, row.clone()),
        }
    }
    // A section recorded by one centre is recorded for the municipality.
    if !section.notes.contains(&Note::NotRecorded) {
        total.notes.retain(|n| *n != Note::NotRecorded);
    }
    for note in section.notes.iter().filter(|n| **n != Note::NotRecorded) {
        add_note(&mut total.notes, note);
    }
}

/// Where a centre's `n`th item (of `keys`, in the centre's order) goes in
/// the municipality's `into`: `Ok` the same item already there, `Err`
/// where to insert it, right after the centre's item before it, or else
/// before its next one, so every centre's order is kept (an age group one
/// centre lacks would otherwise end up last).
fn place<T, K: PartialEq>(into: &[T], key: impl Fn(&T) -> K, keys: &[K], n: usize) -> Result<usize, usize> {
    let at = |k: &K| into.iter().position(|t| key(t) == *k);
    if let Some(found) = at(&keys[n]) {
        return Ok(found);
    }
    let after = keys[..n].iter().rev().find_map(at).map(|p| p + 1);
    Err(after.or_else(|| keys[n + 1..].iter().find_map(at)).unwrap_or(into.len()))
}

/// A row's key as the municipality joins it: a provider by name only.
fn joined_key(key: &RowKey) -> RowKey {
    match key {
        RowKey::Provider { name, .. } => RowKey::Provider { id: 0, name: name.clone() },
        other => other.clone(),
    }
}

/// The municipality's providers, by name, numbered from 1 in that order:
/// a centre's provider number means nothing in another centre.
fn number_providers(section: &mut Section) {
    let name = |r: &Row| match &r.key {
        RowKey::Provider { name, .. } => name.clone(),
        _ => String::new(),
    };
    section.rows.sort_by_key(name);
    for (n, row) in section.rows.iter_mut().enumerate() {
        if let RowKey::Provider { id, .. } = &mut row.key {
            *id = n as i64 + 1;
        }
    }
}

/// Adds one centre's note to the municipality's notes of the section.
fn add_note(notes: &mut Vec<Note>, note: &Note) {
    let same = notes.iter_mut().find(|n| joins(n, note));
    let Some(sum) = same else {
        notes.push(note.clone());
        return;
    };
    match (sum, note) {
        (Note::ShareInTime { kept, judged }, Note::ShareInTime { kept: k, judged: j }) => {
            *kept += k;
            *judged += j;
        }
        (Note::Target(t), Note::Target(u)) => {
            *t = TargetCheck { kind: t.kind, percent: t.percent, count: t.count + u.count, of: t.of + u.of };
        }
        (Note::WindowsOpen(n), Note::WindowsOpen(m)) | (Note::StaysNotCostedCount(n), Note::StaysNotCostedCount(m)) => {
            *n += m
        }
        (Note::LedgerBalances(all), Note::LedgerBalances(this)) => *all = *all && *this,
        (Note::StayYear { realised, forecast, .. }, Note::StayYear { realised: r, forecast: f, .. }) => {
            *realised += *r;
            *forecast += *f;
        }
        (Note::StayDays { realised, forecast }, Note::StayDays { realised: r, forecast: f }) => {
            *realised += r;
            *forecast += f;
        }
        (Note::ReceiptWorkingDays(waits), Note::ReceiptWorkingDays(more)) => waits.join(more),
        // `joins` pairs no other notes.
        _ => {}
    }
}

/// Whether two notes are one figure of the municipality: of one kind, and
/// a target only with the same target (two centres' profiles may set
/// different shares; each is checked against the sum of both).
fn joins(a: &Note, b: &Note) -> bool {
    match (a, b) {
        (Note::Target(t), Note::Target(u)) => t.kind == u.kind && t.percent == u.percent,
        (Note::StayYear { year: y, .. }, Note::StayYear { year: z, .. }) => y == z,
        (Note::ShareInTime { .. }, Note::ShareInTime { .. })
        | (Note::WindowsOpen(_), Note::WindowsOpen(_))
        | (Note::StaysNotCostedCount(_), Note::StaysNotCostedCount(_))
        | (Note::LedgerBalances(_), Note::LedgerBalances(_))
        | (Note::StayDays { .. }, Note::StayDays { .. })
        | (Note::ReceiptWorkingDays(_), Note::ReceiptWorkingDays(_)) => true,
        _ => false,
    }
}

#[cfg(test)]
#[path = "municipality_tests.rs"]
mod tests;

//! The municipality's figures from two centres' reports: each figure the
//! sum its kind allows, nothing that names a case, and the centres' own
//! order kept where one centre has a row the other has not.

use super::super::tests::{centre, randers, year};
use super::*;
use crate::domain::intake::test_support::date;
use crate::domain::money::Ore;
use crate::domain::notification::test_support::{draft, stamp};
use crate::domain::notification::{Dated, Notification, SendHow, Sending};
use crate::domain::report::{AgeGroup, ReportInput, TargetKind, Waits, build};
use crate::domain::stay::lifecycle::test_support::{provider, recommended, take};
use crate::domain::stay::{Provider, Stay, StayStepKind};

fn report(input: &ReportInput) -> Report {
    build(input, &randers(), year(2025), date("2026-03-17"))
}

fn municipality(centres: &[(&str, &ReportInput)]) -> MunicipalityReport {
    let reports = centres.iter().map(|(name, input)| (name.to_string(), report(input))).collect();
    combine(year(2025), date("2026-03-17"), reports)
}

/// Every row of every section but the stays one by one, as (section, row
/// key id, count, amount).
fn figures(report: &Report) -> Vec<(String, String, usize, Option<Ore>)> {
    let mut figures = Vec::new();
    for section in report.sections.iter().filter(|s| s.kind != SectionKind::StaysByStay) {
        for row in &section.rows {
            figures.push((section.kind.id(), row.key.id(), row.count, row.amount));
        }
    }
    figures
}

#[test]
fn two_centres_add_up_row_by_row_and_name_no_case() {
    let (a, mut b) = (centre(), centre());
    // The second centre has fewer cases: rows it lacks still count the first's.
    b.cases.retain(|c| c.id <= 4);
    let m = municipality(&[("Nord", &a), ("Syd", &b)]);
    let (ra, rb) = (report(&a), report(&b));
    for (section, key, count, amount) in figures(&m.total) {
        let of = |r: &Report| {
            figures(r).into_iter().find(|f| f.0 == section && f.1 == key).map_or((0, None), |f| (f.2, f.3))
        };
        let ((ca, aa), (cb, ab)) = (of(&ra), of(&rb));
        assert_eq!(count, ca + cb, "{section} {key}");
        let sum = match (aa, ab) {
            (Some(x), Some(y)) => Some(x + y),
            (x, y) => x.or(y),
        };
        assert_eq!(amount, sum, "{section} {key}");
    }
    // Every row of each centre is in the municipality's.
    let keys: Vec<(String, String)> = figures(&m.total).into_iter().map(|f| (f.0, f.1)).collect();
    for f in figures(&ra).into_iter().chain(figures(&rb)) {
        assert!(keys.contains(&(f.0.clone(), f.1.clone())), "{f:?} missing");
    }
    let named =
        |r: &Report| r.cases.len() + r.sections.iter().flat_map(|s| &s.rows).map(|r| r.cases.len()).sum::<usize>();
    assert_eq!(named(&m.total), 0);
    assert!(m.centres.iter().all(|c| named(&c.report) == 0));
    assert_eq!(m.centres.iter().map(|c| c.centre.as_str()).collect::<Vec<_>>(), ["Nord", "Syd"]);
}

#[test]
fn shares_and_targets_are_recounted_from_their_parts() {
    let (a, mut b) = (centre(), centre());
    b.cases.retain(|c| c.id != 8);
    let m = municipality(&[("Nord", &a), ("Syd", &b)]);
    let share = |r: &Report| {
        r.section(SectionKind::Guarantee)
            .unwrap()
            .notes
            .iter()
            .find_map(|n| match n {
                Note::ShareInTime { kept, judged } => Some((*kept, *judged)),
                _ => None,
            })
            .unwrap()
    };
    let (ka, ja) = share(&report(&a));
    let (kb, jb) = share(&report(&b));
    assert_eq!(share(&m.total), (ka + kb, ja + jb));
    // The breaches name cases: under no centre and not in the total.
    for r in std::iter::once(&m.total).chain(m.centres.iter().map(|c| &c.report)) {
        assert!(r.sections.iter().flat_map(|s| &s.notes).all(|n| !matches!(n, Note::Breach { .. })));
    }
    // Each section's target, checked against the sum of the centres' counts.
    let target = |r: &Report, kind: SectionKind| {
        r.section(kind).unwrap().notes.iter().find_map(|n| match n {
            Note::Target(t) => Some(*t),
            _ => None,
        })
    };
    let mut checked = 0;
    for section in &m.total.sections {
        let Some(t) = target(&m.total, section.kind) else { continue };
        let (ta, tb) = (target(&report(&a), section.kind).unwrap(), target(&report(&b), section.kind).unwrap());
        assert_eq!((t.count, t.of), (ta.count + tb.count, ta.of + tb.of), "{:?}", section.kind);
        checked += 1;
    }
    assert!(checked >= 2, "the follow-up calls and the re-enrolment have targets");
}

#[test]
fn targets_of_different_profiles_are_each_checked_against_the_sum() {
    let mut a = report(&centre());
    let mut b = report(&centre());
    let reduce = TargetCheck { kind: TargetKind::ReduceOrAbstainAtLeast, percent: 60, count: 3, of: 5 };
    for (r, percent) in [(&mut a, 60), (&mut b, 70)] {
        let section = &mut r.sections[0];
        section.notes = vec![Note::Target(TargetCheck { percent, ..reduce })];
    }
    let m = combine(year(2025), date("2026-03-17"), vec![("Nord".into(), a), ("Syd".into(), b)]);
    assert_eq!(
        m.total.sections[0].notes,
        vec![
            Note::Target(TargetCheck { percent: 60, count: 3, of: 5, ..reduce }),
            Note::Target(TargetCheck { percent: 70, count: 3, of: 5, ..reduce }),
        ]
    );
}

#[test]
fn rows_only_one_centre_has_keep_their_place_in_its_order() {
    let section = |rows: &[AgeGroup]| {
        Section::new(SectionKind::Age, rows.iter().map(|g| Row::of(RowKey::Age(*g), vec![1])).collect())
    };
    let with = |s: Section| Report { sections: vec![s], ..report(&ReportInput::default()) };
    let a = with(section(&[AgeGroup::From19To30, AgeGroup::Over60]));
    let b = with(section(&[AgeGroup::Year(17), AgeGroup::From19To30, AgeGroup::From31To40]));
    let m = combine(year(2025), date("2026-03-17"), vec![("Nord".into(), a), ("Syd".into(), b)]);
    let ages: Vec<(RowKey, usize)> = m.total.sections[0].rows.iter().map(|r| (r.key.clone(), r.count)).collect();
    assert_eq!(
        ages,
        vec![
            (RowKey::Age(AgeGroup::Year(17)), 1),
            (RowKey::Age(AgeGroup::From19To30), 2),
            (RowKey::Age(AgeGroup::From31To40), 1),
            (RowKey::Age(AgeGroup::Over60), 1),
        ]
    );
}

fn notification(id: i64, sent: &str, receipt: &str) -> Notification {
    let mut n = draft(id, sent);
    n.sent = Some(Sending { on: date(sent), how: SendHow::SecureEmail, stamp: stamp() });
    n.receipt = Some(Dated { on: date(receipt), stamp: stamp() });
    n
}

#[test]
fn the_median_wait_is_of_every_receipt_not_a_median_of_medians() {
    // Nord: 1, 2 and 9 working days (median 2); Syd: 3 and 4 (median 4).
    let mut a = centre();
    a.notifications = vec![
        notification(1, "2025-03-03", "2025-03-04"),
        notification(2, "2025-03-03", "2025-03-05"),
        notification(3, "2025-03-03", "2025-03-14"),
    ];
    let mut b = centre();
    b.notifications = vec![notification(4, "2025-03-03", "2025-03-06"), notification(5, "2025-03-03", "2025-03-07")];
    let m = municipality(&[("Nord", &a), ("Syd", &b)]);
    let waits = |r: &Report| -> Waits {
        r.section(SectionKind::Notifications)
            .unwrap()
            .notes
            .iter()
            .find_map(|n| match n {
                Note::ReceiptWorkingDays(w) => Some(w.clone()),
                _ => None,
            })
            .unwrap()
    };
    assert_eq!((waits(&report(&a)).median(), waits(&report(&b)).median()), (2, 4));
    // 1, 2, 3, 4, 9: the median is 3, the longest 9.
    assert_eq!((waits(&m.total).median(), waits(&m.total).longest()), (3, 9));
}

#[test]
fn a_section_one_centre_records_is_recorded_for_the_municipality() {
    let (a, mut b) = (centre(), centre());
    b.ledger = None;
    b.cards_owed.clear();
    let m = municipality(&[("Nord", &b), ("Syd", &a)]);
    let cards = m.total.section(SectionKind::MoveCards).unwrap();
    assert!(!cards.notes.contains(&Note::NotRecorded));
    assert_eq!(cards.notes, vec![Note::LedgerBalances(true)]);
    assert_eq!(cards.rows.len(), report(&a).section(SectionKind::MoveCards).unwrap().rows.len());
    // Neither records it: the municipality does not either.
    let m = municipality(&[("Nord", &b), ("Syd", &b)]);
    assert_eq!(m.total.section(SectionKind::MoveCards).unwrap().notes, vec![Note::NotRecorded]);
}

/// A stay of case `case_id` at `at`, started 2 March 2026.
fn stay(id: i64, case_id: i64, at: &Provider) -> (Stay, Provider) {
    let mut stay = recommended();
    (stay.id, stay.case_id, stay.provider_id) = (id, case_id, at.id);
    take(&mut stay, StayStepKind::Approve, "20.02.2026", "2026-03-02").unwrap();
    take(&mut stay, StayStepKind::Start, "02.03.2026", "2026-03-02").unwrap();
    (stay, at.clone())
}

#[test]
fn providers_are_joined_by_name_and_stays_stay_under_their_centre() {
    let at = |id: i64, name: &str| Provider { id, name: name.into(), ..provider() };
    let a = ReportInput {
        stays: vec![stay(1, 1, &at(1, "Kollegiet")), stay(2, 2, &at(2, "Østergården"))],
        ..ReportInput::default()
    };
    let b = ReportInput { stays: vec![stay(1, 1, &at(7, "Østergården"))], ..ReportInput::default() };
    let report = |input: &ReportInput| build(input, &randers(), year(2026), date("2026-04-10"));
    let (ra, rb) = (report(&a), report(&b));
    let m = combine(year(2026), date("2026-04-10"), vec![("Nord".into(), ra.clone()), ("Syd".into(), rb.clone())]);
    let providers: Vec<(RowKey, usize, Option<Ore>)> = m
        .total
        .section(SectionKind::StaysByProvider)
        .unwrap()
        .rows
        .iter()
        .map(|r| (r.key.clone(), r.count, r.amount))
        .collect();
    let cost = |r: &Report, name: &str| {
        let rows = &r.section(SectionKind::StaysByProvider).unwrap().rows;
        rows.iter().find(|r| matches!(&r.key, RowKey::Provider { name: n, .. } if n == name)).unwrap().amount.unwrap()
    };
    assert!(cost(&ra, "Kollegiet") > Ore::ZERO);
    assert_eq!(
        providers,
        vec![
            (RowKey::Provider { id: 1, name: "Kollegiet".into() }, 1, Some(cost(&ra, "Kollegiet"))),
            (
                RowKey::Provider { id: 2, name: "Østergården".into() },
                2,
                Some(cost(&ra, "Østergården") + cost(&rb, "Østergården"))
            ),
        ]
    );
    assert!(m.total.section(SectionKind::StaysByStay).is_none());
    assert_eq!(m.centres[0].report.section(SectionKind::StaysByStay).unwrap().rows.len(), 2);
}

#[test]
fn each_figure_of_the_municipality_stands_beside_each_centres() {
    let (a, mut b) = (centre(), centre());
    b.cases.retain(|c| c.id <= 4);
    let m = municipality(&[("Nord", &a), ("Syd", &b)]);
    let (ra, rb) = (report(&a), report(&b));
    for section in &m.total.sections {
        for beside in m.beside(section) {
            let of = |r: &Report| {
                let row = r.section(section.kind).and_then(|s| s.rows.iter().find(|r| r.key == beside.key));
                row.map_or(0, |r| r.count)
            };
            assert_eq!(beside.centres.iter().map(|f| f.count).collect::<Vec<_>>(), [of(&ra), of(&rb)]);
            assert_eq!(beside.total.count, of(&ra) + of(&rb), "{:?}", beside.key);
        }
    }
    // A row only the first centre has is nothing at the second.
    let age = m.total.section(SectionKind::Age).unwrap();
    let lone = m.beside(age).into_iter().find(|b| b.centres[1].count == 0 && b.total.count > 0);
    assert!(lone.is_some(), "{:?}", m.beside(age));
}

#[test]
fn stays_that_could_not_be_costed_are_counted_not_named() {
    let unpriced = Provider { id: 9, name: "Uden pris".into(), prices: Vec::new(), ..provider() };
    let input = |case_ids: &[i64]| ReportInput {
        stays: case_ids.iter().map(|&c| stay(c, c, &unpriced)).collect(),
        ..ReportInput::default()
    };
    let report = |input: &ReportInput| build(input, &randers(), year(2026), date("2026-04-10"));
    let (a, b) = (report(&input(&[4, 5])), report(&input(&[4])));
    let named = |r: &Report| r.section(SectionKind::StaysByMonth).unwrap().notes.clone();
    assert!(named(&a).contains(&Note::StaysNotCosted(vec![4, 5])), "{:?}", named(&a));
    let m = combine(year(2026), date("2026-04-10"), vec![("Nord".into(), a), ("Syd".into(), b)]);
    let counted = |r: &Report| {
        let notes = named(r);
        assert!(!notes.iter().any(|n| matches!(n, Note::StaysNotCosted(_))), "{notes:?}");
        notes.iter().find_map(|n| match n {
            Note::StaysNotCostedCount(n) => Some(*n),
            _ => None,
        })
    };
    assert_eq!((counted(&m.centres[0].report), counted(&m.centres[1].report)), (Some(2), Some(1)));
    assert_eq!(counted(&m.total), Some(3));
}

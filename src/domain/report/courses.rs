//! The courses of the period: how many started, are open or ended, how long
//! the ended ones lasted, who the citizens are (sex and age from the CPR
//! number, substances), why courses ended, and the contacts closed before
//! treatment.
//!
//! As in Faxe's report, who the citizens are is counted over the courses
//! started in the period; lengths and reasons over the courses ended in it,
//! whenever they started.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{AgeGroup, CaseFacts, CaseLine, LengthBucket, Period, Row, RowKey, Section, SectionKind};
use crate::domain::cpr::Sex;
use crate::domain::dates;
use crate::domain::intake::{ClosingReason, Gender, Substance};
use crate::domain::plan::{DischargeReason, Ending};

/// A course: a case whose treatment started, with its ending if any.
struct Course<'a> {
    case: &'a CaseLine,
    started: NaiveDate,
    ended: Option<NaiveDate>,
}

fn courses<'a>(cases: &'a [CaseLine], endings: &BTreeMap<i64, &Ending>) -> Vec<Course<'a>> {
    cases
        .iter()
        .filter_map(|case| {
            let started = case.treatment_started_on?;
            Some(Course { case, started, ended: endings.get(&case.id).map(|e| e.ended_on) })
        })
        .collect()
}

/// Courses, length, sex, age and substances.
pub(super) fn sections(
    cases: &[CaseLine],
    endings: &BTreeMap<i64, &Ending>,
    facts: &BTreeMap<i64, CaseFacts>,
    period: Period,
) -> Vec<Section> {
    let all = courses(cases, endings);
    let started: Vec<&Course> = all.iter().filter(|c| period.contains(c.started)).collect();
    let ids = |pick: &dyn Fn(&Course) -> bool| started.iter().filter(|c| pick(c)).map(|c| c.case.id).collect();
    let ended_by_end = |c: &Course| c.ended.is_some_and(|e| e <= period.to);
    let active =
        all.iter().filter(|c| c.started <= period.to && c.ended.is_none_or(|e| e >= period.from)).map(|c| c.case.id);
    let overview = Section::new(
        SectionKind::Courses,
        vec![
            Row::of(RowKey::Started, ids(&|_| true)),
            Row::of(RowKey::StillOpen, ids(&|c| !ended_by_end(c))),
            Row::of(RowKey::EndedOfStarted, ids(&ended_by_end)),
            Row::of(RowKey::Active, active.collect()),
        ],
    );

    let ended_in_period = all.iter().filter_map(|c| {
        let ended = c.ended.filter(|e| period.contains(*e))?;
        Some((LengthBucket::of_months(dates::full_months_between(c.started, ended)), c.case.id))
    });
    let length = Section::new(SectionKind::Length, grouped(LengthBucket::ALL, ended_in_period, RowKey::Length));

    // From the CPR number; for a citizen without one (anonymous), the
    // gender recorded at intake.
    let recorded = |id: i64| facts.get(&id).and_then(|f| f.details.gender).map(Gender::sex);
    let sex_of = |c: &&Course| c.case.cpr.as_ref().map(|cpr| cpr.sex()).or_else(|| recorded(c.case.id));
    let sexes = [Some(Sex::Male), Some(Sex::Female), None];
    let sex =
        Section::new(SectionKind::Sex, grouped(sexes, started.iter().map(|c| (sex_of(c), c.case.id)), RowKey::Sex));

    let age_of = |c: &&Course| match &c.case.cpr {
        Some(cpr) => AgeGroup::of_age(dates::age_in_years(cpr.birth_date(), c.started)),
        None => AgeGroup::Unknown,
    };
    // Each year of age under 19 is a row only when someone has it, as the
    // seed lists its 14-, 16-, 17- and 18-year-olds; the spans always are.
    let mut by_age: BTreeMap<AgeGroup, Vec<i64>> = [
        AgeGroup::From19To30,
        AgeGroup::From31To40,
        AgeGroup::From41To50,
        AgeGroup::From51To60,
        AgeGroup::Over60,
        AgeGroup::Unknown,
    ]
    .into_iter()
    .map(|g| (g, Vec::new()))
    .collect();
    for c in &started {
        by_age.entry(age_of(c)).or_default().push(c.case.id);
    }
    let age = Section::new(SectionKind::Age, by_age.into_iter().map(|(g, ids)| Row::of(RowKey::Age(g), ids)).collect());

    let substances = started.iter().flat_map(|c| {
        let listed = c.case.substances.iter().map(move |s| (Some(*s), c.case.id));
        let none = c.case.substances.is_empty().then_some((None, c.case.id));
        listed.chain(none)
    });
    let kinds = Substance::ALL.into_iter().map(Some).chain([None]);
    let substances = Section::new(SectionKind::Substances, grouped(kinds, substances, RowKey::Substance));

    vec![overview, length, sex, age, substances]
}

/// The courses ended in the period, by discharge reason.
pub(super) fn end_reasons(endings: &[Ending], period: Period) -> Section {
    let ended = endings.iter().filter(|e| period.contains(e.ended_on)).map(|e| (e.reason, e.case_id));
    Section::new(SectionKind::EndReasons, grouped(DischargeReason::ALL, ended, RowKey::Reason))
}

/// Contacts closed in the period before treatment started: all of them,
/// then by the reason from the list, those closed before the list existed
/// last ("ikke angivet").
pub(super) fn closed_contacts(cases: &[CaseLine], period: Period) -> Section {
    let closed: Vec<&CaseLine> = cases
        .iter()
        .filter(|c| c.treatment_started_on.is_none())
        .filter(|c| c.closed_on.is_some_and(|on| period.contains(on)))
        .collect();
    let mut rows = vec![Row::of(RowKey::ClosedWithoutTreatment, closed.iter().map(|c| c.id).collect())];
    let reasons = ClosingReason::ALL.into_iter().map(Some).chain([None]);
    let by_reason = closed.iter().map(|c| (c.closing_reason, c.id));
    rows.extend(grouped(reasons, by_reason, RowKey::ClosingReason));
    Section::new(SectionKind::ClosedContacts, rows)
}

/// One row per kind, in the kinds' order, each with the cases of that kind.
fn grouped<K: PartialEq + Copy>(
    kinds: impl IntoIterator<Item = K>,
    items: impl IntoIterator<Item = (K, i64)>,
    key: impl Fn(K) -> RowKey,
) -> Vec<Row> {
    let items: Vec<(K, i64)> = items.into_iter().collect();
    kinds
        .into_iter()
        .map(|k| Row::of(key(k), items.iter().filter(|(i, _)| *i == k).map(|(_, id)| *id).collect()))
        .collect()
}

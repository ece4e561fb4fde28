//! After the courses: the follow-up calls' outcomes and re-enrolment within
//! 12 months, each against the profile's targets (domain.md 6: Randers at
//! least 60 % reduced or abstinent and at most 15 % of the completed
//! re-enrolled; Nyborg 50 % reduced or stopped).
//!
//! A call counts in the period its due date lies in. The share of a target
//! is taken over the citizens reached who said how they are: a citizen not
//! reached, one who declined the calls and one who did not say are shown
//! but are in neither side of the share, since nothing is known of them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::{CaseLine, Note, Period, Row, RowKey, Section, SectionKind};
use crate::domain::dates;
use crate::domain::plan::{CallOutcome, DischargeReason, Ending, FollowUpCall, RE_ENROLMENT_MONTHS, re_enrolment_of};
use crate::domain::policy::{Profile, TargetPolicy};

/// Which of the profile's targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// At least this share drug-free or reduced (Randers: "reduktion eller
    /// abstinens").
    ReduceOrAbstainAtLeast,
    /// At least this share reduced or stopped (Nyborg).
    ReduceOrStopAtLeast,
    /// At most this share of the completed re-enrolled within 12 months.
    ReEnrolledAtMost,
}

/// A target and how the period did: `count` of `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetCheck {
    pub kind: TargetKind,
    pub percent: u32,
    pub count: usize,
    pub of: usize,
}

impl TargetCheck {
    /// Met or not; `None` when there is nobody to judge by. Whole numbers
    /// only: 3 of 5 is exactly 60 %, which meets "at least 60 %".
    pub fn met(&self) -> Option<bool> {
        if self.of == 0 {
            return None;
        }
        let share = self.count as u128 * 100;
        let bound = u128::from(self.percent) * self.of as u128;
        Some(match self.kind {
            TargetKind::ReduceOrAbstainAtLeast | TargetKind::ReduceOrStopAtLeast => share >= bound,
            TargetKind::ReEnrolledAtMost => share <= bound,
        })
    }
}

/// One section per follow-up call of the profile (1 and 6 months).
pub(super) fn call_sections(
    endings: &[Ending],
    calls: &[FollowUpCall],
    profile: &Profile,
    period: Period,
) -> Vec<Section> {
    profile
        .follow_up
        .after_end_months
        .iter()
        .map(|&months| call_section(endings, calls, months, &profile.targets, period))
        .collect()
}

fn call_section(
    endings: &[Ending],
    calls: &[FollowUpCall],
    months: u32,
    targets: &TargetPolicy,
    period: Period,
) -> Section {
    let mut by_outcome: BTreeMap<CallOutcome, Vec<i64>> = CallOutcome::ALL.iter().map(|o| (*o, Vec::new())).collect();
    let (mut not_reached, mut declined) = (Vec::new(), Vec::new());
    for call in calls.iter().filter(|c| c.months == months && period.contains(c.due_on)) {
        match call.reached().and_then(|a| a.outcome) {
            Some(outcome) => by_outcome.entry(outcome).or_default().push(call.case_id),
            None => not_reached.push(call.case_id),
        }
    }
    // A citizen who declined has no calls: the call would have been due
    // the same months after the end.
    for e in endings.iter().filter(|e| e.follow_up_declined) {
        if period.contains(dates::add_months(e.ended_on, months)) {
            declined.push(e.case_id);
        }
    }
    let stated: usize =
        by_outcome.iter().filter(|(o, _)| **o != CallOutcome::NotStated).map(|(_, ids)| ids.len()).sum();
    let better = by_outcome[&CallOutcome::DrugFree].len() + by_outcome[&CallOutcome::Reduced].len();
    let mut rows: Vec<Row> =
        CallOutcome::ALL.iter().map(|o| Row::of(RowKey::Outcome(*o), by_outcome[o].clone())).collect();
    rows.push(Row::of(RowKey::NotReached, not_reached));
    rows.push(Row::of(RowKey::Declined, declined));
    let mut section = Section::new(SectionKind::FollowUp(months), rows);
    let targets = [
        (TargetKind::ReduceOrAbstainAtLeast, targets.reduce_or_abstain_percent),
        (TargetKind::ReduceOrStopAtLeast, targets.reduce_or_stop_percent),
    ];
    for (kind, percent) in targets {
        if let Some(percent) = percent {
            section.notes.push(Note::Target(TargetCheck { kind, percent, count: better, of: stated }));
        }
    }
    section
}

/// The courses completed in the period, and those whose citizen came back
/// within 12 months (`plan::re_enrolment`, the rule the Planer board marks).
pub(super) fn re_enrolment_section(
    cases: &[CaseLine],
    endings: &[Ending],
    targets: &TargetPolicy,
    period: Period,
    today: NaiveDate,
) -> Section {
    let citizen_of: BTreeMap<i64, i64> = cases.iter().map(|c| (c.id, c.citizen_id)).collect();
    let mut by_citizen: BTreeMap<i64, Vec<&Ending>> = BTreeMap::new();
    for e in endings {
        if let Some(citizen) = citizen_of.get(&e.case_id) {
            by_citizen.entry(*citizen).or_default().push(e);
        }
    }
    let completed: Vec<&Ending> =
        endings.iter().filter(|e| e.reason == DischargeReason::Completed && period.contains(e.ended_on)).collect();
    let completed_ids: BTreeSet<i64> = completed.iter().map(|e| e.case_id).collect();
    let back: BTreeSet<i64> = cases
        .iter()
        .filter_map(|c| {
            re_enrolment_of(c.id, c.kind, c.contact_on, by_citizen.get(&c.citizen_id).into_iter().flatten().copied())
        })
        .map(|r| r.previous_case_id)
        .filter(|id| completed_ids.contains(id))
        .collect();
    let open = completed.iter().filter(|e| dates::add_months(e.ended_on, RE_ENROLMENT_MONTHS) > today).count();
    let mut section = Section::new(
        SectionKind::ReEnrolment,
        vec![
            Row::of(RowKey::Completed, completed_ids.iter().copied().collect()),
            Row::of(RowKey::ReEnrolled, back.iter().copied().collect()),
        ],
    );
    if let Some(percent) = targets.re_enrolled_within_12_months_max_percent {
        section.notes.push(Note::Target(TargetCheck {
            kind: TargetKind::ReEnrolledAtMost,
            percent,
            count: back.len(),
            of: completed_ids.len(),
        }));
    }
    if open > 0 {
        section.notes.push(Note::WindowsOpen(open));
    }
    section
}

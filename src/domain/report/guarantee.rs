//! The 14-day guarantee over the period: of the guarantee cases whose
//! treatment started in it, the share started by the deadline; each start
//! after it with its days over and the special assessment recorded, if
//! any; and apart, the citizens who chose another provider in the period
//! (free choice, §101 stk. 6), to whom the guarantee no longer applies and
//! who are therefore not in the share.
//!
//! Whether a case kept the guarantee is `intake::guarantee`'s answer, the
//! same the intake queue gives.

use super::{CaseLine, Note, Period, Row, RowKey, Section, SectionKind};
use crate::domain::intake::Guarantee;

pub(super) fn section(cases: &[CaseLine], period: Period) -> Section {
    let (mut kept, mut special, mut late, mut free_choice) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut breaches = Vec::new();
    for case in cases {
        match &case.guarantee {
            Guarantee::Kept { started_on, .. } if period.contains(*started_on) => kept.push(case.id),
            Guarantee::Missed { started_on, days_late, .. } if period.contains(*started_on) => {
                let reason = case.special_reason.clone();
                if reason.is_some() {
                    special.push(case.id)
                } else {
                    late.push(case.id)
                }
                breaches.push(Note::Breach { case_id: case.id, days_over: *days_late, special_reason: reason });
            }
            Guarantee::Waived(waiver) if period.contains(waiver.on) => free_choice.push(case.id),
            _ => {}
        }
    }
    let share = Note::ShareInTime { kept: kept.len(), judged: kept.len() + special.len() + late.len() };
    let mut section = Section::new(
        SectionKind::Guarantee,
        vec![
            Row::of(RowKey::GuaranteeKept, kept),
            Row::of(RowKey::GuaranteeMissedSpecial, special),
            Row::of(RowKey::GuaranteeMissed, late),
            Row::of(RowKey::GuaranteeFreeChoice, free_choice),
        ],
    );
    section.notes.push(share);
    section.notes.extend(breaches);
    section
}

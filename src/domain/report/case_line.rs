//! A case as the report counts it: its dates and kinds, how its guarantee
//! went, and how a figure names it; no name, no note, no history. The
//! store turns each case into one as it reads it, so the report of a large
//! centre holds 20,000 of these rather than 20,000 whole cases.

use chrono::NaiveDate;

use super::CaseRef;
use crate::domain::cpr::Cpr;
use crate::domain::intake::{Case, ClosingReason, ContactKind, Guarantee, Identity, Substance, guarantee};
use crate::domain::policy::IntakePolicy;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    pub id: i64,
    pub citizen_id: i64,
    pub kind: ContactKind,
    pub contact_on: NaiveDate,
    /// Sex and age come from it; none for an anonymous citizen or one
    /// without a number.
    pub cpr: Option<Cpr>,
    pub substances: Vec<Substance>,
    pub treatment_started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closing_reason: Option<ClosingReason>,
    /// The treatment guarantee as it stands on the day of the report.
    pub guarantee: Guarantee,
    /// The special assessment's reason, for a start after the deadline.
    pub special_reason: Option<String>,
    pub reference: CaseRef,
}

impl CaseLine {
    /// What the report counts of `case`, its guarantee judged by `policy`
    /// on `today`.
    pub fn of(case: &Case, policy: &IntakePolicy, today: NaiveDate) -> CaseLine {
        let guarantee = guarantee(case, policy, today);
        let special_reason = match guarantee {
            Guarantee::Missed { .. } => case.progress.special_assessment.as_ref().map(|r| r.reason.clone()),
            _ => None,
        };
        let masked_cpr = match &case.identity {
            Identity::Named { cpr, .. } => cpr.as_ref().map(|c| c.masked()),
            Identity::Anonymous { .. } => None,
        };
        CaseLine {
            id: case.id,
            citizen_id: case.citizen_id,
            kind: case.kind,
            contact_on: case.contact_date(),
            cpr: case.identity.cpr().cloned(),
            substances: case.substances.clone(),
            treatment_started_on: case.progress.treatment_started_on,
            closed_on: case.progress.closed.as_ref().map(|r| r.on),
            closing_reason: case.progress.closing_reason,
            guarantee,
            special_reason,
            reference: CaseRef { case_id: case.id, masked_cpr, counsellor: case.counsellor.clone() },
        }
    }
}

//! The format's records of complaints about decisions, with their checks:
//! each complaint is replayed through the domain's rules as the forms
//! apply them (a §101a case refused, the dates in order, each step only
//! where it follows, a late complaint forwarded only with its reason).

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case_facts::Cases;
use super::{bad, check_recorded_at, not_blank, unique_id};
use crate::domain::complaint::{
    AppealResult, Complaint, ComplaintField, ComplaintHow, Decision, NewComplaint, Reassessment, Stamp, Step,
    StepProblem, apply_step, check_new, check_step,
};
use crate::store::Result;
use crate::store::access::is_anonymous;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintRecord {
    pub id: i64,
    pub case_id: i64,
    /// The decision complained about, in words.
    pub decision: String,
    pub decided_on: NaiveDate,
    /// The day the citizen was told the decision.
    pub told_on: NaiveDate,
    pub received_on: NaiveDate,
    pub how: ComplaintHow,
    #[serde(default)]
    pub helper: String,
    pub registered_by: String,
    pub registered_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reassessed: Option<ReassessedRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarded: Option<ForwardedRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ResultRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReassessedRecord {
    pub on: NaiveDate,
    pub outcome: Reassessment,
    pub actor: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForwardedRecord {
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_reason: Option<String>,
    pub actor: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultRecord {
    pub on: NaiveDate,
    pub result: AppealResult,
    pub actor: String,
    pub recorded_at: String,
}

fn stamp(actor: &str, at: &str) -> Stamp {
    Stamp { by: actor.to_string(), at: at.to_string() }
}

impl From<&Complaint> for ComplaintRecord {
    fn from(c: &Complaint) -> Self {
        ComplaintRecord {
            id: c.id,
            case_id: c.case_id,
            decision: c.decision.what.clone(),
            decided_on: c.decision.decided_on,
            told_on: c.decision.told_on,
            received_on: c.received_on,
            how: c.how,
            helper: c.helper.clone(),
            registered_by: c.registered.by.clone(),
            registered_at: c.registered.at.clone(),
            reassessed: c.reassessed.as_ref().map(|r| ReassessedRecord {
                on: r.on,
                outcome: r.outcome,
                actor: r.stamp.by.clone(),
                recorded_at: r.stamp.at.clone(),
            }),
            forwarded: c.forwarded.as_ref().map(|f| ForwardedRecord {
                on: f.on,
                late_reason: f.late_reason.clone(),
                actor: f.stamp.by.clone(),
                recorded_at: f.stamp.at.clone(),
            }),
            result: c.result.as_ref().map(|x| ResultRecord {
                on: x.on,
                result: x.result,
                actor: x.stamp.by.clone(),
                recorded_at: x.stamp.at.clone(),
            }),
        }
    }
}

/// The field of the format a domain field is written in.
fn field_name(f: ComplaintField) -> &'static str {
    match f {
        ComplaintField::About => "case_id",
        ComplaintField::Decision => "decision",
        ComplaintField::DecidedOn => "decided_on",
        ComplaintField::ToldOn => "told_on",
        ComplaintField::ReceivedOn => "received_on",
        ComplaintField::How => "how",
        ComplaintField::Helper => "helper",
        ComplaintField::Date | ComplaintField::Reassessment | ComplaintField::Result => "on",
        ComplaintField::LateReason => "late_reason",
    }
}

/// Checks a part of the complaints (`first` its first record's index)
/// against its case (`cases`) and the profile's complaint deadline
/// (`weeks`), and adds them to `out` as the store writes them; `ids` holds
/// the ids of the parts before.
pub(super) fn check(
    records: &[ComplaintRecord],
    first: usize,
    cases: &Cases,
    weeks: u32,
    ids: &mut HashSet<i64>,
    out: &mut Vec<Complaint>,
) -> Result<()> {
    for (i, r) in (first..).zip(records) {
        let at = |field: &str| format!("complaints[{i}].{field}");
        unique_id(ids, r.id, at("id"))?;
        let case = cases
            .get(&r.case_id)
            .ok_or_else(|| bad(at("case_id"), format!("sag {} findes ikke i filen", r.case_id)))?;
        let new = NewComplaint {
            decision: Decision { what: r.decision.clone(), decided_on: r.decided_on, told_on: r.told_on },
            received_on: r.received_on,
            how: r.how,
            helper: r.helper.clone(),
        };
        check_new(&new, is_anonymous(&case))
            .map_err(|(field, p)| bad(at(field_name(field)), crate::text::complaints::problem(&p)))?;
        if r.received_on < case.contact_at.date() {
            return Err(bad(at("received_on"), "ligger før sagens første henvendelse"));
        }
        not_blank(&r.registered_by, at("registered_by"))?;
        check_recorded_at(at("registered_at"), &r.registered_at)?;
        let mut c = Complaint {
            id: r.id,
            case_id: r.case_id,
            decision: new.decision,
            received_on: r.received_on,
            how: r.how,
            helper: r.helper.clone(),
            registered: stamp(&r.registered_by, &r.registered_at),
            reassessed: None,
            forwarded: None,
            result: None,
        };
        // The steps in the order they happen, each checked as the form would.
        let steps = [
            r.reassessed
                .as_ref()
                .map(|s| ("reassessed", Step::Reassess { on: s.on, outcome: s.outcome }, &s.actor, &s.recorded_at)),
            r.forwarded.as_ref().map(|s| {
                ("forwarded", Step::Forward { on: s.on, late_reason: s.late_reason.clone() }, &s.actor, &s.recorded_at)
            }),
            r.result
                .as_ref()
                .map(|s| ("result", Step::Result { on: s.on, result: s.result }, &s.actor, &s.recorded_at)),
        ];
        for (name, step, actor, recorded_at) in steps.into_iter().flatten() {
            let at = |field: &str| at(&format!("{name}.{field}"));
            if let Step::Forward { late_reason: Some(reason), .. } = &step {
                crate::domain::input::check_note(reason, false, crate::domain::limits::COMPLAINT_REASON)
                    .map_err(|p| bad(at("late_reason"), crate::text::complaints::problem(&p.into())))?;
            }
            check_step(&c, &step, weeks).map_err(|p| {
                let field = match p {
                    StepProblem::LateReasonMissing { .. } => "late_reason",
                    _ => "on",
                };
                bad(at(field), crate::text::complaints::step_problem(&p))
            })?;
            not_blank(actor, at("actor"))?;
            check_recorded_at(at("recorded_at"), recorded_at)?;
            apply_step(&mut c, &step, stamp(actor, recorded_at));
        }
        out.push(c);
    }
    Ok(())
}

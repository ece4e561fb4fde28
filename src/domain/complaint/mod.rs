//! Complaints about decisions (klager; domain.md 7.7, Retssikkerhedsloven
//! §§ 66-67): the record, what may follow what, and the two deadlines.
//!
//! A citizen complains to the centre within the profile's weeks (4) of
//! being told a decision; the centre re-assesses it; a decision changed in
//! the citizen's favour ends the complaint, an upheld one is forwarded to
//! Ankestyrelsen no later than 4 weeks after the complaint was received,
//! and Ankestyrelsen's result ends it. A late complaint may still be
//! forwarded for a good reason, which is recorded. §101a decisions cannot
//! be appealed, and health-care complaints go to Styrelsen for
//! Patientklager: both are refused here with the reason, never registered.

mod form;
#[cfg(test)]
mod tests;

pub use form::{ComplaintField, ComplaintProblem, NewComplaintInput, StepInput, check_new, parse_new, parse_step};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates;
pub use super::notification::Stamp;

/// Weeks the centre has to forward an upheld complaint to Ankestyrelsen,
/// counted from the day it received it (Retssikkerhedsloven §66 stk. 2):
/// the law's, no profile changes it.
pub const FORWARD_WEEKS: u32 = 4;

/// Years within which a health-care complaint goes to Styrelsen for
/// Patientklager, from learning of the matter, and at the latest after it
/// (domain.md 6, 7.7): the centre only guides.
pub const HEALTH_CARE_YEARS: (u32, u32) = (2, 5);

/// How the complaint reached the centre: it may be oral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintHow {
    Written,
    Oral,
}

impl ComplaintHow {
    pub const ALL: [ComplaintHow; 2] = [ComplaintHow::Written, ComplaintHow::Oral];
}

/// The centre's re-assessment (genvurdering) of its decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reassessment {
    /// Changed in the citizen's favour: the complaint ends.
    Changed,
    /// Upheld: the complaint goes on to Ankestyrelsen.
    Upheld,
}

impl Reassessment {
    pub const ALL: [Reassessment; 2] = [Reassessment::Changed, Reassessment::Upheld];
}

/// Ankestyrelsen's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealResult {
    /// The decision stands (stadfæstet).
    Upheld,
    /// Changed (ændret).
    Changed,
    /// Sent back to the centre to decide again (hjemvist).
    Returned,
    /// Not taken up (afvist).
    Dismissed,
}

impl AppealResult {
    pub const ALL: [AppealResult; 4] =
        [AppealResult::Upheld, AppealResult::Changed, AppealResult::Returned, AppealResult::Dismissed];
}

/// The decision complained about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// What was decided, in the counsellor's words ("afslag på døgnbehandling").
    pub what: String,
    pub decided_on: NaiveDate,
    /// The day the citizen was told: the complaint deadline counts from it.
    pub told_on: NaiveDate,
}

/// A complaint as registered, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComplaint {
    pub decision: Decision,
    pub received_on: NaiveDate,
    pub how: ComplaintHow,
    /// Who helps the citizen put the complaint into words; may be empty.
    pub helper: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reassessed {
    pub on: NaiveDate,
    pub outcome: Reassessment,
    pub stamp: Stamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forwarded {
    pub on: NaiveDate,
    /// Why a late complaint is forwarded anyway; `None` for one in time.
    pub late_reason: Option<String>,
    pub stamp: Stamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resulted {
    pub on: NaiveDate,
    pub result: AppealResult,
    pub stamp: Stamp,
}

/// One complaint and what has happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub id: i64,
    pub case_id: i64,
    pub decision: Decision,
    pub received_on: NaiveDate,
    pub how: ComplaintHow,
    pub helper: String,
    pub registered: Stamp,
    pub reassessed: Option<Reassessed>,
    pub forwarded: Option<Forwarded>,
    pub result: Option<Resulted>,
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Received, waiting for the re-assessment.
    Received,
    /// Upheld by the centre, waiting to be forwarded.
    Upheld,
    /// With Ankestyrelsen, waiting for its result.
    Forwarded,
    /// The centre changed its decision: ended.
    ChangedByCentre,
    /// Ankestyrelsen's result is in: ended.
    Decided,
}

/// The last day the citizen's complaint is in time: told + the profile's
/// weeks (a complaint received on that day is in time).
pub fn complaint_deadline(told_on: NaiveDate, weeks: u32) -> NaiveDate {
    dates::add_days(told_on, 7 * i64::from(weeks))
}

/// The last day the centre may forward an upheld complaint: received +
/// 4 weeks (forwarded on that day is in time).
pub fn forwarding_deadline(received_on: NaiveDate) -> NaiveDate {
    dates::add_days(received_on, 7 * i64::from(FORWARD_WEEKS))
}

/// Whether a complaint received on `received_on` about a decision told on
/// `told_on` came after the complaint deadline.
pub fn is_late(told_on: NaiveDate, received_on: NaiveDate, weeks: u32) -> bool {
    received_on > complaint_deadline(told_on, weeks)
}

impl Complaint {
    pub fn state(&self) -> State {
        match (&self.reassessed, &self.forwarded, &self.result) {
            (_, _, Some(_)) => State::Decided,
            (_, Some(_), None) => State::Forwarded,
            (Some(r), None, None) if r.outcome == Reassessment::Changed => State::ChangedByCentre,
            (Some(_), None, None) => State::Upheld,
            (None, None, None) => State::Received,
        }
    }

    /// Whether something is still to be done by the centre or Ankestyrelsen.
    pub fn is_open(&self) -> bool {
        !matches!(self.state(), State::ChangedByCentre | State::Decided)
    }

    /// Whether the centre still has to forward it: not re-assessed yet (an
    /// upheld decision must go on) or upheld; a changed decision ends it.
    pub fn awaits_forwarding(&self) -> bool {
        matches!(self.state(), State::Received | State::Upheld)
    }

    pub fn deadline(&self, weeks: u32) -> NaiveDate {
        complaint_deadline(self.decision.told_on, weeks)
    }

    pub fn forwarding_deadline(&self) -> NaiveDate {
        forwarding_deadline(self.received_on)
    }

    /// Whether the complaint came after the complaint deadline.
    pub fn is_late(&self, weeks: u32) -> bool {
        is_late(self.decision.told_on, self.received_on, weeks)
    }
}

/// A step on a complaint, checked as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Reassess { on: NaiveDate, outcome: Reassessment },
    Forward { on: NaiveDate, late_reason: Option<String> },
    Result { on: NaiveDate, result: AppealResult },
}

/// Which step, without its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    Reassess,
    Forward,
    Result,
}

impl StepKind {
    /// The id the audit trail records.
    pub fn id(self) -> &'static str {
        match self {
            StepKind::Reassess => "reassess",
            StepKind::Forward => "forward",
            StepKind::Result => "result",
        }
    }
}

impl Step {
    pub fn kind(&self) -> StepKind {
        match self {
            Step::Reassess { .. } => StepKind::Reassess,
            Step::Forward { .. } => StepKind::Forward,
            Step::Result { .. } => StepKind::Result,
        }
    }

    pub fn on(&self) -> NaiveDate {
        match self {
            Step::Reassess { on, .. } | Step::Forward { on, .. } | Step::Result { on, .. } => *on,
        }
    }
}

/// Why a step does not fit the complaint as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepProblem {
    /// The step does not follow from where the complaint stands.
    NotNow { kind: StepKind, state: State },
    /// The step's date lies before the step it follows (the receipt, the
    /// re-assessment, the forwarding), named by its date.
    Before { earlier: NaiveDate },
    /// A late complaint is forwarded only with the reason it is forwarded
    /// anyway (domain.md 7.7).
    LateReasonMissing { deadline: NaiveDate },
}

/// What may follow what: the re-assessment after the receipt, the
/// forwarding after an upheld re-assessment (with a reason when the
/// complaint was late), the result after the forwarding.
pub fn check_step(c: &Complaint, step: &Step, weeks: u32) -> Result<(), StepProblem> {
    let state = c.state();
    let not_now = Err(StepProblem::NotNow { kind: step.kind(), state });
    let earlier = match (step, state) {
        (Step::Reassess { .. }, State::Received) => c.received_on,
        (Step::Forward { .. }, State::Upheld) => c.reassessed.as_ref().map_or(c.received_on, |r| r.on),
        (Step::Result { .. }, State::Forwarded) => c.forwarded.as_ref().map_or(c.received_on, |f| f.on),
        _ => return not_now,
    };
    if step.on() < earlier {
        return Err(StepProblem::Before { earlier });
    }
    if let Step::Forward { late_reason, .. } = step
        && c.is_late(weeks)
        && late_reason.as_deref().is_none_or(|r| r.trim().is_empty())
    {
        return Err(StepProblem::LateReasonMissing { deadline: c.deadline(weeks) });
    }
    Ok(())
}

/// Puts a checked step on the complaint.
pub fn apply_step(c: &mut Complaint, step: &Step, stamp: Stamp) {
    match step {
        Step::Reassess { on, outcome } => c.reassessed = Some(Reassessed { on: *on, outcome: *outcome, stamp }),
        Step::Forward { on, late_reason } => {
            c.forwarded = Some(Forwarded { on: *on, late_reason: late_reason.clone(), stamp })
        }
        Step::Result { on, result } => c.result = Some(Resulted { on: *on, result: *result, stamp }),
    }
}

/// How the forwarding deadline stands on `today`, for the list's marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// The forwarding deadline has passed.
    Overdue,
    /// Within a week of it.
    Soon,
    Later,
    /// Nothing left to forward (changed, forwarded or decided).
    NotDue,
}

/// Days before the forwarding deadline the list marks a complaint as soon.
pub const SOON_DAYS: i64 = 7;

impl Complaint {
    pub fn urgency(&self, today: NaiveDate) -> Urgency {
        if !self.awaits_forwarding() {
            return Urgency::NotDue;
        }
        match dates::days_between(today, self.forwarding_deadline()) {
            d if d < 0 => Urgency::Overdue,
            d if d <= SOON_DAYS => Urgency::Soon,
            _ => Urgency::Later,
        }
    }
}

/// The open complaints in the order of the list: those the centre must
/// still forward by the soonest forwarding deadline, then those with
/// Ankestyrelsen, by when they were forwarded; then by id.
pub fn sort_open(list: &mut [Complaint]) {
    list.sort_by_key(|c| {
        let waiting = !c.awaits_forwarding();
        let day = if waiting { c.forwarded.as_ref().map_or(c.received_on, |f| f.on) } else { c.forwarding_deadline() };
        (waiting, day, c.id)
    });
}

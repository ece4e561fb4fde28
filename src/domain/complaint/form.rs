//! The complaint forms' rules: what was typed, checked at its field. The
//! same checks take a complaint from an import file.

use chrono::NaiveDate;

use super::{AppealResult, Complaint, ComplaintHow, Decision, NewComplaint, Reassessment, Step, StepKind, StepProblem};
use crate::domain::dates::DateInputError;
use crate::domain::input::{self, DateProblem, TextProblem};
use crate::domain::limits;

/// The fields of the complaint forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComplaintField {
    /// A decision, or the doctor's or nurses' care (not registered here).
    About,
    Decision,
    DecidedOn,
    ToldOn,
    ReceivedOn,
    How,
    Helper,
    /// The date of a step.
    Date,
    Reassessment,
    Result,
    LateReason,
}

/// What is wrong at a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComplaintProblem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    Date(DateInputError),
    InFuture,
    /// The citizen cannot have been told before the decision was made.
    ToldBeforeDecision {
        decided_on: NaiveDate,
    },
    /// The complaint cannot come before the citizen was told.
    ReceivedBeforeTold {
        told_on: NaiveDate,
    },
    /// §101a decisions cannot be appealed: nothing is registered.
    Anonymous,
    /// A health-care complaint goes to Styrelsen for Patientklager within 2
    /// years, at the latest 5: the centre guides, nothing is registered.
    HealthCare,
    /// A choice not made.
    NotChosen,
    Step(StepProblem),
}

impl From<TextProblem> for ComplaintProblem {
    fn from(p: TextProblem) -> Self {
        match p {
            TextProblem::Required => ComplaintProblem::Required,
            TextProblem::TooLong { max } => ComplaintProblem::TooLong { max },
            TextProblem::ControlCharacters => ComplaintProblem::ControlCharacters,
        }
    }
}

/// The registration form as typed.
#[derive(Debug, Clone, Copy)]
pub struct NewComplaintInput<'a> {
    /// The complaint is about the doctor's or nurses' care, not a decision.
    pub health_care: bool,
    pub what: &'a str,
    pub decided_on: &'a str,
    pub told_on: &'a str,
    pub received_on: &'a str,
    pub how: Option<ComplaintHow>,
    pub helper: &'a str,
}

type Problems = Vec<(ComplaintField, ComplaintProblem)>;

fn day(
    text: &str,
    today: NaiveDate,
    earlier: Option<(NaiveDate, ComplaintProblem)>,
) -> Result<NaiveDate, ComplaintProblem> {
    let none: [(std::convert::Infallible, Option<NaiveDate>); 0] = [];
    let on = input::check_date(text, Some(today), &none).map_err(|p| match p {
        DateProblem::Required => ComplaintProblem::Required,
        DateProblem::Unreadable(e) => ComplaintProblem::Date(e),
        DateProblem::InFuture => ComplaintProblem::InFuture,
        DateProblem::Before(never, _) => match never {},
    })?;
    match earlier {
        Some((bound, problem)) if on < bound => Err(problem),
        _ => Ok(on),
    }
}

/// Checks a new complaint on a case (`anonymous`: a §101a case). A
/// health-care complaint and a §101a case are refused at once with the
/// reason, before anything else is checked: there is nothing to register.
pub fn parse_new(i: &NewComplaintInput<'_>, anonymous: bool, today: NaiveDate) -> Result<NewComplaint, Problems> {
    if i.health_care {
        return Err(vec![(ComplaintField::About, ComplaintProblem::HealthCare)]);
    }
    if anonymous {
        return Err(vec![(ComplaintField::About, ComplaintProblem::Anonymous)]);
    }
    let mut problems = Problems::new();
    fn keep<T>(problems: &mut Problems, field: ComplaintField, r: Result<T, ComplaintProblem>) -> Option<T> {
        r.map_err(|p| problems.push((field, p))).ok()
    }
    let what = keep(
        &mut problems,
        ComplaintField::Decision,
        input::check_text(i.what, true, limits::COMPLAINT_DECISION).map_err(ComplaintProblem::from),
    );
    let decided_on = keep(&mut problems, ComplaintField::DecidedOn, day(i.decided_on, today, None));
    let told_on = keep(
        &mut problems,
        ComplaintField::ToldOn,
        day(i.told_on, today, decided_on.map(|d| (d, ComplaintProblem::ToldBeforeDecision { decided_on: d }))),
    );
    let received_on = keep(
        &mut problems,
        ComplaintField::ReceivedOn,
        day(i.received_on, today, told_on.map(|t| (t, ComplaintProblem::ReceivedBeforeTold { told_on: t }))),
    );
    let how = keep(&mut problems, ComplaintField::How, i.how.ok_or(ComplaintProblem::NotChosen));
    let helper = keep(
        &mut problems,
        ComplaintField::Helper,
        input::check_text(i.helper, false, limits::COMPLAINT_HELPER).map_err(ComplaintProblem::from),
    );
    match (what, decided_on, told_on, received_on, how, helper) {
        (Some(what), Some(decided_on), Some(told_on), Some(received_on), Some(how), Some(helper))
            if problems.is_empty() =>
        {
            Ok(NewComplaint {
                decision: Decision { what: what.to_string(), decided_on, told_on },
                received_on,
                how,
                helper: helper.to_string(),
            })
        }
        _ => Err(problems),
    }
}

/// Checks a complaint as a whole, dates already read (an import file's):
/// the same rules as [`parse_new`] but for "not after today", which an
/// import of yesterday's records cannot know. The first problem, at its field.
pub fn check_new(new: &NewComplaint, anonymous: bool) -> Result<(), (ComplaintField, ComplaintProblem)> {
    if anonymous {
        return Err((ComplaintField::About, ComplaintProblem::Anonymous));
    }
    let text = |field, text: &str, required, max| {
        input::check_text(text, required, max).map(|_| ()).map_err(|p| (field, ComplaintProblem::from(p)))
    };
    text(ComplaintField::Decision, &new.decision.what, true, limits::COMPLAINT_DECISION)?;
    text(ComplaintField::Helper, &new.helper, false, limits::COMPLAINT_HELPER)?;
    let d = &new.decision;
    if d.told_on < d.decided_on {
        return Err((ComplaintField::ToldOn, ComplaintProblem::ToldBeforeDecision { decided_on: d.decided_on }));
    }
    if new.received_on < d.told_on {
        return Err((ComplaintField::ReceivedOn, ComplaintProblem::ReceivedBeforeTold { told_on: d.told_on }));
    }
    Ok(())
}

/// A step's form as typed: the date, and the choice or reason its kind has.
#[derive(Debug, Clone, Copy)]
pub struct StepInput<'a> {
    pub kind: StepKind,
    pub date: &'a str,
    pub reassessment: Option<Reassessment>,
    pub result: Option<AppealResult>,
    pub late_reason: &'a str,
}

/// Checks a step against the complaint as it stands (`weeks`: the
/// profile's complaint deadline), each problem at its field.
pub fn parse_step(i: &StepInput<'_>, c: &Complaint, weeks: u32, today: NaiveDate) -> Result<Step, Problems> {
    let on = day(i.date, today, None).map_err(|p| vec![(ComplaintField::Date, p)])?;
    let step = match i.kind {
        StepKind::Reassess => Step::Reassess {
            on,
            outcome: i.reassessment.ok_or_else(|| vec![(ComplaintField::Reassessment, ComplaintProblem::NotChosen)])?,
        },
        StepKind::Result => Step::Result {
            on,
            result: i.result.ok_or_else(|| vec![(ComplaintField::Result, ComplaintProblem::NotChosen)])?,
        },
        StepKind::Forward => {
            let reason = input::check_note(i.late_reason, false, limits::COMPLAINT_REASON)
                .map_err(|p| vec![(ComplaintField::LateReason, ComplaintProblem::from(p))])?;
            Step::Forward { on, late_reason: (!reason.is_empty()).then(|| reason.to_string()) }
        }
    };
    super::check_step(c, &step, weeks).map_err(|p| {
        let field = match p {
            StepProblem::LateReasonMissing { .. } => ComplaintField::LateReason,
            _ => ComplaintField::Date,
        };
        vec![(field, ComplaintProblem::Step(p))]
    })?;
    Ok(step)
}

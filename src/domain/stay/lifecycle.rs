//! A stay's life (domain.md 4): recommended (with the counsellor's
//! recommendation) → approved or refused (by whom: the centre, or in Randers
//! a visitation committee) → started → mid-way status received → ended
//! (planned, or interrupted, with the date the provider told the centre) →
//! final status received → aftercare started.
//!
//! States only move forward. Each step is checked here against the stay and
//! the day ([`parse_stay_step`]) and applied with [`apply_stay_step`]; the
//! store records who took it and when, as it does for intake steps.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::cost::{BilledStay, Service, StayPeriod};
use super::own_payment::ToldOwnPayment;
use super::provider::Provider;
use crate::domain::dates::{self, DateInputError};
use crate::domain::input::{self, TextProblem};
use crate::domain::intake::{Case, ContactKind};

const MAX_NAME: usize = crate::domain::limits::STAY_NAME;
const MAX_TEXT: usize = crate::domain::limits::STAY_TEXT;

/// The counsellor's recommendation that starts a stay's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub on: NaiveDate,
    /// Who recommended: the counsellor's user name, as typed.
    pub by: String,
    /// The recommendation itself, as the committee will read it.
    pub text: String,
}

/// The approval or refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub approved: bool,
    pub on: NaiveDate,
    /// Who decided, free text: "Visitationsudvalget", or a person.
    pub by: String,
    /// The reason for a refusal; empty for an approval.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndKind {
    /// Ended as planned (or by agreement).
    Planned,
    /// Interrupted: unplanned. The provider must tell the centre within the
    /// profile's days, and the contract's early-ending fee may apply.
    Interrupted,
}

impl EndKind {
    pub const ALL: [EndKind; 2] = [EndKind::Planned, EndKind::Interrupted];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// The discharge day.
    pub on: NaiveDate,
    pub kind: EndKind,
    /// An interrupted stay: the day the provider told the centre; `None`
    /// until it has.
    #[serde(default)]
    pub reported_on: Option<NaiveDate>,
}

/// One residential stay of one case at one provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stay {
    pub id: i64,
    pub case_id: i64,
    pub provider_id: i64,
    /// The services the stay is billed for, each once, in [`Service`] order.
    pub services: Vec<Service>,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub recommendation: Recommendation,
    pub decision: Option<Decision>,
    pub started_on: Option<NaiveDate>,
    pub midway_status_on: Option<NaiveDate>,
    pub ended: Option<Ending>,
    pub final_status_on: Option<NaiveDate>,
    pub aftercare_started_on: Option<NaiveDate>,
    /// The own payment as calculated, and when the citizen was told it.
    pub own_payment: Option<ToldOwnPayment>,
}

/// Where a stay is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StayStatus {
    /// Waiting for the decision.
    Recommended,
    Approved,
    Running,
    Ended,
    Interrupted,
    /// Ended, and aftercare has started.
    Aftercare,
    Refused,
}

impl StayStatus {
    pub const ALL: [StayStatus; 7] = [
        StayStatus::Recommended,
        StayStatus::Approved,
        StayStatus::Running,
        StayStatus::Ended,
        StayStatus::Interrupted,
        StayStatus::Aftercare,
        StayStatus::Refused,
    ];
}

impl Stay {
    pub fn status(&self) -> StayStatus {
        match (&self.decision, self.started_on, &self.ended) {
            (None, _, _) => StayStatus::Recommended,
            (Some(d), _, _) if !d.approved => StayStatus::Refused,
            (Some(_), None, _) => StayStatus::Approved,
            (Some(_), Some(_), None) => StayStatus::Running,
            (Some(_), Some(_), Some(_)) if self.aftercare_started_on.is_some() => StayStatus::Aftercare,
            (Some(_), Some(_), Some(e)) => match e.kind {
                EndKind::Planned => StayStatus::Ended,
                EndKind::Interrupted => StayStatus::Interrupted,
            },
        }
    }

    pub fn approved(&self) -> bool {
        self.decision.as_ref().is_some_and(|d| d.approved)
    }

    pub fn refused(&self) -> bool {
        self.decision.as_ref().is_some_and(|d| !d.approved)
    }

    pub fn interrupted(&self) -> bool {
        self.ended.is_some_and(|e| e.kind == EndKind::Interrupted)
    }

    /// The intake day: the actual one once started, else the planned one.
    pub fn start(&self) -> NaiveDate {
        self.started_on.unwrap_or(self.planned_start)
    }

    /// The discharge day: the actual one once ended, else the planned one.
    pub fn end(&self) -> NaiveDate {
        self.ended.map(|e| e.on).unwrap_or(self.planned_end)
    }

    /// The whole stay as committed: intake to the actual discharge day once
    /// ended, else to the planned end.
    pub fn committed_period(&self) -> StayPeriod {
        StayPeriod { start: self.start(), end: Some(self.end()), ended_early: self.interrupted() }
    }

    /// The stay as it has run: from the intake day to the discharge day, or
    /// still running (no discharge day yet). `None` before it started.
    pub fn actual_period(&self) -> Option<StayPeriod> {
        let start = self.started_on?;
        Some(StayPeriod { start, end: self.ended.map(|e| e.on), ended_early: self.interrupted() })
    }

    /// The stay ready to be costed at `provider` over `period`.
    pub fn billed<'a>(&'a self, provider: &'a Provider, period: StayPeriod) -> BilledStay<'a> {
        BilledStay { period, services: &self.services, prices: &provider.prices, terms: provider.terms }
    }
}

// ---------------------------------------------------------------------------
// The recommendation: a new stay
// ---------------------------------------------------------------------------

/// The recommendation form as typed; the provider and the services are
/// chosen from lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStayInput {
    pub case_number: String,
    pub provider_id: Option<i64>,
    pub services: Vec<Service>,
    pub planned_start: String,
    pub planned_end: String,
    pub recommended_on: String,
    pub recommended_by: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NewStayField {
    Case,
    Provider,
    Services,
    PlannedStart,
    PlannedEnd,
    RecommendedOn,
    RecommendedBy,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewStayProblem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    Date(DateInputError),
    InFuture,
    NotACaseNumber,
    NoSuchCase {
        id: i64,
    },
    /// Relatives, professionals and §101a anonymous treatment (group
    /// treatment only) are not referred to residential treatment.
    NotACitizensTreatment {
        kind: ContactKind,
    },
    /// Residential treatment is referred only after assessment (domain.md 4).
    NotAssessed,
    CaseClosed {
        on: NaiveDate,
    },
    EndBeforeStart,
    StartBeforeRecommendation,
    /// The provider has no price for a chosen service on the planned start.
    NoPrice {
        service: Service,
        on: NaiveDate,
    },
    /// The case has another stay whose days meet this one's: a citizen is
    /// in one residential stay at a time, and the municipality would pay
    /// twice for the same days.
    Overlaps {
        stay_id: i64,
        start: NaiveDate,
        end: NaiveDate,
    },
}

/// Checks a recommendation. `find_case` looks a case number up; the result
/// is the stay as it will be stored, not yet numbered (`id` 0).
pub fn validate_new_stay(
    input: &NewStayInput,
    find_case: impl FnOnce(i64) -> Option<Case>,
    providers: &[Provider],
    today: NaiveDate,
) -> Result<Stay, Vec<(NewStayField, NewStayProblem)>> {
    let mut problems = Vec::new();
    let mut problem = |field, p| problems.push((field, p));

    let recommended_on = match past_date(&input.recommended_on, today) {
        Ok(d) => Some(d),
        Err(p) => {
            problem(NewStayField::RecommendedOn, p);
            None
        }
    };
    let case = match input.case_number.trim().trim_start_matches('#') {
        "" => {
            problem(NewStayField::Case, NewStayProblem::Required);
            None
        }
        text => match text.parse::<i64>() {
            Err(_) => {
                problem(NewStayField::Case, NewStayProblem::NotACaseNumber);
                None
            }
            Ok(id) => match find_case(id) {
                None => {
                    problem(NewStayField::Case, NewStayProblem::NoSuchCase { id });
                    None
                }
                Some(case) => {
                    let p = &case.progress;
                    if !matches!(case.kind, ContactKind::OwnUse | ContactKind::Young) {
                        problem(NewStayField::Case, NewStayProblem::NotACitizensTreatment { kind: case.kind });
                    } else if p.consent_on.is_none() && p.treatment_started_on.is_none() {
                        problem(NewStayField::Case, NewStayProblem::NotAssessed);
                    } else if let Some(closed) = &p.closed
                        // A course closed because the citizen went to the stay
                        // is closed on or after the recommendation.
                        && recommended_on.is_none_or(|r| closed.on < r)
                    {
                        problem(NewStayField::Case, NewStayProblem::CaseClosed { on: closed.on });
                    }
                    Some(case)
                }
            },
        },
    };
    let provider = match input.provider_id {
        None => {
            problem(NewStayField::Provider, NewStayProblem::Required);
            None
        }
        Some(id) => {
            let found = providers.iter().find(|p| p.id == id);
            if found.is_none() {
                problem(NewStayField::Provider, NewStayProblem::Required);
            }
            found
        }
    };
    let mut services = input.services.clone();
    services.sort();
    services.dedup();
    if services.is_empty() {
        problem(NewStayField::Services, NewStayProblem::Required);
    }
    let start = match any_date(&input.planned_start) {
        Ok(d) => Some(d),
        Err(p) => {
            problem(NewStayField::PlannedStart, p);
            None
        }
    };
    let end = match any_date(&input.planned_end) {
        Ok(d) => Some(d),
        Err(p) => {
            problem(NewStayField::PlannedEnd, p);
            None
        }
    };
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        problem(NewStayField::PlannedEnd, NewStayProblem::EndBeforeStart);
    }
    if let (Some(start), Some(on)) = (start, recommended_on)
        && start < on
    {
        problem(NewStayField::PlannedStart, NewStayProblem::StartBeforeRecommendation);
    }
    if let (Some(provider), Some(start)) = (provider, start) {
        for service in &services {
            if provider.price_on(*service, start).is_none() {
                problem(NewStayField::Services, NewStayProblem::NoPrice { service: *service, on: start });
            }
        }
    }
    let by = input.recommended_by.trim();
    if let Err(p) = check_text(by, true, MAX_NAME) {
        problem(NewStayField::RecommendedBy, p);
    }
    let text = input.text.trim();
    if let Err(p) = check_note(text, true, MAX_TEXT) {
        problem(NewStayField::Text, p);
    }

    match (case, provider, start, end, recommended_on) {
        (Some(case), Some(provider), Some(start), Some(end), Some(on)) if problems.is_empty() => Ok(Stay {
            id: 0,
            case_id: case.id,
            provider_id: provider.id,
            services,
            planned_start: start,
            planned_end: end,
            recommendation: Recommendation { on, by: by.to_string(), text: text.to_string() },
            decision: None,
            started_on: None,
            midway_status_on: None,
            ended: None,
            final_status_on: None,
            aftercare_started_on: None,
            own_payment: None,
        }),
        _ => Err(problems),
    }
}

/// The first of the case's other stays whose days meet `stay`'s, as the
/// problem to refuse it with. A refused stay holds no days; one stay may end
/// on the day the next begins (a move from one provider to the next). Each
/// stay counts from its intake day (or planned start) to its discharge day
/// (or planned end).
pub fn overlapping_stay<'a>(stay: &Stay, others: impl IntoIterator<Item = &'a Stay>) -> Option<NewStayProblem> {
    others
        .into_iter()
        .filter(|o| o.id != stay.id && o.case_id == stay.case_id && !o.refused())
        .find(|o| o.start() < stay.end() && stay.start() < o.end())
        .map(|o| NewStayProblem::Overlaps { stay_id: o.id, start: o.start(), end: o.end() })
}

// ---------------------------------------------------------------------------
// The steps
// ---------------------------------------------------------------------------

/// The kinds of step, with stable ids used in the store and in exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StayStepKind {
    Approve,
    Refuse,
    Start,
    MidwayStatus,
    End,
    /// The provider told the centre of an interruption recorded earlier.
    InterruptionReported,
    FinalStatus,
    AftercareStarted,
}

impl StayStepKind {
    pub const ALL: [StayStepKind; 8] = [
        StayStepKind::Approve,
        StayStepKind::Refuse,
        StayStepKind::Start,
        StayStepKind::MidwayStatus,
        StayStepKind::End,
        StayStepKind::InterruptionReported,
        StayStepKind::FinalStatus,
        StayStepKind::AftercareStarted,
    ];

    /// An approval or a refusal names who decided.
    pub fn asks_who(self) -> bool {
        matches!(self, StayStepKind::Approve | StayStepKind::Refuse)
    }

    pub fn needs_reason(self) -> bool {
        self == StayStepKind::Refuse
    }

    /// Ending asks planned or interrupted, and when the provider told.
    pub fn asks_end_kind(self) -> bool {
        self == StayStepKind::End
    }
}

/// A step as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StayStepInput {
    pub kind: Option<StayStepKind>,
    pub date: String,
    /// Who decided (approval and refusal).
    pub by: String,
    /// Why refused.
    pub reason: String,
    /// Ending: interrupted rather than planned.
    pub interrupted: bool,
    /// Ending, interrupted: when the provider told the centre; may be empty.
    pub reported_on: String,
}

/// A checked step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StayStep {
    Approve { on: NaiveDate, by: String },
    Refuse { on: NaiveDate, by: String, reason: String },
    Start { on: NaiveDate },
    MidwayStatus { on: NaiveDate },
    End(Ending),
    InterruptionReported { on: NaiveDate },
    FinalStatus { on: NaiveDate },
    AftercareStarted { on: NaiveDate },
}

impl StayStep {
    pub fn kind(&self) -> StayStepKind {
        match self {
            StayStep::Approve { .. } => StayStepKind::Approve,
            StayStep::Refuse { .. } => StayStepKind::Refuse,
            StayStep::Start { .. } => StayStepKind::Start,
            StayStep::MidwayStatus { .. } => StayStepKind::MidwayStatus,
            StayStep::End(_) => StayStepKind::End,
            StayStep::InterruptionReported { .. } => StayStepKind::InterruptionReported,
            StayStep::FinalStatus { .. } => StayStepKind::FinalStatus,
            StayStep::AftercareStarted { .. } => StayStepKind::AftercareStarted,
        }
    }

    pub fn date(&self) -> NaiveDate {
        match self {
            StayStep::Approve { on, .. }
            | StayStep::Refuse { on, .. }
            | StayStep::Start { on }
            | StayStep::MidwayStatus { on }
            | StayStep::InterruptionReported { on }
            | StayStep::FinalStatus { on }
            | StayStep::AftercareStarted { on } => *on,
            StayStep::End(e) => e.on,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StayStepField {
    Date,
    By,
    Reason,
    ReportedOn,
}

/// What a step's date must not lie before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Milestone {
    Recommended,
    Decided,
    Started,
    Ended,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StayStepProblem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    Date(DateInputError),
    InFuture,
    Before {
        milestone: Milestone,
        on: NaiveDate,
    },
    AlreadyRecorded {
        on: NaiveDate,
    },
    /// Approve or refuse: decided already.
    AlreadyDecided {
        approved: bool,
        on: NaiveDate,
    },
    Refused,
    /// Start: the stay is not approved.
    NotApproved,
    NotStarted,
    AlreadyEnded {
        on: NaiveDate,
    },
    NotEnded,
    /// The provider's report belongs to an interrupted stay.
    NotInterrupted,
    /// A report date belongs to an interrupted stay only.
    ReportForPlannedEnd,
    /// The step kind was not given (a programming error in the caller).
    NoKind,
}

/// Parses and checks a step against the stay and the day. Every problem is
/// reported at its field; the stay is not changed here.
pub fn parse_stay_step(
    input: &StayStepInput,
    stay: &Stay,
    today: NaiveDate,
) -> Result<StayStep, Vec<(StayStepField, StayStepProblem)>> {
    let Some(kind) = input.kind else {
        return Err(vec![(StayStepField::Date, StayStepProblem::NoKind)]);
    };
    let mut problems = Vec::new();
    let on = match past_date(&input.date, today) {
        Ok(on) => Some(on),
        Err(p) => {
            problems.push((StayStepField::Date, step_problem(p)));
            None
        }
    };
    // What about the stay forbids the step, whatever the date; otherwise,
    // the date the step may not lie before.
    match state_problem(kind, stay) {
        Err(p) => problems.push((StayStepField::Date, p)),
        Ok((milestone, earliest)) => {
            if let Some(on) = on
                && on < earliest
            {
                problems.push((StayStepField::Date, StayStepProblem::Before { milestone, on: earliest }));
            }
        }
    }
    let by = input.by.trim();
    if kind.asks_who()
        && let Err(p) = check_text(by, true, MAX_NAME)
    {
        problems.push((StayStepField::By, step_problem(p)));
    }
    let reason = input.reason.trim();
    if kind.needs_reason()
        && let Err(p) = check_text(reason, true, MAX_TEXT)
    {
        problems.push((StayStepField::Reason, step_problem(p)));
    }
    let mut reported_on = None;
    if kind.asks_end_kind() && !input.reported_on.trim().is_empty() {
        if input.interrupted {
            match past_date(&input.reported_on, today) {
                Ok(r) if on.is_some_and(|on| r < on) => problems.push((
                    StayStepField::ReportedOn,
                    StayStepProblem::Before { milestone: Milestone::Ended, on: on.unwrap_or(r) },
                )),
                Ok(r) => reported_on = Some(r),
                Err(p) => problems.push((StayStepField::ReportedOn, step_problem(p))),
            }
        } else {
            problems.push((StayStepField::ReportedOn, StayStepProblem::ReportForPlannedEnd));
        }
    }
    let Some(on) = on else { return Err(problems) };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(match kind {
        StayStepKind::Approve => StayStep::Approve { on, by: by.to_string() },
        StayStepKind::Refuse => StayStep::Refuse { on, by: by.to_string(), reason: reason.to_string() },
        StayStepKind::Start => StayStep::Start { on },
        StayStepKind::MidwayStatus => StayStep::MidwayStatus { on },
        StayStepKind::End => StayStep::End(Ending {
            on,
            kind: if input.interrupted { EndKind::Interrupted } else { EndKind::Planned },
            reported_on,
        }),
        StayStepKind::InterruptionReported => StayStep::InterruptionReported { on },
        StayStepKind::FinalStatus => StayStep::FinalStatus { on },
        StayStepKind::AftercareStarted => StayStep::AftercareStarted { on },
    })
}

/// Whether the stay is where the step can be taken, and if so the milestone
/// and date the step's own date may not lie before.
fn state_problem(kind: StayStepKind, stay: &Stay) -> Result<(Milestone, NaiveDate), StayStepProblem> {
    let decided = |d: &Decision| (Milestone::Decided, d.on);
    match kind {
        StayStepKind::Approve | StayStepKind::Refuse => match &stay.decision {
            Some(d) => Err(StayStepProblem::AlreadyDecided { approved: d.approved, on: d.on }),
            None => Ok((Milestone::Recommended, stay.recommendation.on)),
        },
        StayStepKind::Start => match (&stay.decision, stay.started_on) {
            (_, Some(on)) => Err(StayStepProblem::AlreadyRecorded { on }),
            (Some(d), None) if d.approved => Ok(decided(d)),
            (Some(_), None) => Err(StayStepProblem::Refused),
            (None, None) => Err(StayStepProblem::NotApproved),
        },
        StayStepKind::MidwayStatus => match (stay.started_on, stay.midway_status_on) {
            (_, Some(on)) => Err(StayStepProblem::AlreadyRecorded { on }),
            (None, _) => Err(StayStepProblem::NotStarted),
            (Some(start), None) => Ok((Milestone::Started, start)),
        },
        StayStepKind::End => match (stay.started_on, &stay.ended) {
            (_, Some(e)) => Err(StayStepProblem::AlreadyEnded { on: e.on }),
            (None, _) => Err(StayStepProblem::NotStarted),
            (Some(start), None) => Ok((Milestone::Started, start)),
        },
        StayStepKind::InterruptionReported => match stay.ended {
            None => Err(StayStepProblem::NotEnded),
            Some(e) if e.kind != EndKind::Interrupted => Err(StayStepProblem::NotInterrupted),
            Some(Ending { reported_on: Some(on), .. }) => Err(StayStepProblem::AlreadyRecorded { on }),
            Some(e) => Ok((Milestone::Ended, e.on)),
        },
        StayStepKind::FinalStatus => match (stay.ended, stay.final_status_on) {
            (_, Some(on)) => Err(StayStepProblem::AlreadyRecorded { on }),
            (None, _) => Err(StayStepProblem::NotEnded),
            (Some(e), None) => Ok((Milestone::Ended, e.on)),
        },
        StayStepKind::AftercareStarted => match (stay.ended, stay.aftercare_started_on) {
            (_, Some(on)) => Err(StayStepProblem::AlreadyRecorded { on }),
            (None, _) => Err(StayStepProblem::NotEnded),
            (Some(e), None) => Ok((Milestone::Ended, e.on)),
        },
    }
}

/// Checks a step already parsed against the stay as it stands now: the
/// store calls this again inside its transaction, so that a step taken by
/// someone else in the meantime cannot be overwritten.
pub fn check_stay_step(step: &StayStep, stay: &Stay) -> Result<(), StayStepProblem> {
    let (milestone, earliest) = state_problem(step.kind(), stay)?;
    if step.date() < earliest {
        return Err(StayStepProblem::Before { milestone, on: earliest });
    }
    Ok(())
}

/// Applies a checked step to the stay.
pub fn apply_stay_step(stay: &mut Stay, step: &StayStep) {
    match step {
        StayStep::Approve { on, by } => {
            stay.decision = Some(Decision { approved: true, on: *on, by: by.clone(), note: String::new() })
        }
        StayStep::Refuse { on, by, reason } => {
            stay.decision = Some(Decision { approved: false, on: *on, by: by.clone(), note: reason.clone() })
        }
        StayStep::Start { on } => stay.started_on = Some(*on),
        StayStep::MidwayStatus { on } => stay.midway_status_on = Some(*on),
        StayStep::End(ending) => stay.ended = Some(*ending),
        StayStep::InterruptionReported { on } => {
            if let Some(e) = &mut stay.ended {
                e.reported_on = Some(*on);
            }
        }
        StayStep::FinalStatus { on } => stay.final_status_on = Some(*on),
        StayStep::AftercareStarted { on } => stay.aftercare_started_on = Some(*on),
    }
}

// ---------------------------------------------------------------------------

/// A past or present date, as typed.
fn past_date(text: &str, today: NaiveDate) -> Result<NaiveDate, NewStayProblem> {
    match any_date(text)? {
        d if d > today => Err(NewStayProblem::InFuture),
        d => Ok(d),
    }
}

fn any_date(text: &str) -> Result<NaiveDate, NewStayProblem> {
    match dates::parse_date_dk(text) {
        Ok(d) => Ok(d),
        Err(DateInputError::Empty) => Err(NewStayProblem::Required),
        Err(e) => Err(NewStayProblem::Date(e)),
    }
}

/// A one-line text by the shared rule (`domain::input`).
fn check_text(text: &str, required: bool, max: usize) -> Result<(), NewStayProblem> {
    input::check_text(text, required, max).map(|_| ()).map_err(text_problem)
}

/// A free text of several lines (line breaks kept) by the shared rule.
fn check_note(text: &str, required: bool, max: usize) -> Result<(), NewStayProblem> {
    input::check_note(text, required, max).map(|_| ()).map_err(text_problem)
}

fn text_problem(p: TextProblem) -> NewStayProblem {
    match p {
        TextProblem::Required => NewStayProblem::Required,
        TextProblem::TooLong { max } => NewStayProblem::TooLong { max },
        TextProblem::ControlCharacters => NewStayProblem::ControlCharacters,
    }
}

/// The few text and date problems the two forms share, said as a step's.
fn step_problem(p: NewStayProblem) -> StayStepProblem {
    match p {
        NewStayProblem::Required => StayStepProblem::Required,
        NewStayProblem::TooLong { max } => StayStepProblem::TooLong { max },
        NewStayProblem::ControlCharacters => StayStepProblem::ControlCharacters,
        NewStayProblem::Date(e) => StayStepProblem::Date(e),
        NewStayProblem::InFuture => StayStepProblem::InFuture,
        // Only the shared problems above reach here.
        _ => StayStepProblem::Required,
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::domain::money::Ore;
    use crate::domain::stay::cost::{ContractTerms, EarlyEndFee, Price, PriceUnit};

    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// 1,500 kr/day treatment, 21,000 kr/month stay; intake day billed,
    /// discharge day not; 2,500 kr if the stay ends within 30 days.
    pub fn provider() -> Provider {
        Provider {
            id: 3,
            name: "Lyngbakken".into(),
            tilbudsportalen_id: "12345".into(),
            contact: String::new(),
            terms: ContractTerms {
                bill_intake_day: true,
                bill_discharge_day: false,
                early_end_fee: Some(EarlyEndFee { within_days: 30, fee: Ore::from_kr(2_500) }),
            },
            food_per_day: Some(Ore::from_kr(65)),
            lodging_per_day: Some(Ore::from_kr(45)),
            prices: vec![
                Price {
                    service: Service::Treatment,
                    unit: PriceUnit::PerDay,
                    amount: Ore::from_kr(1_500),
                    valid_from: d("2025-01-01"),
                },
                Price {
                    service: Service::Stay,
                    unit: PriceUnit::PerMonth,
                    amount: Ore::from_kr(21_000),
                    valid_from: d("2025-01-01"),
                },
            ],
        }
    }

    /// Recommended on 2 February 2026, planned 1 March - 31 May 2026.
    pub fn recommended() -> Stay {
        Stay {
            id: 1,
            case_id: 7,
            provider_id: 3,
            services: vec![Service::Treatment, Service::Stay],
            planned_start: d("2026-03-01"),
            planned_end: d("2026-05-31"),
            recommendation: Recommendation { on: d("2026-02-02"), by: "dennis".into(), text: "Indstilling".into() },
            decision: None,
            started_on: None,
            midway_status_on: None,
            ended: None,
            final_status_on: None,
            aftercare_started_on: None,
            own_payment: None,
        }
    }

    /// An own payment calculated and told the citizen on `on`.
    pub fn told_own_payment(on: &str) -> crate::domain::stay::ToldOwnPayment {
        use crate::domain::stay::{OwnPaymentInput, OwnPaymentSettings, ToldOwnPayment, own_payment};
        let input = OwnPaymentInput {
            monthly_income: Ore::from_kr(12_000),
            fixed_expenses: Vec::new(),
            keeps_own_home: false,
            food_per_day: Ore::from_kr(65),
            lodging_per_day: Ore::from_kr(45),
            days_in_month: 30,
        };
        let settings = OwnPaymentSettings { amount_kept_per_month: Ore::from_kr(4_000) };
        let result = own_payment(&input, &settings).unwrap();
        ToldOwnPayment { input, settings, result, told_on: Some(d(on)) }
    }

    pub fn take(
        stay: &mut Stay,
        kind: StayStepKind,
        on: &str,
        today: &str,
    ) -> Result<(), Vec<(StayStepField, StayStepProblem)>> {
        let input = StayStepInput {
            kind: Some(kind),
            date: on.into(),
            by: "Visitationsudvalget".into(),
            reason: "Begrundelse".into(),
            ..StayStepInput::default()
        };
        let step = parse_stay_step(&input, stay, d(today))?;
        apply_stay_step(stay, &step);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::domain::intake::test_support::case_on;
    use crate::domain::intake::{Progress, Reasoned};

    fn typed() -> NewStayInput {
        NewStayInput {
            case_number: "7".into(),
            provider_id: Some(3),
            services: vec![Service::Stay, Service::Treatment],
            planned_start: "01.03.2026".into(),
            planned_end: "31.05.2026".into(),
            recommended_on: "02.02.2026".into(),
            recommended_by: " dennis ".into(),
            text: "Indstilling".into(),
        }
    }

    fn assessed_case() -> Case {
        let mut case = case_on("2025-10-27");
        case.id = 7;
        case.progress = Progress {
            consent_on: Some(d("2025-11-04")),
            treatment_started_on: Some(d("2025-11-04")),
            ..Progress::default()
        };
        case
    }

    #[test]
    fn a_recommendation_for_an_assessed_case_becomes_a_stay() {
        let stay = validate_new_stay(&typed(), |_| Some(assessed_case()), &[provider()], d("2026-02-02")).unwrap();
        assert_eq!(stay, Stay { id: 0, ..recommended() });
        assert_eq!(stay.status(), StayStatus::Recommended);
    }

    #[test]
    fn every_problem_of_a_recommendation_is_named_at_its_field() {
        let input = NewStayInput {
            case_number: "sju".into(),
            provider_id: None,
            services: vec![],
            planned_start: "01.03.2026".into(),
            planned_end: "28.02.2026".into(),
            recommended_on: "03.02.2026".into(),
            recommended_by: String::new(),
            text: " ".into(),
        };
        let problems = validate_new_stay(&input, |_| None, &[provider()], d("2026-02-02")).unwrap_err();
        assert_eq!(
            problems,
            vec![
                (NewStayField::RecommendedOn, NewStayProblem::InFuture),
                (NewStayField::Case, NewStayProblem::NotACaseNumber),
                (NewStayField::Provider, NewStayProblem::Required),
                (NewStayField::Services, NewStayProblem::Required),
                (NewStayField::PlannedEnd, NewStayProblem::EndBeforeStart),
                (NewStayField::RecommendedBy, NewStayProblem::Required),
                (NewStayField::Text, NewStayProblem::Required),
            ]
        );
        let unknown = validate_new_stay(&typed(), |_| None, &[provider()], d("2026-02-02")).unwrap_err();
        assert_eq!(unknown, vec![(NewStayField::Case, NewStayProblem::NoSuchCase { id: 7 })]);
    }

    #[test]
    fn only_an_assessed_citizens_own_case_that_is_still_open_is_referred() {
        let today = d("2026-02-02");
        let mut relative = assessed_case();
        relative.kind = ContactKind::Relative;
        let mut anonymous = assessed_case();
        anonymous.kind = ContactKind::Anonymous;
        for (case, problem) in [
            (relative, NewStayProblem::NotACitizensTreatment { kind: ContactKind::Relative }),
            (anonymous, NewStayProblem::NotACitizensTreatment { kind: ContactKind::Anonymous }),
            (case_on("2026-01-20"), NewStayProblem::NotAssessed),
        ] {
            let got = validate_new_stay(&typed(), |_| Some(case), &[provider()], today).unwrap_err();
            assert_eq!(got, vec![(NewStayField::Case, problem)]);
        }
        // A course closed before the recommendation is closed; one closed
        // on the day (the citizen went to the stay) is not.
        let mut closed = assessed_case();
        closed.progress.closed = Some(Reasoned { on: d("2026-02-01"), reason: "Afsluttet".into() });
        let got = validate_new_stay(&typed(), |_| Some(closed.clone()), &[provider()], today).unwrap_err();
        assert_eq!(got, vec![(NewStayField::Case, NewStayProblem::CaseClosed { on: d("2026-02-01") })]);
        closed.progress.closed = Some(Reasoned { on: d("2026-02-02"), reason: "Til døgn".into() });
        assert!(validate_new_stay(&typed(), |_| Some(closed), &[provider()], today).is_ok());
    }

    #[test]
    fn a_service_without_a_price_on_the_planned_start_is_refused() {
        let input = NewStayInput { services: vec![Service::Other, Service::Treatment], ..typed() };
        let got = validate_new_stay(&input, |_| Some(assessed_case()), &[provider()], d("2026-02-02")).unwrap_err();
        assert_eq!(
            got,
            vec![(NewStayField::Services, NewStayProblem::NoPrice { service: Service::Other, on: d("2026-03-01") })]
        );
        let early = NewStayInput { planned_start: "01.12.2024".into(), recommended_on: "01.11.2024".into(), ..typed() };
        let got = validate_new_stay(&early, |_| Some(assessed_case()), &[provider()], d("2026-02-02")).unwrap_err();
        assert_eq!(got.len(), 2, "{got:?}");
        let before = NewStayInput { planned_start: "01.02.2026".into(), ..typed() };
        let got = validate_new_stay(&before, |_| Some(assessed_case()), &[provider()], d("2026-02-02")).unwrap_err();
        assert_eq!(got, vec![(NewStayField::PlannedStart, NewStayProblem::StartBeforeRecommendation)]);
    }

    #[test]
    fn a_stay_moves_forward_through_its_whole_life() {
        let mut s = recommended();
        take(&mut s, StayStepKind::Approve, "20.02.2026", "2026-02-20").unwrap();
        assert_eq!(s.status(), StayStatus::Approved);
        assert_eq!(s.decision.as_ref().unwrap().by, "Visitationsudvalget");
        take(&mut s, StayStepKind::Start, "02.03.2026", "2026-03-02").unwrap();
        assert_eq!(s.status(), StayStatus::Running);
        take(&mut s, StayStepKind::MidwayStatus, "14.04.2026", "2026-04-14").unwrap();
        take(&mut s, StayStepKind::End, "29.05.2026", "2026-05-29").unwrap();
        assert_eq!(s.status(), StayStatus::Ended);
        take(&mut s, StayStepKind::FinalStatus, "05.06.2026", "2026-06-05").unwrap();
        take(&mut s, StayStepKind::AftercareStarted, "08.06.2026", "2026-06-08").unwrap();
        assert_eq!(s.status(), StayStatus::Aftercare);
        assert_eq!(s.start(), d("2026-03-02"));
        assert_eq!(s.end(), d("2026-05-29"));
    }

    #[test]
    fn states_only_move_forward() {
        let mut s = recommended();
        let today = "2026-06-30";
        let refused = |kind| take(&mut recommended(), kind, "01.03.2026", today).unwrap_err();
        assert_eq!(refused(StayStepKind::Start), vec![(StayStepField::Date, StayStepProblem::NotApproved)]);
        assert_eq!(refused(StayStepKind::MidwayStatus), vec![(StayStepField::Date, StayStepProblem::NotStarted)]);
        assert_eq!(refused(StayStepKind::End), vec![(StayStepField::Date, StayStepProblem::NotStarted)]);
        assert_eq!(refused(StayStepKind::FinalStatus), vec![(StayStepField::Date, StayStepProblem::NotEnded)]);
        assert_eq!(refused(StayStepKind::AftercareStarted), vec![(StayStepField::Date, StayStepProblem::NotEnded)]);
        assert_eq!(refused(StayStepKind::InterruptionReported), vec![(StayStepField::Date, StayStepProblem::NotEnded)]);

        take(&mut s, StayStepKind::Approve, "20.02.2026", today).unwrap();
        assert_eq!(
            take(&mut s, StayStepKind::Refuse, "21.02.2026", today),
            Err(vec![(StayStepField::Date, StayStepProblem::AlreadyDecided { approved: true, on: d("2026-02-20") })])
        );
        take(&mut s, StayStepKind::Start, "02.03.2026", today).unwrap();
        assert_eq!(
            take(&mut s, StayStepKind::Start, "03.03.2026", today),
            Err(vec![(StayStepField::Date, StayStepProblem::AlreadyRecorded { on: d("2026-03-02") })])
        );
        take(&mut s, StayStepKind::End, "31.05.2026", today).unwrap();
        assert_eq!(
            take(&mut s, StayStepKind::End, "01.06.2026", today),
            Err(vec![(StayStepField::Date, StayStepProblem::AlreadyEnded { on: d("2026-05-31") })])
        );
        assert_eq!(
            take(&mut s, StayStepKind::InterruptionReported, "01.06.2026", today),
            Err(vec![(StayStepField::Date, StayStepProblem::NotInterrupted)])
        );
        // A mid-way status may still arrive after the end.
        take(&mut s, StayStepKind::MidwayStatus, "02.06.2026", today).unwrap();
    }

    #[test]
    fn a_refused_stay_does_not_start_and_a_refusal_needs_a_reason() {
        let mut s = recommended();
        let input = StayStepInput {
            kind: Some(StayStepKind::Refuse),
            date: "20.02.2026".into(),
            by: "Visitationsudvalget".into(),
            ..StayStepInput::default()
        };
        assert_eq!(
            parse_stay_step(&input, &s, d("2026-02-20")),
            Err(vec![(StayStepField::Reason, StayStepProblem::Required)])
        );
        take(&mut s, StayStepKind::Refuse, "20.02.2026", "2026-02-20").unwrap();
        assert_eq!(s.status(), StayStatus::Refused);
        assert_eq!(s.decision.as_ref().unwrap().note, "Begrundelse");
        assert_eq!(
            take(&mut s, StayStepKind::Start, "01.03.2026", "2026-03-01"),
            Err(vec![(StayStepField::Date, StayStepProblem::Refused)])
        );
    }

    #[test]
    fn no_step_before_the_one_it_follows_and_none_in_the_future() {
        let mut s = recommended();
        assert_eq!(
            take(&mut s, StayStepKind::Approve, "01.02.2026", "2026-02-20"),
            Err(vec![(
                StayStepField::Date,
                StayStepProblem::Before { milestone: Milestone::Recommended, on: d("2026-02-02") }
            )])
        );
        assert_eq!(
            take(&mut s, StayStepKind::Approve, "21.02.2026", "2026-02-20"),
            Err(vec![(StayStepField::Date, StayStepProblem::InFuture)])
        );
        take(&mut s, StayStepKind::Approve, "20.02.2026", "2026-02-20").unwrap();
        assert_eq!(
            take(&mut s, StayStepKind::Start, "19.02.2026", "2026-02-20"),
            Err(vec![(
                StayStepField::Date,
                StayStepProblem::Before { milestone: Milestone::Decided, on: d("2026-02-20") }
            )])
        );
        let input = StayStepInput { kind: Some(StayStepKind::Approve), by: " ".into(), ..StayStepInput::default() };
        let mut fresh = recommended();
        fresh.decision = None;
        assert_eq!(
            parse_stay_step(&input, &fresh, d("2026-02-20")),
            Err(vec![(StayStepField::Date, StayStepProblem::Required), (StayStepField::By, StayStepProblem::Required)])
        );
    }

    #[test]
    fn an_interruption_with_or_without_the_providers_report() {
        let mut s = recommended();
        take(&mut s, StayStepKind::Approve, "20.02.2026", "2026-03-31").unwrap();
        take(&mut s, StayStepKind::Start, "02.03.2026", "2026-03-31").unwrap();
        let end = |interrupted, reported: &str| StayStepInput {
            kind: Some(StayStepKind::End),
            date: "20.03.2026".into(),
            interrupted,
            reported_on: reported.into(),
            ..StayStepInput::default()
        };
        let today = d("2026-03-31");
        assert_eq!(
            parse_stay_step(&end(false, "21.03.2026"), &s, today),
            Err(vec![(StayStepField::ReportedOn, StayStepProblem::ReportForPlannedEnd)])
        );
        assert_eq!(
            parse_stay_step(&end(true, "19.03.2026"), &s, today),
            Err(vec![(
                StayStepField::ReportedOn,
                StayStepProblem::Before { milestone: Milestone::Ended, on: d("2026-03-20") }
            )])
        );
        let reported = parse_stay_step(&end(true, "21.03.2026"), &s, today).unwrap();
        assert_eq!(
            reported,
            StayStep::End(Ending {
                on: d("2026-03-20"),
                kind: EndKind::Interrupted,
                reported_on: Some(d("2026-03-21"))
            })
        );
        // Not yet reported: recorded later as its own step.
        let step = parse_stay_step(&end(true, ""), &s, today).unwrap();
        apply_stay_step(&mut s, &step);
        assert_eq!(s.status(), StayStatus::Interrupted);
        assert_eq!(
            s.committed_period(),
            StayPeriod { start: d("2026-03-02"), end: Some(d("2026-03-20")), ended_early: true }
        );
        take(&mut s, StayStepKind::InterruptionReported, "24.03.2026", "2026-03-31").unwrap();
        assert_eq!(s.ended.unwrap().reported_on, Some(d("2026-03-24")));
        assert_eq!(
            take(&mut s, StayStepKind::InterruptionReported, "25.03.2026", "2026-03-31"),
            Err(vec![(StayStepField::Date, StayStepProblem::AlreadyRecorded { on: d("2026-03-24") })])
        );
    }

    #[test]
    fn periods_use_the_actual_days_once_known() {
        let mut s = recommended();
        assert_eq!(s.actual_period(), None);
        assert_eq!(
            s.committed_period(),
            StayPeriod { start: d("2026-03-01"), end: Some(d("2026-05-31")), ended_early: false }
        );
        take(&mut s, StayStepKind::Approve, "20.02.2026", "2026-03-31").unwrap();
        take(&mut s, StayStepKind::Start, "03.03.2026", "2026-03-31").unwrap();
        assert_eq!(s.actual_period(), Some(StayPeriod { start: d("2026-03-03"), end: None, ended_early: false }));
        assert_eq!(s.committed_period().start, d("2026-03-03"));
    }
}

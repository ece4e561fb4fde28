//! The steps that move a case along, each one small form (domain.md 1).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Case, ContactKind, Reasoned, guarantee};
use crate::domain::dates::DateInputError;
use crate::domain::input::{self, DateProblem};
use crate::domain::policy::IntakePolicy;

const MAX_REASON: usize = crate::domain::limits::STEP_REASON;

/// The kinds of step, with stable ids used in the store and in exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    BookVisitation,
    StartAssessment,
    OfferDoctor,
    DoctorHeld,
    FreeChoice,
    SpecialAssessment,
    StartTreatment,
    Close,
}

impl StepKind {
    pub const ALL: [StepKind; 8] = [
        StepKind::BookVisitation,
        StepKind::StartAssessment,
        StepKind::OfferDoctor,
        StepKind::DoctorHeld,
        StepKind::FreeChoice,
        StepKind::SpecialAssessment,
        StepKind::StartTreatment,
        StepKind::Close,
    ];

    /// Whether the step always takes a free-text reason. Closing takes a
    /// [`ClosingReason`] instead, and a text only for [`ClosingReason::Other`].
    pub fn needs_reason(self) -> bool {
        matches!(self, StepKind::FreeChoice | StepKind::SpecialAssessment)
    }

    /// Whether the step asks why, from the list of closing reasons.
    pub fn asks_closing_reason(self) -> bool {
        self == StepKind::Close
    }

    /// Only a booking may lie ahead; every other step records what happened.
    pub fn may_be_in_future(self) -> bool {
        self == StepKind::BookVisitation
    }

    pub fn asks_wanted(self) -> bool {
        self == StepKind::OfferDoctor
    }
}

/// Why a contact was closed without treatment, with stable ids used in the
/// store, in exports and in the report's keys. Contacts closed before the
/// list existed have none ("ikke angivet").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosingReason {
    /// Referred to another service (another centre, the family department).
    ReferredElsewhere,
    /// The citizen does not want treatment.
    NotWanted,
    /// The citizen did not show up.
    NoShow,
    Moved,
    /// Not relevant for the centre (a question answered, a wrong number).
    NotRelevant,
    /// Another reason, given as text.
    Other,
}

impl ClosingReason {
    pub const ALL: [ClosingReason; 6] = [
        ClosingReason::ReferredElsewhere,
        ClosingReason::NotWanted,
        ClosingReason::NoShow,
        ClosingReason::Moved,
        ClosingReason::NotRelevant,
        ClosingReason::Other,
    ];

    /// Only "other" says why in the counsellor's own words.
    pub fn needs_text(self) -> bool {
        self == ClosingReason::Other
    }
}

/// A step as the counsellor typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepInput {
    pub kind: StepKind,
    pub date: String,
    pub reason: String,
    /// For an offered doctor's consultation: did the citizen want it?
    pub wanted: bool,
    /// For closing: the reason chosen from the list; `None` until chosen.
    pub closing_reason: Option<ClosingReason>,
}

/// A step that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    BookVisitation {
        on: NaiveDate,
    },
    StartAssessment {
        on: NaiveDate,
    },
    OfferDoctor {
        on: NaiveDate,
        wanted: bool,
    },
    DoctorHeld {
        on: NaiveDate,
    },
    FreeChoice(Reasoned),
    SpecialAssessment(Reasoned),
    StartTreatment {
        on: NaiveDate,
    },
    /// The reason's text is the counsellor's words for "other", else empty;
    /// the list's reason is `None` only for a close recorded before the
    /// list existed.
    Close(Reasoned, Option<ClosingReason>),
}

impl Step {
    pub fn kind(&self) -> StepKind {
        match self {
            Step::BookVisitation { .. } => StepKind::BookVisitation,
            Step::StartAssessment { .. } => StepKind::StartAssessment,
            Step::OfferDoctor { .. } => StepKind::OfferDoctor,
            Step::DoctorHeld { .. } => StepKind::DoctorHeld,
            Step::FreeChoice(_) => StepKind::FreeChoice,
            Step::SpecialAssessment(_) => StepKind::SpecialAssessment,
            Step::StartTreatment { .. } => StepKind::StartTreatment,
            Step::Close(..) => StepKind::Close,
        }
    }

    pub fn date(&self) -> NaiveDate {
        match self {
            Step::BookVisitation { on }
            | Step::StartAssessment { on }
            | Step::OfferDoctor { on, .. }
            | Step::DoctorHeld { on }
            | Step::StartTreatment { on } => *on,
            Step::FreeChoice(r) | Step::SpecialAssessment(r) | Step::Close(r, _) => r.on,
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Step::FreeChoice(r) | Step::SpecialAssessment(r) => Some(&r.reason),
            Step::Close(r, _) => (!r.reason.is_empty()).then_some(r.reason.as_str()),
            _ => None,
        }
    }

    pub fn closing_reason(&self) -> Option<ClosingReason> {
        match self {
            Step::Close(_, why) => *why,
            _ => None,
        }
    }

    pub fn wanted(&self) -> Option<bool> {
        match self {
            Step::OfferDoctor { wanted, .. } => Some(*wanted),
            _ => None,
        }
    }

    /// Rebuilds a step from its stored parts (the store's event rows); a
    /// close rebuilt this way has no reason from the list.
    pub fn from_parts(kind: StepKind, on: NaiveDate, reason: Option<String>, wanted: Option<bool>) -> Step {
        let reasoned = || Reasoned { on, reason: reason.clone().unwrap_or_default() };
        match kind {
            StepKind::BookVisitation => Step::BookVisitation { on },
            StepKind::StartAssessment => Step::StartAssessment { on },
            StepKind::OfferDoctor => Step::OfferDoctor { on, wanted: wanted.unwrap_or(false) },
            StepKind::DoctorHeld => Step::DoctorHeld { on },
            StepKind::FreeChoice => Step::FreeChoice(reasoned()),
            StepKind::SpecialAssessment => Step::SpecialAssessment(reasoned()),
            StepKind::StartTreatment => Step::StartTreatment { on },
            StepKind::Close => Step::Close(reasoned(), None),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepField {
    Date,
    Reason,
    Wanted,
    ClosingReason,
}

/// Why a step cannot be taken now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepProblem {
    Required,
    TooLong {
        max: usize,
    },
    Date(DateInputError),
    InFuture,
    BeforeContact {
        contact: NaiveDate,
    },
    CaseClosed,
    AlreadyRecorded {
        on: NaiveDate,
    },
    TreatmentAlreadyStarted,
    /// Relatives and professionals are not treated as the citizen.
    NotATreatmentCase,
    /// Under the profile's youngest age: referred to the family department.
    Referred,
    /// The citizen chose another provider.
    FreeChoiceTaken,
    /// Under 18: treatment needs the parents' consent (domain.md 1).
    NeedsParentalConsent,
    /// A consultation can only be held once offered and wanted.
    DoctorNotOffered,
    /// A visitation is booked before the assessment: once the citizen has
    /// shown up and consented (on that day) there is nothing to book.
    AssessmentAlreadyStarted {
        on: NaiveDate,
    },
}

/// What a counsellor should see before a step is saved, though it may be
/// saved: a visitation booked after the guarantee's deadline means the
/// treatment cannot start in time (Serviceloven §101 stk. 4), which is
/// rarely meant and often a mistyped date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepWarning {
    VisitationAfterDeadline { deadline: NaiveDate },
}

/// The warnings of a checked step on `case` under the profile.
pub fn step_warnings(step: &Step, case: &Case, policy: &IntakePolicy) -> Vec<StepWarning> {
    let mut warnings = Vec::new();
    if let Step::BookVisitation { on } = step
        && let Some((deadline, _)) = guarantee(case, policy, *on).running_deadline()
        && *on > deadline
    {
        warnings.push(StepWarning::VisitationAfterDeadline { deadline });
    }
    warnings
}

/// Parses and checks a step against the case and the day. All problems are
/// reported at their fields; the case is not changed here.
pub fn parse_step(input: &StepInput, case: &Case, today: NaiveDate) -> Result<Step, Vec<(StepField, StepProblem)>> {
    let mut problems = Vec::new();
    let kind = input.kind;
    let latest = (!kind.may_be_in_future()).then_some(today);
    let on = input::check_date(&input.date, latest, &[((), Some(case.contact_date()))])
        .map_err(|p| {
            let p = match p {
                DateProblem::Required => StepProblem::Required,
                DateProblem::Unreadable(e) => StepProblem::Date(e),
                DateProblem::InFuture => StepProblem::InFuture,
                DateProblem::Before((), contact) => StepProblem::BeforeContact { contact },
            };
            problems.push((StepField::Date, p));
        })
        .ok();
    let reason = input.reason.trim();
    let closing_reason = input.closing_reason.filter(|_| kind.asks_closing_reason());
    if kind.asks_closing_reason() && closing_reason.is_none() {
        problems.push((StepField::ClosingReason, StepProblem::Required));
    }
    // The text belongs to "other" alone: typed for another reason and then
    // changed, it is not kept.
    let needs_text = kind.needs_reason() || closing_reason.is_some_and(ClosingReason::needs_text);
    if needs_text {
        if reason.is_empty() {
            problems.push((StepField::Reason, StepProblem::Required));
        } else if reason.chars().count() > MAX_REASON {
            problems.push((StepField::Reason, StepProblem::TooLong { max: MAX_REASON }));
        }
    }
    if let Some(problem) = case_problem(kind, case) {
        problems.push((StepField::Date, problem));
    }
    match on {
        Some(on) if problems.is_empty() => {
            if kind.asks_closing_reason() {
                let text = if needs_text { reason.to_string() } else { String::new() };
                return Ok(Step::Close(Reasoned { on, reason: text }, closing_reason));
            }
            let reason = kind.needs_reason().then(|| reason.to_string());
            Ok(Step::from_parts(kind, on, reason, Some(input.wanted)))
        }
        _ => Err(problems),
    }
}

/// What about the case itself forbids the step, whatever the date. Part of
/// [`parse_step`]; the store asks it again of the case as stored when it
/// saves the step, since a colleague may have acted since the form checked.
pub fn case_problem(kind: StepKind, case: &Case) -> Option<StepProblem> {
    let p = &case.progress;
    if p.closed.is_some() {
        return Some(StepProblem::CaseClosed);
    }
    let treating = matches!(
        kind,
        StepKind::StartAssessment | StepKind::StartTreatment | StepKind::OfferDoctor | StepKind::DoctorHeld
    );
    if treating && !case.kind.can_start_treatment() {
        return Some(StepProblem::NotATreatmentCase);
    }
    match kind {
        // Booked again (the citizen did not show up) is a new date; booked
        // after the assessment or the treatment started is a key pressed twice.
        StepKind::BookVisitation if p.treatment_started_on.is_some() => Some(StepProblem::TreatmentAlreadyStarted),
        StepKind::BookVisitation => p.consent_on.map(|on| StepProblem::AssessmentAlreadyStarted { on }),
        // A course in treatment is ended in Planer, with a discharge reason
        // and the follow-up calls; closing here would skip both.
        StepKind::Close if p.treatment_started_on.is_some() => Some(StepProblem::TreatmentAlreadyStarted),
        StepKind::Close => None,
        StepKind::StartAssessment => p.consent_on.map(|on| StepProblem::AlreadyRecorded { on }),
        StepKind::OfferDoctor => p.doctor_offered_on.map(|on| StepProblem::AlreadyRecorded { on }),
        StepKind::DoctorHeld => match (p.doctor_held_on, p.doctor_wanted) {
            (Some(on), _) => Some(StepProblem::AlreadyRecorded { on }),
            (None, Some(true)) => None,
            (None, _) => Some(StepProblem::DoctorNotOffered),
        },
        StepKind::FreeChoice | StepKind::SpecialAssessment if p.treatment_started_on.is_some() => {
            Some(StepProblem::TreatmentAlreadyStarted)
        }
        StepKind::FreeChoice => p.free_choice.as_ref().map(|r| StepProblem::AlreadyRecorded { on: r.on }),
        StepKind::SpecialAssessment => p.special_assessment.as_ref().map(|r| StepProblem::AlreadyRecorded { on: r.on }),
        StepKind::StartTreatment => {
            if p.treatment_started_on.is_some() {
                Some(StepProblem::TreatmentAlreadyStarted)
            } else if case.referred_young {
                Some(StepProblem::Referred)
            } else if p.free_choice.is_some() {
                Some(StepProblem::FreeChoiceTaken)
            } else if case.kind == ContactKind::Young && case.parental_consent != Some(true) {
                Some(StepProblem::NeedsParentalConsent)
            } else {
                None
            }
        }
    }
}

/// Applies a checked step to the case's progress.
pub fn apply_step(case: &mut Case, step: &Step) {
    let p = &mut case.progress;
    match step {
        Step::BookVisitation { on } => p.visitation_on = Some(*on),
        Step::StartAssessment { on } => p.consent_on = Some(*on),
        Step::OfferDoctor { on, wanted } => {
            p.doctor_offered_on = Some(*on);
            p.doctor_wanted = Some(*wanted);
        }
        Step::DoctorHeld { on } => p.doctor_held_on = Some(*on),
        Step::FreeChoice(r) => p.free_choice = Some(r.clone()),
        Step::SpecialAssessment(r) => p.special_assessment = Some(r.clone()),
        Step::StartTreatment { on } => {
            // Treatment cannot start without the citizen's consent to it, so
            // a start with no recorded consent records both on that day.
            p.consent_on.get_or_insert(*on);
            p.treatment_started_on = Some(*on);
        }
        Step::Close(r, why) => {
            p.closed = Some(r.clone());
            p.closing_reason = *why;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::{case_on, date};

    fn input(kind: StepKind, date: &str) -> StepInput {
        StepInput { kind, date: date.into(), reason: String::new(), wanted: true, closing_reason: None }
    }

    fn take(case: &mut Case, kind: StepKind, on: &str, today: &str) -> Result<(), Vec<(StepField, StepProblem)>> {
        let mut i = input(kind, on);
        if kind.needs_reason() {
            i.reason = "Begrundelse".into();
        }
        if kind.asks_closing_reason() {
            i.closing_reason = Some(ClosingReason::Moved);
        }
        let step = parse_step(&i, case, date(today))?;
        apply_step(case, &step);
        Ok(())
    }

    #[test]
    fn a_case_moves_from_contact_to_treatment() {
        let mut case = case_on("2026-03-10");
        take(&mut case, StepKind::BookVisitation, "12.03.2026", "2026-03-10").unwrap();
        take(&mut case, StepKind::StartAssessment, "12.03.2026", "2026-03-12").unwrap();
        take(&mut case, StepKind::OfferDoctor, "12.03.2026", "2026-03-12").unwrap();
        take(&mut case, StepKind::DoctorHeld, "16.03.2026", "2026-03-16").unwrap();
        take(&mut case, StepKind::StartTreatment, "17.03.2026", "2026-03-17").unwrap();
        let p = &case.progress;
        assert_eq!(p.visitation_on, Some(date("2026-03-12")));
        assert_eq!(p.doctor_held_on, Some(date("2026-03-16")));
        assert_eq!(p.treatment_started_on, Some(date("2026-03-17")));
    }

    #[test]
    fn only_a_booking_may_be_dated_ahead() {
        let mut case = case_on("2026-03-10");
        assert!(take(&mut case, StepKind::BookVisitation, "20.03.2026", "2026-03-10").is_ok());
        assert_eq!(
            take(&mut case, StepKind::StartTreatment, "11.03.2026", "2026-03-10"),
            Err(vec![(StepField::Date, StepProblem::InFuture)])
        );
    }

    #[test]
    fn no_step_before_the_first_contact() {
        let mut case = case_on("2026-03-10");
        assert_eq!(
            take(&mut case, StepKind::StartAssessment, "09.03.2026", "2026-03-10"),
            Err(vec![(StepField::Date, StepProblem::BeforeContact { contact: date("2026-03-10") })])
        );
    }

    #[test]
    fn a_reason_is_required_for_free_choice_and_special_assessment() {
        let case = case_on("2026-03-10");
        for kind in [StepKind::FreeChoice, StepKind::SpecialAssessment] {
            assert_eq!(
                parse_step(&input(kind, "10.03.2026"), &case, date("2026-03-10")),
                Err(vec![(StepField::Reason, StepProblem::Required)]),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn closing_takes_a_reason_from_the_list_with_no_default() {
        let case = case_on("2026-03-10");
        assert_eq!(
            parse_step(&input(StepKind::Close, "10.03.2026"), &case, date("2026-03-10")),
            Err(vec![(StepField::ClosingReason, StepProblem::Required)])
        );
        let mut moved = input(StepKind::Close, "10.03.2026");
        moved.closing_reason = Some(ClosingReason::Moved);
        let step = parse_step(&moved, &case, date("2026-03-10")).unwrap();
        assert_eq!(
            step,
            Step::Close(Reasoned { on: date("2026-03-10"), reason: String::new() }, Some(ClosingReason::Moved))
        );
        let mut closed = case.clone();
        apply_step(&mut closed, &step);
        assert_eq!(closed.progress.closing_reason, Some(ClosingReason::Moved));
        assert_eq!(step.reason(), None, "no empty reason in the history");
    }

    #[test]
    fn other_needs_a_text_and_another_reason_keeps_none() {
        let case = case_on("2026-03-10");
        let mut other = input(StepKind::Close, "10.03.2026");
        other.closing_reason = Some(ClosingReason::Other);
        other.reason = "   ".into();
        assert_eq!(
            parse_step(&other, &case, date("2026-03-10")),
            Err(vec![(StepField::Reason, StepProblem::Required)])
        );
        other.reason = " Afsoner dom ".into();
        let step = parse_step(&other, &case, date("2026-03-10")).unwrap();
        assert_eq!(
            step,
            Step::Close(Reasoned { on: date("2026-03-10"), reason: "Afsoner dom".into() }, Some(ClosingReason::Other))
        );
        other.reason = "x".repeat(MAX_REASON + 1);
        assert_eq!(
            parse_step(&other, &case, date("2026-03-10")),
            Err(vec![(StepField::Reason, StepProblem::TooLong { max: MAX_REASON })])
        );
        // Typed for "other", then another reason chosen: the text is dropped.
        other.closing_reason = Some(ClosingReason::NoShow);
        let step = parse_step(&other, &case, date("2026-03-10")).unwrap();
        assert_eq!(
            step,
            Step::Close(Reasoned { on: date("2026-03-10"), reason: String::new() }, Some(ClosingReason::NoShow))
        );
    }

    #[test]
    fn a_young_person_without_parental_consent_cannot_start_treatment() {
        let mut case = case_on("2026-03-10");
        case.kind = ContactKind::Young;
        case.parental_consent = Some(false);
        assert_eq!(
            take(&mut case, StepKind::StartTreatment, "10.03.2026", "2026-03-10"),
            Err(vec![(StepField::Date, StepProblem::NeedsParentalConsent)])
        );
        case.parental_consent = Some(true);
        assert!(take(&mut case, StepKind::StartTreatment, "10.03.2026", "2026-03-10").is_ok());
    }

    #[test]
    fn referred_free_choice_and_relatives_cannot_start_treatment() {
        let mut referred = case_on("2026-03-10");
        referred.kind = ContactKind::Young;
        referred.parental_consent = Some(true);
        referred.referred_young = true;
        assert_eq!(
            take(&mut referred, StepKind::StartTreatment, "10.03.2026", "2026-03-10"),
            Err(vec![(StepField::Date, StepProblem::Referred)])
        );
        let mut chose = case_on("2026-03-10");
        take(&mut chose, StepKind::FreeChoice, "10.03.2026", "2026-03-10").unwrap();
        assert_eq!(
            take(&mut chose, StepKind::StartTreatment, "10.03.2026", "2026-03-10"),
            Err(vec![(StepField::Date, StepProblem::FreeChoiceTaken)])
        );
        let mut relative = case_on("2026-03-10");
        relative.kind = ContactKind::Relative;
        assert_eq!(
            take(&mut relative, StepKind::StartTreatment, "10.03.2026", "2026-03-10"),
            Err(vec![(StepField::Date, StepProblem::NotATreatmentCase)])
        );
    }

    #[test]
    fn a_consultation_is_held_only_after_it_was_offered_and_wanted() {
        let mut case = case_on("2026-03-10");
        assert_eq!(
            take(&mut case, StepKind::DoctorHeld, "10.03.2026", "2026-03-10"),
            Err(vec![(StepField::Date, StepProblem::DoctorNotOffered)])
        );
        let step = parse_step(
            &StepInput {
                kind: StepKind::OfferDoctor,
                date: "10.03.2026".into(),
                reason: String::new(),
                wanted: false,
                closing_reason: None,
            },
            &case,
            date("2026-03-10"),
        )
        .unwrap();
        apply_step(&mut case, &step);
        assert_eq!(
            take(&mut case, StepKind::DoctorHeld, "11.03.2026", "2026-03-11"),
            Err(vec![(StepField::Date, StepProblem::DoctorNotOffered)])
        );
    }

    #[test]
    fn a_closed_case_takes_no_more_steps_and_a_step_is_not_recorded_twice() {
        let mut case = case_on("2026-03-10");
        take(&mut case, StepKind::StartAssessment, "10.03.2026", "2026-03-10").unwrap();
        assert_eq!(
            take(&mut case, StepKind::StartAssessment, "11.03.2026", "2026-03-11"),
            Err(vec![(StepField::Date, StepProblem::AlreadyRecorded { on: date("2026-03-10") })])
        );
        take(&mut case, StepKind::Close, "11.03.2026", "2026-03-11").unwrap();
        assert_eq!(
            take(&mut case, StepKind::BookVisitation, "12.03.2026", "2026-03-11"),
            Err(vec![(StepField::Date, StepProblem::CaseClosed)])
        );
    }

    #[test]
    fn a_visitation_is_booked_again_before_the_assessment_but_never_after_it() {
        let mut case = case_on("2026-03-10");
        take(&mut case, StepKind::BookVisitation, "12.03.2026", "2026-03-10").unwrap();
        // The citizen did not come: booked again for a new day.
        take(&mut case, StepKind::BookVisitation, "16.03.2026", "2026-03-12").unwrap();
        assert_eq!(case.progress.visitation_on, Some(date("2026-03-16")));
        take(&mut case, StepKind::StartAssessment, "16.03.2026", "2026-03-16").unwrap();
        assert_eq!(
            take(&mut case, StepKind::BookVisitation, "20.03.2026", "2026-03-16"),
            Err(vec![(StepField::Date, StepProblem::AssessmentAlreadyStarted { on: date("2026-03-16") })])
        );
        take(&mut case, StepKind::StartTreatment, "17.03.2026", "2026-03-17").unwrap();
        assert_eq!(
            take(&mut case, StepKind::BookVisitation, "20.03.2026", "2026-03-17"),
            Err(vec![(StepField::Date, StepProblem::TreatmentAlreadyStarted)])
        );
    }

    #[test]
    fn every_step_but_a_booking_is_refused_the_second_time() {
        // Each step taken once on a case that allows it, then again.
        for kind in StepKind::ALL {
            let mut case = case_on("2026-03-10");
            if kind == StepKind::DoctorHeld {
                take(&mut case, StepKind::OfferDoctor, "10.03.2026", "2026-03-10").unwrap();
            }
            take(&mut case, kind, "10.03.2026", "2026-03-10").unwrap();
            let again = take(&mut case, kind, "10.03.2026", "2026-03-10");
            match kind {
                StepKind::BookVisitation => assert!(again.is_ok(), "a booking may be moved"),
                _ => assert!(again.is_err(), "{kind:?} taken twice"),
            }
        }
    }

    #[test]
    fn a_course_in_treatment_is_not_closed_as_a_contact() {
        let mut case = case_on("2026-03-10");
        take(&mut case, StepKind::StartTreatment, "11.03.2026", "2026-03-11").unwrap();
        assert_eq!(
            take(&mut case, StepKind::Close, "12.03.2026", "2026-03-12"),
            Err(vec![(StepField::Date, StepProblem::TreatmentAlreadyStarted)])
        );
    }

    #[test]
    fn starting_treatment_records_consent_when_none_was_recorded() {
        let mut case = case_on("2026-03-10");
        take(&mut case, StepKind::StartTreatment, "11.03.2026", "2026-03-11").unwrap();
        assert_eq!(case.progress.consent_on, Some(date("2026-03-11")));
    }

    #[test]
    fn no_free_choice_or_special_assessment_after_treatment_started() {
        let mut case = case_on("2026-03-10");
        take(&mut case, StepKind::StartTreatment, "11.03.2026", "2026-03-11").unwrap();
        for kind in [StepKind::FreeChoice, StepKind::SpecialAssessment] {
            assert_eq!(
                take(&mut case, kind, "12.03.2026", "2026-03-12"),
                Err(vec![(StepField::Date, StepProblem::TreatmentAlreadyStarted)])
            );
        }
    }
}

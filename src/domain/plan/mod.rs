//! Treatment plans (behandlingsplaner), their revisions, the end of a course
//! and the follow-up calls after it (domain.md 2 and 7.5).
//!
//! A plan is a list of versions. The first plan and every revision add a
//! version; no version is ever changed, so the plan as it stood on any date
//! is the version in force on that date ([`version_on`]). Every deadline here
//! counts calendar months through `dates::add_months`, which keeps a date
//! inside its target month (31 January + 1 month = 28/29 February).

mod board;
mod calls;
mod deadlines;
mod ending;
mod re_enrolment;
mod still_running;
pub mod version;

pub use board::{BoardSort, Course, PlanEntry, PlanFlag, board_entry};
pub use calls::{
    CallAttempt, CallEntry, CallField, CallFlag, CallInput, CallOutcome, CallProblem, CourseCall, FollowUpCall,
    NewAttempt, build_call_list, parse_attempt,
};
pub use deadlines::{
    CourseDeadlines, Deadline, LimitRule, RevisionLimit, action_plan_due, course_deadlines, first_follow_up_due,
    next_revision_prefill, plan_due, revision_limit,
};
pub use ending::{EndingField, EndingInput, EndingProblem, NewEnding, ScheduledCall, parse_ending, scheduled_calls};
pub use re_enrolment::{RE_ENROLMENT_MONTHS, ReEnrolment, re_enrolment, re_enrolment_of};
pub use still_running::{Answer, Running, RunningKey, RunningProblem, check_answers};
pub use version::{GoalInput, NewVersion, PlanField, PlanInput, PlanProblem, validate_plan, version_on};

use crate::domain::input::{self, TextProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a goal is about (domain.md 2: the main goal of treatment, sub-goals
/// on education/employment and on social relations and networks, and more
/// as needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalArea {
    Main,
    EducationEmployment,
    SocialNetwork,
    Other,
}

impl GoalArea {
    pub const ALL: [GoalArea; 4] =
        [GoalArea::Main, GoalArea::EducationEmployment, GoalArea::SocialNetwork, GoalArea::Other];
}

/// Where a goal stands at a version of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    NotStarted,
    InProgress,
    Achieved,
    Abandoned,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 4] =
        [GoalStatus::NotStarted, GoalStatus::InProgress, GoalStatus::Achieved, GoalStatus::Abandoned];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub area: GoalArea,
    pub text: String,
    pub status: GoalStatus,
}

/// The decision whether a §141 action plan (handleplan) is needed
/// (domain.md 2: Nyborg decides within 2 months; Rødovre offers one;
/// Randers makes one when needed). The plan records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionPlanDecision {
    Undecided,
    /// Needed: the municipality makes one.
    Needed,
    NotNeeded,
    /// Offered, and the citizen said no.
    Declined,
}

impl ActionPlanDecision {
    pub const ALL: [ActionPlanDecision; 4] = [
        ActionPlanDecision::Undecided,
        ActionPlanDecision::Needed,
        ActionPlanDecision::NotNeeded,
        ActionPlanDecision::Declined,
    ];

    pub fn is_decided(self) -> bool {
        self != ActionPlanDecision::Undecided
    }
}

/// One version of a case's plan: the first plan, or a revision of it.
/// Stored once and never changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    pub id: i64,
    pub case_id: i64,
    /// 1 for the first plan, then 2, 3, ... for each revision.
    pub version: u32,
    /// The date the plan was made or revised with the citizen; the version
    /// is in force from this date until the next version's.
    pub effective_on: NaiveDate,
    /// The follow-up date the plan names (Nyborg: the plan says when).
    pub next_revision_on: NaiveDate,
    pub goals: Vec<Goal>,
    /// The concrete effort: services (ydelser) ...
    pub services: String,
    /// ... methods ...
    pub methods: String,
    /// ... and the partners involved (domain.md 2 [002]).
    pub partners: String,
    pub action_plan: ActionPlanDecision,
    /// The plan is made with the citizen: recorded at every version.
    pub citizen_took_part: bool,
    /// What changed at this revision (empty for the first plan).
    pub changes: String,
    pub actor: String,
    pub recorded_at: String,
}

impl PlanVersion {
    pub fn is_revision(&self) -> bool {
        self.version >= 2
    }
}

/// Why a course ended: the list of domain.md 7.5, with stable ids. Which of
/// them schedule the follow-up calls is the profile's `follow_up.triggers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DischargeReason {
    /// Færdigbehandlet.
    Completed,
    /// Udskrevet til andet tilbud.
    OtherService,
    /// Udskrevet til hospital.
    Hospital,
    /// To the prison and probation service (Kriminalforsorgen).
    PrisonProbation,
    /// Moved to another municipality.
    Moved,
    /// Did not show up (udeblevet).
    NoShow,
    Expelled,
    /// Stopped at own wish.
    OwnWish,
    Died,
    /// Udskrevet med anden årsag.
    OtherReason,
}

impl DischargeReason {
    pub const ALL: [DischargeReason; 10] = [
        DischargeReason::Completed,
        DischargeReason::OtherService,
        DischargeReason::Hospital,
        DischargeReason::PrisonProbation,
        DischargeReason::Moved,
        DischargeReason::NoShow,
        DischargeReason::Expelled,
        DischargeReason::OwnWish,
        DischargeReason::Died,
        DischargeReason::OtherReason,
    ];
}

/// How a course ended, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ending {
    pub case_id: i64,
    pub ended_on: NaiveDate,
    pub reason: DischargeReason,
    /// The citizen was told about the follow-up calls and declined them.
    pub follow_up_declined: bool,
    pub note: String,
    pub actor: String,
    pub recorded_at: String,
}

/// A free text of several lines (line breaks kept) checked by the shared
/// rule (`domain::input`), with the problem, if any, in the caller's own
/// problem type.
fn check_note<P>(text: &str, required: bool, max: usize, problem: impl Fn(TextProblem) -> P) -> Option<P> {
    input::check_note(text, required, max).err().map(problem)
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::domain::intake::Case;
    pub use crate::domain::intake::test_support::date;

    /// An own-use case first contacted on `contact`, in treatment from `start`.
    pub fn started(contact: &str, start: &str) -> Case {
        let mut case = crate::domain::intake::test_support::case_on(contact);
        case.progress.treatment_started_on = Some(date(start));
        case.progress.consent_on = Some(date(start));
        case
    }

    /// A version of case 1's plan, in force from `on`, naming `next`.
    pub fn version(number: u32, on: &str, next: &str) -> PlanVersion {
        PlanVersion {
            id: i64::from(number),
            case_id: 1,
            version: number,
            effective_on: date(on),
            next_revision_on: date(next),
            goals: vec![Goal { area: GoalArea::Main, text: "Stoffrihed".into(), status: GoalStatus::InProgress }],
            services: "Samtaler".into(),
            methods: "MI".into(),
            partners: "Jobcenter".into(),
            action_plan: ActionPlanDecision::Undecided,
            citizen_took_part: true,
            changes: String::new(),
            actor: "anna".into(),
            recorded_at: "2026-01-01T09:00:00Z".into(),
        }
    }

    pub fn ending(case_id: i64, on: &str, reason: DischargeReason) -> Ending {
        Ending {
            case_id,
            ended_on: date(on),
            reason,
            follow_up_declined: false,
            note: String::new(),
            actor: "anna".into(),
            recorded_at: "2026-01-01T09:00:00Z".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_are_stable_snake_case_english() {
        let ids: Vec<String> =
            DischargeReason::ALL.iter().map(|r| serde_json::to_value(r).unwrap().as_str().unwrap().into()).collect();
        assert_eq!(
            ids,
            [
                "completed",
                "other_service",
                "hospital",
                "prison_probation",
                "moved",
                "no_show",
                "expelled",
                "own_wish",
                "died",
                "other_reason"
            ]
        );
        assert_eq!(serde_json::to_value(GoalArea::EducationEmployment).unwrap(), "education_employment");
        assert_eq!(serde_json::to_value(ActionPlanDecision::NotNeeded).unwrap(), "not_needed");
        assert_eq!(serde_json::to_value(CallOutcome::DrugFree).unwrap(), "drug_free");
    }
}

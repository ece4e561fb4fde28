//! Making and revising a plan: the form as typed, checked against the case,
//! the latest version and the profile, and the version in force on a date.

use chrono::NaiveDate;

use super::deadlines::{LimitRule, revision_limit};
use super::{ActionPlanDecision, Goal, GoalArea, GoalStatus, PlanVersion, TextProblem, check_note};
use crate::domain::dates::{self, DateInputError};
use crate::domain::input::{self, DateProblem};
use crate::domain::intake::Case;
use crate::domain::policy::PlanPolicy;

/// At most this many goals in one version: the main goal, the two sub-goals
/// the standards name, and five more.
pub const MAX_GOALS: usize = 8;
const MAX_GOAL: usize = crate::domain::limits::PLAN_GOAL;
const MAX_EFFORT: usize = crate::domain::limits::PLAN_EFFORT;
const MAX_CHANGES: usize = crate::domain::limits::PLAN_CHANGES;

/// One goal as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalInput {
    pub area: GoalArea,
    pub text: String,
    pub status: GoalStatus,
}

/// The plan form as typed: text raw, choices chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInput {
    /// The date the plan is made or revised with the citizen.
    pub date: String,
    /// The goals in the form's order; a goal left blank is no goal.
    pub goals: Vec<GoalInput>,
    pub services: String,
    pub methods: String,
    pub partners: String,
    pub action_plan: ActionPlanDecision,
    pub next_revision: String,
    pub citizen_took_part: bool,
    /// What changed: required for a revision.
    pub changes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanField {
    Date,
    /// The goal at this index of [`PlanInput::goals`].
    Goal(usize),
    Services,
    Methods,
    Partners,
    ActionPlan,
    NextRevision,
    Changes,
}

/// Why a plan cannot be saved as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanProblem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    Date(DateInputError),
    InFuture,
    BeforeTreatmentStart {
        start: NaiveDate,
    },
    /// A revision cannot be dated before the version it revises.
    BeforePreviousVersion {
        previous: NaiveDate,
    },
    /// The next revision must lie after the plan's own date.
    NotAfterPlanDate,
    /// The next revision lies past the profile's limit.
    PastLimit {
        limit: NaiveDate,
        rule: LimitRule,
    },
    TooManyGoals {
        max: usize,
    },
    /// Once decided, the §141 decision can change but not be undone.
    ActionPlanAlreadyDecided {
        decision: ActionPlanDecision,
    },
    TreatmentNotStarted,
    CourseClosed {
        on: NaiveDate,
    },
}

/// A version that passed its checks, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVersion {
    pub version: u32,
    pub effective_on: NaiveDate,
    pub next_revision_on: NaiveDate,
    pub goals: Vec<Goal>,
    pub services: String,
    pub methods: String,
    pub partners: String,
    pub action_plan: ActionPlanDecision,
    pub citizen_took_part: bool,
    pub changes: String,
}

/// The earlier dates a plan version may not precede.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    TreatmentStart,
    PreviousVersion,
}

/// Checks a plan as typed: the first plan when `latest` is `None`, else a
/// revision of `latest`. Every problem is reported at its field at once;
/// nothing is stored unless the list is empty.
pub fn validate_plan(
    input: &PlanInput,
    case: &Case,
    latest: Option<&PlanVersion>,
    policy: &PlanPolicy,
    today: NaiveDate,
) -> Result<NewVersion, Vec<(PlanField, PlanProblem)>> {
    let mut problems = Vec::new();
    let start = case.progress.treatment_started_on;
    match (start, &case.progress.closed) {
        (_, Some(closed)) => problems.push((PlanField::Date, PlanProblem::CourseClosed { on: closed.on })),
        (None, None) => problems.push((PlanField::Date, PlanProblem::TreatmentNotStarted)),
        (Some(_), None) => {}
    }

    let not_before = [(Bound::TreatmentStart, start), (Bound::PreviousVersion, latest.map(|v| v.effective_on))];
    let effective_on = input::check_date(&input.date, Some(today), &not_before)
        .map_err(|p| {
            let p = match p {
                DateProblem::Required => PlanProblem::Required,
                DateProblem::Unreadable(e) => PlanProblem::Date(e),
                DateProblem::InFuture => PlanProblem::InFuture,
                DateProblem::Before(Bound::TreatmentStart, start) => PlanProblem::BeforeTreatmentStart { start },
                DateProblem::Before(Bound::PreviousVersion, previous) => {
                    PlanProblem::BeforePreviousVersion { previous }
                }
            };
            problems.push((PlanField::Date, p));
        })
        .ok();

    let mut goals = Vec::new();
    let mut main_index = None;
    for (i, g) in input.goals.iter().enumerate() {
        let text = g.text.trim();
        if g.area == GoalArea::Main && main_index.is_none() {
            main_index = Some(i);
            if let Some(p) = check_note(text, true, MAX_GOAL, text_problem) {
                problems.push((PlanField::Goal(i), p));
                continue;
            }
        } else if text.is_empty() {
            continue;
        } else if let Some(p) = check_note(text, false, MAX_GOAL, text_problem) {
            problems.push((PlanField::Goal(i), p));
            continue;
        }
        if goals.len() == MAX_GOALS {
            problems.push((PlanField::Goal(i), PlanProblem::TooManyGoals { max: MAX_GOALS }));
            continue;
        }
        goals.push(Goal { area: g.area, text: text.to_string(), status: g.status });
    }
    if main_index.is_none() {
        problems.push((PlanField::Goal(0), PlanProblem::Required));
    }
    // The main goal first, whatever order the form had.
    goals.sort_by_key(|g| g.area != GoalArea::Main);

    let services = input.services.trim();
    let methods = input.methods.trim();
    let partners = input.partners.trim();
    for (field, text) in
        [(PlanField::Services, services), (PlanField::Methods, methods), (PlanField::Partners, partners)]
    {
        if let Some(p) = check_note(text, field == PlanField::Services, MAX_EFFORT, text_problem) {
            problems.push((field, p));
        }
    }
    if let Some(previous) = latest.map(|v| v.action_plan)
        && previous.is_decided()
        && !input.action_plan.is_decided()
    {
        problems.push((PlanField::ActionPlan, PlanProblem::ActionPlanAlreadyDecided { decision: previous }));
    }
    let changes = input.changes.trim();
    if let Some(p) = check_note(changes, latest.is_some(), MAX_CHANGES, text_problem) {
        problems.push((PlanField::Changes, p));
    }

    let next = match dates::parse_date_dk(&input.next_revision) {
        Ok(next) => Some(next),
        Err(DateInputError::Empty) => {
            problems.push((PlanField::NextRevision, PlanProblem::Required));
            None
        }
        Err(e) => {
            problems.push((PlanField::NextRevision, PlanProblem::Date(e)));
            None
        }
    };
    if let (Some(next), Some(on), Some(start)) = (next, effective_on, start) {
        let limit = revision_limit(policy, start, on, latest.is_none());
        if next <= on {
            problems.push((PlanField::NextRevision, PlanProblem::NotAfterPlanDate));
        } else if next > limit.latest {
            problems.push((PlanField::NextRevision, PlanProblem::PastLimit { limit: limit.latest, rule: limit.rule }));
        }
    }

    match (effective_on, next) {
        (Some(effective_on), Some(next_revision_on)) if problems.is_empty() => Ok(NewVersion {
            version: latest.map_or(1, |v| v.version + 1),
            effective_on,
            next_revision_on,
            goals,
            services: services.to_string(),
            methods: methods.to_string(),
            partners: partners.to_string(),
            action_plan: input.action_plan,
            citizen_took_part: input.citizen_took_part,
            changes: changes.to_string(),
        }),
        _ => Err(problems),
    }
}

fn text_problem(p: TextProblem) -> PlanProblem {
    match p {
        TextProblem::Required => PlanProblem::Required,
        TextProblem::TooLong { max } => PlanProblem::TooLong { max },
        TextProblem::ControlCharacters => PlanProblem::ControlCharacters,
    }
}

/// The version in force on `on`: the last one made on or before that date
/// (of two made the same day, the later). `None` before the first plan.
/// `versions` may come in any order.
pub fn version_on(versions: &[PlanVersion], on: NaiveDate) -> Option<&PlanVersion> {
    versions.iter().filter(|v| v.effective_on <= on).max_by_key(|v| (v.effective_on, v.version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::Reasoned;
    use crate::domain::plan::test_support::{date, started, version};
    use crate::domain::policy::Profile;

    fn input(on: &str, next: &str) -> PlanInput {
        PlanInput {
            date: on.into(),
            goals: vec![
                GoalInput { area: GoalArea::Main, text: " Stoffrihed ".into(), status: GoalStatus::InProgress },
                GoalInput {
                    area: GoalArea::EducationEmployment,
                    text: "Tilbage på HF".into(),
                    status: GoalStatus::NotStarted,
                },
                GoalInput { area: GoalArea::SocialNetwork, text: String::new(), status: GoalStatus::NotStarted },
                GoalInput { area: GoalArea::Other, text: "Bolig".into(), status: GoalStatus::NotStarted },
            ],
            services: "Individuelle samtaler hver uge".into(),
            methods: "MI, KAT".into(),
            partners: "Jobcenter".into(),
            action_plan: ActionPlanDecision::Undecided,
            next_revision: next.into(),
            citizen_took_part: true,
            changes: String::new(),
        }
    }

    fn validate(
        i: &PlanInput,
        profile: &str,
        latest: Option<&PlanVersion>,
    ) -> Result<NewVersion, Vec<(PlanField, PlanProblem)>> {
        let case = started("2026-01-20", "2026-01-31");
        // `first_month`: a centre's own profile with a first follow-up a month after the start.
        let policy = match profile {
            "first_month" => PlanPolicy { first_follow_up_months: Some(1), ..PlanPolicy::default() },
            _ => Profile::built_in(profile).unwrap().plan,
        };
        validate_plan(i, &case, latest, &policy, date("2026-03-17"))
    }

    #[test]
    fn a_first_plan_keeps_the_goals_given_and_drops_blank_sub_goals() {
        let v = validate(&input("02.02.2026", "30.04.2026"), "national", None).unwrap();
        assert_eq!(v.version, 1);
        assert_eq!(v.effective_on, date("2026-02-02"));
        assert_eq!(v.next_revision_on, date("2026-04-30"));
        let goals: Vec<(&str, GoalArea)> = v.goals.iter().map(|g| (g.text.as_str(), g.area)).collect();
        assert_eq!(
            goals,
            vec![
                ("Stoffrihed", GoalArea::Main),
                ("Tilbage på HF", GoalArea::EducationEmployment),
                ("Bolig", GoalArea::Other)
            ]
        );
    }

    #[test]
    fn the_next_date_past_the_profiles_limit_is_refused_with_the_limit_and_rule() {
        // National: 3 months from 2 February is 2 May.
        assert!(validate(&input("02.02.2026", "02.05.2026"), "national", None).is_ok());
        assert_eq!(
            validate(&input("02.02.2026", "03.05.2026"), "national", None).unwrap_err(),
            vec![(
                PlanField::NextRevision,
                PlanProblem::PastLimit { limit: date("2026-05-02"), rule: LimitRule::EveryMonths { months: 3 } }
            )]
        );
        // Randers allows 6 months.
        assert!(validate(&input("02.02.2026", "02.08.2026"), "randers", None).is_ok());
        // Faxe is silent on revisions: the national 3 months.
        assert!(validate(&input("02.02.2026", "01.03.2026"), "faxe", None).is_ok());
        // A centre's own profile with a first follow-up a month after the 31
        // January start holds the first plan to that.
        assert_eq!(
            validate(&input("02.02.2026", "01.03.2026"), "first_month", None).unwrap_err(),
            vec![(
                PlanField::NextRevision,
                PlanProblem::PastLimit { limit: date("2026-02-28"), rule: LimitRule::FirstFollowUp { months: 1 } }
            )]
        );
    }

    #[test]
    fn the_next_date_must_lie_after_the_plan_date() {
        assert_eq!(
            validate(&input("02.02.2026", "02.02.2026"), "national", None).unwrap_err(),
            vec![(PlanField::NextRevision, PlanProblem::NotAfterPlanDate)]
        );
    }

    #[test]
    fn dates_are_checked_against_today_the_start_and_the_previous_version() {
        let got = validate(&input("18.03.2026", "01.04.2026"), "national", None).unwrap_err();
        assert_eq!(got, vec![(PlanField::Date, PlanProblem::InFuture)]);
        let got = validate(&input("30.01.2026", "01.04.2026"), "national", None).unwrap_err();
        assert_eq!(got, vec![(PlanField::Date, PlanProblem::BeforeTreatmentStart { start: date("2026-01-31") })]);
        let previous = version(1, "2026-02-10", "2026-05-10");
        let mut revision = input("09.02.2026", "01.04.2026");
        revision.changes = "Nyt delmål".into();
        let got = validate(&revision, "national", Some(&previous)).unwrap_err();
        assert_eq!(got, vec![(PlanField::Date, PlanProblem::BeforePreviousVersion { previous: date("2026-02-10") })]);
        let got = validate(&input("31.02.2026", ""), "national", None).unwrap_err();
        assert_eq!(
            got,
            vec![
                (PlanField::Date, PlanProblem::Date(DateInputError::NoSuchDate { day: 31, month: 2, year: 2026 })),
                (PlanField::NextRevision, PlanProblem::Required)
            ]
        );
    }

    #[test]
    fn a_revision_says_what_changed_and_numbers_itself_after_the_latest() {
        let previous = version(3, "2026-02-10", "2026-05-10");
        let revision = input("17.03.2026", "17.06.2026");
        assert_eq!(
            validate(&revision, "national", Some(&previous)).unwrap_err(),
            vec![(PlanField::Changes, PlanProblem::Required)]
        );
        let mut revision = revision;
        revision.changes = "Delmål om bolig tilføjet".into();
        let v = validate(&revision, "national", Some(&previous)).unwrap();
        assert_eq!(v.version, 4);
        assert_eq!(v.changes, "Delmål om bolig tilføjet");
        // A revision is held to the every-months limit only, even in Faxe.
        assert!(validate(&revision, "faxe", Some(&previous)).is_ok());
    }

    #[test]
    fn the_main_goal_and_the_services_are_required() {
        let mut i = input("02.02.2026", "30.04.2026");
        i.goals[0].text = "  ".into();
        i.services.clear();
        let fields: Vec<PlanField> = validate(&i, "national", None).unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec![PlanField::Goal(0), PlanField::Services]);
    }

    #[test]
    fn control_characters_are_refused_where_they_are() {
        let mut i = input("02.02.2026", "30.04.2026");
        i.goals[3].text = "Bolig\u{1b}[2J".into();
        assert_eq!(
            validate(&i, "national", None).unwrap_err(),
            vec![(PlanField::Goal(3), PlanProblem::ControlCharacters)]
        );
    }

    #[test]
    fn a_decided_141_question_is_not_undone() {
        let mut previous = version(1, "2026-02-10", "2026-05-10");
        previous.action_plan = ActionPlanDecision::Needed;
        let mut revision = input("17.03.2026", "17.06.2026");
        revision.changes = "x".into();
        assert_eq!(
            validate(&revision, "nyborg", Some(&previous)).unwrap_err(),
            vec![(
                PlanField::ActionPlan,
                PlanProblem::ActionPlanAlreadyDecided { decision: ActionPlanDecision::Needed }
            )]
        );
        revision.action_plan = ActionPlanDecision::NotNeeded;
        assert!(validate(&revision, "nyborg", Some(&previous)).is_ok());
    }

    #[test]
    fn no_plan_for_a_case_not_in_treatment_or_closed() {
        let policy = Profile::national().plan;
        let mut case = started("2026-01-20", "2026-01-31");
        case.progress.treatment_started_on = None;
        let got = validate_plan(&input("02.02.2026", "30.04.2026"), &case, None, &policy, date("2026-03-17"));
        assert_eq!(got.unwrap_err(), vec![(PlanField::Date, PlanProblem::TreatmentNotStarted)]);
        let mut case = started("2026-01-20", "2026-01-31");
        case.progress.closed = Some(Reasoned { on: date("2026-03-01"), reason: "Færdigbehandlet".into() });
        let got = validate_plan(&input("02.02.2026", "30.04.2026"), &case, None, &policy, date("2026-03-17"));
        assert_eq!(got.unwrap_err(), vec![(PlanField::Date, PlanProblem::CourseClosed { on: date("2026-03-01") })]);
    }

    #[test]
    fn the_version_in_force_on_a_date() {
        let versions = vec![
            version(2, "2026-02-10", "2026-05-10"),
            version(1, "2026-01-05", "2026-04-05"),
            version(3, "2026-02-10", "2026-05-10"),
        ];
        assert_eq!(version_on(&versions, date("2026-01-04")), None);
        assert_eq!(version_on(&versions, date("2026-01-05")).unwrap().version, 1);
        assert_eq!(version_on(&versions, date("2026-02-09")).unwrap().version, 1);
        // Two versions the same day: the later one is in force.
        assert_eq!(version_on(&versions, date("2026-02-10")).unwrap().version, 3);
        assert_eq!(version_on(&versions, date("2030-01-01")).unwrap().version, 3);
    }
}

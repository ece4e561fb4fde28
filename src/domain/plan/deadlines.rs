//! The deadlines of a course in treatment, from the profile (domain.md 2,
//! 6a): the next revision the plan names, the limit on that date, the first
//! follow-up after start (Faxe) and the §141 action-plan decision (Nyborg).
//! All of them count calendar months with `dates::add_months`.

use chrono::NaiveDate;

use super::PlanVersion;
use crate::domain::dates;
use crate::domain::intake::Case;
use crate::domain::policy::PlanPolicy;

/// The rule a limit on the next revision date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitRule {
    /// `plan.revision_every_months`: at least this often.
    EveryMonths { months: u32 },
    /// `plan.first_follow_up_months`: the first follow-up after the start.
    FirstFollowUp { months: u32 },
}

/// The latest next-revision date a plan may name, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevisionLimit {
    pub latest: NaiveDate,
    pub rule: LimitRule,
}

/// The latest date a plan made or revised on `plan_date` may name for its
/// next revision: `plan.revision_every_months` calendar months after the
/// plan date. The first plan must also name a date no later than the first
/// follow-up (`plan.first_follow_up_months` after the treatment start),
/// unless that date is already past on the plan date: then it can no longer
/// be met, and the overdue follow-up is shown on its own.
pub fn revision_limit(
    policy: &PlanPolicy,
    treatment_start: NaiveDate,
    plan_date: NaiveDate,
    first_version: bool,
) -> RevisionLimit {
    let every = RevisionLimit {
        latest: dates::add_months(plan_date, policy.revision_every_months),
        rule: LimitRule::EveryMonths { months: policy.revision_every_months },
    };
    match policy.first_follow_up_months {
        Some(months) if first_version => {
            let first = dates::add_months(treatment_start, months);
            if first > plan_date && first < every.latest {
                RevisionLimit { latest: first, rule: LimitRule::FirstFollowUp { months } }
            } else {
                every
            }
        }
        _ => every,
    }
}

/// The next revision a new version's form starts with: the date the plan
/// already names while it is still ahead and within this version's limit
/// (a revision between the named dates must not push the counsellor's
/// date out), else the limit itself (the first plan, or a revision on or
/// after the named date).
pub fn next_revision_prefill(latest: Option<&PlanVersion>, limit: RevisionLimit, today: NaiveDate) -> NaiveDate {
    match latest {
        Some(v) if v.next_revision_on > today && v.next_revision_on <= limit.latest => v.next_revision_on,
        _ => limit.latest,
    }
}

/// When the first follow-up is due (Faxe: 1 month after the start), while
/// no revision has been made; `None` when the profile has no such rule or
/// the plan has been revised.
pub fn first_follow_up_due(policy: &PlanPolicy, case: &Case, latest: Option<&PlanVersion>) -> Option<NaiveDate> {
    let months = policy.first_follow_up_months?;
    let start = case.progress.treatment_started_on?;
    if latest.is_some_and(PlanVersion::is_revision) {
        return None;
    }
    Some(dates::add_months(start, months))
}

/// When the treatment plan must exist, while a case in treatment has none:
/// the start of treatment (national, §101 stk. 8), or the profile's days
/// after the first contact (Faxe, Rødovre: 14). `None` once there is a plan,
/// before treatment starts and for a closed case.
pub fn plan_due(policy: &PlanPolicy, case: &Case, latest: Option<&PlanVersion>) -> Option<NaiveDate> {
    let start = case.progress.treatment_started_on?;
    if latest.is_some() || case.progress.closed.is_some() {
        return None;
    }
    Some(match policy.plan_within_days_of_contact {
        Some(days) => dates::add_days(case.contact_date(), i64::from(days)),
        None => start,
    })
}

/// When the §141 action-plan decision is due (Nyborg: within 2 months of
/// the start), while the plan records no decision. Anonymous treatment
/// (§101a) is kept apart from the municipality's social case work, so it
/// has no action plan to decide on.
pub fn action_plan_due(policy: &PlanPolicy, case: &Case, latest: Option<&PlanVersion>) -> Option<NaiveDate> {
    let months = policy.action_plan_decision_months?;
    let start = case.progress.treatment_started_on?;
    if case.kind == crate::domain::intake::ContactKind::Anonymous || latest.is_some_and(|v| v.action_plan.is_decided())
    {
        return None;
    }
    Some(dates::add_months(start, months))
}

/// A date and the days left to it on the day asked (negative when overdue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deadline {
    pub due: NaiveDate,
    pub days_left: i64,
}

impl Deadline {
    pub fn new(due: NaiveDate, today: NaiveDate) -> Deadline {
        Deadline { due, days_left: dates::days_between(today, due) }
    }

    pub fn overdue(&self) -> bool {
        self.days_left < 0
    }
}

/// Everything a course in treatment has pending, on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CourseDeadlines {
    /// The plan itself, while the course has none.
    pub plan: Option<Deadline>,
    /// The next revision the latest version names.
    pub revision: Option<Deadline>,
    pub first_follow_up: Option<Deadline>,
    pub action_plan: Option<Deadline>,
}

impl CourseDeadlines {
    /// The earliest pending deadline.
    pub fn most_urgent(&self) -> Option<Deadline> {
        [self.plan, self.revision, self.first_follow_up, self.action_plan].into_iter().flatten().min()
    }

    pub fn any_overdue(&self) -> bool {
        self.most_urgent().is_some_and(|d| d.overdue())
    }
}

/// The pending deadlines of a course whose treatment has started and has
/// not ended; an ended or closed course has none.
pub fn course_deadlines(
    policy: &PlanPolicy,
    case: &Case,
    latest: Option<&PlanVersion>,
    today: NaiveDate,
) -> CourseDeadlines {
    if case.progress.treatment_started_on.is_none() || case.progress.closed.is_some() {
        return CourseDeadlines::default();
    }
    CourseDeadlines {
        plan: plan_due(policy, case, latest).map(|d| Deadline::new(d, today)),
        revision: latest.map(|v| Deadline::new(v.next_revision_on, today)),
        first_follow_up: first_follow_up_due(policy, case, latest).map(|d| Deadline::new(d, today)),
        action_plan: action_plan_due(policy, case, latest).map(|d| Deadline::new(d, today)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::Reasoned;
    use crate::domain::plan::ActionPlanDecision;
    use crate::domain::plan::test_support::{date, started, version};
    use crate::domain::policy::Profile;

    /// A built-in profile's plan settings, or `first_month`: a centre's own
    /// profile with a first follow-up 1 month after the start (no built-in
    /// profile has one since Faxe's "1 month" was read right, domain.md 2).
    fn plan(profile: &str) -> PlanPolicy {
        match profile {
            "first_month" => PlanPolicy { first_follow_up_months: Some(1), ..PlanPolicy::default() },
            _ => Profile::built_in(profile).unwrap().plan,
        }
    }

    fn limit(profile: &str, start: &str, on: &str, first: bool) -> (NaiveDate, LimitRule) {
        let l = revision_limit(&plan(profile), date(start), date(on), first);
        (l.latest, l.rule)
    }

    #[test]
    fn each_profile_limits_the_next_revision_as_domain_md_6a_says() {
        // National default and Nyborg: at least every 3 months; Randers: 6.
        let every = |m| LimitRule::EveryMonths { months: m };
        assert_eq!(limit("national", "2026-03-02", "2026-03-10", true), (date("2026-06-10"), every(3)));
        assert_eq!(limit("nyborg", "2026-03-02", "2026-03-10", true), (date("2026-06-10"), every(3)));
        assert_eq!(limit("randers", "2026-03-02", "2026-03-10", true), (date("2026-09-10"), every(6)));
        // Rødovre and Faxe are silent: the national default.
        assert_eq!(limit("rodovre", "2026-03-02", "2026-03-10", true), (date("2026-06-10"), every(3)));
        assert_eq!(limit("faxe", "2026-03-02", "2026-03-10", true), (date("2026-06-10"), every(3)));
        // Faxe is silent too; a profile with a first follow-up 1 month after
        // the start: the first plan names a date no later than that ...
        assert_eq!(
            limit("first_month", "2026-03-02", "2026-03-10", true),
            (date("2026-04-02"), LimitRule::FirstFollowUp { months: 1 })
        );
        // ... and a revision is held to the national 3 months.
        assert_eq!(limit("first_month", "2026-03-02", "2026-04-01", false), (date("2026-07-01"), every(3)));
    }

    #[test]
    fn months_are_calendar_months_clamped_to_the_month_end() {
        // 31 January + 1 month: the end of February, in common and leap years.
        assert_eq!(limit("first_month", "2026-01-31", "2026-01-31", true).0, date("2026-02-28"));
        assert_eq!(limit("first_month", "2028-01-31", "2028-01-31", true).0, date("2028-02-29"));
        // 29 February + 3 and + 6 months; 30 November + 3 months crosses the year.
        assert_eq!(limit("national", "2028-02-29", "2028-02-29", true).0, date("2028-05-29"));
        assert_eq!(limit("randers", "2028-02-29", "2028-02-29", true).0, date("2028-08-29"));
        assert_eq!(limit("national", "2026-11-30", "2026-11-30", true).0, date("2027-02-28"));
        // 31 December + 3 months is 31 March; + 6 months is 30 June.
        assert_eq!(limit("nyborg", "2026-12-31", "2026-12-31", true).0, date("2027-03-31"));
        assert_eq!(limit("randers", "2026-12-31", "2026-12-31", true).0, date("2027-06-30"));
        // 31 August + 6 months: the end of February, never 3 March.
        assert_eq!(limit("randers", "2027-08-31", "2027-08-31", true).0, date("2028-02-29"));
        assert_eq!(limit("randers", "2026-08-31", "2026-08-31", true).0, date("2027-02-28"));
    }

    #[test]
    fn a_first_follow_up_already_past_no_longer_limits_the_first_plan() {
        // Plan made 40 days after the start: the first month is gone.
        assert_eq!(
            limit("first_month", "2026-03-02", "2026-04-11", true),
            (date("2026-07-11"), LimitRule::EveryMonths { months: 3 })
        );
    }

    #[test]
    fn a_first_follow_up_is_due_a_month_after_start_until_the_first_revision() {
        let faxe = plan("first_month");
        let case = started("2026-01-20", "2026-01-31");
        assert_eq!(first_follow_up_due(&faxe, &case, None), Some(date("2026-02-28")));
        let first = version(1, "2026-02-02", "2026-02-28");
        assert_eq!(first_follow_up_due(&faxe, &case, Some(&first)), Some(date("2026-02-28")));
        let revised = version(2, "2026-02-27", "2026-05-27");
        assert_eq!(first_follow_up_due(&faxe, &case, Some(&revised)), None);
        // The built-in profiles have no first follow-up rule.
        for p in ["national", "faxe", "nyborg", "rodovre", "randers"] {
            assert_eq!(first_follow_up_due(&plan(p), &case, None), None, "{p}");
        }
    }

    #[test]
    fn a_case_in_treatment_without_a_plan_is_due_from_the_start_or_14_days_after_the_contact() {
        // First contact 20 January, treatment started 31 January.
        let case = started("2026-01-20", "2026-01-31");
        for p in ["national", "nyborg", "randers"] {
            assert_eq!(plan_due(&plan(p), &case, None), Some(date("2026-01-31")), "{p}");
        }
        for p in ["faxe", "rodovre"] {
            assert_eq!(plan_due(&plan(p), &case, None), Some(date("2026-02-03")), "{p}");
        }
        // A plan, or a closed case, owes none.
        let first = version(1, "2026-02-02", "2026-05-02");
        assert_eq!(plan_due(&plan("national"), &case, Some(&first)), None);
        let d = course_deadlines(&plan("faxe"), &case, None, date("2026-02-04"));
        assert_eq!(d.plan, Some(Deadline { due: date("2026-02-03"), days_left: -1 }));
        assert!(d.any_overdue());
    }

    #[test]
    fn nyborg_decides_on_a_141_action_plan_within_two_months() {
        let nyborg = plan("nyborg");
        let case = started("2025-12-20", "2025-12-31");
        assert_eq!(action_plan_due(&nyborg, &case, None), Some(date("2026-02-28")));
        let mut v = version(1, "2026-01-05", "2026-04-05");
        assert_eq!(action_plan_due(&nyborg, &case, Some(&v)), Some(date("2026-02-28")));
        v.action_plan = ActionPlanDecision::NotNeeded;
        assert_eq!(action_plan_due(&nyborg, &case, Some(&v)), None);
        // Leap year: 31 December 2027 + 2 months = 29 February 2028.
        let leap = started("2027-12-20", "2027-12-31");
        assert_eq!(action_plan_due(&nyborg, &leap, None), Some(date("2028-02-29")));
        // Rødovre offers, Randers makes one when needed: no deadline tracked.
        for p in ["national", "faxe", "rodovre", "randers"] {
            assert_eq!(action_plan_due(&plan(p), &case, None), None, "{p}");
        }
        let mut anonymous = case.clone();
        anonymous.kind = crate::domain::intake::ContactKind::Anonymous;
        assert_eq!(action_plan_due(&nyborg, &anonymous, None), None);
    }

    #[test]
    fn a_course_has_its_deadlines_only_while_in_treatment() {
        let nyborg = plan("nyborg");
        let mut case = started("2026-01-05", "2026-01-10");
        let v = version(1, "2026-01-12", "2026-04-12");
        let d = course_deadlines(&nyborg, &case, Some(&v), date("2026-03-17"));
        assert_eq!(d.revision, Some(Deadline { due: date("2026-04-12"), days_left: 26 }));
        assert_eq!(d.action_plan, Some(Deadline { due: date("2026-03-10"), days_left: -7 }));
        assert_eq!(d.most_urgent(), d.action_plan);
        assert!(d.any_overdue());
        case.progress.closed = Some(Reasoned { on: date("2026-03-01"), reason: "x".into() });
        assert_eq!(course_deadlines(&nyborg, &case, Some(&v), date("2026-03-17")), CourseDeadlines::default());
    }
}

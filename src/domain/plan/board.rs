//! The Planer board's lines: a course in treatment with its plan's
//! deadlines and the flags the profile asks for (domain.md 2); the store
//! reads them in each order a page at a time (`store::plans::board_page`).

use chrono::NaiveDate;

use super::deadlines::{CourseDeadlines, course_deadlines};
use super::{DischargeReason, Ending, PlanVersion, ReEnrolment};
use crate::domain::intake::Case;
use crate::domain::policy::PlanPolicy;

/// A course: a case whose treatment started, with its latest plan version,
/// its ending once it has one, and whether it re-enrols the citizen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    pub case: Case,
    pub latest: Option<PlanVersion>,
    pub ending: Option<Ending>,
    pub re_enrolment: Option<ReEnrolment>,
}

/// What a board line must say besides its dates. The UI shows each as a
/// text marker as well as a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanFlag {
    /// In treatment without a plan; `overdue` once past the day the plan
    /// had to exist by (the profile's `plan.plan_within_days_of_contact`).
    NoPlan {
        overdue: bool,
    },
    RevisionOverdue,
    RevisionToday,
    /// The first follow-up after the start (Faxe) is pending.
    FirstFollowUp {
        overdue: bool,
    },
    /// The §141 decision (Nyborg) is pending.
    ActionPlan {
        overdue: bool,
    },
    /// The latest version was made without the citizen.
    WithoutCitizen,
    /// The citizen came back within 12 months of an ended course.
    ReEnrolled,
    Ended(DischargeReason),
    FollowUpDeclined,
}

/// One line of the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanEntry {
    pub course: Course,
    pub deadlines: CourseDeadlines,
    pub flags: Vec<PlanFlag>,
}

/// The orders the board can be sorted in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum BoardSort {
    /// Overdue first, then courses without a plan, then by the next deadline.
    #[default]
    Urgency,
    Case,
    Name,
    Counsellor,
    /// Treatment start, oldest first.
    Start,
}

impl BoardSort {
    pub const ALL: [BoardSort; 5] =
        [BoardSort::Urgency, BoardSort::Case, BoardSort::Name, BoardSort::Counsellor, BoardSort::Start];

    pub fn next(self) -> BoardSort {
        let i = BoardSort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        BoardSort::ALL[(i + 1) % BoardSort::ALL.len()]
    }
}

/// One course's board line: its deadlines on `today` and its flags. The
/// paged board (`panes::plans`) makes the lines of a page with it.
pub fn board_entry(course: Course, policy: &PlanPolicy, today: NaiveDate) -> PlanEntry {
    let deadlines = course_deadlines(policy, &course.case, course.latest.as_ref(), today);
    let flags = flags(&course, &deadlines);
    PlanEntry { course, deadlines, flags }
}

fn flags(course: &Course, d: &CourseDeadlines) -> Vec<PlanFlag> {
    let mut flags = Vec::new();
    if let Some(ending) = &course.ending {
        flags.push(PlanFlag::Ended(ending.reason));
        if ending.follow_up_declined {
            flags.push(PlanFlag::FollowUpDeclined);
        }
    } else if course.latest.is_none() && course.case.progress.closed.is_none() {
        flags.push(PlanFlag::NoPlan { overdue: d.plan.is_some_and(|p| p.overdue()) });
    }
    match d.revision.map(|r| r.days_left) {
        Some(left) if left < 0 => flags.push(PlanFlag::RevisionOverdue),
        Some(0) => flags.push(PlanFlag::RevisionToday),
        _ => {}
    }
    if let Some(f) = d.first_follow_up {
        flags.push(PlanFlag::FirstFollowUp { overdue: f.overdue() });
    }
    if let Some(a) = d.action_plan {
        flags.push(PlanFlag::ActionPlan { overdue: a.overdue() });
    }
    if course.latest.as_ref().is_some_and(|v| !v.citizen_took_part) && course.ending.is_none() {
        flags.push(PlanFlag::WithoutCitizen);
    }
    if course.re_enrolment.is_some() {
        flags.push(PlanFlag::ReEnrolled);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::Identity;
    use crate::domain::plan::test_support::{date, ending, started, version};
    use crate::domain::plan::{ActionPlanDecision, re_enrolment};
    use crate::domain::policy::Profile;

    fn course(id: i64, name: &str, start: &str, latest: Option<PlanVersion>) -> Course {
        let mut case = started("2026-01-02", start);
        case.id = id;
        case.identity = Identity::Named { name: name.into(), cpr: None };
        Course { case, latest, ending: None, re_enrolment: None }
    }

    /// The courses' board lines, in the courses' order.
    fn lines(courses: impl IntoIterator<Item = Course>, policy: &PlanPolicy, today: NaiveDate) -> Vec<PlanEntry> {
        courses.into_iter().map(|c| board_entry(c, policy, today)).collect()
    }

    #[test]
    fn a_line_carries_its_overdue_revision_missing_plan_or_revision_today() {
        let today = date("2026-03-17");
        let courses = vec![
            course(2, "Bent", "2026-01-05", Some(version(1, "2026-01-06", "2026-03-01"))),
            course(3, "Carl", "2026-03-01", None),
            course(5, "Erik", "2026-01-05", Some(version(1, "2026-01-06", "2026-03-17"))),
        ];
        let board = lines(courses, &Profile::national().plan, today);
        assert_eq!(board[0].flags, vec![PlanFlag::RevisionOverdue]);
        assert_eq!(board[0].deadlines.revision.unwrap().days_left, -16);
        // Carl started 1 March without a plan: due from the start (national).
        assert_eq!(board[1].flags, vec![PlanFlag::NoPlan { overdue: true }]);
        assert_eq!(board[1].deadlines.plan.unwrap().due, date("2026-03-01"));
        assert_eq!(board[2].flags, vec![PlanFlag::RevisionToday]);
    }

    #[test]
    fn the_profile_decides_which_flags_a_line_carries() {
        let today = date("2026-03-17");
        let make = || vec![course(1, "Asta", "2026-01-31", Some(version(1, "2026-02-02", "2026-02-28")))];
        // A first follow-up a month after the start (a centre's own profile)
        // was due 28 February and no revision exists.
        let first_month = PlanPolicy { first_follow_up_months: Some(1), ..Profile::national().plan };
        let own = lines(make(), &first_month, today);
        assert_eq!(own[0].flags, vec![PlanFlag::RevisionOverdue, PlanFlag::FirstFollowUp { overdue: true }]);
        // Nyborg: the §141 decision is due 31 March (2 months after 31 January).
        let nyborg = lines(make(), &Profile::built_in("nyborg").unwrap().plan, today);
        assert_eq!(nyborg[0].flags, vec![PlanFlag::RevisionOverdue, PlanFlag::ActionPlan { overdue: false }]);
        assert_eq!(nyborg[0].deadlines.action_plan.unwrap().due, date("2026-03-31"));
        // Randers tracks neither.
        let randers = lines(make(), &Profile::built_in("randers").unwrap().plan, today);
        assert_eq!(randers[0].flags, vec![PlanFlag::RevisionOverdue]);
        // Once decided, Nyborg's flag goes.
        let mut decided = make();
        decided[0].latest.as_mut().unwrap().action_plan = ActionPlanDecision::Declined;
        let nyborg = lines(decided, &Profile::built_in("nyborg").unwrap().plan, today);
        assert_eq!(nyborg[0].flags, vec![PlanFlag::RevisionOverdue]);
    }

    #[test]
    fn re_enrolled_without_the_citizen_and_ended_are_marked() {
        let today = date("2026-03-17");
        let mut back = course(7, "Asta", "2026-03-01", Some(version(1, "2026-03-02", "2026-06-02")));
        back.latest.as_mut().unwrap().citizen_took_part = false;
        let earlier = ending(2, "2025-09-30", DischargeReason::Completed);
        back.re_enrolment = re_enrolment(&back.case, [&earlier]);
        let mut ended = course(2, "Asta", "2025-05-01", Some(version(1, "2025-05-02", "2025-08-02")));
        let mut e = earlier.clone();
        e.follow_up_declined = true;
        ended.ending = Some(e);
        ended.case.progress.closed =
            Some(crate::domain::intake::Reasoned { on: date("2025-09-30"), reason: "Færdigbehandlet".into() });
        let board = lines([back, ended], &Profile::national().plan, today);
        assert_eq!(board[0].flags, vec![PlanFlag::WithoutCitizen, PlanFlag::ReEnrolled]);
        assert_eq!(board[1].flags, vec![PlanFlag::Ended(DischargeReason::Completed), PlanFlag::FollowUpDeclined]);
        assert_eq!(board[1].deadlines, CourseDeadlines::default());
    }

    #[test]
    fn the_sort_key_cycles_through_every_order() {
        let mut sort = BoardSort::Urgency;
        for expected in &BoardSort::ALL[1..] {
            sort = sort.next();
            assert_eq!(sort, *expected);
        }
        assert_eq!(BoardSort::Start.next(), BoardSort::Urgency);
    }
}

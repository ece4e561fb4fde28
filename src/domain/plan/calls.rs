//! Follow-up calls after a course ended (domain.md 2 and 7.5): each call is
//! due on a date; every attempt is recorded with its date and who made it;
//! a call not reached stays open; a call reached records the outcome the
//! yearly report counts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadlines::Deadline;
use super::{Ending, TextProblem, check_note};
use crate::domain::dates::{self, DateInputError};
use crate::domain::input::{self, DateProblem};
use crate::domain::intake::Case;

const MAX_NOTE: usize = crate::domain::limits::CALL_NOTE;

/// How the citizen is doing, asked in a follow-up call: whether the goal
/// holds, and whether re-enrolment is wanted (domain.md 2, 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    DrugFree,
    Reduced,
    Stabilised,
    Unchanged,
    /// Relapsed; re-enrolment wanted.
    Relapsed,
    /// Reached, but the citizen did not say (the yearly report counts it
    /// apart, never as one of the others).
    NotStated,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 6] = [
        CallOutcome::DrugFree,
        CallOutcome::Reduced,
        CallOutcome::Stabilised,
        CallOutcome::Unchanged,
        CallOutcome::Relapsed,
        CallOutcome::NotStated,
    ];
}

/// One try at a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallAttempt {
    pub id: i64,
    pub call_id: i64,
    pub on: NaiveDate,
    pub reached: bool,
    /// Set exactly when the citizen was reached.
    pub outcome: Option<CallOutcome>,
    pub note: String,
    pub actor: String,
    pub recorded_at: String,
}

/// A follow-up call scheduled when the course ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpCall {
    pub id: i64,
    pub case_id: i64,
    /// Months after the end (1 or 6).
    pub months: u32,
    pub due_on: NaiveDate,
    /// Oldest first.
    pub attempts: Vec<CallAttempt>,
}

impl FollowUpCall {
    /// The attempt that reached the citizen: the call is done.
    pub fn reached(&self) -> Option<&CallAttempt> {
        self.attempts.iter().find(|a| a.reached)
    }

    pub fn is_open(&self) -> bool {
        self.reached().is_none()
    }

    /// Attempts that did not reach the citizen.
    pub fn missed(&self) -> usize {
        self.attempts.iter().filter(|a| !a.reached).count()
    }
}

/// A call with the course it belongs to: what lists and `due` need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseCall {
    pub case: Case,
    pub ending: Ending,
    pub call: FollowUpCall,
}

/// The call form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallInput {
    pub date: String,
    pub reached: bool,
    pub outcome: Option<CallOutcome>,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallField {
    Date,
    Outcome,
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallProblem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    Date(DateInputError),
    InFuture,
    /// A follow-up call follows the end of the course: it is dated after
    /// the day of discharge, never on it (a talk on the last day is the
    /// ending, not the follow-up 1 or 6 months after it).
    NotAfterEnd {
        ended_on: NaiveDate,
    },
    /// Attempts are recorded in date order.
    BeforeLastAttempt {
        on: NaiveDate,
    },
    AlreadyReached {
        on: NaiveDate,
    },
    /// An outcome is only known when the citizen was reached.
    OutcomeWithoutReach,
}

/// An attempt that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt {
    pub on: NaiveDate,
    pub reached: bool,
    pub outcome: Option<CallOutcome>,
    pub note: String,
}

/// The earlier dates a call attempt may not precede.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    End,
    LastAttempt,
}

/// Checks a call attempt as typed against the call and the course's end.
pub fn parse_attempt(
    input: &CallInput,
    call: &FollowUpCall,
    ended_on: NaiveDate,
    today: NaiveDate,
) -> Result<NewAttempt, Vec<(CallField, CallProblem)>> {
    let mut problems = Vec::new();
    if let Some(done) = call.reached() {
        problems.push((CallField::Date, CallProblem::AlreadyReached { on: done.on }));
    }
    let last = call.attempts.iter().map(|a| a.on).max();
    let first_day = dates::add_days(ended_on, 1);
    let on = input::check_date(&input.date, Some(today), &[(Bound::End, Some(first_day)), (Bound::LastAttempt, last)])
        .map_err(|p| {
            let p = match p {
                DateProblem::Required => CallProblem::Required,
                DateProblem::Unreadable(e) => CallProblem::Date(e),
                DateProblem::InFuture => CallProblem::InFuture,
                DateProblem::Before(Bound::End, _) => CallProblem::NotAfterEnd { ended_on },
                DateProblem::Before(Bound::LastAttempt, on) => CallProblem::BeforeLastAttempt { on },
            };
            problems.push((CallField::Date, p));
        })
        .ok();
    match (input.reached, input.outcome) {
        (true, None) => problems.push((CallField::Outcome, CallProblem::Required)),
        (false, Some(_)) => problems.push((CallField::Outcome, CallProblem::OutcomeWithoutReach)),
        _ => {}
    }
    let note = input.note.trim();
    if let Some(p) = check_note(note, false, MAX_NOTE, |p| match p {
        TextProblem::Required => CallProblem::Required,
        TextProblem::TooLong { max } => CallProblem::TooLong { max },
        TextProblem::ControlCharacters => CallProblem::ControlCharacters,
    }) {
        problems.push((CallField::Note, p));
    }
    match on {
        Some(on) if problems.is_empty() => {
            Ok(NewAttempt { on, reached: input.reached, outcome: input.outcome, note: note.to_string() })
        }
        _ => Err(problems),
    }
}

/// What a line of the call list must say besides its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallFlag {
    Overdue,
    DueToday,
    /// Tried without reaching the citizen; the count of tries.
    NotReached {
        attempts: usize,
    },
}

/// One line of the follow-up list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEntry {
    pub course: CourseCall,
    pub deadline: Deadline,
    pub flags: Vec<CallFlag>,
}

/// The open calls, the earliest due first (the most overdue on top), then
/// by case and months. Calls already reached are left out.
pub fn build_call_list(calls: impl IntoIterator<Item = CourseCall>, today: NaiveDate) -> Vec<CallEntry> {
    let mut entries: Vec<CallEntry> = calls
        .into_iter()
        .filter(|c| c.call.is_open())
        .map(|course| {
            let deadline = Deadline::new(course.call.due_on, today);
            let mut flags = Vec::new();
            match deadline.days_left {
                d if d < 0 => flags.push(CallFlag::Overdue),
                0 => flags.push(CallFlag::DueToday),
                _ => {}
            }
            let missed = course.call.missed();
            if missed > 0 {
                flags.push(CallFlag::NotReached { attempts: missed });
            }
            CallEntry { course, deadline, flags }
        })
        .collect();
    entries.sort_by_key(|e| (e.deadline.due, e.course.case.id, e.course.call.months));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::DischargeReason;
    use crate::domain::plan::test_support::{date, ending, started};

    fn call(attempts: Vec<CallAttempt>) -> FollowUpCall {
        FollowUpCall { id: 1, case_id: 1, months: 1, due_on: date("2026-04-17"), attempts }
    }

    fn attempt(on: &str, outcome: Option<CallOutcome>) -> CallAttempt {
        CallAttempt {
            id: 1,
            call_id: 1,
            on: date(on),
            reached: outcome.is_some(),
            outcome,
            note: String::new(),
            actor: "bo".into(),
            recorded_at: "2026-04-17T10:00:00Z".into(),
        }
    }

    fn input(on: &str, reached: bool, outcome: Option<CallOutcome>) -> CallInput {
        CallInput { date: on.into(), reached, outcome, note: String::new() }
    }

    #[test]
    fn a_call_not_reached_stays_open_with_its_attempts() {
        let mut c = call(vec![attempt("2026-04-15", None), attempt("2026-04-16", None)]);
        assert!(c.is_open());
        assert_eq!(c.missed(), 2);
        c.attempts.push(attempt("2026-04-20", Some(CallOutcome::Reduced)));
        assert!(!c.is_open());
        assert_eq!(c.reached().unwrap().outcome, Some(CallOutcome::Reduced));
    }

    #[test]
    fn an_attempt_is_checked_against_the_end_and_the_earlier_attempts() {
        let ended = date("2026-03-17");
        let today = date("2026-04-20");
        let c = call(vec![attempt("2026-04-16", None)]);
        let ok = parse_attempt(&input("20.04.2026", true, Some(CallOutcome::DrugFree)), &c, ended, today).unwrap();
        assert_eq!((ok.on, ok.outcome), (today, Some(CallOutcome::DrugFree)));
        assert_eq!(
            parse_attempt(&input("16.03.2026", false, None), &call(vec![]), ended, today).unwrap_err(),
            vec![(CallField::Date, CallProblem::NotAfterEnd { ended_on: ended })]
        );
        // On the day of discharge it is the ending, not the follow-up after it.
        let on_the_day = input("17.03.2026", true, Some(CallOutcome::DrugFree));
        assert_eq!(
            parse_attempt(&on_the_day, &call(vec![]), ended, today).unwrap_err(),
            vec![(CallField::Date, CallProblem::NotAfterEnd { ended_on: ended })]
        );
        assert!(parse_attempt(&input("18.03.2026", false, None), &call(vec![]), ended, today).is_ok());
        assert_eq!(
            parse_attempt(&input("15.04.2026", false, None), &c, ended, today).unwrap_err(),
            vec![(CallField::Date, CallProblem::BeforeLastAttempt { on: date("2026-04-16") })]
        );
        assert_eq!(
            parse_attempt(&input("21.04.2026", false, None), &c, ended, today).unwrap_err(),
            vec![(CallField::Date, CallProblem::InFuture)]
        );
    }

    #[test]
    fn reached_needs_an_outcome_and_not_reached_has_none() {
        let ended = date("2026-03-17");
        let today = date("2026-04-20");
        assert_eq!(
            parse_attempt(&input("20.04.2026", true, None), &call(vec![]), ended, today).unwrap_err(),
            vec![(CallField::Outcome, CallProblem::Required)]
        );
        assert_eq!(
            parse_attempt(&input("20.04.2026", false, Some(CallOutcome::Relapsed)), &call(vec![]), ended, today)
                .unwrap_err(),
            vec![(CallField::Outcome, CallProblem::OutcomeWithoutReach)]
        );
    }

    #[test]
    fn a_reached_call_takes_no_more_attempts() {
        let c = call(vec![attempt("2026-04-16", Some(CallOutcome::Stabilised))]);
        assert_eq!(
            parse_attempt(&input("20.04.2026", false, None), &c, date("2026-03-17"), date("2026-04-20")).unwrap_err(),
            vec![(CallField::Date, CallProblem::AlreadyReached { on: date("2026-04-16") })]
        );
    }

    #[test]
    fn the_list_holds_open_calls_most_overdue_first() {
        let case = started("2026-01-05", "2026-01-10");
        let course = |id: i64, months: u32, due: &str, attempts| CourseCall {
            case: case.clone(),
            ending: ending(1, "2026-03-01", DischargeReason::Completed),
            call: FollowUpCall { id, case_id: 1, months, due_on: date(due), attempts },
        };
        let list = build_call_list(
            [
                course(1, 6, "2026-09-01", vec![]),
                course(2, 1, "2026-04-01", vec![attempt("2026-04-01", None)]),
                course(3, 1, "2026-04-03", vec![attempt("2026-04-02", Some(CallOutcome::DrugFree))]),
                course(4, 1, "2026-04-05", vec![]),
            ],
            date("2026-04-05"),
        );
        let got: Vec<(i64, Vec<CallFlag>)> = list.iter().map(|e| (e.course.call.id, e.flags.clone())).collect();
        assert_eq!(
            got,
            vec![
                (2, vec![CallFlag::Overdue, CallFlag::NotReached { attempts: 1 }]),
                (4, vec![CallFlag::DueToday]),
                (1, vec![]),
            ]
        );
    }
}

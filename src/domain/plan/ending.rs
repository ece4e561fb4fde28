//! Ending a course: the date, the discharge reason, and the follow-up calls
//! the profile schedules for that reason at once (domain.md 7.5).

use chrono::NaiveDate;

use super::{DischargeReason, PlanVersion, TextProblem, check_note};
use crate::domain::dates::{self, DateInputError};
use crate::domain::input::{self, DateProblem};
use crate::domain::intake::Case;
use crate::domain::policy::FollowUpPolicy;

const MAX_NOTE: usize = crate::domain::limits::ENDING_NOTE;

/// The ending form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndingInput {
    pub date: String,
    pub reason: DischargeReason,
    /// The citizen was told about the follow-up calls and declined them.
    pub follow_up_declined: bool,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EndingField {
    Date,
    Reason,
    Declined,
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndingProblem {
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
    /// The course cannot end before the plan version last made for it.
    BeforeLatestPlan {
        on: NaiveDate,
    },
    TreatmentNotStarted,
    /// Already ended or closed.
    CourseClosed {
        on: NaiveDate,
    },
}

/// An ending that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEnding {
    pub ended_on: NaiveDate,
    pub reason: DischargeReason,
    pub follow_up_declined: bool,
    pub note: String,
}

/// The earlier dates an ending may not precede.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    TreatmentStart,
    LatestPlan,
}

/// Checks an ending as typed against the case and its latest plan version.
pub fn parse_ending(
    input: &EndingInput,
    case: &Case,
    latest: Option<&PlanVersion>,
    today: NaiveDate,
) -> Result<NewEnding, Vec<(EndingField, EndingProblem)>> {
    let mut problems = Vec::new();
    let start = case.progress.treatment_started_on;
    match (start, &case.progress.closed) {
        (_, Some(closed)) => problems.push((EndingField::Date, EndingProblem::CourseClosed { on: closed.on })),
        (None, None) => problems.push((EndingField::Date, EndingProblem::TreatmentNotStarted)),
        (Some(_), None) => {}
    }
    let not_before = [(Bound::TreatmentStart, start), (Bound::LatestPlan, latest.map(|v| v.effective_on))];
    let ended_on = input::check_date(&input.date, Some(today), &not_before)
        .map_err(|p| {
            let p = match p {
                DateProblem::Required => EndingProblem::Required,
                DateProblem::Unreadable(e) => EndingProblem::Date(e),
                DateProblem::InFuture => EndingProblem::InFuture,
                DateProblem::Before(Bound::TreatmentStart, start) => EndingProblem::BeforeTreatmentStart { start },
                DateProblem::Before(Bound::LatestPlan, on) => EndingProblem::BeforeLatestPlan { on },
            };
            problems.push((EndingField::Date, p));
        })
        .ok();
    let note = input.note.trim();
    if let Some(p) = check_note(note, false, MAX_NOTE, |p| match p {
        TextProblem::Required => EndingProblem::Required,
        TextProblem::TooLong { max } => EndingProblem::TooLong { max },
        TextProblem::ControlCharacters => EndingProblem::ControlCharacters,
    }) {
        problems.push((EndingField::Note, p));
    }
    match ended_on {
        Some(ended_on) if problems.is_empty() => Ok(NewEnding {
            ended_on,
            reason: input.reason,
            follow_up_declined: input.follow_up_declined,
            note: note.to_string(),
        }),
        _ => Err(problems),
    }
}

/// One follow-up call to schedule: `months` after the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduledCall {
    pub months: u32,
    pub due_on: NaiveDate,
}

/// The follow-up calls an ending schedules: one for each of the profile's
/// `follow_up.after_end_months` (1 and 6), calendar months after the end,
/// when the reason is one of the profile's `follow_up.triggers` and the
/// citizen did not decline. Any other ending schedules nothing.
pub fn scheduled_calls(ending: &NewEnding, policy: &FollowUpPolicy) -> Vec<ScheduledCall> {
    if ending.follow_up_declined || !policy.triggers.contains(&ending.reason) {
        return Vec::new();
    }
    let mut months = policy.after_end_months.clone();
    months.sort_unstable();
    months.dedup();
    months.into_iter().map(|m| ScheduledCall { months: m, due_on: dates::add_months(ending.ended_on, m) }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::test_support::{date, started, version};
    use crate::domain::policy::Profile;

    fn ending(on: &str, reason: DischargeReason) -> NewEnding {
        NewEnding { ended_on: date(on), reason, follow_up_declined: false, note: String::new() }
    }

    fn dues(calls: &[ScheduledCall]) -> Vec<(u32, NaiveDate)> {
        calls.iter().map(|c| (c.months, c.due_on)).collect()
    }

    #[test]
    fn the_triggering_reasons_schedule_calls_at_one_and_six_months() {
        for profile in ["national", "faxe", "nyborg", "rodovre", "randers"] {
            let policy = Profile::built_in(profile).unwrap().follow_up;
            for reason in [
                DischargeReason::Completed,
                DischargeReason::OtherService,
                DischargeReason::Hospital,
                DischargeReason::OtherReason,
            ] {
                assert_eq!(
                    dues(&scheduled_calls(&ending("2026-03-17", reason), &policy)),
                    vec![(1, date("2026-04-17")), (6, date("2026-09-17"))],
                    "{profile} {reason:?}"
                );
            }
        }
    }

    #[test]
    fn an_end_reason_that_does_not_trigger_follow_up_schedules_nothing() {
        let policy = Profile::national().follow_up;
        for reason in [
            DischargeReason::PrisonProbation,
            DischargeReason::Moved,
            DischargeReason::NoShow,
            DischargeReason::Expelled,
            DischargeReason::OwnWish,
            DischargeReason::Died,
        ] {
            assert!(scheduled_calls(&ending("2026-03-17", reason), &policy).is_empty(), "{reason:?}");
        }
    }

    #[test]
    fn a_citizen_who_declines_gets_no_calls() {
        let policy = Profile::national().follow_up;
        let mut e = ending("2026-03-17", DischargeReason::Completed);
        e.follow_up_declined = true;
        assert!(scheduled_calls(&e, &policy).is_empty());
    }

    #[test]
    fn call_dates_are_calendar_months_clamped_to_the_month_end() {
        let policy = Profile::national().follow_up;
        let due = |on| dues(&scheduled_calls(&ending(on, DischargeReason::Completed), &policy));
        assert_eq!(due("2026-01-31"), vec![(1, date("2026-02-28")), (6, date("2026-07-31"))]);
        assert_eq!(due("2027-08-31"), vec![(1, date("2027-09-30")), (6, date("2028-02-29"))]);
        assert_eq!(due("2028-02-29"), vec![(1, date("2028-03-29")), (6, date("2028-08-29"))]);
        assert_eq!(due("2026-12-31"), vec![(1, date("2027-01-31")), (6, date("2027-06-30"))]);
    }

    #[test]
    fn a_centres_own_profile_decides_which_reasons_trigger() {
        let p = Profile::from_toml(
            "id = \"egen\"\nname = \"Egen\"\n[follow_up]\ntriggers = [\"completed\", \"own_wish\"]\n",
        )
        .unwrap();
        assert_eq!(scheduled_calls(&ending("2026-03-17", DischargeReason::OwnWish), &p.follow_up).len(), 2);
        assert!(scheduled_calls(&ending("2026-03-17", DischargeReason::Hospital), &p.follow_up).is_empty());
    }

    #[test]
    fn an_ending_is_dated_within_the_course() {
        let case = started("2026-01-20", "2026-01-31");
        let input = |on: &str| EndingInput {
            date: on.into(),
            reason: DischargeReason::Completed,
            follow_up_declined: false,
            note: String::new(),
        };
        let today = date("2026-03-17");
        assert_eq!(parse_ending(&input("17.03.2026"), &case, None, today).unwrap().ended_on, today);
        assert_eq!(
            parse_ending(&input("18.03.2026"), &case, None, today).unwrap_err(),
            vec![(EndingField::Date, EndingProblem::InFuture)]
        );
        assert_eq!(
            parse_ending(&input("30.01.2026"), &case, None, today).unwrap_err(),
            vec![(EndingField::Date, EndingProblem::BeforeTreatmentStart { start: date("2026-01-31") })]
        );
        let latest = version(2, "2026-03-01", "2026-06-01");
        assert_eq!(
            parse_ending(&input("28.02.2026"), &case, Some(&latest), today).unwrap_err(),
            vec![(EndingField::Date, EndingProblem::BeforeLatestPlan { on: date("2026-03-01") })]
        );
        let mut ended = case.clone();
        ended.progress.closed =
            Some(crate::domain::intake::Reasoned { on: date("2026-03-10"), reason: "Færdigbehandlet".into() });
        assert_eq!(
            parse_ending(&input("17.03.2026"), &ended, None, today).unwrap_err(),
            vec![(EndingField::Date, EndingProblem::CourseClosed { on: date("2026-03-10") })]
        );
    }
}

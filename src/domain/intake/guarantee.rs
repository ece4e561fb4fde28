//! The 14-day treatment guarantee and the doctor's consultation deadline,
//! computed from a case, the profile and the day (domain.md 1).

use chrono::NaiveDate;

use super::{Case, Reasoned};
use crate::domain::dates;
use crate::domain::policy::{ClockStart, DoctorRule, IntakePolicy};

/// Where a case stands against the guarantee on a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guarantee {
    /// A relative's or a professional's contact, §101a, or a young person
    /// referred elsewhere: there is no guarantee to keep.
    NotApplicable,
    /// Free choice of another provider (§101 stk. 6).
    Waived(Reasoned),
    /// The profile counts from consent, and the citizen has not yet shown up
    /// and agreed (Rødovre).
    AwaitingClockStart,
    /// Treatment has not started; `days_left` is negative when overdue.
    Running {
        clock_start: NaiveDate,
        deadline: NaiveDate,
        days_left: i64,
        /// A special assessment: the deadline stands, but is marked.
        special: Option<Reasoned>,
        /// The centre's own aim for the start (Rødovre: the day after).
        aim: Option<NaiveDate>,
    },
    /// Treatment started on or before the deadline.
    Kept { deadline: NaiveDate, started_on: NaiveDate },
    /// Treatment started after the deadline.
    Missed { deadline: NaiveDate, started_on: NaiveDate, days_late: i64 },
    /// The contact was closed before treatment started.
    Closed,
}

impl Guarantee {
    /// The deadline while it still matters to the queue.
    pub fn running_deadline(&self) -> Option<(NaiveDate, i64)> {
        match self {
            Guarantee::Running { deadline, days_left, .. } => Some((*deadline, *days_left)),
            _ => None,
        }
    }
}

/// The guarantee for `case` as it stands on `today`.
///
/// The deadline is the clock's start plus the profile's days; treatment
/// started on the deadline day is in time.
pub fn guarantee(case: &Case, policy: &IntakePolicy, today: NaiveDate) -> Guarantee {
    let p = &case.progress;
    if !case.kind.carries_guarantee() || case.referred_young {
        return Guarantee::NotApplicable;
    }
    if let Some(waiver) = &p.free_choice {
        return Guarantee::Waived(waiver.clone());
    }
    let clock_start = match policy.clock_starts {
        ClockStart::FirstContact => Some(case.contact_date()),
        ClockStart::Consent => p.consent_on,
    };
    let deadline = clock_start.map(|start| dates::add_days(start, i64::from(policy.guarantee_days)));
    match (p.treatment_started_on, deadline, clock_start) {
        (Some(started_on), Some(deadline), _) => {
            let late = dates::days_between(deadline, started_on);
            if late > 0 {
                Guarantee::Missed { deadline, started_on, days_late: late }
            } else {
                Guarantee::Kept { deadline, started_on }
            }
        }
        // Started with no clock: consent and start were the same step.
        (Some(started_on), None, _) => Guarantee::Kept { deadline: started_on, started_on },
        (None, _, _) if p.closed.is_some() => Guarantee::Closed,
        (None, Some(deadline), Some(clock_start)) => Guarantee::Running {
            clock_start,
            deadline,
            days_left: dates::days_between(today, deadline),
            special: p.special_assessment.clone(),
            aim: policy.aim_start_within_days.map(|days| dates::add_days(clock_start, i64::from(days))),
        },
        (None, _, _) => Guarantee::AwaitingClockStart,
    }
}

/// Where a case stands with the doctor's consultation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DoctorStatus {
    /// The profile tracks no deadline, or the case has none.
    NotTracked,
    /// Must be offered (or, when wanted, held) by `deadline`.
    Due { deadline: NaiveDate, days_left: i64, offered: bool },
    /// Offered and declined, or held: nothing more to do.
    Done,
    /// The deadline is not known yet (Rødovre before consent).
    Pending,
}

/// The doctor's consultation for `case` on `today` under the profile's rule.
pub fn doctor_status(case: &Case, policy: &IntakePolicy, today: NaiveDate) -> DoctorStatus {
    let p = &case.progress;
    if !case.kind.carries_guarantee()
        || case.referred_young
        || p.free_choice.is_some()
        || (p.closed.is_some() && p.treatment_started_on.is_none())
    {
        return DoctorStatus::NotTracked;
    }
    if p.doctor_held_on.is_some() || (p.doctor_offered_on.is_some() && p.doctor_wanted == Some(false)) {
        return DoctorStatus::Done;
    }
    let deadline = match policy.doctor {
        DoctorRule::None => return DoctorStatus::NotTracked,
        DoctorRule::WithinDays { days } => Some(dates::add_days(case.contact_date(), i64::from(days))),
        // Before treatment, or at enrolment: due by the treatment start, or
        // while treatment has not started, by the guarantee's deadline.
        DoctorRule::BeforeTreatment | DoctorRule::AtEnrolment => match p.treatment_started_on {
            Some(started) => Some(started),
            None => guarantee(case, policy, today).running_deadline().map(|(d, _)| d),
        },
    };
    match deadline {
        Some(deadline) => DoctorStatus::Due {
            deadline,
            days_left: dates::days_between(today, deadline),
            offered: p.doctor_offered_on.is_some(),
        },
        None => DoctorStatus::Pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::ContactKind;
    use crate::domain::intake::test_support::{case_on, date};
    use crate::domain::policy::Profile;

    fn intake(profile: &str) -> IntakePolicy {
        Profile::built_in(profile).unwrap().intake
    }

    #[test]
    fn the_deadline_is_the_first_contact_plus_14_calendar_days_in_every_first_contact_profile() {
        let case = case_on("2026-03-10");
        for profile in ["national", "faxe", "nyborg", "randers"] {
            let g = guarantee(&case, &intake(profile), date("2026-03-10"));
            assert_eq!(
                g,
                Guarantee::Running {
                    clock_start: date("2026-03-10"),
                    deadline: date("2026-03-24"),
                    days_left: 14,
                    special: None,
                    aim: None
                },
                "{profile}"
            );
        }
    }

    #[test]
    fn days_left_counts_down_to_zero_on_the_deadline_and_below_after() {
        let case = case_on("2026-03-10");
        let policy = intake("national");
        let left = |d| guarantee(&case, &policy, date(d)).running_deadline().unwrap().1;
        assert_eq!(left("2026-03-23"), 1);
        assert_eq!(left("2026-03-24"), 0);
        assert_eq!(left("2026-03-25"), -1);
    }

    #[test]
    fn the_deadline_crosses_month_ends_leap_days_and_year_ends() {
        let policy = intake("national");
        for (contact, deadline) in [
            ("2028-02-20", "2028-03-05"), // across 29 Feb in a leap year
            ("2027-02-20", "2027-03-06"),
            ("2026-12-25", "2027-01-08"),
            ("2026-01-31", "2026-02-14"),
        ] {
            let g = guarantee(&case_on(contact), &policy, date(contact));
            assert_eq!(g.running_deadline().unwrap().0, date(deadline), "{contact}");
        }
    }

    #[test]
    fn treatment_started_on_the_deadline_day_is_in_time() {
        let mut case = case_on("2026-03-10");
        let policy = intake("national");
        case.progress.treatment_started_on = Some(date("2026-03-24"));
        assert_eq!(
            guarantee(&case, &policy, date("2026-04-01")),
            Guarantee::Kept { deadline: date("2026-03-24"), started_on: date("2026-03-24") }
        );
        case.progress.treatment_started_on = Some(date("2026-03-25"));
        assert_eq!(
            guarantee(&case, &policy, date("2026-04-01")),
            Guarantee::Missed { deadline: date("2026-03-24"), started_on: date("2026-03-25"), days_late: 1 }
        );
    }

    #[test]
    fn rodovre_counts_from_show_up_and_consent() {
        let mut case = case_on("2026-03-10");
        let policy = intake("rodovre");
        assert_eq!(guarantee(&case, &policy, date("2026-03-12")), Guarantee::AwaitingClockStart);
        case.progress.consent_on = Some(date("2026-03-13"));
        assert_eq!(
            guarantee(&case, &policy, date("2026-03-13")),
            Guarantee::Running {
                clock_start: date("2026-03-13"),
                deadline: date("2026-03-27"),
                days_left: 14,
                special: None,
                aim: Some(date("2026-03-14")),
            }
        );
    }

    #[test]
    fn free_choice_waives_the_guarantee() {
        let mut case = case_on("2026-03-10");
        let waiver = Reasoned { on: date("2026-03-11"), reason: "Privat tilbud".into() };
        case.progress.free_choice = Some(waiver.clone());
        assert_eq!(guarantee(&case, &intake("national"), date("2026-04-30")), Guarantee::Waived(waiver));
    }

    #[test]
    fn a_special_assessment_keeps_the_deadline_but_marks_it() {
        let mut case = case_on("2026-03-10");
        let reason = Reasoned { on: date("2026-03-12"), reason: "Psykiatrisk udredning".into() };
        case.progress.special_assessment = Some(reason.clone());
        match guarantee(&case, &intake("national"), date("2026-03-30")) {
            Guarantee::Running { deadline, days_left, special, .. } => {
                assert_eq!(deadline, date("2026-03-24"));
                assert_eq!(days_left, -6);
                assert_eq!(special, Some(reason));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn relatives_professionals_anonymous_and_referred_young_carry_no_guarantee() {
        let policy = intake("national");
        for kind in [ContactKind::Relative, ContactKind::Professional, ContactKind::Anonymous] {
            let mut case = case_on("2026-03-10");
            case.kind = kind;
            assert_eq!(guarantee(&case, &policy, date("2026-03-10")), Guarantee::NotApplicable, "{kind:?}");
        }
        let mut case = case_on("2026-03-10");
        case.kind = ContactKind::Young;
        case.referred_young = true;
        assert_eq!(guarantee(&case, &policy, date("2026-03-10")), Guarantee::NotApplicable);
    }

    #[test]
    fn a_closed_contact_leaves_the_guarantee() {
        let mut case = case_on("2026-03-10");
        case.progress.closed = Some(Reasoned { on: date("2026-03-11"), reason: "Ønskede ikke behandling".into() });
        assert_eq!(guarantee(&case, &intake("national"), date("2026-03-30")), Guarantee::Closed);
    }

    #[test]
    fn faxe_offers_the_doctor_within_14_days_of_the_first_contact() {
        let mut case = case_on("2026-03-10");
        let policy = intake("faxe");
        assert_eq!(
            doctor_status(&case, &policy, date("2026-03-20")),
            DoctorStatus::Due { deadline: date("2026-03-24"), days_left: 4, offered: false }
        );
        case.progress.doctor_offered_on = Some(date("2026-03-12"));
        case.progress.doctor_wanted = Some(true);
        assert_eq!(
            doctor_status(&case, &policy, date("2026-03-20")),
            DoctorStatus::Due { deadline: date("2026-03-24"), days_left: 4, offered: true }
        );
        case.progress.doctor_held_on = Some(date("2026-03-18"));
        assert_eq!(doctor_status(&case, &policy, date("2026-03-20")), DoctorStatus::Done);
    }

    #[test]
    fn a_declined_offer_is_done() {
        let mut case = case_on("2026-03-10");
        case.progress.doctor_offered_on = Some(date("2026-03-12"));
        case.progress.doctor_wanted = Some(false);
        assert_eq!(doctor_status(&case, &intake("faxe"), date("2026-03-20")), DoctorStatus::Done);
    }

    #[test]
    fn rodovre_offers_the_doctor_before_treatment_starts() {
        let mut case = case_on("2026-03-10");
        let policy = intake("rodovre");
        assert_eq!(doctor_status(&case, &policy, date("2026-03-10")), DoctorStatus::Pending);
        case.progress.consent_on = Some(date("2026-03-11"));
        assert_eq!(
            doctor_status(&case, &policy, date("2026-03-11")),
            DoctorStatus::Due { deadline: date("2026-03-25"), days_left: 14, offered: false }
        );
        case.progress.treatment_started_on = Some(date("2026-03-12"));
        assert_eq!(
            doctor_status(&case, &policy, date("2026-03-13")),
            DoctorStatus::Due { deadline: date("2026-03-12"), days_left: -1, offered: false }
        );
    }

    #[test]
    fn randers_offers_the_doctor_at_enrolment_and_the_national_default_tracks_nothing() {
        let mut case = case_on("2026-03-10");
        assert_eq!(doctor_status(&case, &intake("national"), date("2026-03-10")), DoctorStatus::NotTracked);
        assert_eq!(doctor_status(&case, &intake("nyborg"), date("2026-03-10")), DoctorStatus::NotTracked);
        case.progress.treatment_started_on = Some(date("2026-03-20"));
        assert_eq!(
            doctor_status(&case, &intake("randers"), date("2026-03-20")),
            DoctorStatus::Due { deadline: date("2026-03-20"), days_left: 0, offered: false }
        );
    }
}

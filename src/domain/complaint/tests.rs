use chrono::NaiveDate;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn stamp() -> Stamp {
    Stamp { by: "anna".into(), at: "2026-03-17T09:00:00Z".into() }
}

fn complaint(told: &str, received: &str) -> Complaint {
    Complaint {
        id: 1,
        case_id: 7,
        decision: Decision { what: "Afslag på døgnbehandling".into(), decided_on: d(told), told_on: d(told) },
        received_on: d(received),
        how: ComplaintHow::Written,
        helper: String::new(),
        registered: stamp(),
        reassessed: None,
        forwarded: None,
        result: None,
    }
}

#[test]
fn the_complaint_deadline_is_told_plus_the_profiles_weeks_and_its_last_day_is_in_time() {
    let told = d("2026-03-02");
    assert_eq!(complaint_deadline(told, 4), d("2026-03-30"));
    assert!(!is_late(told, d("2026-03-30"), 4), "received on the 28th day: in time");
    assert!(is_late(told, d("2026-03-31"), 4), "the 29th day: late");
    assert!(!is_late(told, told, 4), "the same day");
    assert_eq!(complaint_deadline(told, 8), d("2026-04-27"), "a profile's other weeks");
}

#[test]
fn deadlines_cross_month_ends_year_ends_and_leap_days_by_calendar_days() {
    // Into a leap February and out of it.
    assert_eq!(complaint_deadline(d("2028-02-01"), 4), d("2028-02-29"));
    assert_eq!(complaint_deadline(d("2028-02-02"), 4), d("2028-03-01"));
    assert_eq!(forwarding_deadline(d("2028-02-29")), d("2028-03-28"));
    // The same in a common year.
    assert_eq!(complaint_deadline(d("2027-02-01"), 4), d("2027-03-01"));
    assert_eq!(forwarding_deadline(d("2027-01-31")), d("2027-02-28"));
    // A 31-day month end and New Year.
    assert_eq!(forwarding_deadline(d("2026-01-31")), d("2026-02-28"));
    assert_eq!(forwarding_deadline(d("2026-12-15")), d("2027-01-12"));
    // Saturates rather than panics at the calendar's end.
    assert_eq!(forwarding_deadline(NaiveDate::MAX), NaiveDate::MAX);
}

#[test]
fn the_state_follows_the_steps_and_a_changed_decision_ends_the_complaint() {
    let mut c = complaint("2026-03-02", "2026-03-10");
    assert_eq!(c.state(), State::Received);
    assert!(c.is_open() && c.awaits_forwarding());
    apply_step(&mut c, &Step::Reassess { on: d("2026-03-12"), outcome: Reassessment::Upheld }, stamp());
    assert_eq!(c.state(), State::Upheld);
    assert!(c.awaits_forwarding());
    apply_step(&mut c, &Step::Forward { on: d("2026-03-20"), late_reason: None }, stamp());
    assert_eq!(c.state(), State::Forwarded);
    assert!(c.is_open() && !c.awaits_forwarding());
    apply_step(&mut c, &Step::Result { on: d("2026-06-01"), result: AppealResult::Returned }, stamp());
    assert_eq!(c.state(), State::Decided);
    assert!(!c.is_open());

    let mut changed = complaint("2026-03-02", "2026-03-10");
    apply_step(&mut changed, &Step::Reassess { on: d("2026-03-12"), outcome: Reassessment::Changed }, stamp());
    assert_eq!(changed.state(), State::ChangedByCentre);
    assert!(!changed.is_open() && !changed.awaits_forwarding());
}

#[test]
fn every_step_is_allowed_only_where_it_follows() {
    let on = d("2026-03-20");
    let steps = [
        Step::Reassess { on, outcome: Reassessment::Upheld },
        Step::Forward { on, late_reason: None },
        Step::Result { on, result: AppealResult::Upheld },
    ];
    let received = complaint("2026-03-02", "2026-03-10");
    let mut upheld = received.clone();
    apply_step(&mut upheld, &steps[0], stamp());
    let mut changed = received.clone();
    apply_step(&mut changed, &Step::Reassess { on, outcome: Reassessment::Changed }, stamp());
    let mut forwarded = upheld.clone();
    apply_step(&mut forwarded, &steps[1], stamp());
    let mut decided = forwarded.clone();
    apply_step(&mut decided, &steps[2], stamp());
    // (state, which step of `steps` may follow)
    let table = [(&received, Some(0)), (&upheld, Some(1)), (&forwarded, Some(2)), (&changed, None), (&decided, None)];
    for (c, allowed) in table {
        for (i, step) in steps.iter().enumerate() {
            let got = check_step(c, step, 4);
            if Some(i) == allowed {
                assert_eq!(got, Ok(()), "{:?} after {:?}", step.kind(), c.state());
            } else {
                assert_eq!(
                    got,
                    Err(StepProblem::NotNow { kind: step.kind(), state: c.state() }),
                    "{:?} after {:?}",
                    step.kind(),
                    c.state()
                );
            }
        }
    }
}

#[test]
fn a_step_may_not_lie_before_the_one_it_follows_but_may_be_the_same_day() {
    let c = complaint("2026-03-02", "2026-03-10");
    let early = Step::Reassess { on: d("2026-03-09"), outcome: Reassessment::Upheld };
    assert_eq!(check_step(&c, &early, 4), Err(StepProblem::Before { earlier: d("2026-03-10") }));
    let same = Step::Reassess { on: d("2026-03-10"), outcome: Reassessment::Upheld };
    assert_eq!(check_step(&c, &same, 4), Ok(()));
    let mut upheld = c.clone();
    apply_step(&mut upheld, &Step::Reassess { on: d("2026-03-15"), outcome: Reassessment::Upheld }, stamp());
    let forward = Step::Forward { on: d("2026-03-14"), late_reason: None };
    assert_eq!(check_step(&upheld, &forward, 4), Err(StepProblem::Before { earlier: d("2026-03-15") }));
}

#[test]
fn a_late_complaint_is_forwarded_only_with_its_reason_and_one_in_time_needs_none() {
    let mut late = complaint("2026-03-02", "2026-03-31");
    assert!(late.is_late(4));
    apply_step(&mut late, &Step::Reassess { on: d("2026-04-01"), outcome: Reassessment::Upheld }, stamp());
    let bare = Step::Forward { on: d("2026-04-02"), late_reason: None };
    assert_eq!(check_step(&late, &bare, 4), Err(StepProblem::LateReasonMissing { deadline: d("2026-03-30") }));
    let blank = Step::Forward { on: d("2026-04-02"), late_reason: Some("  ".into()) };
    assert_eq!(check_step(&late, &blank, 4), Err(StepProblem::LateReasonMissing { deadline: d("2026-03-30") }));
    let reasoned = Step::Forward { on: d("2026-04-02"), late_reason: Some("Indlagt i perioden".into()) };
    assert_eq!(check_step(&late, &reasoned, 4), Ok(()));
    // Under a profile with 8 weeks the same complaint is in time.
    assert_eq!(check_step(&late, &bare, 8), Ok(()));

    let mut in_time = complaint("2026-03-02", "2026-03-30");
    apply_step(&mut in_time, &Step::Reassess { on: d("2026-04-01"), outcome: Reassessment::Upheld }, stamp());
    assert_eq!(check_step(&in_time, &bare, 4), Ok(()));
}

#[test]
fn the_forwarding_urgency_marks_overdue_soon_and_nothing_once_forwarded_or_changed() {
    let c = complaint("2026-03-02", "2026-03-10"); // forward by 07.04.2026
    assert_eq!(c.forwarding_deadline(), d("2026-04-07"));
    assert_eq!(c.urgency(d("2026-03-30")), Urgency::Later);
    assert_eq!(c.urgency(d("2026-03-31")), Urgency::Soon, "7 days left");
    assert_eq!(c.urgency(d("2026-04-07")), Urgency::Soon, "the last day");
    assert_eq!(c.urgency(d("2026-04-08")), Urgency::Overdue);
    let mut forwarded = c.clone();
    apply_step(&mut forwarded, &Step::Reassess { on: d("2026-03-11"), outcome: Reassessment::Upheld }, stamp());
    assert_eq!(forwarded.urgency(d("2026-04-08")), Urgency::Overdue, "upheld and not forwarded");
    apply_step(&mut forwarded, &Step::Forward { on: d("2026-03-12"), late_reason: None }, stamp());
    assert_eq!(forwarded.urgency(d("2026-04-08")), Urgency::NotDue);
}

#[test]
fn the_list_puts_the_soonest_forwarding_deadline_first_and_those_with_ankestyrelsen_last() {
    let mut a = complaint("2026-03-02", "2026-03-20");
    a.id = 1;
    let mut b = complaint("2026-03-02", "2026-03-05");
    b.id = 2;
    let mut c = complaint("2026-03-02", "2026-03-01");
    c.id = 3;
    apply_step(&mut c, &Step::Reassess { on: d("2026-03-02"), outcome: Reassessment::Upheld }, stamp());
    apply_step(&mut c, &Step::Forward { on: d("2026-03-03"), late_reason: None }, stamp());
    let mut list = vec![a, c, b];
    sort_open(&mut list);
    assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), [2, 1, 3]);
}

fn new_input<'a>() -> NewComplaintInput<'a> {
    NewComplaintInput {
        health_care: false,
        what: "Afslag på døgnbehandling",
        decided_on: "01.03.2026",
        told_on: "02.03.2026",
        received_on: "10.03.2026",
        how: Some(ComplaintHow::Oral),
        helper: "Bo (rådgiver)",
    }
}

#[test]
fn a_new_complaint_is_read_with_every_date_in_order() {
    let today = d("2026-03-17");
    let c = parse_new(&new_input(), false, today).unwrap();
    assert_eq!(c.decision.told_on, d("2026-03-02"));
    assert_eq!(c.received_on, d("2026-03-10"));
    assert_eq!(c.how, ComplaintHow::Oral);
    assert_eq!(c.helper, "Bo (rådgiver)");

    let bad =
        NewComplaintInput { what: " ", told_on: "28.02.2026", received_on: "18.03.2026", how: None, ..new_input() };
    let problems = parse_new(&bad, false, today).unwrap_err();
    assert_eq!(
        problems,
        vec![
            (ComplaintField::Decision, ComplaintProblem::Required),
            (ComplaintField::ToldOn, ComplaintProblem::ToldBeforeDecision { decided_on: d("2026-03-01") }),
            (ComplaintField::ReceivedOn, ComplaintProblem::InFuture),
            (ComplaintField::How, ComplaintProblem::NotChosen),
        ]
    );
    let before = NewComplaintInput { received_on: "01.03.2026", ..new_input() };
    assert_eq!(
        parse_new(&before, false, today).unwrap_err(),
        vec![(ComplaintField::ReceivedOn, ComplaintProblem::ReceivedBeforeTold { told_on: d("2026-03-02") })]
    );
    let long = "x".repeat(crate::domain::limits::COMPLAINT_DECISION + 1);
    let too_long = NewComplaintInput { what: &long, helper: "a\u{1b}b", ..new_input() };
    assert_eq!(
        parse_new(&too_long, false, today).unwrap_err(),
        vec![
            (ComplaintField::Decision, ComplaintProblem::TooLong { max: crate::domain::limits::COMPLAINT_DECISION }),
            (ComplaintField::Helper, ComplaintProblem::ControlCharacters),
        ]
    );
}

#[test]
fn a_101a_case_and_a_health_care_complaint_are_refused_with_the_reason_before_anything_else() {
    let today = d("2026-03-17");
    assert_eq!(
        parse_new(&new_input(), true, today).unwrap_err(),
        vec![(ComplaintField::About, ComplaintProblem::Anonymous)]
    );
    let health = NewComplaintInput { health_care: true, what: "", ..new_input() };
    for anonymous in [false, true] {
        assert_eq!(
            parse_new(&health, anonymous, today).unwrap_err(),
            vec![(ComplaintField::About, ComplaintProblem::HealthCare)]
        );
    }
    assert_eq!(HEALTH_CARE_YEARS, (2, 5));
}

#[test]
fn a_steps_form_is_read_and_checked_against_the_complaint() {
    let today = d("2026-04-10");
    let late = complaint("2026-03-02", "2026-03-31");
    let reassess =
        StepInput { kind: StepKind::Reassess, date: "01.04.2026", reassessment: None, result: None, late_reason: "" };
    assert_eq!(
        parse_step(&reassess, &late, 4, today).unwrap_err(),
        vec![(ComplaintField::Reassessment, ComplaintProblem::NotChosen)]
    );
    let reassess = StepInput { reassessment: Some(Reassessment::Upheld), ..reassess };
    let step = parse_step(&reassess, &late, 4, today).unwrap();
    let mut upheld = late.clone();
    apply_step(&mut upheld, &step, stamp());

    let forward = StepInput { kind: StepKind::Forward, date: "02.04.2026", ..reassess };
    assert_eq!(
        parse_step(&forward, &upheld, 4, today).unwrap_err(),
        vec![(
            ComplaintField::LateReason,
            ComplaintProblem::Step(StepProblem::LateReasonMissing { deadline: d("2026-03-30") })
        )]
    );
    let forward = StepInput { late_reason: "  Borgeren var indlagt  ", ..forward };
    assert_eq!(
        parse_step(&forward, &upheld, 4, today),
        Ok(Step::Forward { on: d("2026-04-02"), late_reason: Some("Borgeren var indlagt".into()) })
    );
    let future = StepInput { date: "11.04.2026", ..forward };
    assert_eq!(
        parse_step(&future, &upheld, 4, today).unwrap_err(),
        vec![(ComplaintField::Date, ComplaintProblem::InFuture)]
    );
    let result_too_soon = StepInput { kind: StepKind::Result, result: Some(AppealResult::Dismissed), ..forward };
    assert_eq!(
        parse_step(&result_too_soon, &upheld, 4, today).unwrap_err(),
        vec![(
            ComplaintField::Date,
            ComplaintProblem::Step(StepProblem::NotNow { kind: StepKind::Result, state: State::Upheld })
        )]
    );
}

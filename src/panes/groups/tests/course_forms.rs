//! The forms of the course list and the course view: a new MOVE course, an
//! individual session, a corrected attendance, a card handed out, the
//! follow-up phase, the end of a course, and a flagged card resolved.

use super::{Centre, TODAY, day};
use crate::app::Action;
use crate::domain::group::course::{CardStatus, CourseField, SessionSource};
use crate::domain::group::groups::GroupProblem;
use crate::domain::group::ledger::{CardState, LedgerEntryKind};
use crate::domain::group::move_cards::Attendance;
use crate::text::groups::group_problem;

/// The stored attendance `id` of the course of `case_id`.
fn attendance(c: &mut Centre, course_id: i64, id: i64) -> Option<Attendance> {
    let data = c.store().move_course_data(course_id).unwrap();
    data.sessions.iter().find(|s| s.attendance_id == Some(id)).and_then(|s| s.attendance)
}

#[test]
fn a_new_course_is_written_and_selected_on_the_course_list() {
    let mut c = Centre::new();
    c.press(Action::ShowCourses);
    c.press(Action::NewCourse);
    c.fill(CourseField::Case, "5");
    assert_eq!(c.saves(), "MOVE-forløb for sag 5 er oprettet (screening 16.03.2026).");
    let course = c.store().open_move_course_of(5).unwrap().expect("the course is in the file");
    assert_eq!(course.screening_on, day(TODAY));
    let list = &c.pane().courses;
    assert_eq!(list.selected_line().unwrap().course.id, course.id, "the new course is selected");
}

#[test]
fn a_second_open_course_is_refused_at_the_case() {
    let mut c = Centre::new();
    c.press(Action::ShowCourses);
    c.press(Action::NewCourse);
    c.fill(CourseField::Case, "1");
    assert_eq!(c.refused_at(CourseField::Case), group_problem(&GroupProblem::CourseAlreadyOpen));
    assert!(c.store().open_move_course_of(1).unwrap().is_some_and(|course| course.id == 1));
}

#[test]
fn an_individual_session_is_written_on_the_course() {
    let mut c = Centre::new();
    c.open_course_of(2);
    c.press(Action::IndividualSession);
    c.choose(CourseField::Attendance, 1);
    assert_eq!(c.saves(), "Individuel session 16.03.2026 (afbud) er registreret.");
    let data = c.store().move_course_data(2).unwrap();
    let individual = data.sessions.iter().find(|s| s.source == SessionSource::Individual).expect("in the file");
    assert_eq!((individual.date, individual.attendance), (day(TODAY), Some(Attendance::Cancelled)));
    assert!(c.course().data.sessions.iter().any(|s| s.source == SessionSource::Individual), "the view is read again");
}

#[test]
fn an_individual_session_before_the_screening_is_refused_at_the_date() {
    let mut c = Centre::new();
    c.open_course_of(2);
    c.press(Action::IndividualSession);
    c.fill(CourseField::Date, "01.02.2026");
    assert_eq!(c.refused_at(CourseField::Date), group_problem(&GroupProblem::Before { earlier: day("05.02.2026") }));
    let data = c.store().move_course_data(2).unwrap();
    assert!(data.sessions.iter().all(|s| s.source != SessionSource::Individual));
}

#[test]
fn a_corrected_attendance_is_written_and_flags_the_card_it_no_longer_earns() {
    let mut c = Centre::new();
    c.open_course_of(2);
    c.select_row(|r| r.session.date == day("02.03.2026"));
    c.press(Action::CorrectAttendance);
    c.choose(CourseField::Attendance, 2);
    let said = c.saves();
    assert_eq!(said, "Rettet: mødt → udeblevet. 1 udleveret kort er ikke længere optjent: afklares (r).");
    assert_eq!(attendance(&mut c, 2, 8), Some(Attendance::NoShow));
    let flagged: Vec<_> = c.course().cards.rows_with(CardStatus::ToResolve).map(|(_, r)| r.session.date).collect();
    assert_eq!(flagged, vec![day("09.03.2026")]);
    assert_eq!(c.pane().cards.to_resolve, 1, "the figures over the lists follow");
}

#[test]
fn a_correction_to_the_same_mark_is_refused_at_the_attendance() {
    let mut c = Centre::new();
    c.open_course_of(2);
    c.select_row(|r| r.session.date == day("02.03.2026"));
    c.press(Action::CorrectAttendance);
    assert_eq!(c.refused_at(CourseField::Attendance), group_problem(&GroupProblem::SameAttendance));
    assert_eq!(attendance(&mut c, 2, 8), Some(Attendance::Attended));
}

/// Ida's course with a second card earned and not handed out: her
/// individual session today pairs with her attendance of 23 February.
fn card_owed() -> Centre {
    let mut c = Centre::new();
    c.store().record_individual_session(1, day(TODAY), Attendance::Attended).unwrap();
    c.open_course_of(1);
    c.select_row(|r| r.status == CardStatus::NotHandedOut);
    c
}

#[test]
fn a_card_handed_out_from_the_course_is_written_to_the_ledger() {
    let mut c = card_owed();
    c.press(Action::HandOutCard);
    c.fill(CourseField::Serial, "MOVE-0004");
    assert_eq!(c.saves(), "Gavekort MOVE-0004 er udleveret.");
    let ledger = c.store().ledger().unwrap();
    assert!(matches!(ledger.card_state("MOVE-0004"), CardState::HandedOut { citizen_ref, .. } if citizen_ref == "1"));
    assert!(c.course().cards.is_settled(), "the view is read again");
}

#[test]
fn a_card_not_in_stock_is_refused_at_the_serial() {
    let mut c = card_owed();
    c.press(Action::HandOutCard);
    c.fill(CourseField::Serial, "MOVE-0001");
    assert!(c.refused_at(CourseField::Serial).starts_with("Kort MOVE-0001 er ikke på lager"));
    assert_eq!(c.store().ledger().unwrap().len(), 13);
}

#[test]
fn the_follow_up_phase_is_written_from_its_day() {
    let mut c = Centre::new();
    c.open_course_of(2);
    c.press(Action::StartFollowUp);
    assert_eq!(c.saves(), "Opfølgningsfasen starter 16.03.2026: ingen gavekort fra den dag.");
    assert_eq!(c.store().move_course_data(2).unwrap().course.follow_up_from, Some(day(TODAY)));
}

#[test]
fn a_follow_up_phase_that_would_take_an_earned_card_is_refused_at_the_date() {
    let mut c = Centre::new();
    c.open_course_of(2);
    c.press(Action::StartFollowUp);
    c.fill(CourseField::Date, "01.03.2026");
    assert_eq!(c.refused_at(CourseField::Date), group_problem(&GroupProblem::CardsAfter { date: day("09.03.2026") }));
    assert_eq!(c.store().move_course_data(2).unwrap().course.follow_up_from, None);
}

#[test]
fn an_ended_course_is_written_with_its_reason() {
    let mut c = Centre::new();
    c.open_course_of(2);
    c.press(Action::EndCourse);
    c.fill(CourseField::Reason, "Forløbet er gennemført");
    assert_eq!(c.saves(), "Forløbet er afsluttet.");
    let ended = c.store().move_course_data(2).unwrap().course.ended.expect("ended in the file");
    assert_eq!((ended.on, ended.reason.as_str()), (day(TODAY), "Forløbet er gennemført"));
}

#[test]
fn ending_a_course_without_a_reason_is_refused_at_the_reason() {
    let mut c = Centre::new();
    c.open_course_of(2);
    c.press(Action::EndCourse);
    assert_eq!(c.refused_at(CourseField::Reason), group_problem(&GroupProblem::Required));
    assert!(c.store().move_course_data(2).unwrap().course.ended.is_none());
}

/// Ole's course with the card of 9 March flagged: his attendance of 2 March
/// is corrected to a no-show, so that session no longer completes a pair.
fn card_flagged() -> Centre {
    let mut c = Centre::new();
    c.store().correct_attendance(8, Attendance::NoShow).unwrap();
    c.open_course_of(2);
    c.select_row(|r| r.status == CardStatus::ToResolve);
    c
}

#[test]
fn a_resolved_card_is_corrected_in_the_ledger_and_back_in_stock() {
    let mut c = card_flagged();
    c.press(Action::ResolveCard);
    c.fill(CourseField::Reason, "Kortet lå stadig i skuffen");
    assert_eq!(c.saves(), "Kort MOVE-0003 er afklaret: kortet er kommet retur (tilbage på lager).");
    let ledger = c.store().ledger().unwrap();
    assert!(matches!(ledger.entries().last().unwrap().kind, LedgerEntryKind::Correction { corrects_entry: 13, .. }));
    assert!(matches!(ledger.card_state("MOVE-0003"), CardState::OnHand { .. }));
    assert!(c.course().cards.is_settled(), "the view is read again");
}

#[test]
fn resolving_a_card_without_a_reason_is_refused_at_the_reason() {
    let mut c = card_flagged();
    c.press(Action::ResolveCard);
    assert_eq!(c.refused_at(CourseField::Reason), group_problem(&GroupProblem::Required));
    assert_eq!(c.store().ledger().unwrap().len(), 13);
}

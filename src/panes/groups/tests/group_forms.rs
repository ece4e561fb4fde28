//! The forms of the group list and the group view: a new group, planning,
//! cancelling and moving sessions, adding and removing members.

use chrono::Weekday;

use super::{Centre, TODAY, day};
use crate::app::Action;
use crate::domain::group::groups::{GroupField, GroupKind, GroupProblem, MemberField, SessionField};
use crate::text::groups::group_problem;

#[test]
fn a_new_group_is_written_and_selected_on_the_list() {
    let mut c = Centre::new();
    c.press(Action::NewGroup);
    c.fill(GroupField::Name, "Tilbagefald torsdag");
    c.choose(GroupField::Kind, 1);
    c.choose(GroupField::Weekday, 3);
    c.fill(GroupField::Time, "13:30");
    c.fill(GroupField::Place, "Lokale 1");
    let said = c.saves();
    assert!(said.starts_with("Gruppen Tilbagefald torsdag er oprettet."), "{said}");
    let groups = c.store().group_list(day(TODAY)).unwrap();
    let made = groups.iter().find(|l| l.group.name == "Tilbagefald torsdag").expect("the group is in the file");
    assert_eq!(made.group.kind, GroupKind::RelapsePrevention);
    assert_eq!(made.group.schedule.weekday, Weekday::Thu);
    assert_eq!(made.group.schedule.place, "Lokale 1");
    assert_eq!(made.group.schedule.counsellors, vec!["anna".to_string()]);
    assert_eq!(c.pane().list.selected_line().unwrap().group.id, made.group.id, "the new group is selected");
}

#[test]
fn a_new_group_with_a_name_in_use_is_refused_at_the_name() {
    let mut c = Centre::new();
    c.press(Action::NewGroup);
    c.fill(GroupField::Name, "move mandag");
    c.fill(GroupField::Place, "Lokale 1");
    assert_eq!(c.refused_at(GroupField::Name), group_problem(&GroupProblem::NameTaken));
    assert_eq!(c.store().group_list(day(TODAY)).unwrap().len(), 2);
}

#[test]
fn planned_sessions_are_written_weekly_skipping_holidays() {
    let mut c = Centre::new();
    c.open_move_group();
    c.press(Action::PlanSessions);
    c.fill(SessionField::Date, "01.04.2026");
    c.fill(SessionField::Count, "4");
    // Easter Monday (6 April) closes the centre: the series starts a week later.
    assert_eq!(c.saves(), "4 mødegange planlagt, 13.04.2026 til 04.05.2026.");
    let dates = c.store().session_dates(1).unwrap();
    assert_eq!(dates.len(), 11);
    for d in ["13.04.2026", "20.04.2026", "27.04.2026", "04.05.2026"] {
        assert!(dates.contains(&day(d)), "{d}");
    }
    assert!(!dates.contains(&day("06.04.2026")));
    assert_eq!(c.group().detail.sessions.len(), 11, "the view is read again");
}

#[test]
fn planning_no_sessions_is_refused_at_the_count() {
    let mut c = Centre::new();
    c.open_move_group();
    c.press(Action::PlanSessions);
    c.fill(SessionField::Count, "0");
    assert!(c.refused_at(SessionField::Count).contains("52"));
    assert_eq!(c.store().session_dates(1).unwrap().len(), 7);
}

#[test]
fn a_cancelled_session_is_written_with_its_reason() {
    let mut c = Centre::new();
    c.open_move_group();
    c.select_session("23.03.2026");
    c.press(Action::CancelSession);
    c.fill(SessionField::Reason, "Rådgiveren er syg");
    assert_eq!(c.saves(), "Mødegangen 23.03.2026 er aflyst.");
    let session = c.store().session(7).unwrap();
    let cancelled = session.cancelled.expect("cancelled in the file");
    assert_eq!((cancelled.on, cancelled.reason.as_str()), (day(TODAY), "Rådgiveren er syg"));
}

#[test]
fn cancelling_a_held_session_is_refused_and_said_on_the_form() {
    let mut c = Centre::new();
    c.open_move_group();
    c.select_session("09.03.2026");
    c.press(Action::CancelSession);
    c.fill(SessionField::Reason, "For sent");
    // The problem is the session's, and the form has only the reason:
    // it is said there rather than lost.
    assert_eq!(c.refused_at(SessionField::Reason), group_problem(&GroupProblem::SessionHeld));
    assert!(c.store().session(5).unwrap().cancelled.is_none());
}

#[test]
fn a_moved_session_is_written_and_stays_selected() {
    let mut c = Centre::new();
    c.open_move_group();
    c.select_session("23.03.2026");
    c.press(Action::MoveSession);
    c.fill(SessionField::Date, "24.03.2026");
    c.fill(SessionField::Time, "12:00");
    c.fill(SessionField::Reason, "Lokalet er optaget");
    assert_eq!(c.saves(), "Mødegangen er flyttet fra 23.03.2026 til 24.03.2026.");
    let session = c.store().session(7).unwrap();
    assert_eq!(session.date, day("24.03.2026"));
    assert_eq!(session.time.format("%H:%M").to_string(), "12:00");
    let moved = session.moved.expect("the move is kept");
    assert_eq!((moved.from, moved.reason.as_str()), (day("23.03.2026"), "Lokalet er optaget"));
    let group = c.group();
    assert_eq!(group.selected_session().unwrap().session.id, 7);
}

#[test]
fn moving_a_session_onto_another_is_refused_at_the_date() {
    let mut c = Centre::new();
    c.open_move_group();
    c.select_session("23.03.2026");
    c.press(Action::MoveSession);
    c.fill(SessionField::Date, TODAY);
    c.fill(SessionField::Reason, "Samles");
    assert_eq!(c.refused_at(SessionField::Date), group_problem(&GroupProblem::SessionOnDate { date: day(TODAY) }));
    assert_eq!(c.store().session(7).unwrap().date, day("23.03.2026"));
}

#[test]
fn an_added_member_is_written_from_the_day() {
    let mut c = Centre::new();
    c.open_move_group();
    c.press(Action::AddMember);
    c.fill(MemberField::Case, "5");
    assert_eq!(c.saves(), "Bo Eksempelsen (sag 5) er med i MOVE mandag fra 16.03.2026.");
    let members = c.store().group_members(1).unwrap();
    let bo = members.iter().find(|m| m.case_id == 5).expect("a member in the file");
    assert_eq!((bo.joined_on, bo.left_on), (day(TODAY), None));
    assert!(c.group().detail.members.iter().any(|m| m.member.case_id == 5), "the view is read again");
}

#[test]
fn an_anonymous_case_in_a_named_group_is_refused_at_the_case() {
    let mut c = Centre::new();
    c.open_move_group();
    c.press(Action::AddMember);
    c.fill(MemberField::Case, "3");
    assert_eq!(c.refused_at(MemberField::Case), group_problem(&GroupProblem::AnonymousCaseInNamedGroup));
    assert_eq!(c.store().group_members(1).unwrap().len(), 2);
}

#[test]
fn a_removed_member_leaves_on_the_day() {
    let mut c = Centre::new();
    c.open_move_group();
    c.press(Action::RemoveMember);
    c.fill(MemberField::Case, "2");
    assert_eq!(c.saves(), "Sag 2 er meldt ud af MOVE mandag den 16.03.2026.");
    let members = c.store().group_members(1).unwrap();
    let ole = members.iter().find(|m| m.case_id == 2).unwrap();
    assert_eq!(ole.left_on, Some(day(TODAY)));
}

#[test]
fn removing_a_case_that_is_no_member_is_refused_at_the_case() {
    let mut c = Centre::new();
    c.open_move_group();
    c.press(Action::RemoveMember);
    c.fill(MemberField::Case, "5");
    assert_eq!(c.refused_at(MemberField::Case), group_problem(&GroupProblem::NotMember));
    assert!(c.store().group_members(1).unwrap().iter().all(|m| m.left_on.is_none()));
}

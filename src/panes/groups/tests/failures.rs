//! A database that fails under the app, broken from a second connection to
//! its file: a failed write or a failed read the check needs is a failed
//! save ("Kunne ikke gemme; kladden er bevaret: databasefejl ..."), never a
//! problem at a field, and a list that cannot be read says so.

use super::{Centre, TODAY, day};
use crate::app::{Action, StatusKind};
use crate::domain::group::course::{CardStatus, CourseField};
use crate::domain::group::groups::MemberField;
use crate::domain::group::ledger::CardState;
use crate::domain::group::move_cards::Attendance;
use crate::text;

/// A trigger that fails every insert into `table`, as a full disk would.
fn fail_inserts_into(c: &Centre, table: &str) {
    let sql =
        format!("CREATE TRIGGER disk_full BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'disken er fuld'); END;");
    c.sql().execute_batch(&sql).unwrap();
}

impl Centre {
    /// Enter on the open form, whose save must fail: the draft is kept with
    /// no problem at any field, the banner and the status line say the save
    /// failed and why, and nothing is written. Returns the banner.
    fn save_fails(&mut self) -> String {
        let before = self.writes();
        let draft = self.form().fields.clone();
        self.press(Action::Submit);
        let form = self.app.form().expect("the form stays open");
        assert_eq!(form.fields, draft, "the draft is kept, with no problem at a field");
        let banner = form.banner.clone().expect("a banner");
        assert!(banner.starts_with(text::SAVE_FAILED), "{banner}");
        assert_eq!(self.status(), (StatusKind::Error, banner.clone()));
        assert_eq!(self.writes(), before, "nothing written");
        banner
    }
}

#[test]
fn a_write_the_database_fails_is_a_failed_save_not_a_problem_with_the_draft() {
    let mut c = Centre::new();
    c.open_move_group();
    c.press(Action::AddMember);
    c.fill(MemberField::Case, "5");
    fail_inserts_into(&c, "group_members");
    let said = c.save_fails();
    assert!(said.contains("databasefejl") && said.contains("disken er fuld"), "{said}");
    assert!(c.store().group_members(1).unwrap().iter().all(|m| m.case_id != 5));
}

#[test]
fn a_ledger_that_cannot_be_written_is_not_a_card_out_of_stock() {
    let mut c = Centre::new();
    c.store().record_individual_session(1, day(TODAY), Attendance::Attended).unwrap();
    c.open_course_of(1);
    c.select_row(|r| r.status == CardStatus::NotHandedOut);
    c.press(Action::HandOutCard);
    c.fill(CourseField::Serial, "MOVE-0004");
    fail_inserts_into(&c, "gift_card_ledger");
    let said = c.save_fails();
    assert!(said.contains("disken er fuld") && !said.contains("ikke på lager"), "{said}");
    assert!(matches!(c.store().ledger().unwrap().card_state("MOVE-0004"), CardState::OnHand { .. }));
}

#[test]
fn a_case_that_cannot_be_looked_up_is_not_a_case_that_does_not_exist() {
    let mut c = Centre::new();
    c.press(Action::ShowCourses);
    c.press(Action::NewCourse);
    c.fill(CourseField::Case, "5");
    c.sql().execute_batch("ALTER TABLE cases RENAME TO cases_elsewhere").unwrap();
    let said = c.save_fails();
    assert!(said.contains("databasefejl") && said.contains("cases"), "{said}");
    assert!(!said.contains("findes ikke"), "{said}");
}

#[test]
fn a_save_that_stands_is_said_even_when_the_screens_cannot_be_read_again() {
    let mut c = Centre::new();
    c.open_move_group();
    c.press(Action::AddMember);
    c.fill(MemberField::Case, "5");
    // The member is written with another group's session the group list
    // cannot read back (the pane no longer reads the ledger's rows, only
    // counts them, so a session stands in for the unreadable record).
    c.sql()
        .execute_batch(
            "CREATE TRIGGER garbage AFTER INSERT ON group_members BEGIN
                INSERT INTO group_sessions (group_id, on_date, time, place)
                VALUES (2, 'ikke en dato', '10:00', 'x');
             END;",
        )
        .unwrap();
    c.press(Action::Submit);
    assert!(c.app.form().is_none(), "saved: {:?}", c.app.shell.status);
    let (kind, said) = c.status();
    assert_eq!(kind, StatusKind::Error);
    assert!(said.starts_with("Bo Eksempelsen (sag 5) er med i MOVE mandag fra 16.03.2026. "), "{said}");
    assert!(said.contains(text::groups::GROUPS_NOT_LOADED), "{said}");
    assert!(c.store().group_members(1).unwrap().iter().any(|m| m.case_id == 5));
    assert!(c.group().detail.members.iter().any(|m| m.member.case_id == 5), "what could be read is shown");
}

#[test]
fn a_list_that_cannot_be_read_says_so_and_is_not_shown_empty() {
    let mut c = Centre::new();
    c.sql().execute_batch("ALTER TABLE treatment_groups RENAME TO groups_elsewhere").unwrap();
    c.press(Action::PaneIntake);
    c.press(Action::PaneGroups);
    let (kind, said) = c.status();
    assert_eq!(kind, StatusKind::Error);
    assert!(said.starts_with(text::groups::GROUPS_NOT_LOADED), "{said}");
    assert_eq!(c.pane().list.lines.len(), 2, "the list as last read");
}

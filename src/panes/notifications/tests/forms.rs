//! Every form of the pane: one save that the database shows, and one
//! refusal that keeps the draft and writes nothing.

use super::super::board::find_case::FindCaseField;
use super::super::notification::step::How;
use super::*;
use crate::app::StatusKind;
use crate::domain::intake::ChildrenAnswer;
use crate::domain::notification::{
    ChildField, ChildRelation, ConsiderationField, DraftField, Ground, Informed, State, TransitionField,
};
use crate::text;

/// The number of rows in a table, to see that a refusal wrote nothing.
fn rows(app: &App, table: &str) -> i64 {
    app.shell.store.sqlite().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn find_case_refuses_what_is_not_a_case_and_opens_the_childrens_view_of_one() {
    let mut app = app_as("anna");
    let looks = app.shell.store.audit_for("case", 19).unwrap().len();
    app.update(Action::Search);
    type_text(&mut app, "x");
    app.update(Action::Submit);
    assert_refused(&app);
    assert_eq!(error_at(&app, FindCaseField::Number).as_deref(), Some(text::notifications::NOT_A_CASE_NUMBER));
    assert_eq!(app.form().unwrap().text(FindCaseField::Number), "x", "the draft is kept");
    app.update(Action::Backspace);
    type_text(&mut app, "999");
    app.update(Action::Submit);
    assert_refused(&app);
    assert_eq!(error_at(&app, FindCaseField::Number), Some(text::notifications::no_such_case(999)));
    assert!(stack(&app).is_empty());
    assert_eq!(app.shell.store.audit_for("case", 19).unwrap().len(), looks);

    for _ in 0..3 {
        app.update(Action::Backspace);
    }
    type_text(&mut app, "#19");
    app.update(Action::Submit);
    assert!(app.form().is_none());
    assert_eq!(stack(&app), ["F19"]);
    let audit = app.shell.store.audit_for("case", 19).unwrap();
    assert_eq!(audit.len(), looks + 1, "the look at the case is audited");
    assert_eq!((audit[looks].action.as_str(), audit[looks].actor.as_str()), ("view", "anna"));
}

#[test]
fn a_new_draft_is_refused_at_its_fields_then_saved_with_a_pasted_description() {
    let mut app = app_as("bo");
    select_line(&mut app, 10, Some(5));
    app.update(Action::NewNotification);
    let before = rows(&app, "notifications");
    app.update(Action::Submit);
    assert_refused(&app);
    for field in [DraftField::Grounds, DraftField::Children, DraftField::Description] {
        assert!(error_at(&app, field).is_some(), "{field:?}");
    }
    assert_eq!(rows(&app, "notifications"), before, "nothing written");

    focus(&mut app, DraftField::Grounds);
    app.update(Action::Toggle);
    focus(&mut app, DraftField::Children);
    app.update(Action::Toggle);
    focus(&mut app, DraftField::Description);
    app.handle_paste("Sønnen kommer sulten i skole.\nHan sover i timerne.");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    assert_eq!(rows(&app, "notifications"), before + 1);
    let id = app.shell.store.notifications_of_case(10).unwrap().iter().map(|n| n.id).max().unwrap();
    let n = app.shell.store.notification(id).unwrap();
    assert_eq!(n.content.grounds, [Ground::SpecialSupport]);
    assert_eq!(n.content.children, [6]);
    // The description keeps the pasted lines.
    assert_eq!(n.content.description, "Sønnen kommer sulten i skole.\nHan sover i timerne.");
    assert_eq!((n.state(), n.drafted.stamp.by.as_str()), (State::Drafted, "bo"));
    assert_eq!(stack(&app), [format!("N{id}")]);
    assert_eq!(app.shell.status.as_ref().unwrap().text, text::notifications::draft_saved(id));
}

#[test]
fn a_draft_is_edited_in_place_and_a_bad_date_changes_nothing() {
    let mut app = app_as("bo");
    open_notification(&mut app, 10, 5);
    let before = app.shell.store.notification(5).unwrap();
    app.update(Action::NotifyEdit);
    focus(&mut app, DraftField::Date);
    let day = app.form().unwrap().text(DraftField::Date);
    for _ in 0..10 {
        app.update(Action::Backspace);
    }
    type_text(&mut app, "32.13.2026");
    app.update(Action::Submit);
    assert_refused(&app);
    assert!(error_at(&app, DraftField::Date).is_some());
    assert_eq!(app.form().unwrap().text(DraftField::Date), "32.13.2026");
    assert_eq!(app.shell.store.notification(5).unwrap(), before);

    for _ in 0..10 {
        app.update(Action::Backspace);
    }
    type_text(&mut app, &day);
    focus(&mut app, DraftField::Description);
    app.update(Action::End);
    type_text(&mut app, " Mere.");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    let after = app.shell.store.notification(5).unwrap();
    assert_eq!(after.content.description, format!("{} Mere.", before.content.description));
    assert_eq!(after.drafted.on, before.drafted.on);
    assert_eq!(stack(&app), ["N5"], "the same notification, not a second copy");
    assert_eq!(app.shell.status.as_ref().unwrap().text, text::notifications::draft_edited(5));
}

#[test]
fn a_step_is_refused_before_its_turn_and_not_told_needs_its_reason() {
    let mut app = app_as("bo");
    open_notification(&mut app, 10, 5);
    app.update(Action::NotifySend);
    app.update(Action::Submit);
    assert_refused(&app);
    assert_eq!(app.shell.store.notification(5).unwrap().state(), State::Drafted);
    app.update(Action::Cancel);

    app.update(Action::NotifyInform);
    fn hidden(app: &App, field: impl FieldName) -> bool {
        app.form().unwrap().field(field).unwrap().hidden
    }
    assert!(!hidden(&app, How) && hidden(&app, TransitionField::Text));
    // Not told: how is not asked, the reason is.
    focus(&mut app, TransitionField::Told);
    app.update(Action::Right);
    assert!(hidden(&app, How) && !hidden(&app, TransitionField::Text));
    app.update(Action::Submit);
    assert_refused(&app);
    assert!(error_at(&app, TransitionField::Text).is_some());
    assert_eq!(app.shell.store.notification(5).unwrap().state(), State::Drafted);

    focus(&mut app, TransitionField::Text);
    type_text(&mut app, "Samleveren er voldelig");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    let n = app.shell.store.notification(5).unwrap();
    let informed = n.informed.unwrap();
    assert_eq!(informed.informed, Informed::NotTold { reason: "Samleveren er voldelig".into() });
    assert_eq!((informed.on, informed.stamp.by.as_str()), (app.shell.today, "bo"));
    let NotesScreen::Notification(view) = top(&app).unwrap() else { panic!() };
    assert_eq!(view.notification.state(), State::Informed, "the view shows what was saved");
}

#[test]
fn a_child_is_added_after_a_year_that_makes_it_an_adult_is_refused() {
    let mut app = app_as("bo");
    open_family(&mut app, 20);
    app.update(Action::ChildAdd);
    focus(&mut app, ChildField::Year);
    type_text(&mut app, "2001");
    app.update(Action::Submit);
    assert_refused(&app);
    assert!(error_at(&app, ChildField::Year).unwrap().contains("2001"));
    assert!(app.shell.store.children_of(20).unwrap().is_empty());

    for _ in 0..4 {
        app.update(Action::Backspace);
    }
    type_text(&mut app, "2017");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    let children = app.shell.store.children_of(20).unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!((children[0].birth_year, children[0].relation), (2017, ChildRelation::LivesAtHome));
    assert_eq!(children[0].stamp.by, "bo");
    let NotesScreen::Family(view) = top(&app).unwrap() else { panic!() };
    assert_eq!(view.selected_child().map(|c| c.id), Some(children[0].id));
}

#[test]
fn a_child_is_changed_and_another_ended_and_an_empty_change_or_reason_is_refused() {
    let mut app = app_as("bo");
    open_family(&mut app, 10);
    let first = app.shell.store.children_of(10).unwrap()[0].clone();
    app.update(Action::ChildChange);
    app.update(Action::Submit);
    assert_refused(&app);
    assert!(error_at(&app, ChildField::Relation).is_some(), "nothing changed");
    assert_eq!(app.shell.store.children_of(10).unwrap()[0], first);
    focus(&mut app, ChildField::Relation);
    app.update(Action::Right);
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    assert_eq!(app.shell.store.load_child(first.id).unwrap().relation, ChildRelation::SharedCustody);

    app.update(Action::Down);
    let NotesScreen::Family(view) = top(&app).unwrap() else { panic!() };
    let second = view.selected_child().unwrap().id;
    assert_ne!(second, first.id);
    app.update(Action::ChildEnd);
    app.update(Action::Submit);
    assert_refused(&app);
    assert!(error_at(&app, ChildField::Reason).is_some());
    assert!(app.shell.store.load_child(second).unwrap().ended.is_none());
    focus(&mut app, ChildField::Reason);
    type_text(&mut app, "Flyttet til sin far");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    let ended = app.shell.store.load_child(second).unwrap().ended.unwrap();
    assert_eq!((ended.on, ended.reason.as_str()), (app.shell.today, "Flyttet til sin far"));
}

#[test]
fn a_consideration_needs_its_note_and_a_pasted_note_is_saved() {
    let mut app = app_as("bo");
    open_family(&mut app, 20);
    app.update(Action::RecordConsideration);
    app.update(Action::Submit);
    assert_refused(&app);
    assert!(error_at(&app, ConsiderationField::Note).is_some());
    assert!(app.shell.store.considerations_of(20).unwrap().is_empty());

    focus(&mut app, ConsiderationField::Note);
    app.handle_paste("Talt med far.\r\nDatteren trives i skolen.");
    assert_eq!(app.form().unwrap().text(ConsiderationField::Note), "Talt med far.\nDatteren trives i skolen.");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    let saved = app.shell.store.considerations_of(20).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].note, "Talt med far.\nDatteren trives i skolen.");
    assert_eq!((saved[0].on, saved[0].stamp.by.as_str()), (app.shell.today, "bo"));
    assert!(screen(&app).contains("Seneste overvejelse: 17.03.2026 (bo)"), "{}", screen(&app));
}

#[test]
fn the_children_question_is_answered_and_no_children_is_refused_beside_a_recorded_child() {
    let mut app = app_as("bo");
    open_family(&mut app, 19);
    app.update(Action::AnswerChildren);
    app.update(Action::Left);
    app.update(Action::Submit);
    assert_refused(&app);
    assert!(error_at(&app, ChildField::Answer).is_some());
    assert_eq!(app.shell.store.load_case(19).unwrap().children, ChildrenAnswer::HasChildren);
    app.update(Action::Cancel);
    app.update(Action::Close);

    open_family(&mut app, 9);
    app.update(Action::AnswerChildren);
    app.update(Action::Left);
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    assert_eq!(app.shell.store.load_case(9).unwrap().children, ChildrenAnswer::NoChildren);
    assert_eq!(
        app.shell.status.as_ref().unwrap().text,
        text::notifications::answer_saved(9, ChildrenAnswer::NoChildren)
    );
}

#[test]
fn a_store_error_is_said_in_the_banner_never_at_a_field_and_a_failed_load_on_the_status_line() {
    let mut app = app_as("bo");
    open_family(&mut app, 20);
    app.update(Action::RecordConsideration);
    focus(&mut app, ConsiderationField::Note);
    type_text(&mut app, "Talt med far.");
    app.shell.store.sqlite().execute_batch("DROP TABLE child_considerations").unwrap();
    app.update(Action::Submit);
    let form = app.form().expect("the draft is kept");
    assert!(!form.has_errors(), "a store error is not a field's: {:?}", form.fields);
    assert!(form.banner.as_deref().unwrap().starts_with(text::SAVE_FAILED), "{:?}", form.banner);
    assert_eq!(form.text(ConsiderationField::Note), "Talt med far.");
    assert_eq!(app.shell.status.as_ref().unwrap().kind, StatusKind::Error);

    // Closing the children reloads the board, which reads the
    // considerations: the failure is said, not an empty board shown. (The
    // typed draft asks before Esc discards it: Esc twice.)
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    app.update(Action::Close);
    let status = app.shell.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.starts_with(text::notifications::NOTES_LOAD_FAILED), "{status:?}");
}

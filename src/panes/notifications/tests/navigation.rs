//! One navigation model: screens pushed over the board, Close pops, and a
//! screen already on the stack is gone back to rather than stacked again.

use super::super::keys;
use super::*;
use crate::domain::notification::DraftField;

/// Whether `screen`'s keys are the live ones.
fn on(app: &App, screen: &crate::app::Screen) -> bool {
    app.screen().layers == screen.layers
}

/// Fills the open draft form with the first ground and child and a
/// description, and saves it; returns the new notification's id.
fn save_a_draft(app: &mut App) -> i64 {
    focus(app, DraftField::Grounds);
    app.update(Action::Toggle);
    focus(app, DraftField::Children);
    app.update(Action::Toggle);
    focus(app, DraftField::Description);
    type_text(app, "Sønnen kommer sulten i skole.");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    let NotesScreen::Notification(view) = top(app).unwrap() else { panic!("{}", screen(app)) };
    view.notification.id
}

#[test]
fn a_notification_drafted_from_a_cases_children_closes_back_to_them() {
    let mut app = app_as("bo");
    open_family(&mut app, 10);
    assert!(on(&app, &keys::FAMILY));
    app.update(Action::NewNotification);
    let id = save_a_draft(&mut app);
    assert_eq!(stack(&app), ["F10".to_string(), format!("N{id}")]);
    assert!(on(&app, &keys::NOTIFICATION));

    app.update(Action::Close);
    assert_eq!(stack(&app), ["F10"]);
    let NotesScreen::Family(view) = top(&app).unwrap() else { panic!() };
    assert!(view.notifications.iter().any(|n| n.id == id), "the children show the new notification");
    app.update(Action::Close);
    assert!(stack(&app).is_empty());
    assert!(on(&app, &keys::BOARD));
    assert!(pane(&app).entries.iter().any(|e| e.notification().is_some_and(|n| n.id == id)));
}

#[test]
fn a_cases_children_opened_from_a_notification_close_back_to_it_and_the_stack_never_loops() {
    let mut app = app_as("bo");
    open_notification(&mut app, 10, 5);
    app.update(Action::OpenFamily);
    assert_eq!(stack(&app), ["N5", "F10"]);
    app.update(Action::Close);
    assert_eq!(stack(&app), ["N5"]);

    // Notification → its children → a new notification → its children
    // again: back to the children already open, not a second copy.
    app.update(Action::OpenFamily);
    app.update(Action::NewNotification);
    let id = save_a_draft(&mut app);
    assert_eq!(stack(&app), ["N5".to_string(), "F10".into(), format!("N{id}")]);
    app.update(Action::OpenFamily);
    assert_eq!(stack(&app), ["N5", "F10"]);
}

#[test]
fn coming_back_to_the_pane_shows_the_board_afresh() {
    let mut app = app_as("bo");
    open_notification(&mut app, 10, 5);
    app.update(Action::OpenFamily);
    app.update(Action::PaneIntake);
    app.update(Action::PaneNotifications);
    assert!(stack(&app).is_empty());
    assert!(on(&app, &keys::BOARD));
}

#[test]
fn the_help_over_a_notification_shows_every_key_at_80x24() {
    let mut app = app_as("bo");
    open_notification(&mut app, 10, 5);
    app.update(Action::Help);
    let s = screen(&app);
    assert!(!s.contains("flere taster"), "{s}");
    for part in ["Kvittering modtaget", "Side ned"] {
        assert!(s.contains(part), "{part:?} missing:\n{s}");
    }
}

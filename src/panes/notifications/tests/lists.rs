//! The board's cursor and columns, and the views that scroll.

use ratatui::style::Color;

use super::*;
use crate::domain::notification::NewConsideration;

/// The rows of the screen that hold `needle`.
fn rows_with<'a>(s: &'a str, needle: &str) -> Vec<&'a str> {
    s.lines().filter(|l| l.contains(needle)).collect()
}

#[test]
fn moving_up_keeps_the_boards_offset_and_moves_the_highlight_up_the_screen() {
    let mut app = app_as("anna");
    // 80×11: three rows of the board show at once.
    resize(&mut app, 80, 11);
    let len = pane(&app).entries.len();
    assert_eq!(len, 7);
    app.update(Action::Bottom);
    assert_eq!((pane(&app).cursor.selected(), pane(&app).cursor.offset()), (6, 4));
    app.update(Action::Up);
    assert_eq!((pane(&app).cursor.selected(), pane(&app).cursor.offset()), (5, 4), "the offset stays");
    let s = text_of(&render(&app, 80, 11, Theme::plain()));
    let table: Vec<&str> = s.lines().skip(5).take(3).collect();
    assert!(table[0].starts_with("│  4 "), "{s}");
    assert!(table[1].starts_with("│› 5 "), "the highlight is in the middle:\n{s}");
    assert!(table[2].starts_with("│  14 "), "{s}");
    app.update(Action::Up);
    app.update(Action::Up);
    assert_eq!((pane(&app).cursor.selected(), pane(&app).cursor.offset()), (3, 3));
    // A page down moves the view a page and keeps the row's place on it.
    app.update(Action::PageDown);
    assert_eq!((pane(&app).cursor.selected(), pane(&app).cursor.offset()), (6, 4));
}

#[test]
fn the_boards_columns_give_the_markers_their_room_and_a_wide_screen_the_names() {
    let app = app_as("anna");
    let s = screen(&app);
    let janni = rows_with(&s, "Janni")[0];
    assert!(janni.contains("EJ ORIENTERET…"), "a whole marker, the ellipsis for the next: {janni}");
    assert!(rows_with(&s, "Peter Lund…").len() == 1, "{s}");
    let wide = text_of(&render(&app, 120, 30, Theme::plain()));
    assert!(rows_with(&wide, "Peter Lund Jeppesen").len() == 1, "{wide}");
    assert!(rows_with(&wide, "EJ ORIENTERET, RETTELSE").len() == 1, "{wide}");
}

/// The screens seen while paging a view down to its end.
fn page_through(app: &mut App) -> Vec<String> {
    app.update(Action::Top);
    let mut seen = vec![screen(app)];
    loop {
        app.update(Action::PageDown);
        let s = screen(app);
        if seen.last() == Some(&s) {
            return seen;
        }
        seen.push(s);
    }
}

#[test]
fn a_long_description_is_read_in_full_at_80x24_by_scrolling() {
    let mut app = app_as("bo");
    open_notification(&mut app, 10, 5);
    let sentences: Vec<String> = (1..=60).map(|i| format!("Iagttagelse nr. {i} om barnet.")).collect();
    app.update(Action::NotifyEdit);
    focus(&mut app, crate::domain::notification::DraftField::Description);
    for _ in 0..200 {
        app.update(Action::Backspace);
    }
    app.handle_paste(&sentences.join(" "));
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);

    let first = screen(&app);
    assert!(first.contains(crate::text::MORE_BELOW), "{first}");
    assert!(!first.contains("nr. 60 "), "{first}");
    let seen = page_through(&mut app).join("\n");
    for sentence in &sentences {
        // A sentence may wrap: each of its words is on screen.
        for word in sentence.split(' ') {
            assert!(seen.contains(word), "{word:?} of {sentence:?} never shown");
        }
    }
    let last = screen(&app);
    assert!(last.contains("nr. 60 om barnet.") && last.contains("Sendes senest"), "{last}");
    assert!(last.contains(crate::text::MORE_ABOVE), "{last}");

    // The scroll stops at the end: one Up after many Downs is one row up.
    app.update(Action::Up);
    let one_up = screen(&app);
    assert_ne!(one_up, last);
    for _ in 0..50 {
        app.update(Action::Down);
    }
    app.update(Action::Up);
    assert_eq!(screen(&app), one_up);
    // A taller screen shows more; the offset is clamped when drawn.
    let tall = text_of(&render(&app, 80, 60, Theme::plain()));
    assert!(tall.contains("Grunde:") && tall.contains("nr. 60 om barnet."), "{tall}");
}

#[test]
fn a_cases_history_scrolls_with_the_page_keys_while_up_and_down_choose_a_child() {
    let mut app = app_as("bo");
    let on = app.shell.today;
    for i in 1..=12 {
        let note = format!("Overvejelse {i}: talt med borgeren om børnene; de trives, og skolen melder intet.");
        app.shell.store.record_consideration(10, &NewConsideration { on, note }).unwrap();
    }
    open_family(&mut app, 10);
    let first = screen(&app);
    assert!(first.contains(crate::text::MORE_BELOW), "{first}");
    assert!(!first.contains("Overvejelse 1:"), "the oldest is last: {first}");
    let seen = page_through(&mut app).join("\n");
    for i in 1..=12 {
        assert!(seen.contains(&format!("Overvejelse {i}:")), "consideration {i} never shown");
    }

    // The children keep their own cursor while the history is scrolled.
    let scrolled = screen(&app);
    app.update(Action::Down);
    let NotesScreen::Family(view) = top(&app).unwrap() else { panic!() };
    assert_eq!(view.cursor.selected(), 1);
    let s = screen(&app);
    assert!(rows_with(&s, "›")[0].contains("f. 2019"), "{s}");
    let history = |s: &str| s.lines().skip(10).collect::<Vec<_>>().join("\n");
    assert_eq!(history(&s), history(&scrolled), "choosing a child does not scroll the history");
    // A child no longer counted says why in words, not by colour alone.
    let ended = rows_with(&s, "f. 2008")[0];
    assert!(ended.contains("[AFSLUTTET 15.02.2026]") && ended.contains("Flyttet hjemme"), "{ended}");
}

#[test]
fn the_views_show_no_colour_under_no_color() {
    let mut app = app_as("bo");
    open_notification(&mut app, 10, 5);
    app.update(Action::OpenFamily);
    let family = render(&app, 80, 24, Theme::plain());
    app.update(Action::Close);
    let notification = render(&app, 80, 24, Theme::plain());
    for buffer in [family, notification] {
        let area = buffer.area;
        for y in 0..area.height {
            for x in 0..area.width {
                let cell = &buffer[(x, y)];
                assert!(cell.fg == Color::Reset && cell.bg == Color::Reset, "colour at {x},{y}");
            }
        }
    }
}

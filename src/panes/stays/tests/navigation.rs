//! Moving through the pane: the list's sticky cursor and its pages, the
//! screens opened over the list and closed again, the stay and the totals
//! scrolled, the columns at 80 and 120 columns, and a failed load said.

use super::*;
use crate::panes::stays::{StaysScreen, keys};
use crate::text;

/// The rows of the list, one string a row, between the titles and the
/// bottom border.
fn list_rows(app: &App) -> Vec<String> {
    let s = screen(app);
    s.lines().skip(5).take_while(|l| !l.starts_with('└')).map(str::to_string).collect()
}

#[test]
fn moving_up_the_list_keeps_its_offset_and_a_page_is_a_page_of_stays() {
    let mut app = sample_app();
    // 80×14: a list area of 7 rows, 6 below the two rows of titles: three
    // stays of two rows each.
    resize(&mut app, 80, 14);
    let len = pane(&app).lines.len();
    assert!(len > 6, "the sample has more stays than a page");
    app.update(Action::Bottom);
    assert_eq!(pane(&app).cursor.selected(), len - 1);
    assert_eq!(pane(&app).cursor.offset(), len - 3);
    let bottom_rows = list_rows(&app);
    assert!(bottom_rows[4].starts_with("│› "), "the last stay is the bottom one:\n{}", screen(&app));
    // Up moves the pointer up the screen; the stays stay where they are.
    app.update(Action::Up);
    assert_eq!(pane(&app).cursor.selected(), len - 2);
    assert_eq!(pane(&app).cursor.offset(), len - 3, "the offset is sticky");
    let rows = list_rows(&app);
    assert!(rows[2].starts_with("│› "), "{}", screen(&app));
    assert_eq!(rows[0][4..], bottom_rows[0][4..], "the same stay at the top");
    // Up past the top of the view scrolls by one stay.
    run(&mut app, &[Action::Up, Action::Up]);
    assert_eq!((pane(&app).cursor.selected(), pane(&app).cursor.offset()), (len - 4, len - 4));
    // A page is the three stays a page shows.
    app.update(Action::Top);
    app.update(Action::PageDown);
    assert_eq!((pane(&app).cursor.selected(), pane(&app).cursor.offset()), (3, 3));
    let first = &pane(&app).lines[3];
    assert!(list_rows(&app)[0].contains(&first.row.citizen), "{}", screen(&app));
    app.update(Action::PageUp);
    assert_eq!((pane(&app).cursor.selected(), pane(&app).cursor.offset()), (0, 0));
}

/// Whether the pane's keys are those of `screen`.
fn shows(app: &App, screen: &crate::app::Screen) -> bool {
    app.pane().screen().layers == screen.layers
}

#[test]
fn screens_open_over_the_list_and_esc_goes_back_the_way_it_came() {
    let mut app = sample_app();
    select_case(&mut app, 7);
    app.update(Action::OpenStay);
    assert!(shows(&app, &keys::STAY));
    assert_eq!(pane(&app).detail().unwrap().line.row.stay.case_id, 7);
    // The totals over the open stay: Esc comes back to the stay.
    app.update(Action::StayTotals);
    assert!(shows(&app, &keys::TOTALS));
    assert!(screen(&app).contains(text::stays::TOTALS_TITLE));
    app.update(Action::Close);
    assert_eq!(pane(&app).detail().map(|d| d.line.row.stay.case_id), Some(7));
    app.update(Action::Close);
    assert!(pane(&app).stack.is_empty());
    assert!(shows(&app, &keys::LIST));
    assert_eq!(pane(&app).selected_line().unwrap().row.stay.case_id, 7, "the list kept its selection");
    // The providers; Esc on the list does nothing.
    app.update(Action::Providers);
    assert!(matches!(pane(&app).top(), Some(StaysScreen::Providers(_))));
    run(&mut app, &[Action::Close, Action::Close]);
    assert!(pane(&app).stack.is_empty());
    // Another pane and back: the open stay is still open, loaded afresh.
    app.update(Action::OpenStay);
    run(&mut app, &[Action::PaneIntake, Action::PaneStays]);
    assert_eq!(pane(&app).detail().map(|d| d.line.row.stay.case_id), Some(7));
}

/// The lines of the view on show (inside its border), and whether it
/// marks more above and below.
fn view(app: &App) -> (Vec<String>, bool, bool) {
    let s = screen(app);
    // From the top border to the bottom one.
    let mut rows: Vec<&str> = s.lines().skip(1).take_while(|l| !l.starts_with('└')).collect();
    rows.push(s.lines().find(|l| l.starts_with('└')).expect("the view's bottom border"));
    let (top, bottom) = (rows[0], rows[rows.len() - 1]);
    let inner =
        rows[1..rows.len() - 1].iter().map(|l| l.trim_start_matches('│').trim_end_matches('│').trim_end().to_string());
    (inner.collect(), top.contains(text::MORE_ABOVE), bottom.contains(text::MORE_BELOW))
}

/// Every line of the view, read on a terminal tall enough to hold it.
fn whole_view(app: &mut App) -> Vec<String> {
    resize(app, 80, 200);
    let (lines, above, below) = view(app);
    assert!(!above && !below);
    resize(app, 80, 24);
    lines.into_iter().rev().skip_while(String::is_empty).collect::<Vec<_>>().into_iter().rev().collect()
}

#[test]
fn the_stay_scrolls_within_what_the_screen_shows() {
    let mut app = sample_app();
    select_case(&mut app, 7);
    app.update(Action::OpenStay);
    let all = whole_view(&mut app);
    // 80×24: the view shows 19 lines of more than two pages.
    assert!(all.len() > 2 * 19, "{all:#?}");
    let (shown, above, below) = view(&app);
    assert_eq!((shown.len(), shown[0].as_str(), above, below), (19, all[0].as_str(), false, true));
    assert!(all[0].contains("Leverandør: Behandlingshjemmet Lyngbakken"));
    // A page down shows the next 19 lines.
    app.update(Action::PageDown);
    let (shown, above, below) = view(&app);
    assert_eq!((shown[0].as_str(), above, below), (all[19].as_str(), true, true));
    // End shows the last line at the bottom, and keys past it do nothing.
    app.update(Action::Bottom);
    let last = all.len() - 19;
    assert_eq!(view(&app).0, all[last..]);
    assert!(!view(&app).2, "nothing more below");
    run(&mut app, &[Action::Down, Action::PageDown]);
    assert_eq!(view(&app).0[0], all[last]);
    // The first key back moves at once.
    app.update(Action::Up);
    assert_eq!(view(&app).0[0], all[last - 1]);
    app.update(Action::Top);
    assert_eq!(view(&app).0[0], all[0]);
}

#[test]
fn the_totals_scroll_and_stop_at_their_end() {
    let mut app = sample_app();
    app.update(Action::StayTotals);
    let all = whole_view(&mut app);
    assert!(all.len() > 19, "{all:#?}");
    assert!(view(&app).2, "more below");
    app.update(Action::Bottom);
    let (shown, above, below) = view(&app);
    assert_eq!((shown[18].as_str(), above, below), (all[all.len() - 1].as_str(), true, false));
    assert!(shown.iter().any(|l| l.contains("Indstillede ophold tæller ikke med")), "{shown:#?}");
    app.update(Action::PageDown);
    assert_eq!(view(&app).0, shown, "not past the end");
    app.update(Action::PageUp);
    assert_eq!(view(&app).0[0], all[(all.len() - 19).saturating_sub(19)]);
}

#[test]
fn at_120_columns_the_names_are_whole_and_at_80_the_markers_keep_their_room() {
    let mut app = sample_app();
    resize(&mut app, 120, 30);
    let s = screen(&app);
    assert!(s.contains("Frederik Kirkegaard"), "{s}");
    assert!(s.contains("Behandlingshjemmet Lyngbakken"), "{s}");
    assert!(s.contains("MIDTVEJSSTATUS MANGLER, OVER PLANLAGT SLUT"), "{s}");
    app.update(Action::Providers);
    let s = screen(&app);
    assert!(s.contains("Behandlingshjemmet Lyngbakken   "), "{s}");
    assert!(s.contains("1.450,00/dag") && s.contains("21.000,00/md"), "prices today:\n{s}");
    app.update(Action::Close);

    // At 80 columns a name gives way before the markers.
    resize(&mut app, 80, 24);
    let s = screen(&app);
    let row = s.lines().find(|l| l.contains("Frederik")).unwrap();
    assert!(row.contains("AFGØRELSE MANGLER"), "{row}");
    let row = s.lines().find(|l| l.contains("Rikke Lauritsen")).unwrap();
    assert!(row.contains("MIDTVEJSSTATUS MANGLER, OVE"), "{row}");
    for line in s.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
}

#[test]
fn no_screen_of_the_pane_uses_colour_under_no_color() {
    let mut app = sample_app();
    let plain = |app: &App| {
        let buffer = render(app, 80, 24, Theme::plain());
        for cell in buffer.content() {
            assert!(
                cell.fg == ratatui::style::Color::Reset && cell.bg == ratatui::style::Color::Reset,
                "{}",
                text_of(&buffer)
            );
        }
    };
    plain(&app);
    select_case(&mut app, 9); // interrupted, flags
    app.update(Action::OpenStay);
    plain(&app);
    run(&mut app, &[Action::Close, Action::StayTotals]);
    plain(&app);
    run(&mut app, &[Action::Close, Action::Providers]);
    plain(&app);
}

#[test]
fn a_failed_load_is_said_on_the_status_line() {
    let mut app = sample_app();
    select_case(&mut app, 7);
    app.update(Action::OpenStay);
    let events = pane(&app).detail().unwrap().events.len();
    // The history cannot be read: the stay is still shown, the failure said.
    app.shell.store.sqlite().execute_batch("ALTER TABLE stay_events RENAME TO stay_events_gone").unwrap();
    run(&mut app, &[Action::PaneIntake, Action::PaneStays]);
    assert!(status(&app).starts_with(text::stays::HISTORY_NOT_LOADED), "{}", status(&app));
    assert_eq!(pane(&app).detail().unwrap().events.len(), events, "the history as it was");
    // The stays cannot be read: what was shown stays, the failure said.
    let lines = pane(&app).lines.len();
    app.shell.store.sqlite().execute_batch("ALTER TABLE providers RENAME TO providers_gone").unwrap();
    run(&mut app, &[Action::PaneIntake, Action::PaneStays]);
    assert!(status(&app).starts_with(text::stays::STAYS_NOT_LOADED), "{}", status(&app));
    assert_eq!(pane(&app).lines.len(), lines);
}

/// A stay's citizen and counsellor are read, and its days and money worked
/// out, when it comes into view (with a page either side): after the load
/// only the top's, then those a key brings into view, then all a taller
/// view shows; each named as the stay read whole names it, and costed as
/// the domain's figures of the whole stay give them, with the status and
/// the flags every stay has from the load.
#[test]
fn a_stay_is_named_and_costed_when_it_comes_into_view() {
    use crate::domain::stay::{StayCosts, figures};
    // 80×12: a list area of 5 rows, two stays a page.
    let mut app = sample_app_in(80, 12);
    let costed = |app: &App| pane(app).lines.iter().map(|l| l.costs.is_some()).collect::<Vec<_>>();
    let named = |app: &App| pane(app).lines.iter().map(|l| !l.row.citizen.is_empty()).collect::<Vec<_>>();
    let len = pane(&app).lines.len();
    assert!(len > 8, "the sample has more stays than the view and a page either side");
    assert_eq!(costed(&app), (0..len).map(|i| i < 4).collect::<Vec<_>>(), "the view and a page below");
    assert_eq!(named(&app), costed(&app), "named as costed");
    app.update(Action::Bottom);
    assert_eq!(costed(&app), (0..len).map(|i| i < 4 || i >= len - 4).collect::<Vec<_>>(), "the bottom too");
    assert_eq!(named(&app), costed(&app), "named as costed");
    app.set_list_rows(40);
    assert!(costed(&app).iter().all(|c| *c), "a taller view shows every stay");
    assert!(named(&app).iter().all(|c| *c), "and names them");
    let ids: Vec<i64> = pane(&app).lines.iter().map(|l| l.row.stay.id).collect();
    for (id, line) in ids.into_iter().zip(pane(&app).lines.clone()) {
        let whole = app.shell.store.view_stay(id).unwrap();
        assert_eq!((&line.row.citizen, &line.row.counsellor), (&whole.citizen, &whole.counsellor), "stay {id}");
        assert_eq!(line.row.stay, whole.stay, "stay {id}");
    }
    let p = pane(&app);
    for line in &p.lines {
        let provider = p.provider(line.row.stay.provider_id).unwrap();
        let f = figures(&line.row.stay, provider, &app.shell.profile.stay, app.shell.today);
        assert_eq!((line.status, &line.flags), (f.status, &f.flags), "stay {}", line.row.stay.id);
        let whole = StayCosts { days_so_far: f.days_so_far, so_far: f.so_far, committed: f.committed };
        assert_eq!(line.costs.as_ref(), Some(&whole), "stay {}", line.row.stay.id);
    }
}

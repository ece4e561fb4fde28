//! Rapporter on a centre in a file, where the figures are computed in the
//! background: the pane draws at once, the figures follow, and a year
//! changed meanwhile is the year shown.

use chrono::{Datelike, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::ReportsPane;
use crate::app::keymap::Keymap;
use crate::app::{Action, App};
use crate::generate::{self, Shape};
use crate::store::Store;
use crate::ui::{self, Theme};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()
}

/// A generated centre in a file, opened in the workbench by its creator.
fn workbench() -> (tempfile::TempDir, App) {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("centre.db");
    let file = generate::centre(&Shape { cases: 300, seed: 3, today: today(), stress: false }, &mut |_| {});
    Store::open(&path, "anna").unwrap().import(&file).unwrap();
    let app = App::new(Store::open(&path, "anna").unwrap(), today(), Keymap::built_in()).unwrap();
    (dir, app)
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| ui::draw(f, app, &Theme::plain())).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn pane(app: &mut App) -> &mut ReportsPane {
    app.panes.iter_mut().find_map(|p| p.as_mut().as_any_mut().downcast_mut::<ReportsPane>()).unwrap()
}

fn shown_year(app: &mut App) -> Option<i32> {
    match &pane(app).report {
        Some(Ok(report)) => Some(report.period.from.year()),
        _ => None,
    }
}

#[test]
fn the_pane_draws_at_once_saying_it_computes_and_the_figures_follow_without_a_key() {
    let (_dir, mut app) = workbench();
    app.update(Action::PaneReports);
    // Nothing is taken until the loop polls: the first frame is the wait.
    assert!(app.busy());
    let s = screen(&app);
    assert!(s.contains("Rapporter 2025") && s.contains("Beregner …"), "{s}");
    assert!(!s.contains("Startet i perioden"), "{s}");
    // Keys still work meanwhile: another pane and back (the job stopped on
    // the way out is started again on the way in).
    app.update(Action::PaneStays);
    app.update(Action::PaneReports);
    assert!(app.busy());
    // The loop's poll takes the result when it comes, no key pressed.
    while !app.poll() {
        std::thread::yield_now();
    }
    assert!(!app.busy());
    let s = screen(&app);
    assert!(s.contains("Startet i perioden") && !s.contains("Beregner"), "{s}");
    // The same figures as the report computed here and now.
    let period = crate::domain::report::Period::year(2025).unwrap();
    let here = app.shell.store.report(&app.shell.profile, period, today()).unwrap();
    assert_eq!(pane(&mut app).report.as_ref().unwrap().as_ref().unwrap(), &here);
}

#[test]
fn a_year_changed_while_computing_is_the_year_whose_figures_are_shown() {
    let (_dir, mut app) = workbench();
    app.update(Action::PaneReports);
    app.update(Action::PrevVersion);
    // 2025's figures are not shown under 2024's title, now or later.
    let s = screen(&app);
    assert!(s.contains("Rapporter 2024") && s.contains("Beregner …"), "{s}");
    pane(&mut app).wait_for_report();
    assert_eq!(shown_year(&mut app), Some(2024));
    assert!(!app.poll(), "the replaced job's result is never taken");
    assert_eq!(shown_year(&mut app), Some(2024));
    // Back to 2025: 2024's figures are cleared at once, 2025's follow.
    app.update(Action::NextVersion);
    assert_eq!(shown_year(&mut app), None);
    assert!(screen(&app).contains("Rapporter 2025"));
    pane(&mut app).wait_for_report();
    assert_eq!(shown_year(&mut app), Some(2025));
}

#[test]
fn leaving_rapporter_while_it_computes_stops_the_work_and_coming_back_computes_again() {
    let (_dir, mut app) = workbench();
    app.update(Action::PaneReports);
    let stop = pane(&mut app).computing.as_ref().expect("computing").stop();
    app.update(Action::PanePlans);
    assert!(stop.asked(), "the report nobody waits for is stopped");
    assert!(pane(&mut app).computing.is_none());
    // The data did not change, yet the pane left unfinished loads again.
    app.update(Action::PaneReports);
    assert!(app.busy() && !pane(&mut app).computing.as_ref().unwrap().stop().asked());
    assert!(screen(&app).contains("Beregner …"));
    pane(&mut app).wait_for_report();
    assert_eq!(shown_year(&mut app), Some(2025));
    // Left with its figures in, the pane is not computed again.
    app.update(Action::PanePlans);
    app.update(Action::PaneReports);
    assert!(!app.busy());
    assert_eq!(shown_year(&mut app), Some(2025));
}

//! A pane switch reads nothing again unless the data changed: the stamp
//! the shell keeps per pane (`App::go`, `Store::data_stamp`), checked by
//! the statements the store's connection runs.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use super::{App, keymap};
use crate::generate::{self, Shape};
use crate::store::{NewUser, Role, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()
}

/// A generated centre of `cases` cases in a file, opened by its creator
/// (a team leader, who sees every pane's rows).
fn centre(cases: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("centre.db");
    let file = generate::centre(&Shape { cases, seed: 1, today: today(), stress: false }, &mut |_| {});
    Store::open(&path, "anna").unwrap().import(&file).unwrap();
    (dir, path)
}

fn workbench(path: &std::path::Path) -> App {
    App::new(Store::open(path, "anna").unwrap(), today(), keymap::load(None).0).unwrap()
}

/// The statements run by `f`, as traced by `seen`.
fn run(app: &mut App, seen: &Arc<Mutex<Vec<String>>>, f: impl FnOnce(&mut App)) -> Vec<String> {
    seen.lock().unwrap().clear();
    f(app);
    std::mem::take(&mut *seen.lock().unwrap())
}

/// What a switch must still do when nothing changed: ask the store where
/// the data stands and record the look at the list (the audit trail's
/// statements). Anything else is a read of the pane's rows.
fn bookkeeping(app: &mut App, seen: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    run(app, seen, |app| {
        app.shell.store.data_stamp().unwrap();
        app.shell.store.record_list("Indtag", 1);
    })
}

fn reads(statements: &[String], allowed: &[String]) -> Vec<String> {
    statements.iter().filter(|s| !allowed.contains(s)).cloned().collect()
}

/// Whether a visit read the pane's data: statements on the app's
/// connection, or (Rapporter) a computation started on a worker with its
/// own connection, which this trace does not see. The job is waited for,
/// so that a later visit starts from a finished pane.
fn read_again(app: &mut App, statements: &[String], allowed: &[String]) -> bool {
    let started = app.busy();
    finish(app);
    started || !reads(statements, allowed).is_empty()
}

/// Waits for the pane's background work: a pane left before its work is
/// done stops it and loads again when it comes back.
fn finish(app: &mut App) {
    while app.busy() {
        app.poll();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Every pane visited once, its work finished, ending on the first.
fn visit_all(app: &mut App) {
    for i in (0..app.panes.len()).rev() {
        app.go(i);
        finish(app);
    }
}

#[test]
fn coming_back_to_a_pane_whose_data_did_not_change_reads_none_of_its_rows() {
    let (_dir, path) = centre(300);
    let mut app = workbench(&path);
    let seen = app.shell.store.trace_statements();
    let allowed = bookkeeping(&mut app, &seen);
    let panes = app.panes.len();
    // The first visit of each pane reads its rows.
    for i in 1..panes {
        let first = run(&mut app, &seen, |app| app.go(i));
        assert!(read_again(&mut app, &first, &allowed), "pane {i}'s first visit reads its rows");
    }
    // Every later visit reads nothing but where the data stands, and
    // records the look.
    for round in 0..2 {
        for i in 0..panes {
            let again = run(&mut app, &seen, |app| app.go(i));
            assert!(!app.busy(), "round {round}, pane {i} computes nothing again");
            assert_eq!(reads(&again, &allowed), Vec::<String>::new(), "round {round}, pane {i}");
            assert!(again.iter().any(|s| s.contains("INSERT INTO audit")) || app.panes[i].shown_list().is_none());
        }
    }
}

#[test]
fn a_colleagues_commit_or_our_own_write_makes_the_other_panes_read_again() {
    let (_dir, path) = centre(1_000);
    let mut app = workbench(&path);
    visit_all(&mut app);
    let seen = app.shell.store.trace_statements();
    let allowed = bookkeeping(&mut app, &seen);
    let intake = |app: &App| -> Vec<i64> {
        let queue = &app.pane_of::<crate::panes::intake::IntakePane>().unwrap().queue;
        queue.shown_entries().map(|e| e.case.id).collect()
    };
    let before = intake(&app);
    let first = *before.first().expect("the generated centre has cases in intake");

    // Bo, on his own sagsbord, closes the first case in the queue.
    let mut bo = crate::store::users::open_as(&path, "anna", "bo", Role::TeamLeader);
    let case = bo.find_case(first).unwrap().unwrap();
    let input = crate::domain::intake::StepInput {
        kind: crate::domain::intake::StepKind::Close,
        date: "17.03.2026".into(),
        reason: "Ønsker ikke behandling".into(),
        wanted: true,
        closing_reason: Some(crate::domain::intake::ClosingReason::NotWanted),
    };
    let step = crate::domain::intake::parse_step(&input, &case, today()).unwrap();
    bo.record_step(first, &step).unwrap();

    // Every pane reads again on its next visit, once.
    for i in 1..app.panes.len() {
        let next = run(&mut app, &seen, |app| app.go(i));
        assert!(read_again(&mut app, &next, &allowed), "pane {i} reads the colleague's change");
        app.go(0);
        let back = run(&mut app, &seen, |app| app.go(i));
        assert!(!app.busy(), "pane {i} computes nothing again");
        assert_eq!(reads(&back, &allowed), Vec::<String>::new(), "pane {i} is up to date now");
    }
    app.go(0);
    assert!(!intake(&app).contains(&first), "the closed case left the queue");

    // Our own write (here straight through the store, as a form's save
    // is) is no colleague's: the live refresh leaves it to the pane that
    // made it, and every other pane reads again when it next comes on
    // screen.
    app.shell
        .store
        .add_user(&NewUser {
            name: "camilla".into(),
            full_name: String::new(),
            role: Role::Counsellor,
            anonymous_team: false,
        })
        .unwrap();
    assert!(!app.tick());
    for i in 1..app.panes.len() {
        let next = run(&mut app, &seen, |app| app.go(i));
        assert!(read_again(&mut app, &next, &allowed), "pane {i} reads again after our own write");
    }
}

#[test]
fn a_colleagues_look_at_a_list_or_a_plan_makes_nothing_read_again() {
    let (_dir, path) = centre(300);
    let mut bo = crate::store::users::open_as(&path, "anna", "bo", Role::TeamLeader);
    let mut app = workbench(&path);
    visit_all(&mut app);
    let seen = app.shell.store.trace_statements();
    let allowed = bookkeeping(&mut app, &seen);
    let plans = app.pane_of::<crate::panes::plans::PlansPane>().unwrap();
    let case = plans.selected_entry().expect("the generated centre has courses").course.case.id;
    // Bo looks: his looks are committed to the file, audited, and change
    // no data.
    bo.record_list("Planer", 12);
    bo.view_plan(case).unwrap();
    assert!(!app.tick(), "a look is nothing to show");
    for i in 0..app.panes.len() {
        let again = run(&mut app, &seen, |app| app.go(i));
        assert_eq!(reads(&again, &allowed), Vec::<String>::new(), "pane {i}");
    }
}

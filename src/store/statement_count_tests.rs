//! No N+1: the statements a list's first load, `due` and the yearly report
//! run must not grow with the number of cases (beyond a batch of ids a
//! query), and the batched loads give what the one-record reads give.
//!
//! On SQLite alone: the statements are counted by SQLite's trace hook
//! (`Store::trace_statements`), which a PostgreSQL client has no
//! counterpart of; the statements are the same text on both engines.

use chrono::NaiveDate;

use super::Store;
use super::move_courses::{course_sessions, every_course_sessions};
use super::statements::Statements;
use crate::domain::policy::Profile;
use crate::domain::report::Period;
use crate::generate::{self, Shape};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()
}

/// A generated centre of `cases` cases in memory.
fn centre(cases: usize) -> Store {
    generated(cases, false)
}

/// A generated centre, in the stress shape (a fifth of its cases new
/// contacts in the queue) when `stress`.
fn generated(cases: usize, stress: bool) -> Store {
    let file = generate::centre(&Shape { cases, seed: 7, today: today(), stress }, &mut |_| {});
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&file).unwrap();
    store
}

/// Every load counted: its name and the statements it ran.
fn loads(store: &mut Store) -> Vec<(&'static str, Statements)> {
    let profile = Profile::built_in(generate::PROFILE).unwrap();
    let year = Period::year(2025).unwrap();
    let since = today() - chrono::Duration::days(90);
    let mut counted = Vec::new();
    let mut count = |name, work: &dyn Fn(&Store)| {
        let ((), statements) = store.counting_statements(|s| work(s));
        counted.push((name, statements));
    };
    count("due", &|s| drop(s.due(&profile, today(), 0).unwrap()));
    count("report", &|s| drop(s.report(&profile, year, today()).unwrap()));
    count("intake", &|s| drop(s.intake_open_cases(&s.viewer(false).unwrap()).unwrap()));
    count("intake queue", &|s| intake_queue(s, &profile));
    count("courses", &|s| drop(s.active_courses(&s.viewer(false).unwrap()).unwrap()));
    count("ended", &|s| drop(s.ended_courses(since, &s.viewer(false).unwrap()).unwrap()));
    count("board page", &|s| {
        let since = Some(today() - chrono::Duration::days(365));
        let pages = s.board_pages(&s.viewer(false).unwrap(), "", crate::domain::plan::BoardSort::Urgency, since);
        let first = pages.after(None, 40).unwrap();
        let key = first.last().map(|l| l.key.clone());
        drop((pages.count().unwrap(), pages.after(key.as_ref(), 40).unwrap(), pages.locate(1).unwrap()));
        s.board_summary(&s.viewer(false).unwrap(), today()).unwrap();
    });
    count("calls", &|s| drop(s.open_course_calls(&s.viewer(false).unwrap()).unwrap()));
    count("notifications", &|s| drop(s.board_notifications(&s.viewer(false).unwrap(), true).unwrap()));
    count("board family", &|s| drop(s.board_family_cases(&s.viewer(false).unwrap(), &profile, today()).unwrap()));
    count("move courses", &|s| drop(s.move_course_list(&profile.move_cards).unwrap()));
    count("groups", &|s| drop(s.group_list(today()).unwrap()));
    count("stays", &|s| drop(s.pane_stays(today()).unwrap()));
    count("stays for the totals", &|s| drop(s.stays_for_totals(2026).unwrap()));
    // Døgn names the stays near its view: two pages either side and one in view.
    count("the people of stays in view", &|s| {
        let cases: Vec<i64> = s.pane_stays(today()).unwrap().iter().take(42).map(|stay| stay.case_id).collect();
        drop(s.stay_people(&cases).unwrap())
    });
    count("ledger", &|s| drop(s.ledger().unwrap()));
    count("card figures", &|s| {
        s.card_summary(&profile).unwrap();
    });
    counted
}

/// Indtag's queue as the pane reads it: the summary, a page, the next and
/// the one before, the count, a line found, and a search's first page.
fn intake_queue(s: &Store, profile: &Profile) {
    let mut viewer = s.viewer(false).unwrap();
    viewer.actor =
        crate::domain::access::Actor::User { role: crate::domain::access::Role::TeamLeader, anonymous_team: false };
    let pages = s.intake_queue_pages(&viewer, "", profile.intake.clock_starts);
    s.intake_queue_summary(&viewer, &profile.intake, today()).unwrap();
    let first = pages.after(None, 40).unwrap();
    let key = first.last().map(|l| l.key.clone());
    drop((pages.count().unwrap(), pages.after(key.as_ref(), 40).unwrap(), pages.before(key.as_ref(), 40).unwrap()));
    if let Some(line) = first.get(3) {
        assert!(pages.locate(line.case.id).unwrap().is_some());
    }
    let searched = s.intake_queue_pages(&viewer, "an", profile.intake.clock_starts);
    drop((searched.after(None, 40).unwrap(), searched.count().unwrap()));
}

/// Indtag's queue runs the same statements however long the queue: a
/// page is read by its key, its cases in one query. (A page that runs past
/// the end of its part of the guarantee reads on in the next: one more.)
#[test]
fn the_intake_queue_runs_a_fixed_number_of_statements() {
    let profile = Profile::built_in(generate::PROFILE).unwrap();
    let queue = |store: &mut Store| store.counting_statements(|s| intake_queue(s, &profile)).1;
    let (mut small, mut large) = (generated(250, true), generated(1_000, true));
    let viewer = small.viewer(false).unwrap();
    let open = small.intake_queue_pages(&viewer, "", profile.intake.clock_starts).count().unwrap();
    assert!(open > 45, "a page and more in the small queue: {open}");
    let (few, many) = (queue(&mut small), queue(&mut large));
    assert!(few.count().abs_diff(many.count()) <= 2, "{}\n{}", few.summary(), many.summary());
    assert!(many.count() <= 20, "{}", many.summary());
}

#[test]
fn no_load_runs_a_query_per_record() {
    const N: usize = 150;
    let small = loads(&mut centre(N));
    let large = loads(&mut centre(4 * N));
    for ((name, few), (_, many)) in small.iter().zip(&large) {
        // A batch of ids a query (500) may add a query per batched table;
        // one query a record would add hundreds.
        assert!(
            many.count() <= few.count() + 12,
            "{name}: {} statements at {N} cases, {} at {} cases:\n{}",
            few.count(),
            many.count(),
            4 * N,
            many.summary()
        );
    }
}

/// Grupper's first load (the group list and the card figures over it)
/// runs the same statements however many cases and courses there are.
#[test]
fn the_grupper_figures_run_a_fixed_number_of_statements() {
    let profile = Profile::built_in(generate::PROFILE).unwrap();
    let figures = |store: &mut Store| store.counting_statements(|s| s.card_summary(&profile).map(|_| ()).unwrap()).1;
    let (few, many) = (figures(&mut centre(150)), figures(&mut centre(600)));
    assert_eq!(few.count(), many.count(), "{}\n{}", few.summary(), many.summary());
    assert!(many.count() <= 8, "{}", many.summary());
}

/// Grupper's list reads every group's figures in one statement and the
/// groups' next sessions in one more, however many groups: each statement
/// is a round trip to the server.
#[test]
fn the_group_list_runs_two_statements() {
    let mut store = centre(150);
    let (lines, statements) = store.counting_statements(|s| s.group_list(today()).unwrap());
    assert!(lines.len() > 3 && lines.iter().any(|l| l.next.is_some()), "{lines:?}");
    assert_eq!(statements.count(), 2, "{}", statements.summary());
}

#[test]
fn the_counter_sees_each_statement_run() {
    let mut store = Store::open_in_memory("anna").unwrap();
    let ((), statements) = store.counting_statements(|s| {
        for _ in 0..3 {
            s.sqlite().query_row("SELECT 1", [], |r| r.get::<_, i64>(0)).unwrap();
        }
    });
    assert_eq!(statements.count(), 3, "{}", statements.summary());
    assert!(statements.summary().starts_with("     3 x SELECT 1"), "{}", statements.summary());
    // Nothing is counted once the work is done.
    let ((), after) = store.counting_statements(|_| {});
    assert_eq!(after.count(), 0);
}

#[test]
fn the_batched_loads_give_what_the_one_record_reads_give() {
    let store = centre(300);
    let viewer = store.viewer(false).unwrap();
    let calls = store.open_course_calls(&viewer).unwrap();
    assert!(!calls.is_empty());
    for c in &calls {
        assert_eq!(c.case, store.load_case(c.call.case_id).unwrap());
        assert_eq!(Some(&c.ending), store.course_ending(c.call.case_id).unwrap().as_ref());
        let own = store.course_calls(c.call.case_id).unwrap();
        assert_eq!(own.iter().find(|o| o.id == c.call.id), Some(&c.call));
    }
    let notes = store.board_notifications(&viewer, true).unwrap();
    assert!(!notes.is_empty());
    for (case, n) in &notes {
        assert_eq!(case, &store.load_case(n.case_id).unwrap());
        assert_eq!(n, &store.notification(n.id).unwrap());
    }
    let courses = super::move_courses::all_courses(&store.db()).unwrap();
    assert!(courses.len() > 3);
    let batched = every_course_sessions(&store.db(), &courses).unwrap();
    assert!(batched.iter().filter(|s| !s.is_empty()).count() > 3, "courses with sessions");
    for (course, sessions) in courses.iter().zip(&batched) {
        assert_eq!(sessions, &course_sessions(&store.db(), course).unwrap(), "course {}", course.id);
    }
}

/// The Døgn pane asks the access rule in its query: however many cases
/// have stays, the list reads no case on its own, and the told own
/// payments' expenses are read in batches with the list, not one a stay.
#[test]
fn the_stays_list_reads_no_case_a_stay() {
    let mut counts = Vec::new();
    for cases in [150, 600] {
        let mut store = centre(cases);
        let (rows, statements) = store.counting_statements(|s| s.pane_stays(today()).unwrap());
        assert!(!rows.is_empty(), "{cases} cases: no stays listed");
        let paying = rows.iter().filter(|s| s.own_payment.is_some()).count();
        assert!(
            !statements.0.iter().any(|s| s.contains("FROM cases c JOIN citizens p ON")),
            "{}",
            statements.summary()
        );
        counts.push((paying, statements.count(), statements.summary()));
    }
    // One statement a stay with an own payment would show as a difference.
    assert_ne!(counts[0].0, counts[1].0, "the centres differ in stays with an own payment: {counts:?}");
    assert_eq!(counts[0].1, counts[1].1, "the stays list's statements grew with the centre:\n{}", counts[1].2);
}

/// Underretninger's board reads its family cases by the stored deadlines
/// (a few hundred cases, not every open case with a child), and its lines
/// are the same as from every family case, for every viewer and day, and
/// when a case is marked for a recompute.
#[test]
fn the_boards_family_cases_give_the_rules_board_for_every_viewer() {
    use crate::domain::access::{Actor, Role};
    use crate::domain::notification::build_board;
    use crate::store::access::Scope;

    let store = centre(300);
    let profile = store.centre().unwrap().load_profile().unwrap();
    let policy = &profile.notification;
    let team_leader = store.viewer(false).unwrap();
    let every = store.family_cases(&team_leader).unwrap();
    let counsellor = every.iter().map(|f| f.case.counsellor.clone()).next().expect("a family case");
    let mut viewers = vec![team_leader.clone()];
    for (role, anonymous_team) in [(Role::Counsellor, false), (Role::Counsellor, true), (Role::Administrator, false)] {
        for scope in [Scope::AllCases, Scope::OwnCases] {
            let mut v = team_leader.clone();
            v.user = counsellor.clone();
            v.actor = Actor::User { role, anonymous_team };
            v.scope = scope;
            viewers.push(v);
        }
    }
    let boards = |store: &Store, viewer: &crate::store::Viewer, day: NaiveDate| {
        let notes = || store.board_notifications(viewer, false).unwrap();
        let read = store.board_family_cases(viewer, &profile, day).unwrap();
        let rules = store.family_cases(viewer).unwrap();
        assert!(read.len() <= rules.len());
        (build_board(notes(), &read, policy, day), build_board(notes(), &rules, policy, day), read.len(), rules.len())
    };
    let mut children_lines = 0;
    for viewer in &viewers {
        for day in [today(), today() + chrono::Duration::days(45), today() + chrono::Duration::days(400)] {
            let (read, rules, ..) = boards(&store, viewer, day);
            assert_eq!(read, rules, "{:?} {:?} on {day}", viewer.actor, viewer.scope);
            children_lines += read.iter().filter(|e| e.notification().is_none()).count();
        }
    }
    assert!(children_lines > 0, "the boards have lines about children");
    let (.., read, rules) = boards(&store, &team_leader, today());
    assert!(read < rules, "{read} family cases read by their deadlines, {rules} in all");
    // A case marked for a recompute: the rules are asked instead.
    store.sqlite().execute("INSERT INTO deadlines_dirty (case_id) VALUES (?1)", [every[0].case.id]).unwrap();
    let (read, rules, read_n, rules_n) = boards(&store, &team_leader, today());
    assert_eq!((read, read_n), (rules, rules_n));
}

/// An import writes its largest lists, and the audit record of every row
/// it inserts, a batch of rows to a statement: not one statement a row.
#[test]
fn an_import_writes_its_largest_lists_a_batch_of_rows_to_a_statement() {
    let file = generate::centre(&Shape { cases: 300, seed: 7, today: today(), stress: false }, &mut |_| {});
    let mut store = Store::open_in_memory("anna").unwrap();
    let (_, statements) = store.counting_statements(|s| s.import(&file).unwrap());
    let runs =
        |table: &str| statements.0.iter().filter(|sql| sql.starts_with(&format!("INSERT INTO {table} "))).count();
    // The trail's record of the rows: blocks of them (store::audit::block).
    let changes: i64 = store.sqlite().query_row("SELECT count(*) FROM audit_change", [], |r| r.get(0)).unwrap();
    let import_changes = store.audit_changes(store.audit_head().unwrap().id).unwrap().len();
    assert!(changes * 100 <= import_changes as i64, "{changes} change rows for {import_changes} changes");
    for (table, rows) in [
        ("citizens", file.citizens.len()),
        ("cases", file.cases.len()),
        ("case_substances", file.cases.iter().map(|c| c.substances.len()).sum()),
        ("case_events", file.case_events.len()),
        ("plan_versions", file.plan_versions.len()),
        ("plan_goals", file.plan_versions.iter().map(|v| v.goals.len()).sum()),
        ("course_endings", file.course_endings.len()),
        ("follow_up_calls", file.follow_up_calls.len()),
        ("follow_up_attempts", file.follow_up_attempts.len()),
        ("attendances", file.attendances.len()),
    ] {
        assert!(rows >= 100, "{table}: the centre has only {rows} rows");
        // At least 50 rows a statement on average (a batch holds 100).
        assert!(
            runs(table) * 50 <= rows,
            "{table}: {} statements for {rows} rows:\n{}",
            runs(table),
            statements.summary()
        );
    }
    // A case is written whole by its INSERT, not inserted and then
    // updated; the calls' done days, which only the attempts after them
    // tell, are set by one statement for them all.
    let updates = |table: &str| statements.0.iter().filter(|sql| sql.starts_with(&format!("UPDATE {table} "))).count();
    assert_eq!(updates("cases"), 0, "{}", statements.summary());
    assert_eq!(updates("follow_up_calls"), 1, "{}", statements.summary());
}

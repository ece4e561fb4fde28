//! The stored deadlines against the rules: on generated centres and many
//! days, after each kind of write, after a failed one, and after changes
//! made behind sagsbord's back.

use chrono::NaiveDate;
use rusqlite::Connection;
use tempfile::TempDir;

use super::{DueScope, material};
use crate::domain::dates;
use crate::domain::due::{self, DueItem, DueKind};
use crate::domain::intake::test_support::case_on;
use crate::domain::intake::{NewContact, StepInput, StepKind, parse_step};
use crate::domain::policy::{BUILT_IN, Profile};
use crate::generate::{self, Shape};
use crate::store::{Store, StoreError};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A generated centre of `cases` cases in a new file, as the team leader
/// who imported it.
fn generated(cases: usize, seed: u64) -> (TempDir, std::path::PathBuf, Store) {
    let shape = Shape { cases, seed, today: date("2026-03-17"), stress: false };
    let file = generate::centre(&shape, &mut |_| {});
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sagsbord.db");
    let mut store = Store::open(&path, "tester").unwrap();
    store.import(&file).unwrap();
    (dir, path, store)
}

/// What the rules list for the whole centre on `today` (the reference).
fn from_rules(store: &Store, profile: &Profile, today: NaiveDate, within: u32) -> Vec<DueItem> {
    store.rule_items(profile, today, due::horizon(today, within)).unwrap()
}

/// Every day from `from` on, `step` days apart, `n` of them, and the turns
/// of the year (when a child may turn 18) around them.
fn days(from: &str, step: i64, n: i64) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = (0..n).map(|i| dates::add_days(date(from), i * step)).collect();
    out.extend(["2025-12-31", "2026-01-01", "2026-12-31", "2027-01-01"].map(date));
    out
}

#[test]
fn the_stored_deadlines_list_what_the_rules_list_on_every_day_of_generated_centres() {
    for seed in [1, 2, 3] {
        let (_dir, _path, mut store) = generated(220, seed);
        let profile = store.profile().unwrap();
        assert!(!store.deadlines_dirty().unwrap(), "the import left cases marked");
        assert_eq!(store.check_deadlines().unwrap(), vec![], "seed {seed}");
        // The material once: the rules asked on many days.
        let m = store.due_material(DueScope::Centre, &profile, None).unwrap();
        let mut listed = 0;
        for today in days("2025-06-01", 11, 70) {
            for within in [0, 45] {
                let mut want = material::rule_items(&m, &profile, today, due::horizon(today, within));
                due::sort(&mut want);
                let got = store.due(&profile, today, within).unwrap();
                assert_eq!(got, want, "seed {seed}, {today} + {within} days");
                listed += got.len();
            }
        }
        assert!(listed > 1000, "seed {seed}: only {listed} items over all the days");
    }
}

#[test]
fn a_new_profile_moves_every_deadline_in_its_own_write() {
    let (_dir, _path, mut store) = generated(120, 4);
    let today = date("2026-03-17");
    for (id, _) in BUILT_IN {
        let mut centre = store.centre().unwrap();
        centre.use_built_in(id).unwrap();
        store.set_centre(&centre).unwrap();
        let profile = Profile::built_in(id).unwrap();
        assert!(!store.deadlines_dirty().unwrap());
        assert_eq!(store.due(&profile, today, 60).unwrap(), from_rules(&store, &profile, today, 60), "{id}");
        let named: i64 =
            store.sqlite().query_row("SELECT count(*) FROM deadlines WHERE profile <> ?1", [id], |r| r.get(0)).unwrap();
        assert_eq!(named, 0, "{id}: deadlines of another profile left");
    }
}

/// The kinds of one case's stored deadlines.
fn stored_kinds(store: &Store, case: i64) -> Vec<DueKind> {
    store
        .stored_deadlines("WHERE d.case_id = ?1 ORDER BY d.seq", &[&case])
        .unwrap()
        .into_iter()
        .map(|s| s.deadline.kind)
        .collect()
}

fn step(store: &mut Store, case: i64, kind: StepKind, on: &str) {
    let seen = store.find_case(case).unwrap().unwrap();
    let input = StepInput { kind, date: on.into(), reason: String::new(), wanted: true, closing_reason: None };
    let step = parse_step(&input, &seen, date("2026-03-17")).unwrap();
    store.record_step(case, &step).unwrap();
}

#[test]
fn starting_treatment_takes_the_guarantee_away_in_the_same_write() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("sagsbord.db"), "anna").unwrap();
    let case = store.register_contact(&NewContact::new(case_on("2026-03-10"))).unwrap();
    assert_eq!(stored_kinds(&store, case), vec![DueKind::Guarantee]);
    step(&mut store, case, StepKind::StartTreatment, "16.03.2026");
    assert_eq!(stored_kinds(&store, case), vec![DueKind::TreatmentPlan]);
    assert!(!store.deadlines_dirty().unwrap());
}

#[test]
fn a_write_that_fails_leaves_the_records_and_their_deadlines_as_they_were() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("sagsbord.db"), "anna").unwrap();
    let case = store.register_contact(&NewContact::new(case_on("2026-03-10"))).unwrap();
    let result: Result<(), StoreError> = store.write("record_step", "case", |tx| {
        tx.execute("UPDATE cases SET treatment_started_on = '2026-03-16' WHERE id = ?1", &[&case])?;
        Err(StoreError::Corrupt("stopped half-way".into()))
    });
    assert!(result.is_err());
    assert_eq!(stored_kinds(&store, case), vec![DueKind::Guarantee]);
    assert!(!store.deadlines_dirty().unwrap(), "a mark of the rolled-back change was left");
    // A writer killed in the middle: its transaction never commits.
    let path = dir.path().join("sagsbord.db");
    {
        let killed = Connection::open(&path).unwrap();
        killed.execute_batch("BEGIN IMMEDIATE; UPDATE cases SET treatment_started_on = '2026-03-16';").unwrap();
        // Dropped without COMMIT, as a process dies.
    }
    assert_eq!(stored_kinds(&store, case), vec![DueKind::Guarantee]);
    assert!(!store.deadlines_dirty().unwrap());
}

#[test]
fn a_change_behind_sagsbords_back_is_found_repaired_and_never_read_stale() {
    let (_dir, path, mut store) = generated(100, 5);
    let profile = store.profile().unwrap();
    let today = date("2026-03-17");
    let (case, kind): (i64, String) = store
        .sqlite()
        .query_row("SELECT case_id, kind FROM deadlines WHERE due <> '' ORDER BY case_id, seq LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    // `sqlite3` moves a stored deadline.
    let other = Connection::open(&path).unwrap();
    other.execute("UPDATE deadlines SET due = '2001-02-03' WHERE case_id = ?1 AND seq = 0", [case]).unwrap();
    let found = store.check_deadlines().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].case, found[0].kind.id()), (case, kind.as_str()));
    assert_eq!(found[0].stored.as_ref().unwrap().due, Some(date("2001-02-03")));
    assert_ne!(found[0].computed.as_ref().unwrap().due, Some(date("2001-02-03")));
    store.repair_deadlines().unwrap();
    assert_eq!(store.check_deadlines().unwrap(), vec![]);
    let repairs: i64 = store
        .sqlite()
        .query_row("SELECT count(*) FROM audit WHERE action = 'deadlines_repair'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(repairs, 1);
    assert!(store.check(&[]).unwrap().is_clean(), "the repair is not a change behind sagsbord's back");

    // `sqlite3` changes a record: the case is marked, and `due` computes it
    // from the rules until the next write stores it.
    other.execute("UPDATE cases SET counsellor = 'zoe' WHERE id = ?1", [case]).unwrap();
    assert!(store.deadlines_dirty().unwrap());
    let listed = store.due(&profile, today, 400).unwrap();
    assert_eq!(listed, from_rules(&store, &profile, today, 400));
    assert!(listed.iter().any(|i| i.case == case && i.counsellor == "zoe"));
    assert_eq!(store.check_deadlines().unwrap(), vec![], "a marked case is not a difference");
    drop(store);
    // The next opening stores it.
    let store = Store::open(&path, "tester").unwrap();
    assert!(!store.deadlines_dirty().unwrap());
    assert_eq!(store.due(&profile, today, 400).unwrap(), listed);
}

#[test]
fn the_check_notices_a_counsellor_or_anonymity_stored_out_of_step_with_the_case() {
    let (_dir, path, mut store) = generated(100, 5);
    let case: i64 = store
        .sqlite()
        .query_row("SELECT case_id FROM deadlines WHERE anonymous = 0 ORDER BY case_id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let other = Connection::open(&path).unwrap();
    // `sqlite3` hands the case's deadlines, not the case, to someone else.
    other.execute("UPDATE deadlines SET counsellor = 'zoe' WHERE case_id = ?1", [case]).unwrap();
    let found = store.check_deadlines().unwrap();
    assert!(!found.is_empty());
    for d in &found {
        assert_eq!(d.case, case);
        assert_eq!(d.stored.as_ref().unwrap().counsellor, "zoe");
        assert_ne!(d.computed.as_ref().unwrap().counsellor, "zoe");
    }
    store.repair_deadlines().unwrap();
    assert_eq!(store.check_deadlines().unwrap(), vec![]);
    // … and makes them a §101a case's, which the counts would keep from
    // its own counsellor.
    other.execute("UPDATE deadlines SET anonymous = 1 WHERE case_id = ?1", [case]).unwrap();
    let found = store.check_deadlines().unwrap();
    assert!(!found.is_empty());
    assert!(found.iter().all(|d| d.case == case && d.stored.is_some()), "{found:?}");
    store.repair_deadlines().unwrap();
    assert_eq!(store.check_deadlines().unwrap(), vec![]);
    let anonymous: bool = store
        .sqlite()
        .query_row("SELECT max(anonymous) FROM deadlines WHERE case_id = ?1", [case], |r| r.get(0))
        .unwrap();
    assert!(!anonymous, "the repair stores the case's anonymity");
}

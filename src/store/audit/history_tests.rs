//! A case's history on a file and on a centre of a PostgreSQL server
//! alike: the rows that belong to the case down its foreign keys (a plan
//! version's goals by the version), a row deleted since found through the
//! trail, looks and changes told apart, other cases left out, and the look
//! at the history itself recorded.

use chrono::NaiveDate;

use super::super::tests::{revision_of, sample_centre};
use super::{HistoryEntry, HistoryKind};
use crate::domain::intake::Step;
use crate::store::Role;
use crate::store::both_centres::{Centre, on_both_centres};
use crate::store::users::NewUser;
use crate::store::{ChangeKind, StoreError};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An entry as its action, whether a look, and its changes by table and kind.
type Told = (String, HistoryKind, Vec<(String, ChangeKind)>);

fn told(history: &[HistoryEntry]) -> Vec<Told> {
    history
        .iter()
        .map(|e| (e.action.clone(), e.kind, e.changes.iter().map(|c| (c.table.clone(), c.kind)).collect()))
        .collect()
}

fn a_cases_history_holds_its_rows_down_the_foreign_keys_and_nothing_of_other_cases(centre: &Centre) {
    let mut store = sample_centre(centre);
    store
        .add_user(&NewUser {
            name: "karin".into(),
            full_name: String::new(),
            role: Role::Counsellor,
            anonymous_team: false,
        })
        .unwrap();
    // Case 2's third plan version, with its goals: the goals point at the
    // version, not at the case.
    let saved = store.add_plan_version(2, &revision_of(&store, 2, day("2026-03-17"))).unwrap();
    assert!(!saved.goals.is_empty(), "the sample's plan has goals");
    // Shared and no longer: the share's row is gone, and found in the trail.
    store.share_case(2, "karin").unwrap();
    store.unshare_case(2, "karin").unwrap();
    // Another case's step, and a look at case 2.
    store.record_step(35, &Step::BookVisitation { on: day("2026-03-17") }).unwrap();
    store.view_case(2).unwrap();

    let history = store.case_history(2).unwrap();
    let told = told(&history);
    let import = &told[0];
    assert_eq!(import.0, "import", "{told:#?}");
    assert!(history[0].changes.iter().any(|c| c.table == "cases" && c.key == "[2]"), "the import made case 2");
    assert!(history[0].changes.iter().all(|c| c.key != "[35]" || c.table != "cases"), "not case 35");
    let goals = saved.goals.len();
    let mut revised = vec![("plan_versions".to_string(), ChangeKind::Insert)];
    revised.extend(std::iter::repeat_n(("plan_goals".to_string(), ChangeKind::Insert), goals));
    let rest: Vec<_> = told[1..].iter().filter(|(action, ..)| action != "user_add").cloned().collect();
    let mut plan = rest[0].2.clone();
    plan.retain(|(table, _)| table == "plan_versions" || table == "plan_goals");
    assert_eq!((rest[0].0.as_str(), rest[0].1, plan), ("plan_revise", HistoryKind::Changed, revised), "{told:#?}");
    assert_eq!(
        rest[1..].to_vec(),
        vec![
            ("share_case".into(), HistoryKind::Changed, vec![("case_shares".into(), ChangeKind::Insert)]),
            ("unshare_case".into(), HistoryKind::Changed, vec![("case_shares".into(), ChangeKind::Delete)]),
            ("view".into(), HistoryKind::Looked, vec![]),
        ],
        "{told:#?}"
    );
    assert!(told.iter().all(|(action, ..)| action != "record_step"), "case 35's step is not case 2's: {told:#?}");
}

fn a_look_at_the_history_is_recorded_and_a_case_never_there_is_not_found(centre: &Centre) {
    let mut store = sample_centre(centre);
    let before = store.case_history(35).unwrap();
    let seen = store.view_case_history(35).unwrap();
    assert_eq!(seen, before, "the look is recorded after it is read");
    let after = store.case_history(35).unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let last = after.last().unwrap();
    assert_eq!((last.action.as_str(), last.kind, last.entity_id), ("audit_show", HistoryKind::Looked, Some(35)));
    assert_eq!(store.audit_for("case", 35).unwrap().last().unwrap().action, "audit_show");

    let entries = store.audit_head().unwrap().count;
    assert!(matches!(store.view_case_history(999), Err(StoreError::NotFound { what: "sag", id: 999 })));
    assert_eq!(store.audit_head().unwrap().count, entries, "nothing recorded of a case never there");
}

on_both_centres!(
    a_cases_history_holds_its_rows_down_the_foreign_keys_and_nothing_of_other_cases,
    a_look_at_the_history_is_recorded_and_a_case_never_there_is_not_found,
);

//! The audit trail's own tests, on real files: every kind of write records
//! the rows it changed, the audit rows refuse to change, `check` finds data
//! changed behind the program's back, the chain and its anchors find an
//! audit trail edited, cut or written anew, an old file gets its baseline,
//! and a look at a case waits for a long write rather than fail.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde_json::{Value, json};
use tempfile::TempDir;

use super::capture::{self, Change, ChangeKind};
use super::{Anchor, AuditProblem, DataProblem, Store};
use crate::domain::group::move_cards::{Attendance, MoveCardSettings};
use crate::domain::group::roll_call::RollEntry;
use crate::domain::group::stock::StockOp;
use crate::domain::intake::{ClosingReason, Reasoned, Step};
use crate::domain::money::Ore;
use crate::domain::notification::{ChildRelation, NewChild, Transition};
use crate::domain::plan::NewVersion;
use crate::domain::stay::StayStep;
use crate::store::both_centres::{Centre, on_both_centres};
use crate::store::exchange;

const SAMPLE: &str = include_str!("../../../sample-data/centre.json");

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The sample centre in a fresh file.
pub(super) fn sample_file() -> (TempDir, PathBuf, Store) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sagsbord.db");
    let mut store = Store::open(&path, "anna").unwrap();
    store.import(&exchange::parse(SAMPLE).unwrap()).unwrap();
    (dir, path, store)
}

/// The file as `sqlite3` opens it: no capture, no program.
pub(super) fn raw(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn last_audit(store: &Store) -> (i64, String, Vec<Change>) {
    let (id, action): (i64, String) =
        store.db().query_row("SELECT id, action FROM audit ORDER BY id DESC LIMIT 1", &[], |r| r.columns()).unwrap();
    (id, action, store.audit_changes(id).unwrap())
}

/// The first audit row of `action`.
fn audit_of(store: &Store, action: &str) -> (i64, String, Vec<Change>) {
    let id: i64 = store
        .db()
        .query_row("SELECT id FROM audit WHERE action = ?1 ORDER BY id LIMIT 1", &[&action], |r| r.get(0))
        .unwrap();
    (id, action.to_string(), store.audit_changes(id).unwrap())
}

fn json_of(text: &Option<String>) -> Value {
    text.as_deref().map(|t| serde_json::from_str(t).unwrap()).unwrap_or(Value::Null)
}

/// The change to `table` row `key` in `changes`.
fn change_of<'a>(changes: &'a [Change], table: &str, key: &str) -> &'a Change {
    changes
        .iter()
        .find(|c| c.table == table && c.key == key)
        .unwrap_or_else(|| panic!("no change to {table} {key} in {changes:#?}"))
}

fn assert_update(changes: &[Change], table: &str, key: &str, old: Value, new: Value) {
    let c = change_of(changes, table, key);
    assert_eq!(c.kind, ChangeKind::Update, "{c:?}");
    assert_eq!((json_of(&c.old), json_of(&c.new)), (old, new), "{table} {key}");
    assert!(c.row_hash.is_some());
}

fn assert_insert(changes: &[Change], table: &str, fields: Value) -> String {
    let c = changes
        .iter()
        .find(|c| {
            c.table == table
                && c.kind == ChangeKind::Insert
                && fields.as_object().unwrap().iter().all(|(k, v)| json_of(&c.new).get(k) == Some(v))
        })
        .unwrap_or_else(|| panic!("no insert into {table} with {fields} in {changes:#?}"));
    assert_eq!(c.old, None);
    c.key.clone()
}

/// Case `case_id`'s next plan version from `on`: its latest, revised with
/// the citizen.
pub(super) fn revision_of(store: &Store, case_id: i64, on: NaiveDate) -> NewVersion {
    let latest = store.latest_plan_version(case_id).unwrap().unwrap();
    NewVersion {
        version: latest.version + 1,
        effective_on: on,
        next_revision_on: day("2026-09-01"),
        goals: latest.goals.clone(),
        services: latest.services.clone(),
        methods: latest.methods.clone(),
        partners: latest.partners.clone(),
        action_plan: latest.action_plan,
        citizen_took_part: true,
        changes: "Revideret med borgeren".into(),
    }
}

/// The sample centre imported into `centre`, a new one.
pub(super) fn sample_centre(centre: &Centre) -> Store {
    let mut store = centre.open("anna");
    store.import(&exchange::parse(SAMPLE).unwrap()).unwrap();
    store
}

fn every_kind_of_write_records_the_rows_it_changed_before_and_after(centre: &Centre) {
    let mut store = sample_centre(centre);
    let today = day("2026-03-17");

    // An intake step: case 35 waits for its visitation.
    store.record_step(35, &Step::BookVisitation { on: today }).unwrap();
    let (_, action, changes) = last_audit(&store);
    assert_eq!(action, "record_step");
    assert_update(&changes, "cases", "[35]", json!({"visitation_on": null}), json!({"visitation_on": "2026-03-17"}));
    assert_insert(&changes, "case_events", json!({"case_id": 35, "kind": "book_visitation", "on_date": "2026-03-17"}));

    // A plan revision: case 2's third version, with its goals.
    let saved = store.add_plan_version(2, &revision_of(&store, 2, today)).unwrap();
    let (_, action, changes) = last_audit(&store);
    assert_eq!(action, "plan_revise");
    let key =
        assert_insert(&changes, "plan_versions", json!({"case_id": 2, "version": 3, "effective_on": "2026-03-17"}));
    assert_eq!(key, format!("[{}]", saved.id));
    assert_insert(&changes, "plan_goals", json!({"version_id": saved.id, "position": 0}));

    // A notification transition: notification 3 was sent; its receipt comes.
    store.record_transition(3, &Transition::Receipt { on: day("2026-03-16") }).unwrap();
    let (_, action, changes) = last_audit(&store);
    assert_eq!(action, "notification_step");
    let c = change_of(&changes, "notifications", "[3]");
    assert_eq!(json_of(&c.old), json!({"receipt_on": null, "receipt_by": null, "receipt_at": null}));
    assert_eq!(json_of(&c.new)["receipt_on"], "2026-03-16");
    assert_eq!(json_of(&c.new)["receipt_by"], "anna");

    // A stay step: stay 11 is approved.
    store.record_stay_step(11, &StayStep::Approve { on: today, by: "Visitationsudvalget".into() }).unwrap();
    let (_, action, changes) = last_audit(&store);
    assert_eq!(action, "record_stay_step");
    let c = change_of(&changes, "stays", "[11]");
    assert_eq!(json_of(&c.old)["decision"], Value::Null);
    assert_eq!(json_of(&c.new)["decision"], "approved");
    assert_eq!(json_of(&c.new)["decided_by"], "Visitationsudvalget");
    assert_insert(&changes, "stay_events", json!({"stay_id": 11, "kind": "approve"}));

    // A roll call: today's MOVE session, case 4 attended.
    let entries: Vec<RollEntry> = (store.roll_call(22).unwrap().lines.iter())
        .map(|(m, _)| RollEntry { case_id: m.case_id, mark: Some(Attendance::Attended), serial: None })
        .collect();
    assert!(entries.iter().any(|e| e.case_id == 4));
    store.save_roll_call(22, &entries, today, &MoveCardSettings::randers(), store.opened().unwrap()).unwrap();
    let (_, action, changes) = last_audit(&store);
    assert_eq!(action, "roll_call");
    assert_insert(&changes, "attendances", json!({"session_id": 22, "case_id": 4, "status": "attended"}));

    // A ledger entry: a card received.
    store.record_stock(&StockOp::ReceiveOne { serial: "MOVE-9001".into(), value: Ore::from_kr(200) }, today).unwrap();
    let (_, action, changes) = last_audit(&store);
    assert_eq!(action, "receive_gift_cards");
    assert_insert(&changes, "gift_card_ledger", json!({"serial": "MOVE-9001", "value": 20000}));

    // A child change: case 2's son, now living with the citizen part of the time.
    let change =
        NewChild { relation: ChildRelation::SharedCustody, birth_year: 2014, name: String::new(), answer_after: None };
    let opened = store.opened().unwrap();
    store.change_child(1, &change, opened).unwrap();
    let (_, action, changes) = last_audit(&store);
    assert_eq!(action, "change_child");
    assert_update(
        &changes,
        "children",
        "[1]",
        json!({"relation": "lives_at_home"}),
        json!({"relation": "shared_custody"}),
    );

    // Closing a case changes its columns and nothing it did not change.
    store
        .record_step(19, &Step::Close(Reasoned { on: today, reason: String::new() }, Some(ClosingReason::Moved)))
        .unwrap();
    let (_, _, changes) = last_audit(&store);
    assert_update(
        &changes,
        "cases",
        "[19]",
        json!({"closed_on": null, "closed_reason": null, "closing_reason": null}),
        json!({"closed_on": "2026-03-17", "closed_reason": "", "closing_reason": "moved"}),
    );

    // A look changes nothing and records no rows.
    store.view_case(2).unwrap();
    let (_, action, changes) = last_audit(&store);
    assert_eq!((action.as_str(), changes.len()), ("view", 0));

    let report = store.check(&[]).unwrap();
    assert!(report.is_clean(), "{report:#?}");
}

#[test]
fn an_import_records_every_row_it_wrote_and_checks_clean() {
    let (_dir, _path, store) = sample_file();
    let (id, action, changes) = last_audit(&store);
    assert_eq!(action, "import");
    let rows = store.check(&[]).unwrap().rows;
    // Every row of the file but the centre's (the baseline has it; the
    // import updates it) and the creator's user row (registered when the
    // file was made) was inserted by the import.
    assert_eq!(changes.iter().filter(|c| c.kind == ChangeKind::Insert).count() + 2, rows);
    assert_update(
        &changes,
        "centre",
        "[1]",
        json!({"name": "Rusmiddelcenter", "municipality": "", "profile_id": "national"}),
        json!({"name": "Rusmiddelcenter Randers", "municipality": "Randers", "profile_id": "randers"}),
    );
    assert!(store.verify_audit().unwrap().is_empty());
    assert!(id > 1);
}

/// What the capture has staged and not yet taken into an audit row.
fn staged(store: &Store) -> i64 {
    store.db().query_row("SELECT count(*) FROM audit_staging", &[], |r| r.get(0)).unwrap()
}

fn a_new_centre_begins_with_a_baseline_of_its_centre_row(centre: &Centre) {
    let store = centre.open("anna");
    // Then the creator is registered, an audited write of its own.
    assert_eq!(last_audit(&store).1, "user_register_at_open");
    let (id, action, changes) = audit_of(&store, "baseline");
    assert_eq!((id, action.as_str()), (1, "baseline"));
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].table.as_str(), changes[0].key.as_str(), changes[0].kind),
        ("centre", "[1]", ChangeKind::Baseline)
    );
    assert!(store.check(&[]).unwrap().is_clean());
}

#[test]
fn the_audit_rows_refuse_to_be_changed_or_deleted() {
    let (_dir, path, _store) = sample_file();
    let conn = raw(&path);
    for sql in [
        "UPDATE audit SET actor = 'mallory' WHERE id = 2",
        "DELETE FROM audit WHERE id = 2",
        "DELETE FROM audit",
        "UPDATE audit_change SET new = '{}' WHERE audit_id = 2",
        "DELETE FROM audit_change",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("revisionssporet"), "{sql}: {err}");
    }
}

#[test]
fn a_change_made_outside_the_program_is_not_taken_into_the_next_counsellors_audit_row() {
    let (_dir, path, mut store) = sample_file();
    raw(&path).execute("UPDATE cases SET counsellor = 'mallory' WHERE id = 12", []).unwrap();
    store.view_case(12).unwrap();
    store.record_step(35, &Step::BookVisitation { on: day("2026-03-17") }).unwrap();
    let (_, _, changes) = last_audit(&store);
    assert!(changes.iter().all(|c| c.key != "[12]" || c.table != "cases"), "{changes:#?}");
    let report = store.check(&[]).unwrap();
    assert!(
        matches!(report.data.as_slice(), [DataProblem::Changed { table, key, .. }] if table == "cases" && key == "[12]"),
        "{report:#?}"
    );
}

#[test]
fn check_finds_rows_changed_added_and_deleted_behind_the_programs_back() {
    let (_dir, path, store) = sample_file();
    assert!(store.check(&[]).unwrap().is_clean());
    let conn = raw(&path);
    // The ledger's protection dropped, as sqlite3 lets anyone.
    conn.execute_batch(
        "DROP TRIGGER gift_card_ledger_no_update;
         DROP TRIGGER gift_card_ledger_no_delete;
         UPDATE gift_card_ledger SET value = 5000 WHERE id = 3;
         DELETE FROM gift_card_ledger WHERE id = 90;
         INSERT INTO case_events (id, case_id, kind, on_date, actor, recorded_at)
             VALUES (900, 2, 'registered', '2026-03-01', 'anna', '2026-03-01T09:00:00Z');
         UPDATE cases SET note = note || ' ' WHERE id = 5;
         UPDATE case_substances SET substance = 'glue' WHERE case_id = 3 AND substance = (SELECT min(substance) FROM case_substances WHERE case_id = 3);",
    )
    .unwrap();
    let report = store.check(&[]).unwrap();
    assert!(report.chain.is_empty(), "{report:#?}");
    let mut found: Vec<String> = report
        .data
        .iter()
        .map(|p| match p {
            DataProblem::Changed { table, key, .. } => format!("changed {table} {key}"),
            DataProblem::Added { table, key } => format!("added {table} {key}"),
            DataProblem::Deleted { table, key, .. } => format!("deleted {table} {key}"),
            DataProblem::TriggerMissing { name } => format!("trigger missing {name}"),
            other => format!("{other:?}"),
        })
        .collect();
    found.sort();
    let substance_rows: Vec<String> = found.iter().filter(|f| f.contains("case_substances")).cloned().collect();
    assert_eq!(substance_rows.len(), 2, "the changed key is an added and a deleted row: {found:?}");
    assert!(substance_rows.iter().any(|f| f.starts_with("added case_substances [3,\"glue\"]")), "{found:?}");
    let rest: Vec<String> = found.into_iter().filter(|f| !f.contains("case_substances")).collect();
    assert_eq!(
        rest,
        vec![
            "added case_events [900]",
            "changed cases [5]",
            "changed gift_card_ledger [3]",
            "deleted gift_card_ledger [90]",
            "trigger missing gift_card_ledger_no_delete",
            "trigger missing gift_card_ledger_no_update",
        ]
    );
}

#[test]
fn check_finds_a_value_stored_as_a_blob_and_a_dropped_table() {
    let (_dir, path, store) = sample_file();
    let conn = raw(&path);
    // The same text, stored as a BLOB.
    conn.execute("UPDATE stays SET recommendation = CAST(recommendation AS BLOB) WHERE id = 1", []).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF; DROP TABLE notification_updates;").unwrap();
    let report = store.check(&[]).unwrap();
    // The import is the third audit row: the baseline, the creator's registration, then it.
    assert!(report.data.contains(&DataProblem::Changed { table: "stays".into(), key: "[1]".into(), audit_id: 3 }));
    assert!(
        report.data.iter().any(|p| matches!(p, DataProblem::Deleted { table, .. } if table == "notification_updates"))
    );
}

// ---------------------------------------------------------------------------
// The chain
// ---------------------------------------------------------------------------

/// A file with a few actions after the sample's import; returns the anchor
/// taken after them.
fn anchored_file() -> (TempDir, PathBuf, Store, Anchor) {
    let (dir, path, mut store) = sample_file();
    store.view_case(2).unwrap();
    store.record_step(35, &Step::BookVisitation { on: day("2026-03-17") }).unwrap();
    store.view_case(35).unwrap();
    store.reveal_cpr(35).unwrap();
    let anchor = Anchor::of(&store.audit_head().unwrap(), "2026-03-17T06:00:00Z", "sagsbord.db");
    (dir, path, store, anchor)
}

pub(super) fn unprotected(path: &Path) -> Connection {
    let conn = raw(path);
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DROP TRIGGER audit_never_changed; DROP TRIGGER audit_never_deleted;
         DROP TRIGGER audit_change_never_changed; DROP TRIGGER audit_change_never_deleted;",
    )
    .unwrap();
    conn
}

/// Rewrites every row from `from` on with recomputed hashes, as someone
/// who has read this program would.
fn recompute_from(conn: &Connection, from: i64) {
    type Row = (i64, String, String, String, String, Option<i64>, String);
    let rows: Vec<Row> = conn
        .prepare("SELECT id, at, actor, action, entity, entity_id, detail FROM audit WHERE id >= ?1 ORDER BY id")
        .unwrap()
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev: String =
        conn.query_row("SELECT hash FROM audit WHERE id < ?1 ORDER BY id DESC LIMIT 1", [from], |r| r.get(0)).unwrap();
    for (id, at, actor, action, entity, entity_id, detail) in rows {
        let changes: Vec<Change> = conn
            .prepare("SELECT tbl, row_key, op, old, new, row_hash FROM audit_change WHERE audit_id = ?1 ORDER BY seq")
            .unwrap()
            .query_map([id], |r| {
                Ok(Change {
                    table: r.get(0)?,
                    key: r.get(1)?,
                    kind: ChangeKind::parse(&r.get::<_, String>(2)?).unwrap(),
                    old: r.get(3)?,
                    new: r.get(4)?,
                    row_hash: r.get(5)?,
                })
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let hash = super::change_hash(
            id,
            &prev,
            &at,
            &actor,
            &action,
            &entity,
            entity_id,
            &detail,
            &super::changes_digest(&changes),
        );
        conn.execute("UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE id = ?3", params![prev, hash, id]).unwrap();
        prev = hash;
    }
}

#[test]
fn an_edited_audit_row_or_change_is_altered() {
    let (_dir, path, store, anchor) = anchored_file();
    let conn = unprotected(&path);
    conn.execute("UPDATE audit SET actor = 'mallory' WHERE id = ?1", [anchor.id - 1]).unwrap();
    assert_eq!(store.verify_audit().unwrap(), vec![AuditProblem::Altered { id: anchor.id - 1 }]);
    conn.execute("UPDATE audit SET actor = 'anna' WHERE id = ?1", [anchor.id - 1]).unwrap();
    assert!(store.verify_audit().unwrap().is_empty());
    // The recorded value of a step, made to look as something else.
    let step = anchor.id - 2;
    conn.execute(
        "UPDATE audit_change SET new = replace(new, '2026-03-17', '2026-03-01') WHERE audit_id = ?1 AND tbl = 'cases'",
        [step],
    )
    .unwrap();
    assert_eq!(store.verify_audit().unwrap(), vec![AuditProblem::Altered { id: step }]);
}

#[test]
fn a_deleted_or_inserted_audit_row_breaks_the_chain_and_leaves_a_gap() {
    let (_dir, path, store, anchor) = anchored_file();
    let conn = unprotected(&path);
    let middle = anchor.id - 2;
    conn.execute("DELETE FROM audit_change WHERE audit_id = ?1", [middle]).unwrap();
    conn.execute("DELETE FROM audit WHERE id = ?1", [middle]).unwrap();
    assert_eq!(
        store.verify_audit().unwrap(),
        vec![AuditProblem::Gap { after: middle - 1, next: middle + 1 }, AuditProblem::Unlinked { id: middle + 1 }]
    );
    // A row made up and slipped in where the removed one was.
    conn.execute(
        "INSERT INTO audit (id, at, actor, action, entity, entity_id, detail, prev_hash, hash, scheme)
         SELECT ?1, at, 'mallory', 'view', 'case', 2, '', prev_hash, hash, 2 FROM audit WHERE id = ?2",
        [middle, middle - 1],
    )
    .unwrap();
    let problems = store.verify_audit().unwrap();
    assert!(problems.contains(&AuditProblem::Altered { id: middle }), "{problems:?}");
    assert!(problems.contains(&AuditProblem::Unlinked { id: middle }), "{problems:?}");
}

#[test]
fn reordered_audit_rows_are_altered() {
    let (_dir, path, store, anchor) = anchored_file();
    let conn = unprotected(&path);
    // Two looks swap places (their ids, which the hash covers, stay).
    let (a, b) = (anchor.id - 1, anchor.id);
    conn.execute_batch(&format!(
        "UPDATE audit SET id = -1 WHERE id = {a}; UPDATE audit SET id = {a} WHERE id = {b}; UPDATE audit SET id = {b} WHERE id = -1;"
    ))
    .unwrap();
    let problems = store.verify_audit().unwrap();
    assert!(problems.contains(&AuditProblem::Altered { id: a }), "{problems:?}");
    assert!(problems.contains(&AuditProblem::Altered { id: b }), "{problems:?}");
}

#[test]
fn a_cut_tail_is_found_against_the_anchor_and_by_the_gap_it_leaves() {
    let (_dir, path, mut store, anchor) = anchored_file();
    assert!(store.verify_audit_against(std::slice::from_ref(&anchor)).unwrap().is_empty());
    let conn = unprotected(&path);
    // The last two looks cut away: the chain that is left is whole.
    conn.execute("DELETE FROM audit WHERE id > ?1", [anchor.id - 2]).unwrap();
    assert!(store.verify_audit().unwrap().is_empty());
    assert_eq!(
        store.verify_audit_against(std::slice::from_ref(&anchor)).unwrap(),
        vec![AuditProblem::AnchorMissing { anchor: anchor.clone(), last: anchor.id - 2 }]
    );
    // The next write takes a new id: the cut shows as a gap, anchor or not.
    store.view_case(3).unwrap();
    assert_eq!(store.verify_audit().unwrap(), vec![AuditProblem::Gap { after: anchor.id - 2, next: anchor.id + 1 }]);
}

#[test]
fn a_recomputed_chain_is_found_against_the_anchor() {
    let (_dir, path, store, anchor) = anchored_file();
    let conn = unprotected(&path);
    // Someone removes the look at case 2, renumbers the rows after it,
    // resets the sequence and recomputes every hash: the chain is whole.
    let look: i64 = conn
        .query_row("SELECT id FROM audit WHERE action = 'view' AND entity_id = 2 ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute("DELETE FROM audit WHERE id = ?1", [look]).unwrap();
    conn.execute("UPDATE audit_change SET audit_id = audit_id - 1 WHERE audit_id > ?1", [look]).unwrap();
    conn.execute("UPDATE audit SET id = id - 1 WHERE id > ?1", [look]).unwrap();
    conn.execute("UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'audit'", []).unwrap();
    recompute_from(&conn, look);
    assert!(store.verify_audit().unwrap().is_empty(), "{:?}", store.verify_audit());
    // The anchor's row is gone (the chain is one shorter).
    assert_eq!(
        store.verify_audit_against(std::slice::from_ref(&anchor)).unwrap(),
        vec![AuditProblem::AnchorMissing { anchor: anchor.clone(), last: anchor.id - 1 }]
    );
    // An earlier anchor finds the rewrite by its hash.
    let earlier = Anchor {
        id: anchor.id - 1,
        count: anchor.count - 1,
        hash: "0".repeat(64),
        at: anchor.at.clone(),
        file: anchor.file.clone(),
    };
    assert_eq!(
        store.verify_audit_against(std::slice::from_ref(&earlier)).unwrap(),
        vec![AuditProblem::AnchorRewritten { anchor: earlier }]
    );
}

#[test]
fn a_recomputed_chain_with_a_row_rewritten_in_place_is_found_against_the_anchor() {
    let (_dir, path, store, anchor) = anchored_file();
    let conn = unprotected(&path);
    conn.execute("UPDATE audit SET actor = 'bo' WHERE id = ?1", [anchor.id - 1]).unwrap();
    recompute_from(&conn, anchor.id - 1);
    assert!(store.verify_audit().unwrap().is_empty());
    assert_eq!(
        store.verify_audit_against(std::slice::from_ref(&anchor)).unwrap(),
        vec![AuditProblem::AnchorRewritten { anchor: anchor.clone() }]
    );
}

// ---------------------------------------------------------------------------
// Old files
// ---------------------------------------------------------------------------

#[test]
fn an_old_file_gets_a_baseline_its_old_rows_still_verify_and_check_then_finds_tampering() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("gammel.db");
    // A file at the version before the audit trail's, with data and an
    // audit row as that version wrote them.
    {
        let mut conn = Connection::open(&path).unwrap();
        let before = super::super::schema::AUDIT_BASELINE_AT - 1;
        for (i, sql) in super::super::schema::MIGRATIONS[..before].iter().enumerate() {
            let tx = conn.transaction().unwrap();
            tx.execute_batch(sql.sqlite).unwrap();
            tx.pragma_update(None, "user_version", (i + 1) as i64).unwrap();
            tx.commit().unwrap();
        }
        conn.execute_batch(
            "INSERT INTO citizens (id, name, cpr, home_municipality) VALUES (1, 'Jens Prøve', '010190-1234', 'Randers');
             INSERT INTO cases (id, citizen_id, kind, channel, contact_at, counsellor, children, note)
                 VALUES (1, 1, 'own_use', 'phone', '2026-03-10T10:00:00', 'anna', 'no_children', '');",
        )
        .unwrap();
        let hash = super::plain_hash(
            super::GENESIS,
            "2026-03-10T10:00:00Z",
            "anna",
            "register_contact",
            "case",
            Some(1),
            "own_use",
        );
        conn.execute(
            "INSERT INTO audit (at, actor, action, entity, entity_id, detail, prev_hash, hash)
             VALUES ('2026-03-10T10:00:00Z', 'anna', 'register_contact', 'case', 1, 'own_use', ?1, ?2)",
            params![super::GENESIS, hash],
        )
        .unwrap();
    }
    // Private, as the program requires of a database file.
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    // Anna, the counsellor the old file's case names (so registered as
    // one by the upgrade), opens it.
    let mut store = Store::open(&path, "anna").unwrap();
    assert_eq!(store.schema_version().unwrap(), crate::store::CURRENT_VERSION);
    // Then the counsellors its cases name are registered.
    let (_, last, registered) = last_audit(&store);
    assert_eq!(last, "user_register_at_open");
    assert_eq!(registered.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), vec![r#"["anna"]"#]);
    let (id, action, changes) = audit_of(&store, "baseline");
    assert_eq!((id, action.as_str()), (2, "baseline"));
    let mut rows: Vec<(&str, &str)> = changes.iter().map(|c| (c.table.as_str(), c.key.as_str())).collect();
    rows.sort();
    assert_eq!(rows, vec![("cases", "[1]"), ("centre", "[1]"), ("citizens", "[1]")]);
    assert!(changes.iter().all(|c| c.kind == ChangeKind::Baseline && c.old.is_none() && c.new.is_none()));
    assert!(store.check(&[]).unwrap().is_clean(), "{:#?}", store.check(&[]));
    store.view_case(1).unwrap();
    assert!(store.check(&[]).unwrap().is_clean());

    raw(&path).execute("UPDATE citizens SET name = 'Jens Anden' WHERE id = 1", []).unwrap();
    assert_eq!(
        store.check(&[]).unwrap().data,
        vec![DataProblem::Changed { table: "citizens".into(), key: "[1]".into(), audit_id: 2 }]
    );
}

// ---------------------------------------------------------------------------
// Capture
// ---------------------------------------------------------------------------

/// The kind of each change of the last audit row.
fn kinds(store: &Store) -> Vec<(String, String, ChangeKind)> {
    last_audit(store).2.into_iter().map(|c| (c.table, c.key, c.kind)).collect()
}

fn row(table: &str, key: &str, kind: ChangeKind) -> (String, String, ChangeKind) {
    (table.into(), key.into(), kind)
}

const PROVIDER: &str =
    "INSERT INTO providers (id, name, tilbudsportalen_id, contact, bill_intake_day, bill_discharge_day)
                        VALUES (?1, 'Prøvehuset', '1', '', 1, 1)";

fn each_row_an_action_touched_is_recorded_once_by_its_net_change(centre: &Centre) {
    let mut store = centre.open("anna");
    // Changed to what it was, inserted and removed again: nothing. Inserted
    // and changed: one insert of the row as it ended.
    store
        .write("test", "centre", |tx| {
            tx.execute("UPDATE centre SET name = name || '!' WHERE id = 1", &[])?;
            tx.execute("UPDATE centre SET name = substr(name, 1, length(name) - 1) WHERE id = 1", &[])?;
            tx.execute(PROVIDER, &[&6])?;
            tx.execute("DELETE FROM providers WHERE id = 6", &[])?;
            tx.execute(PROVIDER, &[&7])?;
            tx.execute("UPDATE providers SET contact = 'tlf. 1234' WHERE id = 7", &[])?;
            Ok(((), None, String::new()))
        })
        .unwrap();
    assert_eq!(kinds(&store), vec![row("providers", "[7]", ChangeKind::Insert)]);
    let (_, _, changes) = last_audit(&store);
    assert_eq!(json_of(&changes[0].new)["contact"], "tlf. 1234");

    // A row's key changed: the old key deleted, the new inserted.
    store
        .write("test", "provider", |tx| {
            tx.execute("UPDATE providers SET id = 8 WHERE id = 7", &[])?;
            Ok(((), None, String::new()))
        })
        .unwrap();
    assert_eq!(
        kinds(&store),
        vec![row("providers", "[8]", ChangeKind::Insert), row("providers", "[7]", ChangeKind::Delete)]
    );
    // Changed twice: one update from the first value to the last.
    store
        .write("test", "provider", |tx| {
            tx.execute("UPDATE providers SET contact = 'a' WHERE id = 8", &[])?;
            tx.execute("UPDATE providers SET contact = 'b', name = 'Huset' WHERE id = 8", &[])?;
            Ok(((), None, String::new()))
        })
        .unwrap();
    assert_update(
        &last_audit(&store).2,
        "providers",
        "[8]",
        json!({"contact": "tlf. 1234", "name": "Prøvehuset"}),
        json!({"contact": "b", "name": "Huset"}),
    );
    assert_eq!(staged(&store), 0);
    assert!(store.check(&[]).unwrap().is_clean());
}

fn a_failed_write_leaves_nothing_staged_for_the_next(centre: &Centre) {
    let mut store = centre.open("anna");
    let failed: crate::store::Result<()> = store.write("test", "centre", |tx| {
        tx.execute("UPDATE centre SET name = 'Forkert' WHERE id = 1", &[])?;
        Err(crate::store::StoreError::Corrupt("fortrudt".into()))
    });
    assert!(failed.is_err());
    assert_eq!(staged(&store), 0);
    assert!(store.check(&[]).unwrap().is_clean());
}

#[test]
fn the_row_hash_leaves_out_nulls_and_tells_types_apart() {
    use rusqlite::types::Value as V;
    let h = |row: &[(&str, V)]| {
        let columns: Vec<String> = row.iter().map(|(c, _)| c.to_string()).collect();
        let values: Vec<V> = row.iter().map(|(_, v)| v.clone()).collect();
        super::capture::row_hash(&columns, &values)
    };
    let t = |s: &str| V::Text(s.into());
    // A column added later (NULL) and the order of the columns change nothing.
    assert_eq!(h(&[("a", V::Integer(1)), ("b", V::Null)]), h(&[("a", V::Integer(1))]));
    assert_eq!(h(&[("b", t("x")), ("a", V::Integer(1))]), h(&[("a", V::Integer(1)), ("b", t("x"))]));
    // The same value as another type is another row.
    assert_ne!(h(&[("a", V::Integer(1))]), h(&[("a", t("1"))]));
    assert_ne!(h(&[("a", V::Integer(1))]), h(&[("a", V::Real(1.0))]));
    assert_ne!(h(&[("a", t("x"))]), h(&[("a", V::Blob(b"x".to_vec()))]));
    // Names and values cannot run into each other.
    assert_ne!(h(&[("a", t("x")), ("b", t("y"))]), h(&[("a", t("xb")), ("", t("y"))]));
}

// ---------------------------------------------------------------------------
// Reads wait their turn
// ---------------------------------------------------------------------------

/// A colleague's write holds the file longer than the busy timeout (a big
/// import does): opening a case waits for it and succeeds.
#[test]
fn opening_a_case_waits_for_a_write_longer_than_the_busy_timeout() {
    let (_dir, path, mut store) = sample_file();
    let (held, release) = std::sync::mpsc::channel();
    let writer = {
        let path = path.clone();
        thread::spawn(move || {
            let mut conn = Connection::open(&path).unwrap();
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
            tx.execute("UPDATE centre SET name = name WHERE id = 1", []).unwrap();
            held.send(()).unwrap();
            thread::sleep(Duration::from_millis(6500));
            tx.commit().unwrap();
        })
    };
    release.recv().unwrap();
    let started = Instant::now();
    let opened = store.view_case(2);
    let waited = started.elapsed();
    writer.join().unwrap();
    assert!(opened.is_ok(), "opening the case failed after {waited:?}: {opened:?}");
    assert!(waited >= Duration::from_secs(5), "{waited:?}");
    assert!(store.verify_audit().unwrap().is_empty());
}

#[test]
fn a_store_that_only_reads_sets_up_no_capture_and_its_first_write_is_captured() {
    let (_dir, path, store) = sample_file();
    drop(store);
    let mut store = Store::open(&path, "anna").unwrap();
    let seen = store.trace_statements();
    let triggers = |seen: &std::sync::Arc<std::sync::Mutex<Vec<String>>>| {
        seen.lock().unwrap().iter().filter(|s| s.contains("CREATE TEMP TRIGGER")).count()
    };
    // What `due` and the report do: read, and nothing else.
    let profile = store.profile().unwrap();
    store.due(&profile, day("2026-03-17"), 30).unwrap();
    assert_eq!(triggers(&seen), 0, "a read sets nothing up");
    // The first write sets the capture up, and is captured whole.
    store.record_step(35, &Step::BookVisitation { on: day("2026-03-17") }).unwrap();
    assert!(triggers(&seen) > 0);
    let (_, action, changes) = last_audit(&store);
    assert_eq!(action, "record_step");
    assert_update(&changes, "cases", "[35]", json!({"visitation_on": null}), json!({"visitation_on": "2026-03-17"}));
    // Once for the connection.
    seen.lock().unwrap().clear();
    store.record_list("Indtag", 1);
    assert!(seen.lock().unwrap().iter().any(|s| s.contains("INSERT INTO audit")), "the look is recorded");
    assert_eq!(triggers(&seen), 0, "set up once");
}

#[test]
fn a_number_in_a_hash_is_written_as_to_string_writes_it() {
    for n in [0, 7, -7, 10, 99, -100, 1_234_567_890, i64::MAX, i64::MIN, i64::MIN + 1] {
        assert_eq!(super::capture::Decimal::new(n).as_bytes(), n.to_string().as_bytes(), "{n}");
    }
}

/// An import suspends the capture of its tables (see write_bulk):
/// afterwards every check holds, on the trail and on the data.
#[test]
fn an_import_leaves_every_check_of_the_file_on() {
    let (_dir, _path, store) = sample_file();
    let imported: i64 =
        store.sqlite().query_row("SELECT count(*) FROM audit_change WHERE op = 'inserts'", [], |r| r.get(0)).unwrap();
    assert!(imported > 10, "the import recorded its rows, a block at a time: {imported}");
    let made_up_kind = store.sqlite().execute(
        "INSERT INTO audit_change (audit_id, seq, tbl, row_key, op) VALUES ((SELECT max(id) FROM audit), 1000000, 'cases', '[1]', 'made up')",
        [],
    );
    let refused_by_check =
        |r: rusqlite::Result<usize>| matches!(r, Err(e) if e.to_string().contains("CHECK constraint failed"));
    assert!(refused_by_check(made_up_kind), "the kind of change is checked again");
    let both_kinds_of_session = store.sqlite().execute(
        "INSERT INTO attendances (case_id, session_id, course_id, status, actor, recorded_at)
         SELECT id, 1, 1, 'present', 'anna', '2026-03-17T09:30:00Z' FROM cases LIMIT 1",
        [],
    );
    assert!(refused_by_check(both_kinds_of_session), "the data's checks hold too");
}

/// `check` holds a recorded hash as its bytes: the hex the trail writes
/// reads back to them, and no other text reads as a hash.
#[test]
fn a_recorded_hash_reads_back_from_its_hex_and_nothing_else_does() {
    let hash: capture::RowHash = std::array::from_fn(|i| (i * 37 + 11) as u8);
    let text = capture::hex(&hash);
    assert_eq!(capture::unhex(&text), Some(hash));
    let upper = text.to_uppercase();
    for other in [&text[..62], &format!("{text}00"), "", &upper, &text.replacen(&text[..1], "g", 1)] {
        assert_eq!(capture::unhex(other), None, "{other}");
    }
}

/// A centre on the server whose guards an administrator dropped or
/// switched off: `check` names each (on a file, see
/// `check_finds_rows_changed_added_and_deleted_behind_the_programs_back`).
#[test]
fn check_names_a_guard_dropped_or_switched_off_on_the_server() {
    let centre = Centre::postgres();
    let store = centre.open("anna");
    assert!(store.check(&[]).unwrap().is_clean(), "a new centre's guards are all there");
    centre.behind_the_programs_back(
        "ALTER TABLE gift_card_ledger DISABLE TRIGGER gift_card_ledger_no_update;
         DROP TRIGGER gift_card_ledger_no_delete ON gift_card_ledger;
         ALTER TABLE cases DISABLE TRIGGER audit_capture;",
    );
    let mut found: Vec<String> = store
        .check(&[])
        .unwrap()
        .data
        .iter()
        .map(|p| match p {
            DataProblem::TriggerMissing { name } => format!("missing {name}"),
            DataProblem::TriggerDisabled { name } => format!("disabled {name}"),
            other => format!("{other:?}"),
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            "disabled audit_capture (cases)",
            "disabled gift_card_ledger_no_update",
            "missing gift_card_ledger_no_delete"
        ]
    );
}

on_both_centres!(
    every_kind_of_write_records_the_rows_it_changed_before_and_after,
    a_new_centre_begins_with_a_baseline_of_its_centre_row,
    each_row_an_action_touched_is_recorded_once_by_its_net_change,
    a_failed_write_leaves_nothing_staged_for_the_next,
);

//! The audit trail on both engines: each write of a data table is in the
//! trail with before and after, the chain verifies, a row changed behind
//! the trail's back is found, the trail refuses to change, and the same
//! actions leave the same changes and row hashes on SQLite and PostgreSQL.

use serde_json::{Value, json};

use super::*;
use crate::store::audit::AuditProblem;
use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};
use crate::store::engine::{Db, Engine, Intent};

on_both_engines!(
    an_insert_an_update_and_a_delete_are_in_the_trail_with_before_and_after,
    a_row_changed_behind_the_trails_back_is_found,
    the_trail_refuses_update_and_delete,
    an_altered_audit_row_breaks_the_chain,
    a_key_of_two_columns_reads_alike_and_a_second_program_captures_too,
    a_touched_row_is_read_back_by_its_key,
);

/// A connection with the capture set up (the trail is begun by the
/// migrations on both engines: a new PostgreSQL centre's own row is in its
/// baseline, as a file's rows are in SQLite's migration to version 7).
fn capturing(place: &Place) -> Db<'static> {
    let db = place.open();
    install(&db).expect("the capture is set up");
    db
}

/// One action: `sql` run in a write transaction and its audit row
/// appended. The audit row's id.
fn action(db: &Db<'_>, sql: &str, detail: &str) -> i64 {
    let tx = db.transaction(Intent::Write).unwrap();
    tx.execute(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    let id = append(&tx, "anna", "test", "citizen", Some(4242), detail).expect("the audit row is appended");
    tx.commit().unwrap();
    id
}

const INSERT: &str = "INSERT INTO citizens (id, name, cpr, home_municipality, gender)
    VALUES (4242, 'Ida Prøvesen', '0101901234', 'Rødovre', 'kvinde')";
const UPDATE: &str = "UPDATE citizens SET name = 'Ida Hansen', citizenship = 'dansk' WHERE id = 4242";
const DELETE: &str = "DELETE FROM citizens WHERE id = 4242";

/// The changes one audit row records, in order.
fn changes_of(db: &Db<'_>, audit_id: i64) -> Vec<Change> {
    db.query_map(
        "SELECT tbl, row_key, op, old, new, row_hash FROM audit_change WHERE audit_id = ?1 ORDER BY seq",
        &[&audit_id],
        |r| {
            let op: String = r.get(2)?;
            Ok(Change {
                table: r.get(0)?,
                key: r.get(1)?,
                kind: ChangeKind::parse(&op).expect("a kind of change"),
                old: r.get(3)?,
                new: r.get(4)?,
                row_hash: r.get(5)?,
            })
        },
    )
    .unwrap()
}

fn json_of(text: &Option<String>) -> Value {
    text.as_deref().map(|t| serde_json::from_str(t).unwrap()).unwrap_or(Value::Null)
}

fn an_insert_an_update_and_a_delete_are_in_the_trail_with_before_and_after(place: &Place) {
    let db = capturing(place);
    let inserted = action(&db, INSERT, "ny borger");
    let updated = action(&db, UPDATE, "navn ændret");
    let deleted = action(&db, DELETE, "borger slettet");
    assert_eq!((updated, deleted), (inserted + 1, inserted + 2), "one audit row each, ids in turn");

    let [insert] = &changes_of(&db, inserted)[..] else { panic!("{:?}", changes_of(&db, inserted)) };
    assert_eq!((insert.table.as_str(), insert.key.as_str(), insert.kind), ("citizens", "[4242]", ChangeKind::Insert));
    assert_eq!(insert.old, None);
    let row = json_of(&insert.new);
    assert_eq!(
        (&row["id"], &row["name"], &row["cpr"], &row["home_municipality"], &row["gender"], &row["citizenship"]),
        (&json!(4242), &json!("Ida Prøvesen"), &json!("0101901234"), &json!("Rødovre"), &json!("kvinde"), &Value::Null)
    );
    assert_eq!(insert.row_hash.as_deref().map(str::len), Some(64));

    let [update] = &changes_of(&db, updated)[..] else { panic!("{:?}", changes_of(&db, updated)) };
    assert_eq!((update.key.as_str(), update.kind), ("[4242]", ChangeKind::Update));
    assert_eq!(json_of(&update.old), json!({"name": "Ida Prøvesen", "citizenship": null}));
    assert_eq!(json_of(&update.new), json!({"name": "Ida Hansen", "citizenship": "dansk"}));
    assert!(update.row_hash.is_some() && update.row_hash != insert.row_hash, "{update:?}");

    let [delete] = &changes_of(&db, deleted)[..] else { panic!("{:?}", changes_of(&db, deleted)) };
    assert_eq!(
        (delete.key.as_str(), delete.kind, &delete.new, &delete.row_hash),
        ("[4242]", ChangeKind::Delete, &None, &None)
    );
    let was = json_of(&delete.old);
    assert_eq!(
        (&was["name"], &was["citizenship"], &was["cpr"]),
        (&json!("Ida Hansen"), &json!("dansk"), &json!("0101901234"))
    );

    // An action that changes nothing has its audit row and no changes.
    let look = action(&db, "UPDATE citizens SET name = name WHERE id = 4242", "intet");
    assert_eq!(changes_of(&db, look), []);

    assert_eq!(verify(&db).unwrap(), [], "the chain verifies");
    let (problems, _, tables) = check_data(&db).unwrap();
    assert_eq!(problems, [], "every data row is as the trail last recorded it");
    assert!(tables > 30, "{tables} data tables");
    let staged: i64 = db.query_row("SELECT count(*) FROM audit_staging", &[], |r| r.get(0)).unwrap();
    assert_eq!(staged, 0, "the staging is emptied by each append");
}

fn a_row_changed_behind_the_trails_back_is_found(place: &Place) {
    let db = capturing(place);
    let inserted = action(&db, INSERT, "ny borger");
    action(&db, "INSERT INTO citizens (id, name, home_municipality) VALUES (4243, 'Bo', 'Rødovre')", "ny borger");
    // Another program's connection: no capture set up, nothing staged.
    let behind = place.open();
    behind.execute("UPDATE citizens SET name = 'Ida Skjult' WHERE id = 4242", &[]).unwrap();
    behind.execute("DELETE FROM citizens WHERE id = 4243", &[]).unwrap();
    behind.execute("INSERT INTO citizens (id, name, home_municipality) VALUES (4244, 'Ny', 'Rødovre')", &[]).unwrap();
    let staged: i64 = db.query_row("SELECT count(*) FROM audit_staging", &[], |r| r.get(0)).unwrap();
    assert_eq!(staged, 0, "another connection's writes are not staged on this one");

    let (mut problems, rows, _) = check_data(&db).unwrap();
    problems.sort_by_key(|p| format!("{p:?}"));
    assert_eq!(
        problems,
        [
            DataProblem::Added { table: "citizens".into(), key: "[4244]".into() },
            DataProblem::Changed { table: "citizens".into(), key: "[4242]".into(), audit_id: inserted },
            DataProblem::Deleted { table: "citizens".into(), key: "[4243]".into(), audit_id: inserted + 1 },
        ]
    );
    assert!(rows >= 2, "{rows} rows read");
    assert_eq!(verify(&db).unwrap(), [], "the chain itself is intact");

    // The next action of the program records only what it changed.
    let next = action(&db, "UPDATE citizens SET gender = 'mand' WHERE id = 4244", "køn");
    let changes = changes_of(&db, next);
    assert_eq!(changes.iter().map(|c| (c.key.as_str(), c.kind)).collect::<Vec<_>>(), [("[4244]", ChangeKind::Update)]);
}

fn the_trail_refuses_update_and_delete(place: &Place) {
    let db = capturing(place);
    let id = action(&db, INSERT, "ny borger");
    for sql in [
        "UPDATE audit SET detail = 'skjult' WHERE id = ?1",
        "DELETE FROM audit WHERE id = ?1",
        "UPDATE audit_change SET new = '{}' WHERE audit_id = ?1",
        "DELETE FROM audit_change WHERE audit_id = ?1",
    ] {
        let refused = db.execute(sql, &[&id]);
        let message = format!("{:?}", refused.expect_err(sql));
        assert!(message.contains("revisionssporet"), "{sql}: {message}");
    }
    assert_eq!(verify(&db).unwrap(), []);
    assert_eq!(changes_of(&db, id).len(), 1);
}

fn an_altered_audit_row_breaks_the_chain(place: &Place) {
    let db = capturing(place);
    let first = action(&db, INSERT, "ny borger");
    let second = action(&db, UPDATE, "navn ændret");
    // Someone with the database's own tools takes the guards away.
    db.execute_batch(match db.engine() {
        Engine::Sqlite => "DROP TRIGGER audit_never_changed; DROP TRIGGER audit_change_never_changed",
        Engine::Postgres => {
            "ALTER TABLE audit DISABLE TRIGGER audit_never_changed;
             ALTER TABLE audit_change DISABLE TRIGGER audit_change_never_changed"
        }
    })
    .unwrap();
    db.execute("UPDATE audit SET detail = 'intet' WHERE id = ?1", &[&first]).unwrap();
    db.execute("UPDATE audit_change SET new = '{\"name\":\"Ida\"}' WHERE audit_id = ?1", &[&second]).unwrap();
    assert_eq!(verify(&db).unwrap(), [AuditProblem::Altered { id: first }, AuditProblem::Altered { id: second }]);
}

/// The same actions on both engines leave the same changes, row hashes
/// included: a trail reads and verifies alike whichever engine wrote it.
#[test]
fn the_same_actions_leave_the_same_changes_on_both_engines() {
    let trail = |place: Place| {
        let db = capturing(&place);
        [INSERT, UPDATE, DELETE].map(|sql| changes_of(&db, action(&db, sql, "")))
    };
    let sqlite = trail(Place::sqlite());
    let postgres = trail(Place::postgres());
    assert_eq!(sqlite, postgres);
    assert!(sqlite.iter().all(|changes| changes.len() == 1), "{sqlite:?}");
}

/// On SQLite the seam's walk of the trail finds what the store's own
/// does, on a centre's file with a trail edited behind its back.
#[test]
fn on_sqlite_the_walk_finds_what_the_stores_does() {
    let (_dir, path, store) = crate::store::audit::tests::sample_file();
    let raw = crate::store::audit::tests::raw(&path);
    raw.execute_batch(
        "DROP TRIGGER audit_never_changed; DROP TRIGGER audit_change_never_deleted;
         UPDATE audit SET detail = 'intet' WHERE id = 2;
         DELETE FROM audit_change WHERE audit_id = 3 AND seq = 0;
         UPDATE citizens SET name = 'Skjult' WHERE id = (SELECT min(id) FROM citizens);",
    )
    .unwrap();
    let db = Db::borrowing(store.sqlite());
    let walked = verify(&db).unwrap();
    assert_eq!(walked, store.verify_audit().unwrap());
    assert!(!walked.is_empty());
    let (mut data, rows, tables) = check_data(&db).unwrap();
    let report = store.check(&[]).unwrap();
    let mut stores: Vec<DataProblem> = report
        .data
        .into_iter()
        .filter(|p| matches!(p, DataProblem::Changed { .. } | DataProblem::Added { .. } | DataProblem::Deleted { .. }))
        .collect();
    assert!(!stores.is_empty());
    data.sort_by_key(|p| format!("{p:?}"));
    stores.sort_by_key(|p| format!("{p:?}"));
    assert_eq!((data, rows, tables), (stores, report.rows, report.tables));
}

fn a_key_of_two_columns_reads_alike_and_a_second_program_captures_too(place: &Place) {
    let db = capturing(place);
    let tx = db.transaction(Intent::Write).unwrap();
    let case = a_case(&tx, "anna");
    tx.execute("INSERT INTO case_substances (case_id, substance) VALUES (?1, 'cannabis')", &[&case]).unwrap();
    let opened = append(&tx, "anna", "open_case", "case", Some(case), "").unwrap();
    tx.commit().unwrap();
    let key = format!("[{case},\"cannabis\"]");
    let changes = changes_of(&db, opened);
    let written: Vec<(&str, ChangeKind)> = changes.iter().map(|c| (c.table.as_str(), c.kind)).collect();
    assert_eq!(
        written,
        [("citizens", ChangeKind::Insert), ("cases", ChangeKind::Insert), ("case_substances", ChangeKind::Insert)]
    );
    assert_eq!(changes[2].key, key);
    assert_eq!(json_of(&changes[2].new), json!({"case_id": case, "substance": "cannabis"}));

    // A colleague's program sets the capture up on its own connection (the
    // triggers are there already) and records its own write.
    let colleague = place.open();
    install(&colleague).expect("the capture is set up a second time");
    let tx = colleague.transaction(Intent::Write).unwrap();
    tx.execute("DELETE FROM case_substances WHERE case_id = ?1", &[&case]).unwrap();
    let removed = append(&tx, "bo", "edit_case", "case", Some(case), "").unwrap();
    tx.commit().unwrap();
    let [delete] = &changes_of(&db, removed)[..] else { panic!("{:?}", changes_of(&db, removed)) };
    assert_eq!((delete.key.as_str(), delete.kind), (key.as_str(), ChangeKind::Delete));
    assert_eq!(delete.old.as_deref(), Some(format!("{{\"case_id\":{case},\"substance\":\"cannabis\"}}").as_str()));
    let staged: i64 = db.query_row("SELECT count(*) FROM audit_staging", &[], |r| r.get(0)).unwrap();
    assert_eq!(staged, 0, "a colleague's write is staged on the colleague's connection only");
    assert_eq!(verify(&db).unwrap(), []);
    assert_eq!(check_data(&db).unwrap().0, []);
}

fn a_touched_row_is_read_back_by_its_key(place: &Place) {
    let db = place.open();
    let tables = data_tables(&db).unwrap();
    for name in ["citizens", "case_substances", "users"] {
        let table = tables.iter().find(|t| t.name == name).expect(name);
        let sql = row_query(table);
        let params: Vec<rusqlite::types::Value> = table
            .key
            .iter()
            .map(|k| match k.as_str() {
                "id" | "case_id" => rusqlite::types::Value::Integer(1),
                _ => rusqlite::types::Value::Text("x".into()),
            })
            .collect();
        let refs: Vec<&dyn crate::store::engine::ToValue> =
            params.iter().map(|p| p as &dyn crate::store::engine::ToValue).collect();
        let steps = plan(&db, &sql, &refs);
        assert_eq!(whole_table_reads(&steps), Vec::<&String>::new(), "{sql}: {steps:#?}");
    }
}

/// PostgreSQL's TRUNCATE passes by the row triggers that keep the trail
/// append-only: the trail refuses it too, by statement triggers. A data
/// table's TRUNCATE is let through (as a DELETE from psql is) and the
/// check finds the rows it took as deleted behind the trail's back.
#[test]
fn on_postgres_the_trail_refuses_truncate_and_a_truncated_data_table_is_found() {
    let place = Place::postgres();
    let db = capturing(&place);
    let inserted = action(&db, INSERT, "ny borger");
    for sql in ["TRUNCATE audit_change", "TRUNCATE audit, audit_change", "TRUNCATE audit CASCADE", "TRUNCATE audit"] {
        let refused = db.execute_batch(sql);
        let message = format!("{:?}", refused.expect_err(sql));
        assert!(message.contains("revisionssporet") || sql == "TRUNCATE audit", "{sql}: {message}");
    }
    assert_eq!(verify(&db).unwrap(), [], "the chain is whole");
    assert_eq!(changes_of(&db, inserted).len(), 1);

    db.execute_batch("TRUNCATE case_substances").unwrap();
    let tx = db.transaction(Intent::Write).unwrap();
    let case = a_case(&tx, "anna");
    tx.execute("INSERT INTO case_substances (case_id, substance) VALUES (?1, 'cannabis')", &[&case]).unwrap();
    append(&tx, "anna", "open_case", "case", Some(case), "").unwrap();
    tx.commit().unwrap();
    db.execute_batch("TRUNCATE case_substances").unwrap();
    assert_eq!(
        check_data(&db).unwrap().0,
        [DataProblem::Deleted {
            table: "case_substances".into(),
            key: format!("[{case},\"cannabis\"]"),
            audit_id: inserted + 1
        }]
    );
}

/// A new PostgreSQL centre's schema comes with its own rows, and its
/// trail's baseline records them: the check is clean and the chain
/// verifies before the program has written anything.
#[test]
fn on_postgres_a_freshly_migrated_centre_checks_clean_and_verifies() {
    let db = Place::postgres().open();
    let (problems, rows, _) = check_data(&db).unwrap();
    assert_eq!(problems, [], "nothing added behind the trail's back");
    assert!(rows >= 1, "the centre's own row is read: {rows}");
    assert_eq!(verify(&db).unwrap(), []);
    let baseline: Vec<(String, String)> =
        db.query_map("SELECT action, entity FROM audit ORDER BY id", &[], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(baseline, [("baseline".to_string(), "database".to_string())]);
    let recorded: Vec<(String, String, String)> = db
        .query_map("SELECT tbl, row_key, op FROM audit_change WHERE audit_id = 1 ORDER BY seq", &[], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert!(recorded.contains(&("centre".into(), "[1]".into(), "baseline".into())), "{recorded:?}");
}

//! A bulk write's inserts stored a block at a time: read as the rows they
//! stand for, alike to the one-row-a-change form files written before
//! schema version 24 keep; a block tampered with breaks the chain; and a
//! file of the previous version migrates to a clean `check`.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, params};
use tempfile::TempDir;

use super::capture::{self, ChangeKind};
use super::tests::{raw, sample_file};
use super::{AuditProblem, Store, block};
use crate::store::exchange;

const SAMPLE: &str = include_str!("../../../sample-data/centre.json");

/// The import's audit row.
fn import_id(store: &Store) -> i64 {
    store.sqlite().query_row("SELECT id FROM audit WHERE action = 'import'", [], |r| r.get(0)).unwrap()
}

fn blocks(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM audit_change WHERE op = ?1", [block::KIND], |r| r.get(0)).unwrap()
}

/// Runs `f` on the file with the trail's protections dropped, as `sqlite3`
/// lets anyone, and puts them back as they were.
fn unguarded(path: &Path, f: impl FnOnce(&Connection)) {
    let conn = raw(path);
    let guards: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit', 'audit_change')")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, _) in &guards {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    f(&conn);
    for (_, sql) in &guards {
        conn.execute_batch(sql).unwrap();
    }
}

/// Writes every block as the one row per insert the trail held before
/// schema version 24, each at its own seq.
fn as_rows_of_one(conn: &Connection) {
    let stored: Vec<(i64, i64, String, String, String, Vec<u8>)> = conn
        .prepare("SELECT audit_id, seq, tbl, row_key, new, hashes FROM audit_change WHERE op = ?1")
        .unwrap()
        .query_map([block::KIND], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!stored.is_empty());
    for (audit_id, seq, table, first, keys, hashes) in stored {
        let changes = block::expand(&table, &first, Some(&keys), Some(&hashes)).unwrap();
        conn.execute("DELETE FROM audit_change WHERE audit_id = ?1 AND seq = ?2", params![audit_id, seq]).unwrap();
        for (i, c) in changes.into_iter().enumerate() {
            conn.execute(
                "INSERT INTO audit_change (audit_id, seq, tbl, row_key, op, row_hash) VALUES (?1, ?2, ?3, ?4, 'insert', ?5)",
                params![audit_id, seq + i as i64, c.table, c.key, c.row_hash],
            )
            .unwrap();
        }
    }
}

#[test]
fn an_import_stores_its_inserts_in_blocks_read_as_the_rows_they_stand_for() {
    let (_dir, _path, store) = sample_file();
    blocks_stand_for_the_rows(&store);
}

/// A centre with lists of thousands of rows: the rows are read in parts
/// and hashed on a thread of their own (`audit::append_fresh`), so a table
/// spans several parts and several full blocks, and the next table's rows
/// follow in parts of their own.
#[test]
fn an_import_of_thousands_of_rows_a_table_stores_them_in_full_blocks_of_one_table_each() {
    let shape = crate::generate::Shape {
        cases: 600,
        seed: 5,
        today: chrono::NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(),
        stress: false,
    };
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&crate::generate::centre(&shape, &mut |_| {})).unwrap();
    blocks_stand_for_the_rows(&store);
    let full: i64 = store
        .sqlite()
        .query_row(
            "SELECT count(*) FROM audit_change WHERE op = ?1 AND length(hashes) = 32 * ?2 AND tbl = 'case_events'",
            params![block::KIND, block::ROWS as i64],
            |r| r.get(0),
        )
        .unwrap();
    assert!(full >= 2, "{full} full blocks of case events");
    assert!(store.verify_audit().unwrap().is_empty());
}

/// Every row inserted is one insert of the import's audit row, with the
/// hash of the row as it stands; the blocks are numbered on from one
/// another, none past [`block::ROWS`] rows, and `check` is clean.
fn blocks_stand_for_the_rows(store: &Store) {
    let id = import_id(store);
    let changes = store.audit_changes(id).unwrap();
    let inserts: Vec<_> = changes.iter().filter(|c| c.kind == ChangeKind::Insert).collect();
    let stored: i64 =
        store.sqlite().query_row("SELECT count(*) FROM audit_change WHERE audit_id = ?1", [id], |r| r.get(0)).unwrap();
    assert!(blocks(store.sqlite()) > 0);
    assert!(stored * 20 < inserts.len() as i64, "{stored} rows stored for {} inserts", inserts.len());
    // Each insert carries the hash of its row as it stands (nothing has
    // changed it since), and each row is one insert.
    let mut now = HashMap::new();
    for table in capture::data_tables(store.sqlite()).unwrap() {
        for (key, hash) in capture::row_hashes(store.sqlite(), &table).unwrap() {
            now.insert((table.name.clone(), key), hash);
        }
    }
    for c in &inserts {
        assert!(c.old.is_none() && c.new.is_none());
        assert_eq!(c.row_hash.as_ref(), now.get(&(c.table.clone(), c.key.clone())), "{c:?}");
    }
    let distinct: std::collections::HashSet<_> = inserts.iter().map(|c| (&c.table, &c.key)).collect();
    assert_eq!(distinct.len(), inserts.len());
    // The blocks' rows are numbered on from one another, none past ROWS.
    let spans: Vec<(i64, i64)> = store
        .sqlite()
        .prepare("SELECT seq, length(hashes) / 32 FROM audit_change WHERE audit_id = ?1 AND op = ?2 ORDER BY seq")
        .unwrap()
        .query_map(params![id, block::KIND], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for pair in spans.windows(2) {
        assert!(pair[0].0 + pair[0].1 <= pair[1].0, "{pair:?}");
    }
    assert!(spans.iter().all(|&(_, n)| n >= 1 && n <= block::ROWS as i64), "{spans:?}");
    assert!(store.check(&[]).unwrap().is_clean());
}

#[test]
fn the_blocks_and_the_rows_of_one_they_stand_for_verify_check_and_tell_a_case_history_alike() {
    let (_dir, path, mut store) = sample_file();
    store
        .record_step(
            35,
            &crate::domain::intake::Step::BookVisitation { on: chrono::NaiveDate::from_ymd_opt(2026, 3, 17).unwrap() },
        )
        .unwrap();
    store.view_case(35).unwrap();
    let id = import_id(&store);
    let (changes, history, report) =
        (store.audit_changes(id).unwrap(), store.case_history(35).unwrap(), store.check(&[]).unwrap());
    assert!(report.is_clean(), "{report:#?}");
    assert!(history.iter().any(|e| e.id == id && !e.changes.is_empty()), "the import wrote case 35: {history:#?}");

    // The file as the previous version wrote its import: a row a change.
    unguarded(&path, as_rows_of_one);
    assert_eq!(blocks(store.sqlite()), 0);
    assert_eq!(store.audit_changes(id).unwrap(), changes);
    assert_eq!(store.case_history(35).unwrap(), history);
    assert_eq!(store.check(&[]).unwrap(), report);
}

/// Tampers with the import's first block of `cases` (its row key, keys
/// and hashes), then puts it back.
fn tampered(path: &Path, store: &Store, what: &str, tamper: impl Fn(&mut String, &mut String, &mut Vec<u8>)) {
    let id = import_id(store);
    let (seq, first, keys, hashes): (i64, String, String, Vec<u8>) = store
        .sqlite()
        .query_row(
            "SELECT seq, row_key, new, hashes FROM audit_change
             WHERE audit_id = ?1 AND op = ?2 AND tbl = 'cases' ORDER BY seq LIMIT 1",
            params![id, block::KIND],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert!(keys.lines().count() > 2);
    let (mut first_t, mut keys_t, mut hashes_t) = (first.clone(), keys.clone(), hashes.clone());
    tamper(&mut first_t, &mut keys_t, &mut hashes_t);
    let write = |first: &str, keys: &str, hashes: &[u8]| {
        unguarded(path, |conn| {
            conn.execute(
                "UPDATE audit_change SET row_key = ?3, new = ?4, hashes = ?5 WHERE audit_id = ?1 AND seq = ?2",
                params![id, seq, first, keys, hashes],
            )
            .unwrap();
        })
    };
    write(&first_t, &keys_t, &hashes_t);
    assert_eq!(store.verify_audit().unwrap(), vec![AuditProblem::Altered { id }], "{what}");
    let report = store.check(&[]).unwrap();
    assert_eq!(report.chain, vec![AuditProblem::Altered { id }], "{what}");
    write(&first, &keys, &hashes);
    assert!(store.check(&[]).unwrap().is_clean(), "{what}: put back");
}

#[test]
fn a_tampered_block_breaks_the_chain_and_never_panics() {
    let (_dir, path, store) = sample_file();
    let second_line = |keys: &str| keys.lines().nth(1).unwrap().len() + keys.lines().next().unwrap().len() + 1;
    tampered(&path, &store, "one hash changed", |_, _, hashes| hashes[40] ^= 1);
    tampered(&path, &store, "a key changed", |_, keys, _| *keys = keys.replacen("\n[", "\n[9", 1));
    tampered(&path, &store, "the first key changed", |first, _, _| first.push(' '));
    tampered(&path, &store, "a row dropped (key and hash)", |_, keys, hashes| {
        let end = second_line(keys);
        let start = keys.lines().next().unwrap().len();
        keys.replace_range(start..end, "");
        hashes.drain(32..64);
    });
    tampered(&path, &store, "a key dropped", |_, keys, _| {
        let end = second_line(keys);
        let start = keys.lines().next().unwrap().len();
        keys.replace_range(start..end, "");
    });
    tampered(&path, &store, "cut short (the last row)", |_, keys, hashes| {
        keys.truncate(keys.rfind('\n').unwrap());
        hashes.truncate(hashes.len() - 32);
    });
    tampered(&path, &store, "cut short (within a hash)", |_, _, hashes| hashes.truncate(hashes.len() - 5));
    tampered(&path, &store, "no hashes", |_, _, hashes| hashes.clear());
}

/// A version-23 file: the migrations up to it, run as that program did.
fn file_at_23(path: &Path) {
    let mut conn = Connection::open(path).unwrap();
    for (i, m) in super::super::schema::MIGRATIONS[..23].iter().enumerate() {
        let tx = conn.transaction().unwrap();
        tx.execute_batch(m.sqlite).unwrap();
        if i + 1 == super::super::schema::AUDIT_BASELINE_AT {
            super::record_baseline(&tx, "anna").unwrap();
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64).unwrap();
        tx.commit().unwrap();
    }
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
}

fn audit_change_schema(conn: &Connection) -> String {
    conn.query_row("SELECT sql FROM sqlite_master WHERE name = 'audit_change'", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_file_of_the_previous_version_takes_blocks_after_its_migration() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("23.db");
    file_at_23(&path);
    let old = audit_change_schema(&raw(&path));
    assert!(!old.contains("inserts"), "{old}");
    // Opened by this program: migrated, and its import's inserts go in
    // blocks, which the widened CHECK takes.
    let mut store = Store::open(&path, "anna").unwrap();
    store.import(&exchange::parse(SAMPLE).unwrap()).unwrap();
    assert!(blocks(store.sqlite()) > 0);
    assert!(store.check(&[]).unwrap().is_clean(), "{:#?}", store.check(&[]));
    let fresh = Store::open_in_memory("anna").unwrap();
    assert_eq!(audit_change_schema(store.sqlite()), audit_change_schema(fresh.sqlite()));
    let integrity: String = store.sqlite().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    // A kind the CHECK does not name is still refused.
    let made_up = store.sqlite().execute(
        "INSERT INTO audit_change (audit_id, seq, tbl, row_key, op) VALUES (1, 1000000, 'cases', '[1]', 'insertz')",
        [],
    );
    assert!(matches!(made_up, Err(e) if e.to_string().contains("CHECK constraint failed")));
}

#[test]
fn an_import_of_the_previous_version_migrates_to_a_clean_check_its_rows_as_they_were() {
    let (_dir, path, store) = sample_file();
    let id = import_id(&store);
    let (changes, history) = (store.audit_changes(id).unwrap(), store.case_history(35).unwrap());
    drop(store);
    // The file as the previous version left it: a row a change, no
    // column for hashes, the kinds' CHECK without blocks, version 23.
    unguarded(&path, |conn| {
        as_rows_of_one(conn);
        conn.execute_batch(
            "ALTER TABLE audit_change DROP COLUMN hashes;
             PRAGMA writable_schema = ON;
             UPDATE sqlite_schema SET sql = replace(sql, ', ''inserts'')', ')') WHERE name = 'audit_change';
             PRAGMA writable_schema = RESET;
             PRAGMA user_version = 23;",
        )
        .unwrap();
        assert!(!audit_change_schema(conn).contains("inserts"));
    });
    let store = Store::open(&path, "anna").unwrap();
    assert_eq!(store.schema_version().unwrap(), crate::store::CURRENT_VERSION);
    assert!(store.check(&[]).unwrap().is_clean(), "{:#?}", store.check(&[]));
    assert_eq!(blocks(store.sqlite()), 0, "the old rows stay as they are");
    assert_eq!(store.audit_changes(id).unwrap(), changes);
    assert_eq!(store.case_history(35).unwrap(), history);
}

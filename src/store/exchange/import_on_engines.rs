//! The import on both engines: the sample centre taken into a new centre
//! on a SQLite file and on a PostgreSQL server exports again to the same
//! bytes, recorded in its trail alike and whole; a file refused part way
//! writes nothing.

use super::{ExportFile, parse, to_text};
use crate::store::Store;
use crate::store::both_centres::{Centre, on_both_centres};

const SAMPLE: &str = include_str!("../../../sample-data/centre.json");

fn sample() -> ExportFile {
    parse(SAMPLE).unwrap()
}

/// The sample's export after it was imported into a new SQLite file, and
/// the import's record in the trail: what every engine must give back.
fn from_a_file() -> (String, Recorded) {
    let centre = Centre::sqlite();
    let mut store = centre.open("anna");
    store.import(&sample()).unwrap();
    (to_text(&store.export().unwrap()), recorded(&store))
}

/// The import's record: its change rows as stored (blocks of inserts
/// among them) and the changes they stand for.
#[derive(Debug, PartialEq)]
struct Recorded {
    stored: i64,
    blocks: i64,
    changes: usize,
}

fn recorded(store: &Store) -> Recorded {
    let id: i64 = store.db().query_row("SELECT max(id) FROM audit WHERE action = 'import'", &[], |r| r.get(0)).unwrap();
    let (stored, blocks) = store
        .db()
        .query_row(
            "SELECT count(*), sum(CASE WHEN op = 'inserts' THEN 1 ELSE 0 END) FROM audit_change WHERE audit_id = ?1",
            &[&id],
            |r| r.columns(),
        )
        .unwrap();
    Recorded { stored, blocks, changes: store.audit_changes(id).unwrap().len() }
}

fn count(store: &Store, table: &str) -> i64 {
    store.db().query_row(&format!("SELECT count(*) FROM {table}"), &[], |r| r.get(0)).unwrap()
}

fn the_sample_imported_exports_as_from_a_file(centre: &Centre) {
    let mut store = centre.open("anna");
    let file = sample();
    let counts = store.import(&file).unwrap();
    assert_eq!(counts.of(super::part::List::Cases), file.cases.len());
    let (exported, record) = from_a_file();
    assert_eq!(to_text(&store.export().unwrap()), exported);
    // The rows inserted are recorded by key and hash, a block of them to a
    // change row, as on a file: not staged one by one with their values.
    assert_eq!(recorded(&store), record);
    assert!(record.blocks > 0 && record.changes > 10 * record.stored as usize, "{record:?}");
    assert_eq!(store.verify_audit().unwrap(), vec![]);
    let report = store.check(&[]).unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert!(report.rows > file.cases.len(), "the imported rows are checked: {report:?}");
    // The rows took the file's ids; a new one takes the next past them.
    let past = file.citizens.iter().map(|c| c.id).max().unwrap();
    let new: i64 = store
        .db()
        .query_row(
            "INSERT INTO citizens (name, home_municipality) VALUES ('Ny Borger', 'Rødovre') RETURNING id",
            &[],
            |r| r.get(0),
        )
        .unwrap();
    assert!(new > past, "{new} after {past}");
}

fn a_file_refused_part_way_writes_nothing(centre: &Centre) {
    let mut store = centre.open("anna");
    let before = store.audit_head().unwrap();
    let mut file = sample();
    // An event before its case's first contact: refused by the checks of
    // the events, after the citizens and cases are written.
    let last = file.case_events.len() - 1;
    file.case_events[last].on = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    assert!(store.import(&file).is_err());
    for table in ["citizens", "cases", "case_events", "deadlines_dirty"] {
        assert_eq!(count(&store, table), 0, "{table}");
    }
    assert_eq!(store.audit_head().unwrap(), before);
    // Nothing was left half done: the whole file goes in after it.
    store.import(&sample()).unwrap();
    assert_eq!(count(&store, "cases"), sample().cases.len() as i64);
    assert!(store.check(&[]).unwrap().is_clean());
}

on_both_centres!(the_sample_imported_exports_as_from_a_file, a_file_refused_part_way_writes_nothing);

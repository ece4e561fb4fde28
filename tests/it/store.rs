//! The store as a whole: the export format's round trip with the demo
//! sample, an import into a database that is in use, and the audit chain,
//! each on a file and on a centre of a PostgreSQL server (`on_both_places!`
//! at the end); and on real SQLite files alone what is a file's own: its
//! migrations by `user_version`, its mode on disk and the pragmas (write-
//! ahead logging, foreign keys), which a server has no counterpart of. The
//! refused import files are in `imports`; each pane's records are in that
//! pane's `store` module.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use rusqlite::Connection;
use sagsbord::domain::intake::validate_contact;
use sagsbord::domain::policy::Profile;
use sagsbord::store::exchange::{self, ExportFile};
use sagsbord::store::{AuditProblem, CURRENT_VERSION, NewUser, Role, Store, StoreError};
use tempfile::TempDir;

use crate::common::place::{Place, on_both_places};
use crate::common::{contact_input, date, fresh, sample, sample_text, test_centre, trail};

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

// ---------------------------------------------------------------------------
// Migrations and the file itself
// ---------------------------------------------------------------------------

fn schema_of(path: &Path) -> (i64, Vec<(String, String)>) {
    let conn = Connection::open(path).unwrap();
    let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let mut stmt = conn.prepare("SELECT name, ifnull(sql, '') FROM sqlite_master ORDER BY name").unwrap();
    let objects = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
    (version, objects)
}

#[test]
fn an_empty_file_is_migrated_to_the_current_version_and_a_second_open_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sagsbord.db");
    fs::File::create(&path).unwrap();
    // Private, as the program requires of a database file.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    {
        let store = crate::common::open_as(&path, "anna", sagsbord::store::Role::TeamLeader);
        assert_eq!(store.schema_version().unwrap(), CURRENT_VERSION);
    }
    let (version, objects) = schema_of(&path);
    assert_eq!(version as usize, CURRENT_VERSION);
    for table in ["audit", "case_events", "case_substances", "cases", "centre", "citizens"] {
        assert!(objects.iter().any(|(name, _)| name == table), "table {table} missing");
    }
    let bytes = fs::read(&path).unwrap();

    // A plain open: nothing to migrate, nobody to register, so nothing written.
    let store = Store::open(&path, "bo").unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT_VERSION);
    drop(store);
    assert_eq!(schema_of(&path), (version, objects));
    assert!(fs::read(&path).unwrap() == bytes, "a second open rewrote the file");
}

#[test]
fn a_file_from_a_newer_program_is_refused_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("newer.db");
    let newer = CURRENT_VERSION as i64 + 1;
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x INTEGER); INSERT INTO future VALUES (42);").unwrap();
        conn.pragma_update(None, "user_version", newer).unwrap();
    }
    let before = fs::read(&path).unwrap();

    match Store::open(&path, "anna") {
        Err(StoreError::TooNew { file, program }) => {
            assert_eq!(file, CURRENT_VERSION + 1);
            assert_eq!(program, CURRENT_VERSION);
        }
        Err(other) => panic!("expected TooNew, got {other}"),
        Ok(_) => panic!("a newer file was opened"),
    }
    assert!(fs::read(&path).unwrap() == before, "the refused file was changed");
    let names: Vec<String> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, vec!["newer.db".to_string()], "files beside the refused one");
    assert_eq!(schema_of(&path).0, newer);
}

#[test]
fn a_new_database_file_is_readable_by_its_owner_only() {
    let (_dir, path, mut store) = fresh("anna");
    assert_eq!(mode(&path), 0o600);
    // The write-ahead log SQLite creates next to it takes the same mode.
    // (The import writes a new centre with a rollback journal and leaves
    // the file in WAL mode; the log comes with the next write.)
    store.import(&sample()).unwrap();
    store
        .add_user(&NewUser {
            name: "bo".into(),
            full_name: String::new(),
            role: Role::Counsellor,
            anonymous_team: false,
        })
        .unwrap();
    assert_eq!(store.journal_mode().unwrap(), "wal");
    let wal = path.with_extension("db-wal");
    assert!(wal.exists(), "no write-ahead log beside the file");
    assert_eq!(mode(&wal), 0o600);
}

#[test]
fn in_a_group_shared_folder_a_new_database_file_is_readable_by_the_group() {
    let dir = TempDir::new().unwrap();
    let shared = dir.path().join("delt");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o2770)).unwrap();
    assert_eq!(mode(&shared), 0o2770, "the setgid bit did not stick on the test folder");
    let path = shared.join("sagsbord.db");
    let _store = crate::common::open_as(&path, "anna", sagsbord::store::Role::TeamLeader);
    assert_eq!(mode(&path), 0o660);
}

#[test]
fn a_missing_folder_is_created_private() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ny").join("sagsbord.db");
    let _store = crate::common::open_as(&path, "anna", sagsbord::store::Role::TeamLeader);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn write_ahead_logging_and_foreign_keys_are_on() {
    let (_dir, path, store) = fresh("anna");
    assert_eq!(store.journal_mode().unwrap(), "wal");
    assert!(store.foreign_keys().unwrap());
    // WAL is a property of the file: another connection sees it too.
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

// ---------------------------------------------------------------------------
// Import and export
// ---------------------------------------------------------------------------

fn the_sample_survives_import_export_import_export_unchanged(place: &Place) {
    let sample = sample();
    assert_eq!(sample.sample_today, Some(date("2026-03-17")));

    let mut first = place.open("anna");
    first.import(&sample).unwrap();
    let export1 = first.export().unwrap();
    let text1 = exchange::to_text(&export1);

    let other = place.again();
    let mut second = other.open("bo");
    second.import(&exchange::parse(&text1).unwrap()).unwrap();
    let text2 = exchange::to_text(&second.export().unwrap());
    assert!(text1 == text2, "the second export differs from the first");

    // The first export is the sample without its demo day: as records and,
    // since the sample is written in export order, as text.
    let without_today = ExportFile { sample_today: None, ..sample };
    assert_eq!(export1, without_today);
    let sample_minus_today: String = sample_text()
        .lines()
        .filter(|l| !l.trim_start().starts_with("\"sample_today\""))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(text1 == sample_minus_today, "the export is not the sample minus sample_today");
}

fn an_import_is_audited_in_the_new_centre_and_the_chain_holds(place: &Place) {
    let mut store = place.open("anna");
    store.import(&sample()).unwrap();
    drop(store);
    let mut store = place.open("bo");
    assert!(store.verify_audit().unwrap().is_empty());
    store.export().unwrap();
    let rows: Vec<(String, String, String)> =
        trail(&store).into_iter().map(|e| (e.actor, e.action, e.entity)).collect();
    let creator = place.creator();
    let row = |actor: &str, action: &str, entity: &str| (actor.to_string(), action.to_string(), entity.to_string());
    assert_eq!(
        rows,
        [
            // The new centre's first row: the hash of its one row, the
            // centre, in the name of the one who created it (a file's Unix
            // user, the server's login).
            row(&creator, "baseline", "database"),
            // Its creator made it, so is registered as its team leader.
            row(&creator, "user_register_at_open", "user"),
            // The creator adds Anna, who imports, and Bo, who then exports.
            row(&creator, "user_add", "user"),
            row("anna", "import", "database"),
            row(&creator, "user_add", "user"),
            row("bo", "export", "database"),
        ]
    );
}

fn an_import_into_a_database_that_holds_cases_is_refused_and_writes_nothing(place: &Place) {
    let mut store = place.open("anna");
    store.set_centre(&test_centre()).unwrap();
    let contact = validate_contact(
        &contact_input(),
        &Profile::built_in("national").unwrap().intake,
        "Favrskov",
        date("2026-03-10"),
    )
    .unwrap();
    let id = store.register_contact(&contact).unwrap();
    let before = exchange::to_text(&store.export().unwrap());

    match store.import(&sample()) {
        Err(StoreError::Import { at, .. }) => assert_eq!(at, "databasen"),
        other => panic!("expected an import error, got {other:?}"),
    }
    let after = store.export().unwrap();
    assert_eq!(exchange::to_text(&after), before);
    assert_eq!(after.centre, test_centre());
    assert_eq!(store.all_cases().unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), vec![id]);
}

// ---------------------------------------------------------------------------
// The audit trail
// ---------------------------------------------------------------------------

/// A few audited actions on the centre; returns the audit row ids.
fn audited(place: &Place) -> Vec<i64> {
    let mut store = place.open("anna");
    let policy = Profile::built_in("randers").unwrap().intake;
    let contact = validate_contact(&contact_input(), &policy, "Randers", date("2026-03-10")).unwrap();
    let id = store.register_contact(&contact).unwrap();
    store.view_case(id).unwrap();
    store.reveal_cpr(id).unwrap();
    store.view_case(id).unwrap();
    assert!(store.verify_audit().unwrap().is_empty());
    let ids: Vec<i64> = trail(&store).iter().map(|e| e.id).collect();
    // The new centre's baseline, its creator's registration as the team
    // leader who made it and Anna's as a user, then the four actions.
    assert_eq!(ids.len(), 7);
    ids
}

fn an_edited_audit_row_is_reported_as_altered(place: &Place) {
    let ids = audited(place);
    place.unguarded(&format!("UPDATE audit SET detail = 'intet at se her' WHERE id = {}", ids[3]));
    let store = place.open("revisor");
    assert_eq!(store.verify_audit().unwrap(), vec![AuditProblem::Altered { id: ids[3] }]);
}

fn a_deleted_audit_row_is_reported_as_a_gap_and_unlinked(place: &Place) {
    let ids = audited(place);
    place
        .unguarded(&format!("DELETE FROM audit_change WHERE audit_id = {0}; DELETE FROM audit WHERE id = {0}", ids[4]));
    let store = place.open("revisor");
    // Revisor's registration is written after the cut, and chains to it.
    let problems = store.verify_audit().unwrap();
    assert_eq!(
        problems,
        vec![AuditProblem::Gap { after: ids[3], next: ids[5] }, AuditProblem::Unlinked { id: ids[5] }]
    );
}

fn viewing_a_case_and_revealing_a_cpr_number_are_audited_with_the_actor(place: &Place) {
    let mut store = place.open("anna");
    let policy = Profile::built_in("randers").unwrap().intake;
    let contact = validate_contact(&contact_input(), &policy, "Randers", date("2026-03-10")).unwrap();
    let id = store.register_contact(&contact).unwrap();
    drop(store);

    let mut store = place.open("bo");
    let before = store.audit_for("case", id).unwrap().len();
    store.view_case(id).unwrap();
    let after_view = store.audit_for("case", id).unwrap();
    assert_eq!(after_view.len(), before + 1);
    let last = after_view.last().unwrap();
    assert_eq!((last.actor.as_str(), last.action.as_str(), last.entity_id), ("bo", "view", Some(id)));

    assert_eq!(store.reveal_cpr(id).unwrap(), Some("150390-1230".into()));
    let after_reveal = store.audit_for("case", id).unwrap();
    assert_eq!(after_reveal.len(), before + 2);
    let last = after_reveal.last().unwrap();
    assert_eq!((last.actor.as_str(), last.action.as_str(), last.entity_id), ("bo", "reveal_cpr", Some(id)));
    // The CPR number itself is not written into the trail.
    assert!(after_reveal.iter().all(|e| !e.detail.contains("150390-1230")));
    assert!(store.verify_audit().unwrap().is_empty());
}

on_both_places!(
    the_sample_survives_import_export_import_export_unchanged,
    an_import_is_audited_in_the_new_centre_and_the_chain_holds,
    an_import_into_a_database_that_holds_cases_is_refused_and_writes_nothing,
    an_edited_audit_row_is_reported_as_altered,
    a_deleted_audit_row_is_reported_as_a_gap_and_unlinked,
    viewing_a_case_and_revealing_a_cpr_number_are_audited_with_the_actor,
);

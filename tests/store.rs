//! The store on real SQLite files: migrations, file modes, the import and
//! export format (with the demo sample and the invalid fixtures), the audit
//! chain, and the sample's own consistency.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;
use sagsbord::domain::cpr::Cpr;
use sagsbord::domain::intake::{
    Case, Channel, ChildrenAnswer, ContactInput, ContactKind, DoctorStatus, Guarantee, Progress, QueueFlag, Stage,
    Step, StepInput, StepKind, Substance, apply_step, build_queue, doctor_status, guarantee, parse_step, stage,
    validate_contact,
};
use sagsbord::domain::policy::Profile;
use sagsbord::store::exchange::{self, ExportFile};
use sagsbord::store::{AuditProblem, CURRENT_VERSION, Centre, Store, StoreError};
use tempfile::TempDir;

const SAMPLE: &str = "sample-data/centre.json";

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn sample_text() -> String {
    fs::read_to_string(manifest(SAMPLE)).expect("the sample file")
}

fn sample() -> ExportFile {
    exchange::parse(&sample_text()).expect("the sample parses")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// A fresh database file in its own folder.
fn fresh(actor: &str) -> (TempDir, PathBuf, Store) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sagsbord.db");
    let store = Store::open(&path, actor).unwrap();
    (dir, path, store)
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
    {
        let store = Store::open(&path, "anna").unwrap();
        assert_eq!(store.schema_version().unwrap(), CURRENT_VERSION);
    }
    let (version, objects) = schema_of(&path);
    assert_eq!(version as usize, CURRENT_VERSION);
    for table in ["audit", "case_events", "case_substances", "cases", "centre", "citizens"] {
        assert!(objects.iter().any(|(name, _)| name == table), "table {table} missing");
    }
    let bytes = fs::read(&path).unwrap();

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
    store.import(&sample()).unwrap();
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
    let _store = Store::open(&path, "anna").unwrap();
    assert_eq!(mode(&path), 0o660);
}

#[test]
fn a_missing_folder_is_created_private() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ny").join("sagsbord.db");
    let _store = Store::open(&path, "anna").unwrap();
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

#[test]
fn the_sample_survives_import_export_import_export_unchanged() {
    let sample = sample();
    assert_eq!(sample.sample_today, Some(date("2026-03-17")));

    let (_d1, _p1, mut first) = fresh("anna");
    first.import(&sample).unwrap();
    let export1 = first.export().unwrap();
    let text1 = exchange::to_text(&export1);

    let (_d2, _p2, mut second) = fresh("bo");
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

#[test]
fn an_import_is_audited_in_the_new_file_and_the_chain_holds() {
    let (_dir, path, mut store) = fresh("anna");
    store.import(&sample()).unwrap();
    drop(store);
    let mut store = Store::open(&path, "bo").unwrap();
    assert!(store.verify_audit().unwrap().is_empty());
    store.export().unwrap();
    let conn = Connection::open(&path).unwrap();
    let rows: Vec<(String, String, String)> = conn
        .prepare("SELECT actor, action, entity FROM audit ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        vec![("anna".into(), "import".into(), "database".into()), ("bo".into(), "export".into(), "database".into()),]
    );
}

/// The `at` every invalid fixture must be refused with.
const INVALID: &[(&str, &str)] = &[
    ("anonymous_case_for_named_citizen", "cases[0].kind"),
    ("anonymous_with_cpr", "citizens[1].cpr"),
    ("duplicate_case_id", "cases[1].id"),
    ("duplicate_citizen_id", "citizens[1].id"),
    ("duplicate_cpr", "citizens[2].cpr"),
    ("duplicate_event_id", "case_events[2].id"),
    ("duplicate_price_day", "provider_prices[1].valid_from"),
    ("duplicate_substance", "cases[0].substances"),
    ("empty_counsellor", "cases[1].counsellor"),
    ("empty_event_actor", "case_events[2].actor"),
    ("event_before_contact", "case_events[1].on"),
    ("event_for_unknown_case", "case_events[2].case_id"),
    ("invalid_cpr_date", "citizens[0].cpr"),
    ("invalid_date", "cases[0].contact_at"),
    ("invalid_recorded_at", "case_events[0].recorded_at"),
    ("missing_event_actor", "case_events[1].actor"),
    ("missing_required_field", "cases[0].counsellor"),
    ("name_and_pseudonym", "citizens[0].name"),
    ("negative_price", "provider_prices[0].amount"),
    ("not_json", "filen"),
    ("own_payment_not_as_calculated", "stays[0].own_payment.per_month"),
    ("price_for_unknown_provider", "provider_prices[1].provider_id"),
    ("report_of_planned_end", "stays[0].ended.reported_on"),
    ("stay_ended_before_start", "stays[0].ended.on"),
    ("stay_event_unknown_kind", "stay_events[1].kind"),
    ("stay_for_anonymous_case", "stays[0].case_id"),
    ("stay_for_unknown_case", "stays[0].case_id"),
    ("stay_started_without_approval", "stays[0].started_on"),
    ("stay_without_services", "stays[0].services"),
    ("step_before_contact", "cases[0].consent_on"),
    ("truncated", "centre"),
    ("unknown_citizen", "cases[0].citizen_id"),
    ("unknown_enum_value", "cases[0].channel"),
    ("unknown_event_kind", "case_events[1].kind"),
    ("unknown_field", "cases[1].priority"),
    ("unknown_field_in_reason", "cases[0].closed.by"),
    ("unknown_profile", "centre.profile"),
    ("unknown_service", "stays[0].services[0]"),
    ("unknown_substance", "cases[0].substances[1]"),
    ("unknown_version", "version"),
    ("wrong_format_name", "format"),
];

fn test_centre() -> Centre {
    Centre {
        name: "Misbrugscenter Favrskov".into(),
        municipality: "Favrskov".into(),
        profile: "national".into(),
        profile_path: None,
    }
}

/// What the database holds besides the centre it had, if anything.
fn written(store: &mut Store) -> Option<String> {
    let now = store.export().unwrap();
    let counts = (
        now.citizens.len(),
        now.cases.len(),
        now.case_events.len(),
        store.all_cases().unwrap().len(),
        now.providers.len() + now.provider_prices.len() + now.stays.len() + now.stay_events.len(),
    );
    (now.centre != test_centre() || counts != (0, 0, 0, 0, 0))
        .then(|| format!("centre {:?}, (citizens, cases, events, cases, stay records) = {counts:?}", now.centre))
}

fn import_text(store: &mut Store, text: &str) -> Result<(), StoreError> {
    let file = exchange::parse(text)?;
    store.import(&file)
}

#[test]
fn the_minimal_valid_file_imports() {
    // Every invalid fixture is this file with one thing wrong.
    let text = fs::read_to_string(manifest("tests/valid_imports/minimal.json")).unwrap();
    let (_dir, _path, mut store) = fresh("anna");
    import_text(&mut store, &text).unwrap();
    let stays = store.all_stays().unwrap();
    assert_eq!(stays.len(), 1);
    assert_eq!(stays[0].own_payment.as_ref().map(|t| t.result.per_day), Some(sagsbord::domain::money::Ore(6452)));
    assert_eq!(store.providers().unwrap()[0].prices.len(), 2);
    assert_eq!(store.stay_events(1).unwrap().len(), 6);
    let cases = store.all_cases().unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0].progress.consent_on, Some(date("2026-03-12")));
    assert_eq!(cases[1].kind, ContactKind::Anonymous);
    assert_eq!(store.case_events(1).unwrap().len(), 2);
}

#[test]
fn every_invalid_file_is_refused_at_its_record_and_field_and_writes_nothing() {
    let dir = manifest("tests/invalid_imports");
    let mut on_disk: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let expected: Vec<String> = INVALID.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(on_disk, expected, "every fixture needs its expected path here, and every path its fixture");

    let mut wrong = Vec::new();
    for (name, want) in INVALID {
        let (_tmp, _path, mut store) = fresh("anna");
        store.set_centre(&test_centre()).unwrap();
        let text = fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        match import_text(&mut store, &text) {
            Err(StoreError::Import { at, message }) => {
                if at != *want || message.trim().is_empty() {
                    wrong.push(format!("{name}: refused at {at:?} ({message}), expected {want:?}"));
                }
            }
            Err(StoreError::ImportLedger { at, error }) => {
                if at != *want {
                    wrong.push(format!("{name}: refused at {at:?} ({error:?}), expected {want:?}"));
                }
            }
            Err(other) => wrong.push(format!("{name}: expected an import error, got {other:?}")),
            Ok(()) => wrong.push(format!("{name}: was imported")),
        }
        if let Some(what) = written(&mut store) {
            wrong.push(format!("{name}: wrote {what}"));
        }
        assert!(store.verify_audit().unwrap().is_empty());
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn an_import_into_a_database_that_holds_cases_is_refused_and_writes_nothing() {
    let (_dir, _path, mut store) = fresh("anna");
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
// Registering contacts and recording steps
// ---------------------------------------------------------------------------

fn contact_input() -> ContactInput {
    ContactInput {
        kind: ContactKind::OwnUse,
        channel: Channel::Phone,
        date: "10.03.2026".into(),
        time: "09:30".into(),
        name: "Ida Prøvesen".into(),
        cpr: "150390-1230".into(),
        pseudonym: String::new(),
        home_municipality: "Randers".into(),
        counsellor: "anna".into(),
        substances: vec![Substance::Cocaine, Substance::Cannabis],
        children: ChildrenAnswer::HasChildren,
        parental_consent: None,
        note: "Ringede selv.".into(),
    }
}

fn step(kind: StepKind, on: &str, reason: &str, wanted: bool) -> StepInput {
    StepInput { kind, date: on.into(), reason: reason.into(), wanted }
}

#[test]
fn registered_contacts_and_steps_read_back_after_reopening() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sagsbord.db");
    let randers = Profile::built_in("randers").unwrap();
    let today = date("2026-03-12");

    let mut store = Store::open(&path, "anna").unwrap();
    let contact = validate_contact(&contact_input(), &randers.intake, "Randers", today).unwrap();
    let id = store.register_contact(&contact).unwrap();
    let mut case = store.view_case(id).unwrap();
    for input in [
        step(StepKind::BookVisitation, "13.03.2026", "", false),
        step(StepKind::StartAssessment, "12.03.2026", "", false),
        step(StepKind::OfferDoctor, "12.03.2026", "", true),
    ] {
        let s = parse_step(&input, &case, today).unwrap();
        case = store.record_step(id, &s).unwrap();
    }
    drop(store);

    // A colleague opens the file and records the next step.
    let mut store = Store::open(&path, "bo").unwrap();
    assert_eq!(store.view_case(id).unwrap(), case);
    let s = parse_step(
        &step(StepKind::SpecialAssessment, "12.03.2026", "Afventer psykiatrisk vurdering", false),
        &case,
        today,
    )
    .unwrap();
    let case = store.record_step(id, &s).unwrap();
    drop(store);

    let mut store = Store::open(&path, "camilla").unwrap();
    let back = store.view_case(id).unwrap();
    assert_eq!(back, case);
    assert_eq!(back.substances, vec![Substance::Cannabis, Substance::Cocaine]);
    assert_eq!(back.identity.cpr().map(Cpr::full), Some("150390-1230".into()));
    assert_eq!(
        back.progress,
        Progress {
            visitation_on: Some(date("2026-03-13")),
            consent_on: Some(date("2026-03-12")),
            doctor_offered_on: Some(date("2026-03-12")),
            doctor_wanted: Some(true),
            special_assessment: Some(sagsbord::domain::intake::Reasoned {
                on: date("2026-03-12"),
                reason: "Afventer psykiatrisk vurdering".into()
            }),
            ..Progress::default()
        }
    );

    let events = store.case_events(id).unwrap();
    let summary: Vec<(&str, &str, Option<bool>)> =
        events.iter().map(|e| (e.kind.as_str(), e.actor.as_str(), e.wanted)).collect();
    assert_eq!(
        summary,
        vec![
            ("registered", "anna", None),
            ("book_visitation", "anna", None),
            ("start_assessment", "anna", None),
            ("offer_doctor", "anna", Some(true)),
            ("special_assessment", "bo", None),
        ]
    );
    assert_eq!(events[0].on, date("2026-03-10"));
    assert_eq!(events[4].reason.as_deref(), Some("Afventer psykiatrisk vurdering"));
    for e in &events {
        assert!(is_utc_stamp(&e.recorded_at), "{}", e.recorded_at);
    }
    assert_eq!(store.verify_audit().unwrap(), vec![]);
}

#[test]
fn a_new_request_from_a_known_citizen_joins_the_same_citizen() {
    let (_dir, _path, mut store) = fresh("anna");
    let policy = Profile::built_in("randers").unwrap().intake;
    let first = validate_contact(&contact_input(), &policy, "Randers", date("2026-03-10")).unwrap();
    let a = store.register_contact(&first).unwrap();
    let mut again = contact_input();
    again.date = "16.03.2026".into();
    let second = validate_contact(&again, &policy, "Randers", date("2026-03-16")).unwrap();
    let b = store.register_contact(&second).unwrap();
    let cases = store.all_cases().unwrap();
    assert_ne!(a, b);
    assert_eq!(cases[0].citizen_id, cases[1].citizen_id);
}

fn is_utc_stamp(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ").is_ok() && s.len() == 20
}

// ---------------------------------------------------------------------------
// The audit trail
// ---------------------------------------------------------------------------

/// A file with a few audited actions; returns the audit row ids.
fn audited_file() -> (TempDir, PathBuf, Vec<i64>) {
    let (dir, path, mut store) = fresh("anna");
    let policy = Profile::built_in("randers").unwrap().intake;
    let contact = validate_contact(&contact_input(), &policy, "Randers", date("2026-03-10")).unwrap();
    let id = store.register_contact(&contact).unwrap();
    store.view_case(id).unwrap();
    store.reveal_cpr(id).unwrap();
    store.view_case(id).unwrap();
    assert!(store.verify_audit().unwrap().is_empty());
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let ids = conn
        .prepare("SELECT id FROM audit ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<i64>, _>>()
        .unwrap();
    assert_eq!(ids.len(), 4);
    (dir, path, ids)
}

#[test]
fn an_edited_audit_row_is_reported_as_altered() {
    let (_dir, path, ids) = audited_file();
    let conn = Connection::open(&path).unwrap();
    conn.execute("UPDATE audit SET detail = 'intet at se her' WHERE id = ?1", [ids[1]]).unwrap();
    drop(conn);
    let store = Store::open(&path, "revisor").unwrap();
    assert_eq!(store.verify_audit().unwrap(), vec![AuditProblem::Altered { id: ids[1] }]);
}

#[test]
fn a_deleted_audit_row_is_reported_as_unlinked() {
    let (_dir, path, ids) = audited_file();
    let conn = Connection::open(&path).unwrap();
    conn.execute("DELETE FROM audit WHERE id = ?1", [ids[2]]).unwrap();
    drop(conn);
    let store = Store::open(&path, "revisor").unwrap();
    assert_eq!(store.verify_audit().unwrap(), vec![AuditProblem::Unlinked { id: ids[3] }]);
}

#[test]
fn viewing_a_case_and_revealing_a_cpr_number_are_audited_with_the_actor() {
    let (_dir, path, mut store) = fresh("anna");
    let policy = Profile::built_in("randers").unwrap().intake;
    let contact = validate_contact(&contact_input(), &policy, "Randers", date("2026-03-10")).unwrap();
    let id = store.register_contact(&contact).unwrap();
    drop(store);

    let mut store = Store::open(&path, "bo").unwrap();
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

// ---------------------------------------------------------------------------
// The sample: consistent, and showing every intake state on its day
// ---------------------------------------------------------------------------

fn sample_cases() -> (ExportFile, Vec<Case>) {
    let file = sample();
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&file).unwrap();
    let cases = store.all_cases().unwrap();
    (file, cases)
}

#[test]
fn the_samples_events_replay_to_the_cases_progress() {
    let (file, cases) = sample_cases();
    let today = file.sample_today.unwrap();
    let mut by_case: HashMap<i64, Vec<_>> = HashMap::new();
    for e in &file.case_events {
        by_case.entry(e.case_id).or_default().push(e);
    }
    let mut last_recorded = String::new();
    for e in &file.case_events {
        assert!(is_utc_stamp(&e.recorded_at), "event {}: {}", e.id, e.recorded_at);
        assert!(e.recorded_at > last_recorded, "event {} recorded out of order", e.id);
        assert!(e.recorded_at.as_str() < "2026-03-18", "event {} recorded after the sample day", e.id);
        last_recorded = e.recorded_at.clone();
    }
    for case in &cases {
        let events = &by_case[&case.id];
        assert_eq!(events[0].kind, "registered", "case {}", case.id);
        assert_eq!(events[0].on, case.contact_date(), "case {}", case.id);
        assert_eq!(events.iter().filter(|e| e.kind == "registered").count(), 1, "case {}", case.id);
        let mut replay = Case { progress: Progress::default(), ..case.clone() };
        for e in &events[1..] {
            let kind: StepKind = serde_json::from_value(serde_json::Value::String(e.kind.clone())).unwrap();
            assert!(e.on >= case.contact_date(), "case {}: {} before the contact", case.id, e.kind);
            assert!(e.on <= today || kind == StepKind::BookVisitation, "case {}: {} after today", case.id, e.kind);
            assert_eq!(e.reason.is_some(), kind.needs_reason(), "case {}: {}", case.id, e.kind);
            assert_eq!(e.wanted.is_some(), kind.asks_wanted(), "case {}: {}", case.id, e.kind);
            // Each step is one the program itself would have accepted then.
            let recorded_on = date(&e.recorded_at[..10]);
            let input = StepInput {
                kind,
                date: e.on.format("%d.%m.%Y").to_string(),
                reason: e.reason.clone().unwrap_or_default(),
                wanted: e.wanted.unwrap_or(false),
            };
            // A course in treatment is ended in Planer, which writes the
            // close event itself after its own checks; Indtag refuses it.
            if kind == StepKind::Close && replay.progress.treatment_started_on.is_some() {
                let ending = Step::from_parts(kind, e.on, e.reason.clone(), None);
                apply_step(&mut replay, &ending);
                continue;
            }
            let s = parse_step(&input, &replay, recorded_on)
                .unwrap_or_else(|p| panic!("case {}: {} refused: {p:?}", case.id, e.kind));
            apply_step(&mut replay, &s);
        }
        assert_eq!(replay.progress, case.progress, "case {}", case.id);
    }
}

#[test]
fn the_samples_citizens_are_valid_contacts_on_their_day() {
    let (file, cases) = sample_cases();
    let randers = Profile::built_in("randers").unwrap();
    assert_eq!(file.centre.load_profile().unwrap(), randers);
    let mut failing_modulus = 0;
    for c in &file.citizens {
        if let Some(text) = &c.cpr {
            let (cpr, warnings) = Cpr::parse(text).unwrap();
            assert_eq!(&cpr.full(), text, "CPR numbers are written DDMMYY-SSSS");
            failing_modulus += usize::from(!warnings.is_empty());
        }
    }
    assert!(failing_modulus >= 1, "at least one CPR number fails modulus 11");
    assert!(failing_modulus * 4 < file.citizens.len(), "most CPR numbers pass modulus 11");
    for case in &cases {
        let named = case.identity.display_name().to_string();
        let input = ContactInput {
            kind: case.kind,
            channel: case.channel,
            date: case.contact_at.format("%d.%m.%Y").to_string(),
            time: case.contact_at.format("%H:%M").to_string(),
            name: if case.kind == ContactKind::Anonymous { String::new() } else { named.clone() },
            cpr: case.identity.cpr().map(Cpr::full).unwrap_or_default(),
            pseudonym: if case.kind == ContactKind::Anonymous { named } else { String::new() },
            home_municipality: case.home_municipality.clone(),
            counsellor: case.counsellor.clone(),
            substances: case.substances.clone(),
            children: case.children,
            parental_consent: case.parental_consent,
            note: case.note.clone(),
        };
        let valid = validate_contact(&input, &randers.intake, &file.centre.municipality, case.contact_date())
            .unwrap_or_else(|p| panic!("case {}: {p:?}", case.id));
        assert_eq!(valid.case.referred_young, case.referred_young);
    }
}

#[test]
fn the_sample_shows_every_intake_state_on_its_day() {
    let (file, cases) = sample_cases();
    let today = file.sample_today.unwrap();
    let policy = Profile::built_in("randers").unwrap().intake;
    let centre = &file.centre.municipality;

    let mut stages: BTreeMap<Stage, usize> = BTreeMap::new();
    for c in &cases {
        *stages.entry(stage(c)).or_default() += 1;
    }
    for s in [
        Stage::New,
        Stage::AwaitingVisitation,
        Stage::InAssessment,
        Stage::FreeChoice,
        Stage::InTreatment,
        Stage::Closed,
    ] {
        assert!(stages.get(&s).copied().unwrap_or(0) >= 1, "no case at {s:?}: {stages:?}");
    }

    let queue = build_queue(cases.clone(), &policy, centre, today);
    let days_left: Vec<i64> = queue.iter().filter_map(|e| e.days_left()).collect();
    for d in [-8, -3, -1, 0, 2, 3] {
        assert!(days_left.contains(&d), "no case with {d} days left: {days_left:?}");
    }
    for flag in [
        QueueFlag::Overdue,
        QueueFlag::DueToday,
        QueueFlag::SpecialAssessment,
        QueueFlag::DoctorOverdue,
        QueueFlag::DoctorDueSoon,
        QueueFlag::OtherMunicipality,
        QueueFlag::NoParentalConsent,
        QueueFlag::ChildrenNotAsked,
    ] {
        assert!(queue.iter().any(|e| e.flags.contains(&flag)), "no queue line flagged {flag:?}");
    }
    let special_overdue =
        queue.iter().any(|e| e.flags.contains(&QueueFlag::SpecialAssessment) && e.flags.contains(&QueueFlag::Overdue));
    assert!(special_overdue, "no overdue special assessment");
    let booked: Vec<NaiveDate> = queue.iter().filter_map(|e| e.case.progress.visitation_on).collect();
    for when in [today, today.succ_opt().unwrap()] {
        assert!(booked.contains(&when), "no visitation booked for {when}");
    }
    assert!(booked.iter().any(|d| *d < today && queue.iter().any(|e| e.stage == Stage::AwaitingVisitation)));

    let guarantees: Vec<Guarantee> = cases.iter().map(|c| guarantee(c, &policy, today)).collect();
    assert!(guarantees.iter().any(|g| matches!(g, Guarantee::Kept { .. })));
    assert!(guarantees.iter().any(|g| matches!(g, Guarantee::Missed { .. })));
    assert!(guarantees.iter().any(|g| matches!(g, Guarantee::Waived(_))));
    assert!(guarantees.iter().any(|g| matches!(g, Guarantee::Closed)));
    // Treatment started months ago: material for the plan pane.
    assert!(cases.iter().any(|c| c.progress.treatment_started_on.is_some_and(|d| d < date("2025-10-01"))));

    let doctors: Vec<(Option<bool>, bool)> =
        cases.iter().map(|c| (c.progress.doctor_wanted, c.progress.doctor_held_on.is_some())).collect();
    for combo in [(None, false), (Some(false), false), (Some(true), false), (Some(true), true)] {
        assert!(doctors.contains(&combo), "no case with doctor {combo:?}");
    }
    assert!(cases.iter().any(|c| doctor_status(c, &policy, today) == DoctorStatus::Done));

    let kinds: Vec<ContactKind> = cases.iter().map(|c| c.kind).collect();
    for k in ContactKind::ALL {
        assert!(kinds.contains(&k), "no {k:?} contact");
    }
    let young_consent: Vec<Option<bool>> =
        cases.iter().filter(|c| c.kind == ContactKind::Young).map(|c| c.parental_consent).collect();
    assert!(young_consent.contains(&Some(true)) && young_consent.contains(&Some(false)));
    for home in ["Favrskov", "Norddjurs", "Syddjurs"] {
        assert!(cases.iter().any(|c| c.home_municipality == home), "no citizen from {home}");
    }
    assert!(cases.iter().filter(|c| c.children == ChildrenAnswer::HasChildren).count() >= 5);
    assert!(cases.iter().filter(|c| c.children == ChildrenAnswer::NotAsked).count() >= 2);

    // A re-enrolment: an ended course and a new contact for one citizen.
    let mut per_citizen: HashMap<i64, Vec<&Case>> = HashMap::new();
    for c in &cases {
        per_citizen.entry(c.citizen_id).or_default().push(c);
    }
    assert!(per_citizen.values().any(|cs| {
        cs.len() == 2
            && cs[0].progress.treatment_started_on.is_some()
            && cs[0].progress.closed.is_some()
            && stage(cs[1]) == Stage::New
    }));

    let counsellors: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.counsellor.as_str()).collect();
    assert_eq!(counsellors.into_iter().collect::<Vec<_>>(), vec!["anna", "bo", "camilla", "dennis"]);
    assert!(file.citizens.len() >= 35);
}

// ---------------------------------------------------------------------------
// Residential stays
// ---------------------------------------------------------------------------

mod stays {
    use super::*;
    use sagsbord::domain::due::DueKind;
    use sagsbord::domain::money::Ore;
    use sagsbord::domain::stay::overview::StayFlag;
    use sagsbord::domain::stay::{
        CostLineKind, EndKind, NewStayInput, Stay, StayStatus, StayStepInput, StayStepKind, apply_stay_step, figures,
        parse_stay_step, validate_new_stay,
    };

    fn sample_store() -> (ExportFile, Store) {
        let file = sample();
        let mut store = Store::open_in_memory("anna").unwrap();
        store.import(&file).unwrap();
        (file, store)
    }

    /// Each stay's history, replayed step by step through the same checks
    /// a counsellor's form goes through on the day it was recorded, gives
    /// the stay as stored; and its recommendation was valid on its day.
    #[test]
    fn the_samples_stays_replay_to_their_state_and_every_step_was_allowed_then() {
        let (file, store) = sample_store();
        let providers = store.providers().unwrap();
        let mut last = String::new();
        for e in &file.stay_events {
            assert!(e.recorded_at > last, "stay event {} recorded out of order", e.id);
            assert!(e.recorded_at.as_str() < "2026-03-18", "stay event {} after the sample day", e.id);
            last = e.recorded_at.clone();
        }
        for stay in store.all_stays().unwrap() {
            let events: Vec<_> = file.stay_events.iter().filter(|e| e.stay_id == stay.id).collect();
            assert_eq!(events[0].kind, "recommended", "stay {}", stay.id);
            assert_eq!(events[0].on, stay.recommendation.on);
            let r = &stay.recommendation;
            let input = NewStayInput {
                case_number: stay.case_id.to_string(),
                provider_id: Some(stay.provider_id),
                services: stay.services.clone(),
                planned_start: stay.planned_start.format("%d.%m.%Y").to_string(),
                planned_end: stay.planned_end.format("%d.%m.%Y").to_string(),
                recommended_on: r.on.format("%d.%m.%Y").to_string(),
                recommended_by: r.by.clone(),
                text: r.text.clone(),
            };
            let found = |id| store.find_case(id).unwrap();
            let mut replay = validate_new_stay(&input, found, &providers, r.on)
                .unwrap_or_else(|p| panic!("stay {}: recommendation refused: {p:?}", stay.id));
            replay.id = stay.id;
            for e in &events[1..] {
                let recorded_on = date(&e.recorded_at[..10]);
                if e.kind == "own_payment" {
                    let told = stay.own_payment.as_ref().expect("an own payment event has an own payment");
                    assert_eq!(e.detail.as_deref(), Some(told.result.per_month.0.to_string().as_str()));
                    continue;
                }
                let kind: StayStepKind = serde_json::from_value(serde_json::Value::String(e.kind.clone())).unwrap();
                let (by, reason) = match (kind, e.detail.as_deref()) {
                    (StayStepKind::Refuse, Some(d)) => {
                        let (by, reason) = d.split_once(": ").unwrap();
                        (by.to_string(), reason.to_string())
                    }
                    (_, d) => (d.unwrap_or_default().to_string(), String::new()),
                };
                let input = StayStepInput {
                    kind: Some(kind),
                    date: e.on.format("%d.%m.%Y").to_string(),
                    by,
                    reason,
                    interrupted: stay.ended.is_some_and(|x| x.kind == EndKind::Interrupted),
                    reported_on: String::new(),
                };
                let step = parse_stay_step(&input, &replay, recorded_on)
                    .unwrap_or_else(|p| panic!("stay {}: {} refused: {p:?}", stay.id, e.kind));
                apply_stay_step(&mut replay, &step);
            }
            replay.own_payment = stay.own_payment.clone();
            assert_eq!(replay, stay, "stay {}", stay.id);
        }
    }

    #[test]
    fn the_sample_shows_every_stay_state_flag_and_due_kind_on_its_day() {
        let (file, store) = sample_store();
        let today = file.sample_today.unwrap();
        let profile = Profile::built_in("randers").unwrap();
        let providers = store.providers().unwrap();
        let provider = |s: &Stay| providers.iter().find(|p| p.id == s.provider_id).unwrap();
        let rows = store.pane_stays(today).unwrap();
        let all = store.all_stays().unwrap();
        assert!(rows.len() < all.len(), "an old stay is out of the pane's list");

        let statuses: Vec<StayStatus> = rows.iter().map(|r| r.stay.status()).collect();
        for s in StayStatus::ALL {
            assert!(statuses.contains(&s), "no stay {s:?} in the pane");
        }
        let figures: Vec<_> = rows.iter().map(|r| figures(&r.stay, provider(&r.stay), &profile.stay, today)).collect();
        let flags: Vec<StayFlag> = figures.iter().flat_map(|f| f.flags.iter().copied()).collect();
        let has = |pred: fn(&StayFlag) -> bool| flags.iter().any(pred);
        assert!(has(|f| matches!(f, StayFlag::DecisionOverdue { .. })));
        assert!(has(|f| matches!(f, StayFlag::MidwayStatusMissing { .. })));
        assert!(has(|f| matches!(f, StayFlag::PastPlannedEnd { .. })));
        assert!(has(|f| matches!(f, StayFlag::FinalStatusMissing { .. })));
        assert!(has(|f| matches!(f, StayFlag::InterruptionNotReported { .. })));
        assert!(has(|f| matches!(f, StayFlag::InterruptionReportedLate { .. })));
        assert!(has(|f| matches!(f, StayFlag::LongerThanUsual { .. })));
        assert!(figures.iter().all(|f| f.committed.is_ok() && f.so_far.is_ok()), "every stay can be costed");
        // The cost shows a fee, a price change within a stay, and a monthly price.
        let lines: Vec<_> = figures.iter().flat_map(|f| f.committed.as_ref().unwrap().lines.clone()).collect();
        assert!(lines.iter().any(|l| matches!(l.kind, CostLineKind::EarlyEndFee { .. })));
        assert!(lines.iter().any(|l| matches!(l.kind, CostLineKind::Days { divisor: 28..=31, .. })));
        assert!(figures.iter().any(|f| {
            let rates: std::collections::BTreeSet<_> = f
                .committed
                .as_ref()
                .unwrap()
                .lines
                .iter()
                .filter_map(|l| match l.kind {
                    CostLineKind::Days { service, rate, .. } => Some((service, rate)),
                    _ => None,
                })
                .collect();
            rates.len() > rates.iter().map(|(s, _)| s).collect::<std::collections::BTreeSet<_>>().len()
        }));
        // Own payments: told, and calculated but not yet told; capped and not.
        let told: Vec<_> = all.iter().filter_map(|s| s.own_payment.as_ref()).collect();
        assert!(told.iter().any(|t| t.told_on.is_some()) && told.iter().any(|t| t.told_on.is_none()));
        assert!(told.iter().any(|t| t.result.capped) && told.iter().any(|t| !t.result.capped));
        assert!(told.iter().any(|t| t.input.keeps_own_home) && told.iter().any(|t| !t.input.keeps_own_home));

        let due: Vec<DueKind> = store.due(&profile, today, 30).unwrap().iter().map(|i| i.kind).collect();
        for k in [
            DueKind::StayApproval,
            DueKind::StayMidwayStatus,
            DueKind::StayFinalStatus,
            DueKind::StayInterruptionReport,
        ] {
            assert!(due.contains(&k), "nothing due of kind {k:?}");
        }
        // The due list is mailed: it names cases, never citizens.
        let json = serde_json::to_string(&store.due(&profile, today, 30).unwrap()).unwrap();
        for c in &file.citizens {
            if let Some(name) = &c.name {
                assert!(!json.contains(name.as_str()), "{name} in the due list");
            }
        }
    }

    fn approve_input() -> StayStepInput {
        StayStepInput {
            kind: Some(StayStepKind::Approve),
            date: "17.03.2026".into(),
            by: "Visitationsudvalget".into(),
            ..StayStepInput::default()
        }
    }

    #[test]
    fn a_step_is_checked_again_against_the_stay_as_stored_so_two_counsellors_cannot_clash() {
        let (_dir, path, mut anna) = fresh("anna");
        anna.import(&sample()).unwrap();
        let mut bo = Store::open(&path, "bo").unwrap();
        // Stay 11 waits for its decision; both read it and approve.
        let waiting = anna.view_stay(11).unwrap().stay;
        let step = parse_stay_step(&approve_input(), &waiting, date("2026-03-17")).unwrap();
        let refusal =
            StayStepInput { kind: Some(StayStepKind::Refuse), reason: "Ikke relevant".into(), ..approve_input() };
        let other = parse_stay_step(&refusal, &waiting, date("2026-03-17")).unwrap();
        let saved = anna.record_stay_step(11, &step).unwrap();
        assert_eq!(saved.stay.status(), StayStatus::Approved);
        let before = bo.stay_events(11).unwrap().len();
        match bo.record_stay_step(11, &other) {
            Err(StoreError::Changed(_)) => {}
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(bo.stay_events(11).unwrap().len(), before, "nothing written");
        let events = anna.stay_events(11).unwrap();
        let last = events.last().unwrap();
        assert_eq!(
            (last.kind.as_str(), last.actor.as_str(), last.detail.as_deref()),
            ("approve", "anna", Some("Visitationsudvalget"))
        );
        assert!(anna.verify_audit().unwrap().is_empty());
        let audit = anna.audit_for("stay", 11).unwrap();
        let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(actions, vec!["view", "record_stay_step"]);
    }

    #[test]
    fn a_stay_its_own_payment_and_a_corrected_price_read_back_after_reopening() {
        let (_dir, path, mut store) = fresh("camilla");
        store.import(&sample()).unwrap();
        // Lyngbakken's April price corrected: the same day replaces it.
        let mut price =
            store.providers().unwrap()[0].prices.iter().find(|p| p.amount == Ore::from_kr(1_520)).copied().unwrap();
        price.amount = Ore::from_kr(1_510);
        store.set_price(1, &price).unwrap();
        let stay = store.view_stay(10).unwrap().stay;
        let mut told = stay.own_payment.clone().unwrap();
        told.told_on = Some(date("2026-03-17"));
        store.save_own_payment(10, &told, date("2026-03-17")).unwrap();
        drop(store);

        let store = Store::open(&path, "bo").unwrap();
        let lyngbakken = &store.providers().unwrap()[0];
        let aprils: Vec<Ore> =
            lyngbakken.prices.iter().filter(|p| p.valid_from == price.valid_from).map(|p| p.amount).collect();
        assert_eq!(aprils, vec![Ore::from_kr(1_510)]);
        let again = store.all_stays().unwrap().into_iter().find(|s| s.id == 10).unwrap();
        assert_eq!(again.own_payment, Some(told));
        let events = store.stay_events(10).unwrap();
        assert_eq!(events.iter().filter(|e| e.kind == "own_payment").count(), 2, "the history keeps each calculation");
        // The export holds it all, and imports into an empty file as it was.
        let mut store = store;
        let text = exchange::to_text(&store.export().unwrap());
        let (_d2, _p2, mut copy) = fresh("bo");
        copy.import(&exchange::parse(&text).unwrap()).unwrap();
        assert_eq!(exchange::to_text(&copy.export().unwrap()), text);
        let copied_stays = copy.all_stays().unwrap();
        assert_eq!(copied_stays, store.all_stays().unwrap());
    }
}

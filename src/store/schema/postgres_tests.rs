//! The schema on PostgreSQL: migrating a centre's schema, and the twins of
//! SQLite's triggers doing what SQLite's do for the same statements. Each
//! test has a database of its own on the test server.

use postgres::{Client, NoTls};
use rusqlite::Connection;

use super::{CURRENT_VERSION, MigrationOutcome, migrate, migrate_postgres};
use crate::store::engine::test_server::fresh_database;

/// A new database with one centre's schema migrated, and the connection's
/// search_path on it (as the store's connections will have).
pub(super) fn migrated_centre(centre: &str) -> Client {
    let mut client = Client::connect(&fresh_database(), NoTls).expect("the test database");
    migrate_postgres(&mut client, centre).expect("migrate the centre's schema");
    client.batch_execute(&format!("SET search_path TO {}", super::postgres::quote_identifier(centre))).unwrap();
    client
}

/// A fresh SQLite schema, as a store's file has it (foreign keys on).
pub(super) fn migrated_sqlite() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    migrate(&mut conn, "test").unwrap();
    conn
}

fn version(client: &mut Client, centre: &str) -> i64 {
    let schema = super::postgres::quote_identifier(centre);
    client.query_one(&format!("SELECT version FROM {schema}.schema_version"), &[]).unwrap().get(0)
}

#[test]
fn migrate_postgres_creates_a_centre_at_the_current_version_once_and_refuses_a_newer_one() {
    let mut client = Client::connect(&fresh_database(), NoTls).unwrap();
    // A name that needs quoting, so every statement must quote it.
    let centre = "Randers \"Nord\"";
    assert_eq!(
        migrate_postgres(&mut client, centre).unwrap(),
        MigrationOutcome::AtVersion { from: 0, to: CURRENT_VERSION }
    );
    assert_eq!(version(&mut client, centre), CURRENT_VERSION as i64);
    let objects = |client: &mut Client| -> i64 {
        client
            .query_one(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1",
                &[&centre],
            )
            .unwrap()
            .get(0)
    };
    let created = objects(&mut client);
    assert!(created > 50, "tables and indexes of the centre: {created}");
    let centre_row: String = client
        .query_one(&format!("SELECT profile_id FROM {}.centre", super::postgres::quote_identifier(centre)), &[])
        .unwrap()
        .get(0);
    assert_eq!(centre_row, "national");

    // Again: nothing to do, nothing added.
    assert_eq!(
        migrate_postgres(&mut client, centre).unwrap(),
        MigrationOutcome::AtVersion { from: CURRENT_VERSION, to: CURRENT_VERSION }
    );
    assert_eq!(objects(&mut client), created);

    // A second centre in the same database has a schema of its own.
    assert_eq!(
        migrate_postgres(&mut client, "faxe").unwrap(),
        MigrationOutcome::AtVersion { from: 0, to: CURRENT_VERSION }
    );

    // A schema from a newer program is refused and left as it is.
    let newer = CURRENT_VERSION as i64 + 1;
    client
        .execute(
            &format!("UPDATE {}.schema_version SET version = $1", super::postgres::quote_identifier(centre)),
            &[&newer],
        )
        .unwrap();
    assert_eq!(
        migrate_postgres(&mut client, centre).unwrap(),
        MigrationOutcome::TooNew { file: CURRENT_VERSION + 1, program: CURRENT_VERSION }
    );
    assert_eq!(version(&mut client, centre), newer);
    assert_eq!(objects(&mut client), created);
}

/// Two programs opening a new centre at the same moment take turns: one
/// creates the schema, the other finds it made (or, between two steps,
/// made up to one of them, and takes the steps left).
#[test]
fn two_programs_migrating_one_centre_at_once_take_turns() {
    let database = fresh_database();
    let migrations: Vec<_> = (0..2)
        .map(|_| {
            let database = database.clone();
            std::thread::spawn(move || {
                let mut client = Client::connect(&database, NoTls).unwrap();
                migrate_postgres(&mut client, "randers").unwrap()
            })
        })
        .collect();
    let mut outcomes: Vec<_> = migrations.into_iter().map(|m| m.join().unwrap()).collect();
    outcomes.sort_by_key(|o| match o {
        MigrationOutcome::AtVersion { from, .. } => *from,
        MigrationOutcome::TooNew { file, .. } => *file,
    });
    assert_eq!(outcomes[0], MigrationOutcome::AtVersion { from: 0, to: CURRENT_VERSION });
    assert!(
        matches!(outcomes[1], MigrationOutcome::AtVersion { from, to: CURRENT_VERSION }
            if (super::postgres::BASELINE_VERSION..=CURRENT_VERSION).contains(&from)),
        "{outcomes:?}"
    );
    let mut client = Client::connect(&database, NoTls).unwrap();
    assert_eq!(version(&mut client, "randers"), CURRENT_VERSION as i64);
}

#[test]
fn identities_give_ids_as_sqlite_does_and_move_past_imported_ones() {
    let mut client = migrated_centre("randers");
    let add = "INSERT INTO citizens (name, home_municipality) VALUES ('Jens Prøve', 'Randers') RETURNING id";
    assert_eq!(client.query_one(add, &[]).unwrap().get::<_, i64>(0), 1);
    // An import writes its own ids ...
    client
        .batch_execute("INSERT INTO citizens (id, name, home_municipality) VALUES (41, 'Mette Prøve', 'Randers')")
        .unwrap();
    // ... and moves the identities past them afterwards.
    client.batch_execute("SELECT move_identities_past_ids()").unwrap();
    assert_eq!(client.query_one(add, &[]).unwrap().get::<_, i64>(0), 42);
    let audit: i64 = client
        .query_one(
            "INSERT INTO audit (at, actor, action, entity, detail, prev_hash, hash) VALUES ('', '', '', '', '', '', '') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    // The trail holds its baseline (id 1), written with its own id by the
    // migration, which moved the identity past it as an import does.
    assert_eq!(audit, 2, "the trail's identity is past its baseline");
}

/// A centre's schema whose name needs quoting (a space, a letter beyond
/// ASCII, a quote) moves its identities past imported ids all the same.
#[test]
fn identities_move_past_imported_ids_in_a_centre_whose_name_needs_quoting() {
    for centre in [crate::store::engine::both::CENTRE, "Randers \"Nord\""] {
        let mut client = migrated_centre(centre);
        client
            .batch_execute(
                "INSERT INTO citizens (id, name, home_municipality) VALUES (41, 'Mette Prøve', 'Randers');
                 INSERT INTO cases (id, citizen_id, kind, channel, contact_at, counsellor, children, note)
                     VALUES (7, 41, 'own_use', 'phone', '2026-03-02T09:00:00', 'anna', 'no_children', '')",
            )
            .unwrap();
        client.batch_execute("SELECT move_identities_past_ids()").unwrap_or_else(|e| panic!("{centre}: {e:?}"));
        let citizen: i64 = client
            .query_one(
                "INSERT INTO citizens (name, home_municipality) VALUES ('Jens Prøve', 'Randers') RETURNING id",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(citizen, 42, "{centre}");
        let case: i64 = client
            .query_one(
                "INSERT INTO cases (citizen_id, kind, channel, contact_at, counsellor, children, note)
                 VALUES (42, 'own_use', 'phone', '2026-03-03T09:00:00', 'anna', 'no_children', '') RETURNING id",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(case, 8, "{centre}");
    }
}

/// What a statement must do on both engines: mark these cases' deadlines
/// dirty, or be refused by a guard with this text.
enum Expect {
    Marks(&'static [i64]),
    Refused(&'static str),
}
use Expect::{Marks, Refused};

/// The records the steps work on, the same SQL on both engines.
const RECORDS: &str = "
    INSERT INTO citizens (id, name, cpr, pseudonym, home_municipality) VALUES
        (1, NULL, NULL, 'Ræven', 'Randers'), (2, 'Mette Prøve', '020290-2345', NULL, 'Randers');
    INSERT INTO cases (id, citizen_id, kind, channel, contact_at, counsellor, children, note) VALUES
        (10, 1, 'own_use', 'phone', '2026-03-10T10:00:00', 'anna', 'no_children', ''),
        (11, 2, 'own_use', 'phone', '2026-03-11T10:00:00', 'bo', 'no_children', ''),
        (12, 1, 'own_use', 'phone', '2026-03-12T10:00:00', 'anna', 'no_children', '');
    INSERT INTO providers (id, name, tilbudsportalen_id, contact, bill_intake_day, bill_discharge_day)
        VALUES (1, 'Bostedet', 'TP-1', '', 1, 0);
";

const NEVER_CHANGED_NOTICE: &str = "en underretning går kun frem, og en sendt ændres aldrig";
const FROZEN: &str = "en sendt underretning ændres aldrig";
const LEDGER: &str = "the gift-card ledger is append-only: correct an entry with a new one";

/// Each table with a trigger, each event: the statements in order.
const STEPS: &[(&str, Expect)] = &[
    (
        "INSERT INTO cases (id, citizen_id, kind, channel, contact_at, counsellor, children, note)
        VALUES (13, 2, 'own_use', 'phone', '2026-03-13T10:00:00', 'bo', 'no_children', '')",
        Marks(&[13]),
    ),
    ("UPDATE cases SET counsellor = 'bo' WHERE id = 10", Marks(&[10])),
    ("UPDATE cases SET id = 14 WHERE id = 13", Marks(&[13, 14])),
    ("DELETE FROM cases WHERE id = 14", Marks(&[14])),
    (
        "INSERT INTO plan_versions (id, case_id, version, effective_on, next_revision_on, services, methods, partners,
        action_plan, citizen_took_part, changes, actor, recorded_at)
        VALUES (1, 10, 1, '2026-03-14', '2026-06-14', '', '', '', '', 1, '', 'anna', '2026-03-14T09:00:00Z')",
        Marks(&[10]),
    ),
    ("UPDATE plan_versions SET changes = 'x'", Refused("plan versions are never changed")),
    ("DELETE FROM plan_versions", Refused("plan versions are never deleted")),
    (
        "INSERT INTO plan_goals (version_id, position, area, text, status) VALUES (1, 0, 'bolig', 'En bolig', 'open')",
        Marks(&[]),
    ),
    ("UPDATE plan_goals SET status = 'met'", Refused("plan goals are never changed")),
    ("DELETE FROM plan_goals", Refused("plan goals are never deleted")),
    (
        "INSERT INTO course_endings (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at)
        VALUES (11, '2026-03-15', 'planned', 0, '', 'bo', '2026-03-15T09:00:00Z')",
        Marks(&[11]),
    ),
    ("UPDATE course_endings SET note = 'y'", Marks(&[11])),
    ("INSERT INTO follow_up_calls (id, case_id, months, due_on) VALUES (1, 11, 3, '2026-06-15')", Marks(&[11])),
    ("UPDATE follow_up_calls SET due_on = '2026-06-16'", Marks(&[11])),
    (
        "INSERT INTO follow_up_attempts (id, call_id, on_date, reached, outcome, note, actor, recorded_at)
        VALUES (1, 1, '2026-06-16', 0, NULL, '', 'bo', '2026-06-16T09:00:00Z')",
        Marks(&[11]),
    ),
    ("UPDATE follow_up_attempts SET note = 'z'", Marks(&[11])),
    ("DELETE FROM follow_up_attempts", Marks(&[11])),
    ("DELETE FROM follow_up_calls", Marks(&[11])),
    ("DELETE FROM course_endings", Marks(&[11])),
    (
        "INSERT INTO children (id, case_id, birth_year, relation, noted_on, actor, recorded_at)
        VALUES (1, 10, 2015, 'child', '2026-03-14', 'anna', '2026-03-14T09:00:00Z')",
        Marks(&[10]),
    ),
    ("UPDATE children SET case_id = 12", Marks(&[10, 12])),
    ("DELETE FROM children", Refused("et barn slettes aldrig; afslut det med en begrundelse")),
    (
        "INSERT INTO child_considerations (id, case_id, on_date, note, actor, recorded_at)
        VALUES (1, 12, '2026-03-14', '', 'anna', '2026-03-14T09:00:00Z')",
        Marks(&[12]),
    ),
    ("UPDATE child_considerations SET note = 'x'", Refused("en overvejelse ændres aldrig")),
    ("DELETE FROM child_considerations", Refused("en overvejelse slettes aldrig")),
    (
        "INSERT INTO notifications (id, case_id, duty, municipality, description, drafted_on, drafted_by, drafted_at)
        VALUES (1, 12, 'skal', 'Randers', '', '2026-03-14', 'anna', '2026-03-14T09:00:00Z'),
               (2, 10, 'skal', 'Randers', '', '2026-03-14', 'anna', '2026-03-14T09:00:00Z')",
        Marks(&[10, 12]),
    ),
    ("UPDATE notifications SET description = 'Bekymring' WHERE id = 1", Marks(&[12])),
    ("INSERT INTO notification_grounds (notification_id, ground) VALUES (1, 'misbrug')", Marks(&[])),
    ("INSERT INTO notification_children (notification_id, child_id) VALUES (1, 1)", Marks(&[])),
    ("UPDATE notification_grounds SET ground = 'vold'", Refused("skift grunde ved at slette og indsætte")),
    ("UPDATE notification_children SET child_id = 1", Refused("skift børn ved at slette og indsætte")),
    (
        "INSERT INTO notification_updates (id, notification_id, on_date, text, actor, recorded_at)
        VALUES (1, 1, '2026-03-20', '', 'anna', '2026-03-20T09:00:00Z')",
        Marks(&[12]),
    ),
    ("UPDATE notification_updates SET text = 'x'", Refused("en orientering ændres aldrig")),
    ("DELETE FROM notification_updates", Refused("en orientering slettes aldrig")),
    (
        "UPDATE notifications SET informed_on = '2026-03-15', informed_how = 'samtale', informed_by = 'anna',
        informed_at = '2026-03-15T09:00:00Z' WHERE id = 1",
        Marks(&[12]),
    ),
    ("UPDATE notifications SET informed_how = 'brev' WHERE id = 1", Refused(NEVER_CHANGED_NOTICE)),
    (
        "UPDATE notifications SET sent_on = '2026-03-16', sent_how = 'digital', sent_by = 'anna',
        sent_at = '2026-03-16T09:00:00Z' WHERE id = 1",
        Marks(&[12]),
    ),
    ("UPDATE notifications SET description = 'Ændret' WHERE id = 1", Refused(NEVER_CHANGED_NOTICE)),
    ("INSERT INTO notification_grounds (notification_id, ground) VALUES (1, 'vold')", Refused(FROZEN)),
    ("DELETE FROM notification_grounds", Refused(FROZEN)),
    ("INSERT INTO notification_children (notification_id, child_id) VALUES (2, 1)", Marks(&[])),
    ("DELETE FROM notification_children WHERE notification_id = 1", Refused(FROZEN)),
    (
        "UPDATE notifications SET receipt_on = '2026-03-17', receipt_by = 'anna', receipt_at = '2026-03-17T09:00:00Z'
        WHERE id = 1",
        Marks(&[12]),
    ),
    ("UPDATE notifications SET receipt_on = '2026-03-18' WHERE id = 1", Refused(NEVER_CHANGED_NOTICE)),
    (
        "UPDATE notifications SET discarded_on = '2026-03-17', discarded_reason = 'fejl', discarded_by = 'anna',
        discarded_at = '2026-03-17T09:00:00Z' WHERE id = 2",
        Marks(&[10]),
    ),
    ("UPDATE notifications SET description = 'x' WHERE id = 2", Refused(NEVER_CHANGED_NOTICE)),
    ("INSERT INTO notification_children (notification_id, child_id) VALUES (2, 2)", Refused(FROZEN)),
    ("DELETE FROM notifications", Refused("en underretning slettes aldrig")),
    (
        "INSERT INTO stays (id, case_id, provider_id, planned_start, planned_end, recommended_on, recommended_by,
        recommendation) VALUES (1, 10, 1, '2026-04-01', '2026-06-01', '2026-03-14', 'anna', '')",
        Marks(&[10]),
    ),
    ("UPDATE stays SET case_id = 12", Marks(&[10, 12])),
    (
        "INSERT INTO stay_events (id, stay_id, kind, on_date, actor, recorded_at)
        VALUES (1, 1, 'recommended', '2026-03-14', 'anna', '2026-03-14T09:00:00Z')",
        Marks(&[12]),
    ),
    ("UPDATE stay_events SET detail = 'x'", Marks(&[12])),
    ("DELETE FROM stay_events", Marks(&[12])),
    (
        "INSERT INTO stay_own_payments (stay_id, monthly_income, keeps_own_home, food_per_day, lodging_per_day,
        days_in_month, amount_kept_per_month, per_month, per_day) VALUES (1, 1500000, 0, 5000, 4000, 30, 0, 0, 0)",
        Marks(&[12]),
    ),
    ("UPDATE stay_own_payments SET told_on = '2026-03-20'", Marks(&[12])),
    ("DELETE FROM stay_own_payments", Marks(&[12])),
    ("DELETE FROM stays", Marks(&[12])),
    ("INSERT INTO move_courses (id, case_id, screening_on) VALUES (1, 11, '2026-03-14')", Marks(&[11])),
    ("UPDATE move_courses SET ended_on = '2026-03-20', ended_reason = 'done'", Marks(&[11])),
    ("DELETE FROM move_courses", Marks(&[11])),
    (
        "INSERT INTO treatment_groups (id, name, kind, weekday, time, place, counsellors)
        VALUES (1, 'Mandagsgruppen', 'move', 'monday', '10:00', 'Lokale 1', 'anna'),
               (2, 'Tirsdagsgruppen', 'move', 'tuesday', '10:00', 'Lokale 2', 'bo')",
        Marks(&[]),
    ),
    (
        "INSERT INTO group_members (id, group_id, case_id, joined_on) VALUES (1, 1, 10, '2026-03-14'), (2, 1, 11, '2026-03-14')",
        Marks(&[10, 11]),
    ),
    (
        "INSERT INTO group_sessions (id, group_id, on_date, time, place) VALUES (1, 1, '2026-03-16', '10:00', 'Lokale 1')",
        Marks(&[10, 11]),
    ),
    (
        "INSERT INTO attendances (id, case_id, session_id, status, actor, recorded_at)
        VALUES (1, 12, 1, 'present', 'anna', '2026-03-16T11:00:00Z')",
        Marks(&[12]),
    ),
    ("UPDATE group_sessions SET place = 'Lokale 3'", Marks(&[10, 11, 12])),
    ("UPDATE attendances SET status = 'absent'", Marks(&[12])),
    (
        "INSERT INTO attendances (id, case_id, session_id, status, actor, recorded_at)
        VALUES (2, 11, 1, 'present', 'anna', '2026-03-16T11:00:00Z')",
        Marks(&[11]),
    ),
    ("DELETE FROM attendances WHERE id = 2", Marks(&[11])),
    ("UPDATE group_members SET left_on = '2026-03-20' WHERE id = 2", Marks(&[11])),
    ("UPDATE treatment_groups SET place = 'Lokale 4' WHERE id = 1", Marks(&[10, 11])),
    (
        "INSERT INTO gift_card_ledger (id, serial, value, on_date, actor, kind, case_id, attendance_id, recorded_at)
        VALUES (1, 'G-1', 10000, '2026-03-16', 'anna', 'handed_out', NULL, 1, '2026-03-16T11:00:00Z')",
        Marks(&[12]),
    ),
    (
        "INSERT INTO gift_card_ledger (id, serial, value, on_date, actor, kind, case_id, corrects_entry, recorded_at)
        VALUES (2, 'G-2', 10000, '2026-03-16', 'anna', 'handed_out', 11, 1, '2026-03-16T11:00:00Z')",
        Marks(&[11]),
    ),
    (
        "INSERT INTO gift_card_ledger (id, serial, value, on_date, actor, kind, case_id, corrects_entry, recorded_at)
        VALUES (3, 'G-2', -10000, '2026-03-16', 'anna', 'correction', NULL, 2, '2026-03-16T11:00:00Z')",
        Marks(&[11]),
    ),
    ("UPDATE gift_card_ledger SET reason = 'x'", Refused(LEDGER)),
    ("DELETE FROM gift_card_ledger", Refused(LEDGER)),
    (
        "INSERT INTO group_sessions (id, group_id, on_date, time, place) VALUES (2, 1, '2026-03-23', '10:00', 'Lokale 1')",
        Marks(&[10, 11]),
    ),
    ("DELETE FROM group_sessions WHERE id = 2", Marks(&[10, 11])),
    ("DELETE FROM group_members WHERE id = 2", Marks(&[11])),
    ("DELETE FROM treatment_groups WHERE id = 2", Marks(&[])),
    (
        "INSERT INTO complaints (id, case_id, decision, decided_on, told_on, received_on, forward_by, how,
        registered_by, registered_at) VALUES (1, 10, 'Afslag', '2026-03-01', '2026-03-02', '2026-03-10', '2026-04-07',
        'written', 'anna', '2026-03-10T09:00:00Z')",
        Marks(&[10]),
    ),
    ("UPDATE complaints SET case_id = 11", Marks(&[10, 11])),
    ("DELETE FROM complaints", Marks(&[11])),
    ("UPDATE centre SET name = 'Rusmiddelcenter Randers'", Marks(&[])),
    ("UPDATE centre SET profile_id = 'faxe'", Marks(&[10, 11, 12])),
    ("UPDATE citizens SET home_municipality = 'Favrskov' WHERE id = 1", Marks(&[])),
    ("UPDATE citizens SET name = 'Jens Prøve', pseudonym = NULL WHERE id = 1", Marks(&[10, 12])),
    (
        "INSERT INTO audit (at, actor, action, entity, detail, prev_hash, hash)
        VALUES ('2026-03-16T11:00:00Z', 'anna', 'test', 'case', '', '', '')",
        Marks(&[]),
    ),
    (
        "INSERT INTO audit_change (audit_id, seq, tbl, row_key, op) SELECT max(id), 0, 'cases', '[10]', 'update' FROM audit",
        Marks(&[]),
    ),
    ("UPDATE audit SET actor = 'bo'", Refused("revisionssporet ændres aldrig")),
    ("DELETE FROM audit", Refused("revisionssporet slettes aldrig")),
    ("UPDATE audit_change SET op = 'insert'", Refused("revisionssporet ændres aldrig")),
    ("DELETE FROM audit_change", Refused("revisionssporet slettes aldrig")),
];

/// What a statement did on one engine: the cases it marked, or the
/// refusal's text.
fn outcome(done: Result<(), String>, marked: Vec<i64>) -> Result<Vec<i64>, String> {
    done.map(|()| marked)
}

fn on_sqlite(conn: &Connection, sql: &str) -> Result<Vec<i64>, String> {
    conn.execute_batch("DELETE FROM deadlines_dirty").unwrap();
    let done = conn.execute_batch(sql).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(_, Some(text)) => text,
        other => other.to_string(),
    });
    let marked = conn
        .prepare("SELECT case_id FROM deadlines_dirty ORDER BY case_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<i64>, _>>()
        .unwrap();
    outcome(done, marked)
}

fn on_postgres(client: &mut Client, sql: &str) -> Result<Vec<i64>, String> {
    client.batch_execute("DELETE FROM deadlines_dirty").unwrap();
    let done = client
        .batch_execute(sql)
        .map_err(|e| e.as_db_error().map_or_else(|| e.to_string(), |db| db.message().to_string()));
    let marked = client
        .query("SELECT case_id FROM deadlines_dirty ORDER BY case_id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    outcome(done, marked)
}

#[test]
fn the_triggers_refuse_and_mark_on_postgresql_as_on_sqlite() {
    let sqlite = migrated_sqlite();
    let mut client = migrated_centre("randers");
    sqlite.execute_batch(RECORDS).unwrap();
    client.batch_execute(RECORDS).unwrap();
    for (sql, expect) in STEPS {
        let on_sqlite = on_sqlite(&sqlite, sql);
        let on_postgres = on_postgres(&mut client, sql);
        let expected = match expect {
            Marks(cases) => Ok(cases.to_vec()),
            Refused(text) => Err(text.to_string()),
        };
        assert_eq!(on_sqlite, expected, "SQLite: {sql}");
        assert_eq!(on_postgres, on_sqlite, "PostgreSQL against SQLite: {sql}");
    }
}

/// The steps above reach every guard's text and every table and event a
/// deadline trigger watches: a trigger added later is tested here or this
/// test says which.
#[test]
fn the_trigger_steps_cover_every_trigger_of_the_schema() {
    let sqlite = migrated_sqlite();
    let mut statement = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").unwrap();
    let triggers: Vec<(String, String)> =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
    let mut missing = Vec::new();
    for (name, sql) in &triggers {
        if let Some(start) = sql.find("RAISE(ABORT, '") {
            let text = &sql[start + "RAISE(ABORT, '".len()..];
            let text = &text[..text.find('\'').unwrap()];
            if !STEPS.iter().any(|(_, expect)| matches!(expect, Refused(t) if *t == text)) {
                missing.push(format!("{name}: no step is refused with '{text}'"));
            }
            continue;
        }
        let words: Vec<&str> = sql.split_whitespace().collect();
        let (event, table) = (words[4], words[words.iter().position(|w| *w == "ON").unwrap() + 1]);
        let start = match event {
            "INSERT" => format!("INSERT INTO {table} "),
            "UPDATE" => format!("UPDATE {table} SET"),
            _ => format!("DELETE FROM {table}"),
        };
        if !STEPS.iter().any(|(sql, _)| sql.starts_with(&start)) {
            missing.push(format!("{name}: no step starts with '{start}'"));
        }
    }
    assert!(triggers.len() > 80, "{} triggers", triggers.len());
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

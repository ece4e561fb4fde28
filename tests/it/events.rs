//! `sagsbord events`: the national register's CSV (domain.md 7.8), from
//! a hand-built data set, read back with the `csv` crate, row by row.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{BIN, Run, count, fixture, open_as, open_db};
use sagsbord::store::{Role, Store, exchange};

fn sagsbord(db: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SAGSBORD_DB")
        .stdin(Stdio::null())
        .output()
        .expect("run sagsbord");
    Run::of(out)
}

/// The caseload fixture (imported by `leder`), and on top of it, in SQL:
/// - case 5 (citizen 5, request 20 Feb, treatment 1 Mar) ends 10 Mar as
///   completed; its 1-month call is tried 8 Apr (not reached) and 10 Apr
///   (reached, reduced);
/// - citizen 5 asks again on 20 Mar (case 8): 10 days after the end, so
///   the same contact course;
/// - citizen 7's contact (case 7, request 1 Mar) was closed on 4 Mar; they
///   ask again on 15 Mar (case 9): 11 days, a new contact course.
///
/// The user running the tests is registered with `role`.
fn register_data(role: Role) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    let file = exchange::parse(&fs::read_to_string(fixture("caseload.json")).unwrap()).unwrap();
    Store::open(&db, "leder").unwrap().import(&file).unwrap();
    let me = sagsbord::store::current_user().unwrap();
    drop(open_as(&db, &me, role));
    open_db(&db)
        .execute_batch(
            "UPDATE cases SET closed_on = '2026-03-10' WHERE id = 5;
             INSERT INTO course_endings (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at)
                 VALUES (5, '2026-03-10', 'completed', 0, '', 'anna', '2026-03-10T12:00:00Z');
             INSERT INTO follow_up_calls (id, case_id, months, due_on, done_on) VALUES (1, 5, 1, '2026-04-10', '2026-04-10');
             INSERT INTO follow_up_attempts (call_id, on_date, reached, outcome, note, actor, recorded_at)
                 VALUES (1, '2026-04-08', 0, NULL, '', 'anna', '2026-04-08T09:00:00Z'),
                        (1, '2026-04-10', 1, 'reduced', '', 'anna', '2026-04-10T09:00:00Z');
             UPDATE cases SET closing_reason = 'moved' WHERE id = 7;
             INSERT INTO cases (id, citizen_id, kind, channel, contact_at, counsellor, children, note)
                 VALUES (8, 5, 'own_use', 'phone', '2026-03-20T09:00:00', 'anna', 'no_children', ''),
                        (9, 7, 'own_use', 'phone', '2026-03-15T09:00:00', 'bo', 'no_children', '');",
        )
        .unwrap();
    (dir, db)
}

type Line = (String, String, String, String, String, String, String, String, String, String);

fn read_back(path: &Path) -> (Vec<String>, Vec<Line>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let lines = reader.deserialize().collect::<Result<Vec<Line>, _>>().unwrap();
    (header, lines)
}

fn line(fields: [&str; 10]) -> Line {
    let f = fields.map(str::to_string);
    let [a, b, c, d, e, g, h, i, j, k] = f;
    (a, b, c, d, e, g, h, i, j, k)
}

#[test]
fn the_register_file_holds_every_event_of_the_period_with_its_contact_course() {
    let (dir, db) = register_data(Role::TeamLeader);
    let target = dir.path().join("smdb.csv");
    let run =
        sagsbord(&db, &["events", "--from", "2026-03-01", "--to", "2026-04-09", "--csv", target.to_str().unwrap()])
            .ok();
    assert!(run.stdout.starts_with("10 hændelser fra 01.03.2026 til 09.04.2026 skrevet til"), "{}", run.stdout);
    assert!(run.stdout.contains("rummer CPR-numre"), "{}", run.stdout);
    assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600, "the file holds CPR numbers");
    let raw = fs::read_to_string(&target).unwrap();
    assert!(raw.contains("\r\n"), "RFC 4180 line ends");

    let (header, lines) = read_back(&target);
    assert_eq!(
        header,
        ["cpr", "citizen", "contact_course", "case", "event", "date", "reason", "months", "outcome", "counsellor"]
    );
    assert_eq!(
        lines,
        [
            // Citizen 1 asked on 1 March; nothing else yet.
            line(["120584-1234", "1", "1", "1", "request", "2026-03-01", "", "", "", "anna"]),
            // Citizen 2 and 3: a request each.
            line(["030795-2468", "2", "1", "2", "request", "2026-03-08", "", "", "", "bo"]),
            line(["241199-3571", "3", "1", "3", "request", "2026-03-15", "", "", "", "anna"]),
            // Citizen 4 is a relative and 6 anonymous (§101a): never in the file.
            // Citizen 5: the request of 20 Feb is before the period; the
            // start, the end as completed, the new request 10 days later
            // (same contact course 1), and the call's attempt not reached on
            // 8 April (the reached one on 10 April is after the period).
            line(["010170-1118", "5", "1", "5", "treatment_start", "2026-03-01", "", "", "", "anna"]),
            line(["010170-1118", "5", "1", "5", "end", "2026-03-10", "completed", "", "", "anna"]),
            line(["010170-1118", "5", "1", "8", "request", "2026-03-20", "", "", "", "anna"]),
            line(["010170-1118", "5", "1", "5", "follow_up_call", "2026-04-08", "", "1", "not_reached", "anna"]),
            // Citizen 7: the contact closed (moved) and a request 11 days
            // later: contact course 2.
            line(["311288-4321", "7", "1", "7", "request", "2026-03-01", "", "", "", "bo"]),
            line(["311288-4321", "7", "1", "7", "contact_closed", "2026-03-04", "moved", "", "", "bo"]),
            line(["311288-4321", "7", "2", "9", "request", "2026-03-15", "", "", "", "bo"]),
        ]
    );
    // The look is recorded, under the one who made the file.
    let me = sagsbord::store::current_user().unwrap();
    let (actor, detail): (String, String) = open_db(&db)
        .query_row("SELECT actor, detail FROM audit WHERE action = 'register_events'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(actor, me);
    assert_eq!(detail, "2026-03-01..2026-04-09 rows=10");

    // The next month holds the reached call with its outcome; an existing
    // file is replaced only with --force.
    let run =
        sagsbord(&db, &["events", "--from", "2026-04-01", "--to", "2026-04-30", "--csv", target.to_str().unwrap()])
            .failed();
    assert!(run.stderr.contains("findes allerede") && run.stderr.contains("--force"), "{}", run.stderr);
    sagsbord(
        &db,
        &["events", "--from", "2026-04-01", "--to", "2026-04-30", "--csv", target.to_str().unwrap(), "--force"],
    )
    .ok();
    let (_, lines) = read_back(&target);
    assert_eq!(
        lines,
        [
            line(["010170-1118", "5", "1", "5", "follow_up_call", "2026-04-08", "", "1", "not_reached", "anna"]),
            line(["010170-1118", "5", "1", "5", "follow_up_call", "2026-04-10", "", "1", "reduced", "anna"]),
        ]
    );
}

/// The file names every citizen by CPR number: the report's reader (the
/// team leader) only. A counsellor is told why, and nothing is written.
#[test]
fn a_counsellor_may_not_make_the_register_file() {
    let (dir, db) = register_data(Role::Counsellor);
    let target = dir.path().join("smdb.csv");
    let audit_before = count(&open_db(&db), "audit");
    let run =
        sagsbord(&db, &["events", "--from", "2026-03-01", "--to", "2026-03-31", "--csv", target.to_str().unwrap()])
            .failed();
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("ikke tilladt"), "{}", run.stderr);
    assert!(!target.exists());
    assert_eq!(count(&open_db(&db), "audit"), audit_before);
    // And a period the wrong way round is a command line that cannot be used.
    let run = sagsbord(&db, &["events", "--from", "2026-03-31", "--to", "2026-03-01", "--csv", "x.csv"]).failed();
    assert_eq!(run.code, Some(2));
}

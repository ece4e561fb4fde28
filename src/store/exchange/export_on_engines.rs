//! The export on both engines: the same small centre, written row by row
//! on a SQLite file and on a PostgreSQL schema, exports to the same bytes,
//! every list read through the seam.

use super::write_snapshot;
use crate::store::engine::both::{Place, a_case};
use crate::store::engine::{Db, Intent};

/// A centre with a row in most of the file's lists: two citizens, their
/// cases (one with substances and circumstances, one ended with a
/// follow-up call tried once), an event, a group with a member and a
/// session, and a held conversation.
fn small_centre(db: &Db<'_>) {
    let open = a_case(db, "anna");
    let ended = a_case(db, "bo");
    let statements: [&str; 12] = [
        "UPDATE centre SET name = 'Rusmiddelcenter Nord', municipality = 'Rødovre' WHERE id = 1",
        "UPDATE citizens SET name = NULL, pseudonym = 'Blå' WHERE id = (SELECT citizen_id FROM cases WHERE id = ?1)",
        "INSERT INTO case_substances (case_id, substance) VALUES (?1, 'opioids'), (?1, 'cannabis')",
        "INSERT INTO case_circumstances (case_id, family, income) VALUES (?1, 'single', 'wages')",
        "INSERT INTO case_events (case_id, kind, on_date, reason, wanted, actor, recorded_at)
         VALUES (?1, 'book_visitation', '2026-03-03', NULL, 1, 'anna', '2026-03-03T09:00:00Z')",
        "UPDATE cases SET treatment_started_on = '2025-10-01', closed_on = '2026-02-10' WHERE id = ?2",
        "INSERT INTO course_endings (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at)
         VALUES (?2, '2026-02-10', 'completed', 0, 'Godt forløb', 'bo', '2026-02-10T10:00:00Z')",
        "INSERT INTO follow_up_calls (case_id, months, due_on) VALUES (?2, 1, '2026-03-10')",
        "INSERT INTO follow_up_attempts (call_id, on_date, reached, outcome, note, actor, recorded_at)
         SELECT id, '2026-03-11', 0, NULL, 'Ingen svar', 'bo', '2026-03-11T12:00:00Z' FROM follow_up_calls",
        "INSERT INTO treatment_groups (name, kind, weekday, time, place, counsellors)
         VALUES ('Tirsdagsgruppen', 'aftercare', 'tuesday', '10:00', 'Lokale 2', 'anna,bo')",
        "INSERT INTO group_members (group_id, case_id, joined_on, left_on)
         SELECT id, ?1, '2026-03-03', NULL FROM treatment_groups",
        "INSERT INTO conversations (case_id, on_date, kind, actor, recorded_at)
         VALUES (?1, '2026-03-04', 'advisory', 'anna', '2026-03-04T09:00:00Z')",
    ];
    for sql in statements {
        let params: [&dyn crate::store::engine::ToValue; 2] = [&open, &ended];
        let named = crate::store::engine::parameter_count(sql);
        db.execute(sql, &params[..named]).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    }
}

/// The export's text of what `place` holds, read in one snapshot.
fn exported(place: &Place) -> String {
    let db = place.open();
    small_centre(&db);
    let snapshot = db.transaction(Intent::Read).unwrap();
    let mut out = Vec::new();
    write_snapshot(&snapshot, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_small_centre_exports_to_the_same_bytes_on_both_engines() {
    let sqlite = exported(&Place::sqlite());
    let postgres = exported(&Place::postgres());
    assert_eq!(sqlite, postgres);
    // The file holds what was written, read back through each list.
    for written in
        ["Rusmiddelcenter Nord", "\"Blå\"", "\"cannabis\",\n", "book_visitation", "Godt forløb", "Ingen svar"]
    {
        assert!(sqlite.contains(written), "{written} in\n{sqlite}");
    }
    for written in ["Tirsdagsgruppen", "\"advisory\"", "\"wages\""] {
        assert!(sqlite.contains(written), "{written} in\n{sqlite}");
    }
    let file: super::ExportFile = serde_json::from_str(&sqlite).expect("the export reads back as a file");
    assert_eq!((file.cases.len(), file.group_members.len(), file.follow_up_attempts.len()), (2, 1, 1));
}

//! End-to-end in a pseudo-terminal: a 16-year-old waiting for the parents'
//! consent cannot start treatment; the consent arrives, is recorded in the
//! open case with `r` and its day, and treatment then starts with `b`.

use crate::common::keys::{ENTER, ESC, LEFT};
use crate::common::{Tui, open_db};
use sagsbord::store::{Store, current_user, exchange};

const TODAY: &str = "2026-03-10";

/// A young person (16, an invented CPR number) whose parents have not
/// consented yet.
const YOUNG_WAITING: &str = r#"{
  "format": "sagsbord",
  "version": 1,
  "centre": { "name": "Testcentret", "municipality": "Faxe", "profile": "national" },
  "citizens": [
    { "id": 1, "name": "Ung Testesen", "cpr": "100310-4008", "home_municipality": "Faxe" }
  ],
  "cases": [
    { "id": 1, "citizen_id": 1, "kind": "young", "channel": "phone", "parental_consent": false,
      "contact_at": "2026-03-09T09:00:00", "counsellor": "anna", "children": "no_children" }
  ],
  "case_events": [
    { "id": 1, "case_id": 1, "kind": "registered", "on": "2026-03-09", "actor": "anna",
      "recorded_at": "2026-03-09T09:05:00Z" }
  ]
}"#;

#[test]
fn a_sixteen_year_olds_consent_given_later_then_treatment_started() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    Store::open(&db, &current_user().unwrap()).unwrap().import(&exchange::parse(YOUNG_WAITING).unwrap()).unwrap();
    let mut tui = Tui::builder().args(["--db", db.to_str().unwrap(), "--today", TODAY]).cwd(dir.path()).spawn();
    tui.wait_for("Ung Testesen");
    tui.send(ENTER);
    tui.wait_for("Sag 1 ·");
    // Without consent the start of treatment is refused at its field.
    tui.send("b");
    tui.wait_for("Behandling startet · sag 1 · Ung Testesen");
    tui.send(ENTER);
    tui.wait_for("Under 18: behandling kræver forældrenes samtykke.");
    tui.send(ESC);
    tui.wait_gone("Behandling startet · sag 1 · Ung Testesen");
    // The consent arrives: r, "Ja" (left of "Nej"), the day (today), Enter.
    tui.send("r");
    tui.wait_for("Ret sagen · sag 1 · Ung Testesen");
    tui.send(LEFT);
    tui.wait_for("Samtykke givet den");
    tui.send(ENTER);
    tui.wait_for_all(&["Sag 1 rettet.", "Forældresamtykke givet", "Forældresamtykke: Ja, forældrene samtykker"]);
    // Now treatment starts.
    tui.send("b");
    tui.wait_for("Behandling startet · sag 1 · Ung Testesen");
    tui.send(ENTER);
    tui.wait_for_all(&["Behandling startet · sag 1: gemt.", "Sag 1 · I behandling"]);
    tui.quit();

    let db = open_db(&db);
    let kinds: Vec<(String, String)> = db
        .prepare("SELECT kind, on_date FROM case_events WHERE case_id = 1 ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let kinds: Vec<(&str, &str)> = kinds.iter().map(|(k, on)| (k.as_str(), on.as_str())).collect();
    assert_eq!(
        kinds,
        [("registered", "2026-03-09"), ("edited", TODAY), ("parental_consent", TODAY), ("start_treatment", TODAY)]
    );
    let (consent, started): (bool, String) = db
        .query_row("SELECT parental_consent, treatment_started_on FROM cases WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((consent, started.as_str()), (true, TODAY));
    let edits: i64 = db
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'edit_case' AND entity_id = 1 AND actor = ?1",
            [current_user().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(edits, 1);
}

//! End-to-end: the Planer pane in the real binary in a pseudo-terminal. A
//! counsellor revises an overdue plan and ends the course; `sagsbord due`
//! then lists the follow-up calls at 1 and 6 months, and the file holds
//! both versions of the plan.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::keys::{BACKTAB, ENTER, ESC};
use crate::common::{BIN, Tui, count, open_db};
use sagsbord::store::{Store, current_user, exchange};
use serde_json::Value;
use tempfile::TempDir;

const TODAY: &str = "2026-03-17";

/// A Randers centre with one course in treatment whose plan named
/// 1 March 2026 for its revision: overdue on the 17th.
const OVERDUE_PLAN: &str = r#"{
  "format": "sagsbord",
  "version": 1,
  "centre": { "name": "Testcentret", "municipality": "Randers", "profile": "randers" },
  "citizens": [ { "id": 1, "name": "Karen Testesen", "home_municipality": "Randers" } ],
  "cases": [
    { "id": 1, "citizen_id": 1, "kind": "own_use", "channel": "phone", "contact_at": "2026-01-05T09:00:00",
      "counsellor": "anna", "children": "no_children", "consent_on": "2026-01-12",
      "doctor_offered_on": "2026-01-12", "doctor_wanted": false, "treatment_started_on": "2026-01-12" }
  ],
  "case_events": [
    { "id": 1, "case_id": 1, "kind": "registered", "on": "2026-01-05", "actor": "anna",
      "recorded_at": "2026-01-05T08:05:00Z" },
    { "id": 2, "case_id": 1, "kind": "start_treatment", "on": "2026-01-12", "actor": "anna",
      "recorded_at": "2026-01-12T10:00:00Z" },
    { "id": 3, "case_id": 1, "kind": "offer_doctor", "on": "2026-01-12", "wanted": false, "actor": "anna",
      "recorded_at": "2026-01-12T10:05:00Z" }
  ],
  "plan_versions": [
    { "id": 1, "case_id": 1, "version": 1, "effective_on": "2026-01-14", "next_revision_on": "2026-03-01",
      "goals": [ { "area": "main", "text": "Stoffrihed", "status": "in_progress" } ],
      "services": "Ugentlige samtaler", "action_plan": "undecided", "citizen_took_part": true,
      "actor": "anna", "recorded_at": "2026-01-14T10:00:00Z" }
  ]
}"#;

fn centre() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    let mut store = Store::open(&db, &current_user().unwrap()).unwrap();
    store.import(&exchange::parse(OVERDUE_PLAN).unwrap()).unwrap();
    (dir, db)
}

/// `sagsbord due --json` on the test's day, looking `within` days ahead.
fn due(dir: &Path, db: &Path, within: u32) -> Vec<Value> {
    let out = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "due", "--json", "--today", TODAY, "--within", &within.to_string()])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn kinds(items: &[Value]) -> Vec<(String, String)> {
    items.iter().map(|i| (i["kind"].as_str().unwrap().to_string(), i["due"].as_str().unwrap().to_string())).collect()
}

#[test]
fn a_plan_revised_and_a_course_ended_in_the_terminal_puts_the_1_and_6_month_calls_in_due() {
    let (dir, db) = centre();
    assert_eq!(kinds(&due(dir.path(), &db, 200)), vec![("plan_revision".to_string(), "2026-03-01".to_string())]);

    let mut tui = Tui::builder().args(["--db", db.to_str().unwrap(), "--today", TODAY]).cwd(dir.path()).spawn();
    tui.wait_for("Indtag · Testcentret");
    tui.send("2");
    tui.wait_for_all(&["Planer · Testcentret", "Karen Testesen", "f opkald"]);
    let row = tui.line_with("Karen Testesen").unwrap();
    assert!(row.contains("01.03.2026") && row.contains("-16") && row.contains("OVERSKREDET"), "{row}");

    // Revise: the form comes prefilled; say what changed (the last field).
    tui.send("r");
    tui.wait_for_all(&["Revision af planen · sag 1 · Karen Testesen", "Stoffrihed", "Ugentlige samtaler"]);
    tui.send(BACKTAB);
    tui.type_text("Delmål om bolig tilføjet");
    tui.wait_for("Delmål om bolig tilføjet");
    tui.send(ENTER);
    tui.wait_for("Sag 1: planen er revideret (version 2). Næste revision 17.09.2026.");
    let row = tui.line_with("Karen Testesen").unwrap();
    assert!(row.contains("17.09.2026") && !row.contains("OVERSKREDET"), "{row}");

    // The plan keeps its first version: the history shows both.
    tui.send(ENTER);
    tui.wait_for("version 2/2 fra 17.03.2026 · gældende i dag");
    tui.send("h");
    tui.wait_for_all(&["v1  14.01.2026", "v2  17.03.2026", "Delmål om bolig tilføjet"]);
    tui.send(ESC);
    tui.wait_gone("Revisionshistorik");

    // End the course as completed: the profile schedules the calls at once.
    tui.send("e");
    tui.wait_for_all(&["Afslut forløbet · sag 1", "Færdigbehandlet", "Udløser opfølgningsopkald efter 1 og 6"]);
    tui.send(ENTER);
    tui.wait_for("Sag 1 afsluttet: Færdigbehandlet. Opkald 17.04.2026 og 17.09.2026.");
    tui.wait_gone("Karen Testesen");

    // The follow-up list has both calls.
    tui.send("f");
    tui.wait_for_all(&["Opfølgningsopkald · Testcentret", "17.04.2026", "17.09.2026", "enter registrér"]);
    tui.quit();

    // `due` now lists the two calls, with their rule and profile, and no
    // revision for the ended course.
    let items = due(dir.path(), &db, 200);
    assert_eq!(
        kinds(&items),
        vec![
            ("follow_up_call".to_string(), "2026-04-17".to_string()),
            ("follow_up_call".to_string(), "2026-09-17".to_string())
        ]
    );
    for item in &items {
        assert_eq!(item["case"], 1);
        assert_eq!(item["profile"], "randers");
        assert!(item["rule"].as_str().unwrap().contains("efter afsluttet behandling"), "{item}");
        assert!(item["setting"].as_str().unwrap().contains("follow_up.after_end_months = [1, 6]"), "{item}");
        assert!(!item.to_string().contains("Karen"), "due never names the citizen: {item}");
    }
    // Within 31 days only the 1-month call.
    assert_eq!(due(dir.path(), &db, 31).len(), 1);

    let db = open_db(&db);
    assert_eq!(count(&db, "plan_versions"), 2);
    assert_eq!(count(&db, "course_endings"), 1);
    assert_eq!(count(&db, "follow_up_calls"), 2);
    let closed: String = db.query_row("SELECT closed_reason FROM cases WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(closed, "Færdigbehandlet");
}

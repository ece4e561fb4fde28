//! End-to-end: the real binary in a pseudo-terminal. A counsellor drafts an
//! underretning, informs the citizen, sends it and records the receipt,
//! with keys only; then the file is checked for every step, with who and when.

use std::path::{Path, PathBuf};

use crate::common::keys::{ENTER, ESC, SPACE, TAB};
use crate::common::{Tui, count, open_db};
use sagsbord::domain::notification::{Ground, InformHow, Informed, SendHow, State};
use sagsbord::store::{Store, current_user, exchange};
use tempfile::TempDir;

/// Tuesday 17 March 2026.
const TODAY: &str = "2026-03-17";

/// A mother in treatment since 2 March with a son (born 2015) at home, and
/// nothing considered about him yet.
const FAMILY: &str = r#"{
  "format": "sagsbord",
  "version": 1,
  "centre": { "name": "Testcentret", "municipality": "Randers", "profile": "randers" },
  "citizens": [ { "id": 1, "name": "Mette Testmor", "home_municipality": "Randers" } ],
  "cases": [
    { "id": 1, "citizen_id": 1, "kind": "own_use", "channel": "phone",
      "contact_at": "2026-02-23T09:00:00", "counsellor": "anna", "children": "has_children",
      "consent_on": "2026-03-02", "treatment_started_on": "2026-03-02" }
  ],
  "case_events": [
    { "id": 1, "case_id": 1, "kind": "registered", "on": "2026-02-23", "actor": "anna",
      "recorded_at": "2026-02-23T09:05:00Z" },
    { "id": 2, "case_id": 1, "kind": "start_treatment", "on": "2026-03-02", "actor": "anna",
      "recorded_at": "2026-03-02T10:00:00Z" }
  ],
  "children": [
    { "id": 1, "case_id": 1, "birth_year": 2015, "relation": "lives_at_home", "noted_on": "2026-02-23",
      "actor": "anna", "recorded_at": "2026-02-23T09:06:00Z" }
  ]
}"#;

fn family_centre() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    let mut store = Store::open(&db, &current_user().unwrap()).unwrap();
    store.import(&exchange::parse(FAMILY).unwrap()).unwrap();
    (dir, db)
}

fn open_tui(dir: &Path, db: &Path) -> Tui {
    Tui::builder().args(["--db", db.to_str().unwrap(), "--today", TODAY]).size(80, 24).cwd(dir).spawn()
}

#[test]
fn a_notification_is_drafted_informed_sent_and_confirmed_with_keys() {
    let (dir, db) = family_centre();
    let mut tui = open_tui(dir.path(), &db);
    tui.wait_for("[1 Indtag]");

    // The pane lists the case: a child at home, never considered.
    tui.send("5");
    let screen = tui.wait_for_all(&["[5 Underretninger]", "Overvej børnene", "n ny"]);
    let line = tui.line_with("Mette").unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("02.03.2026") && line.contains("OVERSKREDET"), "{line}");

    // Draft: the ground, the one child (chosen already), a description.
    tui.send("n");
    tui.wait_for_all(&["Ny underretning · sag 1", "Berørte børn", "f. 2015, bor hjemme"]);
    tui.send(TAB);
    tui.send(SPACE);
    tui.wait_for("‹[x] Særlig støtte (§133)›");
    tui.send(TAB);
    tui.send(TAB);
    tui.send(TAB);
    tui.type_text("Sønnen kommer sulten i skole og sover i timerne.");
    tui.send(ENTER);
    // The status line is part of the same frame: wait for it too, so a
    // partly drawn frame is not read.
    tui.wait_for_all(&[
        "Underretning 1 · sag 1 · Mette Testmor · Kladde",
        "orientér borgeren (i)",
        "Underretning 1 er gemt som kladde.",
    ]);

    // Sending before the citizen is told is refused, and the draft stays.
    tui.send("s");
    tui.wait_for("Sendt til kommunen · underretning 1");
    tui.send(ENTER);
    tui.wait_for("Borgeren skal orienteres først");
    tui.send(ESC);
    tui.wait_for("Fortrudt: intet er gemt.");

    // Inform (in person, today), send (the digital form), receipt.
    tui.send("i");
    tui.wait_for("Borgeren orienteret · underretning 1");
    tui.send(ENTER);
    tui.wait_for_all(&["· Borger orienteret", "Borgeren orienteret: personligt", "send den (s)"]);
    tui.send("s");
    tui.wait_for("Sendt den");
    tui.send(ENTER);
    tui.wait_for_all(&["· Venter kvittering", "Sendt: kommunens digitale formular", "Kvittering senest 25.03.2026"]);
    tui.send("k");
    tui.wait_for("Kvittering den");
    tui.send(ENTER);
    let screen = tui.wait_for_all(&["· Kvitteret", "Kvittering modtaget"]);
    assert!(!screen.contains("Kvittering senest"), "{screen}");

    // Back on the list: finished, and the draft counted as a consideration.
    tui.send(ESC);
    tui.wait_for("Intet venter");
    tui.quit();

    // The file holds every step, each with who and when.
    let store = crate::common::open_as(&db, "kontrol", sagsbord::store::Role::TeamLeader);
    let n = store.notification(1).unwrap();
    assert_eq!(n.state(), State::ReceiptConfirmed);
    assert_eq!(n.content.grounds, vec![Ground::SpecialSupport]);
    assert_eq!(n.content.children, vec![1]);
    assert_eq!(n.content.municipality, "Randers");
    assert_eq!(n.content.description, "Sønnen kommer sulten i skole og sover i timerne.");
    let informed = n.informed.as_ref().unwrap();
    assert_eq!(informed.informed, Informed::Told { how: InformHow::InPerson });
    assert_eq!(n.sent.as_ref().unwrap().how, SendHow::OnlineForm);
    let me = current_user().unwrap();
    for (step, stamp) in [
        ("drafted", &n.drafted.stamp),
        ("informed", &informed.stamp),
        ("sent", &n.sent.as_ref().unwrap().stamp),
        ("receipt", &n.receipt.as_ref().unwrap().stamp),
    ] {
        assert_eq!(stamp.by, me, "{step}");
        assert!(stamp.at.ends_with('Z'), "{step}: {}", stamp.at);
    }
    for on in [n.drafted.on, informed.on, n.sent.as_ref().unwrap().on, n.receipt.as_ref().unwrap().on] {
        assert_eq!(on.to_string(), TODAY);
    }
    let conn = open_db(&db);
    assert_eq!(count(&conn, "notifications"), 1);
    let steps: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = 'notification' AND action = 'notification_step'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(steps, 3, "inform, send, receipt: one audit row each");
    assert!(store.verify_audit().unwrap().is_empty());
}

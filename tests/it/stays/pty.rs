//! End to end: the Døgn pane in the real binary in a pseudo-terminal. A
//! counsellor records a residential stay, from recommendation to start,
//! and reads its cost on screen; the file then holds what the screen said.

use crate::common::keys::{END, ENTER, TAB};
use crate::common::{BIN, Tui};
use sagsbord::domain::stay::StayStatus;
use sagsbord::store::{current_user, exchange};
use tempfile::TempDir;

#[test]
fn a_counsellor_records_a_stay_and_reads_its_cost_on_screen() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("sagsbord.db");
    {
        let text = crate::common::sample_text();
        let mut store = crate::common::open_as(&db, "opsaetning", sagsbord::store::Role::TeamLeader);
        store.import(&exchange::parse(&text).unwrap()).unwrap();
    }
    crate::common::let_the_binary_in(&db);
    let mut tui = Tui::builder()
        .args(["--db", db.to_str().unwrap(), "--today", "2026-03-17"])
        .env("NO_COLOR", "1")
        .size(80, 24)
        .cwd(dir.path())
        .spawn();
    tui.wait_for("Indtag · Rusmiddelcenter Randers");

    tui.send("4");
    tui.wait_for_all(&["Døgn · Rusmiddelcenter Randers", "t udgift"]);
    tui.send("n");
    tui.wait_for("Ny indstilling til døgnophold");
    tui.type_text("20");
    tui.send_times(TAB, 3);
    tui.type_text("17.03.2026");
    tui.send(TAB);
    tui.type_text("16.05.2026");
    tui.send_times(TAB, 3);
    tui.type_text("Døgnforløb efter aftale med borgeren.");
    tui.send(ENTER);
    tui.wait_for("Ophold 12 er indstillet (sag 20).");

    tui.send("a");
    tui.wait_for_all(&["Døgnophold bevilget · ophold 12", "Visitationsudvalget"]);
    tui.send(ENTER);
    tui.wait_for("Døgnophold bevilget · ophold 12: gemt.");
    tui.send("s");
    tui.wait_for("Opholdet er startet · ophold 12");
    tui.send(ENTER);
    tui.wait_for("Opholdet er startet · ophold 12: gemt.");

    // Open it and read the cost: 17 March to 16 May at Lyngbakken, whose
    // treatment price changes on 1 April; the discharge day is not billed.
    tui.send(ENTER);
    tui.wait_for_all(&[
        "Døgnophold 12 · Peter Lund Jeppesen · sag 20 · Kører",
        "17.03–31.03.2026  Behandling 15 dage × 1.450,00 kr",
    ]);
    tui.send(END);
    let s = tui.wait_for_all(&["131.472,58 kr", "Hidtil, til og med 17.03.2026 (1 dag)", "2.127,42 kr"]);
    assert!(s.lines().any(|l| l.contains("I alt") && l.contains("131.472,58 kr")), "{s}");
    tui.quit();

    // What the screen said is what the file holds, with who did it.
    let store = crate::common::open_as(&db, "kontrol", sagsbord::store::Role::TeamLeader);
    let stay = store.all_stays().unwrap().into_iter().find(|s| s.id == 12).unwrap();
    assert_eq!((stay.case_id, stay.status()), (20, StayStatus::Running));
    let actors: Vec<String> = store.stay_events(12).unwrap().into_iter().map(|e| e.actor).collect();
    assert_eq!(actors, vec![current_user().unwrap(); 3]);
    assert!(store.verify_audit().unwrap().is_empty());
    // And `sagsbord due` now expects the new stay's mid-way status.
    let out = std::process::Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-03-17", "due", "--within", "30", "--json"])
        .output()
        .unwrap();
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        items.as_array().unwrap().iter().any(|i| i["kind"] == "stay_midway_status" && i["case"] == 20),
        "{items:#}"
    );
}

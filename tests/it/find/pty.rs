//! End-to-end: the real binary's demo in a pseudo-terminal, a closed case
//! found by the CPR number a caller gives on the phone, and its life.

use crate::common::Tui;
use crate::common::keys::{DOWN, ENTER, ESC};

#[test]
fn in_the_demo_a_closed_case_is_found_by_cpr_from_another_pane_and_its_life_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::builder().args(["demo"]).size(100, 40).cwd(dir.path()).spawn();
    tui.wait_for("n ny");
    tui.send("4");
    tui.wait_for("[4 Døgn]");
    tui.send("F");
    tui.wait_for("Søg:");
    tui.type_text("1107971889");
    let s = tui.wait_for("110797-XXXX");
    assert!(!s.contains("110797-1889"), "the list masks the number:\n{s}");
    // Case 40 first (the newer request), then case 1: closed.
    tui.send(DOWN);
    tui.send(ENTER);
    let s = tui.wait_for_all(&["Sagens forløb 1 · Lasse Bruun", "HENVENDELSEN", "TRIN OG HÆNDELSER"]);
    assert!(s.contains("110797-XXXX"), "{s}");
    // The rest of the life is further down.
    tui.send("G");
    tui.wait_for_all(&["UNDERRETNINGER", "KLAGER"]);
    tui.send(ESC);
    tui.wait_for("Søg: 1107971889");
    tui.send(ESC);
    tui.wait_gone("Søg:");
    tui.wait_for("[4 Døgn]");
    tui.quit();
}

//! End-to-end: the Grupper pane in the real binary in a pseudo-terminal. A
//! roll call earns a MOVE card, the card is handed out on its line, the
//! ledger balances; then the database file and `sagsbord due` agree.

use std::path::PathBuf;
use std::process::Command;

use crate::common::keys::{ENTER, ESC, UP};
use crate::common::{BIN, Tui, count, open_db};
use sagsbord::domain::group::ledger::{CardState, LedgerEntryKind};
use sagsbord::store::{Store, current_user, exchange};
use tempfile::TempDir;

/// Monday 16 March 2026: the fixture's MOVE group meets at 10:00.
const TODAY: &str = "2026-03-16";

fn centre() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    let text = std::fs::read_to_string(crate::common::fixture("move_group.json")).unwrap();
    let mut store = Store::open(&db, &current_user().unwrap()).unwrap();
    store.import(&exchange::parse(&text).unwrap()).unwrap();
    (dir, db)
}

#[test]
fn a_roll_call_earns_a_card_the_card_is_handed_out_and_the_ledger_balances() {
    let (dir, db) = centre();
    let mut tui =
        Tui::builder().args(["--db", db.to_str().unwrap(), "--today", TODAY]).cwd(dir.path()).size(80, 24).spawn();
    tui.wait_for("Indtag");

    tui.send("3");
    tui.wait_for_all(&["Grupper · Rusmiddelcenter Prøve", "I DAG: FREMMØDE MANGLER", "r fremmøde i dag"]);
    tui.send("r");
    tui.wait_for_all(&["Fremmøde · MOVE mandag · man 16.03.2026 kl. 10:00", "m mødt"]);

    // Ida attends: her line says at once that the attendance earns card 2.
    tui.send("m");
    tui.wait_until("Ida's line to say she earned a card", |s| {
        s.contents().lines().any(|l| l.contains("Ida Prøvesen") && l.contains("MØDT") && l.contains("KORT 2 OPTJENT"))
    });
    // Ole attends too: no card today.
    tui.send("m");
    tui.wait_until("Ole's line to say he waits for a partner", |s| {
        s.contents().lines().any(|l| l.contains("Ole Testesen") && l.contains("venter på makker"))
    });
    // Back on Ida's line, the card's serial from the stock.
    tui.send(UP);
    tui.send("s");
    tui.wait_for_all(&["serienr.:", "enter brug serienr."]);
    tui.type_text("MOVE-0004");
    tui.wait_for("serienr.: MOVE-0004");
    tui.send(ENTER);
    tui.wait_for("KORT 2: MOVE-0004 UDLEVERES");
    // One Enter saves the whole roll call: marks and card together.
    tui.send(ENTER);
    tui.wait_for_all(&["Fremmødet er gemt. 2 markeringer; gavekort udleveret: MOVE-0004.", "I DAG: 2 AF 2 MØDT"]);

    // The ledger: received 10 = handed out 4 + voided 0 + lost 0 + on hand 6.
    tui.send("l");
    let screen = tui.wait_for_all(&["Gavekortregnskab", "STEMMER", "esc tilbage"]);
    let rec: Vec<&str> = screen.lines().find(|l| l.contains("200,00 kr ")).unwrap().split_whitespace().collect();
    assert!(rec.windows(6).any(|w| w == ["10", "4", "0", "0", "6", "STEMMER"]), "{rec:?}\n{screen}");
    // Its receipt and, last, its hand-out today.
    let rows: Vec<&str> = screen.lines().filter(|l| l.starts_with('│') && l.contains("MOVE-0004")).collect();
    assert!(rows.len() == 2 && rows[0].contains("modtaget"), "{screen}");
    assert!(rows[1].contains("udleveret") && rows[1].contains("16.03.2026"), "{screen}");
    tui.send(ESC);
    tui.wait_for("Grupper · Rusmiddelcenter Prøve");
    tui.quit();

    // The file holds what the screen said.
    let store = crate::common::open_as(&db, "tjek", sagsbord::store::Role::TeamLeader);
    let ledger = store.ledger().unwrap();
    assert!(ledger.reconciliation().iter().all(|r| r.balances()));
    let conn = open_db(&db);
    let (attendance, actor): (i64, String) = conn
        .query_row(
            "SELECT a.id, a.actor FROM attendances a JOIN group_sessions s ON s.id = a.session_id
             WHERE s.on_date = ?1 AND s.group_id = 1 AND a.case_id = 1 AND a.status = 'attended'",
            [TODAY],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(actor, current_user().unwrap());
    match ledger.card_state("MOVE-0004") {
        CardState::HandedOut { citizen_ref, earned_by_session, .. } => {
            assert_eq!((citizen_ref.as_str(), earned_by_session), ("1", Some(attendance)));
        }
        other => panic!("MOVE-0004 is {other:?}"),
    }
    let last = ledger.entries().last().unwrap();
    assert!(matches!(last.kind, LedgerEntryKind::HandedOut { .. }) && last.actor == current_user().unwrap());
    assert_eq!(count(&conn, "attendances"), 12);
    let saves: i64 = conn.query_row("SELECT count(*) FROM audit WHERE action = 'roll_call'", [], |r| r.get(0)).unwrap();
    assert_eq!(saves, 1, "one roll call, one transaction, one audit row");
    assert!(store.verify_audit().unwrap().is_empty());

    // The morning list owes no card: it was handed out at the roll call.
    let out = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "due", "--json", "--today", TODAY])
        .env("SAGSBORD_KEYMAP", dir.path().join("no-such-keymap.toml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(items.iter().all(|i| !i["kind"].as_str().unwrap().starts_with("gift_card")), "{items:?}");
}

#[test]
fn a_card_earned_but_not_handed_out_is_on_the_morning_list_until_it_is() {
    let (dir, db) = centre();
    let mut tui = Tui::builder().args(["--db", db.to_str().unwrap(), "--today", TODAY]).cwd(dir.path()).spawn();
    tui.wait_for("Indtag");
    tui.send("3");
    tui.wait_for("I DAG: FREMMØDE MANGLER");
    tui.send("r");
    tui.wait_for("m mødt");
    // Both attend; no card in hand today, so none is typed.
    tui.send("mm");
    tui.wait_for("KORT 2 OPTJENT");
    tui.send(ENTER);
    tui.wait_for("Fremmødet er gemt. 2 markeringer.");
    tui.wait_for("1 SKYLDIGT");
    tui.quit();

    let due = |day: &str| -> Vec<serde_json::Value> {
        let out = Command::new(BIN)
            .args(["--db", db.to_str().unwrap(), "due", "--json", "--today", day])
            .env("SAGSBORD_KEYMAP", dir.path().join("no-such-keymap.toml"))
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let items = due("2026-03-18");
    let owed: Vec<&serde_json::Value> = items.iter().filter(|i| i["kind"] == "gift_card_not_handed_out").collect();
    assert_eq!(owed.len(), 1, "{items:?}");
    assert_eq!(
        (owed[0]["case"].as_i64(), owed[0]["due"].as_str(), owed[0]["days_left"].as_i64()),
        (Some(1), Some(TODAY), Some(-2))
    );
    assert!(owed[0]["setting"].as_str().unwrap().contains("move_cards.max_cards = 7"));
    let text = serde_json::to_string(&items).unwrap();
    assert!(!text.contains("Ida") && !text.contains("150390"), "no names or CPR numbers: {text}");
}

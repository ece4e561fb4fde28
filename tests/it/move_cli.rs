//! `sagsbord move --case N [--json]` as a user runs it: the MOVE verdict
//! per session with the cards earned, handed out, still possible and owed,
//! the same words as the Grupper course screen; the look audited; a
//! colleague's case refused before anything is shown.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sagsbord::store::{NewUser, Role, current_user, exchange};
use serde_json::Value;
use tempfile::TempDir;

use crate::common::{BIN, Run, open_as};

fn sagsbord(dir: &Path, db: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .current_dir(dir)
        .env_remove("SAGSBORD_DB")
        .stdin(Stdio::null())
        .output()
        .expect("run sagsbord");
    Run::of(out)
}

/// The demo centre (Randers: 7 cards of 200 kr in 14 sessions) in a file
/// set up by another team leader; the user running the tests is added
/// with `role`.
fn centre(role: Role) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("sagsbord.db");
    let mut setup = open_as(&db, "opsaetning", Role::TeamLeader);
    setup.import(&exchange::parse(&crate::common::sample_text()).unwrap()).unwrap();
    let me = current_user().unwrap();
    setup.add_user(&NewUser { name: me, full_name: String::new(), role, anonymous_team: false }).unwrap();
    (dir, db)
}

#[test]
fn the_verdict_per_session_and_the_cards_in_writing() {
    let (dir, db) = centre(Role::TeamLeader);
    let run = sagsbord(dir.path(), &db, &["move", "--case", "4"]).ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "MOVE-forløb 1 · sag 4 · screening 15.10.2025 · åbent");
    assert_eq!(lines[1], "Kort optjent 7 · udleveret 7 · stadig mulige 0 · skyldige 0 · til afklaring 0");
    // The second attendance of each pair earns the card, with its serial;
    // the follow-up phase earns none (domain.md 7.1).
    assert_eq!(lines[4], "28.10.2025  MOVE tirsdag          mødt       kort 1 optjent          MOVE-0001");
    assert_eq!(lines[3], "21.10.2025  MOVE tirsdag          mødt       i par med kort 1");
    let follow_up = lines.iter().find(|l| l.starts_with("10.03.2026")).unwrap();
    assert!(follow_up.contains("udeblevet") && follow_up.ends_with("opfølgning: intet kort"), "{follow_up}");
    assert!(!run.stdout.contains("Rikke") && !run.stdout.contains("Lauritsen"), "no names:\n{}", run.stdout);

    let empty = sagsbord(dir.path(), &db, &["move", "--case", "2"]).ok();
    assert_eq!(empty.stdout.trim(), "Sag 2 har intet MOVE-forløb.");
}

#[test]
fn json_has_the_documented_keys_per_course_and_session() {
    let (dir, db) = centre(Role::TeamLeader);
    let run = sagsbord(dir.path(), &db, &["move", "--case", "12", "--json"]).ok();
    let courses: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(courses.len(), 1);
    let c = &courses[0];
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "cards_earned",
            "cards_handed_out",
            "cards_in_force",
            "cards_owed",
            "cards_still_possible",
            "cards_to_resolve",
            "case",
            "course",
            "ended_on",
            "follow_up_from",
            "money_earned_ore",
            "screening_on",
            "sessions"
        ]
    );
    assert_eq!((c["case"].as_i64(), c["course"].as_i64()), (Some(12), Some(6)));
    assert_eq!((c["cards_earned"].as_u64(), c["cards_still_possible"].as_u64()), (Some(2), Some(5)));
    assert_eq!(c["money_earned_ore"], 40000);
    let earned = &c["sessions"][1];
    assert_eq!(earned["verdict"], "earned_card");
    assert_eq!(earned["card_number"], 1);
    assert_eq!(earned["why"], "kort 1 optjent", "the Grupper screen's words");
    assert_eq!((earned["card"].as_str(), earned["serial"].as_str()), (Some("handed_out"), Some("MOVE-0023")));
    assert_eq!(c["sessions"][0]["verdict"], "part_of_pair");
    let ids: Vec<&str> = c["sessions"].as_array().unwrap().iter().map(|s| s["verdict"].as_str().unwrap()).collect();
    assert!(ids.iter().all(|v| !v.is_empty()), "{ids:?}");
}

#[test]
fn the_look_is_audited_and_a_colleagues_case_is_refused() {
    let (dir, db) = centre(Role::Counsellor);
    let me = current_user().unwrap();
    // Case 4 is Dennis's: refused, nothing shown, nothing recorded.
    let refused = sagsbord(dir.path(), &db, &["move", "--case", "4"]).refused("ikke tilladt");
    assert!(refused.stdout.is_empty(), "{}", refused.stdout);
    let mut leader = open_as(&db, "opsaetning", Role::TeamLeader);
    assert!(leader.audit_for("case", 4).unwrap().iter().all(|e| e.action != "view_move_cards"));
    // Shared with the user, it is shown and the look is recorded.
    leader.share_case(4, &me).unwrap();
    sagsbord(dir.path(), &db, &["move", "--case", "4", "--json"]).ok();
    let looks: Vec<String> = leader
        .audit_for("case", 4)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "view_move_cards")
        .map(|e| e.actor)
        .collect();
    assert_eq!(looks, [me]);
}

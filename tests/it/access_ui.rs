//! Roles and access as the workbench shows them (TestBackend, the real
//! keymap, the real store on a file): a person who is not a user sees one
//! screen; a counsellor's lists show a colleague's case without its CPR
//! number and refuse to open it with why; §101a cases stay out of the Døgn
//! and Grupper lists of those outside the anonymous team; a team leader
//! sees who looked at and changed a case; and the lists a user opens are
//! recorded in the audit trail, the live refresh never.

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;
use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::intake::Identity;
use sagsbord::store::{NewUser, Role, Store};
use sagsbord::text::access::{HIDDEN_MEMBER, HISTORY_TITLE, NOT_A_USER_TITLE};
use tempfile::TempDir;

use crate::common::screen::{intake, keys, press, screen, settle, stays};
use crate::common::{fresh, open_db, sample};

/// The sample's §101a cases (all Dennis's) and their pseudonyms.
const ANONYMOUS: [(i64, &str); 4] = [(11, "Måge"), (33, "Birk"), (38, "Skovsø"), (43, "Ravn")];

/// The demo centre on a file made by the team leader "leder"; Anna and Bo
/// counsellors, Dennis a counsellor on the anonymous team.
fn centre() -> (TempDir, PathBuf) {
    let (dir, path, mut leader) = fresh("leder");
    leader.import(&sample()).unwrap();
    for (name, anonymous_team) in [("anna", false), ("bo", false), ("dennis", true)] {
        let user = NewUser { name: name.into(), full_name: String::new(), role: Role::Counsellor, anonymous_team };
        leader.add_user(&user).unwrap();
    }
    (dir, path)
}

fn workbench(path: &Path, who: &str) -> App {
    let today = sample().sample_today.unwrap();
    App::new(Store::open(path, who).unwrap(), today, Keymap::built_in()).unwrap()
}

/// The list looks recorded for `who`, oldest first: their detail.
fn list_rows(path: &Path, who: &str) -> Vec<String> {
    open_db(path)
        .prepare("SELECT detail FROM audit WHERE action = 'list' AND actor = ?1 ORDER BY id")
        .unwrap()
        .query_map([who], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_person_who_is_not_a_user_sees_only_the_screen_that_says_so_and_how_to_be_added() {
    let (_dir, path) = centre();
    let mut app = workbench(&path, "fremmed");
    let s = screen(&app);
    assert!(s.contains(NOT_A_USER_TITLE), "{s}");
    assert!(s.contains("sagsbord user add fremmed --role rådgiver"), "{s}");
    // No pane, no case: a pane key changes nothing, and nothing is listed.
    for pseudonym_or_name in ["Indtag ·", "Måge", "Karen"] {
        assert!(!s.contains(pseudonym_or_name), "{pseudonym_or_name}:\n{s}");
    }
    keys(&mut app, "2");
    assert_eq!(screen(&app), s);
    assert!(list_rows(&path, "fremmed").is_empty());
    keys(&mut app, "q");
    assert!(app.should_quit);
}

#[test]
fn a_counsellor_lists_a_colleagues_case_without_cpr_and_is_told_why_it_does_not_open() {
    let (_dir, path) = centre();
    let mut app = workbench(&path, "anna");
    let queue = &intake(&app).queue;
    // Bo's cases are in Anna's queue, without their CPR numbers; Dennis's
    // §101a cases are not there at all.
    let bos: Vec<i64> = queue.shown_entries().filter(|e| e.case.counsellor == "bo").map(|e| e.case.id).collect();
    assert!(!bos.is_empty(), "the sample gives Bo open cases in the queue");
    for e in queue.shown_entries() {
        if let Identity::Named { cpr, .. } = &e.case.identity {
            assert_eq!(cpr.is_some(), e.case.counsellor == "anna", "case {}: CPR only on Anna's own", e.case.id);
        }
        assert!(!ANONYMOUS.iter().any(|(id, _)| *id == e.case.id), "case {} is §101a", e.case.id);
    }
    let s = screen(&app);
    assert!(ANONYMOUS.iter().all(|(_, p)| !s.contains(p)), "{s}");
    // Opening Bo's case is refused, and the status line says why.
    press(&mut app, KeyCode::Home);
    while intake(&app).queue.selected_entry().is_some_and(|e| e.case.counsellor != "bo") {
        press(&mut app, KeyCode::Down);
    }
    let bo_case = intake(&app).queue.selected_entry().unwrap().case.id;
    press(&mut app, KeyCode::Enter);
    assert!(intake(&app).case().is_none(), "case {bo_case} opened for Anna");
    let status = app.shell.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("sagen er en kollegas og ikke delt med dig"), "{status}");
    // Shared with her, it opens in full.
    Store::open(&path, "leder").unwrap().share_case(bo_case, "anna").unwrap();
    let mut app = workbench(&path, "anna");
    let at = intake(&app).queue.shown_entries().position(|e| e.case.id == bo_case).unwrap();
    press(&mut app, KeyCode::Home);
    for _ in 0..at {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(intake(&app).case().map(|v| v.case.id), Some(bo_case));
}

/// A stay on a §101a case cannot be recommended (a stay belongs to an
/// own-use or young person's course, and the program refuses it), so one
/// is put there behind the program's back, as a file from elsewhere might
/// hold it: the Døgn list still never names the pseudonym outside the team.
#[test]
fn the_dogn_list_shows_a_101a_stay_to_the_anonymous_team_and_the_team_leader_only() {
    let (_dir, path) = centre();
    let mut leader = workbench(&path, "leder");
    keys(&mut leader, "4");
    let stay = stays(&leader).lines.first().expect("the Døgn list has stays").row.stay.id;
    open_db(&path).execute("UPDATE stays SET case_id = 11 WHERE id = ?1", [stay]).unwrap();
    for (who, sees) in [("anna", false), ("bo", false), ("dennis", true), ("leder", true)] {
        let mut app = workbench(&path, who);
        keys(&mut app, "4");
        let on_case_11 = stays(&app).lines.iter().any(|l| l.row.stay.case_id == 11);
        assert_eq!(on_case_11, sees, "{who}");
        let s = screen(&app);
        assert_eq!(s.contains("Måge"), sees, "{who}:\n{s}");
        // The rest of the centre's stays are there for all of them.
        assert!(stays(&app).lines.iter().any(|l| l.row.stay.case_id != 11), "{who}");
    }
}

#[test]
fn grupper_names_a_101a_member_to_the_anonymous_team_only() {
    let (_dir, path) = centre();
    // Group 5 has two §101a members: cases 11 (Måge) and 38 (Skovsø).
    let names = |who: &str| -> (Vec<String>, Vec<String>) {
        let store = Store::open(&path, who).unwrap();
        let detail = store.group_detail(5).unwrap();
        let members: Vec<String> =
            detail.members.iter().filter(|m| [11, 38].contains(&m.member.case_id)).map(|m| m.name.clone()).collect();
        let session = detail.sessions.first().expect("group 5 meets").session.id;
        let roll: Vec<String> = store
            .roll_call(session)
            .unwrap()
            .lines
            .iter()
            .filter(|(m, _)| [11, 38].contains(&m.case_id))
            .map(|(_, name)| name.clone())
            .collect();
        (members, roll)
    };
    // The roll call of the group's first session: who was a member then.
    let (members, roll) = names("anna");
    assert_eq!(members, vec![HIDDEN_MEMBER; 2]);
    assert!(!roll.is_empty() && roll.iter().all(|n| n == HIDDEN_MEMBER), "{roll:?}");
    for who in ["dennis", "leder"] {
        let (mut members, roll) = names(who);
        members.sort();
        assert_eq!(members, vec!["Måge", "Skovsø"], "{who}");
        assert!(!roll.is_empty() && roll.iter().all(|n| n == "Måge" || n == "Skovsø"), "{who}: {roll:?}");
    }
}

#[test]
fn a_team_leader_sees_who_looked_at_and_changed_a_case_and_a_counsellor_is_told_why_not() {
    let (_dir, path) = centre();
    // Anna opens her own case: a look the trail keeps.
    let mut anna = workbench(&path, "anna");
    press(&mut anna, KeyCode::Home);
    while intake(&anna).queue.selected_entry().is_some_and(|e| e.case.counsellor != "anna") {
        press(&mut anna, KeyCode::Down);
    }
    press(&mut anna, KeyCode::Enter);
    let case = intake(&anna).case().expect("Anna's own case opens").case.id;
    keys(&mut anna, "a");
    let view = intake(&anna).case().unwrap();
    assert!(view.history.is_none());
    let status = anna.shell.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("kun en teamleder må se, hvem der har set og ændret en sag"), "{status}");
    assert!(!screen(&anna).contains(HISTORY_TITLE));

    let mut leader = workbench(&path, "leder");
    let at = intake(&leader).queue.shown_entries().position(|e| e.case.id == case).unwrap();
    press(&mut leader, KeyCode::Home);
    for _ in 0..at {
        press(&mut leader, KeyCode::Down);
    }
    press(&mut leader, KeyCode::Enter);
    keys(&mut leader, "a");
    let s = screen(&leader);
    assert!(s.contains(HISTORY_TITLE), "{s}");
    let anna_looked = s.lines().any(|l| l.contains("anna") && l.contains(&format!("åbnede sag {case}")));
    let imported = s.lines().any(|l| l.contains("leder"));
    assert!(anna_looked && imported, "Anna's look and the leader's import are listed:\n{s}");
    // The team leader's look at the history is itself recorded.
    let shown: i64 = open_db(&path)
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'audit_show' AND actor = 'leder' AND entity_id = ?1",
            [case],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(shown, 1);
    // Esc closes the history, then the case.
    press(&mut leader, KeyCode::Esc);
    assert!(intake(&leader).case().is_some_and(|v| v.history.is_none()));
    press(&mut leader, KeyCode::Esc);
    assert!(intake(&leader).case().is_none());
}

#[test]
fn a_list_the_user_opens_is_recorded_once_and_the_live_refresh_records_nothing() {
    let (_dir, path) = centre();
    let mut app = workbench(&path, "anna");
    // The workbench opens on Indtag: one look at its queue.
    let rows = list_rows(&path, "anna");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let queue = intake(&app).queue.len();
    assert_eq!(rows[0], format!("Indtag: {queue} rækker"));
    // A pane switch: one more.
    keys(&mut app, "4");
    let rows = list_rows(&path, "anna");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1], format!("Døgn: {} rækker", stays(&app).lines.len()));
    // A colleague's write makes the pane load again within a second: no
    // look of Anna's is recorded for it.
    let mut bo = Store::open(&path, "leder").unwrap();
    let user =
        NewUser { name: "camilla".into(), full_name: String::new(), role: Role::Counsellor, anonymous_team: false };
    bo.add_user(&user).unwrap();
    assert!(app.tick(), "the colleague's write is picked up");
    assert_eq!(list_rows(&path, "anna").len(), 2);
    assert!(!app.tick(), "nothing new, nothing loaded");
    // A filter is a new look; so is a search kept, but not its typing.
    keys(&mut app, "1");
    keys(&mut app, "m");
    let rows = list_rows(&path, "anna");
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows[3].starts_with("Indtag (kun mine): "), "{rows:?}");
    keys(&mut app, "/Karen");
    assert_eq!(list_rows(&path, "anna").len(), 4);
    press(&mut app, KeyCode::Enter);
    let rows = list_rows(&path, "anna");
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert!(rows[4].starts_with("Indtag (kun mine, søgning): "), "{rows:?}");
    assert!(!rows[4].contains("Karen"), "the search's words stay out of the trail: {rows:?}");
}

#[test]
fn the_yearly_report_is_the_team_leaders_and_a_counsellor_is_told_why() {
    let (_dir, path) = centre();
    let mut anna = workbench(&path, "anna");
    keys(&mut anna, "6");
    let s = screen(&anna);
    assert!(s.contains("kun en teamleder må se årsrapporten"), "{s}");
    // No figure of the centre reaches her screen.
    assert!(!s.contains("Startet i perioden"), "{s}");
    assert!(!anna.busy(), "nothing is computed for a user who may not see it");
    let mut leader = workbench(&path, "leder");
    keys(&mut leader, "6");
    settle(&mut leader);
    let s = screen(&leader);
    assert!(!s.contains("ikke tilladt") && s.contains("Startet i perioden"), "{s}");
}

//! The role matrix holds: every role (and a disabled and an unknown user)
//! against every kind of case (own, shared, a colleague's, anonymous
//! §101a) and every action (list, open, write), and the centre's own
//! actions, each against the real store on a file of its own. The
//! expected table is written out here, cell by cell, as the README says
//! it; it is not computed by the rule under test.

use sagsbord::domain::intake::{ContactKind, Step, validate_contact};
use sagsbord::domain::policy::Profile;
use sagsbord::store::{NewUser, Role, Store, StoreError};
use tempfile::TempDir;

use crate::common::{contact_input, date, test_centre};

/// Who is asking in a row of the matrix.
#[derive(Debug, Clone, Copy)]
enum Who {
    Counsellor,
    AnonymousTeam,
    Doctor,
    TeamLeader,
    Administrator,
    TrainerRealDatabase,
    TrainerDemoDatabase,
    Disabled,
    Unknown,
}

/// The cases of a row, as they stand to the person asking.
struct Cases {
    own: i64,
    shared: i64,
    other: i64,
    anonymous: i64,
}

/// Expected per kind of case: "L" listed, "R" opened, "W" written; "-" none.
/// Order: own, shared, a colleague's, anonymous.
const MATRIX: [(Who, [&str; 4]); 9] = [
    (Who::Counsellor, ["LRW", "LRW", "L", "-"]),
    (Who::AnonymousTeam, ["LRW", "LRW", "L", "LRW"]),
    (Who::Doctor, ["LRW", "LRW", "LR", "-"]),
    (Who::TeamLeader, ["LRW", "LRW", "LRW", "LRW"]),
    (Who::Administrator, ["-", "-", "-", "-"]),
    (Who::TrainerRealDatabase, ["-", "-", "-", "-"]),
    (Who::TrainerDemoDatabase, ["LR", "LR", "LR", "LR"]),
    (Who::Disabled, ["-", "-", "-", "-"]),
    (Who::Unknown, ["-", "-", "-", "-"]),
];

/// Expected for the centre's actions: new case, manage users, the
/// centre's settings, a case's history, the yearly report.
const CENTRE: [(Who, [bool; 5]); 9] = [
    (Who::Counsellor, [true, false, false, false, false]),
    (Who::AnonymousTeam, [true, false, false, false, false]),
    (Who::Doctor, [true, false, false, false, false]),
    (Who::TeamLeader, [true, true, true, true, true]),
    (Who::Administrator, [false, true, true, false, false]),
    (Who::TrainerRealDatabase, [false, false, false, false, false]),
    (Who::TrainerDemoDatabase, [false, false, false, false, true]),
    (Who::Disabled, [false, false, false, false, false]),
    (Who::Unknown, [false, false, false, false, false]),
];

const ME: &str = "mig";
const COLLEAGUE: &str = "kollega";

fn role_of(who: Who) -> Option<(Role, bool)> {
    Some(match who {
        Who::Counsellor | Who::Disabled => (Role::Counsellor, false),
        Who::AnonymousTeam => (Role::Counsellor, true),
        Who::Doctor => (Role::Doctor, false),
        Who::TeamLeader => (Role::TeamLeader, false),
        Who::Administrator => (Role::Administrator, false),
        Who::TrainerRealDatabase | Who::TrainerDemoDatabase => (Role::Trainer, false),
        Who::Unknown => return None,
    })
}

fn contact(store: &mut Store, counsellor: &str, anonymous: bool) -> i64 {
    let mut input = contact_input();
    input.counsellor = counsellor.into();
    if anonymous {
        input.kind = ContactKind::Anonymous;
        input.name = String::new();
        input.cpr = String::new();
        input.pseudonym = "Blå fugl".into();
        input.children = sagsbord::domain::intake::ChildrenAnswer::NotAsked;
    }
    let policy = Profile::built_in("national").unwrap().intake;
    let contact = validate_contact(&input, &policy, "Favrskov", date("2026-03-10")).unwrap();
    let contact = crate::common::joined(store, contact);
    store.register_contact(&contact).unwrap()
}

/// A file of its own for `who`: made by a team leader, with the person
/// registered as `who` says and four cases.
fn setting(who: Who) -> (TempDir, std::path::PathBuf, Cases) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sagsbord.db");
    let mut leader = Store::open(&path, "leder").unwrap();
    leader.set_centre(&test_centre()).unwrap();
    let colleague =
        NewUser { name: COLLEAGUE.into(), full_name: String::new(), role: Role::Counsellor, anonymous_team: false };
    leader.add_user(&colleague).unwrap();
    if let Some((role, anonymous_team)) = role_of(who) {
        leader.add_user(&NewUser { name: ME.into(), full_name: "Mig Selv".into(), role, anonymous_team }).unwrap();
    }
    if matches!(who, Who::TrainerDemoDatabase) {
        leader.mark_demo().unwrap();
    }
    let cases = Cases {
        own: contact(&mut leader, ME, false),
        shared: contact(&mut leader, COLLEAGUE, false),
        other: contact(&mut leader, COLLEAGUE, false),
        anonymous: contact(&mut leader, COLLEAGUE, true),
    };
    if role_of(who).is_some() {
        leader.share_case(cases.shared, ME).unwrap();
    }
    if matches!(who, Who::Disabled) {
        leader.set_user_disabled(ME, true).unwrap();
    }
    (dir, path, cases)
}

fn refused<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    match result {
        Ok(_) => false,
        Err(StoreError::Refused(_)) => true,
        Err(other) => panic!("refused for another reason: {other}"),
    }
}

#[test]
fn every_cell_of_the_role_matrix_holds_against_the_store() {
    for (who, expected) in MATRIX {
        let (_dir, path, cases) = setting(who);
        let mut me = Store::open(&path, ME).unwrap();
        let listed = me.intake_open_cases(&me.viewer(false).unwrap()).unwrap();
        let kinds = [cases.own, cases.shared, cases.other, cases.anonymous];
        for (i, (case, cell)) in kinds.into_iter().zip(expected).enumerate() {
            let row = listed.iter().find(|c| c.id == case);
            let opened = !refused(me.view_case(case));
            let step = Step::BookVisitation { on: date("2026-03-12") };
            let written = !refused(me.record_step(case, &step));
            let got = format!(
                "{}{}{}",
                if row.is_some() { "L" } else { "" },
                if opened { "R" } else { "" },
                if written { "W" } else { "" }
            );
            let got = if got.is_empty() { "-".to_string() } else { got };
            assert_eq!(got, cell, "{who:?}, case kind {i} (own, shared, other, anonymous)");
            // A row the person may list but not open has no CPR number.
            if let Some(row) = row
                && !opened
            {
                assert!(row.identity.cpr().is_none(), "{who:?}: CPR in a row that does not open");
            }
            // A refused write leaves nothing behind.
            let leader = Store::open(&path, "leder").unwrap();
            let visited = leader.find_case(case).unwrap().unwrap().progress.visitation_on.is_some();
            assert_eq!(visited, written, "{who:?}, case kind {i}");
        }
    }
}

#[test]
fn every_centre_action_of_the_matrix_holds_against_the_store() {
    for (who, [new_case, manage_users, manage_centre, history, report]) in CENTRE {
        let (_dir, path, cases) = setting(who);
        let mut me = Store::open(&path, ME).unwrap();
        let policy = Profile::built_in("national").unwrap().intake;
        let mut input = contact_input();
        input.counsellor = COLLEAGUE.into();
        let contact = validate_contact(&input, &policy, "Favrskov", date("2026-03-10")).unwrap();
        let contact = crate::common::joined(&me, contact);
        assert_eq!(!refused(me.register_contact(&contact)), new_case, "{who:?}: new case");
        let user =
            NewUser { name: "ny".into(), full_name: String::new(), role: Role::Counsellor, anonymous_team: false };
        assert_eq!(!refused(me.add_user(&user)), manage_users, "{who:?}: manage users");
        assert_eq!(!refused(me.set_centre(&test_centre())), manage_centre, "{who:?}: centre");
        assert_eq!(!refused(me.view_case_history(cases.other)), history, "{who:?}: history");
        let national = Profile::built_in("national").unwrap();
        let year = sagsbord::domain::report::Period::year(2025).unwrap();
        assert_eq!(!refused(me.report(&national, year, date("2026-03-10"))), report, "{who:?}: report");
    }
}

#[test]
fn a_refusal_says_why_in_danish() {
    let (_dir, path, cases) = setting(Who::Counsellor);
    let mut me = Store::open(&path, ME).unwrap();
    let why = me.view_case(cases.other).unwrap_err().to_string();
    assert!(why.contains("kollegas og ikke delt med dig"), "{why}");
    let why = me.view_case(cases.anonymous).unwrap_err().to_string();
    assert!(why.contains("kun for det anonyme team"), "{why}");
    let unknown = Store::open(&path, "fremmed").unwrap();
    let why = unknown.viewer(false).unwrap().sees_any().unwrap_err();
    assert!(sagsbord::text::access::refusal(why).contains("sagsbord user add"));
}

#[test]
fn the_last_team_leader_cannot_be_disabled_and_nobody_is_locked_out() {
    let (_dir, path, _cases) = setting(Who::Counsellor);
    let mut leader = Store::open(&path, "leder").unwrap();
    assert!(matches!(leader.set_user_disabled("leder", true), Err(StoreError::Users(_))));
    assert!(!leader.user("leder").unwrap().unwrap().disabled);
}

#[test]
fn only_a_team_leader_writes_the_years_goals_and_whoever_may_see_the_report_reads_them() {
    use sagsbord::domain::report::GoalDraft;
    for (who, [.., report]) in CENTRE {
        let (_dir, path, _cases) = setting(who);
        let mut me = Store::open(&path, ME).unwrap();
        let draft = GoalDraft::new("Flere unge i behandling", "I gang").unwrap();
        let leader_only = matches!(who, Who::TeamLeader);
        assert_eq!(!refused(me.save_year_goal(None, 2025, &draft)), leader_only, "{who:?}: write a goal");
        assert_eq!(!refused(me.year_goals(2025, 2025)), report, "{who:?}: read the goals");
    }
}

//! The find over every case against real database files: each kind of
//! search, the closed cases found too, the access rule applied in the
//! query, the LIMIT, and the audit trail (an open is a look; the search's
//! words are never written).

use std::path::PathBuf;

use sagsbord::domain::find::parse_query;
use sagsbord::store::{FIND_LIMIT, NewUser, Role, Store};
use tempfile::TempDir;

use crate::common::{fresh, open_as, open_db, sample};

/// The sample centre on a file, made by a team leader.
fn centre() -> (TempDir, PathBuf) {
    let (dir, path, mut store) = fresh("leder");
    store.import(&sample()).unwrap();
    (dir, path)
}

/// The case numbers `store`'s user finds for `typed`, newest first.
fn found(store: &Store, typed: &str) -> Vec<i64> {
    let viewer = store.viewer(false).unwrap();
    store.find_cases(&parse_query(typed), &viewer).unwrap().cases.iter().map(|f| f.case.id).collect()
}

#[test]
fn a_case_is_found_by_number_name_pseudonym_whole_cpr_and_birth_date_closed_ones_too() {
    let (_dir, path) = centre();
    let anna = open_as(&path, "anna", Role::Counsellor);
    // Lasse Bruun: case 1 (treatment ended, contact closed) and case 40
    // (his new request), both anna's.
    assert_eq!(found(&anna, "110797-1889"), vec![40, 1]);
    assert_eq!(found(&anna, "1107971889"), vec![40, 1]);
    assert_eq!(found(&anna, " 110797 1889 "), vec![40, 1]);
    assert_eq!(found(&anna, "110797"), vec![40, 1], "the birth-date part");
    assert_eq!(found(&anna, "bruun"), vec![40, 1], "part of a name, any letter case");
    assert_eq!(found(&anna, "1"), vec![1], "a case number");
    // A closed contact (never started treatment): Bjarke Thomsen, case 16.
    assert_eq!(found(&anna, "BJARKE"), vec![16]);
    // A Danish letter in the other case.
    assert_eq!(found(&anna, "øSTERGAARD"), vec![14]);

    let viewer = anna.viewer(false).unwrap();
    let result = anna.find_cases(&parse_query("110797-1889"), &viewer).unwrap();
    let closed = result.cases.iter().find(|f| f.case.id == 1).unwrap();
    assert!(closed.opens);
    assert!(closed.case.progress.closed.is_some(), "the closed case is found");
    assert_eq!(closed.case.identity.cpr().map(|c| c.masked()), Some("110797-XXXX".into()));

    let leader = open_as(&path, "leder", Role::TeamLeader);
    assert_eq!(found(&leader, "måge"), vec![11], "a pseudonym");
    assert_eq!(found(&leader, "Birk"), vec![33], "a closed §101a case");
}

#[test]
fn a_colleagues_case_is_listed_without_its_cpr_and_is_never_found_by_cpr() {
    let (_dir, path) = centre();
    let anna = open_as(&path, "anna", Role::Counsellor);
    // Janni Østergaard, case 14, is dennis's and not shared with anna.
    let viewer = anna.viewer(false).unwrap();
    let by_name = anna.find_cases(&parse_query("Østergaard"), &viewer).unwrap();
    assert_eq!(by_name.cases.len(), 1);
    assert!(!by_name.cases[0].opens);
    assert_eq!(by_name.cases[0].case.identity.cpr(), None, "no CPR leaves the store");
    // Found by CPR it would tell anna the number she may not see.
    assert_eq!(found(&anna, "120589-2938"), Vec::<i64>::new());
    assert_eq!(found(&anna, "120589"), Vec::<i64>::new());
    let leader = open_as(&path, "leder", Role::TeamLeader);
    assert_eq!(found(&leader, "120589-2938"), vec![14]);
}

#[test]
fn a_counsellor_off_the_anonymous_team_does_not_find_a_colleagues_101a_case() {
    let (_dir, path) = centre();
    let anna = open_as(&path, "anna", Role::Counsellor);
    // Måge is dennis's §101a case 11: not by pseudonym, not by number.
    assert_eq!(found(&anna, "Måge"), Vec::<i64>::new());
    assert_eq!(found(&anna, "11"), Vec::<i64>::new());
    // A counsellor on the anonymous team finds it.
    let mut leader = open_as(&path, "leder", Role::TeamLeader);
    let mette =
        NewUser { name: "mette".into(), full_name: String::new(), role: Role::Counsellor, anonymous_team: true };
    leader.add_user(&mette).unwrap();
    let mette = Store::open(&path, "mette").unwrap();
    assert_eq!(found(&mette, "Måge"), vec![11]);
    assert_eq!(found(&mette, "11"), vec![11]);
    // Two connections at once: anna's sees the same as before.
    assert_eq!(found(&anna, "Måge"), Vec::<i64>::new());
}

#[test]
fn a_search_that_matches_more_than_the_limit_shows_the_limit_and_says_there_are_more() {
    let (_dir, path) = centre();
    {
        let db = open_db(&path);
        for i in 0..(FIND_LIMIT + 5) {
            db.execute(
                "INSERT INTO citizens (name, home_municipality) VALUES (?1, 'Randers')",
                [format!("Testperson Fiktiv {i}")],
            )
            .unwrap();
            db.execute(
                "INSERT INTO cases (citizen_id, kind, channel, contact_at, counsellor, children, note)
                 VALUES (last_insert_rowid(), 'own_use', 'phone', '2026-01-05T10:00:00', 'anna', 'no_children', '')",
                [],
            )
            .unwrap();
        }
    }
    let anna = open_as(&path, "anna", Role::Counsellor);
    let viewer = anna.viewer(false).unwrap();
    let result = anna.find_cases(&parse_query("testperson fiktiv"), &viewer).unwrap();
    assert_eq!(result.cases.len(), FIND_LIMIT);
    assert!(result.more);
    // Newest first.
    assert!(result.cases.windows(2).all(|w| w[0].case.id > w[1].case.id));
    let few = anna.find_cases(&parse_query("Fiktiv 54"), &viewer).unwrap();
    assert_eq!((few.cases.len(), few.more), (1, false));
}

#[test]
fn opening_a_cases_life_is_one_audited_look_and_the_search_words_are_never_written() {
    let (_dir, path) = centre();
    let mut anna = open_as(&path, "anna", Role::Counsellor);
    let settings = anna.profile().unwrap().move_cards;
    assert_eq!(found(&anna, "Bruun"), vec![40, 1]);
    let life = anna.view_case_life(1, &settings).unwrap();
    assert_eq!(life.case.id, 1);
    assert!(life.ending.is_some(), "the ending of the course");
    assert!(!life.plan.is_empty() && !life.stays.is_empty() && !life.events.is_empty());
    assert!(!life.calls.is_empty(), "the follow-up calls");
    // A colleague's case is refused, and nothing of it is read.
    assert!(anna.view_case_life(14, &settings).is_err());

    let db = open_db(&path);
    let looks: i64 = db
        .query_row(
            "SELECT count(*) FROM audit WHERE actor = 'anna' AND action = 'view' AND entity = 'case' AND entity_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(looks, 1);
    let words: i64 = db
        .query_row("SELECT count(*) FROM audit WHERE detail LIKE '%bruun%' OR detail LIKE '%110797%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(words, 0);
}

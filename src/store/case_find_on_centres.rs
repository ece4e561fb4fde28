//! The search by a part of a name through the store, on both engines:
//! the find over every case and the intake queue's search find exactly
//! the names that hold the typed text, whatever its letter case. The
//! names and searches are the ones where GLOB, LIKE and a regular
//! expression part ways (`*`, `?`, `[`, `%`, `_`, `.`, `\`), and Danish
//! letters (`ø` finds `Ø`; `aa` is not `å`, as a Danish collation has it).
//! On PostgreSQL the pattern reaches the server as a regular expression
//! (`engine::glob`); on SQLite as GLOB's.

use super::access::Viewer;
use super::both_centres::{Centre, on_both_centres};
use super::engine::both::a_case;
use crate::domain::access::{Actor, Role};
use crate::domain::find::parse_query;
use crate::domain::policy::ClockStart;

on_both_centres!(a_search_finds_the_names_that_hold_its_text_whatever_its_signs);

const NAMES: [&str; 11] = [
    "100% Hansen",
    "Ida_Lund",
    "Bo*Ask",
    "Eva?Berg",
    "Carl [Dahl]",
    "Åse Ørsted",
    "Aase Holm",
    "Finn.Mørk",
    "Per\\Holm",
    "Gry (Nyborg)+$",
    "IDA NIELSEN",
];

const SEARCHES: [&str; 24] = [
    "%", "_", "*", "?", "[", "]", "[dahl]", "øRS", "ØRSTED", "ase", "aa", "å", ".", "\\", ")+$", "ida", "%h", "a_l",
    "o*a", "a?b", "holm", "e", "*a", "zz",
];

fn a_search_finds_the_names_that_hold_its_text_whatever_its_signs(centre: &Centre) {
    let store = centre.open("anna");
    let mut cases = Vec::new();
    for name in NAMES {
        let db = store.db();
        let case = a_case(&db, "anna");
        db.execute(
            "UPDATE citizens SET name = ?1 WHERE id = (SELECT citizen_id FROM cases WHERE id = ?2)",
            &[&name, &case],
        )
        .unwrap();
        cases.push((case, name));
    }
    let mut viewer: Viewer = store.viewer(false).unwrap();
    viewer.actor = Actor::User { role: Role::TeamLeader, anonymous_team: false };
    for search in SEARCHES {
        let folded = search.to_lowercase();
        let mut want: Vec<i64> =
            cases.iter().filter(|(_, name)| name.to_lowercase().contains(&folded)).map(|(id, _)| *id).collect();
        want.sort_unstable();
        let queue = store.intake_queue_pages(&viewer, search, ClockStart::FirstContact);
        let mut found: Vec<i64> = queue.after(None, 50).unwrap().iter().map(|l| l.case.id).collect();
        found.sort_unstable();
        assert_eq!(found, want, "the queue's search for {search:?}");
        assert_eq!(queue.count().unwrap(), want.len(), "the queue's count for {search:?}");
        let query = parse_query(search);
        if query.text.is_some() {
            let mut found: Vec<i64> =
                store.find_cases(&query, &viewer).unwrap().cases.iter().map(|f| f.case.id).collect();
            found.sort_unstable();
            assert_eq!(found, want, "the find for {search:?}");
        }
    }
}

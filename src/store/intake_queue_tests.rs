//! The queue read in SQL is `build_queue`'s queue: the same lines in the
//! same order with the same flags, for every kind of viewer, searched or
//! not, under both ways a profile starts the clock, on the days that make
//! the edges (a deadline today, one passed by a day); and every statement
//! reads its index.
//!
//! On SQLite alone: the plans asked are SQLite's, and the 700-case centre
//! is built in memory for speed. The same queue on both engines, pages,
//! counts and plans included, is `intake_queue_on_engines.rs`.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{QueueSummary, summary_sql};
use crate::domain::access::{Actor, Role};
use crate::domain::dates;
use crate::domain::intake::{Case, QueueEntry, QueueFlag, Stage, build_queue, queue_entry};
use crate::domain::policy::{ClockStart, Profile};
use crate::generate::{self, Shape};
use crate::store::case_find::scope_sql;
use crate::store::engine::Engine;
use crate::store::plans::tests::query_plan;
use crate::store::{Store, Viewer};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A stressed centre (many untouched contacts beside cases in every
/// stage), with a free choice, a young person referred elsewhere and a
/// special assessment among its open contacts.
fn centre() -> Store {
    let file = generate::centre(&Shape { cases: 700, seed: 3, today: day("2026-03-17"), stress: true }, &mut |_| {});
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&file).unwrap();
    let open = |kind: &str, n: i64| -> i64 {
        store
            .sqlite()
            .query_row(
                "SELECT id FROM cases WHERE treatment_started_on IS NULL AND closed_on IS NULL AND kind = ?1
                 ORDER BY id LIMIT 1 OFFSET ?2",
                rusqlite::params![kind, n],
                |r| r.get(0),
            )
            .unwrap()
    };
    let (free, referred, special) = (open("own_use", 3), open("young", 0), open("own_use", 5));
    let conn = store.sqlite();
    conn.execute(
        "UPDATE cases SET free_choice_on = '2026-03-01', free_choice_reason = 'Valgt andet sted' WHERE id = ?1",
        [free],
    )
    .unwrap();
    conn.execute("UPDATE cases SET referred_young = 1 WHERE id = ?1", [referred]).unwrap();
    conn.execute(
        "UPDATE cases SET special_on = '2026-03-02', special_reason = 'Særlig vurdering' WHERE id = ?1",
        [special],
    )
    .unwrap();
    store
}

/// The old search over the loaded queue: the name (or pseudonym) holds
/// the words in any case, or the number is the case's, with or without `#`.
fn answers(search: &str, case: &Case) -> bool {
    let query = search.trim().to_lowercase();
    query.is_empty()
        || case.identity.display_name().to_lowercase().contains(&query)
        || case.id.to_string() == query.trim_start_matches('#')
}

/// The queue's index for each way a profile starts the clock.
pub(super) const QUEUE_INDEXES: [(ClockStart, &str); 2] = [
    (ClockStart::FirstContact, "cases_intake_queue_first_contact"),
    (ClockStart::Consent, "cases_intake_queue_consent"),
];

pub(super) fn viewers(store: &Store, someone: &str) -> Vec<(String, Viewer)> {
    let mut viewers = Vec::new();
    for (role, anonymous_team) in [(Role::TeamLeader, false), (Role::Counsellor, false), (Role::Counsellor, true)] {
        for mine in [false, true] {
            let mut viewer = store.viewer(mine).unwrap();
            viewer.actor = Actor::User { role, anonymous_team };
            viewer.user = someone.to_string();
            viewers.push((format!("{role:?} anonymous team {anonymous_team}, mine {mine}"), viewer));
        }
    }
    viewers
}

pub(super) fn counted(queue: &[QueueEntry]) -> QueueSummary {
    let with = |flag| queue.iter().filter(|e| e.flags.contains(&flag)).count();
    let at = |stage| queue.iter().filter(|e| e.stage == stage).count();
    QueueSummary {
        open: queue.len(),
        overdue: with(QueueFlag::Overdue),
        due_today: with(QueueFlag::DueToday),
        new: at(Stage::New),
        awaiting_visitation: at(Stage::AwaitingVisitation),
    }
}

#[test]
fn the_queue_read_a_page_at_a_time_is_the_queue_build_queue_gives() {
    let store = centre();
    let municipality = store.centre().unwrap().municipality;
    let everyone = store.intake_open_cases(&store.viewer(false).unwrap()).unwrap();
    let someone = everyone[7].counsellor.clone();
    let named = everyone.iter().find(|c| c.identity.display_name().len() > 4).unwrap();
    let name_part: String = named.identity.display_name().chars().skip(1).take(3).collect();
    let searches = [String::new(), name_part.to_uppercase(), "e".to_string(), format!("#{}", everyone[11].id)];
    let mut edges: HashSet<(bool, i64)> = HashSet::new();
    let mut stages: HashSet<(Stage, u8)> = HashSet::new();
    for profile in ["national", "rodovre"] {
        let policy = Profile::built_in(profile).unwrap().intake;
        let consent = policy.clock_starts == ClockStart::Consent;
        // A day on which a running deadline falls, and the day after.
        let first = build_queue(everyone.clone(), &policy, &municipality, day("2026-03-17"));
        let deadline = first.iter().find_map(|e| e.guarantee.running_deadline()).unwrap().0;
        for today in [day("2026-03-17"), deadline, dates::add_days(deadline, 1)] {
            for (who, viewer) in viewers(&store, &someone) {
                let theirs = store.intake_open_cases(&viewer).unwrap();
                let whole = build_queue(theirs.clone(), &policy, &municipality, today);
                let summary = store.intake_queue_summary(&viewer, &policy, today).unwrap();
                assert_eq!(summary, counted(&whole), "{profile} {today} {who}");
                for e in &whole {
                    edges.extend(e.days_left().filter(|d| *d == 0 || *d == -1).map(|d| (consent, d)));
                    stages.insert((e.stage, e.bucket()));
                }
                for search in &searches {
                    let want: Vec<QueueEntry> = whole.iter().filter(|e| answers(search, &e.case)).cloned().collect();
                    let pages = store.intake_queue_pages(&viewer, search, policy.clock_starts);
                    let entry = |line: super::QueueLine| queue_entry(line.case, &policy, &municipality, today);
                    let got: Vec<QueueEntry> = pages.after(None, 100_000).unwrap().into_iter().map(entry).collect();
                    assert_eq!(got, want, "{profile} {today} {who} {search:?}");
                    assert_eq!(pages.count().unwrap(), want.len(), "{profile} {who} {search:?}");
                    let back: Vec<i64> = pages.before(None, 100_000).unwrap().iter().map(|l| l.case.id).collect();
                    assert_eq!(back, want.iter().map(|e| e.case.id).collect::<Vec<_>>(), "read from the end");
                    // A page after a line, a page before it, and its place.
                    for at in (0..want.len()).step_by(97) {
                        let (i, line) = pages.locate(want[at].case.id).unwrap().expect("the line is in the queue");
                        assert_eq!((i, line.case.id), (at, want[at].case.id), "{profile} {who} {search:?}");
                        let next: Vec<i64> =
                            pages.after(Some(&line.key), 5).unwrap().iter().map(|l| l.case.id).collect();
                        let prev: Vec<i64> =
                            pages.before(Some(&line.key), 5).unwrap().iter().map(|l| l.case.id).collect();
                        let ids: Vec<i64> = want.iter().map(|e| e.case.id).collect();
                        assert_eq!(next, ids[at + 1..(at + 6).min(ids.len())], "{profile} {who} {search:?}");
                        assert_eq!(prev, ids[at.saturating_sub(5)..at], "{profile} {who} {search:?}");
                    }
                }
                if !who.contains("mine true") {
                    let not_theirs = everyone.iter().find(|c| !theirs.iter().any(|t| t.id == c.id));
                    if let Some(hidden) = not_theirs {
                        let pages = store.intake_queue_pages(&viewer, "", policy.clock_starts);
                        assert!(pages.locate(hidden.id).unwrap().is_none(), "{who}: {} is hidden", hidden.id);
                    }
                }
            }
        }
    }
    for edge in [(false, 0), (false, -1), (true, 0), (true, -1)] {
        assert!(edges.contains(&edge), "the centre has a deadline (consent {}) {} days off", edge.0, edge.1);
    }
    for (stage, bucket) in [
        (Stage::New, 0),
        (Stage::New, 1),
        (Stage::New, 2),
        (Stage::AwaitingVisitation, 0),
        (Stage::InAssessment, 0),
        (Stage::Referred, 2),
        (Stage::FreeChoice, 3),
    ] {
        assert!(stages.contains(&(stage, bucket)), "{stage:?} in part {bucket} is in the centre");
    }
}

/// Every page and count reads the queue's index in its order (no sort of
/// the queue), for either clock and every viewer, searched or not; a
/// search is counted on the open cases by citizen from an index that needs
/// no case row; the summary reads the open intake cases' index, never
/// every case.
#[test]
fn the_queue_statements_read_the_queue_index_in_its_order() {
    let store = Store::open_in_memory("anna").unwrap();
    for (clock, index) in QUEUE_INDEXES {
        for (who, viewer) in viewers(&store, "anna") {
            for search in ["", "an"] {
                let (pages, counts) = store.intake_queue_pages(&viewer, search, clock).statements();
                for sql in pages.iter().chain(if search.is_empty() { &counts[..] } else { &[] }) {
                    let plan = query_plan(&store, sql);
                    assert!(plan.contains(&format!("USING INDEX {index}")), "{who} {search:?}: {plan}");
                    assert!(!plan.contains("TEMP B-TREE"), "{who} {search:?}: {plan}");
                }
                let page = query_plan(&store, &pages[0]);
                assert!(page.contains(&format!("SEARCH c USING INDEX {index} (")), "a range from the key: {page}");
                if !search.is_empty() {
                    for sql in &counts {
                        let plan = query_plan(&store, sql);
                        let covering = "SCAN c USING COVERING INDEX cases_intake_open_citizen";
                        assert!(plan.contains(covering), "{who}: {plan}");
                        assert!(plan.contains("SEARCH p USING INTEGER PRIMARY KEY"), "{who}: {plan}");
                    }
                }
            }
            let summary = query_plan(&store, &summary_sql(clock, &scope_sql(&viewer), Engine::Sqlite));
            assert!(summary.contains("USING INDEX cases_intake_open"), "{who}: {summary}");
            assert!(!summary.contains("SCAN c;") && !summary.ends_with("SCAN c"), "{who}: {summary}");
        }
    }
}

/// The index's expressions are the queue's, word for word: else SQLite
/// would sort the whole queue for every page.
#[test]
fn the_migration_indexes_the_queue_expressions() {
    let migration = crate::store::schema::MIGRATIONS
        .iter()
        .find(|m| m.sqlite.contains("CREATE INDEX cases_intake_queue_consent"))
        .expect("the queue's migration");
    for expression in [super::BUCKET_FIRST_CONTACT, super::BUCKET_CONSENT, super::CLOCK_CONSENT] {
        assert!(migration.sqlite.contains(expression), "{expression}");
    }
    // PostgreSQL's baseline has them in its own words (white space aside).
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let baseline = words(include_str!("schema/postgres/baseline.sql"));
    for expression in [super::PG_BUCKET_FIRST_CONTACT, super::PG_BUCKET_CONSENT, super::PG_CLOCK_CONSENT] {
        assert!(baseline.contains(&format!("({})", words(expression))), "{expression}");
    }
}

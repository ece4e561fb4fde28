//! The intake queue on both engines: each clock's order read a page at a
//! time forward and back, from a line's key, located and counted alike;
//! "only mine" and the search in the SQL; the summary the domain's count
//! of the same queue; and each page and count read on an index.

use chrono::NaiveDate;

use super::tests::{QUEUE_INDEXES, counted, viewers};
use super::*;
use crate::domain::access::{Actor, Role};
use crate::domain::intake::build_queue;
use crate::domain::policy::Profile;
use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};

on_both_engines!(
    each_clock_pages_forward_back_and_to_a_case_alike,
    only_mine_the_search_and_the_summary_alike,
    every_page_and_count_reads_an_index
);

const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();

/// An open case of `counsellor`'s: its citizen `name`, its `kind` and
/// contact time, and `set` (an assignment of the cases' columns, or "").
fn case(db: &Db<'_>, name: &str, counsellor: &str, kind: &str, contact_at: &str, set: &str) -> i64 {
    let id = a_case(db, counsellor);
    db.execute("UPDATE cases SET kind = ?1, contact_at = ?2 WHERE id = ?3", &[&kind, &contact_at, &id]).unwrap();
    db.execute("UPDATE citizens SET name = ?1 WHERE id = (SELECT citizen_id FROM cases WHERE id = ?2)", &[&name, &id])
        .unwrap();
    if !set.is_empty() {
        db.execute(&format!("UPDATE cases SET {set} WHERE id = ?1"), &[&id]).unwrap();
    }
    id
}

/// The centre's open cases, one of each part of the guarantee, two with
/// the same contact time, and two cases out of the queue (in treatment,
/// closed).
struct Centre {
    /// Running, the earliest contact and consent.
    early: i64,
    /// Young without consent: running from the first contact, else not started.
    young: i64,
    /// Running; `twin` has the same contact time and consent after it.
    a: i64,
    twin: i64,
    /// A relative: no guarantee.
    relative: i64,
    /// A free choice: the guarantee waived.
    waived: i64,
}

fn centre(db: &Db<'_>) -> Centre {
    let centre = Centre {
        early: case(db, "Eva Lund", "anna", "own_use", "2026-02-20T08:00:00", "consent_on = '2026-02-21'"),
        young: case(db, "Bo Ask", "bo", "young", "2026-02-25T10:00:00", ""),
        a: case(db, "Ane Berg", "anna", "own_use", "2026-03-01T09:00:00", "consent_on = '2026-03-02'"),
        twin: case(db, "Carl Dahl", "bo", "own_use", "2026-03-01T09:00:00", "consent_on = '2026-03-02'"),
        relative: case(db, "Ida Holm", "anna", "relative", "2026-02-01T09:00:00", ""),
        waived: case(db, "Finn Mørk", "anna", "own_use", "2026-01-10T09:00:00", "free_choice_on = '2026-01-12'"),
    };
    case(db, "Gry Nyborg", "anna", "own_use", "2026-01-05T09:00:00", "treatment_started_on = '2026-02-01'");
    case(db, "Hans Prik", "anna", "own_use", "2026-01-06T09:00:00", "closed_on = '2026-02-01'");
    centre
}

fn policy(clock: ClockStart) -> IntakePolicy {
    let mut policy = Profile::built_in("national").unwrap().intake;
    policy.clock_starts = clock;
    policy
}

/// A team leader's whole queue, or a counsellor's own cases.
fn viewer(mine: bool) -> Viewer {
    let store = Store::open_in_memory("anna").unwrap();
    let mut viewer = store.viewer(mine).unwrap();
    viewer.actor = Actor::User { role: if mine { Role::Counsellor } else { Role::TeamLeader }, anonymous_team: false };
    viewer.user = "anna".into();
    viewer
}

fn ids(lines: &[QueueLine]) -> Vec<i64> {
    lines.iter().map(|l| l.case.id).collect()
}

fn each_clock_pages_forward_back_and_to_a_case_alike(place: &Place) {
    let db = place.open();
    let Centre { early, young, a, twin, relative, waived } = centre(&db);
    let orders = [
        // From the first contact: the running part by contact time.
        (ClockStart::FirstContact, [early, young, a, twin, relative, waived], [0, 0, 0, 0, 2, 3]),
        // From the consent: the young person's clock has not started.
        (ClockStart::Consent, [early, a, twin, young, relative, waived], [0, 0, 0, 1, 2, 3]),
    ];
    for (clock, want, parts) in orders {
        let pages = intake_queue_pages_on(place.open(), &viewer(false), "", clock);
        assert_eq!(pages.count().unwrap(), 6, "{clock:?}");
        let all = pages.after(None, 10).unwrap();
        assert_eq!(ids(&all), want, "{clock:?}");
        assert_eq!(all.iter().map(|l| l.key.bucket).collect::<Vec<_>>(), parts, "{clock:?}");
        let clocks: Vec<&str> = all.iter().map(|l| l.key.clock.as_str()).collect();
        match clock {
            ClockStart::FirstContact => assert!(clocks.iter().all(|c| c.is_empty()), "{clocks:?}"),
            ClockStart::Consent => assert_eq!(clocks, ["2026-02-21", "2026-03-02", "2026-03-02", "", "", ""]),
        }
        assert!(all.iter().all(|l| l.key.case_id == l.case.id));
        // Forward a page at a time by the last line's key, across the parts.
        let mut read = pages.after(None, 2).unwrap();
        while read.len() < want.len() {
            let next = pages.after(Some(&read.last().unwrap().key), 2).unwrap();
            assert!(!next.is_empty(), "{clock:?}");
            read.extend(next);
        }
        assert_eq!(ids(&read), want, "{clock:?} forward");
        // Back from the end, and from a page's first line.
        let last = pages.before(None, 2).unwrap();
        assert_eq!(ids(&last), want[4..], "{clock:?} the last page");
        let earlier = pages.before(Some(&last[0].key), 3).unwrap();
        assert_eq!(ids(&earlier), want[1..4], "{clock:?} back");
        assert_eq!(ids(&pages.before(Some(&all[0].key), 3).unwrap()), Vec::<i64>::new());
        assert_eq!(ids(&pages.after(Some(&all[5].key), 3).unwrap()), Vec::<i64>::new());
        for (at, id) in want.iter().enumerate() {
            let (place, line) = pages.locate(*id).unwrap().expect("the case is in the queue");
            assert_eq!((place, line.case.id), (at, *id), "{clock:?}");
        }
    }
}

fn only_mine_the_search_and_the_summary_alike(place: &Place) {
    let db = place.open();
    let Centre { early, young, a, twin, relative, waived } = centre(&db);
    let clock = ClockStart::FirstContact;
    let mine = intake_queue_pages_on(place.open(), &viewer(true), "", clock);
    assert_eq!((mine.count().unwrap(), ids(&mine.after(None, 10).unwrap())), (4, vec![early, a, relative, waived]));
    assert_eq!(mine.locate(twin).unwrap(), None, "another counsellor's case");
    assert_eq!(mine.locate(relative).unwrap().map(|(at, _)| at), Some(2));
    // A name part in any case, and a case number with or without '#'.
    for (search, want) in
        [("E", vec![early, a]), ("d", vec![early, twin, relative]), (&*format!("#{young}"), vec![young])]
    {
        let pages = intake_queue_pages_on(place.open(), &viewer(false), search, clock);
        assert_eq!((pages.count().unwrap(), ids(&pages.after(None, 10).unwrap())), (want.len(), want), "{search}");
    }
    let searched = intake_queue_pages_on(place.open(), &viewer(true), &young.to_string(), clock);
    assert_eq!(searched.count().unwrap(), 0, "bo's case is not anna's");

    // The summary counts the queue the domain builds of the same cases,
    // on the day a deadline falls and the day after.
    for clock in [ClockStart::FirstContact, ClockStart::Consent] {
        let policy = policy(clock);
        for today in [TODAY, NaiveDate::from_ymd_opt(2026, 3, 6).unwrap(), NaiveDate::from_ymd_opt(2026, 3, 7).unwrap()]
        {
            for mine in [false, true] {
                let viewer = viewer(mine);
                let pages = intake_queue_pages_on(place.open(), &viewer, "", clock);
                let cases = pages.after(None, 10).unwrap().into_iter().map(|l| l.case);
                let want = counted(&build_queue(cases, &policy, "Rødovre", today));
                assert_eq!(intake_queue_summary_on(&db, &viewer, &policy, today).unwrap(), want, "{clock:?} {today}");
            }
        }
    }
    // Fourteen days from the earliest contact (20 February) fall on 6 March.
    let summary = |d| intake_queue_summary_on(&db, &viewer(false), &policy(ClockStart::FirstContact), d).unwrap();
    let on = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    assert_eq!((summary(on(6)).overdue, summary(on(6)).due_today), (0, 1));
    assert_eq!((summary(on(7)).overdue, summary(on(7)).due_today), (1, 0));
    assert_eq!((summary(TODAY).open, summary(TODAY).overdue), (6, 4), "every running deadline has passed");
}

fn every_page_and_count_reads_an_index(place: &Place) {
    let db = place.open();
    centre(&db);
    // PostgreSQL would rather sort a test's few rows than read them in the
    // index's order: told not to where an index serves, its plan says
    // whether one serves each page at all, as SQLite's does.
    if db.engine() == Engine::Postgres {
        db.execute_batch("SET enable_sort = off").unwrap();
    }
    let limit = 10i64;
    let store = Store::open_in_memory("anna").unwrap();
    for (clock, index) in QUEUE_INDEXES {
        for (who, viewer) in viewers(&store, "anna") {
            for search in ["", "an"] {
                let pages = intake_queue_pages_on(place.open(), &viewer, search, clock);
                let key = pages.keys(None, 1, true).unwrap().pop().expect("a line in the queue");
                let params = pages.params(Some(&key), &limit);
                let (page_sql, count_sql) = pages.statements();
                for sql in &page_sql {
                    let steps = plan(&db, sql, &used(sql, &params));
                    assert!(whole_table_reads(&steps).is_empty(), "{who} {sql}\nreads a whole table: {steps:?}");
                    assert!(steps.iter().any(|s| s.contains(index)), "{who} {search:?} {index}: {steps:?}");
                    assert!(!steps.iter().any(|s| s.contains("TEMP B-TREE")), "{who}: {steps:?}");
                }
                for sql in &count_sql {
                    let steps = plan(&db, sql, &used(sql, &params));
                    // SQLite's sum of two counts reads no table.
                    let tables: Vec<_> =
                        whole_table_reads(&steps).into_iter().filter(|s| *s != "SCAN CONSTANT ROW").collect();
                    assert!(tables.is_empty(), "{who} {sql}\nreads a whole table: {steps:?}");
                }
            }
            let summary = summary_sql(clock, &scope_sql(&viewer), db.engine());
            let steps = plan(&db, &summary, &used(&summary, &[&"", &viewer.user, &"", &"2026-03-03"]));
            assert!(whole_table_reads(&steps).is_empty(), "{who} {summary}\nreads a whole table: {steps:?}");
            assert!(steps.iter().any(|s| s.contains("cases_intake_open")), "{who}: {steps:?}");
        }
    }
}

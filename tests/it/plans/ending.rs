//! Ending a course when the case still has a MOVE course, group
//! memberships or a residential stay running (issue 10, finding 10): in the
//! store on real files, two connections at once, and in the real binary.
//! The ending and every item chosen to end are one transaction: a failure
//! in any part writes nothing.

use std::path::PathBuf;

use sagsbord::domain::plan::{
    Answer, DischargeReason, EndingInput, NewEnding, Running, RunningKey, parse_ending, scheduled_calls,
};
use sagsbord::domain::policy::Profile;
use sagsbord::domain::stay::{EndKind, StayStatus, StayStepProblem};
use sagsbord::store::{EndRunning, Found, Record, Role, Store, StoreError, exchange};
use tempfile::TempDir;

use crate::common::keys::{ENTER, SPACE, TAB};
use crate::common::{Tui, conflict_of, date, open_as};

/// The demo centre (Randers) in a file, with Anna and Bo as team leaders.
fn centre() -> (TempDir, PathBuf, Store, Store) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("sagsbord.db");
    {
        let mut setup = open_as(&db, "opsaetning", Role::TeamLeader);
        setup.import(&exchange::parse(&crate::common::sample_text()).unwrap()).unwrap();
    }
    let anna = open_as(&db, "anna", Role::TeamLeader);
    let bo = open_as(&db, "bo", Role::TeamLeader);
    (dir, db, anna, bo)
}

fn ending_on(store: &Store, case_id: i64, on: &str) -> NewEnding {
    let course = store.course(case_id).unwrap();
    let input = EndingInput {
        date: on.into(),
        reason: DischargeReason::Completed,
        follow_up_declined: false,
        note: String::new(),
    };
    parse_ending(&input, &course.case, course.latest.as_ref(), date("2026-03-17")).unwrap()
}

fn audit_rows(store: &Store) -> i64 {
    store.audit_head().unwrap().count
}

/// Ends case `case_id` on `on` with `answers`, as the form does.
fn end(
    store: &mut Store,
    case_id: i64,
    on: &str,
    answers: &[(RunningKey, Answer)],
    opened: sagsbord::store::Opened,
) -> Result<(), StoreError> {
    let ending = ending_on(store, case_id, on);
    let profile = Profile::built_in("randers").unwrap();
    let calls = scheduled_calls(&ending, &profile.follow_up);
    let also = EndRunning { answers, move_reason: "Afsluttet med forløbet.", settings: &profile.move_cards, opened };
    store.end_course_with(case_id, &ending, "Færdigbehandlet", &calls, &also).map(|_| ())
}

#[test]
fn case_4_has_a_move_course_a_group_and_a_stay_running() {
    let (_dir, _db, anna, _bo) = centre();
    let running = anna.still_running(4).unwrap();
    assert_eq!(
        running.iter().map(Running::key).collect::<Vec<_>>(),
        vec![RunningKey::MoveCourse(1), RunningKey::Membership(1), RunningKey::Stay(4)]
    );
    // A stay already ended (case 3's) or a membership left is not running.
    assert!(anna.still_running(3).unwrap().iter().all(|r| !matches!(r, Running::Stay { .. })));
}

#[test]
fn a_failure_in_the_last_part_writes_nothing_of_the_ending() {
    let (_dir, _db, mut anna, _bo) = centre();
    let before = (anna.still_running(4).unwrap(), audit_rows(&anna));
    let opened = anna.opened().unwrap();
    // Ended on 31 December 2025: the course and the membership can end
    // then, the stay (started 5 January 2026) cannot. The store checks
    // the stay last, after the course and the membership were written.
    let answers = [
        (RunningKey::MoveCourse(1), Answer::Keep),
        (RunningKey::Membership(1), Answer::End(EndKind::Planned)),
        (RunningKey::Stay(4), Answer::End(EndKind::Planned)),
    ];
    let (conflict, _) = conflict_of(end(&mut anna, 4, "31.12.2025", &answers, opened));
    assert_eq!(conflict.record, Record::Stay(4));
    assert!(matches!(conflict.found, Found::StayStep(StayStepProblem::Before { .. })), "{conflict:?}");
    // Nothing of it: no ending, the case open, the membership and the
    // stay running, no audit row.
    assert!(anna.course_ending(4).unwrap().is_none());
    assert!(anna.course(4).unwrap().case.progress.closed.is_none());
    assert!(anna.course_calls(4).unwrap().is_empty());
    assert_eq!((anna.still_running(4).unwrap(), audit_rows(&anna)), before);
}

#[test]
fn the_ending_ends_what_was_chosen_keeps_the_rest_and_is_one_audit_row() {
    let (_dir, _db, mut anna, bo) = centre();
    let rows = audit_rows(&anna);
    let opened = anna.opened().unwrap();
    let answers = [
        (RunningKey::MoveCourse(1), Answer::Keep),
        (RunningKey::Membership(1), Answer::End(EndKind::Planned)),
        (RunningKey::Stay(4), Answer::End(EndKind::Interrupted)),
    ];
    end(&mut anna, 4, "17.03.2026", &answers, opened).unwrap();
    // Seen through a colleague's connection: the course ended, the group
    // left and the stay interrupted on the ending day; the MOVE course runs.
    assert_eq!(bo.course_ending(4).unwrap().unwrap().ended_on, date("2026-03-17"));
    assert_eq!(bo.still_running(4).unwrap().iter().map(Running::key).collect::<Vec<_>>(), [RunningKey::MoveCourse(1)]);
    let member = bo.group_members(1).unwrap().into_iter().find(|m| m.id == 1).unwrap();
    assert_eq!(member.left_on, Some(date("2026-03-17")));
    let stay = bo.case_stays(4).unwrap().into_iter().find(|s| s.id == 4).unwrap();
    assert_eq!(stay.status(), StayStatus::Interrupted);
    assert_eq!(stay.end(), date("2026-03-17"), "its cost runs to the ending day");
    let step = bo.stay_events(4).unwrap().pop().unwrap();
    assert_eq!((step.kind.as_str(), step.on, step.actor.as_str()), ("end", date("2026-03-17"), "anna"));
    // One audit row for the whole ending, naming what it ended; its changes
    // hold the membership and the stay before and after.
    assert_eq!(audit_rows(&anna), rows + 1);
    let last = anna.audit_for("case", 4).unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.actor.as_str(), last.entity_id), ("end_course", "anna", Some(4)));
    assert!(last.detail.contains("ended group_member 1, stay 4 interrupted"), "{}", last.detail);
    assert!(anna.verify_audit().unwrap().is_empty());
}

#[test]
fn a_membership_begun_after_the_form_opened_refuses_the_ending_with_who_added_it() {
    let (_dir, _db, mut anna, mut bo) = centre();
    let asked: Vec<(RunningKey, Answer)> =
        anna.still_running(12).unwrap().iter().map(|r| (r.key(), Answer::Keep)).collect();
    let opened = anna.opened().unwrap();
    // Bo adds case 12 to the relapse group while Anna's form is open.
    let group = bo.group_list(date("2026-03-17")).unwrap().into_iter().find(|g| g.group.id == 2).unwrap().group;
    bo.add_member(group.id, 12, date("2026-03-17")).unwrap();
    let (conflict, said) = conflict_of(end(&mut anna, 12, "17.03.2026", &asked, opened));
    assert_eq!(conflict.record, Record::Members(group.id));
    assert!(said.contains("bo"), "{said}");
    assert!(anna.course_ending(12).unwrap().is_none(), "nothing written");
}

/// The real binary: a team leader ends Rikke Lauritsen's course (case 4),
/// is asked about her MOVE course, her group and her stay, ends the stay
/// and the group and keeps the MOVE course; the file then holds that.
#[test]
fn ending_a_course_with_a_stay_and_a_move_course_in_the_terminal() {
    let (dir, db, anna, _bo) = centre();
    drop(anna);
    crate::common::let_the_binary_in(&db);
    let mut tui = Tui::builder()
        .args(["--db", db.to_str().unwrap(), "--today", "2026-03-17"])
        .env("NO_COLOR", "1")
        .size(150, 40)
        .cwd(dir.path())
        .spawn();
    tui.wait_for("Indtag · Rusmiddelcenter Randers");
    tui.send("2");
    tui.wait_for("Planer · Rusmiddelcenter Randers");
    tui.send("/");
    tui.type_text("Rikke");
    tui.send(ENTER);
    tui.wait_until("Rikke's course selected", |s| {
        s.contents().lines().any(|l| l.contains("› 4 ") && l.contains("Rikke"))
    });
    tui.send("e");
    tui.wait_for_all(&["Afslut forløbet · sag 4", "MOVE-forløb", "Gruppe: MOVE tirsdag", "Døgnophold 4"]);
    // Saving without answering: each question says so, nothing is written.
    tui.send(ENTER);
    tui.wait_for("Vælg, om det skal afsluttes eller fortsætte.");
    // MOVE: Behold; the group: Afslut; the stay: Afbryd.
    for (question, presses, shown) in
        [("MOVE-forløb", 2, "Behold"), ("Gruppe: MOVE tirsdag", 1, "Afslut"), ("Døgnophold 4", 2, "Afbryd (uplanlagt)")]
    {
        // The focused choice shows ‹ ›; every field passed on the way is one.
        let focused = |s: &vt100::Screen| s.contents().lines().find(|l| l.contains('‹')).map(str::to_string);
        while !tui.line_with(question).is_some_and(|l| l.contains('‹')) {
            let before = tui.with_screen(focused);
            tui.send(TAB);
            tui.wait_until("the focus to move", |s| focused(s) != before);
        }
        tui.send_times(SPACE, presses);
        tui.wait_until(question, |s| s.contents().lines().any(|l| l.contains(question) && l.contains(shown)));
    }
    tui.send(ENTER);
    tui.wait_for("Sag 4 afsluttet: Færdigbehandlet.");
    tui.wait_for("Også afsluttet: en gruppe, døgnophold 4 (afbrudt).");
    tui.quit();

    let store = open_as(&db, "kontrol", Role::TeamLeader);
    assert_eq!(store.course_ending(4).unwrap().unwrap().ended_on, date("2026-03-17"));
    assert_eq!(
        store.still_running(4).unwrap().iter().map(Running::key).collect::<Vec<_>>(),
        [RunningKey::MoveCourse(1)]
    );
    let stay = store.case_stays(4).unwrap().into_iter().find(|s| s.id == 4).unwrap();
    assert_eq!((stay.status(), stay.end()), (StayStatus::Interrupted, date("2026-03-17")));
    assert!(store.verify_audit().unwrap().is_empty());
}

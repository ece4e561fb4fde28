//! The Grupper pane's store on real SQLite files: the roll call and its
//! cards in one transaction, the append-only ledger, corrections that flag
//! and never delete, the §101a rule, the import/export format's new records
//! (the refused files are in `imports`), `due`, and the sample centre's
//! groups.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use sagsbord::domain::due::DueKind;
use sagsbord::domain::group::course::{CardStatus, Resolution, SessionSource, check_resolution, course_cards};
use sagsbord::domain::group::groups::{GroupProblem, GroupSession, Moved, SessionMove};
use sagsbord::domain::group::ledger::{CardState, LedgerEntryKind, LedgerError};
use sagsbord::domain::group::move_cards::{Attendance, MoveCardSettings, SessionOutcome};
use sagsbord::domain::group::roll_call::RollEntry;
use sagsbord::domain::group::stock::StockOp;
use sagsbord::domain::intake::{ContactKind, Reasoned};
use sagsbord::domain::money::Ore;
use sagsbord::domain::policy::Profile;
use sagsbord::store::exchange::{self, ExportFile};
use sagsbord::store::{Centre, Found, Record, Role, Store, StoreError};
use tempfile::TempDir;

use crate::common::{conflict_of, date, fixture as fixture_path, open_as, sample_text};

/// The fixture's day: Monday 16 March 2026, the MOVE group meets at 10.
const TODAY: &str = "2026-03-16";

fn randers() -> MoveCardSettings {
    MoveCardSettings::randers()
}

fn fixture() -> ExportFile {
    exchange::parse(&fs::read_to_string(fixture_path("move_group.json")).unwrap()).unwrap()
}

/// The fixture in a fresh database file.
fn centre(actor: &str) -> (TempDir, PathBuf, Store) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sagsbord.db");
    let mut store = Store::open(&path, actor).unwrap();
    store.import(&fixture()).unwrap();
    (dir, path, store)
}

/// The session of the MOVE group on `day`.
fn session_on(store: &Store, day: &str) -> GroupSession {
    let detail = store.group_detail(1).unwrap();
    detail.sessions.into_iter().map(|s| s.session).find(|s| s.date == date(day)).unwrap()
}

fn count(path: &Path, table: &str) -> i64 {
    Connection::open(path).unwrap().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

fn entry(case_id: i64, mark: Attendance, serial: Option<&str>) -> RollEntry {
    RollEntry { case_id, mark: Some(mark), serial: serial.map(str::to_string) }
}

#[test]
fn a_roll_call_saves_every_mark_and_its_card_in_one_transaction_with_one_audit_row() {
    let (_dir, path, mut store) = centre("anna");
    let today = session_on(&store, TODAY);
    let audit_before = count(&path, "audit");
    let roll = store.roll_call(today.id).unwrap();
    let names: Vec<&str> = roll.lines.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, vec!["Ida Prøvesen", "Ole Testesen"]);

    let saved = store
        .save_roll_call(
            today.id,
            &[entry(1, Attendance::Attended, Some("MOVE-0004")), entry(2, Attendance::Attended, None)],
            date(TODAY),
            &randers(),
            store.opened().unwrap(),
        )
        .unwrap();
    assert_eq!((saved.marked, saved.changed), (2, 0));
    assert_eq!(saved.handed_out, vec!["MOVE-0004".to_string()]);
    assert_eq!(count(&path, "audit"), audit_before + 1, "one user action, one audit row");
    let audit = store.audit_for("group_session", today.id).unwrap();
    assert_eq!(audit.last().unwrap().action, "roll_call");
    assert!(audit.last().unwrap().detail.contains("MOVE-0004"), "{:?}", audit.last());

    // The card went to case 1, for today's attendance, by anna.
    let ledger = store.ledger().unwrap();
    let last = ledger.entries().last().unwrap();
    let attendance: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT id FROM attendances WHERE session_id = ?1 AND case_id = 1", [today.id], |r| r.get(0))
        .unwrap();
    assert_eq!(last.kind, LedgerEntryKind::HandedOut { citizen_ref: "1".into(), earned_by_session: Some(attendance) });
    assert_eq!((last.actor.as_str(), last.date, last.value), ("anna", date(TODAY), Ore::from_kr(200)));
    assert!(ledger.reconciliation().iter().all(|r| r.balances()));
    assert_eq!(ledger.on_hand().len(), 6);
    assert!(store.verify_audit().unwrap().is_empty());
}

#[test]
fn a_card_not_in_stock_refuses_the_whole_roll_call_and_writes_nothing() {
    let (_dir, path, mut store) = centre("anna");
    let today = session_on(&store, TODAY);
    let before: Vec<i64> = ["attendances", "gift_card_ledger", "audit"].iter().map(|t| count(&path, t)).collect();
    for (serial, problem) in [
        ("MOVE-0001", "not on hand"), // handed out in February
        ("MOVE-0999", "unknown"),
    ] {
        let result = store.save_roll_call(
            today.id,
            &[entry(1, Attendance::Attended, Some(serial)), entry(2, Attendance::Attended, None)],
            date(TODAY),
            &randers(),
            store.opened().unwrap(),
        );
        assert!(
            matches!(result, Err(StoreError::Group(GroupProblem::Ledger(LedgerError::NotOnHand { .. })))),
            "{problem}: {result:?}"
        );
    }
    // A serial on a line that earns no card (case 2 waits for a partner).
    let result = store.save_roll_call(
        today.id,
        &[entry(1, Attendance::Attended, None), entry(2, Attendance::Attended, Some("MOVE-0005"))],
        date(TODAY),
        &randers(),
        store.opened().unwrap(),
    );
    assert!(matches!(result, Err(StoreError::Group(GroupProblem::NotEarned))), "{result:?}");
    // A member left out.
    let result = store.save_roll_call(
        today.id,
        &[entry(1, Attendance::Attended, None)],
        date(TODAY),
        &randers(),
        store.opened().unwrap(),
    );
    assert!(matches!(result, Err(StoreError::Group(GroupProblem::NotMember))), "{result:?}");
    // A session ahead of today.
    let ahead = session_on(&store, "2026-03-23");
    let result = store.save_roll_call(
        ahead.id,
        &[entry(1, Attendance::Attended, None), entry(2, Attendance::Attended, None)],
        date(TODAY),
        &randers(),
        store.opened().unwrap(),
    );
    assert!(matches!(result, Err(StoreError::Group(GroupProblem::InFuture))), "{result:?}");
    let after: Vec<i64> = ["attendances", "gift_card_ledger", "audit"].iter().map(|t| count(&path, t)).collect();
    assert_eq!(after, before);
}

/// Was: a card a colleague took out of stock after the roll call opened
/// was refused as a rule ("not on hand"), naming no one.
#[test]
fn a_card_another_counsellor_took_meanwhile_is_a_conflict_naming_them() {
    let (_dir, path, mut anna) = centre("anna");
    let mut bo = crate::common::open_as(&path, "bo", sagsbord::store::Role::TeamLeader);
    let today = session_on(&anna, TODAY);
    // Anna's screen checked MOVE-0004 as on hand; Bo voids it before she saves.
    let opened = anna.opened().unwrap();
    assert!(matches!(anna.ledger().unwrap().card_state("MOVE-0004"), CardState::OnHand { .. }));
    bo.record_stock(&StockOp::Void { serial: "MOVE-0004".into(), reason: "Knækket".into() }, date(TODAY)).unwrap();
    let before: Vec<i64> = ["attendances", "gift_card_ledger"].iter().map(|t| count(&path, t)).collect();
    let result = anna.save_roll_call(
        today.id,
        &[entry(1, Attendance::Attended, Some("MOVE-0004")), entry(2, Attendance::Attended, None)],
        date(TODAY),
        &randers(),
        opened,
    );
    let (conflict, said) = conflict_of(result);
    assert!(matches!(conflict.record, Record::GiftCard(_)), "{conflict:?}");
    assert_eq!(conflict.found, Found::CardGone { serial: "MOVE-0004".into() });
    let change = conflict.change.expect("the trail names the change");
    assert_eq!((change.actor.as_str(), change.action.as_str()), ("bo", "void_gift_card"));
    assert!(said.starts_with("ændret imens af bo ") && said.contains("(gavekort kasseret)"), "{said}");
    assert!(said.contains("Gavekort MOVE-0004 er ikke længere på lager"), "{said}");
    let after: Vec<i64> = ["attendances", "gift_card_ledger"].iter().map(|t| count(&path, t)).collect();
    assert_eq!(after, before, "the marks went with the refused card");

    // On the course screen too: today's card is owed, Bo reports MOVE-0005
    // lost after Anna opened the course.
    let marks = [entry(1, Attendance::Attended, None), entry(2, Attendance::Attended, None)];
    anna.save_roll_call(today.id, &marks, date(TODAY), &randers(), anna.opened().unwrap()).unwrap();
    let course = anna.open_move_course_of(1).unwrap().unwrap();
    let opened = anna.opened().unwrap();
    bo.record_stock(&StockOp::Lose { serial: "MOVE-0005".into(), reason: "Væk".into() }, date(TODAY)).unwrap();
    let sessions = anna.move_course_data(course.id).unwrap().sessions;
    let attendance = sessions.iter().find(|s| s.date == date(TODAY)).and_then(|s| s.attendance_id).unwrap();
    let (conflict, _) =
        conflict_of(anna.hand_out_card(course.id, attendance, "MOVE-0005", date(TODAY), &randers(), opened));
    assert_eq!(conflict.found, Found::CardGone { serial: "MOVE-0005".into() });
    assert_eq!(conflict.change.map(|c| (c.actor, c.action)), Some(("bo".into(), "lose_gift_card".into())));
}

/// Was: a roll call saved over a colleague's roll call of the same
/// session made after it opened, their marks overwritten as corrections.
#[test]
fn a_roll_call_a_colleague_saved_meanwhile_is_not_written_over() {
    let (_dir, path, mut anna) = centre("anna");
    let mut bo = open_as(&path, "bo", Role::TeamLeader);
    let today = session_on(&anna, TODAY);
    let opened = anna.opened().unwrap();
    let bos = [entry(1, Attendance::NoShow, None), entry(2, Attendance::Attended, None)];
    bo.save_roll_call(today.id, &bos, date(TODAY), &randers(), bo.opened().unwrap()).unwrap();
    let before: Vec<i64> = ["attendances", "gift_card_ledger", "audit"].iter().map(|t| count(&path, t)).collect();
    let annas = [entry(1, Attendance::Attended, None), entry(2, Attendance::Attended, None)];

    let (conflict, said) = conflict_of(anna.save_roll_call(today.id, &annas, date(TODAY), &randers(), opened));

    assert_eq!((conflict.record, conflict.found), (Record::Session(today.id), Found::Edited));
    let change = conflict.change.expect("the trail names the change");
    assert_eq!((change.actor.as_str(), change.action.as_str()), ("bo", "roll_call"));
    assert!(said.starts_with("ændret imens af bo ") && said.contains("(fremmøde registreret)"), "{said}");
    assert!(said.contains(&format!("Mødegang {} er ændret", today.id)), "{said}");
    let after: Vec<i64> = ["attendances", "gift_card_ledger", "audit"].iter().map(|t| count(&path, t)).collect();
    assert_eq!(after, before, "nothing written");
    let marks: Vec<_> = anna.roll_call(today.id).unwrap().lines.iter().map(|(m, _)| m.stored.map(|(_, a)| a)).collect();
    assert_eq!(marks, vec![Some(Attendance::NoShow), Some(Attendance::Attended)], "Bo's marks stand");
    // Opened again, on Bo's roll call, Anna's correction goes through.
    let saved = anna.save_roll_call(today.id, &annas, date(TODAY), &randers(), anna.opened().unwrap()).unwrap();
    assert_eq!(saved.changed, 1);
}

/// Was: a member a colleague took off the group after the roll call
/// opened refused it as "not a member", naming no one.
#[test]
fn a_roll_call_over_members_a_colleague_changed_meanwhile_names_them() {
    let (_dir, path, mut anna) = centre("anna");
    let mut bo = open_as(&path, "bo", Role::TeamLeader);
    let today = session_on(&anna, TODAY);
    let opened = anna.opened().unwrap();
    bo.end_membership(2, date("2026-03-10")).unwrap();
    let marks = [entry(1, Attendance::Attended, None), entry(2, Attendance::Attended, None)];

    let (conflict, said) = conflict_of(anna.save_roll_call(today.id, &marks, date(TODAY), &randers(), opened));

    assert_eq!((conflict.record, conflict.found), (Record::Members(1), Found::Edited));
    assert_eq!(conflict.change.map(|c| (c.actor, c.action)), Some(("bo".into(), "remove_member".into())));
    assert!(said.contains("Deltagerne i gruppe 1 er ændret"), "{said}");
    // The same roll call from a screen opened after the change is the
    // rule's refusal.
    let result = anna.save_roll_call(today.id, &marks, date(TODAY), &randers(), anna.opened().unwrap());
    assert!(matches!(result, Err(StoreError::Group(GroupProblem::NotMember))), "{result:?}");
}

/// Was: a card a colleague handed out for the session after the course
/// opened refused the hand-out as "already handed out", naming no one.
#[test]
fn a_card_a_colleague_handed_out_for_the_session_meanwhile_names_them() {
    let (_dir, path, mut anna) = centre("anna");
    let mut bo = open_as(&path, "bo", Role::TeamLeader);
    let today = session_on(&anna, TODAY);
    let marks = [entry(1, Attendance::Attended, None), entry(2, Attendance::Attended, None)];
    anna.save_roll_call(today.id, &marks, date(TODAY), &randers(), anna.opened().unwrap()).unwrap();
    let course = anna.open_move_course_of(1).unwrap().unwrap();
    let sessions = anna.move_course_data(course.id).unwrap().sessions;
    let attendance = sessions.iter().find(|s| s.date == date(TODAY)).and_then(|s| s.attendance_id).unwrap();
    let opened = anna.opened().unwrap();
    bo.hand_out_card(course.id, attendance, "MOVE-0004", date(TODAY), &randers(), bo.opened().unwrap()).unwrap();
    let ledger = count(&path, "gift_card_ledger");

    let (conflict, said) =
        conflict_of(anna.hand_out_card(course.id, attendance, "MOVE-0005", date(TODAY), &randers(), opened));

    assert_eq!(conflict.found, Found::CardHandedOut { serial: "MOVE-0004".into() });
    assert_eq!(conflict.change.map(|c| (c.actor, c.action)), Some(("bo".into(), "hand_out_gift_card".into())));
    assert!(said.contains("(gavekort udleveret)") && said.contains("udleveret imens: MOVE-0004."), "{said}");
    assert_eq!(count(&path, "gift_card_ledger"), ledger, "nothing written");
}

/// Was: on the ledger screen, voiding a card or correcting an entry a
/// colleague had voided or corrected since the screen was read was the
/// ledger's refusal, naming no one.
#[test]
fn a_ledger_entry_on_a_card_or_entry_a_colleague_changed_meanwhile_names_them() {
    let (_dir, path, mut anna) = centre("anna");
    let mut bo = open_as(&path, "bo", Role::TeamLeader);
    let void = |serial: &str| StockOp::Void { serial: serial.into(), reason: "Knækket".into() };
    let opened = anna.opened().unwrap();
    bo.record_stock(&void("MOVE-0005"), date(TODAY)).unwrap();
    let bos_void = bo.ledger().unwrap().len() as u64;
    let entries = count(&path, "gift_card_ledger");

    let (conflict, said) = conflict_of(anna.record_stock_since(&void("MOVE-0005"), date(TODAY), opened));
    assert_eq!(
        (conflict.record, conflict.found),
        (Record::GiftCard(bos_void as i64), Found::CardGone { serial: "MOVE-0005".into() })
    );
    assert!(said.starts_with("ændret imens af bo ") && said.contains("(gavekort kasseret)"), "{said}");

    // A correction of an entry Bo corrected meanwhile.
    let opened = anna.opened().unwrap();
    let correct = StockOp::Correct { entry: bos_void, reason: "Det var et andet kort".into() };
    bo.record_stock(&correct, date(TODAY)).unwrap();
    let (conflict, said) = conflict_of(anna.record_stock_since(&correct, date(TODAY), opened));
    assert_eq!(conflict.found, Found::EntryCorrected { id: bos_void });
    assert!(said.contains("(post rettet)") && said.contains(&format!("Post {bos_void} er rettet imens.")), "{said}");
    assert_eq!(count(&path, "gift_card_ledger"), entries + 1, "only Bo's entries are written");

    // A card that left the stock before the screen was read is the
    // ledger's own refusal (MOVE-0001 was handed out in February).
    let result = anna.record_stock_since(&void("MOVE-0001"), date(TODAY), anna.opened().unwrap());
    assert!(
        matches!(result, Err(StoreError::Group(GroupProblem::Ledger(LedgerError::NotOnHand { .. })))),
        "{result:?}"
    );
}

#[test]
fn the_ledger_is_append_only_even_for_sql_written_by_hand() {
    let (_dir, path, _store) = centre("anna");
    let conn = Connection::open(&path).unwrap();
    for sql in [
        "UPDATE gift_card_ledger SET value = 1 WHERE id = 1",
        "UPDATE gift_card_ledger SET case_id = 2 WHERE kind = 'handed_out'",
        "DELETE FROM gift_card_ledger WHERE id = 11",
        "DELETE FROM gift_card_ledger",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(count(&path, "gift_card_ledger"), 13);
}

#[test]
fn a_corrected_attendance_flags_its_card_for_due_and_deletes_nothing_until_resolved() {
    let (_dir, path, mut store) = centre("anna");
    let profile = Profile::built_in("randers").unwrap();
    let gift_items = |store: &Store| -> Vec<(i64, DueKind)> {
        store
            .due(&profile, date(TODAY), 0)
            .unwrap()
            .into_iter()
            .filter(|i| matches!(i.kind, DueKind::GiftCardNotHandedOut | DueKind::GiftCardToResolve))
            .map(|i| (i.case, i.kind))
            .collect()
    };
    assert_eq!(gift_items(&store), vec![]);
    // Case 2: A A N A A, cards MOVE-0002 (16 February) and MOVE-0003 (9 March).
    // 2 March was really a no-show: A A N N A, so 9 March earns nothing.
    let course = store.open_move_course_of(2).unwrap().unwrap();
    let data = store.move_course_data(course.id).unwrap();
    let march_2 = data.sessions.iter().find(|s| s.date == date("2026-03-02")).unwrap().attendance_id.unwrap();
    let entries = count(&path, "gift_card_ledger");
    store.correct_attendance(march_2, Attendance::NoShow).unwrap();
    assert_eq!(count(&path, "gift_card_ledger"), entries, "a correction never touches the ledger");

    let data = store.move_course_data(course.id).unwrap();
    let cards = course_cards(&data.course, &data.sessions, &store.ledger().unwrap(), &randers());
    let flagged: Vec<&str> =
        cards.rows_with(CardStatus::ToResolve).map(|(_, r)| r.hand_out.as_ref().unwrap().serial.as_str()).collect();
    assert_eq!(flagged, vec!["MOVE-0003"]);
    assert_eq!(gift_items(&store), vec![(2, DueKind::GiftCardToResolve)]);
    // The audit trail keeps what the mark was.
    let audit = store.audit_for("attendance", march_2).unwrap();
    assert_eq!(audit.last().unwrap().detail, "attended -> no_show");

    // Resolved: the card came back. A correction entry, the card in stock.
    let (row, _) = cards.rows_with(CardStatus::ToResolve).next().unwrap();
    let plan = check_resolution(&cards, row, Resolution::Returned, "Kortet lå stadig i skuffen").unwrap();
    store.resolve_card(course.id, &plan, date(TODAY), &randers()).unwrap();
    let ledger = store.ledger().unwrap();
    assert_eq!(ledger.len() as i64, entries + 1);
    assert!(matches!(ledger.card_state("MOVE-0003"), CardState::OnHand { .. }));
    assert!(matches!(ledger.entries().last().unwrap().kind, LedgerEntryKind::Correction { corrects_entry: 13, .. }));
    assert_eq!(gift_items(&store), vec![]);
    // Resolving again is refused: nothing is flagged any more.
    assert!(matches!(
        store.resolve_card(course.id, &plan, date(TODAY), &randers()),
        Err(StoreError::Group(GroupProblem::NothingToResolve))
    ));
}

#[test]
fn an_earned_card_not_handed_out_is_due_from_its_session_and_leaves_due_when_handed_out() {
    let (_dir, _path, mut store) = centre("anna");
    let profile = Profile::built_in("randers").unwrap();
    let today = session_on(&store, TODAY);
    store
        .save_roll_call(
            today.id,
            &[entry(1, Attendance::Attended, None), entry(2, Attendance::Attended, None)],
            date(TODAY),
            &randers(),
            store.opened().unwrap(),
        )
        .unwrap();
    let items = store.due(&profile, date("2026-03-18"), 0).unwrap();
    let gift: Vec<_> = items.iter().filter(|i| i.kind == DueKind::GiftCardNotHandedOut).collect();
    assert_eq!(gift.len(), 1);
    assert_eq!(
        (gift[0].case, gift[0].due, gift[0].days_left, gift[0].counsellor.as_str()),
        (1, date(TODAY), -2, "anna")
    );
    let json = serde_json::to_string(&items).unwrap();
    assert!(!json.contains("Ida") && !json.contains("150390"), "due never names the citizen: {json}");

    let course = store.open_move_course_of(1).unwrap().unwrap();
    let attendance = store
        .move_course_data(course.id)
        .unwrap()
        .sessions
        .iter()
        .find(|s| s.date == date(TODAY))
        .unwrap()
        .attendance_id
        .unwrap();
    // Not a card of the rule's value; then the right one.
    store
        .record_stock(&StockOp::ReceiveOne { serial: "GAVE-1".into(), value: Ore::from_kr(100) }, date(TODAY))
        .unwrap();
    assert!(matches!(
        store.hand_out_card(course.id, attendance, "GAVE-1", date(TODAY), &randers(), store.opened().unwrap()),
        Err(StoreError::Group(GroupProblem::WrongValue { .. }))
    ));
    assert_eq!(
        store
            .hand_out_card(course.id, attendance, " MOVE-0004 ", date(TODAY), &randers(), store.opened().unwrap())
            .unwrap(),
        "MOVE-0004"
    );
    assert!(matches!(
        store.hand_out_card(course.id, attendance, "MOVE-0005", date(TODAY), &randers(), store.opened().unwrap()),
        Err(StoreError::Group(GroupProblem::AlreadyHandedOut { .. }))
    ));
    assert!(
        store.due(&profile, date("2026-03-18"), 0).unwrap().iter().all(|i| i.kind != DueKind::GiftCardNotHandedOut)
    );
}

#[test]
fn the_section_101a_rule_holds_in_the_store_whatever_the_form_said() {
    let (_dir, _path, mut store) = centre("anna");
    for (group, case, problem) in [
        (1, 3, GroupProblem::AnonymousCaseInNamedGroup),
        (2, 1, GroupProblem::AnonymousGroupNeedsAnonymousCase),
        (1, 4, GroupProblem::NotATreatmentCase),
        (1, 1, GroupProblem::AlreadyMember),
        (1, 99, GroupProblem::NoSuchCase),
    ] {
        match store.add_member(group, case, date(TODAY)) {
            Err(StoreError::Group(p)) => assert_eq!(p, problem, "group {group}, case {case}"),
            other => panic!("group {group}, case {case}: {other:?}"),
        }
    }
    assert!(matches!(
        store.open_move_course(3, date(TODAY)),
        Err(StoreError::Group(GroupProblem::AnonymousNoGiftCards))
    ));
    assert!(matches!(store.open_move_course(1, date(TODAY)), Err(StoreError::Group(GroupProblem::CourseAlreadyOpen))));
    // The anonymous group's roll call knows its member by pseudonym only.
    let detail = store.group_detail(2).unwrap();
    assert_eq!(detail.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), vec!["Ugle"]);
    let anonymous = store.find_case(3).unwrap().unwrap();
    assert_eq!(anonymous.kind, ContactKind::Anonymous);
}

#[test]
fn held_sessions_stay_put_and_a_group_meets_once_a_day() {
    let (_dir, _path, mut store) = centre("anna");
    let held = session_on(&store, "2026-03-09");
    let reasoned = Reasoned { on: date(TODAY), reason: "Sygdom".into() };
    assert!(matches!(store.cancel_session(held.id, &reasoned), Err(StoreError::Group(GroupProblem::SessionHeld))));
    let to =
        SessionMove { date: date("2026-03-10"), time: held.time, moved: Moved { from: held.date, reason: "x".into() } };
    assert!(matches!(store.move_session(held.id, &to), Err(StoreError::Group(GroupProblem::SessionHeld))));
    // Planning on a day the group meets is refused whole.
    let sessions = store.group_detail(1).unwrap().sessions.len();
    assert!(matches!(
        store.plan_sessions(1, &[date("2026-03-30"), date("2026-03-23")]),
        Err(StoreError::Group(GroupProblem::SessionOnDate { .. }))
    ));
    assert_eq!(store.group_detail(1).unwrap().sessions.len(), sessions);
    // An open session can be moved and then cancelled.
    let ahead = session_on(&store, "2026-03-23");
    let to = SessionMove {
        date: date("2026-03-24"),
        time: ahead.time,
        moved: Moved { from: ahead.date, reason: "Lokalet er optaget".into() },
    };
    store.move_session(ahead.id, &to).unwrap();
    store.cancel_session(ahead.id, &reasoned).unwrap();
    let moved = store.session(ahead.id).unwrap();
    assert_eq!(
        (moved.date, moved.moved.unwrap().from, moved.cancelled.unwrap().reason),
        (date("2026-03-24"), date("2026-03-23"), "Sygdom".to_string())
    );
}

#[test]
fn a_database_with_groups_exports_imports_and_exports_again_unchanged() {
    let (_d1, _p1, mut first) = centre("anna");
    // Writes of every kind first: a roll call with a card, stock received,
    // a void, a correction, an individual session, a follow-up start.
    let today = session_on(&first, TODAY);
    first
        .save_roll_call(
            today.id,
            &[entry(1, Attendance::Attended, Some("MOVE-0004")), entry(2, Attendance::Cancelled, None)],
            date(TODAY),
            &randers(),
            first.opened().unwrap(),
        )
        .unwrap();
    first
        .record_stock(
            &StockOp::ReceiveRange {
                prefix: "MOVE-".into(),
                from: "0011".into(),
                to: "0020".into(),
                value: Ore::from_kr(200),
            },
            date(TODAY),
        )
        .unwrap();
    first.record_stock(&StockOp::Void { serial: "MOVE-0020".into(), reason: "Knækket".into() }, date(TODAY)).unwrap();
    let void = first.ledger().unwrap().len() as u64;
    first.record_stock(&StockOp::Correct { entry: void, reason: "Det var et andet kort".into() }, date(TODAY)).unwrap();
    let course = first.open_move_course_of(2).unwrap().unwrap();
    first.record_individual_session(course.id, date("2026-03-12"), Attendance::Attended).unwrap();
    first.start_move_follow_up(course.id, date(TODAY), &randers()).unwrap();
    first.plan_sessions(1, &[date("2026-03-30")]).unwrap();

    let text1 = exchange::to_text(&first.export().unwrap());
    let (_d2, p2, mut second) = {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("b.db");
        let store = crate::common::open_as(&path, "bo", sagsbord::store::Role::TeamLeader);
        (dir, path, store)
    };
    second.import(&exchange::parse(&text1).unwrap()).unwrap();
    let text2 = exchange::to_text(&second.export().unwrap());
    assert!(text1 == text2, "the second export differs from the first");
    assert_eq!(count(&p2, "gift_card_ledger"), 13 + 1 + 10 + 2);
    // And the books still balance after the trip.
    assert!(second.ledger().unwrap().reconciliation().iter().all(|r| r.balances()));
}

#[test]
fn an_import_into_a_database_with_groups_only_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("x.db"), "anna").unwrap();
    store
        .set_centre(&Centre {
            name: "C".into(),
            municipality: "Randers".into(),
            profile: "randers".into(),
            profile_path: None,
            profile_toml: None,
        })
        .unwrap();
    store
        .record_stock(&StockOp::ReceiveOne { serial: "MOVE-1".into(), value: Ore::from_kr(200) }, date(TODAY))
        .unwrap();
    match store.import(&fixture()) {
        Err(StoreError::Import { at, .. }) => assert_eq!(at, "databasen"),
        other => panic!("expected an import error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// The sample centre: a MOVE course in every state, books that balance
// ---------------------------------------------------------------------------

fn sample() -> (ExportFile, Store) {
    let file = exchange::parse(&sample_text()).unwrap();
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&file).unwrap();
    (file, store)
}

#[test]
fn the_sample_has_a_move_course_in_every_state_and_its_books_balance() {
    let (file, store) = sample();
    let today = file.sample_today.unwrap();
    let profile = file.centre.load_profile().unwrap();
    let settings = &profile.move_cards;
    assert!(settings.enabled, "the sample's profile gives gift cards");
    let ledger = store.ledger().unwrap();
    let recs = ledger.reconciliation();
    assert!(!recs.is_empty() && recs.iter().all(|r| r.balances()), "{recs:?}");
    let kinds: BTreeSet<&str> = ledger
        .entries()
        .iter()
        .map(|e| match e.kind {
            LedgerEntryKind::Received => "received",
            LedgerEntryKind::HandedOut { .. } => "handed_out",
            LedgerEntryKind::Voided { .. } => "voided",
            LedgerEntryKind::Lost { .. } => "lost",
            LedgerEntryKind::Correction { .. } => "correction",
        })
        .collect();
    assert_eq!(kinds.len(), 5, "every kind of ledger entry: {kinds:?}");
    assert!(ledger.on_hand().len() >= 10, "stock left for the demo's roll call");

    let lines = store.move_course_list(settings).unwrap();
    let cards: HashMap<i64, _> = lines.iter().map(|l| (l.course.case_id, &l.cards)).collect();
    let outcomes = |case: i64| -> Vec<SessionOutcome> { cards[&case].rows.iter().map(|r| r.outcome).collect() };
    // A full course: 7 cards, all handed out, and the follow-up phase on.
    let full = lines.iter().find(|l| l.cards.cards_earned == settings.max_cards).expect("a course with every card");
    assert_eq!(full.cards.handed_out, settings.max_cards);
    assert!(full.course.follow_up_from.is_some_and(|f| f <= today));
    assert!(
        full.cards
            .rows
            .iter()
            .any(|r| r.outcome == SessionOutcome::FollowUpPhase && r.session.attendance == Some(Attendance::Attended))
    );
    let all: Vec<SessionOutcome> = lines.iter().flat_map(|l| l.cards.rows.iter().map(|r| r.outcome)).collect();
    for wanted in [
        SessionOutcome::PairBrokenByNoShow,
        SessionOutcome::NoShow,
        SessionOutcome::NotCounted,
        SessionOutcome::OutsideWindow,
        SessionOutcome::NotYetHeld,
        SessionOutcome::WaitingForPartner,
    ] {
        assert!(all.contains(&wanted), "no session labelled {wanted:?}");
    }
    // The worked example A C A: a card at the third session.
    assert!(cards.values().any(|c| {
        let held: Vec<_> = c.rows.iter().filter(|r| r.session.attendance.is_some()).collect();
        held.len() == 3
            && held[1].outcome == SessionOutcome::NotCounted
            && held[2].outcome == (SessionOutcome::EarnedCard { card_number: 1 })
    }));
    assert!(lines.iter().any(|l| l.cards.not_handed_out() > 0), "a card earned, not handed out");
    assert!(lines.iter().any(|l| l.cards.to_resolve() > 0), "a handed-out card to resolve");
    assert!(lines.iter().any(|l| l.course.ended.is_some() && l.cards.is_settled()), "an ended course");
    assert!(
        lines.iter().any(|l| l
            .cards
            .rows
            .iter()
            .any(|r| r.session.source == SessionSource::Individual && r.outcome.earned())),
        "an individual session that earned a card"
    );
    let _ = outcomes;

    // `due` on the sample's day lists both gift-card kinds.
    let due = store.due(&profile, today, 0).unwrap();
    let gift: Vec<(DueKind, i64)> = due
        .iter()
        .filter(|i| matches!(i.kind, DueKind::GiftCardNotHandedOut | DueKind::GiftCardToResolve))
        .map(|i| (i.kind, i.days_left))
        .collect();
    assert!(gift.iter().any(|(k, d)| *k == DueKind::GiftCardNotHandedOut && *d < 0), "{gift:?}");
    assert!(gift.iter().any(|(k, _)| *k == DueKind::GiftCardToResolve), "{gift:?}");
}

#[test]
fn the_samples_groups_meet_around_its_day_and_keep_the_anonymous_group_apart() {
    let (file, store) = sample();
    let today = file.sample_today.unwrap();
    let list = store.group_list(today).unwrap();
    let meeting_today: Vec<&str> = list
        .iter()
        .filter(|l| l.today.as_ref().is_some_and(|t| !t.marks.is_held()))
        .map(|l| l.group.name.as_str())
        .collect();
    assert!(meeting_today.len() >= 2, "groups with today's roll call to do: {meeting_today:?}");
    assert!(list.iter().all(|l| l.today.is_some() || l.next.is_some()), "every group meets again");
    let kinds: BTreeSet<_> = list.iter().map(|l| l.group.kind).collect();
    assert!(kinds.len() >= 5, "{kinds:?}");

    let cases: HashMap<i64, ContactKind> = file.cases.iter().map(|c| (c.id, c.kind)).collect();
    let groups: HashMap<i64, _> = file.groups.iter().map(|g| (g.id, g.kind)).collect();
    for m in &file.group_members {
        let anonymous_group = groups[&m.group_id].is_anonymous();
        assert_eq!(anonymous_group, cases[&m.case_id] == ContactKind::Anonymous, "member {}", m.id);
    }
    assert!(file.group_sessions.iter().any(|s| s.cancelled.is_some()), "a cancelled session");
    assert!(file.group_sessions.iter().any(|s| s.moved.is_some()), "a moved session");
    // Every held session's roll call is whole: every member of the day marked.
    for s in &file.group_sessions {
        let marked: BTreeSet<i64> =
            file.attendances.iter().filter(|a| a.session_id == Some(s.id)).map(|a| a.case_id).collect();
        if marked.is_empty() {
            continue;
        }
        let members: BTreeSet<i64> = file
            .group_members
            .iter()
            .filter(|m| m.group_id == s.group_id && m.joined_on <= s.on && m.left_on.is_none_or(|l| s.on <= l))
            .map(|m| m.case_id)
            .collect();
        assert_eq!(marked, members, "session {} on {}", s.id, s.on);
        assert!(s.on < today, "session {} held after the sample's day", s.id);
    }
    // Today's MOVE roll call earns a card for someone, so the demo shows it.
    let move_group = list.iter().find(|l| l.group.kind.counts_for_move() && l.today.is_some()).unwrap();
    let roll = store.roll_call(move_group.today.as_ref().unwrap().session.id).unwrap();
    let ledger = store.ledger().unwrap();
    let earning = roll
        .lines
        .iter()
        .filter(|(m, _)| {
            let p = sagsbord::domain::group::roll_call::preview(
                m,
                &roll.session,
                Some(Attendance::Attended),
                &ledger,
                &randers(),
            );
            p.earns_unpaid_card()
        })
        .count();
    assert!(earning >= 1, "no line of today's MOVE roll call earns a card");
}

/// A card owed on a course that has ended stays on `due`, as the course
/// screen still says SKYLDIGT, until it is handed out.
#[test]
fn a_card_owed_on_an_ended_course_stays_due_until_handed_out() {
    let (_dir, _path, mut store) = centre("anna");
    let profile = Profile::built_in("randers").unwrap();
    let gift_items = |store: &Store| -> Vec<(i64, DueKind)> {
        let items = store.due(&profile, date(TODAY), 0).unwrap().into_iter();
        items
            .filter(|i| matches!(i.kind, DueKind::GiftCardNotHandedOut | DueKind::GiftCardToResolve))
            .map(|i| (i.case, i.kind))
            .collect()
    };
    // Case 2: A A N A A, both cards handed out: the course may end.
    let course = store.open_move_course_of(2).unwrap().unwrap();
    let ended = Reasoned { on: date(TODAY), reason: "Forløbet er gennemført".into() };
    store.end_move_course(course.id, &ended, &randers()).unwrap();
    assert_eq!(gift_items(&store), vec![]);
    // The no-show was really an attendance: A A A A A earns a card at the
    // 4th session, which has none, and the 5th's card is no longer earned.
    let data = store.move_course_data(course.id).unwrap();
    let no_show = data.sessions.iter().find(|s| s.attendance == Some(Attendance::NoShow)).unwrap();
    store.correct_attendance(no_show.attendance_id.unwrap(), Attendance::Attended).unwrap();
    let data = store.move_course_data(course.id).unwrap();
    assert!(data.course.ended.is_some());
    let cards = course_cards(&data.course, &data.sessions, &store.ledger().unwrap(), &randers());
    assert_eq!((cards.not_handed_out(), cards.to_resolve()), (1, 1));
    assert_eq!(gift_items(&store), vec![(2, DueKind::GiftCardNotHandedOut), (2, DueKind::GiftCardToResolve)]);
    // Handed out, and the other resolved: nothing more is due.
    let (_, owed) = cards.rows_with(CardStatus::NotHandedOut).next().unwrap();
    let serial = store.ledger().unwrap().on_hand()[0].to_string();
    store
        .hand_out_card(
            course.id,
            owed.session.attendance_id.unwrap(),
            &serial,
            date(TODAY),
            &randers(),
            store.opened().unwrap(),
        )
        .unwrap();
    assert_eq!(gift_items(&store), vec![(2, DueKind::GiftCardToResolve)]);
    let data = store.move_course_data(course.id).unwrap();
    let cards = course_cards(&data.course, &data.sessions, &store.ledger().unwrap(), &randers());
    let (row, _) = cards.rows_with(CardStatus::ToResolve).next().unwrap();
    let plan = check_resolution(&cards, row, Resolution::Returned, "Kortet kom tilbage").unwrap();
    store.resolve_card(course.id, &plan, date(TODAY), &randers()).unwrap();
    assert_eq!(gift_items(&store), vec![]);
}

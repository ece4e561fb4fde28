//! Children and underretninger in the store, on real SQLite files: the
//! whole life of a notification with who and when, nothing of a sent one
//! changed or deleted (by the program or by hand), the lists by viewer,
//! `due`, and the export format.

use chrono::NaiveDate;
use rusqlite::Connection;
use tempfile::TempDir;

use sagsbord::domain::due::{DueItem, DueKind};
use sagsbord::domain::intake::{
    Channel, ChildrenAnswer, ContactInput, ContactKind, StepInput, StepKind, Substance, parse_step, validate_contact,
};
use sagsbord::domain::notification::{
    ChildInput, ChildRelation, ConsiderationInput, DraftContext, DraftInput, Duty, Ground, InformHow, Informed,
    SendHow, State, Transition, TransitionInput, TransitionKind, parse_transition, validate_child,
    validate_consideration, validate_draft,
};
use sagsbord::domain::policy::Profile;
use sagsbord::store::{Centre, Role, Store, StoreError, exchange};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-03-17";

struct Fixture {
    _dir: TempDir,
    path: std::path::PathBuf,
    store: Store,
}

fn fixture(actor: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sagsbord.db");
    let mut store = Store::open(&path, actor).unwrap();
    store
        .set_centre(&Centre {
            name: "Rusmiddelcenter Randers".into(),
            municipality: "Randers".into(),
            profile: "randers".into(),
            profile_path: None,
            profile_toml: None,
        })
        .unwrap();
    Fixture { _dir: dir, path, store }
}

/// Registers an own-use case and starts treatment; returns the case id.
fn case_in_treatment(store: &mut Store, name: &str, cpr: &str, counsellor: &str, children: ChildrenAnswer) -> i64 {
    let input = ContactInput {
        kind: ContactKind::OwnUse,
        channel: Channel::Phone,
        date: "02.03.2026".into(),
        time: "09:00".into(),
        name: name.into(),
        cpr: cpr.into(),
        pseudonym: String::new(),
        home_municipality: "Randers".into(),
        counsellor: counsellor.into(),
        substances: vec![Substance::Cannabis],
        children,
        parental_consent: None,
        note: String::new(),
    };
    let profile = Profile::built_in("randers").unwrap();
    let contact = validate_contact(&input, &profile.intake, "Randers", day(TODAY)).unwrap();
    let id = store.register_contact(&contact).unwrap();
    let case = store.all_cases().unwrap().into_iter().find(|c| c.id == id).unwrap();
    let step = parse_step(
        &StepInput {
            kind: StepKind::StartTreatment,
            date: "05.03.2026".into(),
            reason: String::new(),
            wanted: true,
            closing_reason: None,
        },
        &case,
        day(TODAY),
    )
    .unwrap();
    store.record_step(id, &step).unwrap();
    id
}

fn add_child(store: &mut Store, case_id: i64, relation: ChildRelation, year: &str) -> i64 {
    let case = store.all_cases().unwrap().into_iter().find(|c| c.id == case_id).unwrap();
    let child =
        validate_child(&ChildInput { relation, year: year.into(), name: String::new() }, &case, day(TODAY)).unwrap();
    store.add_child(case_id, &child, day("2026-03-05")).unwrap().id
}

fn draft(store: &mut Store, case_id: i64, children: Vec<i64>, on: &str) -> i64 {
    let case = store.all_cases().unwrap().into_iter().find(|c| c.id == case_id).unwrap();
    let kids = store.children_of(case_id).unwrap();
    let input = DraftInput {
        duty: Duty::Professional,
        grounds: vec![Ground::SpecialSupport],
        children,
        municipality: "Randers".into(),
        description: "Barnet kommer ofte sultent og uden madpakke.".into(),
        date: on.into(),
    };
    let ctx = DraftContext { case: &case, children: &kids, today: day(TODAY), editing: None, corrects: None };
    let d = validate_draft(&input, ctx).unwrap();
    store.draft_notification(case_id, &d).unwrap().id
}

fn step(store: &mut Store, id: i64, kind: TransitionKind, on: &str) -> Result<(), StoreError> {
    let n = store.notification(id).unwrap();
    let input = TransitionInput {
        kind,
        date: on.into(),
        told: true,
        inform_how: InformHow::InPerson,
        send_how: SendHow::OnlineForm,
        text: "Kommunen har startet en børnefaglig undersøgelse.".into(),
    };
    let t = parse_transition(&input, &n, day(TODAY)).expect("the domain accepts the step");
    store.record_transition(id, &t).map(|_| ())
}

/// Invented CPR numbers that pass modulus 11.
const CPR_A: &str = "150390-1230";
const CPR_B: &str = "020285-1231";

#[test]
fn a_notification_is_drafted_informed_sent_and_confirmed_with_who_and_when() {
    let mut f = fixture("anna");
    let case = case_in_treatment(&mut f.store, "Mette Mor", CPR_A, "anna", ChildrenAnswer::HasChildren);
    let child = add_child(&mut f.store, case, ChildRelation::LivesAtHome, "2015");
    let id = draft(&mut f.store, case, vec![child], "16.03.2026");
    step(&mut f.store, id, TransitionKind::Inform, "16.03.2026").unwrap();
    step(&mut f.store, id, TransitionKind::Send, "16.03.2026").unwrap();
    step(&mut f.store, id, TransitionKind::Receipt, "17.03.2026").unwrap();
    step(&mut f.store, id, TransitionKind::LaterInfo, "17.03.2026").unwrap();
    drop(f.store);

    // Read back from the file by another user.
    let mut store = crate::common::open_as(&f.path, "bo", sagsbord::store::Role::TeamLeader);
    let n = store.view_notification(id).unwrap();
    assert_eq!(n.state(), State::ReceiptConfirmed);
    assert_eq!(n.content.children, vec![child]);
    assert_eq!(n.content.grounds, vec![Ground::SpecialSupport]);
    assert_eq!(n.drafted.on, day("2026-03-16"));
    let informed = n.informed.as_ref().unwrap();
    assert_eq!(informed.informed, Informed::Told { how: InformHow::InPerson });
    assert_eq!(n.sent.as_ref().unwrap().how, SendHow::OnlineForm);
    assert_eq!(n.receipt.as_ref().unwrap().on, day("2026-03-17"));
    assert_eq!(n.later.len(), 1);
    for stamp in [&n.drafted.stamp, &informed.stamp, &n.sent.as_ref().unwrap().stamp, &n.later[0].stamp] {
        assert_eq!(stamp.by, "anna");
        assert!(stamp.at.ends_with('Z') && stamp.at.len() == 20, "{}", stamp.at);
    }
    let audit = store.audit_for("notification", id).unwrap();
    let actions: Vec<(&str, &str, &str)> =
        audit.iter().map(|a| (a.actor.as_str(), a.action.as_str(), a.detail.as_str())).collect();
    assert_eq!(
        actions,
        vec![
            ("anna", "draft_notification", "kladde"),
            ("anna", "notification_step", "inform"),
            ("anna", "notification_step", "send"),
            ("anna", "notification_step", "receipt"),
            ("anna", "notification_step", "later_info"),
            ("bo", "view", ""),
        ]
    );
    assert!(store.verify_audit().unwrap().is_empty());
}

#[test]
fn a_sent_notification_is_never_changed_by_the_program() {
    let mut f = fixture("anna");
    let case = case_in_treatment(&mut f.store, "Mette Mor", CPR_A, "anna", ChildrenAnswer::HasChildren);
    let child = add_child(&mut f.store, case, ChildRelation::LivesAtHome, "2015");
    let id = draft(&mut f.store, case, vec![child], "16.03.2026");
    step(&mut f.store, id, TransitionKind::Inform, "16.03.2026").unwrap();
    // A step parsed against the draft, before the notification was sent...
    let stale = parse_transition(
        &TransitionInput {
            kind: TransitionKind::Discard,
            date: "17.03.2026".into(),
            told: true,
            inform_how: InformHow::Phone,
            send_how: SendHow::Letter,
            text: "Fejl".into(),
        },
        &f.store.notification(id).unwrap(),
        day(TODAY),
    )
    .unwrap();
    step(&mut f.store, id, TransitionKind::Send, "17.03.2026").unwrap();
    let before = f.store.notification(id).unwrap();
    // ...is refused once it is sent, and nothing is written.
    assert!(matches!(f.store.record_transition(id, &stale), Err(StoreError::Changed(_))));
    let again = Transition::Send { on: day(TODAY), how: SendHow::Letter };
    assert!(matches!(f.store.record_transition(id, &again), Err(StoreError::Changed(_))));
    let case_row = f.store.all_cases().unwrap().into_iter().find(|c| c.id == case).unwrap();
    let kids = f.store.children_of(case).unwrap();
    let edit = validate_draft(
        &DraftInput {
            duty: Duty::Professional,
            grounds: vec![Ground::Abuse],
            children: vec![child],
            municipality: "Randers".into(),
            description: "Omskrevet".into(),
            date: "17.03.2026".into(),
        },
        DraftContext { case: &case_row, children: &kids, today: day(TODAY), editing: None, corrects: None },
    )
    .unwrap();
    let opened = f.store.opened().unwrap();
    assert!(matches!(f.store.edit_draft(id, &edit, opened), Err(StoreError::Changed(_))));
    assert_eq!(f.store.notification(id).unwrap(), before);
}

#[test]
fn the_file_itself_refuses_to_delete_or_change_a_sent_notification() {
    let mut f = fixture("anna");
    let case = case_in_treatment(&mut f.store, "Mette Mor", CPR_A, "anna", ChildrenAnswer::HasChildren);
    let child = add_child(&mut f.store, case, ChildRelation::LivesAtHome, "2015");
    let sent = draft(&mut f.store, case, vec![child], "16.03.2026");
    step(&mut f.store, sent, TransitionKind::Inform, "16.03.2026").unwrap();
    step(&mut f.store, sent, TransitionKind::Send, "16.03.2026").unwrap();
    step(&mut f.store, sent, TransitionKind::LaterInfo, "17.03.2026").unwrap();
    let unsent = draft(&mut f.store, case, vec![child], "17.03.2026");
    let before = f.store.notification(sent).unwrap();
    drop(f.store);

    // Someone with the file and the sqlite3 tool, or a later bug.
    let conn = Connection::open(&f.path).unwrap();
    let refused = [
        format!("DELETE FROM notifications WHERE id = {sent}"),
        format!("DELETE FROM notifications WHERE id = {unsent}"),
        format!("UPDATE notifications SET description = 'omskrevet' WHERE id = {sent}"),
        format!("UPDATE notifications SET sent_on = '2026-03-01' WHERE id = {sent}"),
        format!("UPDATE notifications SET informed_on = NULL, informed_how = NULL WHERE id = {sent}"),
        format!("UPDATE notifications SET discarded_on = '2026-03-17', discarded_reason = 'x' WHERE id = {sent}"),
        format!("DELETE FROM notification_children WHERE notification_id = {sent}"),
        format!("DELETE FROM notification_grounds WHERE notification_id = {sent}"),
        format!("INSERT INTO notification_grounds (notification_id, ground) VALUES ({sent}, 'abuse')"),
        format!("UPDATE notification_updates SET text = 'x' WHERE notification_id = {sent}"),
        format!("DELETE FROM notification_updates WHERE notification_id = {sent}"),
        format!("DELETE FROM children WHERE id = {child}"),
        // Sent without informing, and a receipt without sending.
        format!("UPDATE notifications SET sent_on = '2026-03-17', sent_how = 'letter' WHERE id = {unsent}"),
        format!("UPDATE notifications SET receipt_on = '2026-03-17' WHERE id = {unsent}"),
    ];
    for sql in &refused {
        assert!(conn.execute(sql, []).is_err(), "the file took: {sql}");
    }
    // Forward is allowed: the receipt of the sent one.
    conn.execute(&format!("UPDATE notifications SET receipt_on = '2026-03-18' WHERE id = {sent}"), []).unwrap();
    assert!(conn.execute(&format!("UPDATE notifications SET receipt_on = NULL WHERE id = {sent}"), []).is_err());
    drop(conn);
    let store = crate::common::open_as(&f.path, "anna", sagsbord::store::Role::TeamLeader);
    let after = store.notification(sent).unwrap();
    assert_eq!(after.content, before.content);
    assert_eq!(after.sent, before.sent);
    assert_eq!(after.later, before.later);
}

#[test]
fn a_correction_is_a_new_notification_linked_to_the_one_it_corrects() {
    let mut f = fixture("anna");
    let case = case_in_treatment(&mut f.store, "Mette Mor", CPR_A, "anna", ChildrenAnswer::HasChildren);
    let child = add_child(&mut f.store, case, ChildRelation::LivesAtHome, "2015");
    let sent = draft(&mut f.store, case, vec![child], "16.03.2026");
    step(&mut f.store, sent, TransitionKind::Inform, "16.03.2026").unwrap();
    step(&mut f.store, sent, TransitionKind::Send, "16.03.2026").unwrap();
    let original = f.store.notification(sent).unwrap();
    let case_row = f.store.all_cases().unwrap().into_iter().find(|c| c.id == case).unwrap();
    let kids = f.store.children_of(case).unwrap();
    let input = DraftInput {
        duty: Duty::Professional,
        grounds: vec![Ground::SpecialSupport, Ground::SchoolAbsence],
        children: vec![child],
        municipality: "Randers".into(),
        description: "Rettelse: barnet har desuden ulovligt skolefravær.".into(),
        date: "17.03.2026".into(),
    };
    let ctx =
        DraftContext { case: &case_row, children: &kids, today: day(TODAY), editing: None, corrects: Some(&original) };
    let correction = f.store.draft_notification(case, &validate_draft(&input, ctx).unwrap()).unwrap();
    assert_eq!(correction.corrects, Some(sent));
    assert_eq!(f.store.corrections_of(sent).unwrap(), vec![correction.id]);
    assert_eq!(f.store.notification(sent).unwrap(), original, "the original stays as it was sent");
    assert_eq!(f.store.notifications_of_case(case).unwrap().len(), 2);
}

#[test]
fn children_are_added_changed_and_ended_never_deleted() {
    let mut f = fixture("anna");
    let case = case_in_treatment(&mut f.store, "Mette Mor", CPR_A, "anna", ChildrenAnswer::NotAsked);
    // A pregnancy does not answer the question about children under 18...
    let expected = add_child(&mut f.store, case, ChildRelation::ExpectedByCitizen, "2026");
    let c = f.store.all_cases().unwrap().into_iter().find(|c| c.id == case).unwrap();
    assert_eq!(c.children, ChildrenAnswer::NotAsked);
    // ...a child does.
    let born = add_child(&mut f.store, case, ChildRelation::SharedCustody, "2019");
    let c = f.store.all_cases().unwrap().into_iter().find(|c| c.id == case).unwrap();
    assert_eq!(c.children, ChildrenAnswer::HasChildren);

    // The expected child is born.
    let old = f.store.children_of(case).unwrap().into_iter().find(|k| k.id == expected).unwrap();
    let change = sagsbord::domain::notification::validate_child_change(
        &ChildInput { relation: ChildRelation::LivesAtHome, year: "2026".into(), name: String::new() },
        &old,
        &c,
        day(TODAY),
    )
    .unwrap();
    let opened = f.store.opened().unwrap();
    let changed = f.store.change_child(expected, &change, opened).unwrap();
    assert_eq!(changed.relation, ChildRelation::LivesAtHome);

    let end = sagsbord::domain::intake::Reasoned { on: day(TODAY), reason: "Flyttet til sin far i Aarhus".into() };
    let ended = f.store.end_child(born, &end).unwrap();
    assert_eq!(ended.ended.as_ref().unwrap().reason, "Flyttet til sin far i Aarhus");
    assert_eq!(ended.ended.as_ref().unwrap().stamp.by, "anna");
    // Ended twice, or changed after ending: refused, nothing written.
    assert!(matches!(f.store.end_child(born, &end), Err(StoreError::Changed(_))));
    let opened = f.store.opened().unwrap();
    assert!(matches!(f.store.change_child(born, &change, opened), Err(StoreError::Changed(_))));
    assert_eq!(f.store.children_of(case).unwrap().len(), 2, "ended children are kept");
    let details: Vec<String> = f.store.audit_for("case", case).unwrap().into_iter().map(|a| a.action).collect();
    for action in ["add_child", "change_child", "end_child"] {
        assert!(details.iter().any(|d| d == action), "{action} missing from {details:?}");
    }
}

#[test]
fn the_lists_follow_the_viewer_and_due_lists_every_kind() {
    let mut f = fixture("anna");
    let anna = case_in_treatment(&mut f.store, "Mette Mor", CPR_A, "anna", ChildrenAnswer::HasChildren);
    let bo = case_in_treatment(&mut f.store, "Jonas Far", CPR_B, "bo", ChildrenAnswer::NotAsked);
    let child = add_child(&mut f.store, anna, ChildRelation::LivesAtHome, "2015");
    let drafted = draft(&mut f.store, anna, vec![child], "13.03.2026");
    let sent = draft(&mut f.store, anna, vec![child], "05.03.2026");
    step(&mut f.store, sent, TransitionKind::Inform, "05.03.2026").unwrap();
    step(&mut f.store, sent, TransitionKind::Send, "06.03.2026").unwrap();

    let bo_store = crate::common::open_as(&f.path, "bo", Role::TeamLeader);
    let all = bo_store.board_notifications(&bo_store.viewer(false).unwrap(), false).unwrap();
    assert_eq!(all.iter().map(|(_, n)| n.id).collect::<Vec<_>>(), vec![sent, drafted]);
    assert!(bo_store.board_notifications(&bo_store.viewer(true).unwrap(), false).unwrap().is_empty());
    assert_eq!(f.store.board_notifications(&f.store.viewer(true).unwrap(), false).unwrap().len(), 2);
    let family: Vec<i64> =
        bo_store.family_cases(&bo_store.viewer(true).unwrap()).unwrap().iter().map(|f| f.case.id).collect();
    assert_eq!(family, vec![bo]);
    let family: Vec<i64> =
        f.store.family_cases(&f.store.viewer(false).unwrap()).unwrap().iter().map(|f| f.case.id).collect();
    assert_eq!(family, vec![anna, bo]);

    let profile = Profile::built_in("randers").unwrap();
    // Intake's own items (the doctor's consultation at enrolment) and the
    // missing treatment plans aside.
    let due = |store: &Store, on: &str| -> Vec<DueItem> {
        let items = store.due(&profile, day(on), 0).unwrap();
        let others = |k: &DueKind| matches!(k, DueKind::Guarantee | DueKind::Doctor | DueKind::TreatmentPlan);
        items.into_iter().filter(|i| !others(&i.kind)).collect()
    };
    let items = due(&f.store, TODAY);
    let got: Vec<(i64, &str, NaiveDate)> = items.iter().map(|i| (i.case, i.kind.id(), i.due)).collect();
    // The draft of 13 March counts as a consideration, so anna's children
    // are not due for one; the question bo was never asked is due from the
    // start of treatment; the receipt 6 working days after Friday 6 March.
    assert_eq!(
        got,
        vec![
            (bo, "children_question", day("2026-03-05")),
            (anna, "notification_draft", day("2026-03-14")),
            (anna, "notification_receipt", day("2026-03-16")),
        ]
    );
    // Once the notification is confirmed and the draft discarded, only the
    // question is left; answering it clears that too.
    step(&mut f.store, sent, TransitionKind::Receipt, "16.03.2026").unwrap();
    let n = f.store.notification(drafted).unwrap();
    let t = parse_transition(
        &TransitionInput {
            kind: TransitionKind::Discard,
            date: "17.03.2026".into(),
            told: true,
            inform_how: InformHow::InPerson,
            send_how: SendHow::OnlineForm,
            text: "Dobbelt: samme forhold som underretning 2".into(),
        },
        &n,
        day(TODAY),
    )
    .unwrap();
    f.store.record_transition(drafted, &t).unwrap();
    f.store.answer_children_question(bo, ChildrenAnswer::NoChildren).unwrap();
    assert_eq!(due(&f.store, TODAY), vec![]);
    // Three months after the last draft, anna's children are due again.
    let later = due(&f.store, "2026-06-13");
    assert_eq!(later.iter().map(|i| (i.case, i.kind.id())).collect::<Vec<_>>(), vec![(anna, "children_consideration")]);
    // A consideration recorded moves it three months on.
    let case_row = f.store.all_cases().unwrap().into_iter().find(|c| c.id == anna).unwrap();
    let c = validate_consideration(
        &ConsiderationInput { date: "12.06.2026".into(), note: "Hjemmebesøg; barnet trives.".into() },
        &case_row,
        day("2026-06-13"),
    )
    .unwrap();
    f.store.record_consideration(anna, &c).unwrap();
    assert_eq!(due(&f.store, "2026-06-13"), vec![]);
    assert_eq!(due(&f.store, "2026-09-12").len(), 1);
}

/// A database with every kind of record this issue adds.
fn populated() -> Fixture {
    let mut f = fixture("anna");
    let anna = case_in_treatment(&mut f.store, "Mette Mor", CPR_A, "anna", ChildrenAnswer::HasChildren);
    let bo = case_in_treatment(&mut f.store, "Jonas Far", CPR_B, "bo", ChildrenAnswer::NotAsked);
    let child = add_child(&mut f.store, anna, ChildRelation::LivesAtHome, "2015");
    let expected = add_child(&mut f.store, bo, ChildRelation::ExpectedByPartner, "2026");
    let moved = add_child(&mut f.store, anna, ChildRelation::ContactChild, "2012");
    f.store
        .end_child(
            moved,
            &sagsbord::domain::intake::Reasoned { on: day(TODAY), reason: "Flyttet til sin mor i Aarhus".into() },
        )
        .unwrap();
    let case_row = f.store.all_cases().unwrap().into_iter().find(|c| c.id == anna).unwrap();
    let c = validate_consideration(
        &ConsiderationInput { date: "16.03.2026".into(), note: "Ingen bekymring.".into() },
        &case_row,
        day(TODAY),
    )
    .unwrap();
    f.store.record_consideration(anna, &c).unwrap();
    let sent = draft(&mut f.store, anna, vec![child], "10.03.2026");
    step(&mut f.store, sent, TransitionKind::Inform, "10.03.2026").unwrap();
    step(&mut f.store, sent, TransitionKind::Send, "11.03.2026").unwrap();
    step(&mut f.store, sent, TransitionKind::Receipt, "12.03.2026").unwrap();
    step(&mut f.store, sent, TransitionKind::LaterInfo, "16.03.2026").unwrap();
    let not_told = draft(&mut f.store, bo, vec![expected], "16.03.2026");
    let n = f.store.notification(not_told).unwrap();
    let t = parse_transition(
        &TransitionInput {
            kind: TransitionKind::Inform,
            date: "16.03.2026".into(),
            told: false,
            inform_how: InformHow::InPerson,
            send_how: SendHow::OnlineForm,
            text: "Partneren er voldelig; at orientere vil bringe barnet i fare.".into(),
        },
        &n,
        day(TODAY),
    )
    .unwrap();
    f.store.record_transition(not_told, &t).unwrap();
    let case_row = f.store.all_cases().unwrap().into_iter().find(|c| c.id == anna).unwrap();
    let kids = f.store.children_of(anna).unwrap();
    let original = f.store.notification(sent).unwrap();
    let input = DraftInput {
        duty: Duty::Professional,
        grounds: vec![Ground::SpecialSupport],
        children: vec![child],
        municipality: "Randers".into(),
        description: "Rettelse af adressen.".into(),
        date: "17.03.2026".into(),
    };
    let ctx =
        DraftContext { case: &case_row, children: &kids, today: day(TODAY), editing: None, corrects: Some(&original) };
    f.store.draft_notification(anna, &validate_draft(&input, ctx).unwrap()).unwrap();
    f
}

#[test]
fn export_import_export_is_byte_identical_with_children_and_notifications() {
    let mut f = populated();
    let first = exchange::to_text(&f.store.export().unwrap());
    let parsed = exchange::parse(&first).unwrap();
    assert_eq!(parsed.children.len(), 3);
    assert_eq!(parsed.child_considerations.len(), 1);
    assert_eq!(parsed.notifications.len(), 3);
    assert_eq!(parsed.notification_updates.len(), 1);
    assert!(first.contains("\"not_told_reason\": \"Partneren er voldelig"), "{first}");

    let dir = tempfile::tempdir().unwrap();
    let mut other = Store::open(&dir.path().join("copy.db"), "carl").unwrap();
    other.import(&parsed).unwrap();
    let second = exchange::to_text(&other.export().unwrap());
    assert_eq!(first, second);
    // The imported file keeps the rules: the sent one is still frozen.
    let sent = parsed.notifications.iter().find(|n| n.receipt.is_some()).unwrap().id;
    let discard = Transition::Discard { on: day(TODAY), reason: "x".into() };
    assert!(other.record_transition(sent, &discard).is_err());
}

#[test]
fn a_file_without_the_new_lists_still_imports() {
    let text = r#"{"format":"sagsbord","version":1,"centre":{"name":"C","municipality":"Randers","profile":"randers"},
        "citizens":[],"cases":[],"case_events":[]}"#;
    let file = exchange::parse(text).unwrap();
    assert!(file.children.is_empty() && file.notifications.is_empty());
    Store::open_in_memory("anna").unwrap().import(&file).unwrap();
}

#[test]
fn a_bad_import_names_the_record_and_field_and_writes_nothing() {
    let mut f = populated();
    let good = exchange::parse(&exchange::to_text(&f.store.export().unwrap())).unwrap();
    type Breaker = fn(&mut exchange::ExportFile);
    let cases: Vec<(&str, Breaker)> = vec![
        ("children[0].case_id", |x| x.children[0].case_id = 99),
        ("children[0].birth_year", |x| x.children[0].birth_year = 2001),
        ("children[0].recorded_at", |x| x.children[0].recorded_at = "i går".into()),
        ("child_considerations[0].note", |x| x.child_considerations[0].note = " ".into()),
        ("notifications[0].children[0]", |x| x.notifications[0].children = vec![99]),
        ("notifications[0].children[0]", |x| {
            let other = x.children.iter().find(|c| c.case_id != x.notifications[0].case_id).unwrap().id;
            x.notifications[0].children = vec![other];
        }),
        ("notifications[0].grounds[0]", |x| x.notifications[0].grounds = vec![Ground::Endangered]),
        ("notifications[0].sent", |x| x.notifications[0].informed = None),
        ("notifications[0].receipt.on", |x| x.notifications[0].receipt.as_mut().unwrap().on = NaiveDate::MIN),
        ("notifications[0].informed", |x| {
            x.notifications[0].informed.as_mut().unwrap().not_told_reason = Some("x".into())
        }),
        ("notifications[2].corrects", |x| x.notifications[2].corrects = Some(2)),
        ("notification_updates[0].on", |x| x.notification_updates[0].on = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
        ("notification_updates[0].notification_id", |x| x.notification_updates[0].notification_id = 2),
    ];
    for (at, breaker) in cases {
        let mut file = good.clone();
        breaker(&mut file);
        let mut store = Store::open_in_memory("anna").unwrap();
        match store.import(&file) {
            Err(StoreError::Import { at: got, .. }) => assert_eq!(got, at),
            other => panic!("{at}: expected an import error, got {other:?}"),
        }
        assert!(store.all_cases().unwrap().is_empty(), "{at}: nothing may be written");
    }
}

/// The children consideration of a case that answered "has children" with
/// none recorded is due from the start of treatment; recording the child
/// later is not a consideration, so it leaves that date where it was. A
/// child the case did not know of (answered "no children") is new: its
/// consideration counts from the day it was recorded.
#[test]
fn recording_a_child_already_known_does_not_move_an_overdue_consideration() {
    let mut f = fixture("anna");
    let known = case_in_treatment(&mut f.store, "Mette Mor", CPR_A, "anna", ChildrenAnswer::HasChildren);
    let new = case_in_treatment(&mut f.store, "Karl Far", CPR_B, "anna", ChildrenAnswer::NoChildren);
    let profile = Profile::built_in("randers").unwrap();
    let considerations = |store: &Store, on: &str| -> Vec<(i64, NaiveDate)> {
        let items = store.due(&profile, day(on), 0).unwrap();
        items.into_iter().filter(|i| i.kind == DueKind::ChildrenConsideration).map(|i| (i.case, i.due)).collect()
    };
    assert_eq!(considerations(&f.store, TODAY), vec![(known, day("2026-03-05"))]);
    for case_id in [known, new] {
        let case = f.store.all_cases().unwrap().into_iter().find(|c| c.id == case_id).unwrap();
        let input = ChildInput { relation: ChildRelation::LivesAtHome, year: "2015".into(), name: String::new() };
        let child = validate_child(&input, &case, day(TODAY)).unwrap();
        f.store.add_child(case_id, &child, day(TODAY)).unwrap();
    }
    assert_eq!(considerations(&f.store, TODAY), vec![(known, day("2026-03-05")), (new, day(TODAY))]);
}

/// Two children born the same year are told apart by a first name or
/// initials: stored, shown in the child's label (which the notification
/// form lists), kept in the export format and read back by an import. A
/// name too long to be only a first name is refused at its field.
#[test]
fn a_childs_first_name_or_initials_tells_two_born_the_same_year_apart_and_travels_in_the_export() {
    use sagsbord::domain::notification::{ChildField, ChildProblem, InputProblem};
    use sagsbord::text::notifications::child_label;
    let mut f = fixture("anna");
    let case = case_in_treatment(&mut f.store, "Mette Mor", CPR_A, "anna", ChildrenAnswer::HasChildren);
    let row = f.store.all_cases().unwrap().into_iter().find(|c| c.id == case).unwrap();
    for name in ["Ida", "M.K."] {
        let input = ChildInput { relation: ChildRelation::LivesAtHome, year: "2015".into(), name: format!(" {name} ") };
        let child = validate_child(&input, &row, day(TODAY)).unwrap();
        f.store.add_child(case, &child, day(TODAY)).unwrap();
    }
    let labels: Vec<String> = f.store.children_of(case).unwrap().iter().map(child_label).collect();
    assert_eq!(labels, vec!["Ida, f. 2015, bor hjemme", "M.K., f. 2015, bor hjemme"]);
    let long = ChildInput { relation: ChildRelation::LivesAtHome, year: "2015".into(), name: "x".repeat(31) };
    assert_eq!(
        validate_child(&long, &row, day(TODAY)).unwrap_err(),
        vec![(ChildField::Name, ChildProblem::Input(InputProblem::TooLong { max: 30 }))]
    );

    let text = exchange::to_text(&f.store.export().unwrap());
    assert!(text.contains("\"name\": \"Ida\"") && text.contains("\"name\": \"M.K.\""), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let mut other = Store::open(&dir.path().join("kopi.db"), "anna").unwrap();
    other.import(&exchange::parse(&text).unwrap()).unwrap();
    assert_eq!(exchange::to_text(&other.export().unwrap()), text);
    let names: Vec<String> = other.children_of(case).unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(names, vec!["Ida", "M.K."]);
    // A file whose child name could drive the terminal is refused, named.
    let bad = text.replace("\"name\": \"Ida\"", "\"name\": \"Ida\\u001b[2J\"");
    let mut empty = Store::open(&dir.path().join("tom.db"), "anna").unwrap();
    let err = exchange::parse(&bad).and_then(|file| empty.import(&file));
    assert!(format!("{err:?}").contains("children[0].name"), "{err:?}");
}

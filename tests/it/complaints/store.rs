//! Complaints about decisions in the store, on real SQLite files: the whole
//! life of a complaint with who and when in the audit trail, a colleague's
//! step meanwhile refused by name, a §101a case refused inside the write,
//! access, `due` (in the store and as `due --json` from the binary) and a
//! case's complaints over its whole life.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::NaiveDate;
use tempfile::TempDir;

use crate::common::{BIN, Run, conflict_of, contact_input, let_the_binary_in, open_as, open_db};
use sagsbord::domain::complaint::{
    AppealResult, ComplaintHow, ComplaintProblem, NewComplaintInput, Reassessment, State, StepInput, StepKind,
    StepProblem, parse_new, parse_step,
};
use sagsbord::domain::due::DueKind;
use sagsbord::domain::intake::{ContactKind, validate_contact};
use sagsbord::domain::policy::Profile;
use sagsbord::store::{Centre, Found, Record, Role, Store, StoreError};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-04-10";

pub struct Fixture {
    pub _dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
}

/// A national-profile centre made by `anna` (its team leader).
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sagsbord.db");
    let mut store = Store::open(&path, "anna").unwrap();
    store
        .set_centre(&Centre {
            name: "Rusmiddelcenter Randers".into(),
            municipality: "Randers".into(),
            profile: "national".into(),
            profile_path: None,
            profile_toml: None,
        })
        .unwrap();
    Fixture { _dir: dir, path, store }
}

/// Registers a contact of `kind` with `counsellor`; returns the case id.
pub fn case(store: &mut Store, kind: ContactKind, counsellor: &str) -> i64 {
    let mut input = contact_input();
    input.kind = kind;
    input.counsellor = counsellor.into();
    if kind == ContactKind::Anonymous {
        input.name.clear();
        input.cpr.clear();
        input.pseudonym = "Ræven".into();
        input.children = sagsbord::domain::intake::ChildrenAnswer::NotAsked;
    }
    let profile = Profile::built_in("national").unwrap();
    let contact = validate_contact(&input, &profile.intake, "Randers", day(TODAY)).unwrap();
    store.register_contact(&contact).unwrap()
}

/// Registers a complaint told `told` and received `received` (dd.mm.yyyy).
pub fn complain(store: &mut Store, case_id: i64, told: &str, received: &str) -> i64 {
    let input = NewComplaintInput {
        health_care: false,
        what: "Afslag på døgnbehandling",
        decided_on: told,
        told_on: told,
        received_on: received,
        how: Some(ComplaintHow::Oral),
        helper: "Bo, rådgiver",
    };
    let new = parse_new(&input, false, day(TODAY)).unwrap();
    store.register_complaint(case_id, &new).unwrap().id
}

pub fn step(
    store: &mut Store,
    id: i64,
    kind: StepKind,
    on: &str,
    opened: sagsbord::store::Opened,
) -> Result<(), StoreError> {
    let c = store.complaint(id).unwrap();
    let input = StepInput {
        kind,
        date: on,
        reassessment: Some(Reassessment::Upheld),
        result: Some(AppealResult::Returned),
        late_reason: "",
    };
    let s = parse_step(&input, &c, 4, day(TODAY)).expect("the domain accepts the step");
    store.record_complaint_step(id, &s, 4, opened).map(|_| ())
}

#[test]
fn a_complaint_is_registered_reassessed_forwarded_and_decided_with_who_and_when() {
    let mut f = fixture();
    let case_id = case(&mut f.store, ContactKind::OwnUse, "anna");
    let id = complain(&mut f.store, case_id, "02.03.2026", "10.03.2026");
    let opened = f.store.opened().unwrap();
    step(&mut f.store, id, StepKind::Reassess, "12.03.2026", opened).unwrap();
    let opened = f.store.opened().unwrap();
    step(&mut f.store, id, StepKind::Forward, "20.03.2026", opened).unwrap();
    let opened = f.store.opened().unwrap();
    step(&mut f.store, id, StepKind::Result, "09.04.2026", opened).unwrap();
    drop(f.store);

    let store = open_as(&f.path, "bo", Role::TeamLeader);
    let all = store.complaints_of_case(case_id).unwrap();
    assert_eq!(all.len(), 1);
    let c = &all[0];
    assert_eq!(
        (c.decision.what.as_str(), c.how, c.helper.as_str()),
        ("Afslag på døgnbehandling", ComplaintHow::Oral, "Bo, rådgiver")
    );
    assert_eq!((c.decision.told_on, c.received_on), (day("2026-03-02"), day("2026-03-10")));
    assert_eq!(c.registered.by, "anna");
    let r = c.reassessed.as_ref().unwrap();
    assert_eq!((r.on, r.outcome, r.stamp.by.as_str()), (day("2026-03-12"), Reassessment::Upheld, "anna"));
    let fw = c.forwarded.as_ref().unwrap();
    assert_eq!((fw.on, fw.late_reason.as_deref()), (day("2026-03-20"), None));
    let x = c.result.as_ref().unwrap();
    assert_eq!((x.on, x.result), (day("2026-04-09"), AppealResult::Returned));
    assert_eq!(c.state(), State::Decided);
    assert!(store.open_complaints(&store.viewer(false).unwrap()).unwrap().is_empty(), "a decided one is not open");

    // Every action is one audit row with the changed rows before and after.
    let db = open_db(&f.path);
    let actions: Vec<(String, String, String)> = db
        .prepare("SELECT actor, action, detail FROM audit WHERE entity = 'complaint' AND entity_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let names: Vec<&str> = actions.iter().map(|(_, a, d)| if d.is_empty() { a.as_str() } else { d.as_str() }).collect();
    assert_eq!(names, ["register_complaint", "reassess", "forward", "result"]);
    assert!(actions.iter().all(|(who, _, _)| who == "anna"));
    let forward_change: (Option<String>, Option<String>) = db
        .query_row(
            "SELECT c.old, c.new FROM audit a JOIN audit_change c ON c.audit_id = a.id
             WHERE a.entity = 'complaint' AND a.detail = 'forward' AND c.tbl = 'complaints'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(forward_change.0.unwrap().contains("\"forwarded_on\":null"));
    assert!(forward_change.1.unwrap().contains("\"forwarded_on\":\"2026-03-20\""));
}

#[test]
fn a_forwarding_saved_over_a_colleagues_forwarding_is_refused_with_their_name_and_nothing_written() {
    let mut f = fixture();
    let case_id = case(&mut f.store, ContactKind::OwnUse, "anna");
    let id = complain(&mut f.store, case_id, "02.03.2026", "10.03.2026");
    let opened = f.store.opened().unwrap();
    step(&mut f.store, id, StepKind::Reassess, "12.03.2026", opened).unwrap();

    // Anna opens the forwarding form; Bo forwards on his own connection.
    let anna_opened = f.store.opened().unwrap();
    let mut bo = open_as(&f.path, "bo", Role::TeamLeader);
    let bo_opened = bo.opened().unwrap();
    step(&mut bo, id, StepKind::Forward, "19.03.2026", bo_opened).unwrap();

    let c = f.store.complaint(id).unwrap();
    assert_eq!(c.state(), State::Forwarded, "anna's connection sees bo's forwarding");
    // Anna's draft was checked against the complaint as it stood when she
    // opened it: built here from that state, it would forward again.
    let mut as_opened = c.clone();
    as_opened.forwarded = None;
    let input =
        StepInput { kind: StepKind::Forward, date: "20.03.2026", reassessment: None, result: None, late_reason: "" };
    let draft = parse_step(&input, &as_opened, 4, day(TODAY)).unwrap();
    let (conflict, said) = conflict_of(f.store.record_complaint_step(id, &draft, 4, anna_opened));
    assert_eq!(conflict.record, Record::Complaint(id));
    assert_eq!(
        conflict.found,
        Found::ComplaintStep(StepProblem::NotNow { kind: StepKind::Forward, state: State::Forwarded })
    );
    assert_eq!(conflict.change.as_ref().map(|c| c.actor.as_str()), Some("bo"));
    assert!(said.contains("af bo") && said.contains("Videresendelsen passer ikke nu"), "{said}");
    let c = f.store.complaint(id).unwrap();
    let fw = c.forwarded.unwrap();
    assert_eq!((fw.on, fw.stamp.by.as_str()), (day("2026-03-19"), "bo"), "bo's forwarding stands");
}

#[test]
fn a_step_after_a_colleagues_change_since_the_form_opened_is_refused_even_when_it_still_fits() {
    let mut f = fixture();
    let case_id = case(&mut f.store, ContactKind::OwnUse, "anna");
    let id = complain(&mut f.store, case_id, "02.03.2026", "10.03.2026");
    let anna_opened = f.store.opened().unwrap();
    let mut bo = open_as(&f.path, "bo", Role::TeamLeader);
    let bo_opened = bo.opened().unwrap();
    step(&mut bo, id, StepKind::Reassess, "12.03.2026", bo_opened).unwrap();
    // Anna's forwarding fits the complaint now, but she never saw Bo's
    // re-assessment: refused, naming him.
    let (conflict, _) = conflict_of(step(&mut f.store, id, StepKind::Forward, "13.03.2026", anna_opened));
    assert_eq!((conflict.record, &conflict.found), (Record::Complaint(id), &Found::Edited));
    assert_eq!(conflict.change.map(|c| c.actor), Some("bo".to_string()));
    assert!(f.store.complaint(id).unwrap().forwarded.is_none());
}

#[test]
fn a_101a_case_is_refused_inside_the_write_and_nothing_is_written() {
    let mut f = fixture();
    let anonymous = case(&mut f.store, ContactKind::Anonymous, "anna");
    let new = parse_new(
        &NewComplaintInput {
            health_care: false,
            what: "Afslag",
            decided_on: "02.03.2026",
            told_on: "02.03.2026",
            received_on: "03.03.2026",
            how: Some(ComplaintHow::Written),
            helper: "",
        },
        false, // as a stale screen would have it
        day(TODAY),
    )
    .unwrap();
    match f.store.register_complaint(anonymous, &new) {
        Err(StoreError::Complaint(ComplaintProblem::Anonymous)) => {}
        other => panic!("expected the §101a refusal, got {other:?}"),
    }
    assert!(f.store.complaints_of_case(anonymous).unwrap().is_empty());
    let db = open_db(&f.path);
    let rows: i64 = db.query_row("SELECT count(*) FROM complaints", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn a_counsellor_may_not_register_a_complaint_on_a_colleagues_case_nor_see_it_listed_with_cpr() {
    let mut f = fixture();
    let annas = case(&mut f.store, ContactKind::OwnUse, "anna");
    complain(&mut f.store, annas, "02.03.2026", "10.03.2026");
    let mut carl = open_as(&f.path, "carl", Role::Counsellor);
    let input = NewComplaintInput {
        health_care: false,
        what: "Afslag",
        decided_on: "02.03.2026",
        told_on: "02.03.2026",
        received_on: "03.03.2026",
        how: Some(ComplaintHow::Written),
        helper: "",
    };
    let new = parse_new(&input, false, day(TODAY)).unwrap();
    assert!(matches!(carl.register_complaint(annas, &new), Err(StoreError::Refused(_))));
    assert!(matches!(carl.view_complaint(1), Err(StoreError::Refused(_))));
    // Listed (a colleague's case may be listed) but without its CPR number.
    let list = carl.open_complaints(&carl.viewer(false).unwrap()).unwrap();
    assert_eq!(list.len(), 1);
    assert!(matches!(&list[0].0.identity, sagsbord::domain::intake::Identity::Named { cpr: None, .. }));
    assert_eq!(f.store.complaints_of_case(annas).unwrap().len(), 1);
}

fn due_json(path: &std::path::Path, today: &str) -> Vec<serde_json::Value> {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(path)
        .args(["due", "--json", "--today", today])
        .env_remove("SAGSBORD_DB")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let run = Run::of(out).ok();
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn an_unforwarded_complaint_is_due_as_complaint_forwarding_four_weeks_after_receipt_until_forwarded() {
    let mut f = fixture();
    let case_id = case(&mut f.store, ContactKind::OwnUse, "anna");
    let in_time = complain(&mut f.store, case_id, "02.03.2026", "10.03.2026"); // forward by 07.04.2026
    let late = complain(&mut f.store, case_id, "02.03.2026", "31.03.2026"); // late; forward by 28.04.2026
    let changed = complain(&mut f.store, case_id, "02.03.2026", "11.03.2026");
    let c = f.store.complaint(changed).unwrap();
    let input = StepInput {
        kind: StepKind::Reassess,
        date: "12.03.2026",
        reassessment: Some(Reassessment::Changed),
        result: None,
        late_reason: "",
    };
    let s = parse_step(&input, &c, 4, day(TODAY)).unwrap();
    let opened = f.store.opened().unwrap();
    f.store.record_complaint_step(changed, &s, 4, opened).unwrap();

    let profile = Profile::built_in("national").unwrap();
    let items: Vec<_> = f
        .store
        .due(&profile, day(TODAY), 30)
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == DueKind::ComplaintForwarding)
        .collect();
    let got: Vec<_> = items.iter().map(|i| (i.due, i.days_left)).collect();
    assert_eq!(got, [(day("2026-04-07"), -3), (day("2026-04-28"), 18)], "the changed one has nothing due");
    assert!(items[1].rule.contains("efter klagefristen"), "{}", items[1].rule);
    assert!(!items[0].rule.contains("efter klagefristen"), "{}", items[0].rule);
    assert_eq!(items[0].setting, "complaint.deadline_weeks = 4");

    // The binary's JSON names the kind.
    drop(f.store);
    let_the_binary_in(&f.path);
    let json = due_json(&f.path, TODAY);
    let complaints: Vec<_> = json.iter().filter(|i| i["kind"] == "complaint_forwarding").collect();
    assert_eq!(complaints.len(), 1, "only the overdue one is due today: {json:?}");
    assert_eq!(complaints[0]["due"], "2026-04-07");
    assert_eq!(complaints[0]["days_left"], -3);
    assert_eq!(complaints[0]["case"], case_id);

    // Forwarded, it is no longer due.
    let mut store = Store::open(&f.path, "anna").unwrap();
    let opened = store.opened().unwrap();
    step(&mut store, in_time, StepKind::Reassess, "12.03.2026", opened).unwrap();
    let opened = store.opened().unwrap();
    step(&mut store, in_time, StepKind::Forward, "12.03.2026", opened).unwrap();
    drop(store);
    let json = due_json(&f.path, TODAY);
    assert!(!json.iter().any(|i| i["kind"] == "complaint_forwarding"), "{json:?}");
    let _ = late;
}

fn import_refused_at(file: &sagsbord::store::exchange::ExportFile) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("ny.db"), "anna").unwrap();
    match store.import(file) {
        Err(StoreError::Import { at, problem }) => {
            let message = sagsbord::text::exchange::import_problem(&problem);
            assert!(store.all_complaints().unwrap().is_empty(), "nothing written");
            (at, message)
        }
        other => panic!("expected an import error, got {other:?}"),
    }
}

#[test]
fn complaints_are_exported_with_every_step_and_imported_back_to_an_identical_file() {
    let mut f = fixture();
    let case_id = case(&mut f.store, ContactKind::OwnUse, "anna");
    let decided = complain(&mut f.store, case_id, "02.03.2026", "10.03.2026");
    for (kind, on) in
        [(StepKind::Reassess, "12.03.2026"), (StepKind::Forward, "20.03.2026"), (StepKind::Result, "09.04.2026")]
    {
        let opened = f.store.opened().unwrap();
        step(&mut f.store, decided, kind, on, opened).unwrap();
    }
    let late = complain(&mut f.store, case_id, "02.02.2026", "06.04.2026");
    let c = f.store.complaint(late).unwrap();
    let opened = f.store.opened().unwrap();
    step(&mut f.store, late, StepKind::Reassess, "07.04.2026", opened).unwrap();
    let input = StepInput {
        kind: StepKind::Forward,
        date: "08.04.2026",
        reassessment: None,
        result: None,
        late_reason: "Borgeren var indlagt",
    };
    let mut upheld = c.clone();
    upheld.reassessed = f.store.complaint(late).unwrap().reassessed;
    let s = parse_step(&input, &upheld, 4, day(TODAY)).unwrap();
    let opened = f.store.opened().unwrap();
    f.store.record_complaint_step(late, &s, 4, opened).unwrap();
    complain(&mut f.store, case_id, "01.04.2026", "09.04.2026");

    let first = f.store.export().unwrap();
    assert_eq!(first.complaints.len(), 3);
    let text = sagsbord::store::exchange::to_text(&first);
    assert!(text.contains("\"late_reason\": \"Borgeren var indlagt\""), "{text}");
    assert!(text.contains("\"result\": \"returned\""));

    let dir = tempfile::tempdir().unwrap();
    let mut again = Store::open(&dir.path().join("igen.db"), "anna").unwrap();
    again.import(&sagsbord::store::exchange::parse(&text).unwrap()).unwrap();
    assert_eq!(again.complaints_of_case(case_id).unwrap(), f.store.complaints_of_case(case_id).unwrap());
    let second = sagsbord::store::exchange::to_text(&again.export().unwrap());
    assert_eq!(second, text, "export, import, export: identical");
}

#[test]
fn an_import_replays_each_complaint_through_the_forms_rules_and_names_the_field() {
    let mut f = fixture();
    let case_id = case(&mut f.store, ContactKind::OwnUse, "anna");
    let anonymous = case(&mut f.store, ContactKind::Anonymous, "anna");
    let id = complain(&mut f.store, case_id, "02.02.2026", "06.04.2026"); // late
    let opened = f.store.opened().unwrap();
    step(&mut f.store, id, StepKind::Reassess, "07.04.2026", opened).unwrap();
    let file = f.store.export().unwrap();
    let record = file.complaints[0].clone();
    let stamp = || ("anna".to_string(), "2026-04-08T09:00:00Z".to_string());
    let forwarded = |reason: Option<&str>| sagsbord::store::exchange::ForwardedRecord {
        on: day("2026-04-08"),
        late_reason: reason.map(str::to_string),
        actor: stamp().0,
        recorded_at: stamp().1,
    };

    // A late complaint forwarded without the reason.
    let mut bad = file.clone();
    bad.complaints[0].forwarded = Some(forwarded(None));
    let (at, message) = import_refused_at(&bad);
    assert_eq!(at, "complaints[0].forwarded.late_reason");
    assert!(message.contains("efter klagefristen (02.03.2026)"), "{message}");
    // With it, the file imports.
    let mut good = file.clone();
    good.complaints[0].forwarded = Some(forwarded(Some("Borgeren var indlagt")));
    let dir = tempfile::tempdir().unwrap();
    Store::open(&dir.path().join("ok.db"), "anna").unwrap().import(&good).unwrap();

    // A result with no forwarding before it.
    let mut bad = file.clone();
    bad.complaints[0].result = Some(sagsbord::store::exchange::ResultRecord {
        on: day("2026-04-09"),
        result: AppealResult::Upheld,
        actor: stamp().0,
        recorded_at: stamp().1,
    });
    assert_eq!(import_refused_at(&bad).0, "complaints[0].result.on");

    // A forwarding dated before the re-assessment.
    let mut bad = file.clone();
    let mut early = forwarded(Some("Grund"));
    early.on = day("2026-04-06");
    bad.complaints[0].forwarded = Some(early);
    assert_eq!(import_refused_at(&bad).0, "complaints[0].forwarded.on");

    // A §101a case cannot appeal.
    let mut bad = file.clone();
    bad.complaints[0] =
        sagsbord::store::exchange::ComplaintRecord { case_id: anonymous, reassessed: None, ..record.clone() };
    let (at, message) = import_refused_at(&bad);
    assert_eq!(at, "complaints[0].case_id");
    assert!(message.contains("§101a"), "{message}");

    // Told before the decision was made; a decision too long for the form.
    let mut bad = file.clone();
    bad.complaints[0].told_on = day("2026-01-01");
    assert_eq!(import_refused_at(&bad).0, "complaints[0].told_on");
    let mut bad = file.clone();
    bad.complaints[0].decision = "x".repeat(501);
    assert_eq!(import_refused_at(&bad), ("complaints[0].decision".to_string(), "højst 500 tegn".to_string()));
}

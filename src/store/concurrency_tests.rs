//! Several counsellors at one centre at once: each test gives every
//! counsellor their own [`Store`] (their own connection) on one real file
//! in WAL mode, as on the centre's server, or on one centre of a
//! PostgreSQL server, and lets them act at the same moment from separate
//! threads. Each test runs on both (`on_both_centres!` at the end).

use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tempfile::TempDir;

use super::both_centres::{Centre, on_both_centres};
use super::{Found, Result, Store, StoreError};
use super::{NewUser, Role};
use crate::domain::intake::test_support::case_on;
use crate::domain::intake::{
    Case, ClosingReason, NewContact, Reasoned, Step, StepInput, StepKind, StepProblem, parse_step,
};
use crate::domain::notification::{
    ChildInput, ChildRelation, Content, Duty, Ground, InformHow, Informed, NewDraft, Notification, Transition,
    check_transition, validate_child,
};
use crate::domain::plan::{DischargeReason, NewEnding};

/// The day the forms are filled in.
const TODAY: &str = "2026-03-17";
/// No test may take longer, however the threads are scheduled: each write
/// waits at most the store's busy timeout (5 s).
const LIMIT: Duration = Duration::from_secs(90);

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    date(TODAY)
}

/// Sets the new centre up: its creator, and the colleagues of the tests.
fn fresh_centre(centre: &Centre) {
    let mut setup = centre.open("opsætning");
    // The colleagues of these tests, each a team leader: they may all
    // write every case, as the tests race them on the same ones.
    for name in ["anna", "bo", "camilla", "dorte"] {
        let user =
            NewUser { name: name.into(), full_name: String::new(), role: Role::TeamLeader, anonymous_team: false };
        setup.add_user(&user).unwrap();
    }
}

/// How many audit rows `where_` (over `audit`) finds, with `params`.
fn audited(store: &Store, where_: &str, params: crate::store::engine::Params<'_>) -> i64 {
    store.db().query_row(&format!("SELECT count(*) FROM audit WHERE {where_}"), params, |r| r.get(0)).unwrap()
}

/// A new own-use case, first contact on 10 March.
fn new_case(store: &mut Store) -> i64 {
    store.register_contact(&NewContact::new(case_on("2026-03-10"))).unwrap()
}

fn input(kind: StepKind, on: &str) -> StepInput {
    let reason = if kind.needs_reason() { "Begrundelse".to_string() } else { String::new() };
    let closing_reason = kind.asks_closing_reason().then_some(ClosingReason::Moved);
    StepInput { kind, date: on.into(), reason, wanted: true, closing_reason }
}

/// A step as the form checks it: against the case the counsellor sees.
fn checked(kind: StepKind, on: &str, seen: &Case) -> Step {
    parse_step(&input(kind, on), seen, today()).unwrap()
}

/// Whether `e` is the store refusing an action because the record changed
/// meanwhile (as opposed to a failure such as "database is locked").
fn refused(e: &StoreError) -> bool {
    matches!(e, StoreError::Changed(_))
}

/// What a refused write found changed, if it was refused so.
fn found(e: &StoreError) -> Option<&Found> {
    match e {
        StoreError::Changed(conflict) => Some(&conflict.found),
        _ => None,
    }
}

/// Runs `work(counsellor, store)` for every counsellor at once, each on its
/// own connection to the centre, and returns what each returned, in order.
fn at_once<T: Send + 'static>(
    centre: &Centre,
    counsellors: &[&str],
    work: impl Fn(usize, &mut Store) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let start = Arc::new(Barrier::new(counsellors.len()));
    let work = Arc::new(work);
    let handles: Vec<_> = counsellors
        .iter()
        .enumerate()
        .map(|(i, who)| {
            let mut store = centre.open(who);
            let (start, work) = (Arc::clone(&start), Arc::clone(&work));
            thread::spawn(move || {
                start.wait();
                work(i, &mut store)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

// ---------------------------------------------------------------------------
// Store::write
// ---------------------------------------------------------------------------

/// The interleaving behind "database is locked": Anna's write reads first;
/// Bo commits a write after her read and before her write. A transaction
/// that takes the write lock only at its first write (DEFERRED) then fails
/// at once, without waiting: its snapshot is stale. Anna's write must
/// succeed, and Bo's must wait for it and succeed too.
fn a_write_that_reads_first_commits_although_a_colleague_writes_at_the_same_moment(centre: &Centre) {
    fresh_centre(centre);
    let mut anna = centre.open("anna");
    let mut bo = centre.open("bo");
    let (go, bo_may_go) = mpsc::channel::<()>();
    let (bo_done, bo_result) = mpsc::channel::<Result<()>>();
    let bo_thread = thread::spawn(move || {
        bo_may_go.recv().unwrap();
        bo_done.send(bo.record_read("view", "centre", Some(1), "")).unwrap();
    });

    let mut bo_finished_inside = None;
    let anna_result = anna.write("test_write", "centre", |tx| {
        let name: String = tx.query_row("SELECT name FROM centre WHERE id = 1", &[], |r| r.get(0))?;
        go.send(()).unwrap();
        // Bo acts now: his commit either lands before Anna's write, or
        // waits for her transaction to end.
        bo_finished_inside = bo_result.recv_timeout(Duration::from_millis(500)).ok();
        tx.execute("UPDATE centre SET name = ?1 WHERE id = 1", &[&format!("{name} (rettet)")])?;
        Ok(((), Some(1), String::new()))
    });
    let bo_waited = bo_finished_inside.is_none();
    let bo_result = match bo_finished_inside {
        Some(r) => r,
        None => bo_result.recv_timeout(LIMIT).unwrap(),
    };
    bo_thread.join().unwrap();

    assert!(anna_result.is_ok(), "Anna's write failed: {anna_result:?}");
    assert!(bo_result.is_ok(), "Bo's write failed: {bo_result:?}");
    assert!(bo_waited, "Bo's write did not wait for Anna's transaction");
    assert!(anna.verify_audit().unwrap().is_empty());
    let actors: Vec<String> = anna
        .db()
        .query_map("SELECT actor FROM audit WHERE action IN ('test_write', 'view') ORDER BY id", &[], |r| r.get(0))
        .unwrap();
    assert_eq!(actors, vec!["anna", "bo"], "Anna's transaction first, then Bo's");
}

/// Looking at a record writes its audit row through `write`; many
/// counsellors opening cases at once must all see them.
fn many_counsellors_opening_cases_at_once_are_never_told_the_database_is_locked(centre: &Centre) {
    fresh_centre(centre);
    let mut setup = centre.open("opsætning");
    let cases: Vec<i64> = (0..4).map(|_| new_case(&mut setup)).collect();
    let started = Instant::now();
    let counsellors = ["anna", "bo", "camilla", "dorte"];
    let failures: Vec<Vec<String>> = at_once(centre, &counsellors, move |i, store| {
        (0..60).filter_map(|n| store.view_case(cases[(i + n) % cases.len()]).err().map(|e| e.to_string())).collect()
    });
    let failures: Vec<&String> = failures.iter().flatten().collect();
    assert!(failures.is_empty(), "{} of 240 looks failed: {:?}", failures.len(), failures);
    assert!(started.elapsed() < LIMIT);
    assert_eq!(audited(&setup, "action = 'view'", &[]), 240);
    assert!(setup.verify_audit().unwrap().is_empty());
}

/// Counsellors starting the program at the same moment on a centre that
/// does not exist yet: one creates and migrates it, the others wait and
/// use it.
fn counsellors_opening_a_new_centre_at_the_same_moment_all_get_it(centre: &Centre) {
    let start = Barrier::new(4);
    let versions: Vec<Result<usize>> = thread::scope(|scope| {
        let handles: Vec<_> = ["anna", "bo", "camilla", "dorte"]
            .into_iter()
            .map(|who| {
                let start = &start;
                scope.spawn(move || {
                    start.wait();
                    centre.open(who).schema_version()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for version in versions {
        assert!(matches!(version, Ok(v) if v == super::CURRENT_VERSION), "{version:?}");
    }
}

/// A look at a list is recorded when it can be, never waited for: while
/// Anna's write holds the centre, Bo's list is shown at once and its look
/// left out; once she is done, his next look is recorded.
fn a_look_at_a_list_does_not_wait_for_a_colleagues_write(centre: &Centre) {
    fresh_centre(centre);
    let mut anna = centre.open("anna");
    let mut bo = centre.open("bo");
    let (inside, anna_is_inside) = mpsc::channel::<()>();
    let (bo_done, may_end) = mpsc::channel::<Duration>();
    let anna_thread = thread::spawn(move || {
        anna.write("test_write", "centre", |tx| {
            tx.execute("UPDATE centre SET name = name WHERE id = 1", &[])?;
            inside.send(()).unwrap();
            may_end.recv_timeout(LIMIT).unwrap();
            Ok(((), Some(1), String::new()))
        })
    });
    anna_is_inside.recv_timeout(LIMIT).unwrap();
    let started = Instant::now();
    bo.record_list("Indtag", 3);
    let waited = started.elapsed();
    bo_done.send(waited).unwrap();
    anna_thread.join().unwrap().unwrap();
    assert!(waited < Duration::from_secs(2), "Bo's list waited {waited:?} for Anna's write");
    assert_eq!(audited(&bo, "action = 'list'", &[]), 0, "the look was left out, not waited for");
    bo.record_list("Indtag", 3);
    assert_eq!(audited(&bo, "action = 'list'", &[]), 1);
    assert!(bo.verify_audit().unwrap().is_empty());
}

/// A look at a case is recorded before the case is shown, and waits its
/// turn rather than fail: Bo opens a case while Anna's write holds the
/// centre longer than a write's wait.
fn a_look_at_a_case_waits_for_a_write_longer_than_a_writes_wait(centre: &Centre) {
    fresh_centre(centre);
    let mut anna = centre.open("anna");
    let mut bo = centre.open("bo");
    let case = new_case(&mut anna);
    let (inside, anna_is_inside) = mpsc::channel::<()>();
    let anna_thread = thread::spawn(move || {
        anna.write("test_write", "centre", |tx| {
            tx.execute("UPDATE centre SET name = name WHERE id = 1", &[])?;
            inside.send(()).unwrap();
            thread::sleep(crate::store::BUSY_TIMEOUT + Duration::from_millis(1500));
            Ok(((), Some(1), String::new()))
        })
    });
    anna_is_inside.recv_timeout(LIMIT).unwrap();
    let started = Instant::now();
    let opened = bo.view_case(case);
    let waited = started.elapsed();
    anna_thread.join().unwrap().unwrap();
    assert!(opened.is_ok(), "opening the case failed after {waited:?}: {opened:?}");
    assert!(waited >= crate::store::BUSY_TIMEOUT, "{waited:?}");
    assert_eq!(audited(&bo, "action = 'view' AND entity_id = ?1", &[&case]), 1);
    assert!(bo.verify_audit().unwrap().is_empty());
}

// ---------------------------------------------------------------------------
// Intake steps
// ---------------------------------------------------------------------------

/// Three counsellors save three different steps of one case at the same
/// moment, each checked against the case as their screen showed it. Every
/// step must be kept, and no one may be told the database is locked.
fn different_steps_saved_at_once_on_one_case_are_all_kept(centre: &Centre) {
    fresh_centre(centre);
    let mut setup = centre.open("opsætning");
    const ROUNDS: usize = 40;
    let cases: Vec<i64> = (0..ROUNDS).map(|_| new_case(&mut setup)).collect();
    let seen: Vec<Case> = cases.iter().map(|id| setup.find_case(*id).unwrap().unwrap()).collect();
    // Three steps that do not rule one another out (a visitation is not
    // booked once the assessment has started, so that pair is not one).
    let kinds = [StepKind::BookVisitation, StepKind::SpecialAssessment, StepKind::OfferDoctor];

    let started = Instant::now();
    let start = Arc::new(Barrier::new(kinds.len()));
    let handles: Vec<_> = ["anna", "bo", "camilla"]
        .into_iter()
        .zip(kinds)
        .map(|(who, kind)| {
            let mut store = centre.open(who);
            let (start, cases, seen) = (Arc::clone(&start), cases.clone(), seen.clone());
            thread::spawn(move || {
                let mut failures = Vec::new();
                for (id, seen) in cases.iter().zip(&seen) {
                    let step = checked(kind, "16.03.2026", seen);
                    start.wait();
                    if let Err(e) = store.record_step(*id, &step) {
                        failures.push(format!("sag {id}, {kind:?}: {e}"));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    assert!(started.elapsed() < LIMIT);

    let lost: Vec<String> = cases
        .iter()
        .filter_map(|id| {
            let p = setup.find_case(*id).unwrap().unwrap().progress;
            let missing: Vec<&str> = [
                ("visitation", p.visitation_on.is_none()),
                ("særlig udredning", p.special_assessment.is_none()),
                ("lægesamtale tilbudt", p.doctor_offered_on.is_none() || p.doctor_wanted != Some(true)),
            ]
            .into_iter()
            .filter_map(|(what, gone)| gone.then_some(what))
            .collect();
            (!missing.is_empty()).then(|| format!("sag {id}: {missing:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} saves failed: {failures:?}", failures.len(), ROUNDS * kinds.len());
    assert!(lost.is_empty(), "steps lost in {} of {ROUNDS} rounds: {lost:?}", lost.len());
    for id in &cases {
        assert_eq!(setup.case_events(*id).unwrap().len(), 1 + kinds.len(), "sag {id}");
    }
    assert!(setup.verify_audit().unwrap().is_empty());
}

/// Bo closes the contact while Anna's form still shows it open: her step,
/// valid against what she saw, is refused with the reason, and nothing of
/// it is written.
fn a_step_on_a_case_a_colleague_just_closed_is_refused(centre: &Centre) {
    fresh_centre(centre);
    let mut anna = centre.open("anna");
    let mut bo = centre.open("bo");
    let id = new_case(&mut anna);
    let seen = anna.view_case(id).unwrap();
    let step = checked(StepKind::StartAssessment, "16.03.2026", &seen);

    bo.record_step(id, &checked(StepKind::Close, "16.03.2026", &seen)).unwrap();
    let events_before = anna.case_events(id).unwrap();
    let result = anna.record_step(id, &step);

    assert!(
        matches!(result.as_ref().err().and_then(found), Some(Found::IntakeStep(StepProblem::CaseClosed))),
        "{result:?}"
    );
    let case = anna.find_case(id).unwrap().unwrap();
    assert_eq!(case.progress.consent_on, None);
    assert!(case.progress.closed.is_some());
    assert_eq!(anna.case_events(id).unwrap(), events_before);
    let steps = audited(&anna, "action = 'record_step' AND entity_id = ?1", &[&id]);
    assert_eq!(steps, 1, "only Bo's step is in the audit trail");
}

/// The same step saved twice at once: one is kept, the other is told it
/// was recorded already.
fn the_same_step_saved_twice_at_once_is_kept_once(centre: &Centre) {
    fresh_centre(centre);
    let mut setup = centre.open("opsætning");
    const ROUNDS: usize = 20;
    let cases: Vec<i64> = (0..ROUNDS).map(|_| new_case(&mut setup)).collect();
    let seen: Vec<Case> = cases.iter().map(|id| setup.find_case(*id).unwrap().unwrap()).collect();
    let start = Arc::new(Barrier::new(2));
    let handles: Vec<_> = ["anna", "bo"]
        .into_iter()
        .map(|who| {
            let mut store = centre.open(who);
            let (start, cases, seen) = (Arc::clone(&start), cases.clone(), seen.clone());
            thread::spawn(move || {
                cases
                    .iter()
                    .zip(&seen)
                    .map(|(id, seen)| {
                        let step = checked(StepKind::StartAssessment, "16.03.2026", seen);
                        start.wait();
                        store.record_step(*id, &step).map(|_| ())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let results: Vec<Vec<Result<()>>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    for (round, id) in cases.iter().enumerate() {
        let (a, b) = (&results[0][round], &results[1][round]);
        let kept = [a, b].iter().filter(|r| r.is_ok()).count();
        assert_eq!(kept, 1, "sag {id}: {a:?} / {b:?}");
        for r in [a, b] {
            if let Err(e) = r {
                assert!(
                    matches!(found(e), Some(Found::IntakeStep(StepProblem::AlreadyRecorded { .. }))),
                    "sag {id}: refused with {e:?}"
                );
            }
        }
        assert_eq!(setup.case_events(*id).unwrap().len(), 2, "sag {id}");
    }
}

// ---------------------------------------------------------------------------
// Ending a course
// ---------------------------------------------------------------------------

/// A course in treatment with the doctor's consultation offered and wanted.
fn course_in_treatment(store: &mut Store) -> i64 {
    let id = new_case(store);
    for kind in [StepKind::StartTreatment, StepKind::OfferDoctor] {
        let case = store.find_case(id).unwrap().unwrap();
        store.record_step(id, &checked(kind, "11.03.2026", &case)).unwrap();
    }
    id
}

/// Anna records the doctor's consultation while Bo ends the course. Either
/// order is right (the consultation, then the end; or the end, and the
/// consultation refused), but the consultation must never be accepted and
/// then lost under the ending.
fn a_step_saved_while_a_colleague_ends_the_course_is_kept_or_refused_never_lost(centre: &Centre) {
    fresh_centre(centre);
    let mut setup = centre.open("opsætning");
    const ROUNDS: usize = 30;
    let cases: Vec<i64> = (0..ROUNDS).map(|_| course_in_treatment(&mut setup)).collect();
    let seen: Vec<Case> = cases.iter().map(|id| setup.find_case(*id).unwrap().unwrap()).collect();
    let ending = NewEnding {
        ended_on: date("2026-03-16"),
        reason: DischargeReason::Completed,
        follow_up_declined: true,
        note: String::new(),
    };

    let started = Instant::now();
    let (c, s) = (cases.clone(), seen.clone());
    let results: Vec<Vec<Result<()>>> = at_once(centre, &["anna", "bo"], move |i, store| {
        c.iter()
            .zip(&s)
            .map(|(id, seen)| match i {
                0 => store.record_step(*id, &checked(StepKind::DoctorHeld, "16.03.2026", seen)).map(|_| ()),
                _ => store.end_course(*id, &ending, "Færdigbehandlet", &[]).map(|_| ()),
            })
            .collect()
    });
    assert!(started.elapsed() < LIMIT);
    for (round, id) in cases.iter().enumerate() {
        let (held, ended) = (&results[0][round], &results[1][round]);
        assert!(ended.is_ok(), "sag {id}: the ending failed: {ended:?}");
        let p = setup.find_case(*id).unwrap().unwrap().progress;
        assert!(p.closed.is_some(), "sag {id}");
        match held {
            Ok(()) => assert!(p.doctor_held_on.is_some(), "sag {id}: the consultation was accepted and lost"),
            Err(e) => {
                assert!(matches!(found(e), Some(Found::IntakeStep(StepProblem::CaseClosed))), "sag {id}: {e:?}");
                assert!(p.doctor_held_on.is_none(), "sag {id}");
            }
        }
    }
}

/// Bo ends a course Anna's screen still shows open: the second ending is
/// refused as a change by someone else, and the first stands.
fn a_course_ended_meanwhile_is_not_ended_again(centre: &Centre) {
    fresh_centre(centre);
    let mut anna = centre.open("anna");
    let mut bo = centre.open("bo");
    let id = course_in_treatment(&mut anna);
    let first = NewEnding {
        ended_on: date("2026-03-16"),
        reason: DischargeReason::Completed,
        follow_up_declined: true,
        note: String::new(),
    };
    let second = NewEnding { ended_on: date("2026-03-17"), reason: DischargeReason::Hospital, ..first.clone() };
    bo.end_course(id, &first, "Færdigbehandlet", &[]).unwrap();
    let result = anna.end_course(id, &second, "Udskrevet til hospital", &[]);
    assert!(matches!(result, Err(StoreError::Changed(_))), "{result:?}");
    let closed = anna.find_case(id).unwrap().unwrap().progress.closed.unwrap();
    assert_eq!(closed, Reasoned { on: date("2026-03-16"), reason: "Færdigbehandlet".into() });
}

// ---------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------

fn draft(store: &mut Store, case_id: i64) -> Notification {
    let content = Content {
        duty: Duty::Professional,
        grounds: vec![Ground::SpecialSupport],
        children: Vec::new(),
        municipality: "Randers".into(),
        description: "Bekymring for barnets trivsel.".into(),
    };
    store.draft_notification(case_id, &NewDraft { on: date("2026-03-16"), content, corrects: None }).unwrap()
}

/// Anna records that the citizen was told while Bo discards the draft.
/// Either order is right (told, then discarded; or discarded, and the
/// telling refused as a change by someone else), never a database error
/// and never an accepted step missing afterwards.
fn two_steps_of_one_notification_at_once_are_kept_or_refused_as_changed(centre: &Centre) {
    fresh_centre(centre);
    let mut setup = centre.open("opsætning");
    const ROUNDS: usize = 30;
    let case_id = new_case(&mut setup);
    let drafts: Vec<Notification> = (0..ROUNDS).map(|_| draft(&mut setup, case_id)).collect();
    let inform = Transition::Inform { on: date("2026-03-16"), informed: Informed::Told { how: InformHow::Phone } };
    let discard = Transition::Discard { on: date("2026-03-16"), reason: "Oprettet ved en fejl".into() };
    for n in &drafts {
        assert!(check_transition(&inform, n).is_ok() && check_transition(&discard, n).is_ok());
    }
    let ids: Vec<i64> = drafts.iter().map(|n| n.id).collect();

    let ids_for_work = ids.clone();
    let results: Vec<Vec<Result<()>>> = at_once(centre, &["anna", "bo"], move |i, store| {
        let t = if i == 0 { &inform } else { &discard };
        ids_for_work.iter().map(|id| store.record_transition(*id, t).map(|_| ())).collect()
    });
    for (round, id) in ids.iter().enumerate() {
        let (told, discarded) = (&results[0][round], &results[1][round]);
        let n = setup.notification(*id).unwrap();
        for r in [told, discarded] {
            if let Err(e) = r {
                assert!(refused(e), "underretning {id}: {e:?}");
            }
        }
        assert_eq!(told.is_ok(), n.informed.is_some(), "underretning {id}: {told:?}");
        assert_eq!(discarded.is_ok(), n.discarded.is_some(), "underretning {id}: {discarded:?}");
    }
}

// ---------------------------------------------------------------------------
// Children
// ---------------------------------------------------------------------------

/// Anna records a child on a case Bo closed after her form was checked:
/// refused as a change by someone else, and no child is written.
fn a_child_on_a_case_a_colleague_just_closed_is_refused(centre: &Centre) {
    fresh_centre(centre);
    let mut anna = centre.open("anna");
    let mut bo = centre.open("bo");
    let id = new_case(&mut anna);
    let seen = anna.view_case(id).unwrap();
    let child = validate_child(
        &ChildInput { relation: ChildRelation::LivesAtHome, year: "2019".into(), name: String::new() },
        &seen,
        today(),
    )
    .unwrap();

    bo.record_step(id, &checked(StepKind::Close, "16.03.2026", &seen)).unwrap();
    let result = anna.add_child(id, &child, today());

    assert!(matches!(result, Err(StoreError::Changed(_))), "{result:?}");
    assert!(anna.children_of(id).unwrap().is_empty());
    assert_eq!(anna.find_case(id).unwrap().unwrap().children, seen.children);
}

// ---------------------------------------------------------------------------
// Durability
// ---------------------------------------------------------------------------

/// A saved record survives a power cut: the log is synced at every commit
/// (FULL), not only at checkpoints (NORMAL loses the last commits).
/// A file's own: the server's durability is its administrator's setting.
#[test]
fn a_file_syncs_its_log_at_every_commit() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("sagsbord.db"), "anna").unwrap();
    let level: i64 = store.sqlite().query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(level, 2, "FULL");
}

on_both_centres!(
    a_look_at_a_case_waits_for_a_write_longer_than_a_writes_wait,
    a_look_at_a_list_does_not_wait_for_a_colleagues_write,
    a_write_that_reads_first_commits_although_a_colleague_writes_at_the_same_moment,
    many_counsellors_opening_cases_at_once_are_never_told_the_database_is_locked,
    counsellors_opening_a_new_centre_at_the_same_moment_all_get_it,
    different_steps_saved_at_once_on_one_case_are_all_kept,
    a_step_on_a_case_a_colleague_just_closed_is_refused,
    the_same_step_saved_twice_at_once_is_kept_once,
    a_step_saved_while_a_colleague_ends_the_course_is_kept_or_refused_never_lost,
    a_course_ended_meanwhile_is_not_ended_again,
    two_steps_of_one_notification_at_once_are_kept_or_refused_as_changed,
    a_child_on_a_case_a_colleague_just_closed_is_refused,
);

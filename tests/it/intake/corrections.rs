//! Correcting a case after registration (issue 10 finding 2), in the
//! store with two people at once, on a file and on a centre of a
//! PostgreSQL server (`on_both_places!` at the end): its own fields
//! edited (parental consent given later), handed to another counsellor, a
//! step undone by a correcting event; each refused over a colleague's
//! change since the form opened, and carried through export and import.

use sagsbord::domain::access::ReceiverProblem;
use sagsbord::domain::intake::{
    Case, CaseEditInput, ChildrenAnswer, ContactKind, StepInput, StepKind, StepProblem, Substance, UndoProblem,
    parse_step, validate_contact, validate_edit,
};
use sagsbord::domain::policy::Profile;
use sagsbord::store::exchange::{self, ExportFile};
use sagsbord::store::{NewUser, Refusal, Role, Store, StoreError};

use crate::common::place::{Place, on_both_places};
use crate::common::{conflict_of, contact_input, date, trail};

const TODAY: &str = "2026-03-12";
/// Born 10 March 2010: 16 on the contact day (an invented number).
const CPR_16: &str = "100310-4008";

fn today() -> chrono::NaiveDate {
    date(TODAY)
}

fn national() -> Profile {
    Profile::built_in("national").unwrap()
}

/// The centre with the team leader `lea`, the counsellors anna, bo and
/// carl, the anonymous-team counsellor dora and the administrator adm.
fn centre(place: &Place) -> &Place {
    for (name, role, anonymous_team) in [
        ("lea", Role::TeamLeader, false),
        ("anna", Role::Counsellor, false),
        ("bo", Role::Counsellor, false),
        ("carl", Role::Counsellor, false),
        ("dora", Role::Counsellor, true),
        ("adm", Role::Administrator, false),
    ] {
        place.open_user(&NewUser { name: name.into(), full_name: String::new(), role, anonymous_team });
    }
    place
}

/// `name`'s program, one of the users `centre` made.
fn as_user(place: &Place, name: &str) -> Store {
    place.open(name)
}

/// The one audit row of `action`: who wrote it, and its detail.
fn audited(store: &Store, action: &str) -> (i64, String, String) {
    let mut rows = trail(store).into_iter().filter(|e| e.action == action);
    let row = rows.next().unwrap_or_else(|| panic!("no audit row of {action}"));
    assert!(rows.next().is_none(), "one audit row of {action}");
    (row.id, row.actor, row.detail)
}

/// anna's own adult case, registered on 10 March.
fn register(store: &mut Store, input: sagsbord::domain::intake::ContactInput) -> Case {
    let contact = validate_contact(&input, &national().intake, "Randers", today()).unwrap();
    let id = store.register_contact(&contact).unwrap();
    store.find_case(id).unwrap().unwrap()
}

fn young_waiting_for_consent(store: &mut Store) -> Case {
    let mut input = contact_input();
    input.kind = ContactKind::Young;
    input.cpr = CPR_16.into();
    input.name = "Ung Prøvesen".into();
    input.parental_consent = Some(false);
    register(store, input)
}

fn step(store: &mut Store, case_id: i64, kind: StepKind, on: &str) -> Result<Case, String> {
    let case = store.find_case(case_id).unwrap().unwrap();
    let input = StepInput { kind, date: on.into(), reason: String::new(), wanted: true, closing_reason: None };
    let step = parse_step(&input, &case, today()).map_err(|p| format!("{p:?}"))?;
    store.record_step(case_id, &step).map_err(|e| e.to_string())
}

fn edit(case: &Case, f: impl FnOnce(&mut CaseEditInput)) -> sagsbord::domain::intake::CaseEdit {
    let mut input = CaseEditInput::of(case);
    f(&mut input);
    validate_edit(case, &input, &national().intake, "Randers", today()).unwrap()
}

fn event_kinds(store: &Store, case_id: i64) -> Vec<String> {
    store.case_events(case_id).unwrap().into_iter().map(|e| e.kind).collect()
}

fn a_sixteen_year_olds_consent_given_later_lets_treatment_start_and_keeps_its_day(place: &Place) {
    let place = centre(place);
    let mut anna = as_user(place, "anna");
    let case = young_waiting_for_consent(&mut anna);
    assert_eq!(
        step(&mut anna, case.id, StepKind::StartTreatment, "12.03.2026"),
        Err(format!("{:?}", vec![(sagsbord::domain::intake::StepField::Date, StepProblem::NeedsParentalConsent)]))
    );
    let opened = anna.opened().unwrap();
    let given = edit(&case, |i| {
        i.parental_consent = Some(true);
        i.consent_on = "11.03.2026".into();
    });
    let saved = anna.edit_case(&given, today(), opened).unwrap();
    assert_eq!(saved.parental_consent, Some(true));
    let events = anna.case_events(case.id).unwrap();
    let consent = events.iter().find(|e| e.kind == "parental_consent").expect("the consent's own event");
    assert_eq!(consent.on, date("2026-03-11"));
    assert_eq!(consent.actor, "anna");
    let edited = events.iter().find(|e| e.kind == "edited").unwrap();
    assert_eq!(edited.reason.as_deref(), Some("parental_consent"));
    // The rule that waited for the consent now lets treatment start.
    let started = step(&mut anna, case.id, StepKind::StartTreatment, "12.03.2026").unwrap();
    assert_eq!(started.progress.treatment_started_on, Some(today()));
    // Read back from the file by someone else.
    assert_eq!(as_user(place, "lea").find_case(case.id).unwrap().unwrap().parental_consent, Some(true));
}

fn an_edit_changes_only_what_it_names_and_the_trail_keeps_before_and_after(place: &Place) {
    let place = centre(place);
    let mut anna = as_user(place, "anna");
    let case = register(&mut anna, contact_input());
    let opened = anna.opened().unwrap();
    let e = edit(&case, |i| {
        i.substances = vec![Substance::Amphetamine];
        i.note = "Ringede selv. Rettet: amfetamin, ikke kokain.".into();
        i.children = ChildrenAnswer::NoChildren;
    });
    let saved = anna.edit_case(&e, today(), opened).unwrap();
    assert_eq!(saved.substances, vec![Substance::Amphetamine]);
    assert_eq!(saved.children, ChildrenAnswer::NoChildren);
    assert_eq!(saved.counsellor, case.counsellor);
    assert_eq!(saved.contact_at, case.contact_at);
    let (audit_id, actor, detail) = audited(&anna, "edit_case");
    assert_eq!((actor.as_str(), detail.as_str()), ("anna", "substances,children,note"));
    let changes: Vec<(String, Option<String>, Option<String>)> =
        anna.audit_changes(audit_id).unwrap().into_iter().map(|c| (c.table, c.old, c.new)).collect();
    let note_change =
        changes.iter().find(|(t, old, _)| t == "cases" && old.as_deref().is_some_and(|o| o.contains("note")));
    let (_, old, new) = note_change.expect("the case row's change");
    assert!(old.as_deref().unwrap().contains("Ringede selv.") && new.as_deref().unwrap().contains("amfetamin"));
    assert!(
        changes.iter().any(|(t, old, new)| t == "case_substances" && old.is_some() && new.is_none()),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(|(t, old, new)| t == "case_substances" && old.is_none() && new.is_some()),
        "{changes:?}"
    );
}

fn an_edit_saved_over_a_colleagues_step_is_refused_with_their_name_and_writes_nothing(place: &Place) {
    let place = centre(place);
    let mut anna = as_user(place, "anna");
    let case = register(&mut anna, contact_input());
    let mut lea = as_user(place, "lea");
    // anna opens the form; the team leader books the visitation meanwhile.
    let opened = anna.opened().unwrap();
    let draft = edit(&case, |i| i.note = "Anna retter noten".into());
    step(&mut lea, case.id, StepKind::BookVisitation, "13.03.2026").unwrap();
    let (conflict, said) = conflict_of(anna.edit_case(&draft, today(), opened));
    assert_eq!(conflict.change.as_ref().map(|c| c.actor.as_str()), Some("lea"));
    assert!(said.contains("lea") && said.contains("Intet er gemt"), "{said}");
    let stored = lea.find_case(case.id).unwrap().unwrap();
    assert_eq!(stored.note, case.note);
    assert!(!event_kinds(&lea, case.id).contains(&"edited".to_string()));
}

fn a_colleagues_edit_of_the_substances_alone_is_not_written_over(place: &Place) {
    let place = centre(place);
    let mut anna = as_user(place, "anna");
    let case = register(&mut anna, contact_input());
    let mut lea = as_user(place, "lea");
    let opened = anna.opened().unwrap();
    let lea_opened = lea.opened().unwrap();
    lea.edit_case(&edit(&case, |i| i.substances = vec![Substance::Opioids]), today(), lea_opened).unwrap();
    let (conflict, _) = conflict_of(anna.edit_case(&edit(&case, |i| i.note = "x".into()), today(), opened));
    assert_eq!(conflict.change.map(|c| c.actor), Some("lea".into()));
    assert_eq!(lea.find_case(case.id).unwrap().unwrap().substances, vec![Substance::Opioids]);
}

fn a_case_is_handed_over_by_its_counsellor_or_a_team_leader_and_the_history_shows_it(place: &Place) {
    let place = centre(place);
    let mut anna = as_user(place, "anna");
    let case = register(&mut anna, contact_input());
    // Shared with bo: he may write it, but not give it away.
    let mut lea = as_user(place, "lea");
    lea.share_case(case.id, "bo").unwrap();
    let mut bo = as_user(place, "bo");
    let opened = bo.opened().unwrap();
    assert!(matches!(
        bo.reassign_case(case.id, "bo", today(), opened),
        Err(StoreError::Refused(Refusal::OwnCounsellorOrTeamLeader))
    ));
    let mut carl = as_user(place, "carl");
    let opened = carl.opened().unwrap();
    assert!(matches!(
        carl.reassign_case(case.id, "carl", today(), opened),
        Err(StoreError::Refused(Refusal::NotYourCase))
    ));
    // Who cannot take it is named with the reason.
    let opened = anna.opened().unwrap();
    for (to, why) in [
        ("adm", ReceiverProblem::HoldsNoCases),
        ("nobody", ReceiverProblem::NotAUser),
        ("anna", ReceiverProblem::AlreadyTheirs),
    ] {
        match anna.reassign_case(case.id, to, today(), opened) {
            Err(StoreError::Receiver(p, name)) => assert_eq!((p, name.as_str()), (why, to)),
            other => panic!("{to}: {other:?}"),
        }
    }
    // anna hands it to bo: his own now, no longer a share, and anna's writes stop.
    let saved = anna.reassign_case(case.id, "bo", today(), opened).unwrap();
    assert_eq!(saved.counsellor, "bo");
    assert_eq!(anna.shared_with(case.id).unwrap(), Vec::<String>::new());
    let handed = anna.case_events(case.id).unwrap().into_iter().find(|e| e.kind == "reassigned").unwrap();
    assert_eq!((handed.actor.as_str(), handed.counsellor.as_deref()), ("anna", Some("bo")));
    assert!(matches!(
        step(&mut anna, case.id, StepKind::BookVisitation, "13.03.2026"),
        Err(e) if e.contains("ikke tilladt")
    ));
    assert_eq!(audited(&anna, "reassign_case").2, "anna → bo");
    // The team leader may hand anyone's case on.
    let opened = lea.opened().unwrap();
    assert_eq!(lea.reassign_case(case.id, "carl", today(), opened).unwrap().counsellor, "carl");
}

fn an_anonymous_case_goes_to_the_anonymous_team_only(place: &Place) {
    let place = centre(place);
    let mut dora = as_user(place, "dora");
    let mut input = contact_input();
    input.kind = ContactKind::Anonymous;
    input.name.clear();
    input.cpr.clear();
    input.pseudonym = "Ravn".into();
    input.counsellor = "dora".into();
    let case = register(&mut dora, input);
    let opened = dora.opened().unwrap();
    assert!(matches!(
        dora.reassign_case(case.id, "anna", today(), opened),
        Err(StoreError::Receiver(ReceiverProblem::NotOnAnonymousTeam, _))
    ));
    let holders: Vec<String> = dora.case_holders(true).unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(holders, vec!["dora"]);
}

fn a_wrong_visitation_is_undone_by_a_correcting_event_and_both_stay_in_the_history(place: &Place) {
    let place = centre(place);
    let mut anna = as_user(place, "anna");
    let case = register(&mut anna, contact_input());
    step(&mut anna, case.id, StepKind::BookVisitation, "13.03.2026").unwrap();
    // Booked again for 2030: a typo.
    step(&mut anna, case.id, StepKind::BookVisitation, "13.03.2030").unwrap();
    let (history, _) = anna.undo_facts(case.id).unwrap();
    let first = history[0].event_id;
    let wrong = history[1].event_id;
    let opened = anna.opened().unwrap();
    assert!(matches!(
        anna.undo_step(case.id, wrong, "  ", today(), opened),
        Err(StoreError::Undo(UndoProblem::ReasonRequired))
    ));
    assert!(matches!(
        anna.undo_step(case.id, first, "forkert", today(), opened),
        Err(StoreError::Undo(UndoProblem::NotTheLast { last: StepKind::BookVisitation, .. }))
    ));
    let saved = anna.undo_step(case.id, wrong, "Tastefejl: 2030 for 2026", today(), opened).unwrap();
    // The earlier booking stands again.
    assert_eq!(saved.progress.visitation_on, Some(date("2026-03-13")));
    let events = anna.case_events(case.id).unwrap();
    assert_eq!(event_kinds(&anna, case.id), vec!["registered", "book_visitation", "book_visitation", "undone"]);
    let undone = events.last().unwrap();
    assert_eq!((undone.undoes, undone.reason.as_deref()), (Some(wrong), Some("Tastefejl: 2030 for 2026")));
    // Undone again and again reaches the first one; then nothing stands.
    let opened = anna.opened().unwrap();
    let back = anna.undo_step(case.id, first, "Samtalen er ikke aftalt", today(), opened).unwrap();
    assert_eq!(back.progress.visitation_on, None);
    let opened = anna.opened().unwrap();
    assert!(matches!(
        anna.undo_step(case.id, wrong, "igen", today(), opened),
        Err(StoreError::Undo(UndoProblem::AlreadyUndone))
    ));
}

fn an_undo_saved_over_a_colleagues_step_is_refused_and_writes_nothing(place: &Place) {
    let place = centre(place);
    let mut anna = as_user(place, "anna");
    let case = register(&mut anna, contact_input());
    step(&mut anna, case.id, StepKind::StartAssessment, "11.03.2026").unwrap();
    let (history, _) = anna.undo_facts(case.id).unwrap();
    let opened = anna.opened().unwrap();
    let mut lea = as_user(place, "lea");
    step(&mut lea, case.id, StepKind::OfferDoctor, "12.03.2026").unwrap();
    let (conflict, said) = conflict_of(anna.undo_step(case.id, history[0].event_id, "forkert", today(), opened));
    assert_eq!(conflict.change.map(|c| c.actor), Some("lea".into()));
    assert!(said.contains("lea"), "{said}");
    assert_eq!(lea.find_case(case.id).unwrap().unwrap().progress.consent_on, Some(date("2026-03-11")));
    assert!(!event_kinds(&lea, case.id).contains(&"undone".to_string()));
}

fn treatment_undone_takes_back_the_consent_it_recorded(place: &Place) {
    let place = centre(place);
    let mut anna = as_user(place, "anna");
    let case = register(&mut anna, contact_input());
    step(&mut anna, case.id, StepKind::StartTreatment, "12.03.2026").unwrap();
    let (history, course) = anna.undo_facts(case.id).unwrap();
    assert!(!course);
    let opened = anna.opened().unwrap();
    let saved = anna.undo_step(case.id, history[0].event_id, "Forkert sag", today(), opened).unwrap();
    assert_eq!(saved.progress, case.progress);
}

/// Export, import into an empty centre of the same kind, export again.
fn round_trip(place: &Place) -> (ExportFile, ExportFile) {
    let first = as_user(place, "lea").export().unwrap();
    let empty = place.again();
    let mut fresh_store = empty.open("lea");
    fresh_store.import(&first).unwrap();
    let second = fresh_store.export().unwrap();
    (first, second)
}

fn corrections_round_trip_through_export_and_import(place: &Place) {
    let place = centre(place);
    let mut anna = as_user(place, "anna");
    let young = young_waiting_for_consent(&mut anna);
    let opened = anna.opened().unwrap();
    let given = edit(&young, |i| {
        i.parental_consent = Some(true);
        i.consent_on = "11.03.2026".into();
        i.note = "Samtykke modtaget pr. brev".into();
    });
    anna.edit_case(&given, today(), opened).unwrap();
    let adult = register(&mut anna, contact_input_other());
    step(&mut anna, adult.id, StepKind::BookVisitation, "13.03.2030").unwrap();
    let (history, _) = anna.undo_facts(adult.id).unwrap();
    let opened = anna.opened().unwrap();
    anna.undo_step(adult.id, history[0].event_id, "Forkert år", today(), opened).unwrap();
    let opened = anna.opened().unwrap();
    anna.reassign_case(adult.id, "bo", today(), opened).unwrap();
    let (first, second) = round_trip(place);
    assert_eq!(exchange::to_text(&first), exchange::to_text(&second));
    let text = exchange::to_text(&first);
    for kind in
        ["\"edited\"", "\"parental_consent\"", "\"undone\"", "\"reassigned\"", "\"undoes\"", "\"counsellor\": \"bo\""]
    {
        assert!(text.contains(kind), "{kind} missing from the export");
    }
}

/// A second adult (another invented CPR number).
fn contact_input_other() -> sagsbord::domain::intake::ContactInput {
    let mut input = contact_input();
    input.name = "Ole Prøvesen".into();
    input.cpr = "020285-1231".into();
    input
}

/// The file of one case with two bookings, the second undone, exported
/// from `place`.
fn file_with_an_undo(place: &Place) -> ExportFile {
    let place = centre(place);
    let mut anna = as_user(place, "anna");
    let case = register(&mut anna, contact_input());
    step(&mut anna, case.id, StepKind::BookVisitation, "13.03.2026").unwrap();
    step(&mut anna, case.id, StepKind::BookVisitation, "13.03.2030").unwrap();
    let (history, _) = anna.undo_facts(case.id).unwrap();
    let opened = anna.opened().unwrap();
    anna.undo_step(case.id, history[1].event_id, "Forkert år", today(), opened).unwrap();
    as_user(place, "lea").export().unwrap()
}

/// Why an empty centre of `place`'s kind refuses `file`.
fn import_error(place: &Place, file: &ExportFile) -> String {
    let empty = place.again();
    let mut store = empty.open("lea");
    match store.import(file) {
        Err(StoreError::Import { at, problem }) => {
            format!("{at}: {}", sagsbord::text::exchange::import_problem(&problem))
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn the_import_replays_an_undo_through_the_domains_rule(place: &Place) {
    let file = file_with_an_undo(place);
    let undone = file.case_events.iter().position(|e| e.kind == "undone").unwrap();
    let first_booking = file.case_events.iter().find(|e| e.kind == "book_visitation").unwrap().id;
    // Pointing at the earlier booking: not the last that stood.
    let mut earlier = file.clone();
    earlier.case_events[undone].undoes = Some(first_booking);
    let said = import_error(place, &earlier);
    assert!(said.starts_with(&format!("case_events[{undone}].undoes: Kun det seneste trin")), "{said}");
    // Without a reason.
    let mut silent = file.clone();
    silent.case_events[undone].reason = None;
    assert!(import_error(place, &silent).starts_with(&format!("case_events[{undone}].reason")));
    // The case still holding the undone booking.
    let mut stale = file.clone();
    stale.cases[0].visitation_on = Some(date("2030-03-13"));
    let said = import_error(place, &stale);
    assert!(said.starts_with("cases[0]: sagens felter passer ikke"), "{said}");
    // A handover to someone other than the case's counsellor.
    let mut handed = file.clone();
    let mut event = handed.case_events[undone].clone();
    event.id += 1;
    event.kind = "reassigned".into();
    event.undoes = None;
    event.reason = None;
    event.counsellor = Some("bo".into());
    handed.case_events.push(event);
    let at = handed.case_events.len() - 1;
    assert!(import_error(place, &handed).starts_with(&format!("case_events[{at}].counsellor")));
    // Consent given later on an adult's case.
    let mut adult = file.clone();
    let mut event = adult.case_events[undone].clone();
    event.id += 1;
    event.kind = "parental_consent".into();
    event.undoes = None;
    event.reason = None;
    adult.case_events.push(event);
    let at = adult.case_events.len() - 1;
    assert!(import_error(place, &adult).starts_with(&format!("case_events[{at}].kind")));
    // And the file as written imports.
    let empty = place.again();
    empty.open("lea").import(&file).unwrap();
}

on_both_places!(
    a_sixteen_year_olds_consent_given_later_lets_treatment_start_and_keeps_its_day,
    an_edit_changes_only_what_it_names_and_the_trail_keeps_before_and_after,
    an_edit_saved_over_a_colleagues_step_is_refused_with_their_name_and_writes_nothing,
    a_colleagues_edit_of_the_substances_alone_is_not_written_over,
    a_case_is_handed_over_by_its_counsellor_or_a_team_leader_and_the_history_shows_it,
    an_anonymous_case_goes_to_the_anonymous_team_only,
    a_wrong_visitation_is_undone_by_a_correcting_event_and_both_stay_in_the_history,
    an_undo_saved_over_a_colleagues_step_is_refused_and_writes_nothing,
    treatment_undone_takes_back_the_consent_it_recorded,
    corrections_round_trip_through_export_and_import,
    the_import_replays_an_undo_through_the_domains_rule,
);

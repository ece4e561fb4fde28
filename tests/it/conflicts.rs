//! A form opened by one counsellor, a colleague's save on the same record
//! from another connection to the same file, then the first one's Enter:
//! the form stays open with the draft as typed, the status line and the
//! form say who changed what, and nothing is written. One test per form
//! family, on the demo centre, through the real keymap (TestBackend); each
//! on a file and on a centre of a PostgreSQL server.

use crossterm::event::KeyCode;

use sagsbord::app::App;
use sagsbord::app::form::FieldName;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::dates::format_date_dk;
use sagsbord::domain::group::move_cards::Attendance;
use sagsbord::domain::group::roll_call::RollEntry;
use sagsbord::domain::intake::{ClosingReason, StepInput, StepKind, parse_step};
use sagsbord::domain::notification::{ChildField, ChildInput, ChildRelation, NewDraft, validate_child};
use sagsbord::domain::plan::{
    DischargeReason, EndingField, EndingInput, NewVersion, PlanField, parse_ending, scheduled_calls,
};
use sagsbord::domain::stay::{OwnPaymentField, ProviderField, StayStepInput, StayStepKind, parse_stay_step};
use sagsbord::panes::groups::GroupsScreen;
use sagsbord::store::Store;
use sagsbord::text::notifications::relation;

use crate::common::place::Place;
use crate::common::sample;
use crate::common::screen::{groups, intake, keys, plans, press, screen, stays};

/// The demo centre on a file or on the server.
fn demo(place: Place) -> Place {
    place.seeded(&sample())
}

/// The demo centre; Anna's workbench on the pane of `key`, and Bo's own
/// connection to the same centre. Both are team leaders, so both may
/// write every case: the conflict, not a refusal, is what is tested.
fn anna_and_bo(place: &Place, key: &str) -> (App, Store) {
    let anna = place.open("anna");
    let mut app = App::new(anna, sample().sample_today.unwrap(), Keymap::built_in()).unwrap();
    keys(&mut app, key);
    (app, place.open("bo"))
}

/// The form is still open with `draft` in it, and the form and the status
/// line name Bo's change.
fn kept_and_told(app: &App, draft: &str) {
    let s = screen(app);
    assert!(app.form().is_some(), "the form stays open:\n{s}");
    assert!(s.contains(draft), "the draft is kept:\n{s}");
    let status = app.shell.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("kladden er bevaret") && status.contains("ændret imens af bo "), "{status}");
    assert!(status.ends_with("Intet er gemt."), "{status}");
    let banner = app.form().unwrap().banner.clone().unwrap_or_default();
    assert_eq!(banner, status);
}

fn indtag_a_step_on_a_case_a_colleague_closed_meanwhile(place: &Place) {
    let (mut app, mut bo) = anna_and_bo(place, "1");
    press(&mut app, KeyCode::Enter);
    let case = intake(&app).case().unwrap().case.clone();
    let events = bo.case_events(case.id).unwrap().len();
    keys(&mut app, "x"); // close the case: the day, the reason ("Andet", last), its text
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "Annas begrundelse");
    let close = StepInput {
        kind: StepKind::Close,
        date: "16.03.2026".into(),
        reason: String::new(),
        wanted: true,
        closing_reason: Some(ClosingReason::Moved),
    };
    bo.record_step(case.id, &parse_step(&close, &case, app.shell.today).unwrap()).unwrap();

    press(&mut app, KeyCode::Enter);

    kept_and_told(&app, "Annas begrundelse");
    let status = &app.shell.status.as_ref().unwrap().text;
    assert!(status.contains("afsluttet: – → 16.03.2026") && status.contains("Henvendelsen er afsluttet."), "{status}");
    assert_eq!(bo.case_events(case.id).unwrap().len(), events + 1, "only Bo's step is written");
}

fn dogn_a_step_a_colleague_took_meanwhile(place: &Place) {
    let (mut app, mut bo) = anna_and_bo(place, "4");
    // Stay 11 waits for the committee; Anna opens the refusal.
    let row = bo.view_stay(11).unwrap();
    press(&mut app, KeyCode::Home);
    while !screen(&app).lines().any(|l| l.contains('›') && l.contains(&format!(" {} ", row.stay.case_id))) {
        press(&mut app, KeyCode::Down);
    }
    keys(&mut app, "a");
    let input = StayStepInput {
        kind: Some(StayStepKind::Approve),
        date: "17.03.2026".into(),
        by: "Visitationsudvalget".into(),
        ..StayStepInput::default()
    };
    bo.record_stay_step(11, &parse_stay_step(&input, &row.stay, app.shell.today).unwrap()).unwrap();

    press(&mut app, KeyCode::Enter);

    kept_and_told(&app, "Visitationsudvalget");
    let status = &app.shell.status.as_ref().unwrap().text;
    assert!(status.contains("Allerede bevilget den 17.03.2026."), "{status}");
    assert!(!status.contains("AlreadyDecided"), "{status}");
}

fn underretninger_a_draft_a_colleague_edited_meanwhile(place: &Place) {
    let (mut app, mut bo) = anna_and_bo(place, "5");
    let draft = (1..100)
        .filter_map(|id| bo.notification(id).ok())
        .find(|n| !n.is_sent() && n.discarded.is_none())
        .expect("the demo centre has a draft");
    press(&mut app, KeyCode::Home);
    for _ in 0..50 {
        if screen(&app).lines().any(|l| l.contains('›') && l.contains(&format!(" {} ", draft.case_id))) {
            break;
        }
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "e");
    assert!(app.form().is_some(), "{}", screen(&app));
    bo.edit_draft(
        draft.id,
        &NewDraft {
            on: draft.drafted.on,
            content: sagsbord::domain::notification::Content {
                description: "Bos nye beskrivelse".into(),
                ..draft.content.clone()
            },
            corrects: None,
        },
        bo.opened().unwrap(),
    )
    .unwrap();

    press(&mut app, KeyCode::Enter);

    kept_and_told(&app, &draft.content.description.chars().take(20).collect::<String>());
    let status = &app.shell.status.as_ref().unwrap().text;
    assert!(status.contains("beskrivelse: «") && status.contains("Bos nye beskrivelse"), "{status}");
    assert_eq!(bo.notification(draft.id).unwrap().content.description, "Bos nye beskrivelse");
}

/// The form is still open with `draft` in it, and the form and the status
/// line say `says` (Planer's own words for a colleague's revision or
/// ending, which name them and keep the draft).
fn kept_and_said(app: &App, draft: &str, says: &str) {
    let s = screen(app);
    assert!(app.form().is_some(), "the form stays open:\n{s}");
    assert!(s.contains(draft), "the draft is kept:\n{s}");
    let status = status(app);
    assert!(status.starts_with(says) && status.contains("Din kladde er bevaret"), "{status}");
    assert_eq!(app.form().unwrap().banner.clone().unwrap_or_default(), status);
}

/// Tabs to the form field `id` (through the keymap, like a user).
fn focus(app: &mut App, id: impl FieldName) {
    for _ in 0..40 {
        if app.form().unwrap().focused().unwrap().id.is(id) {
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("no field {id:?}");
}

/// Empties the focused text field and types `text` in it.
fn retype(app: &mut App, text: &str) {
    press(app, KeyCode::End);
    for _ in 0..400 {
        press(app, KeyCode::Backspace);
    }
    keys(app, text);
}

/// The status line's text.
fn status(app: &App) -> String {
    app.shell.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

fn dogn_a_provider_a_colleague_changed_meanwhile(place: &Place) {
    let (mut app, mut bo) = anna_and_bo(place, "4");
    keys(&mut app, "l");
    press(&mut app, KeyCode::Home);
    let provider = stays(&app).selected_provider().unwrap().clone();
    keys(&mut app, "e");
    focus(&mut app, ProviderField::Contact);
    retype(&mut app, "Annas kontakt 11 22 33 44");
    let mut bos = provider.clone();
    bos.contact = "Bos kontakt".into();
    bo.update_provider(provider.id, &bos, bo.opened().unwrap()).unwrap();

    press(&mut app, KeyCode::Enter);

    kept_and_told(&app, "Annas kontakt 11 22 33 44");
    let status = status(&app);
    assert!(status.contains("(leverandøren ændret): kontakt: «"), "{status}");
    assert!(status.contains(&format!("Leverandør {} er ændret, siden du åbnede formularen.", provider.id)), "{status}");
    assert_eq!(bo.providers().unwrap().iter().find(|p| p.id == provider.id).unwrap().contact, "Bos kontakt");
}

fn dogn_an_own_payment_a_colleague_saved_meanwhile(place: &Place) {
    let (mut app, mut bo) = anna_and_bo(place, "4");
    // Stay 10 has an own payment: Anna opens the calculator on it.
    let stay = bo.view_stay(10).unwrap().stay;
    press(&mut app, KeyCode::Home);
    for _ in 0..30 {
        if stays(&app).selected_line().is_some_and(|l| l.row.stay.id == 10) {
            break;
        }
        press(&mut app, KeyCode::Down);
    }
    keys(&mut app, "p");
    focus(&mut app, OwnPaymentField::MonthlyIncome);
    retype(&mut app, "12.345");
    press(&mut app, KeyCode::Enter); // the result, shown before it is saved
    assert!(app.form().is_some(), "{}", screen(&app));
    let mut bos = stay.own_payment.clone().unwrap();
    bos.told_on = Some(app.shell.today);
    bo.save_own_payment(10, &bos, app.shell.today, bo.opened().unwrap()).unwrap();
    let events = bo.stay_events(10).unwrap().len();

    press(&mut app, KeyCode::Enter);

    kept_and_told(&app, "12.345");
    let status = status(&app);
    assert!(status.contains("(egenbetaling gemt)"), "{status}");
    assert!(status.contains("Egenbetalingen for ophold 10 er ændret, siden du åbnede formularen."), "{status}");
    assert_eq!(bo.stay_events(10).unwrap().len(), events, "nothing written");
    let stored = bo.all_stays().unwrap().into_iter().find(|s| s.id == 10).unwrap();
    assert_eq!(stored.own_payment, Some(bos), "Bo's calculation stands");
}

/// Planer with the first course that has a plan selected: its case number.
fn course_with_plan(app: &mut App) -> i64 {
    press(app, KeyCode::Home);
    for _ in 0..40 {
        if let Some(e) = plans(app).selected_entry().filter(|e| e.course.latest.is_some()) {
            return e.course.case.id;
        }
        press(app, KeyCode::Down);
    }
    panic!("no course with a plan:\n{}", screen(app));
}

fn planer_a_revision_from_a_form_opened_before_a_colleagues_revision(place: &Place) {
    let (mut app, mut bo) = anna_and_bo(place, "2");
    let case_id = course_with_plan(&mut app);
    keys(&mut app, "r");
    focus(&mut app, PlanField::Changes);
    keys(&mut app, "Annas revision");
    let latest = bo.latest_plan_version(case_id).unwrap().unwrap();
    let today = app.shell.today;
    let bos = NewVersion {
        version: latest.version + 1,
        effective_on: today,
        next_revision_on: today + chrono::Days::new(30),
        goals: latest.goals.clone(),
        services: latest.services.clone(),
        methods: latest.methods.clone(),
        partners: latest.partners.clone(),
        action_plan: latest.action_plan,
        citizen_took_part: true,
        changes: "Bos revision".into(),
    };
    bo.add_plan_version(case_id, &bos).unwrap();

    press(&mut app, KeyCode::Enter);

    let theirs = latest.version + 1;
    let says = format!("Ikke gemt: bo reviderede planen imens (version {theirs}, {})", format_date_dk(today));
    kept_and_said(&app, "Annas revision", &says);
    let versions = bo.plan_versions(case_id).unwrap();
    assert_eq!(versions.last().map(|v| (v.version, v.changes.as_str())), Some((theirs, "Bos revision")));
}

fn planer_ending_a_course_a_colleague_ended_meanwhile(place: &Place) {
    let (mut app, mut bo) = anna_and_bo(place, "2");
    let case_id = course_with_plan(&mut app);
    keys(&mut app, "e");
    focus(&mut app, EndingField::Note);
    keys(&mut app, "Annas note om forløbet");
    let course = bo.course(case_id).unwrap();
    let today = app.shell.today;
    let input = EndingInput {
        date: format_date_dk(today),
        reason: DischargeReason::Completed,
        follow_up_declined: false,
        note: String::new(),
    };
    let ending = parse_ending(&input, &course.case, course.latest.as_ref(), today).unwrap();
    let calls = scheduled_calls(&ending, &app.shell.profile.follow_up);
    bo.end_course(case_id, &ending, "Færdigbehandlet", &calls).unwrap();

    press(&mut app, KeyCode::Enter);

    let says = format!("Ikke gemt: bo afsluttede forløbet imens ({}: Færdigbehandlet).", format_date_dk(today));
    kept_and_said(&app, "Annas note om forløbet", &says);
    let stored = bo.course_ending(case_id).unwrap().unwrap();
    assert_eq!((stored.actor.as_str(), stored.note.as_str()), ("bo", ""), "only Bo's ending is written");
}

fn underretninger_a_child_a_colleague_changed_meanwhile(place: &Place) {
    let (mut app, mut bo) = anna_and_bo(place, "5");
    // Case 4 has one child, born 2011, living at home.
    let child = bo.children_of(4).unwrap().into_iter().find(|c| c.ended.is_none()).unwrap();
    keys(&mut app, "/4");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Børn · sag 4"), "{}", screen(&app));
    keys(&mut app, "e");
    focus(&mut app, ChildField::Year);
    retype(&mut app, "2012");
    let case = bo.find_case(4).unwrap().unwrap();
    let input =
        ChildInput { relation: ChildRelation::SharedCustody, year: child.birth_year.to_string(), name: String::new() };
    let bos = validate_child(&input, &case, app.shell.today).unwrap();
    bo.change_child(child.id, &bos, bo.opened().unwrap()).unwrap();

    press(&mut app, KeyCode::Enter);

    kept_and_told(&app, "2012");
    let status = status(&app);
    let (home, shared) = (relation(ChildRelation::LivesAtHome), relation(ChildRelation::SharedCustody));
    assert!(status.contains(&format!("(barnet ændret): relation: «{home}» → «{shared}»")), "{status}");
    assert!(status.contains(&format!("Barn {} er ændret, siden du åbnede formularen.", child.id)), "{status}");
    let stored = bo.children_of(4).unwrap().into_iter().find(|c| c.id == child.id).unwrap();
    assert_eq!((stored.birth_year, stored.relation), (child.birth_year, ChildRelation::SharedCustody));
}

fn grupper_a_roll_call_a_colleague_saved_meanwhile(place: &Place) {
    let (mut app, mut bo) = anna_and_bo(place, "3");
    // Today's session of MOVE tirsdag (22) has no roll call yet.
    keys(&mut app, "r");
    assert_eq!(groups(&app).top(), GroupsScreen::RollCall, "{}", screen(&app));
    let session = groups(&app).roll_call().unwrap().data.session.id;
    let members = bo.roll_call(session).unwrap().lines;
    keys(&mut app, &"m".repeat(members.len()));
    let draft = groups(&app).roll_call().unwrap().marks.clone();
    assert!(draft.iter().all(|m| *m == Some(Attendance::Attended)), "{draft:?}");
    let bos: Vec<RollEntry> = members
        .iter()
        .map(|(m, _)| RollEntry { case_id: m.case_id, mark: Some(Attendance::NoShow), serial: None })
        .collect();
    let settings = app.shell.profile.move_cards.clone();
    bo.save_roll_call(session, &bos, app.shell.today, &settings, bo.opened().unwrap()).unwrap();

    press(&mut app, KeyCode::Enter);

    let roll = groups(&app).roll_call().expect("the roll call stays open");
    assert_eq!(roll.marks, draft, "the marks are kept");
    let status = status(&app);
    assert!(status.starts_with("Kunne ikke gemme; kladden er bevaret: ændret imens af bo "), "{status}");
    assert!(status.contains("(fremmøde registreret)"), "{status}");
    assert!(
        status.ends_with(&format!("Mødegang {session} er ændret, siden du åbnede formularen. Intet er gemt.")),
        "{status}"
    );
    assert!(screen(&app).contains("ændret imens af bo"), "the banner says it too:\n{}", screen(&app));
    let stored: Vec<_> = bo.roll_call(session).unwrap().lines.iter().map(|(m, _)| m.stored.map(|(_, a)| a)).collect();
    assert!(stored.iter().all(|m| *m == Some(Attendance::NoShow)), "only Bo's roll call is written: {stored:?}");
}

mod file {
    #[test]
    fn indtag_a_step_on_a_case_a_colleague_closed_meanwhile() {
        super::indtag_a_step_on_a_case_a_colleague_closed_meanwhile(&super::demo(super::Place::file()));
    }
    #[test]
    fn dogn_a_step_a_colleague_took_meanwhile() {
        super::dogn_a_step_a_colleague_took_meanwhile(&super::demo(super::Place::file()));
    }
    #[test]
    fn underretninger_a_draft_a_colleague_edited_meanwhile() {
        super::underretninger_a_draft_a_colleague_edited_meanwhile(&super::demo(super::Place::file()));
    }
    #[test]
    fn dogn_a_provider_a_colleague_changed_meanwhile() {
        super::dogn_a_provider_a_colleague_changed_meanwhile(&super::demo(super::Place::file()));
    }
    #[test]
    fn dogn_an_own_payment_a_colleague_saved_meanwhile() {
        super::dogn_an_own_payment_a_colleague_saved_meanwhile(&super::demo(super::Place::file()));
    }
    #[test]
    fn planer_a_revision_from_a_form_opened_before_a_colleagues_revision() {
        super::planer_a_revision_from_a_form_opened_before_a_colleagues_revision(&super::demo(super::Place::file()));
    }
    #[test]
    fn planer_ending_a_course_a_colleague_ended_meanwhile() {
        super::planer_ending_a_course_a_colleague_ended_meanwhile(&super::demo(super::Place::file()));
    }
    #[test]
    fn underretninger_a_child_a_colleague_changed_meanwhile() {
        super::underretninger_a_child_a_colleague_changed_meanwhile(&super::demo(super::Place::file()));
    }
    #[test]
    fn grupper_a_roll_call_a_colleague_saved_meanwhile() {
        super::grupper_a_roll_call_a_colleague_saved_meanwhile(&super::demo(super::Place::file()));
    }
}

mod server {
    #[test]
    fn indtag_a_step_on_a_case_a_colleague_closed_meanwhile() {
        super::indtag_a_step_on_a_case_a_colleague_closed_meanwhile(&super::demo(super::Place::server()));
    }
    #[test]
    fn dogn_a_step_a_colleague_took_meanwhile() {
        super::dogn_a_step_a_colleague_took_meanwhile(&super::demo(super::Place::server()));
    }
    #[test]
    fn underretninger_a_draft_a_colleague_edited_meanwhile() {
        super::underretninger_a_draft_a_colleague_edited_meanwhile(&super::demo(super::Place::server()));
    }
    #[test]
    fn dogn_a_provider_a_colleague_changed_meanwhile() {
        super::dogn_a_provider_a_colleague_changed_meanwhile(&super::demo(super::Place::server()));
    }
    #[test]
    fn dogn_an_own_payment_a_colleague_saved_meanwhile() {
        super::dogn_an_own_payment_a_colleague_saved_meanwhile(&super::demo(super::Place::server()));
    }
    #[test]
    fn planer_a_revision_from_a_form_opened_before_a_colleagues_revision() {
        super::planer_a_revision_from_a_form_opened_before_a_colleagues_revision(&super::demo(super::Place::server()));
    }
    #[test]
    fn planer_ending_a_course_a_colleague_ended_meanwhile() {
        super::planer_ending_a_course_a_colleague_ended_meanwhile(&super::demo(super::Place::server()));
    }
    #[test]
    fn underretninger_a_child_a_colleague_changed_meanwhile() {
        super::underretninger_a_child_a_colleague_changed_meanwhile(&super::demo(super::Place::server()));
    }
    #[test]
    fn grupper_a_roll_call_a_colleague_saved_meanwhile() {
        super::grupper_a_roll_call_a_colleague_saved_meanwhile(&super::demo(super::Place::server()));
    }
}

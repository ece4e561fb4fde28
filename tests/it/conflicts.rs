//! A form opened by one counsellor, a colleague's save on the same record
//! from another connection to the same file, then the first one's Enter:
//! the form stays open with the draft as typed, the status line and the
//! form say who changed what, and nothing is written. One test per form
//! family, on the demo centre, through the real keymap (TestBackend).

use crossterm::event::KeyCode;

use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::intake::{StepInput, StepKind, parse_step};
use sagsbord::domain::notification::NewDraft;
use sagsbord::domain::stay::{StayStepInput, StayStepKind, parse_stay_step};
use sagsbord::store::{Role, Store};
use tempfile::TempDir;

use crate::common::screen::{intake, keys, press, screen};
use crate::common::{fresh, open_as, sample};

/// The demo centre on a file; Anna's workbench on the pane of `key`, and
/// Bo's own connection to the same file. Both are team leaders, so both
/// may write every case: the conflict, not a refusal, is what is tested.
fn anna_and_bo(key: &str) -> (TempDir, App, Store) {
    let file = sample();
    let (dir, path, mut setup) = fresh("opsætning");
    setup.import(&file).unwrap();
    let anna = open_as(&path, "anna", Role::TeamLeader);
    let mut app = App::new(anna, file.sample_today.unwrap(), Keymap::built_in()).unwrap();
    keys(&mut app, key);
    (dir, app, open_as(&path, "bo", Role::TeamLeader))
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

#[test]
fn indtag_a_step_on_a_case_a_colleague_closed_meanwhile() {
    let (_dir, mut app, mut bo) = anna_and_bo("1");
    press(&mut app, KeyCode::Enter);
    let case = intake(&app).case().unwrap().case.clone();
    let events = bo.case_events(case.id).unwrap().len();
    keys(&mut app, "x"); // close the case: the day, then the reason
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "Annas begrundelse");
    let close = StepInput { kind: StepKind::Close, date: "16.03.2026".into(), reason: "Flyttet".into(), wanted: true };
    bo.record_step(case.id, &parse_step(&close, &case, app.shell.today).unwrap()).unwrap();

    press(&mut app, KeyCode::Enter);

    kept_and_told(&app, "Annas begrundelse");
    let status = &app.shell.status.as_ref().unwrap().text;
    assert!(status.contains("afsluttet: – → 16.03.2026") && status.contains("Henvendelsen er afsluttet."), "{status}");
    assert_eq!(bo.case_events(case.id).unwrap().len(), events + 1, "only Bo's step is written");
}

#[test]
fn dogn_a_step_a_colleague_took_meanwhile() {
    let (_dir, mut app, mut bo) = anna_and_bo("4");
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

#[test]
fn underretninger_a_draft_a_colleague_edited_meanwhile() {
    let (_dir, mut app, mut bo) = anna_and_bo("5");
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

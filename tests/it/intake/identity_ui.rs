//! One citizen, one identity, as the counsellor sees it (TestBackend): the
//! new-contact form's "same person?" step and the correction of a citizen
//! from the open case.

use crossterm::event::KeyCode;

use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::intake::{Channel, ChildrenAnswer, ContactInput, ContactKind, Substance, validate_contact};
use sagsbord::domain::policy::Profile;
use sagsbord::store::{Centre, Store};
use sagsbord::ui::Theme;

use crate::common::screen::{day, keys, press, render, screen, text_of};

const TODAY: &str = "2026-03-17";
const CPR: &str = "150390-1230";

/// A Randers centre with one case: Mads Overskredet, anna's, from 01.03.
fn app() -> App {
    let mut store = Store::open_in_memory("anna").unwrap();
    store
        .set_centre(&Centre {
            name: "Rusmiddelcenter Randers".into(),
            municipality: "Randers".into(),
            profile: "randers".into(),
            profile_path: None,
            profile_toml: None,
        })
        .unwrap();
    let input = ContactInput {
        kind: ContactKind::OwnUse,
        channel: Channel::Phone,
        date: "01.03.2026".into(),
        time: "09:00".into(),
        name: "Mads Overskredet".into(),
        cpr: CPR.into(),
        pseudonym: String::new(),
        home_municipality: "Randers".into(),
        counsellor: "anna".into(),
        substances: vec![Substance::Cannabis],
        children: ChildrenAnswer::NoChildren,
        parental_consent: None,
        note: String::new(),
    };
    let profile = Profile::built_in("randers").unwrap();
    let valid = validate_contact(&input, &profile.intake, "Randers", day(TODAY)).unwrap();
    store.register_contact(&valid).unwrap();
    App::new(store, day(TODAY), Keymap::built_in()).unwrap()
}

fn big(app: &App) -> String {
    text_of(&render(app, 120, 40, Theme::plain()))
}

fn names(app: &App) -> Vec<(i64, i64, String)> {
    let cases = app.shell.store.all_cases().unwrap();
    cases.into_iter().map(|c| (c.id, c.citizen_id, c.identity.display_name().to_string())).collect()
}

#[test]
fn a_known_cpr_shows_who_it_is_asks_if_it_is_the_same_person_and_never_renames_them() {
    let mut app = app();
    keys(&mut app, "n");
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "Mads Anden");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, CPR);
    // The unasked children question first (a warning), then who it is.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let s = big(&app);
    for expected in
        ["tilhører en kendt borger", "Mads Overskredet", "150390-XXXX", "sag 1", "rådgiver anna", "Samme person?"]
    {
        assert!(s.contains(expected), "{expected:?} missing:\n{s}");
    }
    assert!(!s.contains("150390-1230 tilhører"), "the number is masked:\n{s}");
    assert!(s.contains("afviger"), "the typed name differs, and the form says so:\n{s}");
    assert_eq!(names(&app).len(), 1, "nothing written before the answer");

    // Enter without an answer asks again.
    press(&mut app, KeyCode::Enter);
    assert!(big(&app).contains("Svar: er det samme person?"));
    assert_eq!(names(&app).len(), 1);

    // No: a CPR number belongs to one person; the draft is kept.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let s = big(&app);
    assert!(s.contains("Et CPR-nummer tilhører én person"), "{s}");
    assert!(s.contains("Mads Anden") && s.contains(CPR), "the draft is kept:\n{s}");
    assert_eq!(names(&app).len(), 1);

    // Yes: the case joins him, and he keeps his name.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", big(&app));
    let saved = names(&app);
    assert_eq!(saved.len(), 2);
    assert_eq!(saved[1].1, saved[0].1, "the same citizen");
    assert!(saved.iter().all(|(_, _, name)| name == "Mads Overskredet"), "{saved:?}");
    let s = screen(&app);
    assert!(s.contains("Sag 2 er registreret"), "{s}");
}

#[test]
fn the_open_case_corrects_its_citizen_with_i_and_says_how_many_cases_it_touched() {
    let mut app = app();
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("ret borger"), "the key line names it:\n{}", screen(&app));
    keys(&mut app, "i");
    let s = big(&app);
    assert!(s.contains("Ret borgeren · sag 1 · berører kun denne sag"), "{s}");
    assert!(s.contains("CPR (nu 150390-XXXX)") && !s.contains("150390-1230"), "never the whole number:\n{s}");
    for _ in 0.."Mads Overskredet".chars().count() {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "Mads Rettet");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", big(&app));
    assert_eq!(names(&app)[0].2, "Mads Rettet");
    let s = screen(&app);
    assert!(s.contains("Borgeren er rettet (1 sag)."), "{s}");
    assert!(s.contains("Mads Rettet"), "the open case shows the new name:\n{s}");

    // Nothing changed is said, and nothing written.
    keys(&mut app, "i");
    press(&mut app, KeyCode::Enter);
    assert!(big(&app).contains("Intet er ændret."));
}

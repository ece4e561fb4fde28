//! Each scenario imports through the real import, opens every pane with
//! rows, and carries the DEMO mark with its own day on every screen; the
//! reset brings the start back.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::app::{Action, App, DemoSession, keymap};
use crate::ui::{Theme, draw};

/// The scenario's demo as `sagsbord demo` starts it, for the trainer "leder".
fn started(scenario: &Scenario) -> App {
    let file = scenario.file().unwrap_or_else(|e| panic!("{}: {e}", scenario.name));
    let (store, dir) = open_fresh("leder", &file).unwrap_or_else(|e| panic!("{}: {e}", scenario.name));
    let today = today(&file, None);
    let mut app = App::new(store, today, keymap::load(None).0).unwrap();
    app.start_demo(DemoSession::new(file, today, dir));
    app
}

fn screen(app: &App, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app, &Theme::plain())).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>()).collect()
}

#[test]
fn each_scenario_is_found_by_its_name_and_has_its_own_profile_and_day() {
    let mut days = Vec::new();
    for s in &SCENARIOS {
        assert_eq!(scenario(s.name).map(|found| found.name), Some(s.name));
        let file = s.file().unwrap();
        assert_eq!(file.centre.profile, s.name, "a scenario is named by its profile");
        days.push(file.sample_today.expect("a scenario has its own today"));
    }
    days.sort();
    days.dedup();
    assert_eq!(days.len(), SCENARIOS.len(), "each scenario has a day of its own");
    assert!(scenario(DEFAULT).is_some());
    assert!(scenario("aarhus").is_none());
}

#[test]
fn each_scenario_opens_every_pane_with_rows_and_the_demo_mark_on_each() {
    for scenario in &SCENARIOS {
        let mut app = started(scenario);
        let day = crate::text::demo::long_date(app.shell.today);
        let mark = format!("DEMO · i dag er {day} i demoen");
        for pane in 0..app.panes.len() {
            app.go(pane);
            let name = format!("{} / {}", scenario.name, app.pane().title());
            assert_eq!(app.shell.status, None, "{name}: the pane loaded without a problem");
            if let Some((list, rows)) = app.pane().shown_list() {
                assert!(rows > 0, "{name}: the list {list} is empty");
            }
            let shown = screen(&app, 100, 30);
            assert!(shown[0].starts_with(&mark), "{name}: {:?}", shown[0]);
            // The pane's rows are drawn under the chrome.
            let drawn = shown[3..28].iter().filter(|l| l.trim().len() > 3).count();
            assert!(drawn > 3, "{name}:\n{}", shown.join("\n"));
        }
        app.update(Action::Help);
        assert!(screen(&app, 100, 30)[0].starts_with(&mark), "{}: the help", scenario.name);
    }
}

#[test]
fn the_demo_says_once_that_nothing_is_kept_and_how_to_start_again() {
    let app = started(&SCENARIOS[0]);
    let said = app.shell.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(said.contains("intet gemmes"), "{said}");
    assert!(said.contains("ctrl-r"), "{said}");
}

#[test]
fn each_scenario_shows_what_its_profile_does_differently() {
    let randers = SCENARIOS.iter().find(|s| s.name == "randers").unwrap().file().unwrap();
    assert!(!randers.move_courses.is_empty() && !randers.gift_card_ledger.is_empty());
    let faxe = scenario("faxe").unwrap().file().unwrap();
    assert!(faxe.move_courses.is_empty() && faxe.gift_card_ledger.is_empty(), "Faxe has no MOVE cards");
    assert!(faxe.cases.len() < randers.cases.len(), "a small centre");
    // Faxe's plan is due 14 days after the first contact: a case in
    // treatment without a plan shows it.
    assert!(
        faxe.cases.iter().any(|c| c.treatment_started_on.is_some()
            && c.closed.is_none()
            && !faxe.plan_versions.iter().any(|v| v.case_id == c.id)),
        "a Faxe course in treatment without its plan"
    );
    let rodovre = scenario("rodovre").unwrap().file().unwrap();
    let profile = crate::domain::policy::Profile::built_in("rodovre").unwrap();
    assert_eq!(profile.intake.youngest_age, Some(16));
    assert!(rodovre.cases.iter().any(|c| c.referred_young), "a young person under 16, referred");
    assert!(!rodovre.conversations.is_empty(), "counted conversations");
    // The clock from show-up and consent: contacts waiting for it.
    assert!(rodovre.cases.iter().any(|c| c.closed.is_none() && c.consent_on.is_none()));
    for file in [&faxe, &rodovre] {
        assert!(file.citizens.iter().all(|c| !randers.citizens.iter().any(|r| r.name.is_some() && r.name == c.name)));
    }
}

#[test]
fn the_reset_asks_first_and_then_brings_back_the_start() {
    let mut app = started(&SCENARIOS[1]);
    let users = |app: &App| app.shell.store.users().unwrap().len();
    let before = users(&app);
    app.shell
        .store
        .add_user(&crate::store::NewUser {
            name: "ny".into(),
            full_name: String::new(),
            role: crate::store::Role::Counsellor,
            anonymous_team: false,
        })
        .unwrap();
    app.update(Action::PanePlans);
    assert_eq!(users(&app), before + 1);
    // Asked, and any other key than yes leaves the demo as it is.
    app.update(Action::ResetDemo);
    assert!(app.demo.as_ref().unwrap().asked);
    app.handle_key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('n')));
    assert_eq!(users(&app), before + 1);
    assert!(!app.demo.as_ref().unwrap().asked);
    app.update(Action::ResetDemo);
    app.handle_key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('j')));
    assert_eq!(users(&app), before, "the change is gone");
    assert_eq!(app.current, 0, "back on the first pane");
    assert!(app.banner.as_deref().is_some_and(|b| b.starts_with("DEMO")));
    assert!(app.demo.is_some());
}

#[test]
fn the_reset_key_on_a_real_database_only_says_it_is_the_demos() {
    let store = Store::open_in_memory("anna").unwrap();
    let mut app = App::new(store, today(&SCENARIOS[0].file().unwrap(), None), keymap::load(None).0).unwrap();
    app.update(Action::ResetDemo);
    let said = app.shell.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(said.contains("Kun i demoen"), "{said}");
}

//! The UI rendered on ratatui's TestBackend, driven by key events through
//! the real keymap: what a counsellor sees, as text, and colours checked in
//! the buffer.

use crossterm::event::KeyCode;
use ratatui::style::Color;

use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::intake::{
    Channel, ChildrenAnswer, ContactInput, ContactKind, StepInput, StepKind, Substance, parse_step, validate_contact,
};
use sagsbord::domain::policy::Profile;
use sagsbord::store::{Centre, Store};
use sagsbord::ui::Theme;

use crate::common::screen::{assert_fg, assert_no_colour, day, intake, keys, press, render, screen, text_of};

const TODAY: &str = "2026-03-17";

/// Invented CPR numbers that pass modulus 11.
const CPR_A: &str = "150390-1230";
const CPR_B: &str = "020285-1231";

fn contact(name: &str, cpr: &str, date: &str, counsellor: &str) -> ContactInput {
    ContactInput {
        kind: ContactKind::OwnUse,
        channel: Channel::Phone,
        date: date.into(),
        time: "09:00".into(),
        name: name.into(),
        cpr: cpr.into(),
        pseudonym: String::new(),
        home_municipality: "Randers".into(),
        counsellor: counsellor.into(),
        substances: vec![Substance::Cannabis],
        children: ChildrenAnswer::NoChildren,
        parental_consent: None,
        note: String::new(),
    }
}

/// A Randers centre with three open cases: one overdue, one due in a
/// week, and a relative's contact without a guarantee.
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
    let profile = Profile::built_in("randers").unwrap();
    let today = day(TODAY);
    let mut relative = contact("Lise Pårørende", "", "16.03.2026", "bo");
    relative.kind = ContactKind::Relative;
    for input in [
        contact("Mads Overskredet", CPR_A, "01.03.2026", "anna"),
        contact("Sofie Senere", CPR_B, "10.03.2026", "bo"),
        relative,
    ] {
        let valid = validate_contact(&input, &profile.intake, "Randers", today).unwrap();
        store.register_contact(&valid).unwrap();
    }
    App::new(store, today, Keymap::built_in()).unwrap()
}

#[test]
fn the_intake_queue_at_80x24_snapshot() {
    let app = app();
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn overdue_comes_first_with_a_text_marker_and_its_deadline() {
    let app = app();
    let s = screen(&app);
    let overdue = s.lines().position(|l| l.contains("Mads Overskredet")).unwrap();
    let later = s.lines().position(|l| l.contains("Sofie Senere")).unwrap();
    let relative = s.lines().position(|l| l.contains("Lise Pårørende")).unwrap();
    assert!(overdue < later && later < relative, "{s}");
    let line = s.lines().nth(overdue).unwrap();
    assert!(line.contains("15.03.2026") && line.contains("-2") && line.contains("OVERSKREDET"), "{line}");
    assert!(s.lines().nth(relative).unwrap().contains("PÅRØRENDE"), "{s}");
}

#[test]
fn colour_repeats_the_marker_and_no_color_shows_none() {
    let app = app();
    let coloured = render(&app, 80, 24, Theme::coloured());
    assert_fg(&coloured, "OVERSKREDET", "15.03.2026", Color::Red);
    assert_no_colour(&render(&app, 80, 24, Theme::plain()));
}

#[test]
fn keys_one_to_six_and_tab_reach_the_panes() {
    let mut app = app();
    for (key, name) in
        [('2', "Planer"), ('3', "Grupper"), ('4', "Døgn"), ('5', "Underretninger"), ('6', "Rapporter"), ('1', "Indtag")]
    {
        press(&mut app, KeyCode::Char(key));
        assert_eq!(app.pane().title(), name);
        let s = screen(&app);
        assert!(s.lines().next().unwrap().contains(&format!("[{key} {name}]")), "{s}");
        match name {
            "Indtag" | "Planer" => {}
            "Underretninger" => assert!(s.contains("Underretninger · Rusmiddelcenter Randers"), "{s}"),
            "Døgn" => assert!(s.contains("Døgn · Rusmiddelcenter Randers"), "{s}"),
            "Grupper" => assert!(s.contains("Grupper · Rusmiddelcenter Randers"), "{s}"),
            _ => assert!(s.contains("Rapporter 2025") && s.contains("Startet i perioden"), "{s}"),
        }
    }
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.pane().title(), "Planer");
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.pane().title(), "Rapporter");
}

#[test]
fn help_lists_the_keys_of_the_current_pane_from_the_keymap() {
    let mut app = app();
    keys(&mut app, "?");
    let s = screen(&app);
    for expected in ["Ny henvendelse", "Behandling startet", "Kun mine sager", "Afslut sagsbord"] {
        assert!(s.contains(expected), "{expected} missing:\n{s}");
    }
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("Ny henvendelse"));
}

#[test]
fn help_names_the_keys_in_danish_as_the_keymap_file_names_them_in_english() {
    let mut app = app();
    keys(&mut app, "?");
    let s = text_of(&render(&app, 120, 40, Theme::plain()));
    for part in ["ned / j", "op / k", "side ned", "side op", "hjem / g", "slut / G", "skift-tab", "q / ctrl-c"] {
        assert!(s.contains(part), "{part:?} missing:\n{s}");
    }
    for english in ["down", "pgdown", "pgup", "home", "backtab"] {
        assert!(!s.contains(english), "{english:?} shown:\n{s}");
    }
}

#[test]
fn a_bad_cpr_is_named_at_its_field_the_draft_is_kept_and_nothing_is_written() {
    let mut app = app();
    keys(&mut app, "n");
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "Ny Borger");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "310290-1234");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Datoen 31.02.1990 findes ikke"), "{s}");
    assert!(s.contains("Ny Borger") && s.contains("310290-1234"), "the draft must be kept:\n{s}");
    assert!(s.contains("Ikke gemt"), "{s}");
    assert_eq!(intake(&app).queue.len(), 3);
    assert_eq!(app.shell.store.all_cases().unwrap().len(), 3, "nothing may be written");

    // Correct it in place and save.
    for _ in 0..11 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "120588-1235");
    press(&mut app, KeyCode::Enter);
    // The unasked children question is a warning: shown, then Enter saves.
    assert!(screen(&app).contains("Spørgsmålet om børn under 18 er ikke stillet"));
    assert_eq!(app.shell.store.all_cases().unwrap().len(), 3);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(app.form().is_none(), "{s}");
    assert!(s.contains("Ny Borger") && s.contains("Sag 4 er registreret"), "{s}");
}

#[test]
fn escape_discards_a_draft_without_writing() {
    let mut app = app();
    keys(&mut app, "n");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Esc);
    assert!(app.form().is_none());
    assert!(screen(&app).contains("Fortrudt: intet er gemt."));
    assert_eq!(app.shell.store.all_cases().unwrap().len(), 3);
}

#[test]
fn search_by_name_or_case_number_and_filter_to_my_cases() {
    let mut app = app();
    keys(&mut app, "/sofie");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Sofie Senere") && !s.contains("Mads Overskredet"), "{s}");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "/1");
    let s = screen(&app);
    assert!(s.contains("Mads Overskredet") && !s.contains("Sofie Senere"), "{s}");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "m");
    let s = screen(&app);
    assert!(s.contains("[kun mine]") && s.contains("Mads Overskredet") && !s.contains("Sofie Senere"), "{s}");
}

#[test]
fn a_step_from_the_case_view_is_recorded_with_who_and_when() {
    let mut app = app();
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("150390-XXXX") && !s.contains("150390-1230"), "CPR masked by default:\n{s}");
    keys(&mut app, "c");
    assert!(screen(&app).contains("150390-1230"));
    keys(&mut app, "b");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Behandling startet") && s.contains("IKKE OVERHOLDT"), "{s}");
    let case = intake(&app).case().unwrap().case.clone();
    assert_eq!(case.progress.treatment_started_on, Some(day(TODAY)));
    let events = app.shell.store.case_events(case.id).unwrap();
    assert_eq!(events.last().unwrap().kind, "start_treatment");
    assert_eq!(events.last().unwrap().actor, "anna");
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("Mads Overskredet"), "a started case leaves the queue");
    // The look at the record and the CPR reveal are in the audit trail.
    let audit = app.shell.store.audit_for("case", case.id).unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"view") && actions.contains(&"reveal_cpr"), "{actions:?}");
}

#[test]
fn a_step_the_rules_refuse_says_why_at_the_field() {
    let mut app = app();
    keys(&mut app, "h"); // doctor held, never offered
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Lægesamtalen er ikke tilbudt og ønsket endnu."), "{s}");
    // The same rule as the domain's, for the same input.
    let case = intake(&app).queue.selected_entry().unwrap().case.clone();
    let input = StepInput {
        kind: StepKind::DoctorHeld,
        date: "17.03.2026".into(),
        reason: String::new(),
        wanted: true,
        closing_reason: None,
    };
    assert!(parse_step(&input, &case, day(TODAY)).is_err());
}

#[test]
fn the_screen_survives_tiny_and_resized_terminals() {
    let mut app = app();
    for (w, h) in [(80, 24), (40, 10), (20, 5), (200, 60), (1, 1)] {
        render(&app, w, h, Theme::plain());
    }
    keys(&mut app, "n");
    render(&app, 30, 8, Theme::plain());
    keys(&mut app, "?");
    render(&app, 30, 8, Theme::plain());
}

fn ctrl_c(app: &mut App) {
    use crossterm::event::{KeyEvent, KeyModifiers};
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
}

/// Esc on a draft with typed text asks before throwing it away, and so does
/// ctrl-c before it quits with it; the same key again does it at once. A
/// form nothing was typed in closes on the first Esc.
#[test]
fn a_draft_with_typed_text_asks_before_esc_or_ctrl_c_throws_it_away() {
    let mut app = app();
    keys(&mut app, "n");
    press(&mut app, KeyCode::Esc);
    assert!(app.form().is_none(), "nothing typed: closed at once");

    keys(&mut app, "n");
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab); // to the name
    }
    keys(&mut app, "Karen Lang Beskrivelse");
    let draft = app.form().unwrap().clone();
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.form(), Some(&draft), "the draft is kept");
    assert!(screen(&app).contains("Kassér kladden?"), "{}", screen(&app));
    // Going on with the draft: the next Esc asks again.
    keys(&mut app, "x");
    press(&mut app, KeyCode::Esc);
    assert!(app.form().is_some());
    press(&mut app, KeyCode::Esc);
    assert!(app.form().is_none(), "the second Esc discards it");

    keys(&mut app, "n");
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "Karen");
    ctrl_c(&mut app);
    assert!(!app.should_quit, "the first ctrl-c asks");
    assert!(app.form().is_some());
    assert!(screen(&app).contains("Kassér kladden?"), "{}", screen(&app));
    ctrl_c(&mut app);
    assert!(app.should_quit, "the second ctrl-c quits at once");
}

/// `x` closes a contact only with a reason chosen from the list (none is
/// chosen for the counsellor); "Andet" shows a text field that must be
/// filled; Esc leaves nothing behind. The reason shows in the case view.
#[test]
fn closing_from_the_keyboard_requires_a_reason_and_esc_keeps_nothing() {
    use sagsbord::domain::intake::ClosingReason;
    let mut app = app();
    let closed = |app: &App| app.shell.store.case_events(1).unwrap().iter().any(|e| e.kind == "close");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Mads Overskredet"));
    keys(&mut app, "x");
    let s = screen(&app);
    assert!(s.contains("– vælg årsag –"), "{s}");
    assert!(!s.contains("Anden årsag"), "the text field is for Andet only: {s}");
    // Enter with no reason chosen: refused at the field, nothing written.
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_some(), "the draft stays");
    assert!(screen(&app).contains("Skal udfyldes."), "{}", screen(&app));
    assert!(!closed(&app));
    // Esc throws the draft away and writes nothing.
    press(&mut app, KeyCode::Esc);
    assert!(app.form().is_none());
    assert!(!closed(&app));
    assert_eq!(app.shell.store.find_case(1).unwrap().unwrap().progress.closed, None);

    // "Andet" (the last choice, stepping left from "choose") needs a text.
    keys(&mut app, "x");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Left);
    assert!(screen(&app).contains("Anden årsag"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_some());
    assert!(!closed(&app));
    // The refusal put the focus on the empty text field.
    keys(&mut app, "Afsoner dom");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    let case = app.shell.store.find_case(1).unwrap().unwrap();
    assert_eq!(case.progress.closing_reason, Some(ClosingReason::Other));
    assert_eq!(case.progress.closed.unwrap().reason, "Afsoner dom");
    let s = screen(&app);
    assert!(s.contains("Årsag: Andet · Afsoner dom"), "{s}");
}

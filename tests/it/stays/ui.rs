//! The Døgn pane rendered on ratatui's TestBackend, driven by key events
//! through the real keymap, on the demo centre of the sample file.

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use ratatui::style::Color;

use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::money::Ore;
use sagsbord::domain::stay::{DateWindow, StayStatus, stay_cost, totals};
use sagsbord::panes::stays::StaysScreen;
use sagsbord::store::exchange;
use sagsbord::store::{Centre, Store};
use sagsbord::ui::Theme;

use crate::common::screen::{assert_fg, assert_no_colour, day, keys, press, render, screen, stays, text_of};

fn sample_store(actor: &str) -> (Store, NaiveDate) {
    let text = crate::common::sample_text();
    let file = exchange::parse(&text).unwrap();
    let mut store = Store::open_in_memory(actor).unwrap();
    store.import(&file).unwrap();
    (store, file.sample_today.unwrap())
}

/// The demo centre on its day, in the Døgn pane.
fn sample_app() -> App {
    let (store, today) = sample_store("dennis");
    let mut app = App::new(store, today, Keymap::built_in()).unwrap();
    keys(&mut app, "4");
    assert_eq!(app.pane().title(), "Døgn");
    app
}

/// Moves the selection to the stay of `case` in the list.
fn select_case(app: &mut App, case: i64) {
    press(app, KeyCode::Home);
    for _ in 0..stays(app).lines.len() {
        if stays(app).selected_line().is_some_and(|l| l.row.stay.case_id == case) {
            return;
        }
        press(app, KeyCode::Down);
    }
    panic!("no stay for case {case} in the list");
}

/// Everything the open view holds, scrolled through page by page.
fn whole_view(app: &mut App) -> String {
    let mut seen = String::new();
    press(app, KeyCode::Home);
    for _ in 0..20 {
        seen.push_str(&screen(app));
        seen.push('\n');
        press(app, KeyCode::PageDown);
    }
    press(app, KeyCode::Home);
    seen
}

#[test]
fn the_stays_at_80x24_snapshot() {
    let app = sample_app();
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn every_state_has_a_text_marker_and_colour_only_repeats_it() {
    let mut app = sample_app();
    let mut seen = String::new();
    for _ in 0..stays(&app).lines.len() {
        seen.push_str(&screen(&app));
        press(&mut app, KeyCode::Down);
    }
    for word in ["Kører", "Bevilget", "Indstillet", "Afbrudt", "Afsluttet", "Efterbeh.", "Afslag"] {
        assert!(seen.contains(word), "{word} not in the list:\n{seen}");
    }
    for marker in [
        "AFGØRELSE MANGLER",
        "MIDTVEJSSTATUS MANGLER",
        "SLUTSTATUS MANGLER",
        "AFBRUD MELDT FOR SENT",
        "LÆNGERE END SÆDVANLIGT",
    ] {
        assert!(seen.contains(marker), "{marker} not in the list:\n{seen}");
    }
    // The marker is red in colour, plain text without it.
    press(&mut app, KeyCode::Home);
    let coloured = render(&app, 80, 24, Theme::coloured());
    assert_fg(&coloured, "MIDTVEJSSTATUS MANGLER", "MIDTVEJSSTATUS", Color::Red);
    assert_no_colour(&render(&app, 80, 24, Theme::plain()));
}

#[test]
fn a_stay_across_a_price_change_with_its_breakdown_and_own_payment_snapshot() {
    // Carsten Friis (case 7) at Lyngbakken: treatment 1,450 kr/day until
    // 31 March and 1,520 kr/day from 1 April; the stay at 21,000 kr/month.
    let mut app = sample_app();
    select_case(&mut app, 7);
    press(&mut app, KeyCode::Enter);
    let first = screen(&app);
    insta::assert_snapshot!(first);
    let all = whole_view(&mut app);
    for expected in [
        "27.02–28.02.2026  Behandling 2 dage × 1.450,00 kr",
        "27.02–28.02.2026  Ophold     2/28 × 21.000,00 kr/md",
        "01.04–30.04.2026  Behandling 30 dage × 1.520,00 kr",
        "01.05–25.05.2026  Behandling 25 dage × 1.520,00 kr",
        "Egenbetaling (kost og logi) · oplyst borgeren 24.02.2026",
        "Logi: beholder egen bolig, ingen betaling",
        "Sat ned til det, borgeren kan betale",
        "Egenbetaling pr. måned",
    ] {
        assert!(all.contains(expected), "{expected} not shown:\n{all}");
    }
    // The total on screen is the domain's, to the øre. 27 February - 25 May
    // billed (Lyngbakken bills the intake day, not the discharge day):
    // treatment 2 × 1,450 + 31 × 1,450 + 30 × 1,520 + 25 × 1,520 = 131,450 kr;
    // the stay 2/28 + 1 + 1 of 21,000 kr + 2,100,000 × 25 / 31 = 1,693,548.39
    // → 1,693,548 øre, so 60,435.48 kr; in all 191,885.48 kr.
    let stay = stays(&app).detail().unwrap().line.row.stay.clone();
    let provider = stays(&app).provider(stay.provider_id).unwrap().clone();
    let period = stay.committed_period();
    let whole = stay_cost(&stay.billed(&provider, period), DateWindow::new(period.start, stay.end())).unwrap();
    assert_eq!(whole.total, Ore(19_188_548));
    let total_line = all.lines().find(|l| l.contains("I alt")).unwrap();
    assert!(total_line.contains("191.885,48 kr"), "{total_line}");
    // To 17 March, 2 + 17 days: 2,900 + 1,500 kr in February, then 17 ×
    // 1,450 = 24,650 kr and 2,100,000 × 17 / 31 = 1,151,612.9 → 1,151,613 øre.
    let so_far = all.lines().find(|l| l.contains("Hidtil")).unwrap();
    assert!(so_far.contains("19 dage") && so_far.contains("40.566,13 kr"), "{so_far}");
    // Food 31 × 65 = 2,015 kr (own home kept: no lodging), lowered to what
    // Carsten can pay: 10,900 - 4,850 rent - 600 debt - 4,000 kept = 1,450 kr.
    let per_month = all.lines().find(|l| l.contains("Egenbetaling pr. måned")).unwrap();
    assert!(per_month.contains("1.450,00 kr"), "{per_month}");
    // Looking at the stay is in the audit trail.
    let audit = app.shell.store.audit_for("stay", stay.id).unwrap();
    assert_eq!(audit.last().map(|a| (a.action.as_str(), a.actor.as_str())), Some(("view", "dennis")));
    press(&mut app, KeyCode::Esc);
    assert!(stays(&app).stack.is_empty(), "back on the list");
}

#[test]
fn a_stay_is_recommended_approved_started_and_its_cost_read_on_screen() {
    let mut app = sample_app();
    let before = stays(&app).lines.len();
    keys(&mut app, "n");
    keys(&mut app, "20"); // Peter Lund Jeppesen, in treatment since 5 March
    press(&mut app, KeyCode::Tab); // provider: Lyngbakken, the first
    press(&mut app, KeyCode::Tab); // services: what Lyngbakken prices
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "17.03.2026");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "16.05.2026");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "Peter har brug for et døgnforløb.");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", screen(&app));
    assert_eq!(stays(&app).lines.len(), before + 1);
    let line = stays(&app).selected_line().unwrap();
    assert_eq!((line.row.stay.case_id, line.status), (20, StayStatus::Recommended));
    assert!(screen(&app).contains("Ophold 12 er indstillet (sag 20)."));

    keys(&mut app, "a");
    assert!(screen(&app).contains("Visitationsudvalget"), "the committee is the default:\n{}", screen(&app));
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "s");
    press(&mut app, KeyCode::Enter);
    assert_eq!(stays(&app).selected_line().unwrap().status, StayStatus::Running);
    press(&mut app, KeyCode::Enter);
    let all = whole_view(&mut app);
    // 17 March - 15 May billed (discharge day not): treatment 15 × 1,450 +
    // 30 × 1,520 + 15 × 1,520 = 90,150 kr; the stay 15/31 + 1 + 15/31 of
    // 21,000 kr = 41,322.58 kr.
    let total_line = all.lines().find(|l| l.contains("I alt")).unwrap();
    assert!(total_line.contains("131.472,58 kr"), "{total_line}\n{all}");
    let so_far = all.lines().find(|l| l.contains("Hidtil")).unwrap();
    assert!(so_far.contains("1 dag") && so_far.contains("2.127,42 kr"), "{so_far}");
    let events = app.shell.store.stay_events(12).unwrap();
    let steps: Vec<(&str, &str)> = events.iter().map(|e| (e.kind.as_str(), e.actor.as_str())).collect();
    assert_eq!(steps, vec![("recommended", "dennis"), ("approve", "dennis"), ("start", "dennis")]);
}

#[test]
fn a_stays_history_says_who_and_when_on_the_centres_clock_not_in_utc() {
    // Carsten Friis's stay was recommended 13:05 UTC on 9 February: 14:05
    // in Denmark (CET), in the one format of every screen.
    let mut app = sample_app();
    select_case(&mut app, 7);
    press(&mut app, KeyCode::Enter);
    let all = whole_view(&mut app);
    assert!(all.contains("· dennis 09.02.2026 kl. 14:05"), "{all}");
    assert!(!all.contains("2026-02-09 13:05"), "{all}");
}

#[test]
fn a_step_the_rules_refuse_says_why_keeps_the_draft_and_writes_nothing() {
    let mut app = sample_app();
    select_case(&mut app, 12); // waiting for the committee
    let before = app.shell.store.stay_events(11).unwrap().len();
    keys(&mut app, "s");
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "7");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Opholdet er ikke bevilget endnu.") && s.contains("Ikke gemt"), "{s}");
    assert!(s.contains("17.03.2027"), "the draft is kept:\n{s}");
    assert!(app.form().is_some());
    // The typed draft asks before Esc discards it: Esc twice.
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("Kassér kladden?"), "{}", screen(&app));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.shell.store.stay_events(11).unwrap().len(), before, "nothing written");
    // Refusing needs a reason, and the ending of an interrupted stay shows
    // the provider's report field only for an interruption.
    keys(&mut app, "x");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Skal udfyldes."));
    press(&mut app, KeyCode::Esc);
    select_case(&mut app, 7);
    keys(&mut app, "e");
    assert!(!screen(&app).contains("Leverandøren meldte"));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    assert!(screen(&app).contains("Leverandøren meldte"));
}

#[test]
fn the_own_payment_is_shown_before_it_is_saved_as_told() {
    let mut app = sample_app();
    select_case(&mut app, 10); // approved; calculated, not yet told
    keys(&mut app, "p");
    // The last field, back from the first: the day the citizen was told.
    press(&mut app, KeyCode::BackTab);
    keys(&mut app, "17.03.2026");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Egenbetaling 700,00 kr pr. måned, 23,33 kr pr. dag"), "{s}");
    assert!(app.form().is_some(), "not saved before it was seen");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", screen(&app));
    let all = whole_view(&mut app);
    for expected in ["oplyst borgeren 17.03.2026", "Kost 65,00 kr × 30 dage", "Egenbetaling pr. dag (÷ 30 dage)"] {
        assert!(all.contains(expected), "{expected}:\n{all}");
    }
    let line = all.lines().find(|l| l.contains("Kan betale (mindst 0)")).unwrap();
    assert!(line.contains("700,00 kr"), "{line}");
}

#[test]
fn without_an_amount_kept_in_the_profile_the_calculator_says_so_plainly() {
    let (mut store, today) = sample_store("dennis");
    let mut centre = store.centre().unwrap();
    centre.profile = "national".into();
    store.set_centre(&Centre { ..centre }).unwrap();
    let mut app = App::new(store, today, Keymap::built_in()).unwrap();
    keys(&mut app, "4");
    keys(&mut app, "p");
    assert!(app.form().is_none());
    let s = text_of(&render(&app, 200, 24, Theme::plain()));
    assert!(s.contains("Egenbetalingen kan ikke beregnes: centrets profil fastsætter intet rådighedsbeløb"), "{s}");
}

#[test]
fn providers_and_prices_are_added_and_a_price_for_the_same_day_is_shown_before_it_replaces() {
    let mut app = sample_app();
    keys(&mut app, "l");
    assert!(matches!(stays(&app).top(), Some(StaysScreen::Providers(_))));
    keys(&mut app, "n");
    keys(&mut app, "Hjemmet ved Skoven");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "5120");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", screen(&app));
    assert!(screen(&app).contains("Hjemmet ved Skoven: gemt."));
    assert_eq!(stays(&app).selected_provider().unwrap().name, "Hjemmet ved Skoven");
    let s = screen(&app);
    assert!(s.contains("ingen priser endnu"), "{s}");

    // A price per day from 1 April.
    keys(&mut app, "p");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "1.800,50");
    press(&mut app, KeyCode::Tab);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "01.04.2026");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", screen(&app));
    // The same service and day again: shown first, then replaced.
    keys(&mut app, "p");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "1.850");
    press(&mut app, KeyCode::Tab);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "01.04.2026");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Den nye erstatter den."), "{}", screen(&app));
    press(&mut app, KeyCode::Enter);
    let prices = &stays(&app).selected_provider().unwrap().prices;
    assert_eq!(prices.len(), 1);
    assert_eq!(prices[0].amount, Ore::from_kr(1_850));
    assert!(screen(&app).contains("1.850,00 kr pr. dag"), "{}", screen(&app));
    // A misspelt amount is named at its field.
    keys(&mut app, "p");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "12,345");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Højst to decimaler (øre)."));
    // Esc asks before it discards the typed draft, then closes the providers.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(stays(&app).stack.is_empty(), "back on the list");
}

#[test]
fn the_totals_per_month_year_and_provider_are_the_domains() {
    let mut app = sample_app();
    keys(&mut app, "t");
    let all = whole_view(&mut app);
    let stays = app.shell.store.stays_for_totals(2026).unwrap();
    let providers = app.shell.store.providers().unwrap();
    let pairs: Vec<_> = stays.iter().map(|s| (s, providers.iter().find(|p| p.id == s.provider_id).unwrap())).collect();
    let t = totals(&pairs, day("2026-03-17"));
    let year = all.lines().find(|l| l.contains("I alt 2026")).unwrap();
    for amount in [t.realised, t.forecast, t.year_total()] {
        assert!(year.contains(&amount.format_number_dk()), "{year}");
    }
    assert!(t.forecast > Ore::ZERO && t.last_year > Ore::ZERO);
    assert!(all.contains("2025 (hele året)"), "{all}");
    for p in &providers {
        let name: String = p.name.chars().take(12).collect();
        assert!(all.contains(&name), "{name}:\n{all}");
    }
    assert!(all.contains("Prognose 18.03.2026 – 31.12.2026"), "{all}");
    // The pane's header says this month and this year.
    press(&mut app, KeyCode::Esc);
    let header = screen(&app).lines().nth(2).unwrap().to_string();
    assert!(header.contains(&format!("2026 {}", t.year_total().format_dk())), "{header}");
}

#[test]
fn help_lists_the_panes_steps_from_the_keymap() {
    let mut app = sample_app();
    keys(&mut app, "?");
    let s = text_of(&render(&app, 120, 40, Theme::plain()));
    for expected in ["Bevilget", "Midtvejsstatus modtaget", "Egenbetaling: beregn og gem", "Leverandører og priser"] {
        assert!(s.contains(expected), "{expected}:\n{s}");
    }
}

#[test]
fn the_pane_survives_tiny_and_resized_terminals() {
    let mut app = sample_app();
    for (w, h) in [(80, 24), (40, 10), (20, 5), (200, 60), (1, 1)] {
        render(&app, w, h, Theme::plain());
    }
    press(&mut app, KeyCode::Enter);
    for (w, h) in [(40, 10), (20, 5), (1, 1)] {
        render(&app, w, h, Theme::plain());
    }
    press(&mut app, KeyCode::Esc);
    for mode in ["t", "l"] {
        keys(&mut app, mode);
        for (w, h) in [(40, 10), (20, 5), (1, 1)] {
            render(&app, w, h, Theme::plain());
        }
        press(&mut app, KeyCode::Esc);
    }
}

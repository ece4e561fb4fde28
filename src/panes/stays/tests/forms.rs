//! Every form of the pane: a draft saved and read back from the database,
//! and a draft refused at its field, kept, with nothing written. A
//! database that fails is a failed save, never a field's error.

use super::*;
use crate::app::form::FieldValue;
use crate::domain::money::Ore;
use crate::domain::stay::{
    NewStayField, OwnPaymentField, PriceField, ProviderField, Service, StayStatus, StayStepField,
};
use crate::panes::stays::StaysScreen;
use crate::panes::stays::providers::price_form::PriceChoice;
use crate::panes::stays::stay::own_payment::OwnPaymentChoice;
use crate::text;

fn stays_in_store(app: &App) -> usize {
    app.shell.store.all_stays().unwrap().len()
}

/// The new stay's form for Peter Lund Jeppesen (case 20, in treatment
/// since 5 March) at the first provider, Lyngbakken.
fn new_stay_draft(app: &mut App) {
    app.update(Action::NewStay);
    assert_eq!(form(app).title, text::stays::NEW_STAY_TITLE);
    fill(app, NewStayField::Case, "20");
    fill(app, NewStayField::PlannedStart, "17.03.2026");
    fill(app, NewStayField::PlannedEnd, "16.05.2026");
    focus(app, NewStayField::Text);
}

#[test]
fn a_new_stay_is_saved_selected_with_the_lines_of_its_pasted_recommendation() {
    let mut app = sample_app();
    let before = stays_in_store(&app);
    new_stay_draft(&mut app);
    // The recommendation is a note: a paste keeps its line breaks.
    app.handle_paste("Peter har brug for et døgnforløb.\r\nAmbulant er afprøvet.");
    assert_eq!(form(&app).text(NewStayField::Text), "Peter har brug for et døgnforløb.\nAmbulant er afprøvet.");
    assert!(matches!(form(&app).focused().unwrap().value, FieldValue::Note { .. }));
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{}", screen(&app));

    let stays = app.shell.store.all_stays().unwrap();
    assert_eq!(stays.len(), before + 1);
    let stay = stays.last().unwrap();
    assert_eq!((stay.case_id, stay.provider_id, stay.status()), (20, 1, StayStatus::Recommended));
    assert_eq!(stay.recommendation.text, "Peter har brug for et døgnforløb.\nAmbulant er afprøvet.");
    assert_eq!(stay.recommendation.by, "dennis");
    // Shown in the list, selected, and said.
    assert!(pane(&app).stack.is_empty());
    assert_eq!(pane(&app).selected_line().unwrap().row.stay.id, stay.id);
    assert_eq!(status(&app), text::stays::stay_recommended(stay.id, 20));
}

#[test]
fn a_new_stay_the_rules_refuse_keeps_the_draft_and_writes_nothing() {
    let mut app = sample_app();
    let before = stays_in_store(&app);
    new_stay_draft(&mut app);
    // The end before the start, and no recommendation text.
    fill(&mut app, NewStayField::PlannedEnd, "01.03.2026");
    app.update(Action::Submit);
    assert_eq!(error_at(&app, NewStayField::PlannedEnd).as_deref(), Some("Slut ligger før start."));
    assert_eq!(error_at(&app, NewStayField::Text).as_deref(), Some("Skal udfyldes."));
    assert_eq!(form(&app).banner.as_deref(), Some(text::NOT_SAVED_FIX_FIELDS));
    assert_eq!(form(&app).text(NewStayField::Case), "20", "the draft is kept");
    assert_eq!(stays_in_store(&app), before, "nothing written");
}

#[test]
fn a_stay_in_the_days_of_another_stay_of_the_case_is_refused_and_one_after_it_is_saved() {
    let mut app = sample_app();
    let before = stays_in_store(&app);
    // Case 20 is recommended for 17.03 to 16.05.2026.
    new_stay_draft(&mut app);
    type_text(&mut app, "Døgnforløb.");
    app.update(Action::Submit);
    let first = app.shell.store.all_stays().unwrap().pop().unwrap().id;
    new_stay_draft(&mut app);
    fill(&mut app, NewStayField::PlannedStart, "01.05.2026");
    fill(&mut app, NewStayField::PlannedEnd, "30.06.2026");
    focus(&mut app, NewStayField::Text);
    type_text(&mut app, "Skift til andet tilbud.");
    app.update(Action::Submit);
    let said = error_at(&app, NewStayField::PlannedStart).unwrap_or_else(|| panic!("{:?}", form(&app)));
    assert_eq!(
        said,
        format!(
            "Sagen har allerede døgnophold {first} fra 17.03.2026 til 16.05.2026: \
             et nyt ophold må ikke ligge i de samme dage."
        )
    );
    assert_eq!(form(&app).text(NewStayField::Text), "Skift til andet tilbud.", "the draft is kept");
    assert_eq!(stays_in_store(&app), before + 1, "nothing written");
    // From the day the other ends, it is a stay of its own.
    fill(&mut app, NewStayField::PlannedStart, "16.05.2026");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{}", screen(&app));
    assert_eq!(stays_in_store(&app), before + 2);
    // The store checks again: the same days once more are refused there too.
    let mut again = app.shell.store.all_stays().unwrap().pop().unwrap();
    again.id = 0;
    assert!(matches!(app.shell.store.recommend_stay(&again), Err(crate::store::StoreError::Changed(_))));
    assert_eq!(stays_in_store(&app), before + 2);
}

#[test]
fn a_database_that_fails_is_a_failed_save_not_a_fields_error() {
    let mut app = sample_app();
    let before = stays_in_store(&app);
    new_stay_draft(&mut app);
    type_text(&mut app, "Døgnforløb.");
    refuse_writes(&mut app);
    app.update(Action::Submit);
    let form = form(&app);
    assert!(form.fields.iter().all(|f| f.error.is_none()), "{:?}", form.fields);
    assert!(form.banner.as_deref().unwrap().starts_with(text::SAVE_FAILED), "{:?}", form.banner);
    assert!(status(&app).starts_with(text::SAVE_FAILED));
    assert_eq!(form.text(NewStayField::Text), "Døgnforløb.", "the draft is kept");
    assert_eq!(stays_in_store(&app), before);
}

#[test]
fn a_step_is_saved_on_the_open_stay_and_read_back() {
    let mut app = sample_app();
    select_case(&mut app, 12); // waiting for the committee
    let id = pane(&app).selected_line().unwrap().row.stay.id;
    app.update(Action::OpenStay);
    app.update(Action::StayApprove);
    assert_eq!(form(&app).text(StayStepField::By), "Visitationsudvalget", "the profile's decider");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{}", screen(&app));

    let stay = app.shell.store.all_stays().unwrap().into_iter().find(|s| s.id == id).unwrap();
    let decision = stay.decision.unwrap();
    assert!(decision.approved);
    assert_eq!((decision.on, decision.by.as_str()), (app.shell.today, "Visitationsudvalget"));
    let events = app.shell.store.stay_events(id).unwrap();
    assert_eq!(events.last().map(|e| (e.kind.as_str(), e.actor.as_str())), Some(("approve", "dennis")));
    // The open stay shows the step, and its history holds it.
    let detail = pane(&app).detail().expect("the stay is still open");
    assert_eq!(detail.line.status, StayStatus::Approved);
    assert_eq!(detail.events.len(), events.len());
    assert_eq!(status(&app), text::stays::stay_step_saved(crate::domain::stay::StayStepKind::Approve, id));
}

#[test]
fn a_step_the_rules_refuse_keeps_the_draft_and_writes_nothing() {
    let mut app = sample_app();
    select_case(&mut app, 12);
    let id = pane(&app).selected_line().unwrap().row.stay.id;
    let before = app.shell.store.stay_events(id).unwrap().len();
    app.update(Action::StayStart);
    fill(&mut app, StayStepField::Date, "16.03.2026");
    app.update(Action::Submit);
    assert_eq!(error_at(&app, StayStepField::Date).as_deref(), Some("Opholdet er ikke bevilget endnu."));
    assert_eq!(form(&app).text(StayStepField::Date), "16.03.2026", "the draft is kept");
    assert_eq!(app.shell.store.stay_events(id).unwrap().len(), before, "nothing written");
    // The report date is asked only when a stay ended interrupted. (The
    // typed draft asks before Esc discards it: Esc twice.)
    run(&mut app, &[Action::Cancel, Action::Cancel]);
    select_case(&mut app, 7);
    app.update(Action::StayEnd);
    assert!(form(&app).field(StayStepField::ReportedOn).unwrap().hidden);
    app.update(Action::NextField);
    app.update(Action::Right);
    assert!(!form(&app).field(StayStepField::ReportedOn).unwrap().hidden);
}

#[test]
fn the_own_payment_is_shown_then_saved_and_the_stay_opens_on_it() {
    let mut app = sample_app();
    select_case(&mut app, 10); // approved; calculated, not yet told
    let id = pane(&app).selected_line().unwrap().row.stay.id;
    app.update(Action::OwnPayment);
    assert_eq!(form(&app).choice(OwnPaymentChoice::KeepsOwnHome), 0, "the last calculation's answer");
    fill(&mut app, OwnPaymentField::ToldOn, "17.03.2026");
    app.update(Action::Submit);
    assert!(form(&app).banner.as_deref().unwrap().contains("Egenbetaling 700,00 kr pr. måned"), "shown first");
    let told = |app: &App| {
        let stay = app.shell.store.all_stays().unwrap().into_iter().find(|s| s.id == id).unwrap();
        stay.own_payment.and_then(|o| o.told_on)
    };
    assert_eq!(told(&app), None, "not saved before it was seen");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{}", screen(&app));
    assert_eq!(told(&app), Some(app.shell.today));
    let stay = app.shell.store.all_stays().unwrap().into_iter().find(|s| s.id == id).unwrap();
    assert_eq!(stay.own_payment.unwrap().result.per_month, Ore::from_kr(700));
    assert_eq!(pane(&app).detail().map(|d| d.stay_id()), Some(id), "the stay opens on its calculation");

    // A new calculation starts with no told-date: the last one's day is
    // not carried over to a result the citizen has not heard.
    app.update(Action::OwnPayment);
    assert_eq!(form(&app).text(OwnPaymentField::ToldOn), "");
    fill(&mut app, OwnPaymentField::MonthlyIncome, "9.000,00");
    app.update(Action::Submit);
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{}", screen(&app));
    assert_eq!(told(&app), None, "recalculated, not yet told");
}

#[test]
fn an_own_payment_the_rules_refuse_keeps_the_draft_and_writes_nothing() {
    let mut app = sample_app();
    select_case(&mut app, 10);
    let id = pane(&app).selected_line().unwrap().row.stay.id;
    let before = app.shell.store.stay_events(id).unwrap().len();
    app.update(Action::OwnPayment);
    fill(&mut app, OwnPaymentField::MonthlyIncome, "ti tusind");
    fill(&mut app, OwnPaymentField::DaysInMonth, "45");
    app.update(Action::Submit);
    assert_eq!(error_at(&app, OwnPaymentField::MonthlyIncome).as_deref(), Some("Skriv et beløb som 1.234,50."));
    assert_eq!(error_at(&app, OwnPaymentField::DaysInMonth).as_deref(), Some("En måned har 28-31 dage."));
    // The first error has the focus.
    assert!(form(&app).focused().unwrap().id.is(OwnPaymentField::MonthlyIncome));
    assert_eq!(form(&app).text(OwnPaymentField::MonthlyIncome), "ti tusind", "the draft is kept");
    app.update(Action::Submit);
    assert!(app.form().is_some());
    assert_eq!(app.shell.store.stay_events(id).unwrap().len(), before, "nothing written");
}

#[test]
fn a_new_provider_and_an_edited_one_are_saved_and_selected() {
    let mut app = sample_app();
    app.update(Action::Providers);
    let before = app.shell.store.providers().unwrap().len();
    app.update(Action::NewProvider);
    fill(&mut app, ProviderField::Name, "Hjemmet ved Skoven");
    fill(&mut app, ProviderField::TilbudsportalenId, "5120");
    fill(&mut app, ProviderField::FoodPerDay, "70");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{}", screen(&app));
    let providers = app.shell.store.providers().unwrap();
    assert_eq!(providers.len(), before + 1);
    let new = providers.iter().find(|p| p.name == "Hjemmet ved Skoven").unwrap();
    assert_eq!((new.tilbudsportalen_id.as_str(), new.food_per_day), ("5120", Some(Ore::from_kr(70))));
    assert!(new.terms.bill_intake_day && !new.terms.bill_discharge_day, "a new provider's default terms");
    assert_eq!(pane(&app).selected_provider().map(|p| p.id), Some(new.id));
    assert_eq!(status(&app), text::stays::provider_saved("Hjemmet ved Skoven"));

    // Edited: the discharge day billed after all.
    app.update(Action::EditProvider);
    focus(&mut app, crate::panes::stays::providers::provider_form::ProviderChoice::BillDischargeDay);
    app.update(Action::Toggle);
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{}", screen(&app));
    let edited = app.shell.store.providers().unwrap().into_iter().find(|p| p.id == new.id).unwrap();
    assert!(edited.terms.bill_discharge_day);
}

#[test]
fn a_provider_may_not_take_the_name_of_another_but_keeps_its_own() {
    let mut app = sample_app();
    app.update(Action::Providers);
    let before = app.shell.store.providers().unwrap();
    app.update(Action::NewProvider);
    // Case and spaces do not make another name.
    fill(&mut app, ProviderField::Name, "døgncenter  fjordly");
    app.update(Action::Submit);
    assert_eq!(
        error_at(&app, ProviderField::Name).as_deref(),
        Some("Leverandør 2 hedder allerede sådan: giv denne et navn, der skiller den fra.")
    );
    assert_eq!(form(&app).text(ProviderField::Name), "døgncenter  fjordly", "the draft is kept");
    assert_eq!(app.shell.store.providers().unwrap(), before, "nothing written");
    run(&mut app, &[Action::Cancel, Action::Cancel]);
    // Editing a provider keeps its own name.
    app.update(Action::EditProvider);
    fill(&mut app, ProviderField::Contact, "Forstander Jens Holm");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{}", screen(&app));
    // The store refuses the same name too, as a colleague's save would meet it.
    let twin = crate::domain::stay::Provider { id: 0, ..before[1].clone() };
    assert!(matches!(app.shell.store.add_provider(&twin), Err(crate::store::StoreError::Changed(_))));
    assert_eq!(app.shell.store.providers().unwrap().len(), before.len());
}

#[test]
fn a_provider_the_rules_refuse_keeps_the_draft_and_writes_nothing() {
    let mut app = sample_app();
    app.update(Action::Providers);
    let before = app.shell.store.providers().unwrap();
    app.update(Action::EditProvider);
    fill(&mut app, ProviderField::Name, "");
    fill(&mut app, ProviderField::Fee, "-5");
    app.update(Action::Submit);
    assert_eq!(error_at(&app, ProviderField::Name).as_deref(), Some("Skal udfyldes."));
    assert_eq!(error_at(&app, ProviderField::Fee).as_deref(), Some("Beløbet kan ikke være negativt."));
    assert_eq!(form(&app).text(ProviderField::Fee), "-5", "the draft is kept");
    assert_eq!(app.shell.store.providers().unwrap(), before, "nothing written");
}

#[test]
fn a_price_is_saved_and_one_for_the_same_day_is_shown_before_it_replaces() {
    let mut app = sample_app();
    app.update(Action::Providers);
    let provider = pane(&app).selected_provider().unwrap().clone();
    let price = |app: &App| {
        let p = app.shell.store.providers().unwrap().into_iter().find(|p| p.id == provider.id).unwrap();
        p.prices.iter().find(|x| x.service == Service::Other).map(|x| (x.amount, x.valid_from))
    };
    let add = |app: &mut App, amount: &str| {
        app.update(Action::NewPrice);
        focus(app, PriceChoice::Service);
        app.update(Action::End); // Andet
        fill(app, PriceField::Amount, amount);
        fill(app, PriceField::ValidFrom, "01.04.2026");
        app.update(Action::Submit);
    };
    add(&mut app, "1.800,50");
    assert!(app.form().is_none(), "{}", screen(&app));
    let april = crate::domain::dates::parse_date_dk("01.04.2026").unwrap();
    assert_eq!(price(&app), Some((Ore(180_050), april)));
    // The same service and day again: the old price is shown first.
    add(&mut app, "1.850");
    assert!(form(&app).banner.as_deref().unwrap().contains("Den nye erstatter den."));
    assert_eq!(price(&app), Some((Ore(180_050), april)), "not replaced before it was seen");
    app.update(Action::Submit);
    assert!(app.form().is_none());
    assert_eq!(price(&app), Some((Ore::from_kr(1_850), april)));
}

#[test]
fn a_price_from_a_past_day_shows_the_money_already_spent_it_changes_before_it_saves() {
    let mut app = sample_app();
    app.update(Action::Providers);
    let provider = pane(&app).selected_provider().unwrap().clone();
    assert_eq!(provider.name, "Behandlingshjemmet Lyngbakken");
    let before = app.shell.store.providers().unwrap();
    app.update(Action::NewPrice);
    fill(&mut app, PriceField::Amount, "1.600"); // treatment, per day
    fill(&mut app, PriceField::ValidFrom, "01.02.2026");
    app.update(Action::Submit);
    let banner = form(&app).banner.clone().expect("the change is shown first");
    assert!(banner.starts_with("Prisen gælder fra en dag, der er gået, og ændrer penge, der allerede er brugt:"));
    // Stay 6 ran from 16.02 at 1.450 kr a day for treatment: its 13
    // February days cost 150 kr a day more, and so on for every month.
    assert!(banner.contains("ophold 6 februar 2026: 28.600,00 kr → 30.550,00 kr;"), "{banner}");
    assert!(banner.contains("ophold 7 marts 2026: 36.166,13 kr → 38.716,13 kr."), "{banner}");
    assert_eq!(app.shell.store.providers().unwrap(), before, "nothing written before it was seen");
    // Enter again on the same draft saves it.
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{}", screen(&app));
    assert_ne!(app.shell.store.providers().unwrap(), before);
}

#[test]
fn a_price_the_rules_refuse_keeps_the_draft_and_writes_nothing() {
    let mut app = sample_app();
    app.update(Action::Providers);
    let before = app.shell.store.providers().unwrap();
    app.update(Action::NewPrice);
    fill(&mut app, PriceField::Amount, "12,345");
    fill(&mut app, PriceField::ValidFrom, "31.02.2026");
    app.update(Action::Submit);
    assert_eq!(error_at(&app, PriceField::Amount).as_deref(), Some("Højst to decimaler (øre)."));
    assert!(error_at(&app, PriceField::ValidFrom).is_some());
    assert_eq!(form(&app).text(PriceField::Amount), "12,345", "the draft is kept");
    assert_eq!(app.shell.store.providers().unwrap(), before, "nothing written");
    // Esc closes the form (asked first, as text was typed), then the providers.
    run(&mut app, &[Action::Cancel, Action::Cancel, Action::Close]);
    assert!(pane(&app).stack.is_empty());
    assert!(!matches!(pane(&app).top(), Some(StaysScreen::Providers(_))));
}

//! The own payment (kost og logi): the citizen's income and fixed
//! expenses, the provider's figures, and the day the citizen was told. The
//! first Enter shows the result; Enter again on the unchanged draft saves
//! it, and the stay opens to show the calculation line by line.

use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::money::Ore;
use crate::domain::stay::{OwnPaymentField, OwnPaymentForm, Provider, parse_own_payment};
use crate::panes::stays::forms::{StaysForm, amount_text, confirmed, is_yes, say_saved, yes_no, yes_no_index};
use crate::panes::stays::{StayLine, StaysPane, stay};
use crate::store::Opened;
use crate::text;

impl FieldName for OwnPaymentField {}

/// The own payment form's field the domain's calculation takes as a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnPaymentChoice {
    KeepsOwnHome,
}

impl FieldName for OwnPaymentChoice {}

/// The fixed expenses the form asks for, in the order of
/// `OwnPaymentField::FixedExpense(i)`: each is the name the calculation
/// shows and stores.
const EXPENSES: [&str; 4] = [
    text::stays::EXPENSE_RENT,
    text::stays::EXPENSE_CHILD_SUPPORT,
    text::stays::EXPENSE_DEBT,
    text::stays::EXPENSE_OTHER,
];

/// Opens the calculator for the open stay, else the list's selection. With
/// no amount kept in the profile there is nothing to calculate with, and
/// no national figure exists: it says so rather than invent one. The form
/// is filled in from the stay as stored now, with the trail's mark of that
/// moment, so that a colleague's later calculation is not written over.
pub fn open(pane: &mut StaysPane, sh: &mut Shell) {
    let Some(stay_id) = pane.target_stay().map(|line| line.row.stay.id) else {
        sh.set_status(StatusKind::Warning, text::stays::SELECT_STAY_FIRST);
        return;
    };
    if sh.profile.stay.amount_kept_per_month.is_none() {
        sh.set_status(StatusKind::Error, text::stays::NO_AMOUNT_KEPT);
        return;
    }
    let opened = match sh.store.opened() {
        Ok(opened) => opened,
        Err(e) => return sh.set_status(StatusKind::Error, format!("{} {e}", text::stays::STAYS_NOT_LOADED)),
    };
    if let Err(e) = pane.reload_stays(sh) {
        return sh.set_status(StatusKind::Error, e);
    }
    let Some(line) = pane.stay_line(stay_id) else {
        return sh.set_status(StatusKind::Warning, text::stays::SELECT_STAY_FIRST);
    };
    let form = build(line, pane.provider(line.row.stay.provider_id));
    pane.form = Some(ActiveForm::new(form, StaysForm::OwnPayment { stay_id, opened }));
}

/// The form filled in with the last calculation, else the provider's
/// figures and the days of the stay's first month.
fn build(line: &StayLine, provider: Option<&Provider>) -> Form {
    let stay = &line.row.stay;
    let earlier = stay.own_payment.as_ref().map(|told| &told.input);
    let figure = |earlier: Option<Ore>, provider: Option<Ore>| amount_text(earlier.or(provider));
    let expense = |name: &str| {
        let amount = earlier.and_then(|input| input.fixed_expenses.iter().find(|(n, _)| n == name));
        amount.map(|(_, a)| a.format_number_dk()).unwrap_or_default()
    };
    let keeps_home = earlier.is_none_or(|input| input.keeps_own_home);
    let days = earlier.map_or_else(|| dates::days_in_month(stay.start()), |input| input.days_in_month);
    let mut fields = vec![
        Field::text(
            OwnPaymentField::MonthlyIncome,
            text::stays::F_INCOME,
            &amount_text(earlier.map(|input| input.monthly_income)),
        )
        .with_hint(text::stays::HINT_AMOUNT),
    ];
    for (i, name) in EXPENSES.iter().enumerate() {
        fields.push(
            Field::text(OwnPaymentField::FixedExpense(i), name, &expense(name)).with_hint(text::stays::HINT_EXPENSE),
        );
    }
    fields.extend([
        Field::choice(OwnPaymentChoice::KeepsOwnHome, text::stays::F_KEEPS_HOME, yes_no(), yes_no_index(keeps_home)),
        Field::text(
            OwnPaymentField::FoodPerDay,
            text::stays::F_FOOD_PER_DAY,
            &figure(earlier.map(|input| input.food_per_day), provider.and_then(|p| p.food_per_day)),
        )
        .with_hint(text::stays::HINT_PROVIDER_FIGURE),
        Field::text(
            OwnPaymentField::LodgingPerDay,
            text::stays::F_LODGING_PER_DAY,
            &figure(earlier.map(|input| input.lodging_per_day), provider.and_then(|p| p.lodging_per_day)),
        )
        .with_hint(text::stays::HINT_PROVIDER_FIGURE),
        Field::text(OwnPaymentField::DaysInMonth, text::stays::F_DAYS_IN_MONTH, &days.to_string())
            .with_hint(text::stays::HINT_DAYS_IN_MONTH),
        // A new calculation has not been told to the citizen yet, whatever
        // the last one was: the counsellor gives the day it is told.
        Field::text(OwnPaymentField::ToldOn, text::stays::F_TOLD_ON, "").with_hint(text::stays::HINT_TOLD_ON),
    ]);
    let title = text::stays::own_payment_form_title(stay.id, &line.row.citizen);
    let mut form = Form::new(&title, fields);
    sync(&mut form);
    form
}

fn keeps_own_home(form: &Form) -> bool {
    is_yes(form.choice(OwnPaymentChoice::KeepsOwnHome))
}

/// Lodging is asked only of a citizen who gives up their home.
pub fn sync(form: &mut Form) {
    let keeps = keeps_own_home(form);
    form.set_hidden(OwnPaymentField::LodgingPerDay, keeps);
}

pub fn submit(pane: &mut StaysPane, sh: &mut Shell, stay_id: i64, opened: Opened) {
    let amount_kept = sh.profile.stay.amount_kept_per_month;
    let today = sh.today;
    let Some(active) = &mut pane.form else { return };
    let form = &mut active.form;
    form.clear_errors();
    let typed = OwnPaymentForm {
        monthly_income: form.text(OwnPaymentField::MonthlyIncome),
        fixed_expenses: (EXPENSES.iter().enumerate())
            .map(|(i, name)| (name.to_string(), form.text(OwnPaymentField::FixedExpense(i))))
            .collect(),
        keeps_own_home: keeps_own_home(form),
        food_per_day: form.text(OwnPaymentField::FoodPerDay),
        lodging_per_day: form.text(OwnPaymentField::LodgingPerDay),
        days_in_month: form.text(OwnPaymentField::DaysInMonth),
        told_on: form.text(OwnPaymentField::ToldOn),
    };
    let told = match parse_own_payment(&typed, amount_kept, today) {
        Ok(told) => told,
        Err(problems) => {
            // A refused draft has no result to confirm.
            active.warned = None;
            let at_fields: Vec<_> = (problems.iter())
                .filter_map(|(field, p)| field.map(|f| (f, text::stays::own_payment_problem(p))))
                .collect();
            if !at_fields.is_empty() {
                form_host::refuse_fields(form, sh, at_fields);
            }
            // A problem of the whole calculation (no amount kept in the
            // profile) is said in the banner.
            if let Some((_, p)) = problems.iter().find(|(field, _)| field.is_none()) {
                form_host::fail(form, sh, text::stays::own_payment_problem(p));
            }
            return;
        }
    };
    // The counsellor sees the result before it is saved as told.
    let preview = text::stays::own_payment_preview(&told);
    if !confirmed(active, &preview) {
        sh.set_status(StatusKind::Info, preview);
        return;
    }
    match sh.store.save_own_payment(stay_id, &told, today, opened) {
        Ok(_) => {
            pane.form = None;
            let mut reloaded = pane.reload_stays(sh);
            // The calculation is read line by line in the open stay.
            if reloaded.is_ok() && pane.detail().is_none() {
                reloaded = stay::open(pane, sh, stay_id);
            }
            say_saved(sh, reloaded, text::stays::own_payment_saved(stay_id));
        }
        Err(e) => form_host::save_failed(&mut active.form, sh, e),
    }
}

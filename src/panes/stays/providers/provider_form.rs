//! A provider, new or edited: name, Tilbudsportalen id, contact, which of
//! the intake and discharge days are billed, the fee for an early end, and
//! the figures the own payment starts from. Saved, it is selected.

use super::table_rows;
use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::stay::{Provider, ProviderField, ProviderInput, ProviderProblem, name_taken, validate_provider};
use crate::panes::stays::forms::{StaysForm, amount_text, is_yes, say_saved, yes_no, yes_no_index};
use crate::panes::stays::{StaysPane, StaysScreen};
use crate::store::Opened;
use crate::text;

impl FieldName for ProviderField {}

/// The provider form's fields the domain takes as flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderChoice {
    BillIntakeDay,
    BillDischargeDay,
}

impl FieldName for ProviderChoice {}

/// Opens the form for a new provider, or to edit provider `id`: filled in
/// from the provider as stored now, with the trail's mark of that moment,
/// so that a colleague's later change is not written over.
pub fn open(pane: &mut StaysPane, sh: &mut Shell, id: Option<i64>) {
    let Some(id) = id else {
        pane.form = Some(ActiveForm::new(build(None), StaysForm::NewProvider));
        return;
    };
    let opened = match sh.store.opened() {
        Ok(opened) => opened,
        Err(e) => return sh.set_status(StatusKind::Error, format!("{} {e}", text::stays::STAYS_NOT_LOADED)),
    };
    if let Err(e) = pane.reload_stays(sh) {
        return sh.set_status(StatusKind::Error, e);
    }
    match pane.provider(id) {
        Some(p) => {
            pane.form = Some(ActiveForm::new(build(Some(p)), StaysForm::EditProvider { provider_id: id, opened }))
        }
        None => sh.set_status(StatusKind::Warning, text::stays::SELECT_PROVIDER_FIRST),
    }
}

/// The form, filled in from `existing`; a new provider bills the intake
/// day and not the discharge day, as most contracts do.
fn build(existing: Option<&Provider>) -> Form {
    let p = existing;
    let fee = p.and_then(|p| p.terms.early_end_fee);
    let fields = vec![
        Field::text(ProviderField::Name, text::stays::F_PROVIDER_NAME, p.map_or("", |p| &p.name)),
        Field::text(
            ProviderField::TilbudsportalenId,
            text::stays::F_TILBUDSPORTALEN,
            p.map_or("", |p| &p.tilbudsportalen_id),
        ),
        Field::text(ProviderField::Contact, text::stays::F_CONTACT, p.map_or("", |p| &p.contact)),
        Field::choice(
            ProviderChoice::BillIntakeDay,
            text::stays::F_BILL_INTAKE,
            yes_no(),
            yes_no_index(p.is_none_or(|p| p.terms.bill_intake_day)),
        ),
        Field::choice(
            ProviderChoice::BillDischargeDay,
            text::stays::F_BILL_DISCHARGE,
            yes_no(),
            yes_no_index(p.is_some_and(|p| p.terms.bill_discharge_day)),
        ),
        Field::text(ProviderField::Fee, text::stays::F_FEE, &amount_text(fee.map(|f| f.fee)))
            .with_hint(text::stays::HINT_FEE),
        Field::text(
            ProviderField::FeeWithinDays,
            text::stays::F_FEE_DAYS,
            &fee.map(|f| f.within_days.to_string()).unwrap_or_default(),
        ),
        Field::text(
            ProviderField::FoodPerDay,
            text::stays::F_FOOD_PER_DAY,
            &amount_text(p.and_then(|p| p.food_per_day)),
        )
        .with_hint(text::stays::HINT_AMOUNT),
        Field::text(
            ProviderField::LodgingPerDay,
            text::stays::F_LODGING_PER_DAY,
            &amount_text(p.and_then(|p| p.lodging_per_day)),
        )
        .with_hint(text::stays::HINT_AMOUNT),
    ];
    let title = match p {
        Some(p) => format!("{} · {}", text::stays::EDIT_PROVIDER_TITLE, p.name),
        None => text::stays::NEW_PROVIDER_TITLE.to_string(),
    };
    Form::new(&title, fields)
}

/// Saves a new provider (`id` none) or the provider `id` as opened then.
pub fn submit(pane: &mut StaysPane, sh: &mut Shell, id: Option<(i64, Opened)>) {
    let Some(active) = &mut pane.form else { return };
    let form = &mut active.form;
    form.clear_errors();
    let input = ProviderInput {
        name: form.text(ProviderField::Name),
        tilbudsportalen_id: form.text(ProviderField::TilbudsportalenId),
        contact: form.text(ProviderField::Contact),
        bill_intake_day: is_yes(form.choice(ProviderChoice::BillIntakeDay)),
        bill_discharge_day: is_yes(form.choice(ProviderChoice::BillDischargeDay)),
        fee: form.text(ProviderField::Fee),
        fee_within_days: form.text(ProviderField::FeeWithinDays),
        food_per_day: form.text(ProviderField::FoodPerDay),
        lodging_per_day: form.text(ProviderField::LodgingPerDay),
    };
    let taken = name_taken(&input.name, id.map(|(id, _)| id), &pane.providers)
        .map(|p| (ProviderField::Name, ProviderProblem::NameTaken { id: p.id }));
    let provider = match validate_provider(&input) {
        Ok(p) if taken.is_none() => p,
        checked => {
            let problems = checked.err().unwrap_or_default().into_iter().chain(taken);
            let at_fields = problems.map(|(f, p)| (f, text::stays::provider_problem(&p)));
            return form_host::refuse_fields(form, sh, at_fields);
        }
    };
    let saved = match id {
        Some((id, opened)) => sh.store.update_provider(id, &provider, opened).map(|()| id),
        None => sh.store.add_provider(&provider),
    };
    match saved {
        Ok(id) => {
            pane.form = None;
            let reloaded = pane.reload_stays(sh);
            let len = pane.providers.len();
            if let (Some(i), Some(StaysScreen::Providers(view))) =
                (pane.providers.iter().position(|p| p.id == id), pane.stack.last_mut())
            {
                view.cursor.select(i, len, table_rows(sh.list_rows, len));
            }
            say_saved(sh, reloaded, text::stays::provider_saved(&provider.name));
        }
        Err(e) => form_host::save_failed(form, sh, e),
    }
}

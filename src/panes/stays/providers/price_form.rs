//! A price of the selected provider: a service, per day or per month, from
//! a date. A provider has one price per service and day, so a price for a
//! day that already has one corrects it: the old price is shown first and
//! Enter again replaces it. A price from a day that has passed is shown
//! first too, with what it changes in the stays' cost so far.

use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::stay::provider::NewPrice;
use crate::domain::stay::{PriceField, PriceInput, PriceUnit, Provider, Service, parse_price, spent_changes};
use crate::panes::stays::StaysPane;
use crate::panes::stays::forms::{StaysForm, confirmed, say_saved};
use crate::text;

impl FieldName for PriceField {}

/// The price form's choices, which the domain takes as chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceChoice {
    Service,
    Unit,
}

impl FieldName for PriceChoice {}

/// Opens the form for the provider selected in the table.
pub fn open(pane: &mut StaysPane, sh: &mut Shell) {
    let Some(p) = pane.selected_provider() else {
        sh.set_status(StatusKind::Warning, text::stays::SELECT_PROVIDER_FIRST);
        return;
    };
    let purpose = StaysForm::NewPrice { provider_id: p.id };
    pane.form = Some(ActiveForm::new(build(p, sh), purpose));
}

fn build(p: &Provider, sh: &Shell) -> Form {
    let services = Service::ALL.map(|s| text::stays::service(s).to_string()).to_vec();
    let units = PriceUnit::ALL.map(|u| text::stays::price_unit(u).to_string()).to_vec();
    let fields = vec![
        Field::choice(PriceChoice::Service, text::stays::F_SERVICE, services, 0),
        Field::choice(PriceChoice::Unit, text::stays::F_UNIT, units, 0),
        Field::text(PriceField::Amount, text::stays::F_PRICE, "").with_hint(text::stays::HINT_AMOUNT),
        Field::text(PriceField::ValidFrom, text::stays::F_VALID_FROM, &dates::format_date_dk(sh.today))
            .with_hint(text::intake::HINT_DATE),
    ];
    Form::new(&format!("{} · {}", text::stays::NEW_PRICE_TITLE, p.name), fields)
}

pub fn submit(pane: &mut StaysPane, sh: &mut Shell, provider_id: i64) {
    let Some(provider) = pane.provider(provider_id).cloned() else {
        pane.form = None;
        sh.set_status(StatusKind::Error, text::stays::PROVIDER_GONE);
        return;
    };
    let Some(active) = &mut pane.form else { return };
    let form = &mut active.form;
    form.clear_errors();
    let input = PriceInput {
        service: Service::ALL[form.choice(PriceChoice::Service).min(Service::ALL.len() - 1)],
        unit: PriceUnit::ALL[form.choice(PriceChoice::Unit).min(PriceUnit::ALL.len() - 1)],
        amount: form.text(PriceField::Amount),
        valid_from: form.text(PriceField::ValidFrom),
    };
    let NewPrice { price, replaces } = match parse_price(&input, &provider) {
        Ok(new) => new,
        Err(problems) => {
            // A refused draft has no correction to confirm.
            active.warned = None;
            let at_fields = problems.iter().map(|(f, p)| (*f, text::stays::price_problem(p)));
            return form_host::refuse_fields(form, sh, at_fields);
        }
    };
    // Replacing a price is a correction, and a price from a day that has
    // passed changes money already spent: either is shown first, and Enter
    // again on the same draft saves.
    let stays = match sh.store.provider_stays(provider_id) {
        Ok(stays) => stays,
        Err(e) => return form_host::save_failed(&mut active.form, sh, e),
    };
    let spent = spent_changes(&provider, &price, &stays, sh.today);
    let mut warnings = Vec::new();
    if let Some(old) = replaces {
        warnings.push(text::stays::price_replaces(&old));
    }
    if !spent.is_empty() {
        warnings.push(text::stays::price_changes_spent(&spent));
    }
    if !warnings.is_empty() {
        let warning = warnings.join(" ");
        if !confirmed(active, &warning) {
            sh.set_status(StatusKind::Warning, warning);
            return;
        }
    }
    match sh.store.set_price(provider_id, &price) {
        Ok(()) => {
            pane.form = None;
            let reloaded = pane.reload_stays(sh);
            say_saved(sh, reloaded, text::stays::price_saved(&provider.name));
        }
        Err(e) => form_host::save_failed(&mut active.form, sh, e),
    }
}

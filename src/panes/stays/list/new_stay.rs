//! The new stay: a counsellor's recommendation of a case for a residential
//! stay at a provider, with the services and the planned dates. Saved, it
//! is selected in the list.

use super::stays_per_page;
use crate::app::form::{Field, FieldName, FieldValue, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::stay::{NewStayField, NewStayInput, Provider, Service, overlapping_stay, validate_new_stay};
use crate::panes::stays::StaysPane;
use crate::panes::stays::forms::{StaysForm, say_saved};
use crate::text;

impl FieldName for NewStayField {}

/// Opens the form; a stay needs a provider, so without one it says how to
/// add one instead.
pub fn open(pane: &mut StaysPane, sh: &mut Shell) {
    if pane.providers.is_empty() {
        sh.set_status(StatusKind::Warning, text::stays::NO_PROVIDERS_YET);
        return;
    }
    pane.form = Some(ActiveForm::new(build(&pane.providers, sh), StaysForm::NewStay));
}

fn build(providers: &[Provider], sh: &Shell) -> Form {
    let names: Vec<String> = providers.iter().map(|p| p.name.clone()).collect();
    let mut services = Field::multi(
        NewStayField::Services,
        text::stays::F_STAY_SERVICES,
        Service::ALL.map(|s| text::stays::service(s).to_string()).to_vec(),
    )
    .with_hint(text::stays::HINT_SERVICES);
    // Start with what the first provider prices.
    if let (FieldValue::Multi { chosen, .. }, Some(p)) = (&mut services.value, providers.first()) {
        for (i, s) in Service::ALL.iter().enumerate() {
            chosen[i] = p.priced_services().contains(s);
        }
    }
    let fields = vec![
        Field::text(NewStayField::Case, text::stays::F_STAY_CASE, "").with_hint(text::stays::HINT_STAY_CASE),
        Field::choice(NewStayField::Provider, text::stays::F_PROVIDER, names, 0),
        services,
        Field::text(NewStayField::PlannedStart, text::stays::F_PLANNED_START, "").with_hint(text::intake::HINT_DATE),
        Field::text(NewStayField::PlannedEnd, text::stays::F_PLANNED_END, "").with_hint(text::intake::HINT_DATE),
        Field::text(NewStayField::RecommendedOn, text::stays::F_RECOMMENDED_ON, &dates::format_date_dk(sh.today))
            .with_hint(text::intake::HINT_DATE),
        Field::text(NewStayField::RecommendedBy, text::stays::F_RECOMMENDED_BY, &sh.user),
        Field::note(NewStayField::Text, text::stays::F_RECOMMENDATION, "").with_hint(text::stays::HINT_RECOMMENDATION),
    ];
    Form::new(text::stays::NEW_STAY_TITLE, fields)
}

pub fn submit(pane: &mut StaysPane, sh: &mut Shell) {
    let Some(active) = &mut pane.form else { return };
    let form = &mut active.form;
    form.clear_errors();
    let input = NewStayInput {
        case_number: form.text(NewStayField::Case),
        provider_id: pane.providers.get(form.choice(NewStayField::Provider)).map(|p| p.id),
        services: form
            .chosen(NewStayField::Services)
            .into_iter()
            .filter_map(|i| Service::ALL.get(i).copied())
            .collect(),
        planned_start: form.text(NewStayField::PlannedStart),
        planned_end: form.text(NewStayField::PlannedEnd),
        recommended_on: form.text(NewStayField::RecommendedOn),
        recommended_by: form.text(NewStayField::RecommendedBy),
        text: form.text(NewStayField::Text),
    };
    // A case that cannot be looked up is the database's failure, not a
    // case that does not exist.
    let mut lookup_failed = None;
    let checked = validate_new_stay(
        &input,
        |id| match sh.store.find_case(id) {
            Ok(case) => case,
            Err(e) => {
                lookup_failed = Some(e);
                None
            }
        },
        &pane.providers,
        sh.today,
    );
    if let Some(e) = lookup_failed {
        return form_host::save_failed(form, sh, e);
    }
    let stay = match checked {
        Ok(stay) => stay,
        Err(problems) => {
            let at_fields = problems.iter().map(|(f, p)| (*f, text::stays::new_stay_problem(p)));
            return form_host::refuse_fields(form, sh, at_fields);
        }
    };
    let others = match sh.store.case_stays(stay.case_id) {
        Ok(others) => others,
        Err(e) => return form_host::save_failed(form, sh, e),
    };
    if let Some(overlap) = overlapping_stay(&stay, &others) {
        let at_start = [(NewStayField::PlannedStart, text::stays::new_stay_problem(&overlap))];
        return form_host::refuse_fields(form, sh, at_start);
    }
    match sh.store.recommend_stay(&stay) {
        Ok(id) => {
            pane.form = None;
            // The new stay is shown in the list, selected.
            pane.stack.clear();
            let reloaded = pane.reload_stays(sh);
            if let Some(i) = pane.lines.iter().position(|l| l.row.stay.id == id) {
                pane.cursor.select(i, pane.lines.len(), stays_per_page(sh.list_rows));
                pane.name_and_cost_view(sh);
            }
            say_saved(sh, reloaded, text::stays::stay_recommended(id, stay.case_id));
        }
        Err(e) => form_host::save_failed(form, sh, e),
    }
}

//! The date form over an opened plan: show the plan as it stood on a day.
//! Nothing is written; the view shows the version in force then.

use chrono::NaiveDate;

use super::forms::PlansForm;
use super::plan_view::PlanView;
use crate::app::Shell;
use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::domain::dates;
use crate::text;

/// The date form's one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfField {
    Date,
}

impl FieldName for AsOfField {}

/// The form, starting from the date shown now (today if none was asked).
pub(super) fn open(view: &PlanView, today: NaiveDate) -> ActiveForm<PlansForm> {
    let case_id = view.case_id();
    let start = view.as_of.unwrap_or(today);
    let fields = vec![
        Field::text(AsOfField::Date, text::plans::F_AS_OF, &dates::format_date_dk(start))
            .with_hint(text::intake::HINT_DATE),
    ];
    let form = Form::new(&format!("{} · sag {case_id}", text::plans::AS_OF_TITLE), fields);
    ActiveForm::new(form, PlansForm::PlanAsOf { case_id })
}

/// The date asked for; an unreadable date is refused at its field.
pub(super) fn submit(form: &mut Form, sh: &mut Shell) -> Option<NaiveDate> {
    form.clear_errors();
    match dates::parse_date_dk(&form.text(AsOfField::Date)) {
        Ok(on) => Some(on),
        Err(e) => {
            form_host::refuse_fields(form, sh, [(AsOfField::Date, e.to_string())]);
            None
        }
    }
}

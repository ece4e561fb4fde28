//! The year's goals in Rapporter: `n` writes a new goal for the year on
//! show, `e` (or Enter on a goal) changes the selected one: its text and
//! its status, each a free text. Saved, the report is read again, so the
//! goal stands where it prints.

use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm, FormEvent};
use crate::app::{Action, Shell, StatusKind};
use crate::domain::report::{GoalDraft, GoalField, YearGoal};
use crate::text::report as text;

use super::ReportsPane;

impl FieldName for GoalField {}

/// What the open form saves: a new goal of `year`, or the goal `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalForm {
    pub year: i32,
    pub id: Option<i64>,
}

/// Opens the form for a new goal of `year`, or to change `existing`.
pub fn open(pane: &mut ReportsPane, year: i32, existing: Option<&YearGoal>) {
    let title = match existing {
        Some(_) => format!("{} {year}", text::EDIT_GOAL_TITLE),
        None => format!("{} {year}", text::NEW_GOAL_TITLE),
    };
    let fields = vec![
        Field::note(GoalField::Goal, text::F_GOAL, existing.map_or("", |g| &g.goal)),
        Field::note(GoalField::Status, text::F_STATUS, existing.map_or("", |g| &g.status)).with_hint(text::HINT_STATUS),
    ];
    pane.form = Some(ActiveForm::new(Form::new(&title, fields), GoalForm { year, id: existing.map(|g| g.id) }));
}

/// A key while the form is open.
pub fn update(pane: &mut ReportsPane, action: Action, sh: &mut Shell) {
    if let Some(FormEvent::Submit(purpose)) = form_host::handle(&mut pane.form, action, sh) {
        submit(pane, sh, purpose);
    }
}

fn submit(pane: &mut ReportsPane, sh: &mut Shell, purpose: GoalForm) {
    let Some(active) = &mut pane.form else { return };
    let form = &mut active.form;
    form.clear_errors();
    let draft = match GoalDraft::new(&form.text(GoalField::Goal), &form.text(GoalField::Status)) {
        Ok(draft) => draft,
        Err(problems) => {
            let at_fields = problems.into_iter().map(|(f, p)| (f, text::goal_problem(p)));
            return form_host::refuse_fields(form, sh, at_fields);
        }
    };
    match sh.store.save_year_goal(purpose.id, purpose.year, &draft) {
        Ok(_) => {
            pane.form = None;
            pane.reload_report(sh);
            sh.set_status(StatusKind::Info, text::GOAL_SAVED);
        }
        Err(e) => form_host::save_failed(form, sh, e),
    }
}

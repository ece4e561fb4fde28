//! Døgn's forms: which one is open and where its keys go. Each form is a
//! file beside the screen it is opened from, with the same three functions:
//! `open` builds it, `sync` shows the fields that apply (when some depend
//! on others) and `submit` checks the draft with the domain's rules and
//! saves it. A refusal and a failed save are shown through `form_host`
//! only: a rule's problem at its field, anything else as a failed save.

use super::StaysPane;
use super::list::new_stay;
use super::providers::{price_form, provider_form};
use super::stay::{own_payment, step};
use crate::app::form::Form;
pub use crate::app::form_host::confirmed;
use crate::app::form_host::{self, FormEvent};
use crate::app::{Action, Shell, StatusKind};
use crate::domain::money::Ore;
use crate::domain::stay::StayStepKind;
use crate::store::Opened;
use crate::text;

/// The pane's forms, with what each acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaysForm {
    /// A recommendation for a new stay.
    NewStay,
    StayStep {
        stay_id: i64,
        kind: StayStepKind,
    },
    /// The mark is the trail's when the form was filled in: a colleague's
    /// later change is not written over.
    OwnPayment {
        stay_id: i64,
        opened: Opened,
    },
    NewProvider,
    EditProvider {
        provider_id: i64,
        opened: Opened,
    },
    NewPrice {
        provider_id: i64,
    },
}

/// A key while a form is open.
pub fn update(pane: &mut StaysPane, action: Action, sh: &mut Shell) {
    match form_host::handle(&mut pane.form, action, sh) {
        Some(FormEvent::Submit(purpose)) => submit(pane, sh, purpose),
        Some(FormEvent::Edited(purpose)) => {
            if let Some(active) = &mut pane.form {
                sync(&mut active.form, purpose);
            }
        }
        Some(FormEvent::Cancelled) | None => {}
    }
}

fn submit(pane: &mut StaysPane, sh: &mut Shell, purpose: StaysForm) {
    match purpose {
        StaysForm::NewStay => new_stay::submit(pane, sh),
        StaysForm::StayStep { stay_id, kind } => step::submit(pane, sh, stay_id, kind),
        StaysForm::OwnPayment { stay_id, opened } => own_payment::submit(pane, sh, stay_id, opened),
        StaysForm::NewProvider => provider_form::submit(pane, sh, None),
        StaysForm::EditProvider { provider_id, opened } => provider_form::submit(pane, sh, Some((provider_id, opened))),
        StaysForm::NewPrice { provider_id } => price_form::submit(pane, sh, provider_id),
    }
}

fn sync(form: &mut Form, purpose: StaysForm) {
    match purpose {
        StaysForm::StayStep { kind, .. } => step::sync(form, kind),
        StaysForm::OwnPayment { .. } => own_payment::sync(form),
        _ => {}
    }
}

/// Says a save on the status line once the pane has loaded afresh; a failed
/// load is said with it, so the user knows the save happened and that the
/// screen may be behind.
pub fn say_saved(sh: &mut Shell, reloaded: Result<(), String>, saved: String) {
    match reloaded {
        Ok(()) => sh.set_status(StatusKind::Info, saved),
        Err(why) => sh.set_status(StatusKind::Error, format!("{saved} {why}")),
    }
}

/// An amount as a form shows it: the Danish number, empty for none.
pub fn amount_text(amount: Option<Ore>) -> String {
    amount.map(Ore::format_number_dk).unwrap_or_default()
}

/// The options of a yes/no choice: yes first.
pub fn yes_no() -> Vec<String> {
    vec![text::YES.to_string(), text::NO.to_string()]
}

/// The index of `yes` among [`yes_no`]'s options.
pub fn yes_no_index(yes: bool) -> usize {
    if yes { 0 } else { 1 }
}

/// Whether a yes/no choice's index says yes.
pub fn is_yes(index: usize) -> bool {
    index == 0
}

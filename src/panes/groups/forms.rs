//! What submitting a Grupper form comes to, and the one way a refusal is
//! shown. Each form's submit function (beside its screen) checks the draft
//! with the domain, writes, and returns either what was saved or a
//! [`Refusal`]; the pane shows the refusal here, through the shell's form
//! host, the draft kept.
//!
//! The line between the two kinds of refusal matters to the counsellor: a
//! problem with the draft belongs at a field ("the card is not in stock"),
//! but a database that fails is not the draft's fault and must never read
//! as if it were.

use crate::app::Shell;
use crate::app::form::{FieldId, Form};
use crate::app::form_host;
use crate::domain::group::groups::{GroupProblem, parse_case_number};
use crate::domain::intake::Case;
use crate::store::StoreError;
use crate::text;

/// A draft that was not saved.
#[derive(Debug)]
pub(super) enum Refusal {
    /// The rules refuse the draft: each problem is shown at its field.
    Fields(Vec<(FieldId, String)>),
    /// The store failed for a reason that is not the draft's: said whole.
    Failed(StoreError),
}

/// A read the check needs failed: not the draft's fault.
impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Refusal {
        Refusal::Failed(e)
    }
}

/// A saved draft: what the status line says, and what the form made.
#[derive(Debug)]
pub(super) struct Saved {
    pub message: String,
    pub made: Option<Made>,
}

impl Saved {
    pub(super) fn new(message: String) -> Saved {
        Saved { message, made: None }
    }

    pub(super) fn made(self, made: Made) -> Saved {
        Saved { made: Some(made), ..self }
    }
}

/// The record a form made, which its screen selects once it is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Made {
    Group(i64),
    Course(i64),
    LedgerEntry(u64),
}

pub(super) type Submitted = Result<Saved, Refusal>;

/// The domain's problems with a draft, each at its field, in Danish.
pub(super) fn at_fields<F>(problems: Vec<(F, GroupProblem)>, field: fn(F) -> FieldId) -> Refusal {
    Refusal::Fields(problems.into_iter().map(|(f, p)| (field(f), text::groups::group_problem(&p))).collect())
}

/// A write the store did not make. The rules' refusal, checked again in the
/// write's transaction (a colleague may have acted since the draft was
/// checked), is shown at `field`; any other failure is a failed save.
pub(super) fn refused_at(field: FieldId) -> impl FnOnce(StoreError) -> Refusal {
    move |e| match e {
        StoreError::Group(problem) => Refusal::Fields(vec![(field, text::groups::group_problem(&problem))]),
        other => Refusal::Failed(other),
    }
}

/// The case a typed case number names, if there is one. Text that is not a
/// number names none (the domain's check says why); a failed read is the
/// store's failure, not "no such case".
pub(super) fn typed_case(sh: &Shell, typed: &str) -> Result<Option<Case>, StoreError> {
    match parse_case_number(typed) {
        Ok(number) => sh.store.find_case(number),
        Err(_) => Ok(None),
    }
}

/// Shows a refusal on the open form, the draft kept, nothing written.
pub(super) fn refuse(form: &mut Form, sh: &mut Shell, refusal: Refusal) {
    match refusal {
        Refusal::Fields(problems) => {
            // A problem of a field this form does not have (a cancelled
            // session on the one-field cancel form) is shown at the first
            // field, and two problems at one field are said together, so
            // no message is lost.
            let first = form.fields.iter().find(|f| !f.hidden).and_then(|f| f.id.string_id()).unwrap_or("");
            let mut at: Vec<(FieldId, String)> = Vec::new();
            for (id, message) in problems {
                let id = if form.field(id).is_some() { id } else { first };
                match at.iter_mut().find(|(field, _)| *field == id) {
                    Some((_, said)) => {
                        said.push(' ');
                        said.push_str(&message);
                    }
                    None => at.push((id, message)),
                }
            }
            form_host::refuse_fields(form, sh, at);
        }
        Refusal::Failed(e) => form_host::save_failed(form, sh, e),
    }
}

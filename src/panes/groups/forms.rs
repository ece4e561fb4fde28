//! What submitting a Grupper form comes to, and the one way a refusal is
//! shown. Each form's submit function (beside its screen) checks the draft
//! with the domain, writes, and returns either what was saved or a
//! [`Refusal`]; [`settle`] shows the refusal on the form through the
//! shell's form host, the draft kept.
//!
//! A form's fields are named by the domain's field enums (`GroupField`,
//! `SessionField`, `MemberField`, `CourseField`, `StockField`), so the
//! problems the domain finds in a draft name the fields they belong to.
//!
//! The line between the two kinds of refusal matters to the counsellor: a
//! problem with the draft belongs at a field ("the card is not in stock"),
//! but a database that fails is not the draft's fault and must never read
//! as if it were.

use crate::app::Shell;
use crate::app::form::{FieldName, Form};
use crate::app::form_host;
use crate::domain::group::course::CourseField;
use crate::domain::group::groups::{GroupField, GroupProblem, MemberField, SessionField, parse_case_number};
use crate::domain::group::stock::StockField;
use crate::domain::intake::Case;
use crate::store::StoreError;
use crate::text;

impl FieldName for GroupField {}
impl FieldName for SessionField {}
impl FieldName for MemberField {}
impl FieldName for CourseField {}
impl FieldName for StockField {}

/// A field enum of the domain that names the fields of this pane's forms,
/// with every name it has: a problem at a field the form does not have is
/// said at the form's first field, and that field is known only by its key.
pub(super) trait FormField: FieldName + PartialEq {
    const ALL: &'static [Self];
}

impl FormField for GroupField {
    const ALL: &'static [Self] = &[
        GroupField::Name,
        GroupField::Kind,
        GroupField::Weekday,
        GroupField::Time,
        GroupField::Place,
        GroupField::Counsellors,
    ];
}

impl FormField for SessionField {
    const ALL: &'static [Self] = &[SessionField::Date, SessionField::Count, SessionField::Time, SessionField::Reason];
}

impl FormField for MemberField {
    const ALL: &'static [Self] = &[MemberField::Case, MemberField::Date];
}

impl FormField for CourseField {
    const ALL: &'static [Self] = &[
        CourseField::Case,
        CourseField::Date,
        CourseField::Attendance,
        CourseField::Reason,
        CourseField::Serial,
        CourseField::Choice,
    ];
}

impl FormField for StockField {
    const ALL: &'static [Self] = &[
        StockField::Serial,
        StockField::To,
        StockField::Value,
        StockField::Date,
        StockField::Reason,
        StockField::Scope,
    ];
}

/// A draft that was not saved; `N` names the form's fields.
#[derive(Debug)]
pub(super) enum Refusal<N> {
    /// The rules refuse the draft: each problem is shown at its field.
    Fields(Vec<(N, String)>),
    /// The store failed for a reason that is not the draft's: said whole.
    Failed(StoreError),
}

/// A read the check needs failed: not the draft's fault.
impl<N> From<StoreError> for Refusal<N> {
    fn from(e: StoreError) -> Refusal<N> {
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

pub(super) type Submitted<N> = Result<Saved, Refusal<N>>;

/// The domain's problems with a draft, each at its field, in Danish.
pub(super) fn at_fields<N>(problems: Vec<(N, GroupProblem)>) -> Refusal<N> {
    Refusal::Fields(problems.into_iter().map(|(f, p)| (f, text::groups::group_problem(&p))).collect())
}

/// A write the store did not make. The rules' refusal, checked again in the
/// write's transaction (a colleague may have acted since the draft was
/// checked), is shown at `field`; any other failure is a failed save.
pub(super) fn refused_at<N>(field: N) -> impl FnOnce(StoreError) -> Refusal<N> {
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

/// What a submitted form came to: what was saved, or `None` when it was
/// refused, and the refusal is shown on the form (the draft kept, nothing
/// written).
pub(super) fn settle<N: FormField>(submitted: Submitted<N>, form: &mut Form, sh: &mut Shell) -> Option<Saved> {
    match submitted {
        Ok(saved) => Some(saved),
        Err(Refusal::Fields(problems)) => {
            refuse_fields(form, sh, problems);
            None
        }
        Err(Refusal::Failed(e)) => {
            form_host::save_failed(form, sh, e);
            None
        }
    }
}

/// Problems at the form's fields. A problem of a field this form does not
/// have (a cancelled session on the one-field cancel form) is shown at the
/// first field, and two problems at one field are said together, so no
/// message is lost.
fn refuse_fields<N: FormField>(form: &mut Form, sh: &mut Shell, problems: Vec<(N, String)>) {
    let first = form.fields.iter().find(|f| !f.hidden).and_then(|f| N::ALL.iter().copied().find(|n| f.id.is(*n)));
    let mut at: Vec<(N, String)> = Vec::new();
    let mut nowhere: Vec<String> = Vec::new();
    for (name, message) in problems {
        let Some(name) = Some(name).filter(|n| form.field(*n).is_some()).or(first) else {
            nowhere.push(message);
            continue;
        };
        match at.iter_mut().find(|(field, _)| *field == name) {
            Some((_, said)) => {
                said.push(' ');
                said.push_str(&message);
            }
            None => at.push((name, message)),
        }
    }
    form_host::refuse_fields(form, sh, at);
    // A form whose fields no name of `N` names: said over the form.
    if !nowhere.is_empty() {
        form.banner = Some(format!("{} {}", text::NOT_SAVED_FIX_FIELDS, nowhere.join(" ")));
    }
}

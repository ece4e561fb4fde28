//! The draft form: a new notification, an edit of a draft, or a
//! correction of a sent notification (a new draft that starts from it).
//! Opened from the board, from a notification and from a case's children;
//! once saved, the notification opens.

use super::super::forms::{NotesForm, Refusal, Saved};
use super::super::{NotesPane, Target};
use crate::app::form::{Field, FieldValue, Form};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::intake::Case;
use crate::domain::notification::{
    Child, DraftContext, DraftField, DraftInput, Duty, Ground, Notification, validate_draft,
};
use crate::store::{Opened, StoreError};
use crate::text;

/// What a draft form drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftOf {
    New,
    /// Changes the draft of this notification (not yet sent).
    Edit(i64),
    /// A new draft that corrects this sent notification.
    Correction(i64),
}

impl DraftOf {
    /// The notification the form starts from.
    fn base(self) -> Option<i64> {
        match self {
            DraftOf::New => None,
            DraftOf::Edit(id) | DraftOf::Correction(id) => Some(id),
        }
    }
}

/// What the form is built from.
struct Loaded {
    case: Case,
    children: Vec<Child>,
    base: Option<Notification>,
}

fn load(sh: &Shell, case_id: i64, of: DraftOf) -> Result<Loaded, StoreError> {
    Ok(Loaded {
        case: sh.store.load_case(case_id)?,
        children: sh.store.children_of(case_id)?,
        base: of.base().map(|id| sh.store.notification(id)).transpose()?,
    })
}

/// A multi field with the given options chosen.
fn multi_with(name: DraftField, label: &str, options: Vec<String>, chosen_now: &[bool]) -> Field {
    let mut field = Field::multi(name, label, options);
    if let FieldValue::Multi { chosen, .. } = &mut field.value {
        for (c, on) in chosen.iter_mut().zip(chosen_now) {
            *c = *on;
        }
    }
    field
}

impl NotesPane {
    /// Opens the draft form; says why not when a sent notification would
    /// be edited or a draft corrected, and opens the case's children when
    /// the case has no child to name.
    pub(crate) fn open_draft_form(&mut self, sh: &mut Shell, case_id: i64, of: DraftOf) {
        // The mark before the read: a change after it is a colleague's.
        let loaded = sh.store.opened().and_then(|opened| Ok((opened, load(sh, case_id, of)?)));
        let (opened, Loaded { case, children, base }) = match loaded {
            Ok(loaded) => loaded,
            Err(e) => {
                return sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_OPEN_FAILED));
            }
        };
        if let Some(b) = &base {
            if matches!(of, DraftOf::Edit(_)) && (b.is_sent() || b.discarded.is_some()) {
                return sh.set_status(StatusKind::Warning, text::notifications::SENT_IS_FROZEN);
            }
            if matches!(of, DraftOf::Correction(_)) && !b.is_sent() {
                return sh.set_status(StatusKind::Warning, text::notifications::ONLY_SENT_CORRECTED);
            }
        }
        // The options: the current children, and any the draft already names.
        let named = |id: i64| base.as_ref().is_some_and(|b| b.content.children.contains(&id));
        let offered: Vec<&Child> = children.iter().filter(|c| c.is_current(sh.today) || named(c.id)).collect();
        if offered.is_empty() {
            sh.set_status(StatusKind::Warning, text::notifications::RECORD_CHILD_FIRST);
            return self.open(sh, Target::Family { case_id });
        }
        let form = build(&case, &offered, base.as_ref(), of, sh.today);
        self.draft_children = offered.iter().map(|c| c.id).collect();
        self.open_form(form, NotesForm::Draft { case_id, of, opened });
    }
}

/// The form, filled from the notification it starts from, if any.
fn build(case: &Case, offered: &[&Child], base: Option<&Notification>, of: DraftOf, today: chrono::NaiveDate) -> Form {
    let content = base.map(|b| &b.content);
    let duty = content.map_or(Duty::Professional, |c| c.duty);
    let grounds_on: Vec<bool> = Ground::ALL.iter().map(|g| content.is_some_and(|c| c.grounds.contains(g))).collect();
    let children_on: Vec<bool> = offered
        .iter()
        .map(|child| match content {
            Some(content) => content.children.contains(&child.id),
            // One child: it is the one the notification is about.
            None => offered.len() == 1,
        })
        .collect();
    let municipality = content.map_or(case.home_municipality.as_str(), |c| c.municipality.as_str());
    let description = content.map_or("", |c| c.description.as_str());
    // An edit keeps the draft's day; a new draft and a correction are today's.
    let date = match (of, base) {
        (DraftOf::Edit(_), Some(b)) => b.drafted.on,
        _ => today,
    };
    let fields = vec![
        Field::choice(
            DraftField::Duty,
            text::notifications::F_DUTY,
            Duty::ALL.map(|d| text::notifications::duty_option(d).to_string()).to_vec(),
            Duty::ALL.iter().position(|d| *d == duty).unwrap_or(0),
        ),
        multi_with(
            DraftField::Grounds,
            text::notifications::F_GROUNDS,
            Ground::ALL.map(|g| text::notifications::ground_option(g).to_string()).to_vec(),
            &grounds_on,
        )
        .with_hint(text::intake::HINT_MULTI),
        multi_with(
            DraftField::Children,
            text::notifications::F_CHILDREN_CONCERNED,
            offered.iter().map(|c| text::notifications::child_label(c)).collect(),
            &children_on,
        )
        .with_hint(text::intake::HINT_MULTI),
        Field::text(DraftField::Municipality, text::notifications::F_RECEIVING_MUNICIPALITY, municipality),
        Field::note(DraftField::Description, text::notifications::F_DESCRIPTION, description),
        Field::text(DraftField::Date, text::notifications::F_DRAFT_DATE, &dates::format_date_dk(date))
            .with_hint(text::intake::HINT_DATE),
    ];
    let title = match of {
        DraftOf::Edit(id) => format!("{} {id} · sag {}", text::notifications::EDIT_DRAFT_TITLE, case.id),
        DraftOf::Correction(id) => format!("{} {id} · sag {}", text::notifications::CORRECTION_TITLE, case.id),
        DraftOf::New => format!(
            "{} · sag {} · {}",
            text::notifications::NEW_NOTIFICATION_TITLE,
            case.id,
            case.identity.display_name()
        ),
    };
    Form::new(&title, fields)
}

/// Checks the draft against the case as stored and saves it. `offered` are
/// the child ids behind the children field's options.
pub(crate) fn submit(
    form: &Form,
    sh: &mut Shell,
    case_id: i64,
    of: DraftOf,
    opened: Opened,
    offered: &[i64],
) -> Result<Saved, Refusal<DraftField>> {
    let Loaded { case, children, base } = load(sh, case_id, of).map_err(Refusal::Store)?;
    let input = DraftInput {
        duty: Duty::ALL[form.choice(DraftField::Duty).min(Duty::ALL.len() - 1)],
        grounds: form.chosen(DraftField::Grounds).into_iter().filter_map(|i| Ground::ALL.get(i).copied()).collect(),
        children: form.chosen(DraftField::Children).into_iter().filter_map(|i| offered.get(i).copied()).collect(),
        municipality: form.text(DraftField::Municipality),
        description: form.text(DraftField::Description),
        date: form.text(DraftField::Date),
    };
    let ctx = DraftContext {
        case: &case,
        children: &children,
        today: sh.today,
        editing: base.as_ref().filter(|_| matches!(of, DraftOf::Edit(_))),
        corrects: base.as_ref().filter(|_| matches!(of, DraftOf::Correction(_))),
    };
    let draft = validate_draft(&input, ctx).map_err(|problems| {
        Refusal::Fields(
            problems.iter().map(|(field, p)| (*field, text::notifications::draft_problem(p, &children))).collect(),
        )
    })?;
    let saved = match of {
        DraftOf::Edit(id) => sh.store.edit_draft(id, &draft, opened),
        DraftOf::New | DraftOf::Correction(_) => sh.store.draft_notification(case_id, &draft),
    }
    .map_err(Refusal::Store)?;
    let message = match of {
        DraftOf::Edit(id) => text::notifications::draft_edited(id),
        DraftOf::New | DraftOf::Correction(_) => text::notifications::draft_saved(saved.id),
    };
    Ok(Saved::Open { target: Target::Notification(saved.id), message: Some(message) })
}

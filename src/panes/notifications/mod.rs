//! The Underretninger pane's state and actions: the list of what is
//! pending, one notification open, a case's children open, and their forms.
//! Every form goes: submit → the domain's checks (errors at their fields in
//! Danish, the draft kept, nothing written) → one store write → reload.

mod draw;
mod keys;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::form::{Field, FieldId, FieldValue, Form};
use crate::app::form_host::{self, ActiveForm, FormEvent};
use crate::app::pane::Screen;
use crate::app::{Action, Pane, Shell, StatusKind};
use crate::domain::dates;
use crate::domain::intake::{Case, ChildrenAnswer};
use crate::domain::notification::{
    BoardEntry, BoardItem, Child, ChildField, ChildInput, ChildRelation, Consideration, ConsiderationField,
    ConsiderationInput, DraftContext, DraftField, DraftInput, Duty, EndChildInput, Ground, InformHow, Notification,
    SendHow, TransitionField, TransitionInput, TransitionKind, answer_children_question, build_board,
    consideration_due, parse_transition, validate_child, validate_child_change, validate_consideration, validate_draft,
    validate_end_child,
};
use crate::store::Viewer;
use crate::text;
use crate::ui::Theme;

/// The pane: its list, and what is open over it.
#[derive(Debug, Default)]
pub struct NotesPane {
    pub entries: Vec<BoardEntry>,
    pub selected: usize,
    pub only_mine: bool,
    /// Show receipt-confirmed and discarded notifications too.
    pub show_finished: bool,
    pub detail: Option<NotesDetail>,
    /// The child ids behind the options of an open draft form's children field.
    form_children: Vec<i64>,
    pub form: Option<ActiveForm<NotesForm>>,
}

// One detail is open at a time; boxing the larger view would save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum NotesDetail {
    Notification(NotificationView),
    Family(FamilyView),
}

/// One notification open.
#[derive(Debug, Clone)]
pub struct NotificationView {
    pub case: Case,
    pub notification: Notification,
    /// The case's children, to say which the notification concerns.
    pub children: Vec<Child>,
    /// The notifications that correct this one.
    pub corrections: Vec<i64>,
}

/// A case's children, considerations and notifications open.
#[derive(Debug, Clone)]
pub struct FamilyView {
    pub case: Case,
    pub children: Vec<Child>,
    pub considerations: Vec<Consideration>,
    pub notifications: Vec<Notification>,
    /// The next consideration, if the case needs one.
    pub consideration_due: Option<NaiveDate>,
    /// Position in `children`.
    pub selected: usize,
}

impl FamilyView {
    pub fn selected_child(&self) -> Option<&Child> {
        self.children.get(self.selected)
    }
}

/// What submitting a form of this pane does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotesForm {
    /// Asks for a case number, then opens the case's children.
    FindCase,
    /// A new draft, an edit of one, or a correction of a sent notification.
    Draft {
        case_id: i64,
        editing: Option<i64>,
        corrects: Option<i64>,
    },
    Step {
        id: i64,
        kind: TransitionKind,
    },
    AddChild {
        case_id: i64,
    },
    ChangeChild {
        child_id: i64,
    },
    EndChild {
        child_id: i64,
    },
    Consideration {
        case_id: i64,
    },
    AnswerChildren {
        case_id: i64,
    },
}

impl NotesPane {
    pub fn selected_entry(&self) -> Option<&BoardEntry> {
        self.entries.get(self.selected)
    }

    fn move_by(&mut self, by: isize) {
        let last = self.entries.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize).saturating_add(by).clamp(0, last.max(0)) as usize;
    }
}

/// What identifies a line across reloads.
fn entry_key(e: &BoardEntry) -> (i64, u8, i64) {
    match &e.item {
        BoardItem::Notification(n) => (e.case_id, 0, n.id),
        BoardItem::ChildrenQuestion => (e.case_id, 1, 0),
        BoardItem::Consideration { .. } => (e.case_id, 2, 0),
    }
}

const ANSWERS: [ChildrenAnswer; 2] = [ChildrenAnswer::NoChildren, ChildrenAnswer::HasChildren];

fn draft_field_id(f: DraftField) -> FieldId {
    match f {
        DraftField::Duty => "duty",
        DraftField::Grounds => "grounds",
        DraftField::Children => "children",
        DraftField::Municipality => "municipality",
        DraftField::Description => "description",
        DraftField::Date => "date",
    }
}

fn step_field_id(f: TransitionField) -> FieldId {
    match f {
        TransitionField::Date => "date",
        TransitionField::Told => "told",
        TransitionField::Text => "text",
    }
}

fn child_field_id(f: ChildField) -> FieldId {
    match f {
        ChildField::Relation => "relation",
        ChildField::Year => "year",
        ChildField::Date => "date",
        ChildField::Reason => "reason",
        ChildField::Answer => "answer",
    }
}

/// A multi field with the given options chosen.
fn multi_with(id: FieldId, label: &str, options: Vec<String>, chosen_now: &[bool]) -> Field {
    let mut field = Field::multi(id, label, options);
    if let FieldValue::Multi { chosen, .. } = &mut field.value {
        for (c, on) in chosen.iter_mut().zip(chosen_now) {
            *c = *on;
        }
    }
    field
}

impl NotesPane {
    fn viewer(&self, sh: &Shell) -> Viewer {
        Viewer::new(&sh.user, self.only_mine)
    }

    /// Reloads the list from the store, keeping the selection on the same line.
    pub fn reload_notes(&mut self, sh: &mut Shell) {
        let keep = self.selected_entry().map(entry_key);
        let viewer = self.viewer(sh);
        let loaded = sh
            .store
            .board_notifications(&viewer, self.show_finished)
            .and_then(|n| Ok((n, sh.store.family_cases(&viewer)?)));
        match loaded {
            Ok((notifications, family)) => {
                self.entries = build_board(notifications, &family, &sh.profile.notification, sh.today);
                self.selected = keep
                    .and_then(|k| self.entries.iter().position(|e| entry_key(e) == k))
                    .unwrap_or(self.selected)
                    .min(self.entries.len().saturating_sub(1));
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_LOAD_FAILED)),
        }
    }

    pub(super) fn update_notes(&mut self, sh: &mut Shell, action: Action) {
        match &self.detail {
            None => self.update_board(sh, action),
            Some(NotesDetail::Notification(_)) => self.update_notification_view(sh, action),
            Some(NotesDetail::Family(_)) => self.update_family_view(sh, action),
        }
    }

    fn update_board(&mut self, sh: &mut Shell, action: Action) {
        let page = sh.list_rows.max(1) as isize;
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::ToggleMine => {
                self.only_mine = !self.only_mine;
                self.reload_notes(sh);
                let what = if self.only_mine { text::ONLY_MINE } else { text::ALL_CASES };
                sh.set_status(StatusKind::Info, what);
            }
            Action::ToggleFinished => {
                self.show_finished = !self.show_finished;
                self.reload_notes(sh);
                let what = if self.show_finished {
                    text::notifications::SHOWING_FINISHED
                } else {
                    text::notifications::SHOWING_PENDING
                };
                sh.set_status(StatusKind::Info, what);
            }
            Action::OpenCase => match self.selected_entry().map(|e| (e.case_id, e.notification().map(|n| n.id))) {
                Some((_, Some(id))) => self.open_notification(sh, id),
                Some((case_id, None)) => self.open_family(sh, case_id),
                None => {}
            },
            Action::OpenFamily => match self.selected_entry().map(|e| e.case_id) {
                Some(case_id) => self.open_family(sh, case_id),
                None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
            },
            Action::NewNotification => match self.selected_entry().map(|e| e.case_id) {
                Some(case_id) => self.open_draft_form(sh, case_id, None, None),
                None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
            },
            Action::Search => {
                let form = Form::new(
                    text::notifications::FIND_CASE_TITLE,
                    vec![
                        Field::text("case", text::notifications::F_CASE_NUMBER, "")
                            .with_hint(text::notifications::HINT_CASE_NUMBER),
                    ],
                );
                self.open_notes_form(form, NotesForm::FindCase);
            }
            _ => {}
        }
    }

    fn update_notification_view(&mut self, sh: &mut Shell, action: Action) {
        let Some(NotesDetail::Notification(view)) = &self.detail else { return };
        let (id, case_id) = (view.notification.id, view.case.id);
        match action {
            Action::Close => {
                self.detail = None;
                self.reload_notes(sh);
            }
            Action::NotifyInform => self.open_transition_form(sh, id, TransitionKind::Inform),
            Action::NotifySend => self.open_transition_form(sh, id, TransitionKind::Send),
            Action::NotifyReceipt => self.open_transition_form(sh, id, TransitionKind::Receipt),
            Action::NotifyLaterInfo => self.open_transition_form(sh, id, TransitionKind::LaterInfo),
            Action::NotifyDiscard => self.open_transition_form(sh, id, TransitionKind::Discard),
            Action::NotifyEdit => self.open_draft_form(sh, case_id, Some(id), None),
            Action::NotifyCorrect => self.open_draft_form(sh, case_id, None, Some(id)),
            Action::OpenFamily => self.open_family(sh, case_id),
            _ => {}
        }
    }

    fn update_family_view(&mut self, sh: &mut Shell, action: Action) {
        let Some(NotesDetail::Family(view)) = &mut self.detail else { return };
        let case_id = view.case.id;
        let last = view.children.len().saturating_sub(1) as isize;
        let mut move_to =
            |by: isize| view.selected = (view.selected as isize).saturating_add(by).clamp(0, last) as usize;
        match action {
            Action::Up => move_to(-1),
            Action::Down => move_to(1),
            Action::PageUp | Action::Top => move_to(isize::MIN / 2),
            Action::PageDown | Action::Bottom => move_to(isize::MAX / 2),
            Action::Close => {
                self.detail = None;
                self.reload_notes(sh);
            }
            Action::NewNotification => self.open_draft_form(sh, case_id, None, None),
            Action::ChildAdd => self.open_child_form(case_id, None),
            Action::ChildChange | Action::ChildEnd => {
                let Some(child) = view.selected_child().cloned() else {
                    sh.set_status(StatusKind::Warning, text::notifications::SELECT_CHILD_FIRST);
                    return;
                };
                if action == Action::ChildChange {
                    self.open_child_form(case_id, Some(&child));
                } else {
                    let form = Form::new(
                        &format!(
                            "{} · {}",
                            text::notifications::END_CHILD_TITLE,
                            text::notifications::child_label(&child)
                        ),
                        vec![
                            Field::text("date", text::intake::F_DATE, &dates::format_date_dk(sh.today))
                                .with_hint(text::intake::HINT_DATE),
                            Field::text("reason", text::intake::F_REASON, "")
                                .with_hint(text::notifications::HINT_END_CHILD),
                        ],
                    );
                    self.open_notes_form(form, NotesForm::EndChild { child_id: child.id });
                }
            }
            Action::RecordConsideration => {
                let form = Form::new(
                    &format!("{} · sag {case_id}", text::notifications::CONSIDERATION_TITLE),
                    vec![
                        Field::text("date", text::intake::F_DATE, &dates::format_date_dk(sh.today))
                            .with_hint(text::intake::HINT_DATE),
                        Field::text("note", text::notifications::F_CONSIDERATION_NOTE, "")
                            .with_hint(text::notifications::HINT_CONSIDERATION),
                    ],
                );
                self.open_notes_form(form, NotesForm::Consideration { case_id });
            }
            Action::AnswerChildren => {
                let form = Form::new(
                    &format!("{} · sag {case_id}", text::notifications::ANSWER_TITLE),
                    vec![Field::choice(
                        "answer",
                        text::intake::F_CHILDREN,
                        ANSWERS.map(|a| text::intake::children(a).to_string()).to_vec(),
                        1,
                    )],
                );
                self.open_notes_form(form, NotesForm::AnswerChildren { case_id });
            }
            _ => {}
        }
    }

    fn open_notes_form(&mut self, form: Form, purpose: NotesForm) {
        self.form = Some(ActiveForm::new(form, purpose));
    }

    /// Opens one notification: the look is recorded in the audit trail.
    pub(super) fn open_notification(&mut self, sh: &mut Shell, id: i64) {
        let loaded = sh.store.view_notification(id).and_then(|n| {
            let case = sh.store.load_case(n.case_id)?;
            let children = sh.store.children_of(n.case_id)?;
            let corrections = sh.store.corrections_of(id)?;
            Ok(NotificationView { case, notification: n, children, corrections })
        });
        match loaded {
            Ok(view) => self.detail = Some(NotesDetail::Notification(view)),
            Err(e) => sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_OPEN_FAILED)),
        }
    }

    /// Opens a case's children: the look at the case is audited.
    pub(super) fn open_family(&mut self, sh: &mut Shell, case_id: i64) {
        let keep = match &self.detail {
            Some(NotesDetail::Family(v)) if v.case.id == case_id => v.selected,
            _ => 0,
        };
        match self.load_family(sh, case_id, true) {
            Ok(mut view) => {
                view.selected = keep.min(view.children.len().saturating_sub(1));
                self.detail = Some(NotesDetail::Family(view));
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_OPEN_FAILED)),
        }
    }

    fn load_family(&mut self, sh: &mut Shell, case_id: i64, audited: bool) -> crate::store::Result<FamilyView> {
        let case = if audited { sh.store.view_case(case_id)? } else { sh.store.load_case(case_id)? };
        let family = sh.store.family_of(case.clone())?;
        let due = consideration_due(&family, &sh.profile.notification, sh.today);
        Ok(FamilyView {
            case,
            children: family.children,
            considerations: sh.store.considerations_of(case_id)?,
            notifications: sh.store.notifications_of_case(case_id)?,
            consideration_due: due,
            selected: 0,
        })
    }

    /// After a write: the open view shows the stored state again.
    fn refresh_detail(&mut self, sh: &mut Shell) {
        match &self.detail {
            Some(NotesDetail::Notification(v)) => {
                let id = v.notification.id;
                let loaded = sh
                    .store
                    .notification(id)
                    .and_then(|n| Ok((n, sh.store.children_of(v.case.id)?, sh.store.corrections_of(id)?)));
                if let (Ok((n, children, corrections)), Some(NotesDetail::Notification(v))) = (loaded, &mut self.detail)
                {
                    v.notification = n;
                    v.children = children;
                    v.corrections = corrections;
                }
            }
            Some(NotesDetail::Family(v)) => {
                let (case_id, selected) = (v.case.id, v.selected);
                if let Ok(mut view) = self.load_family(sh, case_id, false) {
                    view.selected = selected.min(view.children.len().saturating_sub(1));
                    self.detail = Some(NotesDetail::Family(view));
                }
            }
            None => {}
        }
        self.reload_notes(sh);
    }

    fn open_draft_form(&mut self, sh: &mut Shell, case_id: i64, editing: Option<i64>, corrects: Option<i64>) {
        let loaded = sh.store.load_case(case_id).and_then(|case| {
            let children = sh.store.children_of(case_id)?;
            let base = match editing.or(corrects) {
                Some(id) => Some(sh.store.notification(id)?),
                None => None,
            };
            Ok((case, children, base))
        });
        let (case, children, base) = match loaded {
            Ok(l) => l,
            Err(e) => {
                return sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_OPEN_FAILED));
            }
        };
        if let Some(b) = &base {
            if editing.is_some() && (b.is_sent() || b.discarded.is_some()) {
                return sh.set_status(StatusKind::Warning, text::notifications::SENT_IS_FROZEN);
            }
            if corrects.is_some() && !b.is_sent() {
                return sh.set_status(StatusKind::Warning, text::notifications::ONLY_SENT_CORRECTED);
            }
        }
        // The options: the current children, and any the draft already names.
        let named = |id: i64| base.as_ref().is_some_and(|b| b.content.children.contains(&id));
        let offered: Vec<&Child> = children.iter().filter(|c| c.is_current(sh.today) || named(c.id)).collect();
        if offered.is_empty() {
            sh.set_status(StatusKind::Warning, text::notifications::RECORD_CHILD_FIRST);
            return self.open_family(sh, case_id);
        }
        let content = base.as_ref().map(|b| b.content.clone());
        let duty = content.as_ref().map(|c| c.duty).unwrap_or(Duty::Professional);
        let grounds_on: Vec<bool> =
            Ground::ALL.iter().map(|g| content.as_ref().is_some_and(|c| c.grounds.contains(g))).collect();
        let children_on: Vec<bool> = offered
            .iter()
            .map(|c| match &content {
                Some(content) => content.children.contains(&c.id),
                // One child: it is the one the notification is about.
                None => offered.len() == 1,
            })
            .collect();
        let municipality = content.as_ref().map(|c| c.municipality.clone()).unwrap_or(case.home_municipality.clone());
        let description = match (&content, corrects) {
            (Some(c), _) => c.description.clone(),
            (None, _) => String::new(),
        };
        let date = match (editing, &base) {
            (Some(_), Some(b)) => b.drafted.on,
            _ => sh.today,
        };
        let fields = vec![
            Field::choice(
                "duty",
                text::notifications::F_DUTY,
                Duty::ALL.map(|d| text::notifications::duty_option(d).to_string()).to_vec(),
                Duty::ALL.iter().position(|d| *d == duty).unwrap_or(0),
            ),
            multi_with(
                "grounds",
                text::notifications::F_GROUNDS,
                Ground::ALL.map(|g| text::notifications::ground_option(g).to_string()).to_vec(),
                &grounds_on,
            )
            .with_hint(text::intake::HINT_MULTI),
            multi_with(
                "children",
                text::notifications::F_CHILDREN_CONCERNED,
                offered.iter().map(|c| text::notifications::child_label(c)).collect(),
                &children_on,
            )
            .with_hint(text::intake::HINT_MULTI),
            Field::text("municipality", text::notifications::F_RECEIVING_MUNICIPALITY, &municipality),
            Field::text("description", text::notifications::F_DESCRIPTION, &description),
            Field::text("date", text::notifications::F_DRAFT_DATE, &dates::format_date_dk(date))
                .with_hint(text::intake::HINT_DATE),
        ];
        self.form_children = offered.iter().map(|c| c.id).collect();
        let title = match (editing, corrects) {
            (Some(id), _) => format!("{} {id} · sag {case_id}", text::notifications::EDIT_DRAFT_TITLE),
            (None, Some(id)) => format!("{} {id} · sag {case_id}", text::notifications::CORRECTION_TITLE),
            (None, None) => {
                format!(
                    "{} · sag {case_id} · {}",
                    text::notifications::NEW_NOTIFICATION_TITLE,
                    case.identity.display_name()
                )
            }
        };
        self.open_notes_form(Form::new(&title, fields), NotesForm::Draft { case_id, editing, corrects });
    }

    fn open_transition_form(&mut self, sh: &mut Shell, id: i64, kind: TransitionKind) {
        let today = dates::format_date_dk(sh.today);
        let mut fields = Vec::new();
        if kind == TransitionKind::Inform {
            fields.push(Field::choice(
                "told",
                text::notifications::F_TOLD,
                vec![text::notifications::TOLD_YES.into(), text::notifications::TOLD_NO.into()],
                0,
            ));
        }
        fields.push(
            Field::text("date", text::notifications::transition_date_label(kind), &today)
                .with_hint(text::intake::HINT_DATE),
        );
        match kind {
            TransitionKind::Inform => {
                fields.push(Field::choice(
                    "how",
                    text::notifications::F_HOW,
                    InformHow::ALL.map(|h| text::notifications::inform_how(h).to_string()).to_vec(),
                    0,
                ));
                fields.push(
                    Field::text("text", text::notifications::F_NOT_TOLD_REASON, "")
                        .with_hint(text::notifications::HINT_NOT_TOLD),
                );
            }
            TransitionKind::Send => {
                fields.push(Field::choice(
                    "how",
                    text::notifications::F_HOW_SENT,
                    SendHow::ALL.map(|h| text::notifications::send_how(h).to_string()).to_vec(),
                    0,
                ));
            }
            TransitionKind::Receipt => {}
            TransitionKind::LaterInfo => fields.push(
                Field::text("text", text::notifications::F_LATER_TEXT, "").with_hint(text::notifications::HINT_LATER),
            ),
            TransitionKind::Discard => fields.push(Field::text("text", text::intake::F_REASON, "")),
        }
        let mut form =
            Form::new(&format!("{} · underretning {id}", text::notifications::transition_title(kind)), fields);
        sync_step_visibility(&mut form);
        self.open_notes_form(form, NotesForm::Step { id, kind });
    }

    fn open_child_form(&mut self, case_id: i64, child: Option<&Child>) {
        let relation = child.map(|c| c.relation).unwrap_or(ChildRelation::LivesAtHome);
        let year = child.map(|c| c.birth_year.to_string()).unwrap_or_default();
        let fields = vec![
            Field::choice(
                "relation",
                text::notifications::F_RELATION,
                ChildRelation::ALL.map(|r| text::notifications::relation(r).to_string()).to_vec(),
                ChildRelation::ALL.iter().position(|r| *r == relation).unwrap_or(0),
            ),
            Field::text("year", text::notifications::F_BIRTH_YEAR, &year)
                .with_hint(text::notifications::HINT_BIRTH_YEAR),
        ];
        let (title, purpose) = match child {
            Some(c) => (
                format!("{} · {}", text::notifications::CHANGE_CHILD_TITLE, text::notifications::child_label(c)),
                NotesForm::ChangeChild { child_id: c.id },
            ),
            None => {
                (format!("{} · sag {case_id}", text::notifications::ADD_CHILD_TITLE), NotesForm::AddChild { case_id })
            }
        };
        self.open_notes_form(Form::new(&title, fields), purpose);
    }

    /// Keeps the inform form's reason field for "not told" only.
    fn update_form(&mut self, sh: &mut Shell, action: Action) {
        match form_host::handle(&mut self.form, action, sh) {
            Some(FormEvent::Submit(purpose)) => self.submit_notes_form(sh, purpose),
            Some(FormEvent::Edited(NotesForm::Step { kind: TransitionKind::Inform, .. })) => {
                if let Some(active) = &mut self.form {
                    sync_step_visibility(&mut active.form);
                }
            }
            _ => {}
        }
    }

    fn submit_notes_form(&mut self, sh: &mut Shell, purpose: NotesForm) {
        let Some(active) = &mut self.form else { return };
        active.form.clear_errors();
        let result = match purpose {
            NotesForm::FindCase => self.submit_find_case(sh),
            NotesForm::Draft { case_id, editing, corrects } => self.submit_draft(sh, case_id, editing, corrects),
            NotesForm::Step { id, kind } => self.submit_step_form(sh, id, kind),
            NotesForm::AddChild { case_id } => self.submit_child(sh, case_id, None),
            NotesForm::ChangeChild { child_id } => self.submit_child(sh, 0, Some(child_id)),
            NotesForm::EndChild { child_id } => self.submit_end_child(sh, child_id),
            NotesForm::Consideration { case_id } => self.submit_consideration(sh, case_id),
            NotesForm::AnswerChildren { case_id } => self.submit_answer(sh, case_id),
        };
        match result {
            Ok(message) => {
                self.form = None;
                if let Some(message) = message {
                    sh.set_status(StatusKind::Info, message);
                }
            }
            Err(Refusal::Fields) => {
                if let Some(active) = &mut self.form {
                    active.form.banner = Some(text::NOT_SAVED_FIX_FIELDS.into());
                }
                sh.set_status(StatusKind::Error, text::NOT_SAVED_FIX_FIELDS);
            }
            Err(Refusal::Store(e)) => {
                let message = format!("{} {e}", text::SAVE_FAILED);
                if let Some(active) = &mut self.form {
                    active.form.banner = Some(message.clone());
                }
                sh.set_status(StatusKind::Error, message);
            }
        }
    }

    fn draft(&mut self) -> &mut Form {
        &mut self.form.as_mut().expect("a form is open while it is submitted").form
    }

    fn submit_find_case(&mut self, sh: &mut Shell) -> Result<Option<String>, Refusal> {
        let typed = self.draft().text("case");
        let number = typed.trim().trim_start_matches('#');
        let Ok(id) = number.parse::<i64>() else {
            self.draft().set_error("case", text::notifications::NOT_A_CASE_NUMBER.into());
            return Err(Refusal::Fields);
        };
        if sh.store.load_case(id).is_err() {
            self.draft().set_error("case", text::notifications::no_such_case(id));
            return Err(Refusal::Fields);
        }
        self.form = None;
        self.open_family(sh, id);
        Ok(None)
    }

    fn submit_draft(
        &mut self,
        sh: &mut Shell,
        case_id: i64,
        editing: Option<i64>,
        corrects: Option<i64>,
    ) -> Result<Option<String>, Refusal> {
        let case = sh.store.load_case(case_id).map_err(Refusal::Store)?;
        let children = sh.store.children_of(case_id).map_err(Refusal::Store)?;
        let editing_n = editing.map(|id| sh.store.notification(id)).transpose().map_err(Refusal::Store)?;
        let corrects_n = corrects.map(|id| sh.store.notification(id)).transpose().map_err(Refusal::Store)?;
        let offered = self.form_children.clone();
        let form = self.draft();
        let input = DraftInput {
            duty: Duty::ALL[form.choice("duty").min(Duty::ALL.len() - 1)],
            grounds: form.chosen("grounds").into_iter().filter_map(|i| Ground::ALL.get(i).copied()).collect(),
            children: form.chosen("children").into_iter().filter_map(|i| offered.get(i).copied()).collect(),
            municipality: form.text("municipality"),
            description: form.text("description"),
            date: form.text("date"),
        };
        let ctx = DraftContext {
            case: &case,
            children: &children,
            today: sh.today,
            editing: editing_n.as_ref(),
            corrects: corrects_n.as_ref(),
        };
        let draft = match validate_draft(&input, ctx) {
            Ok(d) => d,
            Err(problems) => {
                let form = self.draft();
                for (field, p) in &problems {
                    form.set_error(draft_field_id(*field), text::notifications::draft_problem(p, &children));
                }
                return Err(Refusal::Fields);
            }
        };
        let saved = match editing {
            Some(id) => sh.store.edit_draft(id, &draft),
            None => sh.store.draft_notification(case_id, &draft),
        }
        .map_err(Refusal::Store)?;
        self.form = None;
        self.open_notification(sh, saved.id);
        self.reload_notes(sh);
        Ok(Some(match editing {
            Some(id) => text::notifications::draft_edited(id),
            None => text::notifications::draft_saved(saved.id),
        }))
    }

    fn submit_step_form(&mut self, sh: &mut Shell, id: i64, kind: TransitionKind) -> Result<Option<String>, Refusal> {
        let n = sh.store.notification(id).map_err(Refusal::Store)?;
        let form = self.draft();
        let input = TransitionInput {
            kind,
            date: form.text("date"),
            told: form.choice("told") == 0,
            inform_how: InformHow::ALL[form.choice("how").min(InformHow::ALL.len() - 1)],
            send_how: SendHow::ALL[form.choice("how").min(SendHow::ALL.len() - 1)],
            text: form.text("text"),
        };
        let t = match parse_transition(&input, &n, sh.today) {
            Ok(t) => t,
            Err(problems) => {
                let form = self.draft();
                for (field, p) in &problems {
                    form.set_error(step_field_id(*field), text::notifications::transition_problem(p));
                }
                return Err(Refusal::Fields);
            }
        };
        sh.store.record_transition(id, &t).map_err(Refusal::Store)?;
        self.refresh_detail(sh);
        Ok(Some(text::notifications::transition_saved(kind, id)))
    }

    fn submit_child(&mut self, sh: &mut Shell, case_id: i64, child_id: Option<i64>) -> Result<Option<String>, Refusal> {
        let old = child_id.map(|id| sh.store.load_child(id)).transpose().map_err(Refusal::Store)?;
        let case_id = old.as_ref().map(|c| c.case_id).unwrap_or(case_id);
        let case = sh.store.load_case(case_id).map_err(Refusal::Store)?;
        let form = self.draft();
        let input = ChildInput {
            relation: ChildRelation::ALL[form.choice("relation").min(ChildRelation::ALL.len() - 1)],
            year: form.text("year"),
        };
        let checked = match &old {
            Some(old) => validate_child_change(&input, old, &case, sh.today),
            None => validate_child(&input, &case, sh.today),
        };
        let new = match checked {
            Ok(c) => c,
            Err(problems) => {
                let form = self.draft();
                for (field, p) in &problems {
                    form.set_error(child_field_id(*field), text::notifications::child_problem(p));
                }
                return Err(Refusal::Fields);
            }
        };
        let saved = match child_id {
            Some(id) => sh.store.change_child(id, &new),
            None => sh.store.add_child(case_id, &new, sh.today),
        }
        .map_err(Refusal::Store)?;
        self.refresh_detail(sh);
        if let Some(NotesDetail::Family(v)) = &mut self.detail {
            v.selected = v.children.iter().position(|c| c.id == saved.id).unwrap_or(v.selected);
        }
        Ok(Some(text::notifications::child_saved(&saved)))
    }

    fn submit_end_child(&mut self, sh: &mut Shell, child_id: i64) -> Result<Option<String>, Refusal> {
        let child = sh.store.load_child(child_id).map_err(Refusal::Store)?;
        let form = self.draft();
        let input = EndChildInput { date: form.text("date"), reason: form.text("reason") };
        let end = match validate_end_child(&input, &child, sh.today) {
            Ok(e) => e,
            Err(problems) => {
                let form = self.draft();
                for (field, p) in &problems {
                    form.set_error(child_field_id(*field), text::notifications::child_problem(p));
                }
                return Err(Refusal::Fields);
            }
        };
        let saved = sh.store.end_child(child_id, &end).map_err(Refusal::Store)?;
        self.refresh_detail(sh);
        Ok(Some(text::notifications::child_ended(&saved)))
    }

    fn submit_consideration(&mut self, sh: &mut Shell, case_id: i64) -> Result<Option<String>, Refusal> {
        let case = sh.store.load_case(case_id).map_err(Refusal::Store)?;
        let form = self.draft();
        let input = ConsiderationInput { date: form.text("date"), note: form.text("note") };
        let c = match validate_consideration(&input, &case, sh.today) {
            Ok(c) => c,
            Err(problems) => {
                let form = self.draft();
                for (field, p) in &problems {
                    let id = match field {
                        ConsiderationField::Date => "date",
                        ConsiderationField::Note => "note",
                    };
                    form.set_error(id, text::notifications::child_problem(p));
                }
                return Err(Refusal::Fields);
            }
        };
        sh.store.record_consideration(case_id, &c).map_err(Refusal::Store)?;
        self.refresh_detail(sh);
        Ok(Some(text::notifications::consideration_saved(case_id)))
    }

    fn submit_answer(&mut self, sh: &mut Shell, case_id: i64) -> Result<Option<String>, Refusal> {
        let case = sh.store.load_case(case_id).map_err(Refusal::Store)?;
        let children = sh.store.children_of(case_id).map_err(Refusal::Store)?;
        let answer = ANSWERS[self.draft().choice("answer").min(ANSWERS.len() - 1)];
        let answer = match answer_children_question(&case, &children, answer, sh.today) {
            Ok(a) => a,
            Err((field, p)) => {
                self.draft().set_error(child_field_id(field), text::notifications::child_problem(&p));
                return Err(Refusal::Fields);
            }
        };
        sh.store.answer_children_question(case_id, answer).map_err(Refusal::Store)?;
        self.refresh_detail(sh);
        Ok(Some(text::notifications::answer_saved(case_id, answer)))
    }
}

/// Why a form was not saved: problems shown at the fields, or the store's
/// error shown in the banner. Either way the draft is kept.
enum Refusal {
    Fields,
    Store(crate::store::StoreError),
}

impl Pane for NotesPane {
    fn title(&self) -> &'static str {
        text::notifications::PANE
    }

    fn go_action(&self) -> Action {
        Action::PaneNotifications
    }

    fn screen(&self) -> &'static Screen {
        match &self.detail {
            Some(NotesDetail::Notification(_)) => &keys::NOTIFICATION,
            Some(NotesDetail::Family(_)) => &keys::FAMILY,
            None => &keys::BOARD,
        }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        keys::SCREENS
    }

    fn update(&mut self, action: Action, sh: &mut Shell) {
        if self.form.is_some() {
            self.update_form(sh, action);
        } else {
            self.update_notes(sh, action);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, sh: &Shell, theme: &Theme) {
        draw::draw(frame, area, self, sh, theme);
    }

    fn reload(&mut self, sh: &mut Shell) {
        self.detail = None;
        self.reload_notes(sh);
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }
}

/// The reason for not telling the citizen is asked only when the citizen
/// was not told; how the citizen was told only when told.
fn sync_step_visibility(form: &mut Form) {
    if form.field("told").is_none() {
        return;
    }
    let told = form.choice("told") == 0;
    form.set_hidden("how", !told);
    form.set_hidden("text", told);
}

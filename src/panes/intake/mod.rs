//! Indtag: the day's queue, overdue first; a case opened in full over it;
//! the contact form and the step forms.

mod case;
mod conversations;
mod edit;
mod forms;
mod identity;
mod keys;
mod queue;
mod queue_source;
mod reassign;
#[cfg(test)]
mod tests;
mod undo;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use case::CaseView;
pub use forms::IntakeForm;
pub use queue::Queue;

use crate::app::form::Form;
use crate::app::form_host::{self, ActiveForm, FormEvent};
use crate::app::pane::{SEARCH, Screen, search_key};
use crate::app::{Action, Pane, Shell, StatusKind};
use crate::domain::intake::{Case, StepKind, step_warnings};
use crate::text;
use crate::ui::Theme;

/// What is open over the queue, the last on top.
#[derive(Debug, Clone)]
pub enum IntakeScreen {
    Case(CaseView),
}

/// The pane: the queue, what is open over it, and the open form.
#[derive(Debug, Default)]
pub struct IntakePane {
    pub queue: Queue,
    pub stack: Vec<IntakeScreen>,
    pub form: Option<ActiveForm<IntakeForm>>,
    /// The known citizen the new-contact form shows, asking "same person?".
    pub known: Option<crate::store::KnownCitizen>,
}

impl IntakePane {
    /// The case open over the queue, if any.
    pub fn case(&self) -> Option<&CaseView> {
        self.stack.last().map(|s| match s {
            IntakeScreen::Case(view) => view,
        })
    }

    fn case_mut(&mut self) -> Option<&mut CaseView> {
        self.stack.last_mut().map(|s| match s {
            IntakeScreen::Case(view) => view,
        })
    }

    /// The case a step acts on: the open case, else the selected line.
    fn target_case(&self) -> Option<Case> {
        self.case().map(|v| v.case.clone()).or_else(|| self.queue.selected_entry().map(|e| e.case.clone()))
    }

    fn update_screen(&mut self, sh: &mut Shell, action: Action) {
        if let Some(view) = self.case_mut() {
            match action {
                // Esc closes the history over the case first, then the case.
                Action::Close if view.history.is_some() => {
                    view.close_history();
                    return;
                }
                Action::Close => {
                    self.stack.pop();
                    return;
                }
                Action::RevealCpr => return view.reveal_cpr(sh),
                Action::EditCase => return self.form = edit::edit_form(sh, &view.case.clone()),
                Action::ReassignCase => return self.form = reassign::reassign_form(sh, &view.case.clone()),
                Action::UndoStep => return self.form = undo::undo_form(sh, &view.case.clone()),
                Action::CaseHistory => return view.show_history(sh),
                Action::ChangeCitizen => {
                    self.form = identity::citizen_form(sh, &view.case.clone());
                    return;
                }
                Action::RegisterConversation => {
                    let case = view.case.clone();
                    self.form = Some(conversations::form(sh, &case));
                    return;
                }
                other if view.scroll.apply(other, sh.list_rows) => return,
                _ => {}
            }
        } else if self.queue.update(sh, action) {
            return;
        }
        match action {
            Action::OpenCase => {
                if let Some(view) = self.queue.selected_entry().and_then(|e| CaseView::open(sh, e.case.id)) {
                    self.stack.push(IntakeScreen::Case(view));
                }
            }
            Action::NewContact => {
                self.known = None;
                self.form = Some(forms::contact_form(sh));
            }
            Action::StepBookVisitation => self.open_step(sh, StepKind::BookVisitation),
            Action::StepStartAssessment => self.open_step(sh, StepKind::StartAssessment),
            Action::StepOfferDoctor => self.open_step(sh, StepKind::OfferDoctor),
            Action::StepDoctorHeld => self.open_step(sh, StepKind::DoctorHeld),
            Action::StepFreeChoice => self.open_step(sh, StepKind::FreeChoice),
            Action::StepSpecialAssessment => self.open_step(sh, StepKind::SpecialAssessment),
            Action::StepStartTreatment => self.open_step(sh, StepKind::StartTreatment),
            Action::StepClose => self.open_step(sh, StepKind::Close),
            _ => {}
        }
    }

    fn open_step(&mut self, sh: &mut Shell, kind: StepKind) {
        match self.target_case() {
            Some(case) => self.form = Some(forms::step_form(sh, &case, kind)),
            None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
        }
    }

    fn update_form(&mut self, sh: &mut Shell, action: Action) {
        match form_host::handle(&mut self.form, action, sh) {
            Some(FormEvent::Submit(IntakeForm::NewContact)) => self.submit_contact(sh),
            Some(FormEvent::Submit(IntakeForm::Step { case_id, kind })) => self.submit_step(sh, case_id, kind),
            Some(FormEvent::Submit(IntakeForm::Citizen { case_id, citizen_id, opened })) => {
                let Some(active) = &mut self.form else { return };
                if let Some(cases) = identity::submit_citizen(active, sh, case_id, citizen_id, opened) {
                    self.form = None;
                    self.case_saved(sh, case_id);
                    sh.set_status(StatusKind::Info, text::citizens::citizen_changed(cases));
                }
            }
            Some(FormEvent::Submit(IntakeForm::Conversation { case_id })) => {
                conversations::submit(&mut self.form, self.stack.last_mut(), sh, case_id)
            }
            Some(FormEvent::Edited(IntakeForm::NewContact)) => {
                if let Some(active) = &mut self.form {
                    forms::sync_contact(&mut active.form);
                }
            }
            Some(FormEvent::Edited(IntakeForm::Step { .. })) => {
                if let Some(active) = &mut self.form {
                    forms::sync_step(&mut active.form);
                }
            }
            Some(FormEvent::Edited(IntakeForm::EditCase { consent_given, .. })) => {
                if let Some(active) = &mut self.form {
                    edit::sync_edit(&mut active.form, consent_given);
                }
            }
            Some(FormEvent::Submit(
                purpose @ (IntakeForm::EditCase { case_id, .. }
                | IntakeForm::Reassign { case_id, .. }
                | IntakeForm::Undo { case_id, .. }),
            )) => self.submit_correction(sh, case_id, purpose),
            _ => {}
        }
    }

    /// Saves a correction of the open case (an edit, a handover, an undo)
    /// and shows the case as stored after it.
    fn submit_correction(&mut self, sh: &mut Shell, case_id: i64, purpose: IntakeForm) {
        let Some(case) = self.case().map(|v| v.case.clone()).filter(|c| c.id == case_id) else {
            self.form = None;
            sh.set_status(StatusKind::Error, text::CASE_GONE);
            return;
        };
        let saved = match purpose {
            IntakeForm::EditCase { .. } => edit::submit_edit(&mut self.form, sh, &case),
            IntakeForm::Reassign { .. } => reassign::submit_reassign(&mut self.form, sh, &case),
            IntakeForm::Undo { .. } => undo::submit_undo(&mut self.form, sh, &case),
            _ => None,
        };
        if let Some(saved) = saved {
            if let Some(view) = self.case_mut() {
                view.refresh(sh, saved);
            }
            self.queue.reload(sh, Some(case_id));
        }
    }

    fn submit_contact(&mut self, sh: &mut Shell) {
        let Some(active) = &mut self.form else { return };
        let Some(contact) = forms::check_contact(active, sh) else { return };
        let Some(contact) = identity::with_facts(active, sh, contact) else { return };
        let Some(contact) = identity::decide_citizen(active, sh, &mut self.known, contact) else { return };
        match sh.store.register_contact(&contact) {
            Ok(id) => {
                let kept = identity::kept_as_is(&contact, self.known.as_ref());
                self.form = None;
                self.known = None;
                self.queue.search.clear();
                self.queue.reload(sh, Some(id));
                let mut message = text::intake::registered(id);
                if kept {
                    message.push(' ');
                    message.push_str(text::citizens::KEPT_AS_IS);
                }
                for w in &contact.warnings {
                    message.push(' ');
                    message.push_str(&text::intake::contact_warning(w));
                }
                let kind = if contact.warnings.is_empty() { StatusKind::Info } else { StatusKind::Warning };
                sh.set_status(kind, message);
            }
            Err(e) => form_host::save_failed(&mut active.form, sh, e),
        }
    }

    /// The open case as stored after a correction of it (no new look).
    fn case_saved(&mut self, sh: &mut Shell, case_id: i64) {
        match sh.store.find_case(case_id) {
            Ok(Some(case)) => {
                if let Some(view) = self.case_mut().filter(|v| v.case.id == case_id) {
                    view.refresh(sh, case);
                }
            }
            Ok(None) => {}
            Err(e) => sh.set_status(StatusKind::Error, e.to_string()),
        }
        self.queue.reload(sh, Some(case_id));
    }

    fn submit_step(&mut self, sh: &mut Shell, case_id: i64, kind: StepKind) {
        let Some(case) = self.target_case().filter(|c| c.id == case_id) else {
            self.form = None;
            sh.set_status(StatusKind::Error, text::CASE_GONE);
            return;
        };
        let Some(active) = &mut self.form else { return };
        let Some(step) = forms::check_step(&mut active.form, sh, &case, kind) else {
            active.warned = None;
            return;
        };
        // Warnings never block, but are seen before saving: Enter again on
        // the unchanged draft saves it.
        let warnings: Vec<String> =
            step_warnings(&step, &case, &sh.profile.intake).iter().map(text::intake::step_warning).collect();
        if !warnings.is_empty() && !form_host::confirmed(active, &warnings.join(" ")) {
            sh.set_status(StatusKind::Warning, warnings.join(" "));
            return;
        }
        match sh.store.record_step(case_id, &step) {
            Ok(updated) => {
                self.form = None;
                if let Some(view) = self.case_mut() {
                    view.refresh(sh, updated);
                }
                self.queue.reload(sh, Some(case_id));
                sh.set_status(StatusKind::Info, text::intake::step_saved(kind, case_id));
            }
            Err(e) => form_host::save_failed(&mut active.form, sh, e),
        }
    }
}

impl Pane for IntakePane {
    fn title(&self) -> &'static str {
        text::intake::PANE
    }

    fn go_action(&self) -> Action {
        Action::PaneIntake
    }

    fn due_kinds(&self) -> &'static [crate::domain::due::DueKind] {
        use crate::domain::due::DueKind;
        &[DueKind::Guarantee, DueKind::Doctor]
    }

    fn screen(&self) -> &'static Screen {
        match self.stack.last() {
            _ if self.queue.searching => &SEARCH,
            Some(IntakeScreen::Case(_)) => &keys::CASE,
            None => &keys::QUEUE,
        }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        keys::SCREENS
    }

    fn markers(&self) -> &'static [crate::text::markers::Marker] {
        &crate::text::intake::QUEUE_MARKERS
    }

    fn update(&mut self, action: Action, sh: &mut Shell) {
        if self.form.is_some() {
            self.update_form(sh, action);
        } else if self.queue.searching {
            if search_key(action, &mut self.queue.search, &mut self.queue.searching) {
                self.queue.search_changed(sh, true);
            }
        } else {
            self.update_screen(sh, action);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, sh: &Shell, theme: &Theme) {
        queue::draw(frame, area, &self.queue, sh, theme);
        if let Some(view) = self.case() {
            case::draw(frame, area, view, sh, theme);
        }
    }

    /// The find's case view opens the contact here (any case, in any state).
    fn open_case(&mut self, case_id: i64, sh: &mut Shell) -> bool {
        if let Some(view) = CaseView::open(sh, case_id) {
            self.stack.push(IntakeScreen::Case(view));
        }
        true
    }

    fn reload(&mut self, sh: &mut Shell) {
        self.queue.reload(sh, None);
    }

    fn shown_list(&self) -> Option<(String, usize)> {
        let q = &self.queue;
        let name = text::access::list_name(text::intake::PANE, q.only_mine, !q.search.trim().is_empty(), None);
        Some((name, q.len()))
    }

    fn count_shown(&mut self, sh: &mut Shell) {
        self.queue.count(sh);
    }

    fn leave(&mut self) {
        self.stack.clear();
    }

    fn view_resized(&mut self, sh: &mut Shell) {
        self.queue.view_resized(sh);
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }

    fn type_text(&mut self, c: char, sh: &mut Shell) -> bool {
        if !self.queue.searching {
            return false;
        }
        self.queue.search.push(c);
        self.queue.search_changed(sh, true);
        true
    }
}

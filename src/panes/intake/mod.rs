//! Indtag: the day's queue, overdue first; a case opened in full; the
//! contact form and the step forms.

mod case_view;
mod draw;
mod keys;

use std::any::Any;

use chrono::Local;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::form::{Field, FieldId, Form};
use crate::app::form_host::{self, ActiveForm, FormEvent};
use crate::app::pane::{SEARCH, Screen, search_key};
use crate::app::{Action, Pane, Shell, StatusKind};
use crate::domain::dates;
use crate::domain::intake::{
    Case, Channel, ChildrenAnswer, ContactField, ContactInput, ContactKind, QueueEntry, StepField, StepInput, StepKind,
    Substance, build_queue, parse_step, validate_contact,
};
use crate::store::{CaseEvent, CaseFilter};
use crate::text;
use crate::ui::Theme;

/// The pane: the queue as loaded, which lines the search lets through, the
/// open case and the open form.
#[derive(Debug, Default)]
pub struct IntakePane {
    pub entries: Vec<QueueEntry>,
    /// Indices into `entries` that match the search, in queue order.
    pub shown: Vec<usize>,
    /// Position in `shown`.
    pub selected: usize,
    pub only_mine: bool,
    pub search: String,
    pub searching: bool,
    /// The case opened in full over the queue.
    pub case: Option<CaseView>,
    pub form: Option<ActiveForm<IntakeForm>>,
}

impl IntakePane {
    pub fn shown_entries(&self) -> impl Iterator<Item = &QueueEntry> {
        self.shown.iter().map(|&i| &self.entries[i])
    }

    pub fn selected_entry(&self) -> Option<&QueueEntry> {
        self.shown.get(self.selected).map(|&i| &self.entries[i])
    }

    pub(super) fn move_by(&mut self, by: isize) {
        if self.shown.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.shown.len() as isize - 1;
        self.selected = (self.selected as isize).saturating_add(by).clamp(0, last) as usize;
    }

    /// Applies the search: name, pseudonym or case number, ignoring case.
    pub(super) fn refilter(&mut self) {
        let keep = self.selected_entry().map(|e| e.case.id);
        let query = self.search.trim().to_lowercase();
        self.shown = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                query.is_empty()
                    || e.case.identity.display_name().to_lowercase().contains(&query)
                    || e.case.id.to_string() == query.trim_start_matches('#')
            })
            .map(|(i, _)| i)
            .collect();
        self.select_case(keep);
    }

    fn select_case(&mut self, id: Option<i64>) {
        self.selected = id
            .and_then(|id| self.shown.iter().position(|&i| self.entries[i].case.id == id))
            .unwrap_or(self.selected.min(self.shown.len().saturating_sub(1)));
    }
}

/// An open case: what the detail view shows.
#[derive(Debug, Clone)]
pub struct CaseView {
    pub case: Case,
    pub events: Vec<CaseEvent>,
    /// The full CPR number, once the user asked to see it.
    pub cpr_full: Option<String>,
}

/// Indtag's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntakeForm {
    NewContact,
    Step { case_id: i64, kind: StepKind },
}

const CONTACT_FIELDS: [(ContactField, FieldId); 13] = [
    (ContactField::Kind, "kind"),
    (ContactField::Channel, "channel"),
    (ContactField::Date, "date"),
    (ContactField::Time, "time"),
    (ContactField::Name, "name"),
    (ContactField::Cpr, "cpr"),
    (ContactField::Pseudonym, "pseudonym"),
    (ContactField::HomeMunicipality, "municipality"),
    (ContactField::Counsellor, "counsellor"),
    (ContactField::Substances, "substances"),
    (ContactField::Children, "children"),
    (ContactField::ParentalConsent, "consent"),
    (ContactField::Note, "note"),
];

fn contact_field_id(field: ContactField) -> FieldId {
    CONTACT_FIELDS.iter().find(|(f, _)| *f == field).map(|(_, id)| *id).unwrap_or("kind")
}

fn step_field_id(field: StepField) -> FieldId {
    match field {
        StepField::Date => "date",
        StepField::Reason => "reason",
        StepField::Wanted => "wanted",
    }
}

const CONSENT_OPTIONS: [Option<bool>; 3] = [None, Some(true), Some(false)];

impl IntakePane {
    /// Reloads the queue from the store, keeping the selection on the same case.
    pub fn reload_intake(&mut self, sh: &mut Shell) {
        let keep = self.selected_entry().map(|e| e.case.id);
        self.reload_intake_selecting(sh, keep);
    }

    fn reload_intake_selecting(&mut self, sh: &mut Shell, case_id: Option<i64>) {
        let filter = CaseFilter { counsellor: self.only_mine.then(|| sh.user.clone()) };
        match sh.store.intake_open_cases(&filter) {
            Ok(cases) => {
                self.entries = build_queue(cases, &sh.profile.intake, &sh.centre.municipality, sh.today);
                // `shown` indexes the old entries; the new list may be
                // shorter (a case left the queue), so it must not be read.
                self.shown.clear();
                self.refilter();
                self.select_case(case_id);
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("Køen kunne ikke hentes: {e}")),
        }
    }

    pub(super) fn update_intake(&mut self, sh: &mut Shell, action: Action) {
        let page = sh.list_rows.max(1) as isize;
        match action {
            Action::Close => self.case = None,
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::ToggleMine => {
                self.only_mine = !self.only_mine;
                self.reload_intake(sh);
                let what = if self.only_mine { text::ONLY_MINE } else { text::ALL_CASES };
                sh.set_status(StatusKind::Info, what);
            }
            Action::Search => self.searching = true,
            Action::ClearSearch => {
                self.search.clear();
                self.refilter();
            }
            Action::OpenCase => {
                if let Some(id) = self.selected_entry().map(|e| e.case.id) {
                    self.open_case(sh, id);
                }
            }
            Action::RevealCpr => self.reveal_cpr(sh),
            Action::NewContact => self.open_contact_form(sh),
            Action::StepBookVisitation => self.open_step_form(sh, StepKind::BookVisitation),
            Action::StepStartAssessment => self.open_step_form(sh, StepKind::StartAssessment),
            Action::StepOfferDoctor => self.open_step_form(sh, StepKind::OfferDoctor),
            Action::StepDoctorHeld => self.open_step_form(sh, StepKind::DoctorHeld),
            Action::StepFreeChoice => self.open_step_form(sh, StepKind::FreeChoice),
            Action::StepSpecialAssessment => self.open_step_form(sh, StepKind::SpecialAssessment),
            Action::StepStartTreatment => self.open_step_form(sh, StepKind::StartTreatment),
            Action::StepClose => self.open_step_form(sh, StepKind::Close),
            _ => {}
        }
    }

    fn open_case(&mut self, sh: &mut Shell, id: i64) {
        let loaded = sh.store.view_case(id).and_then(|case| Ok((case, sh.store.case_events(id)?)));
        match loaded {
            Ok((case, events)) => self.case = Some(CaseView { case, events, cpr_full: None }),
            Err(e) => sh.set_status(StatusKind::Error, format!("Sagen kunne ikke åbnes: {e}")),
        }
    }

    fn reveal_cpr(&mut self, sh: &mut Shell) {
        let Some(id) = self.case.as_ref().map(|v| v.case.id) else {
            return;
        };
        match sh.store.reveal_cpr(id) {
            Ok(Some(full)) => {
                if let Some(view) = &mut self.case {
                    view.cpr_full = Some(full);
                }
                sh.set_status(StatusKind::Info, text::CPR_REVEALED);
            }
            Ok(None) => sh.set_status(StatusKind::Info, text::NO_CPR),
            Err(e) => sh.set_status(StatusKind::Error, e.to_string()),
        }
    }

    /// The case a step acts on: the open case, else the selected line.
    fn target_case(&self) -> Option<Case> {
        self.case.as_ref().map(|v| v.case.clone()).or_else(|| self.selected_entry().map(|e| e.case.clone()))
    }

    fn open_contact_form(&mut self, sh: &mut Shell) {
        let now = Local::now().time();
        let fields = vec![
            Field::choice(
                "kind",
                text::intake::F_KIND,
                ContactKind::ALL.map(|k| text::intake::contact_kind(k).to_string()).to_vec(),
                0,
            ),
            Field::choice(
                "channel",
                text::intake::F_CHANNEL,
                Channel::ALL.map(|c| text::intake::channel(c).to_string()).to_vec(),
                0,
            ),
            Field::text("date", text::intake::F_DATE, &dates::format_date_dk(sh.today))
                .with_hint(text::intake::HINT_DATE),
            Field::text("time", text::intake::F_TIME, &dates::format_time(now)).with_hint(text::intake::HINT_TIME),
            Field::text("name", text::intake::F_NAME, ""),
            Field::text("cpr", text::intake::F_CPR, "").with_hint(text::intake::HINT_CPR),
            Field::text("pseudonym", text::intake::F_PSEUDONYM, "").with_hint(text::intake::HINT_PSEUDONYM),
            Field::text("municipality", text::intake::F_MUNICIPALITY, &sh.centre.municipality),
            Field::text("counsellor", text::intake::F_COUNSELLOR, &sh.user),
            Field::multi(
                "substances",
                text::intake::F_SUBSTANCES,
                Substance::ALL.map(|s| text::intake::substance(s).to_string()).to_vec(),
            )
            .with_hint(text::intake::HINT_MULTI),
            Field::choice(
                "children",
                text::intake::F_CHILDREN,
                ChildrenAnswer::ALL.map(|c| text::intake::children(c).to_string()).to_vec(),
                0,
            ),
            Field::choice(
                "consent",
                text::intake::F_CONSENT,
                CONSENT_OPTIONS.map(|c| text::intake::consent(c).to_string()).to_vec(),
                0,
            ),
            Field::text("note", text::intake::F_NOTE, ""),
        ];
        let mut form = Form::new(text::intake::NEW_CONTACT_TITLE, fields);
        sync_contact_visibility(&mut form);
        self.form = Some(ActiveForm { form, purpose: IntakeForm::NewContact, warned: None });
    }

    fn open_step_form(&mut self, sh: &mut Shell, kind: StepKind) {
        let Some(case) = self.target_case() else {
            sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST);
            return;
        };
        let mut fields = vec![
            Field::text("date", text::intake::step_date_label(kind), &dates::format_date_dk(sh.today))
                .with_hint(text::intake::HINT_DATE),
        ];
        if kind.needs_reason() {
            fields.push(Field::text("reason", text::intake::F_REASON, ""));
        }
        if kind.asks_wanted() {
            fields.push(Field::choice("wanted", text::intake::F_WANTED, vec![text::YES.into(), text::NO.into()], 0));
        }
        let title = format!("{} · sag {} · {}", text::intake::step_title(kind), case.id, case.identity.display_name());
        let form = Form::new(&title, fields);
        self.form = Some(ActiveForm { form, purpose: IntakeForm::Step { case_id: case.id, kind }, warned: None });
    }

    fn update_form(&mut self, sh: &mut Shell, action: Action) {
        match form_host::handle(&mut self.form, action, sh) {
            Some(FormEvent::Submit(IntakeForm::NewContact)) => self.submit_contact(sh),
            Some(FormEvent::Submit(IntakeForm::Step { case_id, kind })) => self.submit_step(sh, case_id, kind),
            Some(FormEvent::Edited(IntakeForm::NewContact)) => {
                if let Some(active) = &mut self.form {
                    sync_contact_visibility(&mut active.form);
                }
            }
            _ => {}
        }
    }

    fn submit_contact(&mut self, sh: &mut Shell) {
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        let consent = CONSENT_OPTIONS[form.choice("consent").min(CONSENT_OPTIONS.len() - 1)];
        let input = ContactInput {
            kind: ContactKind::ALL[form.choice("kind").min(ContactKind::ALL.len() - 1)],
            channel: Channel::ALL[form.choice("channel").min(Channel::ALL.len() - 1)],
            date: form.text("date"),
            time: form.text("time"),
            name: form.text("name"),
            cpr: form.text("cpr"),
            pseudonym: form.text("pseudonym"),
            home_municipality: form.text("municipality"),
            counsellor: form.text("counsellor"),
            substances: form.chosen("substances").into_iter().filter_map(|i| Substance::ALL.get(i).copied()).collect(),
            children: ChildrenAnswer::ALL[form.choice("children").min(ChildrenAnswer::ALL.len() - 1)],
            parental_consent: if form.field("consent").is_some_and(|f| !f.hidden) { consent } else { None },
            note: form.text("note"),
        };
        form.clear_errors();
        let contact = match validate_contact(&input, &sh.profile.intake, &sh.centre.municipality, sh.today) {
            Ok(contact) => contact,
            Err(problems) => {
                for (field, problem) in &problems {
                    form.set_error(contact_field_id(*field), text::intake::contact_problem(problem));
                }
                form.banner = Some(text::NOT_SAVED_FIX_FIELDS.into());
                active.warned = None;
                sh.set_status(StatusKind::Error, text::NOT_SAVED_FIX_FIELDS);
                return;
            }
        };
        let warnings: Vec<String> = contact.warnings.iter().map(text::intake::contact_warning).collect();
        // Warnings never block, but the counsellor sees them before saving:
        // Enter on the unchanged draft saves it.
        let serious: Vec<String> = contact
            .warnings
            .iter()
            .filter(|w| text::intake::warning_needs_confirmation(w))
            .map(text::intake::contact_warning)
            .collect();
        if !serious.is_empty() && active.warned.as_ref() != Some(&fingerprint(form)) {
            form.banner = Some(format!("{} {}", serious.join(" "), text::ENTER_AGAIN_TO_SAVE));
            active.warned = Some(fingerprint(form));
            sh.set_status(StatusKind::Warning, serious.join(" "));
            return;
        }
        match sh.store.register_contact(&contact) {
            Ok(id) => {
                self.form = None;
                self.search.clear();
                self.reload_intake_selecting(sh, Some(id));
                let mut message = format!("Sag {id} er registreret.");
                for w in warnings {
                    message.push(' ');
                    message.push_str(&w);
                }
                sh.set_status(
                    if contact.warnings.is_empty() { StatusKind::Info } else { StatusKind::Warning },
                    message,
                );
            }
            Err(e) => {
                form.banner = Some(format!("{} {e}", text::SAVE_FAILED));
                sh.set_status(StatusKind::Error, format!("{} {e}", text::SAVE_FAILED));
            }
        }
    }

    fn submit_step(&mut self, sh: &mut Shell, case_id: i64, kind: StepKind) {
        let Some(case) = self.target_case().filter(|c| c.id == case_id) else {
            self.form = None;
            sh.set_status(StatusKind::Error, text::CASE_GONE);
            return;
        };
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        let input = StepInput {
            kind,
            date: form.text("date"),
            reason: form.text("reason"),
            wanted: form.choice("wanted") == 0,
        };
        form.clear_errors();
        let step = match parse_step(&input, &case, sh.today) {
            Ok(step) => step,
            Err(problems) => {
                for (field, problem) in &problems {
                    form.set_error(step_field_id(*field), text::intake::step_problem(problem));
                }
                form.banner = Some(text::NOT_SAVED_FIX_FIELDS.into());
                sh.set_status(StatusKind::Error, text::NOT_SAVED_FIX_FIELDS);
                return;
            }
        };
        match sh.store.record_step(case_id, &step) {
            Ok(updated) => {
                self.form = None;
                if let Some(view) = &mut self.case {
                    view.case = updated;
                    view.events = sh.store.case_events(case_id).unwrap_or_default();
                }
                self.reload_intake_selecting(sh, Some(case_id));
                sh.set_status(StatusKind::Info, format!("{} · sag {case_id}: gemt.", text::intake::step_title(kind)));
            }
            Err(e) => {
                form.banner = Some(format!("{} {e}", text::SAVE_FAILED));
                sh.set_status(StatusKind::Error, format!("{} {e}", text::SAVE_FAILED));
            }
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

    fn screen(&self) -> &'static Screen {
        if self.searching {
            &SEARCH
        } else if self.case.is_some() {
            &keys::CASE
        } else {
            &keys::QUEUE
        }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        keys::SCREENS
    }

    fn update(&mut self, action: Action, sh: &mut Shell) {
        if self.form.is_some() {
            self.update_form(sh, action);
        } else if self.searching {
            if search_key(action, &mut self.search, &mut self.searching) {
                self.refilter();
            }
        } else {
            self.update_intake(sh, action);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, sh: &Shell, theme: &Theme) {
        draw::draw(frame, area, self, sh, theme);
        if let Some(view) = &self.case {
            case_view::draw(frame, area, view, sh, theme);
        }
    }

    fn reload(&mut self, sh: &mut Shell) {
        self.reload_intake(sh);
    }

    fn leave(&mut self) {
        self.case = None;
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }

    fn type_text(&mut self, c: char, _sh: &mut Shell) -> bool {
        if !self.searching {
            return false;
        }
        self.search.push(c);
        self.refilter();
        true
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The form's current values, to tell whether the user changed the draft
/// after seeing its warnings.
fn fingerprint(form: &Form) -> Vec<String> {
    form.fields.iter().map(|f| format!("{:?}", f.value)).collect()
}

/// Anonymous cases hold a pseudonym instead of name and CPR; only young
/// people are asked about parental consent.
fn sync_contact_visibility(form: &mut Form) {
    let kind = ContactKind::ALL[form.choice("kind").min(ContactKind::ALL.len() - 1)];
    let anonymous = kind == ContactKind::Anonymous;
    form.set_hidden("name", anonymous);
    form.set_hidden("cpr", anonymous);
    form.set_hidden("pseudonym", !anonymous);
    form.set_hidden("consent", kind != ContactKind::Young);
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::app::{App, keymap};
    use crate::store::{Store, exchange};

    /// An app on `n` open own-use cases, first contacts on 1, 2, ... March.
    fn app_with_cases(n: usize) -> App {
        let citizens: Vec<String> =
            (1..=n).map(|i| format!(r#"{{"id":{i},"name":"Borger {i}","home_municipality":"Faxe"}}"#)).collect();
        let cases: Vec<String> = (1..=n)
            .map(|i| {
                format!(
                    r#"{{"id":{i},"citizen_id":{i},"kind":"own_use","channel":"phone","contact_at":"2026-03-0{i}T09:00:00","counsellor":"anna","children":"no_children"}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"format":"sagsbord","version":1,"centre":{{"name":"T","municipality":"Faxe","profile":"national"}},"citizens":[{}],"cases":[{}],"case_events":[]}}"#,
            citizens.join(","),
            cases.join(",")
        );
        let mut store = Store::open_in_memory("anna").unwrap();
        store.import(&exchange::parse(&text).unwrap()).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        App::new(store, today, keymap::load(None).0).unwrap()
    }

    fn pane(app: &App) -> &IntakePane {
        app.pane_of::<IntakePane>().unwrap()
    }

    #[test]
    fn starting_treatment_on_the_last_line_of_the_queue_keeps_a_valid_selection() {
        let mut app = app_with_cases(2);
        app.update(Action::Down);
        let second = pane(&app).selected_entry().unwrap().case.id;
        app.update(Action::StepStartTreatment);
        app.update(Action::Submit);
        assert!(app.form().is_none(), "{:?}", app.shell.status);
        let left: Vec<i64> = pane(&app).entries.iter().map(|e| e.case.id).collect();
        assert_eq!(left.len(), 1);
        assert!(!left.contains(&second));
        assert_eq!(pane(&app).shown, vec![0]);
        assert_eq!(pane(&app).selected_entry().unwrap().case.id, left[0]);
    }

    #[test]
    fn starting_treatment_of_the_only_case_from_the_case_view_empties_the_queue() {
        let mut app = app_with_cases(1);
        app.update(Action::OpenCase);
        app.update(Action::StepStartTreatment);
        app.update(Action::Submit);
        assert!(app.form().is_none(), "{:?}", app.shell.status);
        assert!(pane(&app).entries.is_empty());
        assert!(pane(&app).selected_entry().is_none());
        let view = pane(&app).case.as_ref().expect("the case view stays open");
        assert!(view.case.progress.treatment_started_on.is_some());
    }
}

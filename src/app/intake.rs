//! The intake pane's state and actions: the queue, the case view, the
//! contact form and the step forms.

use chrono::Local;

use super::form::{Field, FieldId, Form};
use super::notifications::NotesForm;
use super::plans::GoalSlots;
use super::{Action, ActiveForm, App, StatusKind};
use crate::domain::dates;
use crate::domain::group::move_cards::Attendance;
use crate::domain::group::stock::Removal;
use crate::domain::intake::{
    Case, Channel, ChildrenAnswer, ContactField, ContactInput, ContactKind, QueueEntry, StepField, StepInput, StepKind,
    Substance, build_queue, parse_step, validate_contact,
};
use crate::domain::stay::StayStepKind;
use crate::store::{CaseEvent, CaseFilter};
use crate::ui::text;

/// The queue as loaded, and which lines the search lets through.
#[derive(Debug, Clone, Default)]
pub struct IntakeView {
    pub entries: Vec<QueueEntry>,
    /// Indices into `entries` that match the search, in queue order.
    pub shown: Vec<usize>,
    /// Position in `shown`.
    pub selected: usize,
    pub only_mine: bool,
    pub search: String,
    pub searching: bool,
}

impl IntakeView {
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

/// What submitting the open form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPurpose {
    NewContact,
    Step {
        case_id: i64,
        kind: StepKind,
    },
    /// The first plan of a course; `areas` says what each goal slot is.
    NewPlan {
        case_id: i64,
        areas: GoalSlots,
    },
    RevisePlan {
        case_id: i64,
        areas: GoalSlots,
    },
    EndCourse {
        case_id: i64,
    },
    RecordCall {
        call_id: i64,
        case_id: i64,
    },
    /// Show an opened plan as it stood on a date (nothing is written).
    PlanAsOf {
        case_id: i64,
    },
    /// A form of the Underretninger pane.
    Notes(NotesForm),
    /// The Døgn pane: a recommendation for a new stay.
    NewStay,
    StayStep {
        stay_id: i64,
        kind: StayStepKind,
    },
    OwnPayment {
        stay_id: i64,
    },
    NewProvider,
    EditProvider {
        provider_id: i64,
    },
    NewPrice {
        provider_id: i64,
    },
    // The Grupper pane (app/groups.rs).
    NewGroup,
    PlanSessions {
        group_id: i64,
    },
    CancelSession {
        session_id: i64,
    },
    MoveSession {
        session_id: i64,
    },
    AddMember {
        group_id: i64,
    },
    RemoveMember {
        group_id: i64,
    },
    NewMoveCourse,
    IndividualSession {
        course_id: i64,
    },
    CorrectAttendance {
        course_id: i64,
        attendance_id: i64,
        was: Attendance,
    },
    HandOutCard {
        course_id: i64,
        attendance_id: i64,
    },
    StartFollowUp {
        course_id: i64,
    },
    EndMoveCourse {
        course_id: i64,
    },
    /// `row`: the course view's row with the hand-out to resolve.
    ResolveCard {
        course_id: i64,
        row: usize,
    },
    ReceiveCards,
    RemoveCard {
        kind: Removal,
    },
    CorrectEntry {
        entry: u64,
    },
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

impl App {
    /// Reloads the queue from the store, keeping the selection on the same case.
    pub fn reload_intake(&mut self) {
        let keep = self.intake.selected_entry().map(|e| e.case.id);
        self.reload_intake_selecting(keep);
    }

    fn reload_intake_selecting(&mut self, case_id: Option<i64>) {
        let filter = CaseFilter { counsellor: self.intake.only_mine.then(|| self.user.clone()) };
        match self.store.intake_open_cases(&filter) {
            Ok(cases) => {
                self.intake.entries = build_queue(cases, &self.profile.intake, &self.centre.municipality, self.today);
                // `shown` indexes the old entries; the new list may be
                // shorter (a case left the queue), so it must not be read.
                self.intake.shown.clear();
                self.intake.refilter();
                self.intake.select_case(case_id);
            }
            Err(e) => self.set_status(StatusKind::Error, format!("Køen kunne ikke hentes: {e}")),
        }
    }

    pub(super) fn update_intake(&mut self, action: Action) {
        let page = self.list_rows.max(1) as isize;
        match action {
            Action::Close => self.case = None,
            Action::Up => self.intake.move_by(-1),
            Action::Down => self.intake.move_by(1),
            Action::PageUp => self.intake.move_by(-page),
            Action::PageDown => self.intake.move_by(page),
            Action::Top => self.intake.move_by(isize::MIN / 2),
            Action::Bottom => self.intake.move_by(isize::MAX / 2),
            Action::ToggleMine => {
                self.intake.only_mine = !self.intake.only_mine;
                self.reload_intake();
                let what = if self.intake.only_mine { text::ONLY_MINE } else { text::ALL_CASES };
                self.set_status(StatusKind::Info, what);
            }
            Action::Search => self.intake.searching = true,
            Action::ClearSearch => {
                self.intake.search.clear();
                self.intake.refilter();
            }
            Action::OpenCase => {
                if let Some(id) = self.intake.selected_entry().map(|e| e.case.id) {
                    self.open_case(id);
                }
            }
            Action::RevealCpr => self.reveal_cpr(),
            Action::NewContact => self.open_contact_form(),
            Action::StepBookVisitation => self.open_step_form(StepKind::BookVisitation),
            Action::StepStartAssessment => self.open_step_form(StepKind::StartAssessment),
            Action::StepOfferDoctor => self.open_step_form(StepKind::OfferDoctor),
            Action::StepDoctorHeld => self.open_step_form(StepKind::DoctorHeld),
            Action::StepFreeChoice => self.open_step_form(StepKind::FreeChoice),
            Action::StepSpecialAssessment => self.open_step_form(StepKind::SpecialAssessment),
            Action::StepStartTreatment => self.open_step_form(StepKind::StartTreatment),
            Action::StepClose => self.open_step_form(StepKind::Close),
            _ => {}
        }
    }

    fn open_case(&mut self, id: i64) {
        let loaded = self.store.view_case(id).and_then(|case| Ok((case, self.store.case_events(id)?)));
        match loaded {
            Ok((case, events)) => self.case = Some(CaseView { case, events, cpr_full: None }),
            Err(e) => self.set_status(StatusKind::Error, format!("Sagen kunne ikke åbnes: {e}")),
        }
    }

    fn reveal_cpr(&mut self) {
        let Some(id) = self.case.as_ref().map(|v| v.case.id) else {
            return;
        };
        match self.store.reveal_cpr(id) {
            Ok(Some(full)) => {
                if let Some(view) = &mut self.case {
                    view.cpr_full = Some(full);
                }
                self.set_status(StatusKind::Info, text::CPR_REVEALED);
            }
            Ok(None) => self.set_status(StatusKind::Info, text::NO_CPR),
            Err(e) => self.set_status(StatusKind::Error, e.to_string()),
        }
    }

    /// The case a step acts on: the open case, else the selected line.
    fn target_case(&self) -> Option<Case> {
        self.case.as_ref().map(|v| v.case.clone()).or_else(|| self.intake.selected_entry().map(|e| e.case.clone()))
    }

    fn open_contact_form(&mut self) {
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
            Field::text("date", text::intake::F_DATE, &dates::format_date_dk(self.today))
                .with_hint(text::intake::HINT_DATE),
            Field::text("time", text::intake::F_TIME, &dates::format_time(now)).with_hint(text::intake::HINT_TIME),
            Field::text("name", text::intake::F_NAME, ""),
            Field::text("cpr", text::intake::F_CPR, "").with_hint(text::intake::HINT_CPR),
            Field::text("pseudonym", text::intake::F_PSEUDONYM, "").with_hint(text::intake::HINT_PSEUDONYM),
            Field::text("municipality", text::intake::F_MUNICIPALITY, &self.centre.municipality),
            Field::text("counsellor", text::intake::F_COUNSELLOR, &self.user),
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
        self.form = Some(ActiveForm { form, purpose: FormPurpose::NewContact, warned: None });
    }

    fn open_step_form(&mut self, kind: StepKind) {
        let Some(case) = self.target_case() else {
            self.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST);
            return;
        };
        let mut fields = vec![
            Field::text("date", text::intake::step_date_label(kind), &dates::format_date_dk(self.today))
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
        self.form = Some(ActiveForm { form, purpose: FormPurpose::Step { case_id: case.id, kind }, warned: None });
    }

    pub(super) fn update_form(&mut self, action: Action) {
        let Some(active) = &mut self.form else { return };
        match action {
            Action::Cancel => {
                self.form = None;
                self.set_status(StatusKind::Info, text::FORM_CANCELLED);
            }
            Action::Submit => match active.purpose {
                FormPurpose::NewContact => self.submit_contact(),
                FormPurpose::Step { case_id, kind } => self.submit_step(case_id, kind),
                FormPurpose::Notes(purpose) => self.submit_notes_form(purpose),
                other => {
                    if !self.submit_plans_form(other) && !self.submit_groups_form(other) {
                        self.submit_stays_form(other);
                    }
                }
            },
            other if matches!(active.purpose, FormPurpose::Notes(_)) => self.edit_notes_form(other),
            other => {
                active.form.edit(other);
                super::stays::sync_stay_form(&mut active.form, active.purpose);
                if active.purpose == FormPurpose::NewContact {
                    sync_contact_visibility(&mut active.form);
                } else {
                    self.sync_plans_form();
                }
            }
        }
    }

    fn submit_contact(&mut self) {
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
        let contact = match validate_contact(&input, &self.profile.intake, &self.centre.municipality, self.today) {
            Ok(contact) => contact,
            Err(problems) => {
                for (field, problem) in &problems {
                    form.set_error(contact_field_id(*field), text::intake::contact_problem(problem));
                }
                form.banner = Some(text::NOT_SAVED_FIX_FIELDS.into());
                active.warned = None;
                self.set_status(StatusKind::Error, text::NOT_SAVED_FIX_FIELDS);
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
            self.set_status(StatusKind::Warning, serious.join(" "));
            return;
        }
        match self.store.register_contact(&contact) {
            Ok(id) => {
                self.form = None;
                self.intake.search.clear();
                self.reload_intake_selecting(Some(id));
                let mut message = format!("Sag {id} er registreret.");
                for w in warnings {
                    message.push(' ');
                    message.push_str(&w);
                }
                self.set_status(
                    if contact.warnings.is_empty() { StatusKind::Info } else { StatusKind::Warning },
                    message,
                );
            }
            Err(e) => {
                form.banner = Some(format!("{} {e}", text::SAVE_FAILED));
                self.set_status(StatusKind::Error, format!("{} {e}", text::SAVE_FAILED));
            }
        }
    }

    fn submit_step(&mut self, case_id: i64, kind: StepKind) {
        let Some(case) = self.target_case().filter(|c| c.id == case_id) else {
            self.form = None;
            self.set_status(StatusKind::Error, text::CASE_GONE);
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
        let step = match parse_step(&input, &case, self.today) {
            Ok(step) => step,
            Err(problems) => {
                for (field, problem) in &problems {
                    form.set_error(step_field_id(*field), text::intake::step_problem(problem));
                }
                form.banner = Some(text::NOT_SAVED_FIX_FIELDS.into());
                self.set_status(StatusKind::Error, text::NOT_SAVED_FIX_FIELDS);
                return;
            }
        };
        match self.store.record_step(case_id, &step) {
            Ok(updated) => {
                self.form = None;
                if let Some(view) = &mut self.case {
                    view.case = updated;
                    view.events = self.store.case_events(case_id).unwrap_or_default();
                }
                self.reload_intake_selecting(Some(case_id));
                self.set_status(StatusKind::Info, format!("{} · sag {case_id}: gemt.", text::intake::step_title(kind)));
            }
            Err(e) => {
                form.banner = Some(format!("{} {e}", text::SAVE_FAILED));
                self.set_status(StatusKind::Error, format!("{} {e}", text::SAVE_FAILED));
            }
        }
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
    use crate::app::keymap;
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

    #[test]
    fn starting_treatment_on_the_last_line_of_the_queue_keeps_a_valid_selection() {
        let mut app = app_with_cases(2);
        app.update(Action::Down);
        let second = app.intake.selected_entry().unwrap().case.id;
        app.update(Action::StepStartTreatment);
        app.update(Action::Submit);
        assert!(app.form.is_none(), "{:?}", app.status);
        let left: Vec<i64> = app.intake.entries.iter().map(|e| e.case.id).collect();
        assert_eq!(left.len(), 1);
        assert!(!left.contains(&second));
        assert_eq!(app.intake.shown, vec![0]);
        assert_eq!(app.intake.selected_entry().unwrap().case.id, left[0]);
    }

    #[test]
    fn starting_treatment_of_the_only_case_from_the_case_view_empties_the_queue() {
        let mut app = app_with_cases(1);
        app.update(Action::OpenCase);
        app.update(Action::StepStartTreatment);
        app.update(Action::Submit);
        assert!(app.form.is_none(), "{:?}", app.status);
        assert!(app.intake.entries.is_empty());
        assert!(app.intake.selected_entry().is_none());
        let view = app.case.as_ref().expect("the case view stays open");
        assert!(view.case.progress.treatment_started_on.is_some());
    }
}

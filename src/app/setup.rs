//! The first run: a new, empty database asks what centre it is (name,
//! municipality, profile) instead of silently following the national
//! default. Saving sets the centre as `sagsbord centre` does, in one audited
//! write (`centre_update`); Esc writes nothing, and the workbench goes on
//! under the national default, saying how to set the centre up later.

use super::form::{Field, FieldName, FieldValue, Form};
use super::{Action, App, StatusKind};
use crate::domain::policy::{BUILT_IN, Profile};
use crate::store::{CentreTextProblem, centre_text_problem};
use crate::text::demo as text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupField {
    Name,
    Municipality,
    Profile,
}

impl FieldName for SetupField {}

/// The built-in profiles in the form's order, the national default first.
fn profile_ids() -> Vec<&'static str> {
    BUILT_IN.iter().map(|(id, _)| *id).collect()
}

/// The setup form: empty name and municipality, the national profile chosen.
pub fn setup_form() -> Form {
    let options = profile_ids()
        .into_iter()
        .map(|id| Profile::built_in(id).map(|p| p.name).unwrap_or_else(|_| id.to_string()))
        .collect();
    let mut form = Form::new(
        text::SETUP_TITLE,
        vec![
            Field::text(SetupField::Name, text::SETUP_NAME, "").with_hint(text::SETUP_NAME_HINT),
            Field::text(SetupField::Municipality, text::SETUP_MUNICIPALITY, "")
                .with_hint(text::SETUP_MUNICIPALITY_HINT),
            Field::choice(SetupField::Profile, text::SETUP_PROFILE, options, 0),
        ],
    );
    describe_profile(&mut form);
    form
}

/// The chosen profile's one line, under its field.
fn describe_profile(form: &mut Form) {
    let id = profile_ids().get(form.choice(SetupField::Profile)).copied().unwrap_or("national");
    if let Some(field) = form.field_mut(SetupField::Profile) {
        field.hint = Some(text::profile_line(id).to_string());
    }
}

impl App {
    /// Opens the setup form over the panes.
    pub fn start_setup(&mut self) {
        self.setup = Some(setup_form());
    }

    /// A key on the setup form: Enter saves, Esc leaves it unsaved, the
    /// rest edits the draft.
    pub(super) fn setup_update(&mut self, action: Action) {
        match action {
            Action::Submit => self.save_setup(),
            Action::Cancel => {
                self.setup = None;
                self.set_status(StatusKind::Warning, text::SETUP_SKIPPED);
            }
            Action::Quit => self.should_quit = true,
            other => {
                if let Some(form) = &mut self.setup {
                    form.edit(other);
                    describe_profile(form);
                }
            }
        }
    }

    fn save_setup(&mut self) {
        let Some(form) = &mut self.setup else { return };
        form.clear_errors();
        let name = form.text(SetupField::Name).trim().to_string();
        let municipality = form.text(SetupField::Municipality).trim().to_string();
        for (field, value) in [(SetupField::Name, &name), (SetupField::Municipality, &municipality)] {
            let problem = match centre_text_problem(value) {
                _ if value.is_empty() => Some(text::SETUP_REQUIRED.to_string()),
                Some(CentreTextProblem::ControlCharacters) => Some(text::SETUP_CONTROL.to_string()),
                Some(CentreTextProblem::TooLong) => Some(text::setup_too_long(crate::domain::limits::CENTRE_NAME)),
                None => None,
            };
            if let Some(message) = problem {
                form.set_error(field, message);
            }
        }
        if form.has_errors() {
            form.banner = Some(crate::text::NOT_SAVED_FIX_FIELDS.into());
            return;
        }
        let id = profile_ids().get(form.choice(SetupField::Profile)).copied().unwrap_or("national");
        let saved = self.shell.store.centre().and_then(|mut centre| {
            centre.name = name;
            centre.municipality = municipality;
            centre.use_built_in(id).map_err(crate::store::StoreError::Profile)?;
            self.shell.store.set_centre(&centre)?;
            Ok(centre)
        });
        let profile = saved.and_then(|centre| Ok((centre, self.shell.store.profile()?)));
        match profile {
            Ok((centre, profile)) => {
                self.set_status(StatusKind::Info, text::setup_saved(&centre.name, &profile.name));
                self.shell.centre = centre;
                self.shell.profile = profile;
                self.setup = None;
                // The pane on screen was loaded under the national default.
                let current = self.current;
                self.panes[current].reload(&mut self.shell);
            }
            Err(why) => {
                let message = format!("{} {why}", crate::text::SAVE_FAILED);
                if let Some(form) = &mut self.setup {
                    form.banner = Some(message.clone());
                }
                self.set_status(StatusKind::Error, message);
            }
        }
    }
}

/// Whether the setup form's focused field takes typed text.
pub(super) fn takes_text(form: &Form) -> bool {
    form.focused().is_some_and(|f| matches!(f.value, FieldValue::Text { .. }))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::app::{keymap, pane};
    use crate::store::Store;

    fn new_database() -> App {
        let store = Store::open_in_memory("leder").unwrap();
        let mut app = App::new(store, NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(), keymap::load(None).0).unwrap();
        app.start_setup();
        app
    }

    fn centre_updates(app: &App) -> i64 {
        app.shell
            .store
            .sqlite()
            .query_row("SELECT count(*) FROM audit WHERE action = 'centre_update'", [], |r| r.get(0))
            .unwrap()
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.handle_key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c)));
        }
    }

    #[test]
    fn the_form_saves_name_municipality_and_profile_in_one_audited_write() {
        let mut app = new_database();
        assert_eq!(app.mode_screen().layers, pane::FORM.layers);
        type_text(&mut app, "Rusmiddelcenter Nyborg");
        app.update(Action::NextField);
        type_text(&mut app, "Nyborg");
        app.update(Action::NextField);
        let nyborg = profile_ids().iter().position(|id| *id == "nyborg").unwrap();
        for _ in 0..nyborg {
            app.update(Action::Right);
        }
        let hint = app.setup.as_ref().unwrap().field(SetupField::Profile).unwrap().hint.clone().unwrap();
        assert_eq!(hint, text::profile_line("nyborg"));
        app.update(Action::Submit);
        assert!(app.setup.is_none());
        let centre = app.shell.store.centre().unwrap();
        assert_eq!((centre.name.as_str(), centre.municipality.as_str()), ("Rusmiddelcenter Nyborg", "Nyborg"));
        assert_eq!(centre.profile, "nyborg");
        assert_eq!(app.shell.profile.id, "nyborg", "the rules in force at once");
        assert_eq!(centre_updates(&app), 1);
    }

    #[test]
    fn blank_or_too_long_texts_are_refused_at_their_fields_and_nothing_is_written() {
        let mut app = new_database();
        app.update(Action::Submit);
        let form = app.setup.as_ref().unwrap();
        assert_eq!(form.field(SetupField::Name).unwrap().error.as_deref(), Some(text::SETUP_REQUIRED));
        assert_eq!(form.field(SetupField::Municipality).unwrap().error.as_deref(), Some(text::SETUP_REQUIRED));
        type_text(&mut app, &"x".repeat(crate::domain::limits::CENTRE_NAME + 1));
        app.update(Action::NextField);
        type_text(&mut app, "Faxe");
        app.update(Action::Submit);
        let form = app.setup.as_ref().unwrap();
        assert!(form.field(SetupField::Name).unwrap().error.as_deref().is_some_and(|e| e.contains("120")));
        assert_eq!(form.text(SetupField::Municipality), "Faxe", "the draft is kept");
        assert_eq!(centre_updates(&app), 0);
    }

    #[test]
    fn esc_closes_the_form_without_writing_and_says_how_to_set_up_later() {
        let mut app = new_database();
        type_text(&mut app, "Halvt");
        app.update(Action::Cancel);
        assert!(app.setup.is_none());
        assert_eq!(centre_updates(&app), 0);
        assert_eq!(app.shell.store.centre().unwrap().profile, "national");
        assert_eq!(app.shell.status.as_ref().map(|s| s.text.as_str()), Some(text::SETUP_SKIPPED));
    }
}

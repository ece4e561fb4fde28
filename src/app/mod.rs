//! The application: its state, and the one place that changes it. Keys are
//! turned into [`Action`]s by the keymap; [`App::update`] applies them;
//! drawing (in `ui`) only reads.

pub mod action;
pub mod form;
mod groups;
mod intake;
pub mod keymap;
mod notifications;
mod plans;
mod stays;

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

pub use action::Action;
pub use groups::{
    CardSummary, CourseState, GroupState, GroupsScreen, GroupsView, LedgerState, RollCallState, entry_case, line_state,
};
pub use intake::{CaseView, FormPurpose, IntakeView};
use keymap::{Key, Keymap, Layer};
pub use notifications::{FamilyView, NotesDetail, NotesForm, NotesView, NotificationView};
pub use plans::{GoalSlots, PlanView, PlansMode, PlansView};
pub use stays::{StayDetail, StayLine, StaysMode, StaysView};

use crate::domain::policy::Profile;
use crate::store::{Centre, Store};

/// The panes, in the order of the tab bar and the keys 1-6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Intake,
    Plans,
    Groups,
    Stays,
    Notifications,
    Reports,
}

impl PaneId {
    pub const ALL: [PaneId; 6] =
        [PaneId::Intake, PaneId::Plans, PaneId::Groups, PaneId::Stays, PaneId::Notifications, PaneId::Reports];

    fn index(self) -> usize {
        PaneId::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    fn step(self, by: isize) -> PaneId {
        let n = PaneId::ALL.len() as isize;
        PaneId::ALL[(self.index() as isize + by).rem_euclid(n) as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Warning,
    Error,
}

/// The message line at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

/// An open form and what submitting it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveForm {
    pub form: form::Form,
    pub purpose: FormPurpose,
    /// The draft whose warnings the user has seen: Enter again saves it.
    pub warned: Option<Vec<String>>,
}

pub struct App {
    pub store: Store,
    pub centre: Centre,
    pub profile: Profile,
    /// The day the app treats as today (`--today`, or the sample's day).
    pub today: NaiveDate,
    pub user: String,
    pub pane: PaneId,
    pub intake: IntakeView,
    pub case: Option<CaseView>,
    pub plans: PlansView,
    /// The plan opened from the Planer pane.
    pub plan: Option<PlanView>,
    /// The Underretninger pane.
    pub notes: NotesView,
    /// The Døgn pane: its stays, providers and totals, and the open stay.
    pub stays: StaysView,
    /// The Grupper pane: its groups, roll call, MOVE courses and ledger.
    pub groups: GroupsView,
    pub form: Option<ActiveForm>,
    pub help: bool,
    pub status: Option<Status>,
    pub keymap: Keymap,
    /// Rows of the list area on the last screen size, for paging.
    pub list_rows: usize,
    /// Columns of the last screen size, for views that scroll.
    pub screen_cols: u16,
    pub should_quit: bool,
}

impl App {
    /// A session on `store`. Fails only if the centre's profile cannot load.
    pub fn new(store: Store, today: NaiveDate, keymap: Keymap) -> Result<App, String> {
        let centre = store.centre().map_err(|e| e.to_string())?;
        let profile =
            centre.load_profile().map_err(|e| format!("profilen '{}' kan ikke bruges: {e}", centre.profile))?;
        let user = store.actor().to_string();
        let mut app = App {
            store,
            centre,
            profile,
            today,
            user,
            pane: PaneId::Intake,
            intake: IntakeView::default(),
            case: None,
            plans: PlansView::default(),
            plan: None,
            notes: NotesView::default(),
            stays: StaysView::default(),
            groups: GroupsView::default(),
            form: None,
            help: false,
            status: None,
            keymap,
            list_rows: 10,
            screen_cols: 80,
            should_quit: false,
        };
        app.reload_intake();
        if app.centre.municipality.trim().is_empty() {
            app.set_status(StatusKind::Warning, crate::ui::text::CENTRE_NOT_SET_UP);
        }
        Ok(app)
    }

    pub fn set_status(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(Status { kind, text: text.into() });
    }

    /// The layers whose keys are live now, first match wins.
    pub fn active_layers(&self) -> Vec<Layer> {
        if self.help { vec![Layer::Help] } else { self.mode_layers() }
    }

    /// The layers of the mode the user is in, help or not: what the help
    /// screen lists.
    pub fn mode_layers(&self) -> Vec<Layer> {
        if self.form.is_some() {
            vec![Layer::Form]
        } else if self.searching() {
            vec![Layer::Search]
        } else if self.pane == PaneId::Notifications {
            match &self.notes.detail {
                Some(NotesDetail::Notification(_)) => vec![Layer::Notification, Layer::Global],
                Some(NotesDetail::Family(_)) => vec![Layer::Family, Layer::List, Layer::Global],
                None => vec![Layer::Notifications, Layer::List, Layer::Global],
            }
        } else if self.case.is_some() {
            vec![Layer::Case, Layer::Intake, Layer::Global]
        } else if self.plan.is_some() {
            vec![Layer::Plan, Layer::Global]
        } else if self.pane == PaneId::Intake {
            vec![Layer::Intake, Layer::List, Layer::Global]
        } else if self.pane == PaneId::Plans && self.plans.mode == PlansMode::Calls {
            vec![Layer::FollowUp, Layer::List, Layer::Global]
        } else if self.pane == PaneId::Plans {
            vec![Layer::Plans, Layer::List, Layer::Global]
        } else if self.pane == PaneId::Stays {
            self.stays_layers()
        } else if self.pane == PaneId::Groups {
            let layer = match self.groups.screen() {
                _ if self.groups.editing_serial() => return vec![Layer::Serial],
                GroupsScreen::List => Layer::Groups,
                GroupsScreen::Group => Layer::Group,
                GroupsScreen::RollCall => Layer::RollCall,
                GroupsScreen::Courses => Layer::MoveCourses,
                GroupsScreen::Course => Layer::MoveCourse,
                GroupsScreen::Ledger => Layer::Ledger,
            };
            vec![layer, Layer::List, Layer::Global]
        } else {
            vec![Layer::Global]
        }
    }

    /// The Døgn pane's live layers: the steps stay live over an open stay,
    /// so a counsellor can act on what they read.
    pub fn stays_layers(&self) -> Vec<Layer> {
        if self.stays.detail.is_some() {
            vec![Layer::StayView, Layer::Stays, Layer::List, Layer::Global]
        } else {
            match self.stays.mode {
                StaysMode::List => vec![Layer::Stays, Layer::List, Layer::Global],
                StaysMode::Totals => vec![Layer::StayView, Layer::List, Layer::Global],
                StaysMode::Providers => vec![Layer::Providers, Layer::List, Layer::Global],
            }
        }
    }

    /// Whether the pane on screen is taking a search from the keyboard.
    pub fn searching(&self) -> bool {
        match self.pane {
            PaneId::Intake => self.intake.searching,
            PaneId::Plans => self.plans.searching,
            _ => false,
        }
    }

    /// Edits the search of the pane on screen and applies it.
    fn edit_search(&mut self, edit: impl FnOnce(&mut String)) {
        match self.pane {
            PaneId::Intake => {
                edit(&mut self.intake.search);
                self.intake.refilter();
            }
            PaneId::Plans => {
                edit(&mut self.plans.search);
                self.plans.refilter();
            }
            _ => {}
        }
    }

    /// A key from the terminal: typed text goes to the field or search being
    /// edited; everything else goes through the keymap to an action.
    pub fn handle_key(&mut self, event: KeyEvent) {
        let Some(key) = Key::from_event(&event) else {
            return;
        };
        if let Some(c) = key.typed_char() {
            if let Some(active) = &mut self.form
                && active.form.focused().is_some_and(|f| f.is_text())
            {
                active.form.type_char(c);
                return;
            }
            if self.searching() && !self.help {
                self.edit_search(|s| s.push(c));
                return;
            }
            if self.pane == PaneId::Groups && self.groups.editing_serial() && !self.help && self.form.is_none() {
                self.type_serial(c);
                return;
            }
        }
        let layers = self.active_layers();
        // Ctrl keys fall through to the global layer from any mode, so
        // ctrl-c always leaves the program.
        let action = self
            .keymap
            .lookup(&layers, key)
            .or_else(|| if key.ctrl { self.keymap.lookup(&[Layer::Global], key) } else { None });
        // Ctrl-c leaves even an unsaved roll call; a plain q does not.
        if key.ctrl && action == Some(Action::Quit) {
            self.should_quit = true;
            return;
        }
        if let Some(action) = action {
            self.update(action);
        }
    }

    /// Pasted text (bracketed paste) goes into the field being edited only.
    pub fn handle_paste(&mut self, text: &str) {
        if let Some(active) = &mut self.form {
            active.form.paste(text);
        } else if self.searching() {
            self.edit_search(|s| s.extend(text.chars().filter(|c| !c.is_control())));
        } else if self.pane == PaneId::Groups && self.groups.editing_serial() {
            text.chars().for_each(|c| self.type_serial(c));
        }
    }

    /// Applies one action. This is the only place state changes.
    pub fn update(&mut self, action: Action) {
        if self.help {
            if matches!(action, Action::Close | Action::Cancel | Action::Help) {
                self.help = false;
            }
            return;
        }
        if self.form.is_some() {
            self.update_form(action);
            return;
        }
        if self.searching() {
            self.update_search(action);
            return;
        }
        // An unsaved roll call is not left by a stray key: Enter saves it,
        // Esc discards it (ctrl-c still quits, in handle_key).
        let leaving = matches!(
            action,
            Action::Quit
                | Action::PaneIntake
                | Action::PanePlans
                | Action::PaneGroups
                | Action::PaneStays
                | Action::PaneNotifications
                | Action::PaneReports
                | Action::NextPane
                | Action::PrevPane
        );
        if leaving && self.pane == PaneId::Groups && self.groups.roll_call_dirty() {
            self.set_status(StatusKind::Warning, crate::ui::text::groups::ROLL_UNSAVED);
            return;
        }
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.help = true,
            Action::PaneIntake => self.go(PaneId::Intake),
            Action::PanePlans => self.go(PaneId::Plans),
            Action::PaneGroups => self.go(PaneId::Groups),
            Action::PaneStays => self.go(PaneId::Stays),
            Action::PaneNotifications => self.go(PaneId::Notifications),
            Action::PaneReports => self.go(PaneId::Reports),
            Action::NextPane => self.go(self.pane.step(1)),
            Action::PrevPane => self.go(self.pane.step(-1)),
            // Everything else belongs to the pane on screen.
            other => match self.pane {
                PaneId::Intake => self.update_intake(other),
                PaneId::Plans => self.update_plans(other),
                PaneId::Notifications => self.update_notes(other),
                PaneId::Stays => self.update_stays(other),
                PaneId::Groups => self.update_groups(other),
                PaneId::Reports => {}
            },
        }
    }

    fn go(&mut self, pane: PaneId) {
        self.case = None;
        self.plan = None;
        if self.pane == PaneId::Groups && pane != PaneId::Groups {
            // Leaving the pane closes its screens: it opens on the list again.
            self.groups.stack.clear();
            self.groups.roll = None;
        }
        self.pane = pane;
        match pane {
            PaneId::Intake => self.reload_intake(),
            PaneId::Groups => self.reload_groups(),
            PaneId::Stays => self.reload_stays(),
            PaneId::Plans => self.reload_plans(),
            PaneId::Notifications => {
                self.notes.detail = None;
                self.reload_notes();
            }
            _ => {}
        }
    }

    fn stop_searching(&mut self) {
        match self.pane {
            PaneId::Intake => self.intake.searching = false,
            PaneId::Plans => self.plans.searching = false,
            _ => {}
        }
    }

    fn update_search(&mut self, action: Action) {
        match action {
            Action::Submit => self.stop_searching(),
            Action::Cancel => {
                self.stop_searching();
                self.edit_search(String::clear);
            }
            Action::Backspace => self.edit_search(|s| {
                s.pop();
            }),
            _ => {}
        }
    }
}

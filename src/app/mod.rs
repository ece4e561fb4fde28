//! The shell: what every pane shares, and the routing of keys to the pane on
//! screen. Keys are turned into [`Action`]s by the keymap; the shell handles
//! the few that belong to no pane (quit, help, switching panes) and hands the
//! rest to the pane. Drawing (in `ui` and each pane's folder) only reads.

pub mod action;
pub mod demo;
pub mod due_badges;
pub mod find;
pub mod form;
pub mod form_host;
pub mod keymap;
pub mod list_cursor;
#[cfg(test)]
mod live_tests;
pub mod page;
pub mod palette;
pub mod pane;
pub mod present;
pub mod scroll;
pub mod setup;
#[cfg(test)]
mod switch_tests;

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

pub use action::Action;
pub use demo::DemoSession;
pub use form_host::ActiveForm;
use keymap::{Key, Keymap, Layer};
pub use pane::{Pane, Screen};

use crate::domain::policy::Profile;
use crate::store::{Centre, DataStamp, Store};

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

/// What every pane works with: the database, the centre and its rules, the
/// day, the person, the message line and the size of the screen.
pub struct Shell {
    pub store: Store,
    pub centre: Centre,
    pub profile: Profile,
    /// The day the app treats as today (`--today`, or the sample's day).
    pub today: NaiveDate,
    pub user: String,
    pub status: Option<Status>,
    /// Rows of the list area on the last screen size, for paging.
    pub list_rows: usize,
    /// Columns of the last screen size, for views that scroll.
    pub screen_cols: u16,
    /// What a pane asks the shell to do once its key is handled.
    pub request: Option<ShellRequest>,
}

/// What a pane asks of the shell: things no pane may do to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellRequest {
    /// Open case `id`'s whole life in the find, over the pane; Esc comes
    /// back to it.
    CaseLife(i64),
}

impl Shell {
    pub fn set_status(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(Status { kind, text: text.into() });
    }

    /// Asks the shell to open case `id`'s whole life over the pane.
    pub fn open_case_life(&mut self, id: i64) {
        self.request = Some(ShellRequest::CaseLife(id));
    }
}

/// The actions that change which rows a list shows: each is a new look at
/// a list, recorded as one (a search is recorded when it is kept).
const LIST_ACTIONS: [Action; 7] = [
    Action::ToggleMine,
    Action::ShowComplaints,
    Action::ToggleEnded,
    Action::ToggleFinished,
    Action::ToggleFollowUps,
    Action::ClearSearch,
    Action::ShowCourses,
];

pub struct App {
    pub shell: Shell,
    pub keymap: Keymap,
    /// The panes in the order of the tab bar (`crate::panes::all`).
    pub panes: Vec<Box<dyn Pane>>,
    /// The pane on screen: an index into `panes`.
    pub current: usize,
    pub help: bool,
    /// The help shows the legend of the screen's markers, not its keys.
    pub help_legend: bool,
    /// The find over every case, laid over the pane on screen.
    pub find: Option<find::Find>,
    /// The command palette, laid over whatever is on screen but the help.
    pub palette: Option<palette::Palette>,
    /// Every problem of the user's keymap file (which is then not used),
    /// listed over the screen at start until the first key.
    pub keymap_problems: Vec<String>,
    pub should_quit: bool,
    /// A line over everything that stays for the whole session: the
    /// database is read-only (`--today`, or a file the user cannot write).
    pub banner: Option<String>,
    /// Where the data stood, and the day, when each pane (by index into
    /// `panes`) last loaded; `None` before its first load. A pane whose
    /// stamp is still the store's comes back on screen without reading
    /// anything again ([`App::go`]); the live refresh ([`App::tick`])
    /// watches the pane on screen's.
    loaded: Vec<Option<(DataStamp, NaiveDate)>>,
    /// The person sees no case (not a user, disabled, an administrator, a
    /// trainer on a real database): the lines of the one screen they get
    /// instead of the panes, saying why and what to do.
    pub shut_out: Option<(&'static str, Vec<String>)>,
    /// The open draft's text would be lost by the key just pressed, and the
    /// user was asked "Kassér kladden?": the same key again goes ahead.
    discard_asked: bool,
    /// `sagsbord demo`: what starting it again needs (`demo.rs`).
    pub demo: Option<DemoSession>,
    /// A new database's setup form, shown instead of the panes (`setup.rs`).
    pub setup: Option<form::Form>,
    /// Presentation mode (`--present`, or its key): the keys pressed are
    /// shown, the look has more contrast, and no CPR number is shown.
    pub present: bool,
    /// The last keys pressed, for presentation mode's strip.
    pub pressed: present::KeyStrip,
    /// The counts of deadlines due beside the panes' names in the tab bar.
    pub badges: due_badges::DueBadges,
    /// Set by the terminal's loop: the look at a list a pane switch shows
    /// is recorded right after the frame is drawn
    /// ([`App::record_pending_look`]), not before, so that the audit row's
    /// sync to disk (milliseconds on a busy machine) does not delay the
    /// frame. The look is recorded before the next key either way; when
    /// unset (a test driving the app itself), at once.
    pub looks_after_frame: bool,
    look_pending: bool,
}

impl App {
    /// A session on `store`. Fails only if the centre's profile cannot load.
    pub fn new(mut store: Store, today: NaiveDate, keymap: Keymap) -> Result<App, String> {
        // Screens ask where the data stands every second: on a server,
        // only after it told of a commit. Where the server will not tell
        // (a standby refuses LISTEN), the screens ask it each second, as
        // before: slower, and as right.
        let _ = store.listen_for_changes();
        let centre = store.centre().map_err(|e| e.to_string())?;
        let profile = store.profile().map_err(|e| e.to_string())?;
        let user = store.actor().to_string();
        let refused = store.viewer(false).map_err(|e| e.to_string())?.sees_any().err();
        let shut_out = refused.map(|why| crate::text::access::shut_out_lines(&user, why));
        let shell =
            Shell { store, centre, profile, today, user, status: None, list_rows: 10, screen_cols: 80, request: None };
        let panes = crate::panes::all();
        let loaded = vec![None; panes.len()];
        let mut app = App {
            shell,
            keymap,
            panes,
            current: 0,
            help: false,
            help_legend: false,
            find: None,
            palette: None,
            keymap_problems: Vec::new(),
            should_quit: false,
            discard_asked: false,
            banner: None,
            loaded,
            shut_out,
            demo: None,
            setup: None,
            present: false,
            pressed: present::KeyStrip::default(),
            badges: due_badges::DueBadges::default(),
            looks_after_frame: false,
            look_pending: false,
        };
        if app.shut_out.is_some() {
            return Ok(app);
        }
        app.load(0);
        app.record_list();
        if app.shell.centre.municipality.trim().is_empty() {
            app.shell.set_status(StatusKind::Warning, crate::text::CENTRE_NOT_SET_UP);
        }
        Ok(app)
    }

    pub fn set_status(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.shell.set_status(kind, text);
    }

    /// The pane on screen.
    pub fn pane(&self) -> &dyn Pane {
        self.panes[self.current].as_ref()
    }

    /// The pane of type `P`, wherever it is (tests look into panes so).
    pub fn pane_of<P: Pane>(&self) -> Option<&P> {
        self.panes.iter().find_map(|p| p.as_ref().as_any().downcast_ref::<P>())
    }

    /// Whether the pane of type `P` is on screen.
    pub fn showing<P: Pane>(&self) -> bool {
        self.pane().as_any().is::<P>()
    }

    /// The open form of the pane on screen.
    pub fn form(&self) -> Option<&form::Form> {
        self.pane().form()
    }

    /// The open form of the pane on screen, to change (tests set errors so).
    pub fn form_mut(&mut self) -> Option<&mut form::Form> {
        self.panes[self.current].form_mut()
    }

    /// The screen whose keys are live now: help over everything, then the
    /// command palette, then an open form, then the pane's own.
    pub fn screen(&self) -> &'static Screen {
        if self.help {
            &pane::HELP
        } else if self.palette.is_some() {
            &palette::PALETTE
        } else {
            self.mode_screen()
        }
    }

    /// The screen under the help and the palette: what they list.
    pub fn mode_screen(&self) -> &'static Screen {
        if self.setup.is_some() {
            return &pane::FORM;
        }
        if let Some(find) = &self.find {
            return find.screen();
        }
        if self.pane().form().is_some() { &pane::FORM } else { self.pane().screen() }
    }

    /// The layers whose keys are live now, first match wins.
    pub fn active_layers(&self) -> &'static [Layer] {
        self.screen().layers
    }

    /// The markers of the screen under the help and the palette: none over
    /// the find or a form (they show none).
    pub fn markers(&self) -> &'static [crate::text::markers::Marker] {
        if self.find.is_some() || self.pane().form().is_some() { &[] } else { self.pane().markers() }
    }

    /// The layers of the mode the user is in, help or not.
    pub fn mode_layers(&self) -> &'static [Layer] {
        self.mode_screen().layers
    }

    /// A key from the terminal: typed text goes to the field or search being
    /// edited; everything else goes through the keymap to an action.
    pub fn handle_key(&mut self, event: KeyEvent) {
        let Some(key) = Key::from_event(&event) else {
            return;
        };
        if self.present {
            self.pressed.push(key);
        }
        if self.reset_asked() {
            self.answer_reset(key);
            return;
        }
        // The first key takes the keymap's problems off the screen: Esc or
        // Enter only that; any other key does what it does as well.
        if !self.keymap_problems.is_empty() {
            self.keymap_problems.clear();
            if matches!(key.code, keymap::KeyCodeId::Esc | keymap::KeyCodeId::Enter) {
                return;
            }
        }
        if let Some(c) = key.typed_char()
            && !self.help
            && self.type_char(c)
        {
            // Going on with the draft: the next Esc asks again.
            self.discard_asked = false;
            return;
        }
        // Ctrl and alt keys fall through to the global layer from any mode,
        // so ctrl-c always leaves the program and the palette's ctrl-p (or
        // emacs' alt-x) opens over a form.
        let action = self
            .keymap
            .lookup(self.active_layers(), key)
            .or_else(|| if key.ctrl || key.alt { self.keymap.lookup(&[Layer::Global], key) } else { None });
        if let Some(action) = action {
            self.run_key(key, action);
        }
    }

    /// Runs the action `key` is bound to: from the keyboard, or from the
    /// command palette exactly as the key would.
    fn run_key(&mut self, key: Key, action: Action) {
        // Ctrl-c leaves even an unsaved roll call; a plain q does not. A
        // draft with typed text is asked about first; ctrl-c again quits.
        if key.ctrl && action == Action::Quit {
            if self.ask_before_discarding(crate::text::DISCARD_DRAFT_QUIT) {
                return;
            }
            self.should_quit = true;
            return;
        }
        self.update(action);
    }

    /// A typed character: into the open form's text field, else to the
    /// pane if it is taking text. Returns whether it was taken.
    fn type_char(&mut self, c: char) -> bool {
        if let Some(form) = &mut self.setup {
            return setup::takes_text(form) && form.type_char(c);
        }
        if let Some(palette) = &mut self.palette {
            return palette.type_text(c);
        }
        if let Some(find) = &mut self.find {
            return find.type_text(c, &mut self.shell);
        }
        let pane = self.panes[self.current].as_mut();
        if let Some(form) = pane.form_mut() {
            return form.focused().is_some_and(|f| f.is_text()) && form.type_char(c);
        }
        pane.type_text(c, &mut self.shell)
    }

    /// Pasted text (bracketed paste) goes into the field being edited only.
    pub fn handle_paste(&mut self, text: &str) {
        if self.help {
            return;
        }
        if let Some(form) = &mut self.setup {
            form.paste(text);
            return;
        }
        if let Some(palette) = &mut self.palette {
            text.chars().for_each(|c| _ = palette.type_text(c));
            return;
        }
        if let Some(find) = &mut self.find {
            for c in text.chars().filter(|c| !c.is_control()) {
                find.type_text(c, &mut self.shell);
            }
            return;
        }
        let pane = self.panes[self.current].as_mut();
        if let Some(form) = pane.form_mut() {
            form.paste(text);
        } else {
            for c in text.chars().filter(|c| !c.is_control()) {
                pane.type_text(c, &mut self.shell);
            }
        }
    }

    /// Applies one action. This is the only place state changes.
    pub fn update(&mut self, action: Action) {
        if self.shut_out.is_some() {
            // Nothing to do here but leave.
            self.should_quit |= action == Action::Quit;
            return;
        }
        if action == Action::ResetDemo {
            self.ask_reset();
            return;
        }
        if action == Action::TogglePresent {
            self.present = !self.present;
            self.pressed = present::KeyStrip::default();
            return;
        }
        // On a projector the whole number is never shown, nor its look audited.
        if self.present && action == Action::RevealCpr {
            self.shell.set_status(StatusKind::Info, crate::text::tour::NO_CPR_WHILE_PRESENTING);
            return;
        }
        if self.help {
            match action {
                Action::Close | Action::Cancel | Action::Help => {
                    self.help = false;
                    self.help_legend = false;
                }
                Action::Toggle => self.help_legend = !self.help_legend,
                _ => {}
            }
            return;
        }
        if self.setup.is_some() {
            self.setup_update(action);
            return;
        }
        // The palette lies over everything but the help: the find and an
        // open form too, whose actions it offers.
        if let Some(palette) = &mut self.palette {
            match palette.update(action) {
                palette::PaletteOutcome::Stay => {}
                palette::PaletteOutcome::Close => self.palette = None,
                palette::PaletteOutcome::Run(key, action) => {
                    self.palette = None;
                    self.run_key(key, action);
                }
            }
            return;
        }
        if action == Action::Palette {
            self.palette = Some(palette::Palette::open(&self.keymap, self.mode_layers()));
            return;
        }
        // The find lies over everything, an open form too (ctrl-f reaches
        // it from a form; the draft waits under it).
        if let Some(find) = &mut self.find {
            let outcome = find.update(action, &mut self.shell);
            self.after_find(outcome);
            return;
        }
        if action == Action::FindCase {
            self.find = Some(find::Find::new());
            return;
        }
        if self.pane().form().is_some() {
            // Esc on a draft with typed text asks first; Esc again discards.
            if action == Action::Cancel && self.ask_before_discarding(crate::text::DISCARD_DRAFT) {
                return;
            }
            self.discard_asked = false;
            self.panes[self.current].update(action, &mut self.shell);
            return;
        }
        let target = self.panes.iter().position(|p| p.go_action() == action);
        let leaving = target.is_some() || matches!(action, Action::Quit | Action::NextPane | Action::PrevPane);
        // An unsaved roll call is not left by a stray key: Enter saves it,
        // Esc discards it (ctrl-c still quits, in handle_key).
        if leaving && let Err(why) = self.pane().may_leave() {
            self.shell.set_status(StatusKind::Warning, why);
            return;
        }
        let n = self.panes.len();
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.help = true,
            Action::NextPane => self.go((self.current + 1) % n),
            Action::PrevPane => self.go((self.current + n - 1) % n),
            _ if target.is_some() => self.go(target.unwrap_or(0)),
            // Everything else belongs to the pane on screen.
            other => {
                let searching = self.pane().screen().layers.first() == Some(&Layer::Search);
                self.panes[self.current].update(other, &mut self.shell);
                // A list the user chose to see: a filter changed, a search
                // kept or cleared, the MOVE courses opened.
                let kept_search = searching && other == Action::Submit;
                if kept_search || LIST_ACTIONS.contains(&other) {
                    self.record_list();
                }
                self.carry_out_request();
            }
        }
    }

    /// Carries out what the pane asked of the shell, if anything.
    fn carry_out_request(&mut self) {
        match self.shell.request.take() {
            Some(ShellRequest::CaseLife(id)) => self.find = find::Find::on_case(&mut self.shell, id),
            None => {}
        }
    }

    /// Carries out what the find asked for after a key.
    fn after_find(&mut self, outcome: find::FindOutcome) {
        match outcome {
            find::FindOutcome::Stay => {}
            find::FindOutcome::Close => self.find = None,
            find::FindOutcome::OpenIn { pane, case_id } => {
                let Some(target) = self.panes.iter().position(|p| p.go_action() == pane) else { return };
                // The pane under the find keeps an open form or an unsaved
                // roll call: the find closes, and the pane says why it stays.
                self.find = None;
                if target != self.current || self.pane().form().is_some() {
                    if let Err(why) = self.pane().may_leave() {
                        self.shell.set_status(StatusKind::Warning, why);
                        return;
                    }
                    if self.pane().form().is_some() {
                        self.shell.set_status(StatusKind::Warning, crate::text::find::FORM_OPEN);
                        return;
                    }
                }
                if target != self.current {
                    self.go(target);
                }
                if !self.panes[self.current].open_case(case_id, &mut self.shell) {
                    self.shell.set_status(StatusKind::Warning, crate::text::find::CANNOT_OPEN_THERE);
                }
            }
        }
    }

    /// Records in the audit trail that the user looked at the list on
    /// screen (which, how many rows). Never in the way: the store drops the
    /// row rather than wait for a colleague's write.
    fn record_list(&mut self) {
        self.panes[self.current].count_shown(&mut self.shell);
        if let Some((list, rows)) = self.panes[self.current].shown_list() {
            self.shell.store.record_list(&list, rows);
        }
    }

    /// Whether the key that would throw away the open draft must ask first:
    /// the draft has typed text and the user has not been asked yet. Asks
    /// (`question` on the status line) and returns true; the same key again
    /// returns false and goes ahead.
    fn ask_before_discarding(&mut self, question: &str) -> bool {
        let typed = self.pane().form().is_some_and(|f| f.typed);
        if !typed || self.discard_asked {
            return false;
        }
        self.discard_asked = true;
        self.shell.set_status(StatusKind::Warning, question);
        true
    }

    /// Sets the lists' view height; the panes are told when it changed.
    pub fn set_list_rows(&mut self, rows: usize) {
        if rows != self.shell.list_rows {
            self.shell.list_rows = rows;
            for pane in &mut self.panes {
                pane.view_resized(&mut self.shell);
            }
        }
    }

    /// Brings pane `index` on screen, loaded afresh only if the data changed
    /// since it last loaded: coming back to a pane whose rows are still
    /// right reads nothing. The look is recorded either way: the user sees
    /// the list again, as `a_list_the_user_opens_is_recorded_once_and_the_
    /// live_refresh_records_nothing` (tests/it/access_ui.rs) holds.
    pub fn go(&mut self, index: usize) {
        // A pane left in the middle of a load stops it (Rapporter's
        // report): it must load again when it comes back.
        if self.panes[self.current].busy() {
            self.loaded[self.current] = None;
        }
        self.panes[self.current].leave();
        self.current = index.min(self.panes.len() - 1);
        // A message about the pane just left says nothing about this one
        // (a reload that fails sets its own).
        self.shell.status = None;
        let stamp = self.stamp();
        let fresh = match (self.loaded[self.current], stamp) {
            (Some((then, day)), Some((now, today))) => now.same_data(&then) && day == today,
            _ => false,
        };
        if !fresh {
            self.load_at(self.current, stamp);
        }
        if self.looks_after_frame {
            self.look_pending = true;
        } else {
            self.record_list();
        }
    }

    /// Records the look at the list a pane switch brought on screen, if it
    /// waits: the terminal's loop calls it once that frame is drawn
    /// ([`App::looks_after_frame`]).
    pub fn record_pending_look(&mut self) {
        if std::mem::take(&mut self.look_pending) {
            self.record_list();
        }
    }

    /// Loads pane `index` and notes where the data stood.
    fn load(&mut self, index: usize) {
        let stamp = self.stamp();
        self.load_at(index, stamp);
    }

    /// Loads pane `index`, the data having stood at `stamp`. The stamp is
    /// taken before the reads, so a colleague's commit in between is seen
    /// as new by the next tick. A load that failed (it says so on the
    /// status line) is not noted: the pane tries again next time.
    fn load_at(&mut self, index: usize, stamp: Option<(DataStamp, NaiveDate)>) {
        self.panes[index].reload(&mut self.shell);
        let failed = self.shell.status.as_ref().is_some_and(|s| s.kind == StatusKind::Error);
        self.loaded[index] = if failed { None } else { stamp };
    }

    /// Where the data stands now, and the day the panes count from (a
    /// deadline's days left change with it).
    fn stamp(&self) -> Option<(DataStamp, NaiveDate)> {
        Some((self.shell.store.data_stamp().ok()?, self.shell.today))
    }

    /// Called about once a second while no key is pressed: when another
    /// counsellor has committed since the last look, the pane on screen
    /// loads what it shows again, so open screens show others' changes
    /// within two seconds. A pane with an open form or unsaved marks is left
    /// alone until it is idle (the change is picked up then). Returns
    /// whether anything was reloaded (the screen is drawn again).
    pub fn tick(&mut self) -> bool {
        if self.shut_out.is_some() {
            return false;
        }
        if let Some(redraw) = self.reconnect(false) {
            return redraw;
        }
        // The client learns that the server closed the connection from
        // the first statement that fails on it: the stamp's, often.
        let now = match self.stamp() {
            Some(now) => now,
            None => match self.reconnect(true) {
                Some(redraw) => return redraw,
                None => match self.stamp() {
                    Some(now) => now,
                    None => return false,
                },
            },
        };
        let seen = self.loaded[self.current];
        // Our own writes are not others' changes: the pane that made them
        // read them again itself (and `data_version` does not move for
        // them).
        if seen.is_some_and(|(s, _)| s.others == now.0.others) {
            return false;
        }
        // Only colleagues' looks were committed: nothing to read again.
        if let Some((s, day)) = seen
            && now.0.same_data(&s)
            && now.1 == day
        {
            self.loaded[self.current] = Some(now);
            return false;
        }
        let pane = &mut self.panes[self.current];
        // Under the find the pane is not seen; it loads when it is again.
        if self.find.is_some() || pane.form().is_some() || pane.may_leave().is_err() {
            return false;
        }
        // The refresh reads everything the pane shows, our writes too.
        self.loaded[self.current] = Some(now);
        pane.refresh(&mut self.shell);
        true
    }

    /// When the server closed the connection (it restarted, the network
    /// dropped): connects again, a tick at a time until it is back, and
    /// says so on the status line; every pane reads again once it is. A
    /// form open meanwhile keeps its draft: its save failed and said why,
    /// and it can be saved again once the server is back. `None` when the
    /// connection is as it was (or back now: the tick goes on to read).
    /// Once a statement failed, the server is asked whether the connection
    /// stands; otherwise only what the client knows is looked at.
    fn reconnect(&mut self, after_failure: bool) -> Option<bool> {
        let store = &mut self.shell.store;
        let reconnected = if after_failure { store.reconnect_if_lost() } else { store.reconnect_if_closed() };
        match reconnected {
            Ok(false) => None,
            Ok(true) => {
                self.loaded.iter_mut().for_each(|l| *l = None);
                self.shell.set_status(StatusKind::Info, crate::text::RECONNECTED);
                None
            }
            Err(e) => {
                let said = crate::text::connection_lost(&e.to_string());
                let new = self.shell.status.as_ref().is_none_or(|s| s.text != said);
                self.shell.set_status(StatusKind::Error, said);
                Some(new)
            }
        }
    }

    /// Counts the tab bar's deadlines again if the data or the day moved
    /// since: called while no key is pressed, as the live refresh is.
    /// Returns whether the tab bar must be drawn again.
    pub fn recount(&mut self) -> bool {
        self.shut_out.is_none() && self.badges.recount(&self.shell.store, self.shell.today)
    }

    /// Takes what the pane on screen computed in the background, if it
    /// finished: whether the screen must be drawn again.
    pub fn poll(&mut self) -> bool {
        self.panes[self.current].poll(&mut self.shell)
    }

    /// Whether the pane on screen waits for work in the background.
    pub fn busy(&self) -> bool {
        self.panes[self.current].busy()
    }

    /// Every screen any pane can show, with the shared ones: what the
    /// keymap's conflict check looks at.
    pub fn all_screens() -> Vec<&'static Screen> {
        let mut screens: Vec<&'static Screen> = pane::SHARED_SCREENS.to_vec();
        screens.extend(find::Find::screens().iter().copied());
        screens.extend(palette::SCREENS.iter().copied());
        for p in crate::panes::all() {
            screens.extend(p.screens().iter().copied());
        }
        screens
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::store::Store;

    #[test]
    fn a_message_from_one_pane_is_not_left_standing_on_the_next() {
        let store = Store::open_in_memory("anna").unwrap();
        let mut app = App::new(store, NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(), keymap::load(None).0).unwrap();
        app.update(Action::ToggleMine);
        assert!(app.shell.status.is_some());
        app.update(Action::PanePlans);
        assert_eq!(app.shell.status, None);
        app.update(Action::ToggleMine);
        let plans_said = app.shell.status.clone();
        assert!(plans_said.is_some());
        app.update(Action::NextPane);
        assert_eq!(app.shell.status, None, "Grupper does not repeat Planer's {plans_said:?}");
    }
}

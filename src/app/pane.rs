//! What a pane is. Each of the six panes implements [`Pane`] in its own
//! folder under `src/panes/`: it owns its state, its screens and their keys,
//! its forms and its drawing. The shell ([`super::App`]) holds only what the
//! panes share and asks the pane on screen everything else.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::form::Form;
use super::keymap::Layer;
use super::{Action, Shell};
use crate::domain::due::DueKind;
use crate::theme::Theme;

/// One key the key line names: the action, the layer whose binding gives its
/// key, and the word shown beside the key.
pub type Hint = (Layer, Action, &'static str);

/// What one screen of a pane answers to: the keymap layers that are live on
/// it (first match wins) and the few keys its key line names. This is the
/// one statement of which keys are live: the key dispatch, the key line, the
/// help overlay and the keymap's conflict check are all derived from it.
#[derive(Debug)]
pub struct Screen {
    pub layers: &'static [Layer],
    pub hints: &'static [Hint],
    /// The first layer is a view laid over the others (an open case over
    /// the queue): its keys win over theirs on purpose, so the conflict
    /// check does not count them against each other.
    pub overlay: bool,
}

impl Screen {
    /// A screen whose layers must not share a key.
    pub const fn new(layers: &'static [Layer], hints: &'static [Hint]) -> Screen {
        Screen { layers, hints, overlay: false }
    }

    /// A view over a list: its first layer may shadow the rest.
    pub const fn overlay(layers: &'static [Layer], hints: &'static [Hint]) -> Screen {
        Screen { layers, hints, overlay: true }
    }

    /// The pairs of layers on this screen that must not share a key.
    pub fn peers(&self) -> impl Iterator<Item = (Layer, Layer)> + '_ {
        let skip_first = usize::from(self.overlay);
        self.layers
            .iter()
            .enumerate()
            .flat_map(move |(i, a)| self.layers[i + 1..].iter().filter(move |_| i >= skip_first).map(move |b| (*a, *b)))
    }
}

/// Any open form, whichever pane owns it.
pub const FORM: Screen = Screen::new(
    &[Layer::Form],
    &[
        (Layer::Form, Action::Submit, "gem"),
        (Layer::Form, Action::Cancel, "fortryd"),
        (Layer::Form, Action::NextField, "næste felt"),
    ],
);

/// A list's search being typed.
pub const SEARCH: Screen =
    Screen::new(&[Layer::Search], &[(Layer::Search, Action::Submit, "behold"), (Layer::Search, Action::Cancel, "ryd")]);

/// The help overlay.
pub const HELP: Screen =
    Screen::new(&[Layer::Help], &[(Layer::Help, Action::Close, "luk"), (Layer::Help, Action::Toggle, "tegn")]);

/// The screens every pane shares.
pub const SHARED_SCREENS: &[&Screen] = &[&FORM, &SEARCH, &HELP];

/// Lets the shell and the tests look at a pane as its own type.
pub trait AsAny: Any {
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any> AsAny for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A pane: one tab of the workbench.
pub trait Pane: AsAny {
    /// The tab's name.
    fn title(&self) -> &'static str;

    /// The action that brings this pane on screen (its number key).
    fn go_action(&self) -> Action;

    /// The screen the pane shows now. Forms are the shell's concern: while
    /// [`Pane::form`] is open, the shell uses [`FORM`].
    fn screen(&self) -> &'static Screen;

    /// Every screen the pane can show, for the keymap's conflict check.
    fn screens(&self) -> &'static [&'static Screen];

    /// Applies an action of the pane's screen (or of its open form).
    fn update(&mut self, action: Action, shell: &mut Shell);

    /// Draws the pane in `area`; changes nothing.
    fn draw(&self, frame: &mut Frame, area: Rect, shell: &Shell, theme: &Theme);

    /// Loads what the pane shows; called when it comes on screen.
    fn reload(&mut self, shell: &mut Shell);

    /// Another counsellor changed the database: load what is on screen
    /// again, keeping what is open. Never called while a form is open or
    /// while the pane may not be left (an unsaved roll call).
    fn refresh(&mut self, shell: &mut Shell) {
        self.reload(shell);
    }

    /// Work the pane started in the background (a long computation) has
    /// finished: take its result. Returns whether the pane should be drawn
    /// again.
    fn poll(&mut self, _shell: &mut Shell) -> bool {
        false
    }

    /// Whether the pane waits for work in the background: the loop then
    /// looks for it often, so the result is drawn without a key press.
    fn busy(&self) -> bool {
        false
    }

    /// The list on screen, if one is: its name as the audit trail records
    /// it and how many rows it shows. The shell records a look at it when
    /// the user opens it (a pane switch, a filter, a search kept), never on
    /// a refresh ([`Pane::refresh`]).
    fn shown_list(&self) -> Option<(String, usize)> {
        None
    }

    /// Counts the list on screen if the pane left its length for later (a
    /// search typed over a long list shows its first screen uncounted), so
    /// that [`Pane::shown_list`] says how many rows it has.
    fn count_shown(&mut self, _shell: &mut Shell) {}

    /// The pane goes off screen: close what should not outlive the visit.
    fn leave(&mut self) {}

    /// The lists' view has a new height ([`Shell::list_rows`]: the terminal's
    /// size, known at the first frame, or a resize). A pane that holds only
    /// the rows on screen reads those it now lacks.
    fn view_resized(&mut self, _shell: &mut Shell) {}

    /// Why the pane may not be left now (an unsaved roll call), if so.
    fn may_leave(&self) -> Result<(), &'static str> {
        Ok(())
    }

    /// The markers the screen on show may carry (OVERSKREDET, ...), from the
    /// pane's one table of them: what the help's legend explains.
    fn markers(&self) -> &'static [crate::text::markers::Marker] {
        &[]
    }

    /// The kinds of deadline the pane works off: counted beside its name
    /// in the tab bar when due (`due_badges`).
    fn due_kinds(&self) -> &'static [DueKind] {
        &[]
    }

    /// The open form, if any.
    fn form(&self) -> Option<&Form> {
        None
    }

    /// The open form, to type into.
    fn form_mut(&mut self) -> Option<&mut Form> {
        None
    }

    /// Opens case `case_id` in this pane, the part of it the pane works on
    /// (the contact in Indtag, the plan in Planer): asked by the find's
    /// case view. Returns false when the pane has nothing to open it in.
    fn open_case(&mut self, _case_id: i64, _shell: &mut Shell) -> bool {
        false
    }

    /// A typed character that is text rather than a key (a search, a serial
    /// number). Returns whether the pane took it. Characters typed into an
    /// open form's text field never reach this: the shell types them.
    fn type_text(&mut self, _c: char, _shell: &mut Shell) -> bool {
        false
    }
}

/// A list's search while it is being typed: Enter keeps it, Esc clears it,
/// Backspace takes the last character. Returns whether the text changed.
pub fn search_key(action: Action, text: &mut String, typing: &mut bool) -> bool {
    match action {
        Action::Submit => {
            *typing = false;
            false
        }
        Action::Cancel => {
            *typing = false;
            text.clear();
            true
        }
        Action::Backspace => text.pop().is_some(),
        _ => false,
    }
}

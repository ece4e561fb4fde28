//! The palette's one screen and the keys its key line names.

use crate::app::Action;
use crate::app::keymap::Layer;
use crate::app::pane::Screen;

/// The search being typed over the actions that match it: letters are the
/// search, the arrows choose, Enter runs the chosen action.
pub const PALETTE: Screen = Screen::new(
    &[Layer::Palette],
    &[
        (Layer::Palette, Action::Submit, "udfør"),
        (Layer::Palette, Action::Down, "næste"),
        (Layer::Palette, Action::Cancel, "luk"),
    ],
);

pub const SCREENS: &[&Screen] = &[&PALETTE];

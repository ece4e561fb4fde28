//! Indtag's screens and the keys their key line names.

use crate::app::Action;
use crate::app::keymap::Layer;
use crate::app::pane::{SEARCH, Screen};

/// The day's queue.
pub const QUEUE: Screen = Screen::new(
    &[Layer::Intake, Layer::List, Layer::Global],
    &[
        (Layer::Intake, Action::NewContact, "ny"),
        (Layer::Intake, Action::OpenCase, "åbn"),
        (Layer::Intake, Action::Search, "søg"),
        (Layer::Intake, Action::ToggleMine, "mine"),
        (Layer::Global, Action::Help, "hjælp"),
        (Layer::Global, Action::Quit, "afslut"),
    ],
);

/// One case opened in full; the steps stay live over it, and the list keys
/// scroll it.
pub const CASE: Screen = Screen::overlay(
    &[Layer::Case, Layer::Intake, Layer::List, Layer::Global],
    &[
        (Layer::Case, Action::Close, "luk"),
        (Layer::Case, Action::RevealCpr, "vis CPR"),
        (Layer::Case, Action::CaseHistory, "set/ændret"),
        (Layer::Case, Action::ChangeCitizen, "ret borger/forhold"),
        (Layer::Case, Action::RegisterConversation, "samtale"),
        (Layer::Global, Action::Help, "trin og taster"),
    ],
);

pub const SCREENS: &[&Screen] = &[&QUEUE, &CASE, &SEARCH];

//! The find's screens and the keys their key line names.

use crate::app::Action;
use crate::app::keymap::Layer;
use crate::app::pane::Screen;

/// The search being typed over the list of cases found: letters and
/// digits are the search, the arrows move in the list.
pub const SEARCH: Screen = Screen::new(
    &[Layer::Find, Layer::List],
    &[(Layer::Find, Action::OpenCase, "åbn forløbet"), (Layer::Find, Action::Close, "luk")],
);

/// A case's whole life; the list keys scroll it.
pub const LIFE: Screen = Screen::new(
    &[Layer::CaseLife, Layer::List],
    &[
        (Layer::CaseLife, Action::Close, "tilbage"),
        (Layer::CaseLife, Action::RevealCpr, "vis CPR"),
        (Layer::CaseLife, Action::OpenInIntake, crate::text::find::GO_INTAKE),
        (Layer::CaseLife, Action::OpenInPlans, crate::text::find::GO_PLANS),
        (Layer::CaseLife, Action::OpenInNotifications, crate::text::find::GO_CHILDREN),
    ],
);

pub const SCREENS: &[&Screen] = &[&SEARCH, &LIFE];

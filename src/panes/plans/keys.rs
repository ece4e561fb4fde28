//! Planer's screens and the keys their key line names.

use crate::app::Action;
use crate::app::keymap::Layer;
use crate::app::pane::{SEARCH, Screen};

/// The courses in treatment.
pub const BOARD: Screen = Screen::new(
    &[Layer::Plans, Layer::List, Layer::Global],
    &[
        (Layer::Plans, Action::OpenPlan, "åbn"),
        (Layer::Plans, Action::NewPlan, "ny"),
        (Layer::Plans, Action::RevisePlan, "revidér"),
        (Layer::Plans, Action::EndCourse, "afslut forløb"),
        (Layer::Plans, Action::ToggleFollowUps, "opkald"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

/// The open follow-up calls.
pub const CALLS: Screen = Screen::new(
    &[Layer::FollowUp, Layer::List, Layer::Global],
    &[
        (Layer::FollowUp, Action::RecordCall, "registrér"),
        (Layer::FollowUp, Action::OpenPlan, "plan"),
        (Layer::FollowUp, Action::ToggleFollowUps, "planer"),
        (Layer::FollowUp, Action::Search, "søg"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

/// One plan opened; its own last line names the version keys. The list
/// keys scroll it by the page and to its ends (its own layer has the row
/// keys, which mean the same).
pub const PLAN: Screen = Screen::overlay(
    &[Layer::Plan, Layer::List, Layer::Global],
    &[
        (Layer::Plan, Action::Close, "luk"),
        (Layer::Plan, Action::RevisePlan, "revidér"),
        (Layer::Plan, Action::EndCourse, "afslut forløb"),
        (Layer::Plan, Action::RecordCall, "opkald"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

/// The open complaints about decisions (Klager).
pub const COMPLAINTS: Screen = Screen::new(
    &[Layer::Complaints, Layer::List, Layer::Global],
    &[
        (Layer::Complaints, Action::ComplaintReassess, "genvurdér"),
        (Layer::Complaints, Action::ComplaintForward, "videresend"),
        (Layer::Complaints, Action::ComplaintResult, "afgørelse"),
        (Layer::Complaints, Action::ShowComplaints, "planer"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

pub const SCREENS: &[&Screen] = &[&BOARD, &CALLS, &PLAN, &COMPLAINTS, &SEARCH];

//! Underretninger's screens and the keys their key line names.

use crate::app::Action;
use crate::app::keymap::Layer;
use crate::app::pane::Screen;

/// Everything waiting, the oldest deadline first.
pub const BOARD: Screen = Screen::new(
    &[Layer::Notifications, Layer::List, Layer::Global],
    &[
        (Layer::Notifications, Action::OpenCase, "åbn"),
        (Layer::Notifications, Action::NewNotification, "ny"),
        (Layer::Notifications, Action::OpenFamily, "børn"),
        (Layer::Notifications, Action::ToggleMine, "mine"),
        (Layer::Global, Action::Help, "hjælp"),
        (Layer::Global, Action::Quit, "afslut"),
    ],
);

/// One notification open. The list keys scroll it; its own keys win over
/// theirs (k is the receipt, the arrow keys still scroll).
pub const NOTIFICATION: Screen = Screen::overlay(
    &[Layer::Notification, Layer::List, Layer::Global],
    &[
        (Layer::Notification, Action::Close, "luk"),
        (Layer::Notification, Action::NotifyInform, "orientér"),
        (Layer::Notification, Action::NotifySend, "send"),
        (Layer::Notification, Action::NotifyReceipt, "kvittering"),
        (Layer::Notification, Action::NotifyCorrect, "ret"),
        (Layer::Global, Action::Help, "alle taster"),
    ],
);

/// A case's children open: Up and Down choose a child, the page keys
/// scroll what is below the children.
pub const FAMILY: Screen = Screen::new(
    &[Layer::Family, Layer::List, Layer::Global],
    &[
        (Layer::Family, Action::Close, "luk"),
        (Layer::Family, Action::ChildAdd, "barn"),
        (Layer::Family, Action::RecordConsideration, "overvejelse"),
        (Layer::Family, Action::NewNotification, "underretning"),
        (Layer::Global, Action::Help, "alle taster"),
    ],
);

pub const SCREENS: &[&Screen] = &[&BOARD, &NOTIFICATION, &FAMILY];

//! Døgn's screens and the keys their key line names.

use crate::app::Action;
use crate::app::keymap::Layer;
use crate::app::pane::Screen;

/// The stays planned, running and recently ended.
pub const LIST: Screen = Screen::new(
    &[Layer::Stays, Layer::List, Layer::Global],
    &[
        (Layer::Stays, Action::NewStay, "ny"),
        (Layer::Stays, Action::OpenStay, "åbn"),
        (Layer::Stays, Action::StayTotals, "udgift"),
        (Layer::Stays, Action::Providers, "leverandør"),
        (Layer::Global, Action::Help, "trin"),
    ],
);

/// One stay open: its steps stay live under the view's keys.
pub const STAY: Screen = Screen::new(
    &[Layer::StayView, Layer::Stays, Layer::List, Layer::Global],
    &[
        (Layer::StayView, Action::Close, "tilbage"),
        (Layer::Stays, Action::OwnPayment, "egenbetaling"),
        (Layer::Global, Action::Help, "trin og taster"),
    ],
);

/// The cost per month, year and provider.
pub const TOTALS: Screen = Screen::new(
    &[Layer::StayView, Layer::List, Layer::Global],
    &[
        (Layer::StayView, Action::Close, "tilbage"),
        (Layer::List, Action::Down, "rul"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

/// The providers and their prices.
pub const PROVIDERS: Screen = Screen::new(
    &[Layer::Providers, Layer::List, Layer::Global],
    &[
        (Layer::Providers, Action::NewProvider, "ny"),
        (Layer::Providers, Action::NewPrice, "pris"),
        (Layer::Providers, Action::EditProvider, "ret"),
        (Layer::Providers, Action::Close, "tilbage"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

pub const SCREENS: &[&Screen] = &[&LIST, &STAY, &TOTALS, &PROVIDERS];

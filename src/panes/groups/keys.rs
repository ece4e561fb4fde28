//! Grupper's screens and the keys their key line names; the rest are on
//! the help screen.

use crate::app::Action;
use crate::app::keymap::Layer;
use crate::app::pane::Screen;

/// The groups, today's sessions first.
pub const LIST: Screen = Screen::new(
    &[Layer::Groups, Layer::List, Layer::Global],
    &[
        (Layer::Groups, Action::Open, "åbn"),
        (Layer::Groups, Action::RollCall, "fremmøde i dag"),
        (Layer::Groups, Action::ShowCourses, "MOVE"),
        (Layer::Groups, Action::ShowLedger, "gavekort"),
        (Layer::Global, Action::Help, "hjælp"),
        (Layer::Global, Action::Quit, "afslut"),
    ],
);

/// One group: its sessions and members.
pub const GROUP: Screen = Screen::new(
    &[Layer::Group, Layer::List, Layer::Global],
    &[
        (Layer::Group, Action::RollCall, "fremmøde"),
        (Layer::Group, Action::PlanSessions, "planlæg"),
        (Layer::Group, Action::AddMember, "tilføj"),
        (Layer::Group, Action::Close, "tilbage"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

/// A session's roll call.
pub const ROLL_CALL: Screen = Screen::new(
    &[Layer::RollCall, Layer::List, Layer::Global],
    &[
        (Layer::RollCall, Action::MarkAttended, "mødt"),
        (Layer::RollCall, Action::MarkCancelled, "afbud"),
        (Layer::RollCall, Action::MarkNoShow, "udeblevet"),
        (Layer::RollCall, Action::EnterSerial, "serienr."),
        (Layer::RollCall, Action::Submit, "gem"),
        (Layer::RollCall, Action::Cancel, "fortryd"),
    ],
);

/// A card's serial number being typed on a roll-call line.
pub const SERIAL: Screen = Screen::new(
    &[Layer::Serial],
    &[(Layer::Serial, Action::Submit, "brug serienr."), (Layer::Serial, Action::Cancel, "fortryd")],
);

/// The MOVE courses.
pub const COURSES: Screen = Screen::new(
    &[Layer::MoveCourses, Layer::List, Layer::Global],
    &[
        (Layer::MoveCourses, Action::Open, "åbn"),
        (Layer::MoveCourses, Action::NewCourse, "nyt forløb"),
        (Layer::MoveCourses, Action::Close, "tilbage"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

/// One MOVE course, session by session.
pub const COURSE: Screen = Screen::new(
    &[Layer::MoveCourse, Layer::List, Layer::Global],
    &[
        (Layer::MoveCourse, Action::HandOutCard, "udlever"),
        (Layer::MoveCourse, Action::CorrectAttendance, "ret"),
        (Layer::MoveCourse, Action::ResolveCard, "afklar"),
        (Layer::MoveCourse, Action::Close, "tilbage"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

/// The gift-card ledger.
pub const LEDGER: Screen = Screen::new(
    &[Layer::Ledger, Layer::List, Layer::Global],
    &[
        (Layer::Ledger, Action::ReceiveCards, "modtaget"),
        (Layer::Ledger, Action::CorrectEntry, "ret post"),
        (Layer::Ledger, Action::Close, "tilbage"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

pub const SCREENS: &[&Screen] = &[&LIST, &GROUP, &ROLL_CALL, &SERIAL, &COURSES, &COURSE, &LEDGER];

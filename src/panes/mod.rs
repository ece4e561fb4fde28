//! The panes, one folder each: its state, screens and keys, forms and
//! drawing. A new pane is a folder here and one line in [`all`].

pub mod groups;
pub mod intake;
pub mod notifications;
pub mod plans;
pub mod reports;
pub mod stays;

use crate::app::Pane;

/// Every pane, in the order of the tab bar and the number keys.
pub fn all() -> Vec<Box<dyn Pane>> {
    vec![
        Box::new(intake::IntakePane::default()),
        Box::new(plans::PlansPane::default()),
        Box::new(groups::GroupsPane::default()),
        Box::new(stays::StaysPane::default()),
        Box::new(notifications::NotesPane::default()),
        Box::new(reports::ReportsPane::default()),
    ]
}

//! The pure domain core: the rules of the centre, with no IO, no terminal
//! and no database. The store persists these types; the UI and the command
//! line call these functions. Most tests live here.

pub mod access;
pub mod complaint;
pub mod cpr;
pub mod dates;
pub mod deadlines;
pub mod due;
pub mod find;
pub mod group;
pub mod input;
pub mod intake;
pub mod limits;
pub mod money;
pub mod notification;
pub mod plan;
pub mod policy;
pub mod report;
pub mod stay;

//! The shared server: one database for a centre's counsellors, protected by
//! the operating system (README, "The shared server"). Who acts
//! (`identity`).

mod identity;

pub use identity::{current_user, user_name};

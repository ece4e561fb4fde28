//! How long each typed text may be, in characters: one definition for the
//! form that takes the text and for the import that reads it from a file
//! (`store::exchange::lengths`), so that no record can hold a text no form
//! could have saved.

/// A citizen's name or pseudonym, home municipality, a case's counsellor.
pub const CONTACT_NAME: usize = 120;
/// The note of a first contact.
pub const CONTACT_NOTE: usize = 4000;
/// The reason given with an intake step (free choice, closing, ...).
pub const STEP_REASON: usize = 1000;

/// One goal of a treatment plan.
pub const PLAN_GOAL: usize = 500;
/// A plan's services, methods or partners.
pub const PLAN_EFFORT: usize = 1000;
/// What a revision changed.
pub const PLAN_CHANGES: usize = 2000;
/// The note of a course ending.
pub const ENDING_NOTE: usize = 1000;
/// The note of a follow-up call.
pub const CALL_NOTE: usize = 1000;

/// Why a child's record was ended.
pub const CHILD_REASON: usize = 1000;
/// The note of a consideration of a case's children.
pub const CONSIDERATION_NOTE: usize = 1000;
/// The municipality a notification goes to.
pub const NOTIFICATION_MUNICIPALITY: usize = 120;
/// What a notification says.
pub const NOTIFICATION_DESCRIPTION: usize = 4000;
/// Why a citizen was not told, why a draft was discarded.
pub const NOTIFICATION_REASON: usize = 1000;
/// Later information from the municipality (§137).
pub const LATER_INFORMATION: usize = 4000;

/// A provider's name and Tilbudsportalen id.
pub const PROVIDER_NAME: usize = 120;
/// A provider's contact details.
pub const PROVIDER_CONTACT: usize = 300;
/// Who recommended or decided a stay.
pub const STAY_NAME: usize = 120;
/// A stay's recommendation, or the reason for a refusal.
pub const STAY_TEXT: usize = 4000;

/// A group's name, place and counsellors; a gift card's serial number.
pub const GROUP_NAME: usize = 80;
/// Why a session was cancelled or moved, why a course ended, why a gift
/// card was voided or lost.
pub const GROUP_REASON: usize = 1000;

/// The decision a complaint is about, in the counsellor's words.
pub const COMPLAINT_DECISION: usize = 500;
/// Who helps the citizen with a complaint.
pub const COMPLAINT_HELPER: usize = 120;
/// Why a late complaint is forwarded anyway.
pub const COMPLAINT_REASON: usize = 1000;

/// The centre's name and municipality (`sagsbord centre`).
pub const CENTRE_NAME: usize = 120;

//! The Danish words the user sees: the shared words here, each pane's in a
//! file of its own, the store's and the profile's errors, the command line.
//! The domain and the store speak in enums; these modules say them in
//! Danish. This folder sits below app and ui and above domain and store, so
//! every layer can reach its words without reaching the drawing.
//!
//! Not yet here (moving them is open work): the key-line hints in each
//! pane's `keys.rs`, some sentences of the panes' detail views, and the
//! import's messages in `store/exchange`.

pub mod access;
pub mod audit;
pub mod citizens;
pub mod cli;
pub mod complaints;
pub mod conflict;
pub mod conversations;
pub mod correction;
pub mod demo;
pub mod ending;
pub mod engine;
pub mod events;
pub mod exchange;
pub mod find;
pub mod groups;
pub mod intake;
pub mod keys;
pub mod markers;
pub mod move_cli;
pub mod notifications;
pub mod palette;
pub mod plans;
mod policy;
pub mod report;
pub mod server_roles;
pub mod shared;
pub mod stays;
pub mod store;
pub mod time;
pub mod toml;
pub mod tour;

use crate::domain::due::DueKind;

pub const APP_NAME: &str = "sagsbord";

/// The Rapporter pane's name on its tab.
pub const REPORTS_PANE: &str = "Rapporter";

/// What `sagsbord due` calls each kind in its table.
pub fn due_kind(k: DueKind) -> &'static str {
    match k {
        DueKind::Guarantee => "behandlingsgaranti",
        DueKind::Doctor => "lægesamtale",
        DueKind::TreatmentPlan => "plan mangler",
        DueKind::PlanRevision => "planrevision",
        DueKind::ActionPlanDecision => "§141-handleplan",
        DueKind::FirstFollowUp => "første opfølgning",
        DueKind::FollowUpCall => "opfølgningsopkald",
        DueKind::NotificationDraft => "usendt underretn.",
        DueKind::NotificationReceipt => "kvittering mangler",
        DueKind::ChildrenQuestion => "børn ikke spurgt",
        DueKind::ChildrenConsideration => "børn overvejes",
        DueKind::StayApproval => "døgnbevilling",
        DueKind::StayMidwayStatus => "midtvejsstatus",
        DueKind::StayFinalStatus => "slutstatus",
        DueKind::StayInterruptionReport => "afbrudsmelding",
        DueKind::StayOwnPaymentTold => "egenbetaling oplyses",
        DueKind::GiftCardNotHandedOut => "gavekort skyldigt",
        DueKind::GiftCardToResolve => "gavekort afklares",
        DueKind::ComplaintForwarding => "klage videresendes",
    }
}

/// "1 dag", "3 dage": a count of days as Danish says it.
pub fn days(n: i64) -> String {
    days_shown(n).to_string()
}

/// [`days`] written straight into a line.
pub fn days_shown(n: i64) -> impl std::fmt::Display {
    std::fmt::from_fn(move |f| write!(f, "{n} {}", day_word(n)))
}

/// "dag" after 1 (or -1), "dage" after every other count.
pub fn day_word(n: i64) -> &'static str {
    if n.abs() == 1 { "dag" } else { "dage" }
}

pub const YES: &str = "Ja";
pub const NO: &str = "Nej";

// Forms and messages shared by every pane.
pub const NOT_SAVED_FIX_FIELDS: &str = "Ikke gemt: ret de markerede felter. Kladden er bevaret.";
/// Esc on a draft with typed text.
pub const DISCARD_DRAFT: &str = "Kassér kladden? Esc igen kasserer den; Enter gemmer, og enhver anden tast fortsætter.";
/// Ctrl-c on a draft with typed text.
pub const DISCARD_DRAFT_QUIT: &str =
    "Kassér kladden? Ctrl-c igen lukker programmet uden at gemme; enhver anden tast fortsætter.";

pub const ENTER_AGAIN_TO_SAVE: &str = "Tryk Enter igen for at gemme, eller ret felterne.";
pub const SAVE_FAILED: &str = "Kunne ikke gemme; kladden er bevaret:";
pub const FORM_CANCELLED: &str = "Fortrudt: intet er gemt.";
pub const SELECT_CASE_FIRST: &str = "Vælg en sag først.";
pub const CASE_GONE: &str = "Sagen findes ikke længere i listen.";
pub const ONLY_MINE: &str = "Viser kun dine sager.";
pub const ALL_CASES: &str = "Viser alle sager.";
pub const CPR_REVEALED: &str = "Hele CPR-nummeret vises. Opslaget er logget.";
pub const NO_CPR: &str = "Sagen har intet CPR-nummer.";

/// The workbench's connection to the server is back after a loss.
pub const RECONNECTED: &str = "Forbindelsen til serveren er genoprettet; skærmen viser det, der står nu";

/// The workbench's connection to the server is lost and not back yet.
pub fn connection_lost(why: &str) -> String {
    format!("Forbindelsen til serveren er tabt; prøver igen hvert sekund ({why})")
}

pub const CENTRE_NOT_SET_UP: &str =
    "Centret er ikke sat op: kør  sagsbord centre --name NAVN --municipality KOMMUNE --profile PROFIL";

/// In a border when a view or form goes on above or below what is shown.
pub const MORE_ABOVE: &str = "▲ mere";
pub const MORE_BELOW: &str = "▼ mere";

pub const HELP_TITLE: &str = "Taster";
pub const HELP_CLOSE: &str = "Esc eller ? lukker hjælpen.";
/// The help's foot on a screen with markers: the legend is a key away.
pub const HELP_CLOSE_LEGEND: &str = "Esc eller ? lukker hjælpen. t: tegnforklaring";
/// Over the legend: what "regel 1" beside a marker refers to.
pub const LEGEND_TITLE: &str = "Tegnforklaring · regel N = afsnit N i centrets regler";
pub const LEGEND_CLOSE: &str = "Esc eller ? lukker hjælpen. t: tasterne";

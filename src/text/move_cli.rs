//! The words of `sagsbord move --case N`: its `--help` and its table. The
//! verdict per session is the Grupper course screen's own
//! (`text::groups::outcome`), so the screen and the paper say the same.

use crate::domain::dates::format_date_dk;
use crate::domain::group::course::CourseCards;

pub const ABOUT: &str =
    "MOVE-gavekortene for en sag: afgørelsen for hver mødegang (kort optjent, eller hvorfor ikke) og kortene i alt";
pub const CASE_HELP: &str = "Sagens nummer";
pub const JSON_HELP: &str = "Skriv JSON (en liste af MOVE-forløb) i stedet for en tabel";

pub fn no_course(case: i64) -> String {
    format!("Sag {case} har intet MOVE-forløb.")
}

pub fn no_cards(profile: &str) -> String {
    format!("Profilen ({profile}) giver ingen gavekort: ingen mødegang optjener et kort.")
}

/// The heading of one course: number, case, screening and where it stands.
pub fn heading(course: i64, case: i64, screening: chrono::NaiveDate, ended: Option<chrono::NaiveDate>) -> String {
    let state = match ended {
        Some(on) => format!("afsluttet {}", format_date_dk(on)),
        None => "åbent".to_string(),
    };
    format!("MOVE-forløb {course} · sag {case} · screening {} · {state}", format_date_dk(screening))
}

/// The totals: earned, handed out, still possible, owed, to resolve.
pub fn totals(cards: &CourseCards) -> String {
    format!(
        "Kort optjent {} · udleveret {} · stadig mulige {} · skyldige {} · til afklaring {}",
        cards.cards_earned,
        cards.handed_out,
        cards.cards_still_possible,
        cards.not_handed_out(),
        cards.to_resolve()
    )
}

pub const TABLE_HEADING: &str = "Dato        Mødegang              Fremmøde   Afgørelse               Kort";

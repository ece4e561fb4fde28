//! The words of counted conversations (anonymous, advisory, relatives'):
//! the form, the case screen's line and the warning past the profile's limit.

use crate::domain::intake::{ConversationCount, ConversationKind};

pub const FORM_TITLE: &str = "Registrér samtale";
pub const F_DATE: &str = "Dato for samtalen";
pub const F_KIND: &str = "Slags samtale";
pub const LINE_LABEL: &str = "Samtaler";

pub fn kind(k: ConversationKind) -> &'static str {
    match k {
        ConversationKind::Anonymous => "anonym/uforpligtende",
        ConversationKind::Advisory => "rådgivende",
        ConversationKind::Relative => "pårørende",
    }
}

/// Short, for the case screen's one line.
fn short(k: ConversationKind) -> &'static str {
    match k {
        ConversationKind::Anonymous => "anonyme",
        ConversationKind::Advisory => "rådgivende",
        ConversationKind::Relative => "pårørende",
    }
}

/// "anonyme 2 af 3" or, with no limit in the profile, "rådgivende 1".
pub fn count(c: &ConversationCount) -> String {
    match c.limit {
        Some(limit) => format!("{} {} af {limit}", short(c.kind), c.count),
        None => format!("{} {}", short(c.kind), c.count),
    }
}

/// The warning when a count passes the profile's limit (never a refusal).
pub fn passed(c: &ConversationCount) -> String {
    let limit = c.limit.unwrap_or_default();
    let whose = if c.young { " for en ung under 18, før familieafdelingen har truffet afgørelse" } else { "" };
    format!("Advarsel: {} {} samtaler, profilen siger højst {limit}{whose}.", c.count, short(c.kind))
}

pub fn saved(case_id: i64, k: ConversationKind) -> String {
    format!("Samtale ({}) registreret på sag {case_id}.", kind(k))
}

pub const NOT_LOADED: &str = "Sagens samtaler kunne ikke hentes:";

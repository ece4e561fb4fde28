//! The command palette's words (`:` or ctrl-p).

pub const TITLE: &str = "Kommandoer";
pub const PROMPT: &str = "Søg en handling: ";
pub const HOW: &str = "Skriv en del af navnet · pil op/ned vælger · enter udfører · esc lukker";
pub const NOTHING_FOUND: &str = "Ingen handling her passer på det skrevne.";

/// The foot of the list: how many of the screen's actions match.
pub fn shown(matching: usize, all: usize) -> String {
    format!("{matching} af {all} handlinger")
}

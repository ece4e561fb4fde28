//! Guided tours of the demo: a trainer's script ([`script`]) played in the
//! real UI ([`player`]), and a trainer's keys written down as one
//! ([`recorder`]). The tours that come with the program are compiled in
//! from sample-data/tours/ ([`BUILT_IN`]).

pub mod player;
pub mod recorder;
pub mod script;

/// The tours in sample-data/tours/, by name: `sagsbord demo --tour NAME`.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("kontakt", include_str!("../../sample-data/tours/kontakt.tour")),
    ("move", include_str!("../../sample-data/tours/move.tour")),
    ("afslutning", include_str!("../../sample-data/tours/afslutning.tour")),
    ("dogn", include_str!("../../sample-data/tours/dogn.tour")),
    ("underretning", include_str!("../../sample-data/tours/underretning.tour")),
    ("klage", include_str!("../../sample-data/tours/klage.tour")),
];

/// A built-in tour's text by its name.
pub fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

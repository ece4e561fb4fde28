//! The markers a screen shows beside a line (OVERSKREDET, LÆGE SNART,
//! SKYLDIGT, ...): each with what it means and the rule it comes from. Each
//! pane keeps its markers in one table in its words' file; its drawing
//! takes a marker's text from there and the help's legend (`?`, then `t`)
//! lists the same table, so the legend cannot drift from the screen.

/// One marker: the text on screen, what it means, and its rule ("regel 1":
/// the section of domain.md, the centre's rules; then the profile's
/// setting that decides it, if one does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub text: &'static str,
    pub meaning: &'static str,
    pub rule: &'static str,
}

/// Over the legend, with the profile in force.
pub fn legend_title(profile: &str) -> String {
    format!("Tegn på skærmen · profil: {profile}")
}

/// A marker's line in the legend.
pub fn legend_line(m: &Marker) -> String {
    format!("{} · {}", m.meaning, m.rule)
}

/// The legend of a screen that shows no markers.
pub const NO_MARKERS: &str = "Selve skærmen viser ingen tegn ud over teksten.";

/// The number beside a pane's name in the tab bar (see `ui::tab_spans`),
/// in every screen's legend: the bar is on every screen. Its text is an
/// example; the count the bar shows is the store's.
pub const TAB_COUNT: Marker = Marker {
    text: "Planer 5",
    meaning: "I fanebjælken: fanens frister, overskredne eller i dag, i de sager du må åbne (som `sagsbord due`)",
    rule: "regel 1-7",
};

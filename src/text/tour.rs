//! The words of the guided tours (`sagsbord demo --tour`), the recorder and
//! presentation mode.

use crate::tour::script::{MAX_ACTS, MAX_BYTES, MAX_REPEAT, MAX_STEPS, Problem};

/// A tour file's problem, with its line (0: the whole file).
pub fn error(line: usize, problem: &Problem) -> String {
    let what = match problem {
        Problem::TooLarge => format!("filen er for stor til en rundvisning (højst {} KiB)", MAX_BYTES / 1024),
        Problem::NoSteps => "rundvisningen har ingen trin: skriv mindst én linje Caption \"…\"".to_string(),
        Problem::TooManySteps => format!("for mange trin (højst {MAX_STEPS})"),
        Problem::TooManyKeys => format!("for mange taster i ét trin (højst {MAX_ACTS})"),
        Problem::UnknownCommand(word) => format!(
            "ukendt kommando «{word}» (kendte: Caption, Type, Sleep, Enter, Tab, Shift+Tab, Backspace, Delete, \
             Escape, Space, Up, Down, Left, Right, Home, End, PageUp, PageDown, Ctrl+X, Alt+X, F1-F12, Title, \
             Scenario, Set)"
        ),
        Problem::UnknownSetting(name) => format!("ukendt indstilling «{name}» (kendt: TypingSpeed)"),
        Problem::Unterminated => "teksten slutter ikke: mangler det afsluttende \"".to_string(),
        Problem::ExpectedText(command) => format!("{command} skal have en tekst i anførselstegn: {command} \"…\""),
        Problem::TrailingText(rest) => format!("uventet tekst efter det afsluttende \": «{rest}»"),
        Problem::BadCount(count) => format!("«{count}» er ikke et antal gentagelser (1-{MAX_REPEAT})"),
        Problem::BadDuration(value) => {
            format!("«{value}» er ikke en varighed (fx 500ms eller 2s, højst 60s)")
        }
        Problem::KeyBeforeCaption => "taster før første Caption: hvert trin begynder med Caption \"…\"".to_string(),
        Problem::HeaderAfterCaption(command) => format!("{command} hører til før første Caption"),
        Problem::Twice(command) => format!("{command} står der to gange"),
        Problem::EmptyText(command) => format!("{command} har en tom tekst"),
    };
    if line == 0 { what } else { format!("linje {line}: {what}") }
}

/// The label of presentation mode's strip of keys pressed.
pub const KEYS_PRESSED: &str = "Taster:";

/// Said when `c` (show the whole CPR number) is pressed in presentation mode.
pub const NO_CPR_WHILE_PRESENTING: &str = "Præsentation: hele CPR-nummeret vises ikke her";

/// The caption box's title: the tour, the step, and the end when it is there.
pub fn step_heading(title: Option<&str>, step: usize, steps: usize, at_end: bool) -> String {
    let end = if at_end && step == steps { " · slut på rundvisningen" } else { "" };
    match title {
        Some(title) => format!(" {title} · trin {step} af {steps}{end} "),
        None => format!(" Rundvisning · trin {step} af {steps}{end} "),
    }
}

/// The trainer's keys, on the caption box's bottom border.
pub const CONTROLS: &str = " → næste · ← forrige · Esc tag over · q afslut ";

/// The demo could not be started afresh to go back a step.
pub fn restart_failed(why: &str) -> String {
    format!("Demoen kunne ikke startes forfra: {why}")
}

/// Said on the status line when the trainer takes over.
pub const TAKEN_OVER: &str = "Rundvisningen er slut: tastaturet er dit";

/// The title of a recorded tour, to be changed.
pub const RECORDED_TITLE: &str = "Optaget rundvisning";

/// The comment at the top of a recorded tour file.
pub const RECORDED_HEADER: &str = "# Optaget med sagsbord demo --record. Skriv en forklaring i hver Caption,\n\
# og slå trin sammen eller del dem, som det passer. Afspil: sagsbord demo --tour FIL\n";

/// A recorded step's placeholder caption.
pub fn recorded_caption(step: usize) -> String {
    format!("Trin {step}: skriv her, hvad trinnet viser")
}

pub const PRESENT_HELP: &str =
    "Præsentation fra start: de trykkede taster vises, stærkere kontrast, intet CPR-nummer (F2 slår til og fra)";
pub const THEME_HELP: &str = "Farver: standard, mørk (mørk baggrund), lys (lys baggrund) eller kontrast";
pub const MOUSE_HELP: &str = "Slå musen til (et klik vælger en linje); fra som standard, så tekst kan markeres";
pub const TOUR_HELP: &str = "Afspil en rundvisning: et navn fra sample-data/tours eller en .tour-fil";
pub const PACE_HELP: &str = "Rundvisningen kører selv, med så mange sekunder mellem trinene";
pub const RECORD_HELP: &str = "Skriv de taster, du trykker, som en rundvisning i FIL, når demoen lukkes";
pub const BAD_PACE: &str = "et antal sekunder mellem 0 og 600, fx 3 eller 1,5";

/// A setting in the environment that means nothing: which, and why.
pub fn setting(name: &str, why: &str) -> String {
    format!("indstillingen {name}: {why}")
}

pub const ON_OR_OFF: &str = "skriv til eller fra";

pub fn unknown_theme(names: &[&str]) -> String {
    format!("ukendt tema; vælg et af: {}", names.join(", "))
}

pub fn unknown_tour(name: &str, names: &[&str]) -> String {
    format!("ukendt rundvisning «{name}»; de kendte er: {} (eller en sti til en .tour-fil)", names.join(", "))
}

pub fn tour_file(name: &str, problem: &str) -> String {
    format!("rundvisningen {name} kan ikke læses: {problem}")
}

pub fn tour_unreadable(name: &str, problem: &str) -> String {
    format!("rundvisningen {name}: {problem}")
}

pub fn unknown_scenario(tour: &str, scenario: &str) -> String {
    format!("rundvisningen {tour} spiller på eksemplet «{scenario}», som demoen ikke kender")
}

pub fn record_exists(path: &std::path::Path) -> String {
    format!("{} findes allerede; en optagelse skriver aldrig over en fil (vælg et nyt navn)", path.display())
}

pub fn record_failed(path: &std::path::Path, e: &std::io::Error) -> String {
    format!("optagelsen kunne ikke skrives til {}: {e}", path.display())
}

pub fn recorded(path: &std::path::Path) -> String {
    format!("Optagelsen er gemt som rundvisning i {}", path.display())
}

//! The options of how the workbench looks and is driven, on the workbench
//! and the demo: `--present`, `--theme`, `--mouse`; and the demo's guided
//! tours: `--tour NAME`, `--pace SECONDS`, `--record FILE`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::Failure;
use crate::store::files::{self, SMALL_FILE_LIMIT};
use crate::text::tour as text;
use crate::theme::Look;
use crate::tour::recorder::Recorder;
use crate::tour::script::{self, Tour};

#[derive(Debug, Clone, Default, clap::Args)]
pub struct LookArgs {
    // Presentation mode from the start (a key toggles it).
    #[arg(long, help = text::PRESENT_HELP)]
    pub present: bool,
    // Colours for a light or dark terminal, or high contrast.
    #[arg(long, value_name = "TEMA", value_parser = parse_look, help = text::THEME_HELP)]
    pub theme: Option<Look>,
    // Mouse capture: off unless asked for.
    #[arg(long, help = text::MOUSE_HELP)]
    pub mouse: bool,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct TourArgs {
    // A guided tour: a name from sample-data/tours or a tour file.
    #[arg(long, value_name = "NAVN", help = text::TOUR_HELP)]
    pub tour: Option<String>,
    // The tour runs by itself, this many seconds between steps.
    #[arg(long, value_name = "SEKUNDER", value_parser = parse_pace, requires = "tour", help = text::PACE_HELP)]
    pub pace: Option<Duration>,
    // What the trainer types, written as a tour file on exit.
    #[arg(long, value_name = "FIL", conflicts_with = "tour", help = text::RECORD_HELP)]
    pub record: Option<PathBuf>,
}

/// The settings a user puts in their shell's profile once, rather than on
/// every command line: the look, and the mouse on. A flag wins over them.
pub const THEME_SETTING: &str = "SAGSBORD_THEME";
pub const MOUSE_SETTING: &str = "SAGSBORD_MOUSE";

impl LookArgs {
    /// The look asked for: the flags, else the settings in the environment
    /// (`SAGSBORD_THEME=lys`, `SAGSBORD_MOUSE=til`). A setting that means
    /// nothing is refused with what it may be, before the terminal is taken.
    pub fn with_settings(&self) -> Result<LookArgs, Failure> {
        let setting = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let theme = match (self.theme, setting(THEME_SETTING)) {
            (Some(theme), _) => Some(theme),
            (None, Some(value)) => {
                Some(parse_look(value.trim()).map_err(|why| Failure::Usage(text::setting(THEME_SETTING, &why)))?)
            }
            (None, None) => None,
        };
        let mouse = self.mouse
            || match setting(MOUSE_SETTING) {
                None => false,
                Some(value) => {
                    on_or_off(&value).ok_or_else(|| Failure::Usage(text::setting(MOUSE_SETTING, text::ON_OR_OFF)))?
                }
            };
        Ok(LookArgs { present: self.present, theme, mouse })
    }
}

/// A setting's "on" or "off", in Danish or as the usual 1/0, true/false.
fn on_or_off(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "til" | "ja" | "1" | "true" | "on" | "yes" => Some(true),
        "fra" | "nej" | "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

fn parse_look(s: &str) -> Result<Look, String> {
    Look::parse(s).ok_or_else(|| text::unknown_theme(&Look::ALL.map(|(_, name)| name)))
}

/// Seconds, whole or with a decimal (`.` or `,`), at most ten minutes.
fn parse_pace(s: &str) -> Result<Duration, String> {
    let value: f64 = s.trim().replace(',', ".").parse().map_err(|_| text::BAD_PACE.to_string())?;
    if !(0.0..=600.0).contains(&value) {
        return Err(text::BAD_PACE.to_string());
    }
    Ok(Duration::from_secs_f64(value))
}

/// The tour `--tour` names: a built-in one by its name, else a file.
pub fn load_tour(name: &str) -> Result<Tour, Failure> {
    let (source, owned);
    if let Some(built_in) = crate::tour::built_in(name) {
        source = built_in;
    } else if name.contains('/') || name.ends_with(".tour") {
        owned = files::read_regular(Path::new(name), SMALL_FILE_LIMIT)
            .map_err(|p| Failure::Usage(text::tour_file(name, &crate::text::store::file_problem(&p))))?;
        source = &owned;
    } else {
        let names: Vec<&str> = crate::tour::BUILT_IN.iter().map(|(n, _)| *n).collect();
        return Err(Failure::Usage(text::unknown_tour(name, &names)));
    }
    script::parse(source).map_err(|e| Failure::Usage(text::tour_unreadable(name, &e.to_string())))
}

/// Refuses a `--record` file that exists before the demo starts: a
/// recording never overwrites anything.
pub fn check_record_target(path: &Path) -> Result<(), Failure> {
    if path.exists() || path.is_symlink() {
        return Err(Failure::Usage(text::record_exists(path)));
    }
    Ok(())
}

/// Writes the recording as a new file (never over an existing one).
pub fn write_recording(path: &Path, recorder: &Recorder) -> Result<(), Failure> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Failure::Error(text::record_failed(path, &e)))?;
    file.write_all(recorder.file_text().as_bytes()).map_err(|e| Failure::Error(text::record_failed(path, &e)))
}

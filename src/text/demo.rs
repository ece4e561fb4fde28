//! The demo's words: its mark on every screen, the start and reset
//! messages, `demo --list`, and the first run's setup form.

use chrono::{Datelike, NaiveDate};

use super::cli::printable;

pub const SHOWS_RANDERS: &str =
    "MOVE-grupper med gavekort, visitationsudvalg til døgn, egenbetaling, plan hver 6. måned";
pub const SHOWS_FAXE: &str =
    "lille center: plan senest 14 dage efter første henvendelse, lægesamtale inden 14 dage, ingen MOVE";
pub const SHOWS_RODOVRE: &str =
    "garanti fra fremmøde og samtykke, ingen behandling under 16 år, talte samtaler (3 anonyme, 2 pårørende)";

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// "17. marts 2026".
pub fn long_date(day: NaiveDate) -> String {
    format!("{}. {} {}", day.day(), MONTHS[day.month0() as usize], day.year())
}

/// The line over every screen of the demo: it is a demo, its day, its profile.
pub fn banner(today: NaiveDate, profile: &str) -> String {
    format!("DEMO · i dag er {} i demoen · profil {} · intet gemmes", long_date(today), printable(profile))
}

/// Said once, when the demo starts.
pub fn started(reset_key: &str) -> String {
    format!("Demo: intet gemmes. {reset_key} starter demoen forfra.")
}

pub fn reset_question(yes: &str) -> String {
    format!("Start demoen forfra? Alt, du har ændret, forsvinder. Tryk {yes} for ja, en anden tast for nej.")
}

pub const RESET_DONE: &str = "Demoen er startet forfra: alt er som ved starten.";
pub const RESET_KEPT: &str = "Demoen fortsætter som den var.";
pub const RESET_ONLY_IN_DEMO: &str = "Kun i demoen: en rigtig database kan ikke startes forfra.";

pub fn reset_failed(why: &str) -> String {
    format!("Demoen kunne ikke startes forfra: {why}")
}

pub fn unknown_scenario(name: &str, known: &str) -> String {
    format!("ukendt demo '{}'; kendte: {known} (se  sagsbord demo --list)", printable(name))
}

pub const ENV_DB_REFUSED: &str = "demo bruger altid sin egen midlertidige database, så $SAGSBORD_DB kan ikke bruges med demo; fjern den (unset SAGSBORD_DB) eller åbn den rigtige database med  sagsbord";

pub const LIST_HEADING: &str = "Demoer (sagsbord demo --scenario NAVN):";

/// One line of `demo --list`.
pub fn list_line(name: &str, municipality: &str, profile: &str, today: NaiveDate, shows: &str) -> String {
    format!(
        "{name:<9} {} · profil {} · i dag {} · {shows}",
        printable(municipality),
        printable(profile),
        crate::domain::dates::format_date_dk(today)
    )
}

pub const SCENARIO_HELP: &str = "Hvilken demo (standard randers; se --list)";
pub const LIST_HELP: &str = "Vis demoerne, én linje hver, og afslut";

// The first run: a new, empty database asks what centre it is.

pub const SETUP_TITLE: &str = "Ny database: sæt centret op";
pub const SETUP_NAME: &str = "Centrets navn";
pub const SETUP_NAME_HINT: &str = "fx Rusmiddelcenter Randers";
pub const SETUP_MUNICIPALITY: &str = "Kommune";
pub const SETUP_MUNICIPALITY_HINT: &str = "den kommune centret dækker; borgere fra andre kommuner markeres";
pub const SETUP_PROFILE: &str = "Profil (regler)";
pub const SETUP_INTRO: &str = "Databasen er ny. Skriv centrets navn og kommune, og vælg profil med venstre/højre. Enter gemmer; Esc springer over (intet gemmes: den nationale standard gælder, indtil du kører  sagsbord centre).";
pub const SETUP_REQUIRED: &str = "skal udfyldes";
pub const SETUP_SKIPPED: &str = "Centret er ikke sat op: den nationale standard gælder. Sæt det op med  sagsbord centre --name NAVN --municipality KOMMUNE --profile PROFIL";

pub fn setup_saved(name: &str, profile: &str) -> String {
    format!("Centret er sat op: {} med profilen {}.", printable(name), printable(profile))
}

/// One line on what each built-in profile means.
pub fn profile_line(id: &str) -> &'static str {
    match id {
        "national" => {
            "lovens minimum: garanti fra første henvendelse, plan ved behandlingsstart, revision hver 3. måned"
        }
        "faxe" => "Faxe: plan senest 14 dage efter første henvendelse, lægesamtale inden 14 dage",
        "nyborg" => "Nyborg: revision hver 3. måned, handleplan afgøres inden 2 måneder, døgn op til 6 måneder",
        "rodovre" => "Rødovre: garanti fra fremmøde og samtykke, læge før behandling, ingen behandling under 16 år",
        "randers" => {
            "Randers: MOVE-gavekort, plan hver 6. måned, døgn via visitationsudvalg, rådighedsbeløb (eksempel)"
        }
        _ => "",
    }
}

pub const SETUP_CONTROL: &str = "må ikke indeholde styretegn (tabulator, linjeskift, escape-sekvenser)";

pub fn setup_too_long(max: usize) -> String {
    format!("højst {max} tegn")
}

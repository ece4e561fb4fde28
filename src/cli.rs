//! The command line: the TUI, the demo, `due`, import and export, and the
//! centre's settings.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::app::{App, keymap};
use crate::domain::dates::{self, format_date_dk};
use crate::domain::policy::BUILT_IN;
use crate::store::{AuditProblem, Store, current_user, exchange};
use crate::ui::Theme;

/// The sample centre the demo opens, compiled in so `demo` works anywhere.
const SAMPLE: &str = include_str!("../sample-data/centre.json");

#[derive(Debug, Parser)]
#[command(name = "sagsbord", version, about = "Sagsbord: rusmiddelcentrets daglige sager i terminalen")]
pub struct Cli {
    /// The database file (default: the platform's data folder, or $SAGSBORD_DB).
    #[arg(long, global = true, value_name = "FIL")]
    pub db: Option<PathBuf>,
    /// The day to treat as today, e.g. 2026-03-17 or 17.03.2026.
    #[arg(long, global = true, value_name = "DATO", value_parser = parse_day)]
    pub today: Option<NaiveDate>,
    /// A keymap file laid over the default (default: keymap.toml in the config folder, or $SAGSBORD_KEYMAP).
    #[arg(long, global = true, value_name = "FIL")]
    pub keymap: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the sample centre in a throw-away database, on the sample's own day.
    Demo,
    /// What is due or overdue: for the morning mail. No names or CPR numbers.
    Due {
        /// Print JSON (a list of items) instead of a table.
        #[arg(long)]
        json: bool,
        /// Also what falls due within this many days.
        #[arg(long, default_value_t = 0, value_name = "DAGE")]
        within: u32,
    },
    /// Import a file in the sagsbord format into an empty database (all or nothing).
    Import { file: PathBuf },
    /// Export everything the database holds to a file (readable by you only).
    Export { file: PathBuf },
    /// Show or change the centre's name, municipality and policy profile.
    Centre {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        municipality: Option<String>,
        /// A built-in profile (national, faxe, nyborg, rodovre, randers) or the path of a profile file.
        #[arg(long)]
        profile: Option<String>,
    },
    /// Check that the audit trail is unbroken.
    VerifyAudit,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    dates::parse_date_dk(s).map_err(|e| e.to_string())
}

/// Runs the command line; errors are printed in Danish with exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("sagsbord: {message}");
            ExitCode::FAILURE
        }
    }
}

fn default_db() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("SAGSBORD_DB") {
        return Ok(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("dk", "sagsbord", "sagsbord")
        .ok_or("kan ikke finde en datamappe; angiv --db FIL")?;
    Ok(dirs.data_dir().join("sagsbord.db"))
}

fn user_keymap_path(flag: &Option<PathBuf>) -> Option<PathBuf> {
    flag.clone().or_else(|| std::env::var_os("SAGSBORD_KEYMAP").map(PathBuf::from)).or_else(|| {
        directories::ProjectDirs::from("dk", "sagsbord", "sagsbord").map(|d| d.config_dir().join("keymap.toml"))
    })
}

fn open_store(cli: &Cli) -> Result<Store, String> {
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => default_db()?,
    };
    Store::open(&path, &current_user()).map_err(|e| format!("{}: {e}", path.display()))
}

fn today(cli: &Cli) -> NaiveDate {
    cli.today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match &cli.command {
        None => {
            let store = open_store(&cli)?;
            run_tui(store, today(&cli), &cli)
        }
        Some(Command::Demo) => {
            let sample = exchange::parse(SAMPLE).map_err(|e| format!("eksemplet kan ikke læses: {e}"))?;
            let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
            let mut store = Store::open(&dir.path().join("demo.db"), &current_user()).map_err(|e| e.to_string())?;
            store.import(&sample).map_err(|e| e.to_string())?;
            let day = cli.today.or(sample.sample_today).unwrap_or_else(|| chrono::Local::now().date_naive());
            run_tui(store, day, &cli)
        }
        Some(Command::Due { json, within }) => {
            let mut store = open_store(&cli)?;
            due(&mut store, today(&cli), *within, *json)
        }
        Some(Command::Import { file }) => {
            let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
            let parsed = exchange::parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let mut store = open_store(&cli)?;
            store.import(&parsed).map_err(|e| format!("{}: {e}", file.display()))?;
            let mut counts = format!(
                "{} borgere, {} sager, {} hændelser",
                parsed.citizens.len(),
                parsed.cases.len(),
                parsed.case_events.len()
            );
            // Plans are named only when the file has any.
            if !parsed.plan_versions.is_empty() || !parsed.course_endings.is_empty() {
                counts.push_str(&format!(
                    ", {} planversioner, {} afsluttede forløb, {} opfølgningsopkald",
                    parsed.plan_versions.len(),
                    parsed.course_endings.len(),
                    parsed.follow_up_calls.len()
                ));
            }
            // Children and underretninger too.
            if !parsed.children.is_empty() || !parsed.notifications.is_empty() {
                counts.push_str(&format!(
                    ", {} børn, {} underretninger",
                    parsed.children.len(),
                    parsed.notifications.len()
                ));
            }
            // Stays too, only when the file has any.
            if !parsed.providers.is_empty() || !parsed.stays.is_empty() {
                counts.push_str(&format!(
                    ", {} leverandører, {} døgnophold",
                    parsed.providers.len(),
                    parsed.stays.len()
                ));
            }
            println!("Importeret: {counts}.");
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export { file }) => {
            let mut store = open_store(&cli)?;
            let exported = store.export().map_err(|e| e.to_string())?;
            write_private(file, &exchange::to_text(&exported)).map_err(|e| format!("{}: {e}", file.display()))?;
            println!("Eksporteret {} sager til {}.", exported.cases.len(), file.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Centre { name, municipality, profile }) => {
            let mut store = open_store(&cli)?;
            let mut centre = store.centre().map_err(|e| e.to_string())?;
            if name.is_none() && municipality.is_none() && profile.is_none() {
                print_centre(&centre);
                return Ok(ExitCode::SUCCESS);
            }
            if let Some(n) = name {
                centre.name = n.clone();
            }
            if let Some(m) = municipality {
                centre.municipality = m.clone();
            }
            if let Some(p) = profile {
                if BUILT_IN.iter().any(|(id, _)| id == p) {
                    centre.use_built_in(p).map_err(|e| e.to_string())?;
                } else {
                    let path = fs::canonicalize(p).map_err(|e| {
                        let known: Vec<&str> = BUILT_IN.iter().map(|(id, _)| *id).collect();
                        format!(
                            "ukendt profil '{p}': hverken en indbygget profil ({}) eller en profilfil ({e})",
                            known.join(", ")
                        )
                    })?;
                    centre.use_own_file(&path).map_err(|e| format!("{p}: profilen kan ikke bruges: {e}"))?;
                }
            }
            store.set_centre(&centre).map_err(|e| e.to_string())?;
            print_centre(&centre);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::VerifyAudit) => {
            let store = open_store(&cli)?;
            let problems = store.verify_audit().map_err(|e| e.to_string())?;
            if problems.is_empty() {
                println!("Revisionssporet er intakt.");
                Ok(ExitCode::SUCCESS)
            } else {
                for p in problems {
                    println!("Brud på revisionssporet: {}", audit_problem(&p));
                }
                Ok(ExitCode::FAILURE)
            }
        }
    }
}

/// A profile's problem in words (the parser's own text says where).
fn audit_problem(p: &AuditProblem) -> String {
    match p {
        AuditProblem::Altered { id } => {
            format!("række {id} er ændret, efter at den blev skrevet")
        }
        AuditProblem::Unlinked { id } => {
            format!("række {id} hænger ikke sammen med rækken før den: en række er fjernet eller indsat")
        }
    }
}

fn print_centre(centre: &crate::store::Centre) {
    println!("Center:      {}", centre.name);
    println!("Kommune:     {}", centre.municipality);
    match &centre.profile_path {
        Some(path) => println!("Profil:      {} (centrets egen, læst fra {path})", centre.profile),
        None => println!("Profil:      {}", centre.profile),
    }
}

fn run_tui(store: Store, today: NaiveDate, cli: &Cli) -> Result<ExitCode, String> {
    let user_text = user_keymap_path(&cli.keymap).and_then(|p| fs::read_to_string(p).ok());
    let (keymap, problems) = keymap::load(user_text.as_deref());
    let mut app = App::new(store, today, keymap)?;
    if !problems.is_empty() {
        app.set_status(crate::app::StatusKind::Error, format!("Din tastaturfil bruges ikke: {}", problems.join("; ")));
    }
    crate::tui::run(&mut app, Theme::from_env()).map_err(|e| format!("terminalfejl: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

fn due(store: &mut Store, today: NaiveDate, within: u32, json: bool) -> Result<ExitCode, String> {
    let centre = store.centre().map_err(|e| e.to_string())?;
    let profile = store.profile().map_err(|e| e.to_string())?;
    let items = store.due(&profile, today, within).map_err(|e| e.to_string())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&items).map_err(|e| e.to_string())?);
        return Ok(ExitCode::SUCCESS);
    }
    let until = dates::add_days(today, i64::from(within));
    println!("{} · forfaldent til og med {} · profil {}", centre.name, format_date_dk(until), profile.id);
    if items.is_empty() {
        println!("Intet forfaldent.");
    }
    for i in &items {
        let what = crate::text::due_kind(i.kind);
        let when = match i.days_left {
            d if d < 0 => format!("overskredet {}", crate::text::days(-d)),
            0 => "i dag".to_string(),
            d => format!("om {}", crate::text::days(d)),
        };
        println!("sag {:>5}  {what:<18} {}  {when:<20} {:<10} {}", i.case, format_date_dk(i.due), i.counsellor, i.rule);
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a file only its owner can read: exports hold health data.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())?;
    fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
}

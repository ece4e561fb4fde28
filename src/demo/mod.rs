//! The demo's sample centres (scenarios) and the throw-away database each
//! is opened in. Every scenario is compiled in, so `sagsbord demo` works
//! anywhere; each has its own profile and its own frozen "today", and shows
//! on screen what its profile does differently (domain.md 6a).
//!
//! `sagsbord demo --scenario NAME` picks one, `--list` lists them; a guided
//! tour names the scenario it plays on through [`scenario`].

use std::path::Path;

use chrono::NaiveDate;
use tempfile::TempDir;

use crate::store::exchange::{self, ExportFile};
use crate::store::{NewUser, Opening, Role, Store, StoreError};

/// One sample centre.
#[derive(Debug)]
pub struct Scenario {
    /// What `--scenario` takes.
    pub name: &'static str,
    /// One Danish line on what it shows (`demo --list`).
    pub shows: &'static str,
    /// The sample file, in the export format with its `sample_today`.
    pub json: &'static str,
}

/// The scenarios, the default first.
pub const SCENARIOS: [Scenario; 3] = [
    Scenario {
        name: "randers",
        shows: crate::text::demo::SHOWS_RANDERS,
        json: include_str!("../../sample-data/centre.json"),
    },
    Scenario {
        name: "faxe",
        shows: crate::text::demo::SHOWS_FAXE,
        json: include_str!("../../sample-data/scenarios/faxe.json"),
    },
    Scenario {
        name: "rodovre",
        shows: crate::text::demo::SHOWS_RODOVRE,
        json: include_str!("../../sample-data/scenarios/rodovre.json"),
    },
];

/// The scenario `sagsbord demo` opens without `--scenario`.
pub const DEFAULT: &str = "randers";

/// The scenario called `name`, if there is one.
pub fn scenario(name: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.name == name)
}

impl Scenario {
    /// The sample file, parsed.
    pub fn file(&self) -> Result<ExportFile, StoreError> {
        exchange::parse(self.json)
    }
}

/// A scenario's centre in a new throw-away database in `dir`, as `actor`
/// (who created it, and is its team leader), marked as a demo, with the
/// sample's counsellors registered.
pub fn open_in(dir: &Path, actor: &str, file: &ExportFile) -> Result<Store, StoreError> {
    open_at(&dir.join("demo.db"), actor, file)
}

/// [`open_in`], in a new database at `path` (the tours' tests keep theirs).
pub fn open_at(path: &Path, actor: &str, file: &ExportFile) -> Result<Store, StoreError> {
    let mut store = Store::open_with(path, actor, Opening::CREATE)?;
    store.import(file)?;
    // A trainer may show it: it is a demo.
    store.mark_demo()?;
    register_counsellors(&mut store, file)?;
    Ok(store)
}

/// A scenario's centre in a throw-away folder of its own, removed when the
/// returned folder is dropped (after the store).
pub fn open_fresh(actor: &str, file: &ExportFile) -> Result<(Store, TempDir), String> {
    let dir = tempfile::tempdir().map_err(|e| crate::text::cli::io_error(&e))?;
    let store = open_in(dir.path(), actor, file).map_err(|e| e.to_string())?;
    Ok((store, dir))
}

/// The day a scenario treats as today: `--today`, else the sample's own.
pub fn today(file: &ExportFile, asked: Option<NaiveDate>) -> NaiveDate {
    asked.or(file.sample_today).unwrap_or_else(|| crate::domain::dates::local_of(chrono::Utc::now()).date())
}

/// Registers the counsellors a demo file's cases name as counsellors (on
/// the anonymous team if they hold a §101a case): the demo and a generated
/// centre (`sagsbord generate`).
pub fn register_counsellors(store: &mut Store, file: &ExportFile) -> Result<(), StoreError> {
    let mut counsellors: Vec<&str> = file.cases.iter().map(|c| c.counsellor.as_str()).collect();
    counsellors.sort_unstable();
    counsellors.dedup();
    for name in counsellors {
        if store.user(name)?.is_none() {
            let anonymous_team = file
                .cases
                .iter()
                .any(|c| c.counsellor == name && c.kind == crate::domain::intake::ContactKind::Anonymous);
            store.add_user(&NewUser {
                name: name.into(),
                full_name: String::new(),
                role: Role::Counsellor,
                anonymous_team,
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;

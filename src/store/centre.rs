//! The centre a database belongs to, and the policy profile it follows.
//! A built-in profile is named by its id; a centre's own profile is copied
//! into the database when it is chosen (never read from its file again), so
//! the rules in force are the ones the audit trail shows being set.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::engine::Db;
use super::{Result, Store, StoreError};
use crate::domain::policy::{Profile, ProfileError};

/// A profile file larger than this is not a profile.
pub const PROFILE_FILE_MAX_BYTES: u64 = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Centre {
    pub name: String,
    /// The municipality the centre serves; citizens from elsewhere are flagged.
    pub municipality: String,
    /// A compiled-in profile id, used when `profile_path` is empty.
    pub profile: String,
    /// Where the centre's own profile was read from when it was chosen;
    /// a note only: the profile itself is `profile_toml`.
    #[serde(default)]
    pub profile_path: Option<String>,
    /// The centre's own profile, as chosen (TOML); `None` for a built-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_toml: Option<String>,
}

impl Centre {
    /// The profile the centre follows: its own as copied in, otherwise the
    /// compiled-in profile of its id.
    pub fn load_profile(&self) -> std::result::Result<Profile, ProfileError> {
        match &self.profile_toml {
            Some(text) => Profile::own(text),
            None => Profile::built_in(&self.profile),
        }
    }

    /// The centre following a built-in profile.
    pub fn use_built_in(&mut self, id: &str) -> std::result::Result<(), ProfileError> {
        Profile::built_in(id)?;
        self.profile = id.to_string();
        self.profile_path = None;
        self.profile_toml = None;
        Ok(())
    }

    /// The centre following its own profile, read once from `path` (which
    /// must be a regular, small file) and kept in the database from then on.
    pub fn use_own_file(&mut self, path: &Path) -> std::result::Result<(), ProfileError> {
        let text = read_profile_file(path)?;
        let profile = Profile::own(&text)?;
        self.profile = profile.id;
        self.profile_path = Some(path.display().to_string());
        self.profile_toml = Some(text);
        Ok(())
    }
}

/// What is wrong with a centre's name or municipality as given: the one
/// check of `sagsbord centre` and of the first run's setup form. A name is
/// shown on every screen and in the morning mail, so control characters
/// have no place in it (what is stored already is cleaned when printed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CentreTextProblem {
    ControlCharacters,
    /// Longer than [`crate::domain::limits::CENTRE_NAME`] characters.
    TooLong,
}

pub fn centre_text_problem(value: &str) -> Option<CentreTextProblem> {
    if matches!(crate::text::cli::printable(value), std::borrow::Cow::Owned(_)) {
        Some(CentreTextProblem::ControlCharacters)
    } else if value.chars().count() > crate::domain::limits::CENTRE_NAME {
        Some(CentreTextProblem::TooLong)
    } else {
        None
    }
}

/// A profile file's text: only a regular file (not a device such as
/// /dev/zero, not a folder) and at most [`PROFILE_FILE_MAX_BYTES`].
pub fn read_profile_file(path: &Path) -> std::result::Result<String, ProfileError> {
    let unreadable = |why: String| ProfileError::Invalid(format!("{}: {why}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(unreadable("ikke en almindelig fil".into()));
    }
    if meta.len() > PROFILE_FILE_MAX_BYTES {
        return Err(unreadable(format!("større end {} KiB", PROFILE_FILE_MAX_BYTES / 1024)));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(PROFILE_FILE_MAX_BYTES + 1).read_to_string(&mut text))
        .map_err(|e| unreadable(e.to_string()))?;
    Ok(text)
}

impl Store {
    pub fn centre(&self) -> Result<Centre> {
        centre_on(&self.db())
    }
}

/// The centre's own row, read on any connection.
pub(crate) fn centre_on(db: &Db<'_>) -> Result<Centre> {
    Ok(db.query_row(
        "SELECT name, municipality, profile_id, profile_path, profile_toml FROM centre WHERE id = 1",
        &[],
        |r| {
            Ok(Centre {
                name: r.get(0)?,
                municipality: r.get(1)?,
                profile: r.get(2)?,
                profile_path: r.get(3)?,
                profile_toml: r.get(4)?,
            })
        },
    )?)
}

impl Store {
    /// The profile the centre follows. A file from before the profile was
    /// kept in the database names its own profile by path only: it is read
    /// once more, copied in (an audited action) and never read again.
    pub fn profile(&mut self) -> Result<Profile> {
        let mut centre = self.centre()?;
        if centre.profile_toml.is_none()
            && let Some(path) = centre.profile_path.clone()
        {
            centre.use_own_file(Path::new(&path)).map_err(StoreError::Profile)?;
            // The program's own housekeeping, not a change of the rules:
            // whoever opens the file keeps the profile it already uses.
            self.save_centre(&centre, "profile_kept", self.centre()?)?;
        }
        centre.load_profile().map_err(StoreError::Profile)
    }

    /// Changes the centre's settings, its rules among them: the profile must
    /// load before it is kept, and the audit row holds what the settings
    /// were and what they became.
    pub fn set_centre(&mut self, centre: &Centre) -> Result<()> {
        centre.load_profile().map_err(StoreError::Profile)?;
        let before = self.centre()?;
        self.save_centre(centre, "centre_update", before)
    }

    fn save_centre(&mut self, centre: &Centre, action: &str, before: Centre) -> Result<()> {
        let detail = serde_json::json!({ "before": before, "after": centre }).to_string();
        self.write(action, "centre", |tx| {
            tx.execute(
                "UPDATE centre SET name = ?1, municipality = ?2, profile_id = ?3, profile_path = ?4, profile_toml = ?5
                 WHERE id = 1",
                &[&centre.name, &centre.municipality, &centre.profile, &centre.profile_path, &centre.profile_toml],
            )?;
            Ok(((), Some(1), detail))
        })
    }
}

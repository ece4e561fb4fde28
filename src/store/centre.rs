//! The centre a database belongs to, and the policy profile it follows.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError};
use crate::domain::policy::{Profile, ProfileError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Centre {
    pub name: String,
    /// The municipality the centre serves; citizens from elsewhere are flagged.
    pub municipality: String,
    /// A compiled-in profile id, used when `profile_path` is empty.
    pub profile: String,
    /// The centre's own profile file, if it has one.
    #[serde(default)]
    pub profile_path: Option<String>,
}

impl Centre {
    /// The profile the centre follows: its own file if it names one,
    /// otherwise the compiled-in profile.
    pub fn load_profile(&self) -> std::result::Result<Profile, ProfileError> {
        match &self.profile_path {
            Some(path) => {
                // Only a small regular file: a device or a pipe named here
                // must not be read without end.
                let text = super::files::read_regular(std::path::Path::new(path), super::files::SMALL_FILE_LIMIT)
                    .map_err(|e| {
                        ProfileError::Invalid(format!(
                            "{}: {}",
                            crate::text::cli::printable(path),
                            crate::text::store::file_problem(&e)
                        ))
                    })?;
                Profile::from_toml(&text)
            }
            None => Profile::built_in(&self.profile),
        }
    }
}

impl Store {
    pub fn centre(&self) -> Result<Centre> {
        Ok(self.conn().query_row(
            "SELECT name, municipality, profile_id, profile_path FROM centre WHERE id = 1",
            [],
            |r| Ok(Centre { name: r.get(0)?, municipality: r.get(1)?, profile: r.get(2)?, profile_path: r.get(3)? }),
        )?)
    }

    /// Changes the centre's settings; the profile must load before it is kept.
    pub fn set_centre(&mut self, centre: &Centre) -> Result<()> {
        centre
            .load_profile()
            .map_err(|e| StoreError::Import { at: "centre.profile".into(), message: e.to_string() })?;
        let detail = format!("{} / {} / {}", centre.name, centre.municipality, centre.profile);
        self.write("centre_update", "centre", |tx| {
            tx.execute(
                "UPDATE centre SET name = ?1, municipality = ?2, profile_id = ?3, profile_path = ?4 WHERE id = 1",
                params![centre.name, centre.municipality, centre.profile, centre.profile_path],
            )?;
            Ok(((), Some(1), detail))
        })
    }
}

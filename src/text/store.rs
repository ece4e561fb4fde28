//! The store's errors in Danish.

use std::fmt;

use crate::store::StoreError;

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Sqlite(e) => write!(f, "databasefejl: {e}"),
            StoreError::Io(e) => write!(f, "filfejl: {e}"),
            StoreError::TooNew { file, program } => {
                write!(f, "databasen er fra en nyere sagsbord (version {file}; dette program kender op til {program})")
            }
            StoreError::NotFound { what, id } => write!(f, "{what} {id} findes ikke"),
            StoreError::Corrupt(what) => write!(f, "uventede data i databasen: {what}"),
            StoreError::Changed(what) => write!(f, "ændret imens af en anden: {what}; intet er gemt"),
            StoreError::Import { at, message } => write!(f, "{at}: {message}"),
            StoreError::ImportLedger { at, error } => {
                write!(f, "{at}: gavekortregnskabet afviser posten: {}", super::groups::ledger_error(error))
            }
            StoreError::Group(problem) => write!(f, "{}", super::groups::group_problem(problem)),
            StoreError::Profile(problem) => write!(f, "profilen kan ikke bruges: {problem}"),
            StoreError::Step(problem) => {
                write!(f, "ændret imens af en anden: {} Intet er gemt.", super::intake::step_problem(problem))
            }
        }
    }
}

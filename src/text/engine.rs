//! The database engine's errors (`store::engine`), in Danish.

use std::fmt;

use postgres::error::SqlState;

use crate::store::engine::{Error, Kind, Mismatch};

/// A kind of value, as in "forventede et heltal, fandt tekst".
fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Null => "ingen værdi",
        Kind::Integer => "et heltal",
        Kind::LargeInteger => "et for stort heltal",
        Kind::Real => "et decimaltal",
        Kind::Text => "tekst",
        Kind::Blob => "binære data",
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => write!(f, "databasefejl: {}", super::cli::printable(&e.to_string())),
            _ if self.is_busy() => write!(f, "databasen er optaget af en anden; prøv igen om lidt"),
            Error::Postgres(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => write!(
                f,
                "databaseserveren nægter adgang: din rolle må ikke dette (spørg den, der har oprettet centret)"
            ),
            Error::Postgres(e) if e.as_db_error().is_none() && !e.is_closed() => {
                write!(f, "databaseserveren kan ikke nås: {}", super::cli::printable(&e.to_string()))
            }
            Error::Postgres(e) => match e.as_db_error() {
                // The server's own words (in the server's language).
                Some(db) => write!(f, "databasefejl: {}", super::cli::printable(db.message())),
                None if e.is_closed() => write!(f, "forbindelsen til databaseserveren er lukket"),
                None => write!(f, "databasefejl: {}", super::cli::printable(&e.to_string())),
            },
            Error::NoRows => write!(f, "uventede data i databasen: ingen række fundet"),
            Error::NoColumn { column } => write!(f, "uventede data i databasen: ingen kolonne {column}"),
            Error::Type { column, wanted, found } => write!(
                f,
                "uventede data i databasen: kolonne {column} skulle være {}, men er {}",
                kind(*wanted),
                kind(*found)
            ),
            Error::ColumnType { column, name } => {
                write!(f, "uventede data i databasen: kolonne {column} har typen {}", super::cli::printable(name))
            }
            Error::Busy => write!(f, "databaseforbindelsen er optaget af en anden forespørgsel"),
            Error::Store(e) => write!(f, "{e}"),
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} kan ikke gives som {}", kind(self.value), super::cli::printable(&self.wanted))
    }
}

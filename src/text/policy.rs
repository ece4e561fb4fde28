//! The policy profile's problems in Danish.

use std::fmt;

use crate::domain::policy::{BUILT_IN, ProfileError};

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::UnknownId(id) => {
                let known: Vec<&str> = BUILT_IN.iter().map(|(id, _)| *id).collect();
                write!(f, "ukendt profil '{id}' (indbyggede profiler: {})", known.join(", "))
            }
            ProfileError::Invalid(why) => write!(f, "profilfilen kan ikke læses: {}", why.trim_end()),
            ProfileError::Syntax { line, column, message } => {
                write!(
                    f,
                    "profilfilen kan ikke læses: linje {line}, kolonne {column}: {}",
                    super::toml::reason(message)
                )
            }
            ProfileError::EmptyId => f.write_str("profilen har intet id"),
            ProfileError::ReservedId(id) => {
                write!(f, "id '{id}' er en indbygget profils; giv centrets egen profil et andet id (fx '{id}-eget')")
            }
            ProfileError::OutOfRange { setting, value, min, max } => {
                write!(f, "{setting} = {value} er uden for det tilladte ({min} til {max})")
            }
            ProfileError::CallsAfterDeath => {
                f.write_str("follow_up.triggers kan ikke nævne died: der er ingen at ringe til")
            }
            ProfileError::UsualLengthReversed => f.write_str("stay.usual_length_months: min er større end max"),
        }
    }
}

impl std::error::Error for ProfileError {}

//! The shared server's words: why the program will not run in shared mode,
//! and what `setup-shared` did.

use std::fmt;

use super::cli::{shell_word, shown};
use crate::store::shared::{Fix, SharedProblem, Untrusted};

/// The comment at the top of the record beside the installed binary.
pub const RECORD_HEADER: &str = "\
# Written by `sagsbord setup-shared`: the shared server's group and database.
# Trusted only while this file and its folder belong to root and no one else
# may write them. Run setup-shared again rather than edit it.
";

pub const RECORD_PATHS: &str = "mappen skal være en fuld sti, og databasen skal ligge direkte i den";

pub const DB_FLAG_REFUSED: &str = "--db kan ikke bruges på den fælles server: sagsbord bruger altid den database, \
     administratoren satte op (sagsbord setup-shared). Til øvelse: sagsbord demo";
pub const DB_ENV_REFUSED: &str = "$SAGSBORD_DB er sat, men på den fælles server bruger sagsbord altid den database, \
     administratoren satte op (sagsbord setup-shared); fjern den med  unset SAGSBORD_DB";

impl fmt::Display for SharedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SharedProblem::UntrustedRecord { path, why } => {
                let why = match why {
                    Untrusted::NotAFile => "den er ikke en almindelig fil".to_string(),
                    Untrusted::NotRoot(p) => format!("{} tilhører ikke root", shown(p)),
                    Untrusted::Writable(p) => {
                        format!("andre end root kan skrive i {} (ret med  chmod go-w {})", shown(p), shell_word(p))
                    }
                    Untrusted::Unreadable(why) => format!("den kan ikke læses: {why}"),
                };
                write!(
                    f,
                    "opsætningen af den fælles server ({}) kan ikke stoles på: {why}; intet er åbnet. \
                     En administrator kører  sagsbord setup-shared  igen",
                    shown(path)
                )
            }
            SharedProblem::SetgidWithoutRecord { binary } => write!(
                f,
                "denne sagsbord ({}) kører med en anden gruppe end din, men der ligger ingen opsætning fra \
                 administratoren ved siden af den; intet er åbnet. Brug den installerede sagsbord",
                shown(binary)
            ),
            SharedProblem::NotSetgid { binary, group } => write!(
                f,
                "sagsbord er sat op til den fælles server, men denne sagsbord ({}) kører ikke med gruppen {group}, \
                 så databasen kan ikke nås; intet er åbnet. En administrator retter det med  \
                 chown root:{group} {b} && chmod 2755 {b}  (og filsystemet må ikke være monteret nosuid; \
                 er du selv medlem af gruppen {group}, skal du meldes ud af den)",
                shown(binary),
                b = shell_word(binary)
            ),
            SharedProblem::Missing { path } => write!(
                f,
                "{} findes ikke, men opsætningen af den fælles server nævner den; intet er åbnet. \
                 En administrator kører  sagsbord setup-shared  igen",
                shown(path)
            ),
            SharedProblem::Unreadable { path, why } => {
                write!(f, "{} kan ikke undersøges: {why}; intet er åbnet", shown(path))
            }
            SharedProblem::WrongKind { path } => write!(
                f,
                "{} er ikke, hvad opsætningen af den fælles server lavede (et link, en mappe eller en enhed i \
                 stedet for en almindelig fil eller mappe); intet er åbnet",
                shown(path)
            ),
            SharedProblem::Loose { group, loose } => {
                let fixes: Vec<String> = loose
                    .iter()
                    .map(|l| match l.fix {
                        Fix::Owner => format!("chown root:{group} {}", shell_word(&l.path)),
                        Fix::Mode(mode) => format!("chmod {mode:o} {}", shell_word(&l.path)),
                    })
                    .collect();
                write!(
                    f,
                    "databasen eller dens mappe har ikke længere de ejere og rettigheder, opsætningen gav dem, og \
                     kan være nået af andre; intet er åbnet. En administrator retter det med:  {}",
                    fixes.join(" && ")
                )
            }
            SharedProblem::Rights(why) => {
                write!(f, "gruppen kunne ikke skiftes ({why}); intet er åbnet")
            }
        }
    }
}

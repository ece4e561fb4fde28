//! The shared server's words: why the program will not run in shared mode,
//! and what `setup-shared` did.

use std::fmt;
use std::path::Path;

use super::cli::{io_error, shell_word, shown};
use crate::store::shared::setup::{Done, SetupError};
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
            SharedProblem::Member { group } => write!(
                f,
                "du er medlem af gruppen {group}, som ejer databasen, og kan derfor læse den uden om sagsbord og \
                 revisionssporet; sagsbord kører ikke for dig, før en administrator har meldt dig ud med  \
                 gpasswd -d BRUGER {group}  (og du er logget ind igen)"
            ),
            SharedProblem::Rights(why) => {
                write!(f, "gruppen kunne ikke skiftes ({why}); intet er åbnet")
            }
        }
    }
}

// `sagsbord setup-shared`.

pub const SETUP_ABOUT: &str =
    "Sæt den fælles server op (kun root, én gang): gruppe, mappe, database og den installerede sagsbord";
pub const SETUP_GROUP_HELP: &str =
    "Gruppen, der ejer databasen; rådgiverne må ikke være medlemmer af den (oprettes, hvis den mangler)";
pub const SETUP_DIR_HELP: &str = "Mappen til databasen, fx /srv/sagsbord (oprettes, hvis den mangler)";
pub const SETUP_INSTALL_HELP: &str = "Hvor sagsbord installeres (standard /usr/local/bin/sagsbord)";
pub const SETUP_NO_DB: &str = "--db kan ikke bruges med setup-shared: databasen ligger i mappen (--dir)";
pub const SETUP_DONE: &str = "Den fælles server er sat op:";
pub const NEXT_STEPS: &str = "Næste skridt:";

/// One line of what `setup-shared` did.
pub fn setup_done(done: &Done) -> String {
    match done {
        Done::GroupFound { name, gid, members } if members.is_empty() => {
            format!("gruppen {name} (gid {gid}) fandtes i forvejen og har ingen medlemmer")
        }
        Done::GroupFound { name, gid, members } => format!(
            "gruppen {name} (gid {gid}) fandtes i forvejen. ADVARSEL: {} er medlem(mer) af den og kan læse databasen \
             direkte uden om sagsbord og revisionssporet; meld dem ud med  gpasswd -d BRUGER {name}",
            members.join(", ")
        ),
        Done::GroupCreated { name, gid } => format!("gruppen {name} (gid {gid}) er oprettet"),
        Done::Folder(path) => format!("mappen {} tilhører root og gruppen, mode 2770", shown(path)),
        Done::DatabaseCreated(path) => format!("databasen {} er oprettet, mode 660", shown(path)),
        Done::DatabaseKept(path) => {
            format!("databasen {} fandtes i forvejen og er beholdt, mode 660", shown(path))
        }
        Done::Installed(path) => format!("sagsbord er installeret som {} (setgid til gruppen, mode 2755)", shown(path)),
        Done::InstalledInPlace(path) => format!("{} er sat til setgid til gruppen, mode 2755", shown(path)),
        Done::Recorded(path) => format!("opsætningen er skrevet i {} (kun root kan ændre den)", shown(path)),
    }
}

/// What the administrator does next.
pub fn next_steps(group: &str, install: &Path) -> Vec<String> {
    let bin = shell_word(install);
    vec![
        format!("1. Registrér hver rådgiver:  {bin} user add BRUGERNAVN"),
        format!("2. Giv centret navn og profil:  {bin} centre --name NAVN --municipality KOMMUNE --profile PROFIL"),
        format!(
            "3. En eksisterende database flyttes ind med  sagsbord --db GAMMEL.db export FIL  og derefter  {bin} import FIL"
        ),
        format!("4. Rådgiverne må aldrig være medlemmer af gruppen {group}; tjek med  getent group {group}"),
        format!("5. Rådgiverne starter  {bin}  (som sig selv, over SSH med -t)"),
    ]
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::NotRoot => write!(f, "setup-shared skal køres af root (fx med sudo); intet er ændret"),
            SetupError::BadGroupName(name) => write!(
                f,
                "gruppenavnet '{}' kan ikke bruges: små bogstaver a-z, cifre, _ og -, højst 32 tegn, og det skal \
                 begynde med et bogstav eller _",
                super::cli::printable(name)
            ),
            SetupError::NotAbsolute(path) => {
                write!(f, "{} skal være en fuld sti (begynde med /) og ende på et navn", shown(path))
            }
            SetupError::Closed(path) => write!(
                f,
                "andre brugere kan ikke gå gennem mappen {}, så rådgiverne kan ikke nå databasen; ret med  \
                 chmod o+x {}",
                shown(path),
                shell_word(path)
            ),
            SetupError::InstallFolder(path) => write!(
                f,
                "mappen {} skal tilhøre root, og kun root må skrive i den, ellers kan opsætningen ved siden af \
                 sagsbord ikke stoles på; vælg en anden med --install, eller ret med  chown root {p} && chmod go-w {p}",
                shown(path),
                p = shell_word(path)
            ),
            SetupError::GroupAdd(why) => {
                write!(f, "gruppen kunne ikke oprettes med groupadd: {}", super::cli::printable(why))
            }
            SetupError::NotAFolder(path) => write!(f, "{} er ikke en mappe (eller er et link)", shown(path)),
            SetupError::Io { path, error } => write!(f, "{}: {}", shown(path), io_error(error)),
            SetupError::Store(e) => write!(f, "{e}"),
        }
    }
}

//! The store's errors in Danish.

use std::fmt;

use super::cli::{io_error, printable, shell_word, shown};
use crate::store::{Exposure, FileProblem, NotSagsbord, StoreError, UserProblem};

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Sqlite(e) => write!(f, "{}", sqlite_error(e)),
            StoreError::Engine(e) => write!(f, "{e}"),
            StoreError::NoCentre { centre } => write!(
                f,
                "databasen har intet center ved navn {}; opret det med  sagsbord --db URL --centre NAVN centre …  eller angiv det rigtige med --centre",
                printable(centre)
            ),
            StoreError::NotCentralTeam { login, role } => write!(
                f,
                "{} er ikke med i kommunens centrale team (rollen {}), som alene ser alle centrenes tal; \
                 bed en administrator om at tilføje dig",
                printable(login),
                printable(role)
            ),
            StoreError::ReconnectedAsOther { was, now } => write!(
                f,
                "serveren lukkede forbindelsen og lukkede derefter {} ind i stedet for {}; intet gemmes i den andens navn: afslut og åbn sagsbord igen",
                printable(now),
                printable(was)
            ),
            StoreError::CentreNotGiven { centre } => write!(
                f,
                "kommunens centrale team må ikke læse centret {}: dets roller er ikke sat op; bed administratoren køre  sagsbord --db URL --centre {} setup-server",
                printable(centre),
                shell_word(std::path::Path::new(centre))
            ),
            StoreError::NoCentres => write!(f, "databasen har endnu ingen centre at lave rapport for"),
            StoreError::CentreAtVersion { centre, version, program } => write!(
                f,
                "centret {} er på version {version} af databasens opbygning, dette program på {program}; \
                 opdatér centret (åbn det én gang med denne sagsbord) eller programmet, før kommunens rapport laves",
                printable(centre)
            ),
            StoreError::FileOnly => {
                write!(f, "det kan kun gøres med en SQLite-fil, ikke på en PostgreSQL-server")
            }
            StoreError::Io(e) => write!(f, "filfejl: {}", io_error(e)),
            StoreError::TooNew { file, program } => {
                write!(f, "databasen er fra en nyere sagsbord (version {file}; dette program kender op til {program})")
            }
            StoreError::NotFound { what, id } => write!(f, "{what} {id} findes ikke"),
            StoreError::Corrupt(what) => write!(f, "uventede data i databasen: {}", printable(what)),
            StoreError::Changed(conflict) => write!(f, "{}", super::conflict::conflict(conflict)),
            StoreError::Import { at, problem } => {
                write!(f, "{at}: {}", printable(&super::exchange::import_problem(problem)))
            }
            StoreError::ImportLedger { at, error } => {
                write!(f, "{at}: gavekortregnskabet afviser posten: {}", super::groups::ledger_error(error))
            }
            StoreError::Group(problem) => write!(f, "{}", super::groups::group_problem(problem)),
            StoreError::Complaint(problem) => write!(f, "{}", super::complaints::problem(problem)),
            StoreError::Profile(problem) => write!(f, "profilen kan ikke bruges: {problem}"),
            StoreError::NoUser { uid } => write!(
                f,
                "bruger-id {uid} har intet brugernavn på denne maskine (ingen linje i /etc/passwd), så ingen kan stå \
                 som den, der handler; intet er åbnet. Kør sagsbord som en bruger med et navn"
            ),
            StoreError::Missing { path } => write!(
                f,
                "databasen findes ikke: {}; opret den med  sagsbord --db {} centre --name NAVN --municipality KOMMUNE --profile PROFIL  eller angiv den rigtige med --db",
                shown(path),
                shell_word(path)
            ),
            StoreError::NoFolder { path } => write!(
                f,
                "mappen findes ikke: {}; opret den først (mkdir -m 700 {}) eller angiv en anden --db",
                shown(path),
                shell_word(path)
            ),
            StoreError::NotSagsbord { path, why } => {
                let what = match why {
                    NotSagsbord::NotAFile => "ikke en almindelig fil",
                    NotSagsbord::Empty => "den er tom: ingen tabeller",
                    NotSagsbord::NotSqlite => "ikke en SQLite-database",
                    NotSagsbord::OtherApplication => "et andet programs SQLite-database",
                    NotSagsbord::MissingTables => "sagsbords tabeller mangler",
                };
                write!(f, "{} er ikke en sagsbord-database ({what}); intet er skrevet til filen", shown(path))
            }
            StoreError::Exposed { paths, fix } => {
                let words: Vec<String> = paths.iter().map(|p| shell_word(p)).collect();
                match fix {
                    Exposure::FileMode(mode) => write!(
                        f,
                        "andre brugere kan læse databasen ({}), og den rummer helbredsoplysninger; intet er åbnet. Ret det med:  chmod {mode:o} {}",
                        paths.iter().map(|p| shown(p)).collect::<Vec<_>>().join(", "),
                        words.join(" ")
                    ),
                    Exposure::Folder => write!(
                        f,
                        "alle brugere kan skrive i databasens mappe ({}) og dermed udskifte databasen; intet er åbnet. Ret det med:  chmod o-w {}",
                        paths.iter().map(|p| shown(p)).collect::<Vec<_>>().join(", "),
                        words.join(" ")
                    ),
                }
            }
            StoreError::ReadOnly => {
                // Short: it follows a pane's own words in the status line.
                write!(f, "skrivebeskyttet: kan hverken gemmes eller logges")
            }
            StoreError::NoSharedMemory { folder } => write!(
                f,
                "databasen kan ikke læses: du har kun læseadgang, og mappen {} lader ikke SQLite oprette sine hjælpefiler \
                 (-wal og -shm) ved siden af den; giv gruppen skriveadgang til mappen (chmod 2770 {}), eller lad en med \
                 skriveadgang have databasen åben",
                shown(folder),
                shell_word(folder)
            ),
            StoreError::NeedsUpgrade { file, program } => write!(
                f,
                "databasen er fra en ældre sagsbord (version {file}; dette program bruger version {program}) og skal opdateres, \
                 hvilket kræver skriveadgang: åbn den én gang uden --today som en bruger, der må skrive i den"
            ),
            StoreError::File { path, problem } => {
                let path_text = shown(path);
                match problem {
                    FileProblem::Exists => {
                        write!(f, "{path_text} findes allerede; intet er skrevet. Brug --force for at erstatte den")
                    }
                    FileProblem::Symlink => write!(
                        f,
                        "{path_text} er et symbolsk link, og det følges aldrig; intet er skrevet. Vælg et andet filnavn"
                    ),
                    FileProblem::NotRegular => write!(f, "{path_text} er ikke en almindelig fil"),
                    FileProblem::NoFolder => write!(f, "mappen til {path_text} findes ikke"),
                    FileProblem::TooLarge { limit } => write!(f, "{path_text} er for stor (højst {})", size(*limit)),
                    FileProblem::NotText => write!(f, "{path_text} er ikke tekst (UTF-8)"),
                    FileProblem::Io(e) => write!(f, "{path_text}: {}", io_error(e)),
                }
            }
            StoreError::BadCopy(what) => {
                write!(f, "kopien består ikke integritetstjekket ({}); intet er gemt", printable(what))
            }
            StoreError::Refused(why) => write!(f, "ikke tilladt: {}", super::access::refusal(*why)),
            StoreError::Users(problem) => write!(f, "{}", user_problem(problem)),
            StoreError::Receiver(problem, name) => write!(f, "{}", super::access::receiver_problem(problem, name)),
            StoreError::Undo(problem) => write!(f, "{}", super::correction::undo_problem(problem)),
        }
    }
}

/// A size limit in whole MiB from 1 MiB, else in KiB.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

fn user_problem(problem: &UserProblem) -> String {
    use super::access as words;
    match problem {
        UserProblem::BadName => words::BAD_USER_NAME.to_string(),
        UserProblem::Exists(user) => words::user_exists(&printable(user)),
        UserProblem::NoSuchUser(user) => words::no_such_user(&printable(user)),
        UserProblem::AlreadyShared { case, user } => words::already_shared(*case, &printable(user)),
        UserProblem::NotShared { case, user } => words::not_shared(*case, &printable(user)),
        UserProblem::ShareWithCounsellor { case, user } => words::share_with_counsellor(*case, user),
        UserProblem::LastManager => words::LAST_MANAGER.to_string(),
        UserProblem::NoLogin(login) => super::server_roles::no_login(&printable(login)),
        UserProblem::MayNotGrant { who, group } => {
            super::server_roles::may_not_grant(&printable(who), &printable(group))
        }
        UserProblem::StillMember { login, group } => {
            super::server_roles::still_member(&printable(login), &printable(group))
        }
        UserProblem::NoCentralTeam => super::server_roles::NO_CENTRAL.to_string(),
    }
}

/// A file problem without its path (the caller names the file).
pub fn file_problem(problem: &FileProblem) -> String {
    match problem {
        FileProblem::Exists => "findes allerede".into(),
        FileProblem::Symlink => "er et symbolsk link".into(),
        FileProblem::NotRegular => "er ikke en almindelig fil".into(),
        FileProblem::NoFolder => "mappen findes ikke".into(),
        FileProblem::TooLarge { limit } => format!("er for stor (højst {})", size(*limit)),
        FileProblem::NotText => "er ikke tekst (UTF-8)".into(),
        FileProblem::Io(e) => io_error(e),
    }
}

/// SQLite's errors: the common ones in words, the rest with SQLite's own
/// text (a bug to report, not something the user can act on).
fn sqlite_error(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    if let rusqlite::Error::SqliteFailure(failure, _) = e {
        let words = match failure.code {
            C::DatabaseBusy | C::DatabaseLocked => Some("databasen er optaget af en anden; prøv igen om lidt"),
            C::ReadOnly => Some("databasen er skrivebeskyttet; intet er gemt"),
            C::NotADatabase => Some("filen er ikke en database, eller den er ødelagt"),
            C::DatabaseCorrupt => Some("databasefilen er ødelagt"),
            C::DiskFull => Some("disken er fuld; intet er gemt"),
            C::CannotOpen => Some("databasen kan ikke åbnes (har du adgang til filen og dens mappe?)"),
            C::PermissionDenied => Some("adgang til databasen nægtet"),
            C::SystemIoFailure => Some("læse- eller skrivefejl på disken"),
            _ => None,
        };
        if let Some(words) = words {
            return words.to_string();
        }
    }
    format!("databasefejl: {}", printable(&e.to_string()))
}

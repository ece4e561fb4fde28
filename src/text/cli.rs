//! The command line's words: `--help`, the command-line errors and the
//! messages of each command. Also [`printable`], through which everything
//! printed from stored data or from the file system passes.

use std::borrow::Cow;
use std::io;
use std::path::Path;

// --help: headings and the template every command shares.

pub const USAGE: &str = "Brug:";
pub const COMMANDS: &str = "Kommandoer";
pub const ARGUMENTS: &str = "Argumenter";
pub const OPTIONS: &str = "Tilvalg";
pub const COMMAND_NAME: &str = "KOMMANDO";
pub const OPTIONS_PLACEHOLDER: &str = "[TILVALG]";
/// `{about}` is the command's own line; clap fills in the rest.
pub const HELP_TEMPLATE: &str = "{about-with-newline}\nBrug: {usage}\n\n{all-args}{after-help}";

pub const HELP_FLAG: &str = "Vis denne hjælp";
pub const VERSION_FLAG: &str = "Vis versionen";

pub const ABOUT: &str = "Sagsbord: rusmiddelcentrets daglige sager i terminalen";
pub const AFTER_HELP: &str = "\
Uden kommando åbnes arbejdsbordet på den rigtige database.

Kun arbejdsbordet (første gang), centre og import opretter en database, der
mangler; de andre kommandoer kræver en, der findes. Databasen og dens mappe
må ikke kunne læses af andre brugere.

Afslutningskoder: 0 gik godt, 1 fejl (eller brud på revisionssporet, eller
data ændret uden om sagsbord), 2 forkert kommandolinje eller ingen terminal.";

pub const DB_HELP: &str = "Databasefilen eller en PostgreSQL-server (postgresql://bruger@vært/database) (ellers $SAGSBORD_DB, ellers ~/.local/share/sagsbord/sagsbord.db)";
pub const CENTRE_HELP: &str =
    "Centret i en PostgreSQL-database, når --db er en postgresql://-adresse (ellers $SAGSBORD_CENTRE)";
pub const NO_CENTRE_ON_SERVER: &str =
    "--db er en PostgreSQL-server; angiv også centret med --centre NAVN (eller $SAGSBORD_CENTRE)";
pub const MUNICIPALITY_NEEDS_SERVER: &str = "kommunens rapport læser alle centrene på kommunens PostgreSQL-server: angiv den med --db postgresql://bruger@vært/database (en SQLite-fil rummer ét center: brug sagsbord report uden --municipality)";
pub const TODAY_HELP: &str = "Dagen, der regnes som i dag, fx 2026-03-17 eller 17.03.2026; arbejdsbordet åbner da den rigtige database skrivebeskyttet";
pub const KEYMAP_HELP: &str = "Tastaturet: vim eller emacs (i stedet for standarden), eller en tastaturfil lagt over standarden (ellers $SAGSBORD_KEYMAP, ellers keymap.toml i konfigurationsmappen, som også lægges over vim og emacs)";

pub const DEMO_ABOUT: &str = "Åbn eksempelcentret i en midlertidig database på eksemplets egen dag (til øvelse)";
pub const DUE_ABOUT: &str =
    "Hvad der er forfaldent, til morgenmailen: sagsnumre og rådgivere, aldrig navne eller CPR-numre";
pub const DUE_JSON_HELP: &str = "Skriv JSON (en liste af punkter) i stedet for en tabel";
pub const DUE_WITHIN_HELP: &str = "Tag også det med, der forfalder inden for så mange dage (0-3650; standard 0)";
pub const DUE_MINE_HELP: &str = "Kun dine egne sager";
pub const DUE_COUNSELLOR_HELP: &str = "Kun denne rådgivers sager (brugernavnet), af dem du må se";
pub const DUE_FAIL_IF_OVERDUE_HELP: &str = "Afslut med kode 1, hvis noget på listen er overskredet (til overvågning)";
pub const IMPORT_ABOUT: &str =
    "Indlæs en fil i sagsbord-formatet i en tom database, alt eller intet (opretter databasen, hvis den mangler)";
pub const IMPORT_FILE_HELP: &str = "Filen, der skal indlæses";
pub const EXPORT_ABOUT: &str = "Eksportér alt, databasen rummer, til en ny fil, som kun du kan læse";
pub const EXPORT_FILE_HELP: &str = "Den nye eksportfil";
pub const MIGRATE_ABOUT: &str = "Flyt centret fra databasen (--db) til en tom database: fra en SQLite-fil til et center på en PostgreSQL-server (--centre) eller tilbage; eksporten fra begge sider skal være ens";
pub const MIGRATE_TO_HELP: &str =
    "Hvortil: en ny SQLite-fil eller postgresql://bruger@vært/database (centret angives med --centre)";
pub const MIGRATE_NEEDS_SERVER: &str = "migrate flytter mellem en SQLite-fil og en PostgreSQL-server; en kopi fra fil til fil tages med  sagsbord backup FIL";
pub const MIGRATE_NOT_INTO_REAL: &str =
    "migrate flytter aldrig ind i den rigtige database ($SAGSBORD_DB); angiv et andet sted med --to";
pub const MIGRATE_DIFFERS: &str = "flytningen er ikke sikker: eksporten fra det nye sted er ikke den samme som fra det gamle; brug ikke det nye sted, før det er undersøgt";
pub const BACKUP_ABOUT: &str = "Tag en sikkerhedskopi af hele databasen, mens andre arbejder (kun du kan læse den)";
pub const BACKUP_FILE_HELP: &str = "Den nye kopi";
pub const FORCE_HELP: &str = "Erstat en fil, der findes i forvejen (et symbolsk link erstattes aldrig)";
pub const CENTRE_ABOUT: &str = "Vis eller ret centrets navn, kommune og profil (opretter databasen, hvis den mangler)";
pub const CENTRE_NAME_HELP: &str = "Centrets navn";
pub const CENTRE_MUNICIPALITY_HELP: &str = "Kommunen, centret hører til";
pub const CENTRE_PROFILE_HELP: &str =
    "En indbygget profil (national, faxe, nyborg, rodovre, randers) eller stien til en profilfil";

// Values on the command line.

pub const WITHIN_MAX: u32 = 3650;
pub const WITHIN_INVALID: &str = "skal være et helt antal dage fra 0 til 3650";
pub const TODAY_OUT_OF_RANGE: &str = "dagen skal ligge mellem 01.01.2000 og 31.12.2099";
pub const EMPTY_PATH: &str = "stien er tom";

// Command-line errors (clap's, said in Danish).

pub fn unknown_option(arg: &str) -> String {
    format!("ukendt tilvalg '{}'", printable(arg))
}

pub fn unexpected_argument(arg: &str) -> String {
    format!("uventet argument '{}'", printable(arg))
}

pub fn unknown_command(name: &str) -> String {
    format!("ukendt kommando '{}'", printable(name))
}

pub fn did_you_mean(what: &str) -> String {
    format!("mente du '{}'?", printable(what))
}

pub fn missing_value(arg: &str) -> String {
    format!("{arg} mangler en værdi")
}

pub fn invalid_value(value: &str, arg: &str) -> String {
    format!("ugyldig værdi '{}' til {arg}", printable(value))
}

pub fn possible_values(values: &[String]) -> String {
    format!("mulige værdier: {}", values.join(", "))
}

pub fn missing_arguments(args: &[String]) -> String {
    format!("mangler {}", args.join(", "))
}

pub const MISSING_COMMAND: &str = "mangler en kommando";

pub fn used_twice(arg: &str) -> String {
    format!("{arg} er angivet mere end én gang")
}

pub fn conflict(arg: &str, other: &str) -> String {
    format!("{arg} kan ikke bruges sammen med {other}")
}

pub fn wrong_number_of_values(arg: &str) -> String {
    format!("forkert antal værdier til {arg}")
}

pub fn needs_equals(arg: &str) -> String {
    format!("{arg} skal skrives med lighedstegn: {arg}=VÆRDI")
}

pub const NOT_UTF8: &str = "et argument er ikke gyldig tekst (UTF-8)";
pub const UNREADABLE_COMMAND_LINE: &str = "kommandolinjen kan ikke læses";
pub fn see_help(command: &str) -> String {
    format!("Se  {command} --help")
}

// The commands' own messages.

/// A panic: a bug, said in one line (the place follows).
pub const INTERNAL_ERROR: &str = "sagsbord: intern fejl, programmet er stoppet. Hver handling gemmes helt eller slet ikke, \
     så intet halvt er gemt. Giv denne linje videre til den, der passer sagsbord; kør med RUST_BACKTRACE=1 for detaljer";

pub const NO_TERMINAL: &str =
    "arbejdsbordet kræver en terminal (stdin og stdout skal være en terminal); til cron og scripts: sagsbord due";
pub const DEMO_NO_DB: &str = "demo bruger altid sin egen midlertidige database, så --db kan ikke bruges med demo; åbn en rigtig database med  sagsbord --db FIL";
pub const NO_DATA_FOLDER: &str = "kan ikke finde en datamappe; angiv --db FIL";

pub fn sample_unreadable(e: impl std::fmt::Display) -> String {
    format!("eksemplet kan ikke læses: {e}")
}

pub fn terminal_error(e: &io::Error) -> String {
    format!("terminalfejl: {}", io_error(e))
}

pub fn needs_write_access(path: &Path, command: &str) -> String {
    format!(
        "databasen er skrivebeskyttet for dig: {}; {command} kræver skriveadgang (spørg den, der ejer filen)",
        shown(path)
    )
}

/// The banner over the workbench on a database it cannot write.
pub fn read_only_banner_today(day: &str) -> String {
    format!("SKRIVEBESKYTTET · --today {day} · intet gemmes · øv i: sagsbord demo")
}

pub const READ_ONLY_BANNER_FILE: &str = "SKRIVEBESKYTTET: du har kun læseadgang til databasen; intet kan gemmes";

pub fn new_database(path: &Path) -> String {
    format!("Ny, tom database oprettet: {}", shown(path))
}

pub fn keymap_not_used(problems: &str) -> String {
    format!("Din tastaturfil bruges ikke: {problems}")
}

pub fn keymap_file(path: &Path, problem: &str) -> String {
    format!("{}: {problem}", shown(path))
}

pub fn profile_unusable(e: impl std::fmt::Display) -> String {
    format!("profilen kan ikke bruges: {e}")
}

pub fn unknown_profile(name: &str, known: &str, why: &str) -> String {
    format!("ukendt profil '{}': hverken en indbygget profil ({known}) eller en profilfil ({why})", printable(name))
}

pub fn imported(counts: &str) -> String {
    format!("Importeret: {counts}.")
}

pub fn migrated(counts: &str, to: &Path) -> String {
    format!("Flyttet til {}: {counts}. Eksporten fra begge sider er ens.", shown(to))
}

pub fn exported(cases: usize, path: &Path) -> String {
    format!("Eksporteret {cases} sager til {}.", shown(path))
}

pub fn backed_up(cases: i64, bytes: u64, path: &Path) -> String {
    let size = if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    };
    format!("Sikkerhedskopi med {cases} sager ({size}) gemt i {}; integritetstjekket bestået.", shown(path))
}

pub fn file_error(path: &Path, e: impl std::fmt::Display) -> String {
    format!("{}: {e}", shown(path))
}

pub const CENTRE_NAME: &str = "Center:";
pub const CENTRE_MUNICIPALITY: &str = "Kommune:";
pub const CENTRE_PROFILE: &str = "Profil:";

pub fn control_characters(flag: &str) -> String {
    format!("{flag} må ikke indeholde styretegn (tabulator, linjeskift, escape-sekvenser)")
}

pub fn too_long(flag: &str, max: usize) -> String {
    format!("{flag} må højst have {max} tegn")
}

pub fn profile_with_file(id: &str, path: &str) -> String {
    format!("{} (centrets egen, læst fra {})", printable(id), printable(path))
}

pub fn due_heading(centre: &str, until: &str, profile: &str) -> String {
    format!("{} · forfaldent til og med {until} · profil {}", printable(centre), printable(profile))
}

pub const NOTHING_DUE: &str = "Intet forfaldent.";

/// Under the heading when the list is one counsellor's (`--mine`, `--counsellor`).
pub fn due_only(counsellor: &str) -> String {
    format!("Kun {counsellor}s sager")
}

/// How much the list holds, and how much of it is overdue.
pub fn due_summary(items: usize, overdue: usize) -> String {
    let what = if items == 1 { "1 forfaldent punkt".to_string() } else { format!("{items} forfaldne punkter") };
    format!("{what}, heraf {overdue} overskredet")
}

/// The heading of one counsellor's items.
pub fn due_counsellor(counsellor: &str, items: usize, overdue: usize) -> String {
    let what = if items == 1 { "1 punkt".to_string() } else { format!("{items} punkter") };
    format!("{counsellor} ({what}, heraf {overdue} overskredet)")
}

/// Which follow-up call an item is, put at the end of `line`.
pub fn push_due_call_of(line: &mut String, months: u32) {
    line.push_str("(opkaldet efter ");
    push_number(line, i64::from(months), 0);
    line.push_str(if months == 1 { " måned)" } else { " måneder)" });
}

/// When the guarantee's clock started, put at the end of `line`.
pub fn push_due_clock_started(line: &mut String, day: chrono::NaiveDate) {
    line.push_str("(fristen løber fra ");
    crate::domain::dates::push_date_dk(line, day);
    line.push(')');
}

/// On standard error with `--fail-if-overdue`.
pub fn due_overdue_failure(overdue: usize) -> String {
    if overdue == 1 { "1 punkt er overskredet".into() } else { format!("{overdue} punkter er overskredet") }
}

/// When an item falls due, from the days left (negative: overdue), put at
/// the end of `line`.
pub fn push_due_when(line: &mut String, days_left: i64) {
    match days_left {
        d if d < 0 => line.push_str("overskredet "),
        0 => return line.push_str(DUE_TODAY),
        _ => line.push_str("om "),
    }
    let days = days_left.saturating_abs();
    push_number(line, days, 0);
    line.push(' ');
    line.push_str(crate::text::day_word(days));
}

/// A whole number put at the end of `line`, right-aligned in `width`
/// characters as `{:>width$}` would, without the formatting machinery:
/// `due` writes two or three on each of its 15,000 lines.
pub fn push_number(line: &mut String, n: i64, width: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let len = digits.len() - at + usize::from(n < 0);
    line.extend(std::iter::repeat_n(' ', width.saturating_sub(len)));
    if n < 0 {
        line.push('-');
    }
    // ASCII digits are always UTF-8.
    line.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

pub const DUE_TODAY: &str = "i dag";

// Files and the operating system's errors.

/// What a file problem is, in words (the path is said by the caller).
pub fn io_error(e: &io::Error) -> String {
    use io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => "findes ikke",
        K::PermissionDenied => "adgang nægtet",
        K::AlreadyExists => "findes allerede",
        K::IsADirectory => "er en mappe",
        K::NotADirectory => "en del af stien er ikke en mappe",
        K::StorageFull => "disken er fuld",
        K::QuotaExceeded => "din diskkvote er brugt op",
        K::ReadOnlyFilesystem => "filsystemet er skrivebeskyttet",
        K::InvalidFilename => "ugyldigt filnavn",
        K::FileTooLarge => "filen er for stor",
        K::CrossesDevices => "kan ikke flyttes til et andet filsystem",
        K::TooManyLinks => "for mange links",
        K::BrokenPipe => "modtageren har lukket",
        K::InvalidData => "ugyldige data",
        K::Interrupted => "afbrudt",
        K::TimedOut => "tiden løb ud",
        _ => "",
    };
    match (words.is_empty(), e.raw_os_error()) {
        (false, _) => words.to_string(),
        (true, Some(code)) => format!("fejl fra styresystemet (kode {code})"),
        (true, None) => "ukendt fejl".to_string(),
    }
}

/// A path as printed: control characters taken out.
pub fn shown(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// A path as a shell word in a command the user can copy.
pub fn shell_word(path: &Path) -> String {
    let s = shown(path);
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c)) {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Text from the database or the file system made safe to print to a
/// terminal or a mail: ANSI escape sequences (CSI, OSC and the rest) are
/// removed whole, tabs and line breaks become spaces, and every other
/// control character (C0, DEL, C1) and the bidirectional overrides that can
/// make a line read differently from what it holds are dropped.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !may_need_cleaning(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek() {
                // CSI: parameters and intermediates up to a final byte.
                Some('[') => {
                    chars.next();
                    for c in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&c) {
                            break;
                        }
                    }
                }
                // OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \).
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' || c == '\u{9c}' {
                            break;
                        }
                        if c == '\u{1b}' {
                            if chars.peek() == Some(&'\\') {
                                chars.next();
                            }
                            break;
                        }
                    }
                }
                // Any other escape: ESC and the one character after it.
                Some(_) => {
                    chars.next();
                }
                None => {}
            },
            // The 8-bit CSI.
            '\u{9b}' => {
                for c in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&c) {
                        break;
                    }
                }
            }
            '\t' | '\n' | '\r' => out.push(' '),
            c if needs_cleaning(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `s` may hold a character [`needs_cleaning`], read as bytes:
/// every such character is a byte below 0x20 or 0x7f, or 0xc2 0x80-0x9f
/// (C1), or starts 0xe2 0x80 or 0xe2 0x81 (the overrides among U+2000 to
/// U+207F). A listing passes thousands of lines here, mostly ASCII, æøå
/// and §: each byte and the one after it are tested without a branch, so
/// the compiler tests many bytes at a time (a branch a byte cost `due` a
/// tenth of its time).
fn may_need_cleaning(s: &str) -> bool {
    let b = s.as_bytes();
    let Some((&last, _)) = b.split_last() else { return false };
    let pairs = b.iter().zip(&b[1..]);
    let suspect = pairs.fold(control_byte(last), |found, (&c, &next)| {
        found | control_byte(c) | ((c == 0xc2) & (next < 0xa0)) | ((c == 0xe2) & (next & 0xfe == 0x80))
    });
    suspect && s.chars().any(needs_cleaning)
}

/// A byte that is a C0 control character or DEL on its own.
fn control_byte(c: u8) -> bool {
    (c < 0x20) | (c == 0x7f)
}

fn needs_cleaning(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

// `sagsbord generate`: a generated centre for benchmarks and training.

pub const GENERATE_ABOUT: &str = "Lav et opdigtet center med ti års historik til måling og undervisning: i en ny database (--db) eller en fil (--out)";
pub const GENERATE_CASES_HELP: &str = "Antal sager (1-1000000; standard 1000)";
pub const GENERATE_SEED_HELP: &str = "Frøet: samme frø, antal og dag giver det samme center (standard 1)";
pub const GENERATE_OUT_HELP: &str = "Skriv centret som en fil i sagsbord-formatet i stedet for en database";
pub const GENERATE_STRESS_HELP: &str =
    "Et center, der er kommet bagud: en femtedel af sagerne er uberørte henvendelser fra de sidste 90 dage";
pub const GENERATE_NEEDS_TARGET: &str =
    "generate skriver aldrig i den rigtige database: angiv en ny fil med --db FIL eller en eksportfil med --out FIL";
pub const GENERATE_BOTH_TARGETS: &str = "angiv enten --db eller --out, ikke begge";
pub const GENERATE_CASES_RANGE: &str = "antal sager skal være 1-1000000";
pub const GENERATE_WRITING: &str = "Skriver til databasen …";

/// The progress line: how many of the cases are made.
pub fn deadlines_progress(done: usize, of: usize) -> String {
    let width = 30;
    let filled = done * width / of.max(1);
    format!("Beregner fristerne [{}{}] {done}/{of}", "#".repeat(filled), ".".repeat(width - filled))
}

pub fn generate_progress(done: usize, of: usize) -> String {
    let width = 30;
    let filled = done * width / of.max(1);
    format!("Laver sager [{}{}] {done}/{of}", "#".repeat(filled), ".".repeat(width - filled))
}

pub fn generated(cases: usize, seed: u64, path: &Path, seconds: f64) -> String {
    format!("Genereret: {cases} sager (frø {seed}) i {} på {seconds:.1} s.", shown(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_lets_no_character_that_needs_cleaning_through() {
        for c in (0..=0x3_0000).filter_map(char::from_u32) {
            let text = format!("æ§{c}ø");
            assert_eq!(may_need_cleaning(&text), needs_cleaning(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn escape_sequences_and_control_characters_are_taken_out() {
        assert_eq!(printable("Rusmiddelcenter Faxe"), "Rusmiddelcenter Faxe");
        assert!(matches!(printable("Ærø"), Cow::Borrowed(_)));
        assert_eq!(printable("\u{1b}[31mRød\u{1b}[0m"), "Rød");
        assert_eq!(printable("a\u{1b}]0;titel\u{7}b"), "ab");
        assert_eq!(printable("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b"), "alinkb");
        assert_eq!(printable("a\u{9b}2Jb"), "ab");
        assert_eq!(printable("linje 1\nlinje 2\r\tx"), "linje 1 linje 2  x");
        assert_eq!(printable("bip\u{7}\u{0}\u{7f}\u{85}"), "bip");
        assert_eq!(printable("abc\u{202e}fed"), "abcfed");
        assert_eq!(printable("slut\u{1b}"), "slut");
        assert_eq!(printable("\u{1b}[31"), "");
    }

    #[test]
    fn paths_become_shell_words() {
        assert_eq!(shell_word(Path::new("/srv/sagsbord/sagsbord.db")), "/srv/sagsbord/sagsbord.db");
        assert_eq!(shell_word(Path::new("/srv/min mappe/it's.db")), "'/srv/min mappe/it'\\''s.db'");
    }
}

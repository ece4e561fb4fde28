//! The keys as the user reads them in the `?` help and on the key line:
//! `ned`, `side ned`, `mellemrum`. Keymap files keep their English key
//! syntax (`down`, `pgdown`, `space`, `ctrl-c`, see `app::keymap`); this
//! table turns that syntax into the Danish names drawn on screen.

/// The keymap's name of a key and its Danish name.
const NAMES: [(&str, &str); 15] = [
    ("down", "ned"),
    ("up", "op"),
    ("left", "venstre"),
    ("right", "højre"),
    ("pgdown", "side ned"),
    ("pgup", "side op"),
    ("home", "hjem"),
    ("end", "slut"),
    ("space", "mellemrum"),
    ("tab", "tab"),
    ("backtab", "skift-tab"),
    ("enter", "enter"),
    ("esc", "esc"),
    ("backspace", "tilbage"),
    ("delete", "slet"),
];

/// A key written in the keymap's syntax (`pgdown`, `ctrl-d`, `f2`, `N`)
/// as the screen names it (`side ned`, `ctrl-d`, `F2`, `N`). A character
/// key is itself; anything the table does not know is shown as it is.
pub fn key_name(spec: &str) -> String {
    let mut out = String::new();
    let mut rest = spec;
    loop {
        if let Some(r) = rest.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
            out.push_str("ctrl-");
            rest = r;
        } else if let Some(r) = rest.strip_prefix("alt-").filter(|r| !r.is_empty()) {
            out.push_str("alt-");
            rest = r;
        } else {
            break;
        }
    }
    match NAMES.iter().find(|(name, _)| *name == rest) {
        Some((_, danish)) => out.push_str(danish),
        None => match rest.strip_prefix('f').filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
            Some(n) => {
                out.push('F');
                out.push_str(n);
            }
            None => out.push_str(rest),
        },
    }
    out
}

// The problems of a keymap file (`sagsbord keys --check`, start-up).

/// One problem as it is said: the file and line it is on, then what is
/// wrong ("keymap.toml, linje 3: ukendt tast ...").
pub fn problem(file: Option<&str>, line: Option<usize>, text: &str) -> String {
    match (file, line) {
        (Some(file), Some(line)) => format!("{file}, linje {line}: {text}"),
        (Some(file), None) => format!("{file}: {text}"),
        (None, Some(line)) => format!("linje {line}: {text}"),
        (None, None) => text.to_string(),
    }
}

/// `why` is the TOML parser's reason, said in Danish here.
pub fn not_toml(column: usize, why: &str) -> String {
    format!("tastaturfilen kan ikke læses (kolonne {column}): {}", super::toml::reason(why))
}

pub fn unknown_section(section: &str, known: &str) -> String {
    format!("ukendt afsnit [{section}]; kendte afsnit: {known}")
}

pub fn unknown_key(on: &str, section: &str) -> String {
    format!("ukendt tast \"{on}\" i [{section}]")
}

pub fn unknown_action(run: &str, on: &str, section: &str) -> String {
    format!("ukendt handling \"{run}\" for tasten \"{on}\" i [{section}]")
}

pub fn twice(key: &str, section: &str) -> String {
    format!("tasten \"{key}\" står to gange i [{section}]")
}

pub fn conflict(key: &str, a: &str, b: &str) -> String {
    format!("tasten \"{key}\" bruges både i [{a}] og [{b}]")
}

/// `--keymap NAME` names no bundled keymap and no file.
pub fn unknown_keymap(name: &str, known: &str) -> String {
    format!("ukendt tastatur \"{name}\"; vælg {known} eller en fil")
}

pub const ABOUT: &str = "Tastaturet: tjek en tastaturfil (--check FIL) eller vis tastaturet i brug (--print)";
pub const CHECK_HELP: &str = "Tjek en tastaturfil: alle dens problemer med fil og linje";
pub const PRINT_HELP: &str = "Vis tastaturet i brug (efter din tastaturfil), lag for lag";

pub fn no_problems(file: &str) -> String {
    format!("{file}: ingen problemer; filen kan bruges")
}

pub fn problems_found(file: &str, count: usize) -> String {
    let what = if count == 1 { "ét problem" } else { "problemer" };
    let count = if count == 1 { String::new() } else { format!("{count} ") };
    format!("{file} har {count}{what} og bruges ikke, før de er rettet:")
}

/// The status line when the session starts without the user's file.
pub fn startup_summary(count: usize) -> String {
    let what = if count == 1 { "ét problem" } else { "problemer" };
    let count = if count == 1 { String::new() } else { format!("{count} ") };
    format!("Din tastaturfil bruges ikke: {count}{what}, vist herover (esc lukker)")
}

/// Over the list of the problems at start.
pub const PROBLEMS_TITLE: &str = "Din tastaturfil bruges ikke";

/// The last row when not every problem fits on the screen.
pub fn more_problems(count: usize) -> String {
    format!("… og {count} til: se dem alle med sagsbord keys --check FIL")
}

/// A problem of the user's file, said when the session starts without it.
pub fn not_used(problem: &str) -> String {
    format!("tastaturfilen bruges ikke: {problem}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_keys_are_said_in_danish() {
        let shown: Vec<String> =
            ["down", "up", "left", "right", "pgdown", "pgup", "home", "end", "space", "backspace", "delete"]
                .iter()
                .map(|k| key_name(k))
                .collect();
        assert_eq!(
            shown,
            ["ned", "op", "venstre", "højre", "side ned", "side op", "hjem", "slut", "mellemrum", "tilbage", "slet"]
        );
        assert_eq!(key_name("enter"), "enter");
        assert_eq!(key_name("esc"), "esc");
        assert_eq!(key_name("tab"), "tab");
        assert_eq!(key_name("backtab"), "skift-tab");
    }

    #[test]
    fn modifiers_characters_and_function_keys() {
        assert_eq!(key_name("ctrl-c"), "ctrl-c");
        assert_eq!(key_name("ctrl-pgdown"), "ctrl-side ned");
        assert_eq!(key_name("alt-ctrl-left"), "alt-ctrl-venstre");
        assert_eq!(key_name("ctrl--"), "ctrl--");
        assert_eq!(key_name("-"), "-");
        assert_eq!(key_name("f"), "f");
        assert_eq!(key_name("N"), "N");
        assert_eq!(key_name("f2"), "F2");
        assert_eq!(key_name("f12"), "F12");
        assert_eq!(key_name("?"), "?");
    }
}

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

//! SQLite's GLOB pattern as a PostgreSQL regular expression, made once per
//! search in the program rather than once per row on the server. The
//! schema's plpgsql `glob()` (migration 26) translates its pattern on every
//! row it is asked about: a search over 100,000 citizens spent ten times
//! as long translating as matching. A statement that gives `glob()` its
//! pattern as a parameter is sent with the pattern translated here and
//! matched by `glob_as_regex()` (migration 28), which the server reads as
//! the plain `~` (see `dialect`).
//!
//! The translation is the one migration 26 makes: `*` any run of
//! characters, `?` one, a set (`[aA]`, `[^x]`, `[a-z]`, a `]` first is a
//! member) as a bracket expression, anything else itself, the whole text
//! from start to end (a `*` at an end as no anchor there), case-sensitive.
//! A set left open matches nothing, as on SQLite.

/// `pattern` (SQLite's GLOB) as a regular expression that PostgreSQL's
/// `~` matches the same texts with.
pub(crate) fn glob_regex(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    // A `*` at either end is left out with its anchor: `*[aA]*` is `[aA]`
    // anywhere. The same texts match (`.` takes a line break too), and the
    // server's planner reads the unanchored form as matching as many rows
    // as it does: a list's first page then reads its index in order and
    // stops, where `^.*[aA].*$` looked so rare that it sorted every row.
    // (A `*` last inside a set left open leaves the set open.)
    let lead = chars.iter().take_while(|&&c| c == '*').count();
    let trail = chars[lead..].iter().rev().take_while(|&&c| c == '*').count();
    let chars = &chars[lead..chars.len() - trail];
    let mut re = String::with_capacity(pattern.len() * 2 + 2);
    if lead == 0 {
        re.push('^');
    }
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            '[' => {
                let mut j = i + 1;
                re.push('[');
                if chars.get(j) == Some(&'^') {
                    re.push('^');
                    j += 1;
                }
                if chars.get(j) == Some(&']') {
                    re.push_str("\\]");
                    j += 1;
                }
                while j < chars.len() && chars[j] != ']' {
                    // `-` between two members is a range; any other sign
                    // stands for itself.
                    match chars[j] {
                        '-' => re.push('-'),
                        c => push_literal(&mut re, c),
                    }
                    j += 1;
                }
                if j == chars.len() {
                    // A set left open: no text matches (an empty set
                    // would be refused as a regular expression).
                    return NOTHING.to_string();
                }
                re.push(']');
                i = j;
            }
            c => push_literal(&mut re, c),
        }
        i += 1;
    }
    if !pattern.ends_with('*') {
        re.push('$');
    }
    re
}

/// A regular expression no text matches: an end before a character.
const NOTHING: &str = "$.^";

/// `c` as itself in a regular expression, inside a set or out: a letter,
/// a digit or a character past ASCII as it is, any other sign escaped.
fn push_literal(re: &mut String, c: char) {
    if !c.is_ascii_alphanumeric() && c.is_ascii() {
        re.push('\\');
    }
    re.push(c);
}

#[cfg(test)]
mod tests {
    use super::glob_regex;

    #[test]
    fn wildcards_sets_and_signs_become_their_regular_expression() {
        assert_eq!(glob_regex("*[aA][øØ]*"), "[aA][øØ]");
        assert_eq!(glob_regex("**a*b**"), "a.*b");
        assert_eq!(glob_regex("*"), "");
        assert_eq!(glob_regex("*x"), "x$");
        assert_eq!(glob_regex("I?a"), "^I.a$");
        assert_eq!(glob_regex("[^a-c]x"), "^[^a-c]x$");
        assert_eq!(glob_regex("[]]"), "^[\\]]$");
        assert_eq!(glob_regex("[^]x]"), "^[^\\]x]$");
        assert_eq!(glob_regex("[*][?][[]"), "^[\\*][\\?][\\[]$");
        assert_eq!(glob_regex("a.c%_ $"), "^a\\.c\\%\\_\\ \\$$");
        assert_eq!(glob_regex("Åse*"), "^Åse");
        assert_eq!(glob_regex(""), "^$");
    }

    #[test]
    fn a_set_left_open_matches_nothing() {
        assert_eq!(glob_regex("[ab"), super::NOTHING);
        assert_eq!(glob_regex("*[a*"), super::NOTHING);
        assert_eq!(glob_regex("x[^"), super::NOTHING);
        assert_eq!(glob_regex("[]"), super::NOTHING);
    }
}

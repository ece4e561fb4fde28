//! What a find over every case is asked for. One typed text can mean more
//! than one thing (six digits are a birth date and could be a case
//! number), so the parse says every reading it allows and the store looks
//! each up by its own index.

/// The readings of one typed search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FindQuery {
    /// All digits: a case number.
    pub case_number: Option<i64>,
    /// Ten digits, with or without the dash: a whole CPR number, as stored
    /// (`DDMMYY-SSSS`).
    pub cpr: Option<String>,
    /// Six digits: the birth-date part of a CPR number (`DDMMYY`).
    pub birth: Option<String>,
    /// Anything else of at least [`MIN_TEXT`] characters: part of a name
    /// or a pseudonym, matched whatever the letter case.
    pub text: Option<String>,
}

/// The fewest characters a name search takes: one letter matches too much
/// to be a look-up.
pub const MIN_TEXT: usize = 2;

/// The longest search taken; a longer one is cut (nothing is that long).
pub const MAX_QUERY: usize = 60;

impl FindQuery {
    /// Whether the text gives nothing to look for yet.
    pub fn is_empty(&self) -> bool {
        self == &FindQuery::default()
    }
}

/// Reads a typed search. Spaces around it are ignored; a CPR number may be
/// typed with a dash or a space where the dash goes.
pub fn parse_query(input: &str) -> FindQuery {
    let s: String = input.trim().chars().take(MAX_QUERY).collect();
    let compact: String = s.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let all_digits = !compact.is_empty() && compact.chars().all(|c| c.is_ascii_digit());
    let separators_only_at_six = s.chars().filter(|c| matches!(c, '-' | ' ')).count() <= 1
        && s.char_indices().all(|(i, c)| !matches!(c, '-' | ' ') || i == 6);
    let mut q = FindQuery::default();
    // Digits with a dash or space out of place are no number and no name.
    if all_digits {
        if !separators_only_at_six {
            return q;
        }
        match compact.len() {
            10 => q.cpr = Some(format!("{}-{}", &compact[..6], &compact[6..])),
            6 if s.len() == 6 => {
                q.birth = Some(compact.clone());
                q.case_number = compact.parse().ok();
            }
            _ if s.len() == compact.len() => q.case_number = compact.parse().ok().filter(|n| *n > 0),
            _ => {}
        }
        return q;
    }
    if s.chars().count() >= MIN_TEXT {
        q.text = Some(s);
    }
    q
}

/// A GLOB pattern that finds `text` anywhere in a name, whatever the
/// letter case: each letter with two cases becomes the set of both
/// (`[aA]`, `[æÆ]`). SQLite's LIKE folds only the ASCII letters, and a
/// Danish name must be found by `ø` as by `Ø`; GLOB's sets read UTF-8.
pub fn anywhere_pattern(text: &str) -> String {
    let mut out = String::from("*");
    for c in text.chars() {
        let lower: Vec<char> = c.to_lowercase().collect();
        let upper: Vec<char> = c.to_uppercase().collect();
        match (lower.as_slice(), upper.as_slice()) {
            ([l], [u]) if l != u => {
                out.push('[');
                out.push(*l);
                out.push(*u);
                out.push(']');
            }
            // GLOB's own characters stand for themselves inside a set.
            _ if matches!(c, '*' | '?' | '[') => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out.push('*');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_cpr_number_is_read_with_or_without_its_dash_or_with_a_space() {
        for typed in ["0101901234", "010190-1234", " 010190 1234 ", "010190-1234  "] {
            let q = parse_query(typed);
            assert_eq!(q.cpr.as_deref(), Some("010190-1234"), "{typed:?}");
            assert_eq!((q.case_number, q.birth, q.text), (None, None, None), "{typed:?}");
        }
    }

    #[test]
    fn six_digits_are_a_birth_date_and_a_case_number() {
        let q = parse_query("010190");
        assert_eq!(q.birth.as_deref(), Some("010190"));
        assert_eq!(q.case_number, Some(10190));
        assert_eq!((q.cpr, q.text), (None, None));
    }

    #[test]
    fn fewer_or_other_counts_of_digits_are_a_case_number() {
        assert_eq!(parse_query("7").case_number, Some(7));
        assert_eq!(parse_query("12345").case_number, Some(12345));
        assert_eq!(parse_query("1234567").case_number, Some(1234567));
        assert_eq!(parse_query("1234567").birth, None);
        assert_eq!(parse_query("0").case_number, None);
        // Too many digits for any number: nothing, and no panic.
        assert!(parse_query("99999999999999999999999").is_empty());
    }

    #[test]
    fn a_dash_anywhere_but_after_the_birth_date_is_not_a_number() {
        assert!(parse_query("01019-01234").is_empty());
        assert!(parse_query("010190--1234").is_empty());
        assert!(parse_query("12-3").is_empty());
        assert_eq!(parse_query("010190-").case_number, None);
        assert_eq!(parse_query("010190-").birth, None);
    }

    #[test]
    fn text_of_two_characters_or_more_is_a_name_search() {
        assert_eq!(parse_query("  Jens ").text.as_deref(), Some("Jens"));
        assert_eq!(parse_query("ø").text, None);
        assert_eq!(parse_query("øs").text.as_deref(), Some("øs"));
        assert!(parse_query("").is_empty());
        assert!(parse_query("   ").is_empty());
        assert_eq!(parse_query("Fugl 7").text.as_deref(), Some("Fugl 7"));
    }

    #[test]
    fn a_huge_search_is_cut() {
        let q = parse_query(&"a".repeat(10_000));
        assert_eq!(q.text.map(|t| t.len()), Some(MAX_QUERY));
    }

    #[test]
    fn the_pattern_matches_either_letter_case_danish_letters_too() {
        assert_eq!(anywhere_pattern("Øs"), "*[øØ][sS]*");
        assert_eq!(anywhere_pattern("a-1"), "*[aA]-1*");
        assert_eq!(anywhere_pattern("*?["), "*[*][?][[]*");
    }
}

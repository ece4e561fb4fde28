//! The differences of dialect a statement's text may have. Every
//! statement has one: its parameters. The store writes SQLite's `?1` (and
//! `?`); PostgreSQL numbers them `$1`. A few statements tuned to SQLite's
//! planner have a second: its hints, `INDEXED BY index`, `NOT INDEXED`
//! and `CROSS JOIN` (a join SQLite keeps in the written order), which
//! PostgreSQL has no syntax for and plans without: its text drops the
//! first two and writes the third as `JOIN` (the store always gives it an
//! `ON`). Everything else a statement says is written in the part of SQL
//! both engines read alike (see the module above), so this is the whole
//! translation, done once per statement text and cached with the prepared
//! statement.
//!
//! One function call is written otherwise too: `glob(?N, text)` with its
//! pattern a parameter becomes `glob_as_regex($N, text)`, and the seam
//! sends that parameter translated to a regular expression ([`super::glob`]),
//! so the server matches each row with its plain `~` instead of translating
//! the pattern again for every row. A parameter the text also uses for
//! anything else keeps the schema's `glob()`.

/// A statement's text as PostgreSQL reads it, and which of its parameters
/// the text names.
pub(crate) struct PostgresText {
    pub(crate) sql: String,
    /// `named[n - 1]`: whether the text names parameter `n`. A parameter
    /// below the largest that the text leaves out (a family's statements
    /// number their parameters alike, and one may not need them all) has
    /// no type PostgreSQL can find.
    pub(crate) named: Vec<bool>,
    /// `patterns[n - 1]`: whether parameter `n` is a GLOB pattern to send
    /// as a regular expression (the text's `glob_as_regex()` takes it).
    pub(crate) patterns: Vec<bool>,
}

/// The text of [`postgres_text`] alone.
#[cfg(test)]
pub(crate) fn postgres_parameters(sql: &str) -> String {
    postgres_text(sql).sql
}

/// `sql` with SQLite's parameters written as PostgreSQL's: `?N` becomes
/// `$N`, and a bare `?` the next number after the largest so far, as
/// SQLite numbers it; SQLite's planner hints dropped (see above); a
/// `glob()` of a parameter's pattern matched as a regular expression
/// (see above); and the parameters it names. Nothing inside a string
/// literal, a quoted name or a comment is touched.
pub(crate) fn postgres_text(sql: &str) -> PostgresText {
    let first = translated(sql, &[]);
    // A pattern the text uses elsewhere too would arrive there as a
    // regular expression: those `glob()` calls stay the schema's.
    let mixed: Vec<usize> =
        (0..first.text.patterns.len()).filter(|&n| first.text.patterns[n] && first.plain[n]).collect();
    if mixed.is_empty() { first.text } else { translated(sql, &mixed).text }
}

/// The text of [`postgres_text`], and which parameters it uses other than
/// as a pattern.
struct Translated {
    text: PostgresText,
    plain: Vec<bool>,
}

/// [`postgres_text`], leaving the `glob()` calls of the parameters in
/// `kept` (by index, from 0) as they are.
fn translated(sql: &str, kept: &[usize]) -> Translated {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 8);
    let mut named: Vec<bool> = Vec::new();
    let mut patterns: Vec<bool> = Vec::new();
    let mut plain: Vec<bool> = Vec::new();
    // Whether the next parameter is the pattern of a rewritten `glob(`.
    let mut pattern_next = false;
    let mut largest = 0u32;
    let mut i = 0;
    // Copied through unchanged up to `i` from `from`.
    let mut from = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"') => i = after_quoted(bytes, i, quote),
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = bytes[i..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |n| i + n + 1);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..].find("*/").map_or(bytes.len(), |n| i + 2 + n + 2);
            }
            b'?' => {
                out.push_str(&sql[from..i]);
                let digits = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
                let number = match sql[i + 1..i + 1 + digits].parse::<u32>() {
                    Ok(n) => n,
                    // A bare `?`, or digits past any count of parameters
                    // (which SQLite refuses too): the next number.
                    Err(_) => largest + 1,
                };
                largest = largest.max(number);
                let at = number.max(1) as usize;
                for list in [&mut named, &mut patterns, &mut plain] {
                    if list.len() < at {
                        list.resize(at, false);
                    }
                }
                named[at - 1] = true;
                match std::mem::take(&mut pattern_next) {
                    true => patterns[at - 1] = true,
                    false => plain[at - 1] = true,
                }
                out.push('$');
                out.push_str(&number.to_string());
                i += 1 + digits;
                from = i;
            }
            b if is_word(b) && (i == 0 || !is_word(bytes[i - 1])) => {
                let end = word_end(bytes, i);
                if let Some(parameter) = glob_of_parameter(bytes, i, end, largest)
                    && !kept.contains(&parameter)
                {
                    out.push_str(&sql[from..i]);
                    out.push_str(GLOB_AS_REGEX);
                    pattern_next = true;
                    i = end;
                    from = i;
                    continue;
                }
                match hint(bytes, i, end) {
                    Some((dropped_to, instead)) => {
                        out.push_str(&sql[from..i]);
                        out.push_str(instead);
                        i = dropped_to;
                        from = i;
                    }
                    None => i = end,
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[from..]);
    Translated { text: PostgresText { sql: out, named, patterns }, plain }
}

/// The schema's function that matches a text against a GLOB pattern
/// already translated to a regular expression (migration 28).
const GLOB_AS_REGEX: &str = "glob_as_regex";

/// Whether the word at `start..end` calls `glob(` with a parameter as its
/// pattern (`?N` or a bare `?`, then a comma): that parameter's index
/// (from 0), as SQLite numbers it after `largest`.
fn glob_of_parameter(bytes: &[u8], start: usize, end: usize, largest: u32) -> Option<usize> {
    if !bytes[start..end].eq_ignore_ascii_case(b"glob") {
        return None;
    }
    let skip = |at: usize| at + bytes[at..].iter().take_while(|b| b.is_ascii_whitespace()).count();
    let open = skip(end);
    (bytes.get(open) == Some(&b'(')).then_some(())?;
    let mark = skip(open + 1);
    (bytes.get(mark) == Some(&b'?')).then_some(())?;
    let digits = bytes[mark + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
    (bytes.get(skip(mark + 1 + digits)) == Some(&b',')).then_some(())?;
    let number = std::str::from_utf8(&bytes[mark + 1..mark + 1 + digits])
        .ok()
        .and_then(|d| d.parse::<u32>().ok())
        .unwrap_or(largest + 1);
    Some(number.max(1) as usize - 1)
}

/// The largest parameter number `sql` names, as SQLite counts it (a bare
/// `?` is the next after the largest so far): how many parameters its
/// statement takes on either engine.
pub(crate) fn parameter_count(sql: &str) -> usize {
    postgres_text(sql).named.len()
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn word_end(bytes: &[u8], start: usize) -> usize {
    start + bytes[start..].iter().take_while(|&&b| is_word(b)).count()
}

/// The next word after `at` past white space: its start and end.
fn next_word(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let start = at + bytes[at..].iter().take_while(|b| b.is_ascii_whitespace()).count();
    let end = word_end(bytes, start);
    (end > start && start > at).then_some((start, end))
}

/// A SQLite planner hint that begins with the word at `start..end`: where
/// it ends, and what PostgreSQL reads instead.
fn hint(bytes: &[u8], start: usize, end: usize) -> Option<(usize, &'static str)> {
    let is = |(s, e): (usize, usize), word: &str| bytes[s..e].eq_ignore_ascii_case(word.as_bytes());
    let next = next_word(bytes, end);
    if is((start, end), "INDEXED") {
        let by = next.filter(|w| is(*w, "BY"))?;
        let (_, name_end) = next_word(bytes, by.1)?;
        Some((name_end, ""))
    } else if is((start, end), "NOT") {
        let indexed = next.filter(|w| is(*w, "INDEXED"))?;
        Some((indexed.1, ""))
    } else if is((start, end), "CROSS") {
        let join = next.filter(|w| is(*w, "JOIN"))?;
        Some((join.1, "JOIN"))
    } else {
        None
    }
}

/// Where a quoted literal or name that opens at `start` ends: after its
/// closing quote (a doubled quote is one quote inside it), or at the end.
fn after_quoted(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::postgres_parameters as pg;

    #[test]
    fn numbered_parameters_keep_their_numbers_in_any_order() {
        assert_eq!(
            pg("SELECT a FROM t WHERE b = ?2 AND c = ?1 OR d = ?2"),
            "SELECT a FROM t WHERE b = $2 AND c = $1 OR d = $2"
        );
        assert_eq!(pg("VALUES (?10, ?9)"), "VALUES ($10, $9)");
    }

    #[test]
    fn a_bare_parameter_is_the_next_after_the_largest_as_sqlite_counts() {
        assert_eq!(pg("VALUES (?, ?, ?)"), "VALUES ($1, $2, $3)");
        assert_eq!(pg("VALUES (?5, ?, ?2, ?)"), "VALUES ($5, $6, $2, $7)");
    }

    #[test]
    fn literals_names_and_comments_are_left_as_they_are() {
        assert_eq!(
            pg("SELECT '?1', 'it''s ?', \"odd?name\" FROM t WHERE x = ?1"),
            "SELECT '?1', 'it''s ?', \"odd?name\" FROM t WHERE x = $1"
        );
        assert_eq!(pg("SELECT 1 -- what ?1 means\nWHERE y = ?1"), "SELECT 1 -- what ?1 means\nWHERE y = $1");
        assert_eq!(pg("SELECT /* ?2 */ ?1"), "SELECT /* ?2 */ $1");
    }

    #[test]
    fn a_statement_without_parameters_or_cut_short_is_copied_whole() {
        for sql in ["SELECT 1", "", "SELECT 'open", "SELECT \"open", "SELECT 1 /* open", "SELECT 1 --"] {
            assert_eq!(pg(sql), sql);
        }
        assert_eq!(pg("SELECT ?"), "SELECT $1");
        assert_eq!(pg("SELECT ?1"), "SELECT $1");
    }

    #[test]
    fn sqlite_planner_hints_are_left_to_sqlite() {
        assert_eq!(
            pg("SELECT 1 FROM cases c INDEXED BY cases_open JOIN d NOT INDEXED ON d.x = c.id WHERE c.id = ?1"),
            "SELECT 1 FROM cases c  JOIN d  ON d.x = c.id WHERE c.id = $1"
        );
        assert_eq!(
            pg("FROM citizens p indexed by citizens_name\n  CROSS   JOIN cases c ON c.citizen_id = p.id"),
            "FROM citizens p \n  JOIN cases c ON c.citizen_id = p.id"
        );
        // Only the hints: the words in a name, a literal or another use.
        for sql in [
            "SELECT not_indexed, cross_join FROM t WHERE NOT x AND y = 'INDEXED BY i'",
            "SELECT \"NOT INDEXED\" FROM t -- CROSS JOIN\nWHERE NOT indexed_by",
        ] {
            assert_eq!(pg(sql), sql);
        }
    }

    #[test]
    fn the_parameters_a_text_names_are_told() {
        let text = super::postgres_text("SELECT a FROM t WHERE b = ?2 AND c > ?4");
        assert_eq!(text.named, [false, true, false, true]);
        assert_eq!(super::parameter_count("SELECT ?3, ?"), 4);
        assert_eq!(super::parameter_count("SELECT 1"), 0);
    }

    #[test]
    fn a_glob_of_a_parameter_s_pattern_is_matched_as_a_regular_expression() {
        let text = super::postgres_text("SELECT 1 WHERE glob(?1, COALESCE(p.pseudonym, p.name, '')) OR c.id = ?3");
        assert_eq!(text.sql, "SELECT 1 WHERE glob_as_regex($1, COALESCE(p.pseudonym, p.name, '')) OR c.id = $3");
        assert_eq!(text.patterns, [true, false, false]);
        let text = super::postgres_text("WHERE (GLOB ( ?2 , p.name) OR glob(?2, p.pseudonym)) AND x = ?1");
        assert_eq!(text.sql, "WHERE (glob_as_regex ( $2 , p.name) OR glob_as_regex($2, p.pseudonym)) AND x = $1");
        assert_eq!(text.patterns, [false, true]);
        let text = super::postgres_text("VALUES (?1, glob(?, x))");
        assert_eq!((text.sql.as_str(), &text.patterns[..]), ("VALUES ($1, glob_as_regex($2, x))", &[false, true][..]));
    }

    #[test]
    fn a_glob_of_anything_but_a_parameter_used_only_as_its_pattern_is_the_schema_s() {
        for sql in [
            "SELECT glob('*', name) FROM t",
            "SELECT glob(?1 || '*', name) FROM t",
            "SELECT globs(?1, name), my_glob(?1, name), 'glob(?1, x)' FROM t",
            "SELECT glob(name, ?1) FROM t",
        ] {
            let text = super::postgres_text(sql);
            assert!(!text.sql.contains("glob_as_regex"), "{sql}: {}", text.sql);
            assert!(!text.patterns.contains(&true), "{sql}");
        }
        // The pattern is also compared as it is: both uses keep it so.
        let text = super::postgres_text("SELECT 1 WHERE glob(?1, a) OR b = ?1 OR glob(?2, b)");
        assert_eq!(text.sql, "SELECT 1 WHERE glob($1, a) OR b = $1 OR glob_as_regex($2, b)");
        assert_eq!(text.patterns, [false, true]);
    }

    #[test]
    fn text_beyond_ascii_is_copied_byte_for_byte() {
        assert_eq!(
            pg("SELECT 'Søren ?' WHERE navn = ?1 AND 'æøå' <> ?2"),
            "SELECT 'Søren ?' WHERE navn = $1 AND 'æøå' <> $2"
        );
    }
}

//! The one difference of dialect every statement has: its parameters.
//! The store writes SQLite's `?1` (and `?`); PostgreSQL numbers them `$1`.
//! Everything else a statement says is written in the part of SQL both
//! engines read alike (see the module above), so this is the whole
//! translation, done once per statement text and cached with the prepared
//! statement.

/// `sql` with SQLite's parameters written as PostgreSQL's: `?N` becomes
/// `$N`, and a bare `?` the next number after the largest so far, as
/// SQLite numbers it. Nothing inside a string literal, a quoted name or a
/// comment is touched.
pub(crate) fn postgres_parameters(sql: &str) -> String {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 8);
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
                out.push('$');
                out.push_str(&number.to_string());
                i += 1 + digits;
                from = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[from..]);
    out
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
    fn text_beyond_ascii_is_copied_byte_for_byte() {
        assert_eq!(
            pg("SELECT 'Søren ?' WHERE navn = ?1 AND 'æøå' <> ?2"),
            "SELECT 'Søren ?' WHERE navn = $1 AND 'æøå' <> $2"
        );
    }
}

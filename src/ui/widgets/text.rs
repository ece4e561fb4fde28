//! Cutting and wrapping text by display width, not by bytes or characters:
//! "Søren Ærø" is nine columns wide, a CJK character two.

use std::ops::Range;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` in at most `width` columns: whole when it fits, otherwise cut at a
/// character boundary with an ellipsis as its last column.
pub fn fit_width(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `text` broken into rows of at most `width` columns: at spaces where it
/// can, inside a word only when the word alone is wider than a row. Line
/// breaks in `text` are kept; spaces at the end of a row are dropped. An
/// empty text is one empty row.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut rows = Vec::new();
    for line in text.split('\n') {
        let chars: Vec<char> = line.chars().collect();
        for range in wrap_ranges(line, width) {
            let row: String = chars[range].iter().collect();
            rows.push(row.trim_end_matches(' ').to_string());
        }
    }
    rows
}

/// Where one line (no line breaks) wraps at `width` columns, as ranges of
/// character indices that together cover the whole line, in order. The
/// spaces after a word stay at the end of its row (they may reach past
/// `width`), so the next row starts with a word; an edit cursor at
/// character `i` is on the row whose range holds `i`, or at the end of the
/// last row. An empty line is one empty range. A width of 0 counts as 1.
pub fn wrap_ranges(line: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let chars: Vec<char> = line.chars().collect();
    let mut ranges = Vec::new();
    let mut start = 0;
    // Columns taken by chars[start..i], and the index after the last space
    // of this row: where the row may break.
    let mut used = 0;
    let mut after_space: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let w = c.width().unwrap_or(0);
        if c == ' ' {
            used += w;
            i += 1;
            after_space = Some(i);
            continue;
        }
        if used + w > width && i > start {
            let end = after_space.filter(|&b| b > start).unwrap_or(i);
            ranges.push(start..end);
            start = end;
            used = chars[start..i].iter().map(|c| c.width().unwrap_or(0)).sum();
            after_space = None;
            continue;
        }
        used += w;
        i += 1;
    }
    ranges.push(start..chars.len());
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_display_width_with_an_ellipsis() {
        assert_eq!(fit_width("Søren Ærø", 9), "Søren Ærø");
        assert_eq!(fit_width("Søren Ærø", 8), "Søren Æ…");
        assert_eq!(fit_width("Søren", 1), "…");
        assert_eq!(fit_width("Søren", 0), "");
        assert_eq!(fit_width("", 0), "");
        // A wide character that does not fit before the ellipsis is left out.
        assert_eq!(fit_width("ab日本", 4), "ab…");
        assert_eq!(fit_width("ab日本", 5), "ab日…");
        assert!(fit_width("ab日本語", 5).width() <= 5);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_a_word_only_when_it_must() {
        assert_eq!(wrap("Forældresamtykke mangler for børn", 16), ["Forældresamtykke", "mangler for børn"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("ab abcdefghij", 4), ["ab", "abcd", "efgh", "ij"]);
        assert_eq!(wrap("én linje\nto", 20), ["én linje", "to"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("a\n\nb", 5), ["a", "", "b"]);
        assert_eq!(wrap("æøå", 0), ["æ", "ø", "å"]);
    }

    #[test]
    fn wrap_ranges_cover_the_line_with_the_spaces_at_the_row_ends() {
        let ranges = wrap_ranges("hej med dig", 5);
        assert_eq!(ranges, [0..4, 4..8, 8..11]);
        assert_eq!(wrap_ranges("", 5), vec![0..0]);
        assert_eq!(wrap_ranges("ab   ", 2), vec![0..5]);
        // Every character is in exactly one range, in order.
        let line = "Borgeren er 16 år; centret behandler ikke under 18 år.";
        for width in 1..30 {
            let ranges = wrap_ranges(line, width);
            assert_eq!(ranges.first().unwrap().start, 0);
            assert_eq!(ranges.last().unwrap().end, line.chars().count());
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
            }
            for row in wrap(line, width) {
                assert!(row.width() <= width, "{row:?} at {width}");
            }
        }
    }
}

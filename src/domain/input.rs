//! Checks on what a counsellor typed, shared by the rules of every form:
//! one-line texts, and dates that may not lie after today or before an
//! earlier date of the same record. Each form's rules turn these problems
//! into their own, so the message can name the field's meaning.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::dates::{self, DateInputError};

/// What can be wrong with a typed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    Required,
    TooLong {
        max: usize,
    },
    /// Control characters would corrupt the screen of the next reader.
    ControlCharacters,
}

/// Checks a one-line text, trimmed: present when required, at most `max`
/// characters, no control characters. Returns the trimmed text.
pub fn check_text(text: &str, required: bool, max: usize) -> Result<&str, TextProblem> {
    let text = text.trim();
    if required && text.is_empty() {
        Err(TextProblem::Required)
    } else if text.chars().count() > max {
        Err(TextProblem::TooLong { max })
    } else if text.chars().any(char::is_control) {
        Err(TextProblem::ControlCharacters)
    } else {
        Ok(text)
    }
}

/// Checks a free text of several lines (a note, a plan's goal, a
/// description): as [`check_text`], but line breaks are kept. Any other
/// control character is refused.
pub fn check_note(text: &str, required: bool, max: usize) -> Result<&str, TextProblem> {
    let text = text.trim();
    if required && text.is_empty() {
        Err(TextProblem::Required)
    } else if text.chars().count() > max {
        Err(TextProblem::TooLong { max })
    } else if text.chars().any(|c| c.is_control() && c != '\n') {
        Err(TextProblem::ControlCharacters)
    } else {
        Ok(text)
    }
}

/// `text` cut to at most `max` characters, the last of them "…": a
/// message that quotes what was read (a file's line, a value) stays short
/// however long that was.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let keep = max.saturating_sub(1);
            let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
            Cow::Owned(format!("{}…", &text[..end]))
        }
    }
}

/// What can be wrong with a typed date; `B` names the earlier date it may
/// not precede (the first contact, the treatment start, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem<B> {
    Required,
    Unreadable(DateInputError),
    /// After the latest day allowed (usually today: a record of what happened).
    InFuture,
    Before(B, NaiveDate),
}

/// Reads a typed date that may not lie after `latest` (when given) nor
/// before any of `not_before` (when known); the first bound broken is named.
pub fn check_date<B: Copy>(
    text: &str,
    latest: Option<NaiveDate>,
    not_before: &[(B, Option<NaiveDate>)],
) -> Result<NaiveDate, DateProblem<B>> {
    let day = match dates::parse_date_dk(text) {
        Ok(day) => day,
        Err(DateInputError::Empty) => return Err(DateProblem::Required),
        Err(e) => return Err(DateProblem::Unreadable(e)),
    };
    if latest.is_some_and(|latest| day > latest) {
        return Err(DateProblem::InFuture);
    }
    for (bound, earliest) in not_before {
        if let Some(earliest) = earliest
            && day < *earliest
        {
            return Err(DateProblem::Before(*bound, *earliest));
        }
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn texts_are_trimmed_required_bounded_and_free_of_control_characters() {
        assert_eq!(check_text("  Anna  ", true, 10), Ok("Anna"));
        assert_eq!(check_text("   ", true, 10), Err(TextProblem::Required));
        assert_eq!(check_text("", false, 10), Ok(""));
        assert_eq!(check_text("ålø", false, 3), Ok("ålø"), "counts characters, not bytes");
        assert_eq!(check_text("abcd", false, 3), Err(TextProblem::TooLong { max: 3 }));
        assert_eq!(check_text("a\u{1b}[2Jb", false, 30), Err(TextProblem::ControlCharacters));
    }

    #[test]
    fn dates_are_read_and_checked_against_today_and_earlier_dates_in_order() {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Bound {
            Contact,
            Start,
        }
        let today = Some(day("2026-03-17"));
        let bounds = [(Bound::Contact, Some(day("2026-03-01"))), (Bound::Start, Some(day("2026-03-10")))];
        assert_eq!(check_date("17.03.2026", today, &bounds), Ok(day("2026-03-17")));
        assert_eq!(check_date("10.03.2026", today, &bounds), Ok(day("2026-03-10")), "the bound's own day is allowed");
        assert_eq!(check_date("18.03.2026", today, &bounds), Err(DateProblem::InFuture));
        assert_eq!(check_date("18.03.2026", None, &bounds), Ok(day("2026-03-18")));
        assert_eq!(
            check_date("28.02.2026", today, &bounds),
            Err(DateProblem::Before(Bound::Contact, day("2026-03-01")))
        );
        assert_eq!(check_date("09.03.2026", today, &bounds), Err(DateProblem::Before(Bound::Start, day("2026-03-10"))));
        assert_eq!(check_date(" ", today, &bounds), Err(DateProblem::Required));
        assert!(matches!(check_date("31.02.2026", today, &bounds), Err(DateProblem::Unreadable(_))));
        let unknown: [(Bound, Option<NaiveDate>); 1] = [(Bound::Start, None)];
        assert_eq!(check_date("01.01.2020", today, &unknown), Ok(day("2020-01-01")));
    }

    #[test]
    fn a_long_text_is_cut_to_its_limit_with_an_ellipsis() {
        assert_eq!(cut("kort", 4), "kort");
        assert_eq!(cut("ålø og mere", 4), "ålø…");
        assert_eq!(cut(&"x".repeat(1_000_000), 10).chars().count(), 10);
        assert_eq!(cut("", 0), "");
    }

    #[test]
    fn a_note_keeps_its_line_breaks_but_no_other_control_character() {
        assert_eq!(check_note("  Talt med far.\nDatteren trives.  ", true, 100), Ok("Talt med far.\nDatteren trives."));
        assert_eq!(check_note("Talt\tmed far", true, 100), Err(TextProblem::ControlCharacters));
        assert_eq!(check_note("Talt\x1b[31m", true, 100), Err(TextProblem::ControlCharacters));
        assert_eq!(check_note("\n\n", true, 100), Err(TextProblem::Required));
        assert_eq!(check_note("ab\ncd", true, 4), Err(TextProblem::TooLong { max: 4 }));
        // A one-line text still refuses the line break.
        assert_eq!(check_text("a\nb", true, 100), Err(TextProblem::ControlCharacters));
    }
}

//! A stored moment as the user reads it: the centre's local date and time
//! in the one format every screen and the command line use,
//! `17.03.2026 kl. 10:05`. The store and the export keep UTC; only the
//! words here turn it into the centre's time (`domain::dates::CENTRE_ZONE`).

use chrono::NaiveDateTime;

use super::cli::printable;
use crate::domain::dates::{format_date_dk, format_time, local_of_stamp};

/// A stored UTC stamp (`2026-03-17T09:05:00Z`) in the centre's local time:
/// `17.03.2026 kl. 10:05`. Text that is no stamp is shown as it is (made
/// printable), never dropped.
pub fn stamp(at: &str) -> String {
    match local_of_stamp(at) {
        Some(local) => local_date_time(local),
        None => printable(at).into_owned(),
    }
}

/// `17.03.2026 kl. 10:05`.
pub fn local_date_time(local: NaiveDateTime) -> String {
    format!("{} kl. {}", format_date_dk(local.date()), clock(local))
}

/// `kl. 10:05`: the time alone, for a moment of today.
pub fn clock_only(local: NaiveDateTime) -> String {
    format!("kl. {}", clock(local))
}

fn clock(local: NaiveDateTime) -> String {
    format_time(local.time())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winter_is_one_hour_east_of_utc_and_summer_two() {
        assert_eq!(stamp("2026-01-15T12:46:00Z"), "15.01.2026 kl. 13:46");
        assert_eq!(stamp("2026-07-01T12:46:59Z"), "01.07.2026 kl. 14:46");
        // Past midnight in Denmark while it is still yesterday in UTC.
        assert_eq!(stamp("2026-12-31T23:30:00Z"), "01.01.2027 kl. 00:30");
        assert_eq!(stamp("2026-06-30T22:15:00Z"), "01.07.2026 kl. 00:15");
    }

    #[test]
    fn the_change_days_of_summer_time_turn_at_one_utc() {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC).
        assert_eq!(stamp("2026-03-29T00:59:00Z"), "29.03.2026 kl. 01:59");
        assert_eq!(stamp("2026-03-29T01:00:00Z"), "29.03.2026 kl. 03:00");
        assert_eq!(stamp("2026-03-29T12:00:00Z"), "29.03.2026 kl. 14:00");
        // 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC), so
        // the hour from 02:00 comes twice.
        assert_eq!(stamp("2026-10-25T00:30:00Z"), "25.10.2026 kl. 02:30");
        assert_eq!(stamp("2026-10-25T01:30:00Z"), "25.10.2026 kl. 02:30");
        assert_eq!(stamp("2026-10-25T12:00:00Z"), "25.10.2026 kl. 13:00");
    }

    #[test]
    fn text_that_is_no_stamp_is_shown_as_it_is_and_made_printable() {
        assert_eq!(stamp("i går"), "i går");
        assert_eq!(stamp(""), "");
        assert_eq!(stamp("2026-13-01T00:00:00Z"), "2026-13-01T00:00:00Z");
        assert_eq!(stamp("a\u{1b}[2J"), printable("a\u{1b}[2J"));
    }
}

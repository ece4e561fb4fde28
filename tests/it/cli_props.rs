//! Property tests of the command line: whatever is typed, the parser and
//! the date parsing answer with a value or a Danish message, never a panic.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use sagsbord::cli::{Cli, Command, parse_day, parse_within, try_parse};
use sagsbord::domain::dates::{format_date_dk, parse_date_dk};

/// Words the command line knows, and some it does not, to combine.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("due".to_string()),
        Just("demo".to_string()),
        Just("import".to_string()),
        Just("export".to_string()),
        Just("backup".to_string()),
        Just("centre".to_string()),
        Just("verify-audit".to_string()),
        Just("--db".to_string()),
        Just("--today".to_string()),
        Just("--keymap".to_string()),
        Just("--within".to_string()),
        Just("--json".to_string()),
        Just("--force".to_string()),
        Just("--name".to_string()),
        Just("--profile".to_string()),
        Just("--help".to_string()),
        Just("-h".to_string()),
        Just("-V".to_string()),
        Just("--".to_string()),
        Just("-".to_string()),
        Just("--today=31.12.2099".to_string()),
        Just("--within=3650".to_string()),
        "[0-9]{1,12}",
        "[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{1,5}",
        "-{0,2}[a-zæøå-]{0,12}",
        "\\PC{0,20}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_command_line_parses_or_is_refused_in_danish(args in prop::collection::vec(word(), 0..8)) {
        let line = std::iter::once("sagsbord".to_string()).chain(args.iter().cloned());
        match try_parse(line) {
            Ok(cli) => check_values(&cli),
            Err(sagsbord::cli::Parsed::Show(text)) => {
                prop_assert!(text.contains("Brug: sagsbord") || text.starts_with("sagsbord "), "{text}");
            }
            Err(sagsbord::cli::Parsed::Refused(message)) => {
                prop_assert!(!message.is_empty());
                for english in ["error:", "Usage:", "invalid value", "unexpected argument", "tip:"] {
                    prop_assert!(!message.contains(english), "{english:?} in {message}");
                }
                prop_assert!(message.contains("sagsbord") && message.contains("--help"), "{message}");
            }
        }
    }

    #[test]
    fn the_date_parsers_never_panic(s in "\\PC{0,24}") {
        let _ = parse_date_dk(&s);
        if let Ok(day) = parse_day(&s) {
            prop_assert!((2000..=2099).contains(&day.year()));
        }
        let _ = parse_within(&s);
    }

    #[test]
    fn a_date_written_either_way_reads_back_as_itself(days in 0u32..36_524) {
        let day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(u64::from(days));
        prop_assert_eq!(parse_day(&format_date_dk(day)), Ok(day));
        prop_assert_eq!(parse_day(&day.format("%Y-%m-%d").to_string()), Ok(day));
        let line = ["sagsbord", "due", "--today", &format_date_dk(day)];
        let cli = try_parse(line).unwrap_or_else(|_| panic!("{line:?}"));
        prop_assert_eq!(cli.today, Some(day));
    }

    #[test]
    fn within_takes_exactly_the_days_zero_to_3650(n in any::<u64>(), text in "[0-9+ -]{0,6}") {
        let expected = (n <= 3650).then_some(n as u32);
        prop_assert_eq!(parse_within(&n.to_string()).ok(), expected);
        if let Ok(days) = parse_within(&text) {
            prop_assert!(days <= 3650);
        }
    }
}

/// What a parsed command line holds is within what its parsers allow.
fn check_values(cli: &Cli) {
    if let Some(day) = cli.today {
        assert!((2000..=2099).contains(&day.year()), "{cli:?}");
    }
    if let Some(Command::Due { within, .. }) = &cli.command {
        assert!(*within <= 3650, "{cli:?}");
    }
}

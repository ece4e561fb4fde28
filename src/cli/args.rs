//! clap in Danish: every command gets a Danish `-h/--help`, headings and
//! usage line, the root a Danish `-V/--version`, and clap's errors are said
//! in Danish from their kind and context rather than rendered by clap.
//! Applied to every subcommand when the command line is built, so a command
//! added later gets it too (its `about` and `help` strings are its own).

use std::ffi::OsString;

use chrono::{Datelike, NaiveDate};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};

use super::Cli;
use crate::domain::dates;
use crate::text::cli as text;

/// What parsing the command line gave instead of a command to run.
#[derive(Debug)]
pub enum Parsed {
    /// `--help` or `--version`: printed on standard output, exit 0.
    Show(String),
    /// A command line that cannot be used: said on standard error, exit 2.
    Refused(String),
}

/// The command line as clap knows it, in Danish.
pub fn command() -> clap::Command {
    let root = Cli::command().disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(text::VERSION_FLAG)
            .help_heading(text::OPTIONS),
    );
    localize(root, "sagsbord".to_string())
}

fn localize(cmd: clap::Command, path: String) -> clap::Command {
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .help_template(text::HELP_TEMPLATE)
        .subcommand_help_heading(text::COMMANDS)
        .subcommand_value_name(text::COMMAND_NAME)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(text::HELP_FLAG)
                .help_heading(text::OPTIONS),
        );
    // Arguments without a heading would land under clap's English ones,
    // and clap says defaults and possible values in English: the help
    // strings say them instead.
    let args: Vec<(clap::Id, bool)> =
        cmd.get_arguments().map(|a| (a.get_id().clone(), a.get_help_heading().is_none())).collect();
    for (id, unheaded) in args {
        cmd = cmd.mut_arg(id, |a| {
            let a =
                if a.get_action().takes_values() { a.hide_default_value(true).hide_possible_values(true) } else { a };
            match (unheaded, a.is_positional()) {
                (false, _) => a,
                (true, true) => a.help_heading(text::ARGUMENTS),
                (true, false) => a.help_heading(text::OPTIONS),
            }
        });
    }
    let mut usage = format!("{path} {}", text::OPTIONS_PLACEHOLDER);
    for arg in cmd.get_positionals() {
        let name =
            arg.get_value_names().and_then(|n| n.first()).map_or_else(|| arg.get_id().to_string(), |n| n.to_string());
        usage.push_str(&if arg.is_required_set() { format!(" <{name}>") } else { format!(" [{name}]") });
    }
    if cmd.has_subcommands() {
        usage.push_str(&format!(" [{}]", text::COMMAND_NAME));
    }
    cmd = cmd.override_usage(usage);
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(&name, |sub| localize(sub, sub_path));
    }
    cmd
}

/// Parses a command line (the program's name first), never panicking:
/// anything clap refuses comes back as a Danish message.
pub fn try_parse<I, T>(args: I) -> Result<Cli, Parsed>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = command().try_get_matches_from(args).map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let mut shown = e.render().to_string();
            if !shown.ends_with('\n') {
                shown.push('\n');
            }
            Parsed::Show(shown)
        }
        _ => Parsed::Refused(message(&e)),
    })?;
    Cli::from_arg_matches(&matches).map_err(|e| Parsed::Refused(message(&e)))
}

fn string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => v.first().map(ToString::to_string),
        _ => None,
    }
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

/// A clap error in Danish, with the usage line of the command it is about.
pub fn message(e: &clap::Error) -> String {
    let arg = string(e, ContextKind::InvalidArg).unwrap_or_default();
    let mut parts = Vec::new();
    match e.kind() {
        ErrorKind::UnknownArgument => {
            parts.push(if arg.starts_with('-') { text::unknown_option(&arg) } else { text::unexpected_argument(&arg) });
            if let Some(s) = string(e, ContextKind::SuggestedArg) {
                parts.push(text::did_you_mean(s.trim()));
            }
        }
        ErrorKind::InvalidSubcommand => {
            let name = string(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            parts.push(text::unknown_command(&name));
            if let Some(s) = string(e, ContextKind::SuggestedSubcommand) {
                parts.push(text::did_you_mean(&s));
            }
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = string(e, ContextKind::InvalidValue).unwrap_or_default();
            if value.is_empty() {
                parts.push(text::missing_value(&arg));
            } else {
                let mut said = text::invalid_value(&value, &arg);
                // The reason comes from the argument's value parser: every
                // typed argument has its own, with a Danish reason.
                if e.kind() == ErrorKind::ValueValidation
                    && let Some(reason) = std::error::Error::source(e).map(ToString::to_string)
                {
                    said.push_str(": ");
                    said.push_str(&reason);
                }
                parts.push(said);
                let valid = strings(e, ContextKind::ValidValue);
                if !valid.is_empty() {
                    parts.push(text::possible_values(&valid));
                }
            }
        }
        ErrorKind::MissingRequiredArgument => parts.push(text::missing_arguments(&strings(e, ContextKind::InvalidArg))),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            parts.push(text::MISSING_COMMAND.to_string());
        }
        ErrorKind::ArgumentConflict => {
            let prior = string(e, ContextKind::PriorArg).unwrap_or_default();
            parts.push(if prior.is_empty() || prior == arg {
                text::used_twice(&arg)
            } else {
                text::conflict(&arg, &prior)
            });
        }
        ErrorKind::NoEquals => parts.push(text::needs_equals(&arg)),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            parts.push(text::wrong_number_of_values(&arg));
        }
        ErrorKind::InvalidUtf8 => parts.push(text::NOT_UTF8.to_string()),
        _ => parts.push(text::UNREADABLE_COMMAND_LINE.to_string()),
    }
    let mut said = parts.join("; ");
    let mut command = "sagsbord".to_string();
    if let Some(usage) = string(e, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        said.push_str(&format!("\n\n{} {usage}", text::USAGE));
        command = usage.split(text::OPTIONS_PLACEHOLDER).next().unwrap_or(&command).trim().to_string();
    }
    said.push('\n');
    said.push_str(&text::see_help(&command));
    said
}

/// `--today`: a date as the forms take it, within this century.
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    let day = dates::parse_date_dk(s).map_err(|e| e.to_string())?;
    if !(2000..=2099).contains(&day.year()) {
        return Err(text::TODAY_OUT_OF_RANGE.to_string());
    }
    Ok(day)
}

/// `--within`: whole days, at most ten years.
pub fn parse_within(s: &str) -> Result<u32, String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(text::WITHIN_INVALID.to_string());
    }
    match s.parse::<u32>() {
        Ok(n) if n <= text::WITHIN_MAX => Ok(n),
        _ => Err(text::WITHIN_INVALID.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        command().debug_assert();
    }

    #[test]
    fn within_and_today_take_only_what_they_say() {
        assert_eq!(parse_within("0"), Ok(0));
        assert_eq!(parse_within("3650"), Ok(3650));
        assert!(parse_within("3651").is_err());
        assert!(parse_within("-1").is_err());
        assert!(parse_within("+1").is_err());
        assert!(parse_within("99999999999").is_err());
        assert_eq!(parse_day("17.03.2026"), Ok(NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()));
        assert!(parse_day("17.03.2126").is_err());
        assert!(parse_day("31.02.2026").is_err());
    }
}

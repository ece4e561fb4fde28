//! `sagsbord due`: the morning digest, read in one snapshot. Never creates
//! a database; names cases by number and counsellor only. The text is
//! grouped by counsellor for the mail; `--json` is the same items for
//! scripts; `--fail-if-overdue` turns anything overdue into exit 1 for
//! monitoring.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use super::out::Out;
use super::{Cli, Failure, Outcome, db};
use crate::domain::dates::{self, date_dk, format_date_dk};
use crate::domain::due::DueItem;
use crate::text::cli::{self as text, printable};

/// Whose items, and what the exit code says.
#[derive(Debug, clap::Args)]
pub struct Digest {
    // Only the cases of the person running the command.
    #[arg(long, conflicts_with = "counsellor", help = text::DUE_MINE_HELP)]
    pub mine: bool,
    // Only one counsellor's cases (within what the person may see).
    #[arg(long, value_name = "NAVN", help = text::DUE_COUNSELLOR_HELP)]
    pub counsellor: Option<String>,
    // Exit 1 when anything listed is overdue.
    #[arg(long, help = text::DUE_FAIL_IF_OVERDUE_HELP)]
    pub fail_if_overdue: bool,
}

pub fn run(cli: &Cli, within: u32, json: bool, digest: &Digest) -> Outcome {
    if let Some(name) = &digest.counsellor
        && name.chars().any(char::is_control)
    {
        return Err(Failure::Usage(text::control_characters("--counsellor")));
    }
    let today = cli.today.unwrap_or_else(|| crate::domain::dates::local_of(chrono::Utc::now()).date());
    let mut store = db::existing(cli)?;
    super::user::must_be_user(&store)?;
    // The profile first: a file from before profiles were kept in the
    // database has its own copied in now (a write of its own).
    let profile = store.profile()?;
    let (centre, mut items) = store.read_snapshot(|s| Ok((s.centre()?, s.due(&profile, today, within)?)))?;
    // The store has already left out what the person may not open; this
    // only narrows it further.
    let only = if digest.mine { Some(store.actor().to_string()) } else { digest.counsellor.clone() };
    if let Some(name) = &only {
        items.retain(|i| &i.counsellor == name);
    }
    if json {
        // serde_json escapes every control character in a string.
        let mut text = serde_json::to_string_pretty(&items).map_err(|e| Failure::Error(e.to_string()))?;
        text.push('\n');
        Out::new().text(&text)?;
    } else {
        let mut out = Out::new();
        let until = dates::add_days(today, i64::from(within));
        out.line(text::due_heading(&centre.name, &format_date_dk(until), &profile.id))?;
        if let Some(name) = &only {
            out.line(text::due_only(&printable(name)))?;
        }
        if items.is_empty() {
            out.line(text::NOTHING_DUE)?;
        } else {
            out.line(text::due_summary(items.len(), overdue(&items)))?;
        }
        let mut line = String::new();
        for (counsellor, theirs) in by_counsellor(&items) {
            out.line("")?;
            out.line(text::due_counsellor(&printable(counsellor), theirs.len(), overdue_of(&theirs)))?;
            for i in theirs {
                write_line(&mut line, i);
                out.line(&line)?;
            }
        }
        out.finish()?;
    }
    let late = overdue(&items);
    if digest.fail_if_overdue && late > 0 {
        // For monitoring: the list went out; the exit code says it is late.
        let _ = writeln!(std::io::stderr(), "sagsbord: {}", text::due_overdue_failure(late));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The items per counsellor, counsellors by name, each keeping the list's
/// order (most overdue first).
fn by_counsellor(items: &[DueItem]) -> BTreeMap<&str, Vec<&DueItem>> {
    let mut groups: BTreeMap<&str, Vec<&DueItem>> = BTreeMap::new();
    for i in items {
        groups.entry(i.counsellor.as_str()).or_default().push(i);
    }
    groups
}

fn overdue(items: &[DueItem]) -> usize {
    items.iter().filter(|i| i.days_left < 0).count()
}

fn overdue_of(items: &[&DueItem]) -> usize {
    items.iter().filter(|i| i.days_left < 0).count()
}

/// One item under its counsellor: case, what, when, and the rule. Written
/// into `line` (one string for the whole listing, cleared for each item)
/// rather than built of strings of its own: a large centre lists 15,000.
fn write_line(line: &mut String, i: &DueItem) {
    use std::fmt::Write as _;
    let what = crate::text::due_kind(i.kind);
    line.clear();
    // Writing into a String cannot fail.
    let _ = write!(line, "  sag {:>5}  {what:<18} {}  ", i.case, date_dk(i.due));
    // The time left, padded to 20 characters as `{:<20}` would.
    let start = line.len();
    let _ = write!(line, "{}", text::due_when(i.days_left));
    let width = line[start..].chars().count();
    line.extend(std::iter::repeat_n(' ', 20usize.saturating_sub(width)));
    let _ = write!(line, " {}", printable(&i.rule));
    let _ = match (i.follow_up_months, i.clock_started) {
        (Some(months), _) => write!(line, "  {}", text::due_call_of(months)),
        (None, Some(day)) => write!(line, "  {}", text::due_clock_started(date_dk(day))),
        (None, None) => Ok(()),
    };
}

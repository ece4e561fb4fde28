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
use crate::domain::dates::{self, format_date_dk, push_date_dk};
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
        Out::new().json_pretty(&items)?;
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
                out.str_line(&line)?;
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
/// piece by piece rather than through `write!`: a large centre lists
/// 15,000, and the formatting machinery was a fifth of the command's time.
fn write_line(line: &mut String, i: &DueItem) {
    line.clear();
    line.push_str("  sag ");
    text::push_number(line, i.case, 5);
    line.push_str("  ");
    let start = line.len();
    line.push_str(crate::text::due_kind(i.kind));
    pad(line, start, 18);
    line.push(' ');
    push_date_dk(line, i.due);
    line.push_str("  ");
    let start = line.len();
    text::push_due_when(line, i.days_left);
    pad(line, start, 20);
    line.push(' ');
    line.push_str(&printable(&i.rule));
    match (i.follow_up_months, i.clock_started) {
        (Some(months), _) => {
            line.push_str("  ");
            text::push_due_call_of(line, months);
        }
        (None, Some(day)) => {
            line.push_str("  ");
            text::push_due_clock_started(line, day);
        }
        (None, None) => {}
    }
}

/// Pads what was written into `line` from `start` with spaces to `width`
/// characters, as `{:<width$}` would.
fn pad(line: &mut String, start: usize, width: usize) {
    let written = line[start..].chars().count();
    line.extend(std::iter::repeat_n(' ', width.saturating_sub(written)));
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike as _, NaiveDate};

    use super::*;
    use crate::domain::due::DueKind;

    /// The line as `write!` laid it out before it was written piece by piece.
    fn formatted(i: &DueItem) -> String {
        let day = |d: NaiveDate| format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year());
        let when = match i.days_left {
            d if d < 0 => format!("overskredet {} {}", -d, if d == -1 { "dag" } else { "dage" }),
            0 => "i dag".to_string(),
            d => format!("om {d} {}", if d == 1 { "dag" } else { "dage" }),
        };
        let what = crate::text::due_kind(i.kind);
        let mut line = format!("  sag {:>5}  {what:<18} {}  {when:<20} {}", i.case, day(i.due), printable(&i.rule));
        match (i.follow_up_months, i.clock_started) {
            (Some(1), _) => line.push_str("  (opkaldet efter 1 måned)"),
            (Some(m), _) => line.push_str(&format!("  (opkaldet efter {m} måneder)")),
            (None, Some(d)) => line.push_str(&format!("  (fristen løber fra {})", day(d))),
            (None, None) => {}
        }
        line
    }

    #[test]
    fn each_line_is_laid_out_as_the_formatter_lays_it_out() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let cases = [7, 12_345, 1_234_567, -3, i64::MAX, i64::MIN];
        let days_left = [-400, -2, -1, 0, 1, 6, 12_000];
        let dates = [day(2026, 3, 17), day(999, 1, 5), day(10_000, 12, 31), day(-1, 6, 9)];
        let extras = [(None, None), (Some(1), None), (Some(6), None), (None, Some(day(2025, 12, 1)))];
        let mut line = String::new();
        let mut n = 0;
        for (k, kind) in DueKind::ALL.into_iter().enumerate() {
            for (c, case) in cases.into_iter().enumerate() {
                let (follow_up_months, clock_started) = extras[(k + c) % extras.len()];
                let item = DueItem {
                    case,
                    kind,
                    due: dates[(k + c) % dates.len()],
                    days_left: days_left[(k * 3 + c) % days_left.len()],
                    counsellor: "anna".into(),
                    rule: if c % 2 == 0 { "Planen (§101 stk. 8)".into() } else { "Ærø\u{1b}[31m\tsidst".into() },
                    setting: String::new(),
                    profile: "national".into(),
                    follow_up_months,
                    clock_started,
                };
                write_line(&mut line, &item);
                assert_eq!(line, formatted(&item), "{item:?}");
                n += 1;
            }
        }
        assert_eq!(n, DueKind::ALL.len() * cases.len());
    }
}

//! `sagsbord due`: the morning list, read in one snapshot. Never creates a
//! database; names cases by number and counsellor only.

use std::process::ExitCode;

use super::out::Out;
use super::{Cli, Failure, Outcome, db};
use crate::domain::dates::{self, format_date_dk};
use crate::text::cli::{self as text, printable};

pub fn run(cli: &Cli, within: u32, json: bool) -> Outcome {
    let today = cli.today.unwrap_or_else(|| crate::domain::dates::local_of(chrono::Utc::now()).date());
    let mut store = db::existing(cli)?;
    super::user::must_be_user(&store)?;
    // The profile first: a file from before profiles were kept in the
    // database has its own copied in now (a write of its own).
    let profile = store.profile()?;
    let (centre, items) = store.read_snapshot(|s| Ok((s.centre()?, s.due(&profile, today, within)?)))?;
    if json {
        // serde_json escapes every control character in a string.
        let mut text = serde_json::to_string_pretty(&items).map_err(|e| Failure::Error(e.to_string()))?;
        text.push('\n');
        Out::new().text(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = Out::new();
    let until = dates::add_days(today, i64::from(within));
    out.line(text::due_heading(&centre.name, &format_date_dk(until), &profile.id))?;
    if items.is_empty() {
        out.line(text::NOTHING_DUE)?;
    }
    for i in &items {
        let what = crate::text::due_kind(i.kind);
        let when = match i.days_left {
            d if d < 0 => text::overdue_by(&crate::text::days(-d)),
            0 => text::DUE_TODAY.to_string(),
            d => text::due_in(&crate::text::days(d)),
        };
        out.line(format_args!(
            "sag {:>5}  {what:<18} {}  {when:<20} {:<10} {}",
            i.case,
            format_date_dk(i.due),
            printable(&i.counsellor),
            printable(&i.rule)
        ))?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

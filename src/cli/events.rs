//! `sagsbord events`: the treatment events per citizen for the national
//! register (Stofmisbrugsdatabasen, domain.md 7.8) as one CSV file, written
//! like an export (private, mode 0600, put in place whole). The file holds
//! CPR numbers: that is its purpose. The columns are in the README.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::out::Out;
use super::report::csv::{Cell, Table};
use super::{Cli, Failure, Outcome, db};
use crate::domain::dates;
use crate::domain::report::events::EventRow;
use crate::domain::report::{Period, PeriodProblem};
use crate::store::files;
use crate::text::cli::{printable, shown};
use crate::text::events as text;

#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    #[arg(long, value_name = "DATO", value_parser = super::parse_day, requires = "to", help = text::FROM_HELP)]
    pub from: Option<NaiveDate>,
    #[arg(long, value_name = "DATO", value_parser = super::parse_day, requires = "from", help = text::TO_HELP)]
    pub to: Option<NaiveDate>,
    #[arg(long, value_name = "FIL", required = true, help = text::CSV_HELP)]
    pub csv: PathBuf,
    #[arg(long, help = text::FORCE_HELP)]
    pub force: bool,
}

/// The file's columns, in order (README: "sagsbord events").
pub const HEADER: &[&str] =
    &["cpr", "citizen", "contact_course", "case", "event", "date", "reason", "months", "outcome", "counsellor"];

pub fn run(cli: &Cli, args: &EventsArgs) -> Outcome {
    let today = cli.today.unwrap_or_else(|| dates::local_of(chrono::Utc::now()).date());
    let period = match (args.from, args.to) {
        (Some(from), Some(to)) => Period::range(from, to).map_err(|p| {
            Failure::Usage(match p {
                PeriodProblem::Reversed => crate::text::report::PERIOD_REVERSED.into(),
                PeriodProblem::YearOutOfRange => crate::text::report::YEAR_OUT_OF_RANGE.into(),
            })
        })?,
        _ => last_whole_month(today),
    };
    // The target is refused before the database is even opened.
    files::check_target(&args.csv, args.force)?;
    let mut store = db::existing(cli)?;
    super::user::must_be_user(&store)?;
    let rows = store.register_events(period)?;
    let table = Table { header: HEADER, lines: rows.iter().map(line).collect() };
    files::write_private(&args.csv, args.force, |w| table.write(w))?;
    let mut out = Out::new();
    out.line(text::written(
        rows.len(),
        &dates::format_date_dk(period.from),
        &dates::format_date_dk(period.to),
        &printable(&shown(&args.csv)),
    ))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The register is reported month by month: the month before today's.
fn last_whole_month(today: NaiveDate) -> Period {
    let first = dates::first_of_month(today);
    let to = dates::add_days(first, -1);
    Period { from: dates::first_of_month(to), to }
}

fn line(r: &EventRow) -> Vec<Cell> {
    let text = |s: &str| if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) };
    vec![
        Cell::Text(r.cpr.clone()),
        Cell::Number(r.citizen),
        Cell::Number(i64::from(r.contact_course)),
        Cell::Number(r.case),
        Cell::Text(r.event.id().to_string()),
        Cell::Text(r.date.format("%Y-%m-%d").to_string()),
        text(&r.reason),
        r.months.map_or(Cell::Empty, |m| Cell::Number(i64::from(m))),
        text(&r.outcome),
        Cell::Text(r.counsellor.clone()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_month_before_today() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(last_whole_month(d("2026-03-15")), Period { from: d("2026-02-01"), to: d("2026-02-28") });
        assert_eq!(last_whole_month(d("2026-01-01")), Period { from: d("2025-12-01"), to: d("2025-12-31") });
    }
}

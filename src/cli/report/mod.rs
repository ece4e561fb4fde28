//! `sagsbord report`: the yearly report as text (80 columns, Danish) or as
//! JSON with stable English keys, read in one snapshot, or as files for a
//! committee (`csv`, `html`, `xlsx`). Never creates a database; names cases
//! by number, masked CPR and counsellor only.

pub(super) mod csv;
mod html;
mod municipality;
mod xlsx;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use std::io::Write;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Value, json};

use super::out::Out;
use super::{Cli, Failure, Outcome, db};
use crate::domain::report::{CaseRef, Note, Period, PeriodProblem, Report, Section, TargetKind, YearGoal};
use crate::store::files;
use crate::text::cli::printable;
use crate::text::report as text;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[arg(long, value_name = "ÅR", conflicts_with_all = ["from", "to"], help = text::YEAR_HELP)]
    pub year: Option<i32>,
    #[arg(long, value_name = "DATO", value_parser = super::parse_day, requires = "to", help = text::FROM_HELP)]
    pub from: Option<NaiveDate>,
    #[arg(long, value_name = "DATO", value_parser = super::parse_day, requires = "from", help = text::TO_HELP)]
    pub to: Option<NaiveDate>,
    #[arg(long, conflicts_with_all = ["csv", "html", "xlsx"], help = text::JSON_HELP)]
    pub json: bool,
    #[arg(long, value_name = "MAPPE", help = text::CSV_HELP)]
    pub csv: Option<PathBuf>,
    #[arg(long, value_name = "FIL", help = text::HTML_HELP)]
    pub html: Option<PathBuf>,
    #[arg(long, value_name = "FIL", help = text::XLSX_HELP)]
    pub xlsx: Option<PathBuf>,
    #[arg(long, help = text::FORCE_HELP)]
    pub force: bool,
    #[arg(long, value_enum, value_name = "AFSNIT", help = text::SECTION_HELP)]
    pub section: Option<OnlySection>,
    #[arg(long, conflicts_with = "csv", help = text::MUNICIPALITY_HELP)]
    pub municipality: bool,
}

/// A part of the report on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnlySection {
    /// Residential stays: cost per stay, month, year and provider, days per
    /// month, and the forecast.
    Stays,
}

impl ReportArgs {
    fn writes_files(&self) -> bool {
        self.csv.is_some() || self.html.is_some() || self.xlsx.is_some()
    }
}

/// The width of a row's label, and of its bar, in the text output.
const LABEL: usize = 34;
const BAR: usize = 22;

pub fn run(cli: &Cli, args: &ReportArgs) -> Outcome {
    let today = cli.today.unwrap_or_else(|| crate::domain::dates::local_of(chrono::Utc::now()).date());
    let period = period(args, today).map_err(|p| {
        Failure::Usage(match p {
            PeriodProblem::Reversed => text::PERIOD_REVERSED.into(),
            PeriodProblem::YearOutOfRange => text::YEAR_OUT_OF_RANGE.into(),
        })
    })?;
    // Every target is refused before the database is even opened.
    for file in [&args.html, &args.xlsx].into_iter().flatten() {
        files::check_target(file, args.force)?;
    }
    if let Some(dir) = &args.csv {
        csv::prepare_dir(dir)?;
    }
    if args.municipality {
        return municipality::run(cli, args, period, today);
    }
    let mut store = db::existing(cli)?;
    let profile = store.profile()?;
    let (centre, report) = store.read_snapshot(|s| Ok((s.centre()?, s.report(&profile, period, today)?)))?;
    let report = match args.section {
        Some(OnlySection::Stays) => report.only_stays(),
        None => report,
    };
    if args.writes_files() {
        return write_files(args, &report, &printable(&centre.name));
    }
    if args.json {
        // serde_json escapes every control character in a string.
        Out::new().json_pretty(&Json(&report))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = Out::new();
    for line in lines(&report, &printable(&centre.name)) {
        out.line(line)?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the files asked for, each through the private-file writer, and
/// names each one written.
fn write_files(args: &ReportArgs, report: &Report, centre: &str) -> Outcome {
    let mut written: Vec<PathBuf> = Vec::new();
    if let Some(dir) = &args.csv {
        written.extend(csv::write_all(dir, &csv::tables(report), args.force)?);
    }
    if let Some(file) = &args.html {
        let page = html::page(report, centre);
        files::write_private(file, args.force, |w| w.write_all(page.as_bytes()))?;
        written.push(file.clone());
    }
    if let Some(file) = &args.xlsx {
        let bytes = xlsx::workbook(report, centre).map_err(|e| Failure::Error(text::xlsx_failed(&e.to_string())))?;
        files::write_private(file, args.force, |w| w.write_all(&bytes))?;
        written.push(file.clone());
    }
    let mut out = Out::new();
    for path in &written {
        out.line(text::written(path))?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn period(args: &ReportArgs, today: NaiveDate) -> Result<Period, PeriodProblem> {
    match (args.year, args.from, args.to) {
        (Some(year), _, _) => Period::year(year),
        (None, Some(from), Some(to)) => Period::range(from, to),
        _ => Ok(Period::last_whole_year(today)),
    }
}

/// The report as lines of at most 80 characters: each section's title, its
/// rows with a bar, and its notes.
pub fn lines(report: &Report, centre: &str) -> Vec<String> {
    let mut lines = wrap(&text::heading(centre, report.period, report.today, &report.profile_id), 80);
    for section in &report.sections {
        lines.push(String::new());
        lines.push(text::section_title(section.kind).to_uppercase());
        lines.extend(section_lines(section));
    }
    // The stays alone (--section stays) are the finance office's, not the
    // committee's: no goals.
    if report.sections.iter().all(|s| s.kind.is_stays()) {
        return lines.into_iter().map(|l| printable(&l).into_owned()).collect();
    }
    lines.push(String::new());
    lines.push(text::GOALS_TITLE.to_uppercase());
    if report.goals.is_empty() {
        lines.push(format!("  {}", text::NO_GOALS));
    }
    for goal in &report.goals {
        lines.extend(
            wrap(&format!("{} {}: {}", text::F_GOAL, goal.year, goal.goal), 78).into_iter().map(|l| format!("  {l}")),
        );
        lines.extend(wrap(&format!("{}: {}", text::F_STATUS, goal.status), 76).into_iter().map(|l| format!("    {l}")));
    }
    lines.into_iter().map(|l| printable(&l).into_owned()).collect()
}

pub(super) fn section_lines(section: &Section) -> Vec<String> {
    let mut lines = Vec::new();
    let value = |r: &crate::domain::report::Row| r.amount.map_or(r.count as i64, |a| a.ore());
    let max = section.rows.iter().map(value).max().unwrap_or(0);
    for row in &section.rows {
        let label = fit(&text::row_label(&row.key), LABEL);
        let amount = row.amount.map(|a| format!("{:>13}", a.format_number_dk())).unwrap_or_default();
        let bar = text::bar(value(row), max, BAR);
        lines.push(format!("  {label:<LABEL$} {:>5} {amount} {bar}", row.count).trim_end().to_string());
    }
    for note in &section.notes {
        lines.extend(wrap(&text::note(note), 76).into_iter().map(|l| format!("  {l}")));
    }
    lines
}

fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width { s.to_string() } else { s.chars().take(width - 1).chain(['…']).collect() }
}

/// Words to lines of at most `width` characters.
pub(super) fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&fit(word, width));
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The JSON document (README: `sagsbord report --json`), written a
/// section and a case at a time: the
/// whole report as one JSON value would take ten times the room of the
/// text it gives. The keys in order, as a JSON object of the report would
/// have them.
pub struct Json<'a>(pub &'a Report);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("cases", &Each(|| report.cases.values().map(case_json)))?;
        map.serialize_entry("goals", &Each(|| report.goals.iter().map(goal_json)))?;
        let period = json!({ "from": report.period.from.to_string(), "to": report.period.to.to_string() });
        map.serialize_entry("period", &period)?;
        map.serialize_entry("profile", &report.profile_id)?;
        map.serialize_entry("sections", &Each(|| report.sections.iter().map(section_json)))?;
        map.serialize_entry("today", &report.today.to_string())?;
        map.end()
    }
}

/// A list serialized an item at a time, each made as it is written.
struct Each<F>(F);

impl<F: Fn() -> I, I: Iterator<Item = Value>> Serialize for Each<F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

fn section_json(s: &Section) -> Value {
    json!({
        "section": s.kind.id(),
        "recorded": !s.notes.contains(&Note::NotRecorded),
        "rows": s.rows.iter().map(|r| json!({
            "key": r.key.id(),
            "count": r.count,
            "amount_ore": r.amount.map(|a| a.ore()),
            "cases": r.cases,
        })).collect::<Vec<_>>(),
        "notes": s.notes.iter().filter(|n| **n != Note::NotRecorded).map(note_json).collect::<Vec<_>>(),
    })
}

fn case_json(c: &CaseRef) -> Value {
    json!({ "case": c.case_id, "cpr_masked": c.masked_cpr, "counsellor": c.counsellor })
}

fn goal_json(g: &YearGoal) -> Value {
    json!({ "year": g.year, "goal": g.goal, "status": g.status })
}

fn note_json(n: &Note) -> Value {
    match n {
        Note::NotRecorded => json!({ "kind": "not_recorded" }),
        Note::ShareInTime { kept, judged } => json!({ "kind": "share_in_time", "in_time": kept, "of": judged }),
        Note::Breach { case_id, days_over, special_reason } => {
            json!({ "kind": "breach", "case": case_id, "days_over": days_over, "special_assessment": special_reason })
        }
        Note::Target(t) => json!({
            "kind": "target",
            "target": match t.kind {
                TargetKind::ReduceOrAbstainAtLeast => "reduce_or_abstain_at_least",
                TargetKind::ReduceOrStopAtLeast => "reduce_or_stop_at_least",
                TargetKind::ReEnrolledAtMost => "re_enrolled_at_most",
            },
            "percent": t.percent,
            "count": t.count,
            "of": t.of,
            "met": t.met(),
        }),
        Note::WindowsOpen(n) => json!({ "kind": "windows_open", "count": n }),
        Note::LedgerBalances(b) => json!({ "kind": "ledger_balances", "balances": b }),
        Note::StayYear { year, realised, forecast, realised_to } => json!({
            "kind": "stay_year",
            "year": year,
            "realised_ore": realised.ore(),
            "forecast_ore": forecast.ore(),
            "realised_to": realised_to.to_string(),
        }),
        Note::StayDays { realised, forecast } => {
            json!({ "kind": "stay_days", "realised": realised, "forecast": forecast })
        }
        Note::StaysNotCosted(cases) => json!({ "kind": "stays_not_costed", "cases": cases }),
        Note::StaysNotCostedCount(n) => json!({ "kind": "stays_not_costed", "count": n }),
        Note::ReceiptWorkingDays(waits) => {
            json!({ "kind": "receipt_working_days", "median": waits.median(), "longest": waits.longest() })
        }
    }
}

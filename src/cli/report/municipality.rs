//! `sagsbord report --municipality`: the municipality's report, read by
//! its central team on the server: all centres' figures added up, then
//! each centre's own, as text or JSON, or as a page (HTML) or workbook
//! with each figure of the municipality beside each centre's. No case is named in it.

use std::process::ExitCode;

use chrono::NaiveDate;
use serde_json::json;

use super::{Json, ReportArgs, html, lines, section_lines, wrap, xlsx};
use crate::cli::out::Out;
use crate::cli::{Cli, Failure, Outcome, db};
use crate::domain::report::Period;
use crate::domain::report::municipality::{CentreFigures, MunicipalityReport};
use crate::store::Municipality;
use crate::store::files;
use crate::text::cli::printable;
use crate::text::report as text;
use std::io::Write;

pub(super) fn run(cli: &Cli, args: &ReportArgs, period: Period, today: NaiveDate) -> Outcome {
    let config = db::server_config(cli)
        .ok_or_else(|| Failure::Usage(crate::text::cli::MUNICIPALITY_NEEDS_SERVER.to_string()))?;
    let mut report = Municipality::open(&config)?.report(period, today)?;
    if args.section == Some(super::OnlySection::Stays) {
        report.total = report.total.only_stays();
        report.centres =
            report.centres.into_iter().map(|c| CentreFigures { report: c.report.only_stays(), ..c }).collect();
    }
    let mut out = Out::new();
    if let Some(file) = &args.html {
        let page = html::municipality_page(&report);
        files::write_private(file, args.force, |w| w.write_all(page.as_bytes()))?;
        out.line(text::written(file))?;
    }
    if let Some(file) = &args.xlsx {
        let bytes =
            xlsx::municipality_workbook(&report).map_err(|e| Failure::Error(text::xlsx_failed(&e.to_string())))?;
        files::write_private(file, args.force, |w| w.write_all(&bytes))?;
        out.line(text::written(file))?;
    }
    if args.html.is_some() || args.xlsx.is_some() {
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        let centres: Vec<serde_json::Value> = report
            .centres
            .iter()
            .map(|c| Ok(json!({ "centre": c.centre, "report": serde_json::to_value(Json(&c.report))? })))
            .collect::<Result<_, serde_json::Error>>()
            .map_err(|e| Failure::Error(e.to_string()))?;
        let total = serde_json::to_value(Json(&report.total)).map_err(|e| Failure::Error(e.to_string()))?;
        out.json_pretty(&json!({ "municipality": total, "centres": centres }))?;
        return Ok(ExitCode::SUCCESS);
    }
    for line in municipality_lines(&report) {
        out.line(line)?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The total's sections first, under the municipality's heading, then
/// each centre's report as `sagsbord report` prints it, goals and all.
pub fn municipality_lines(report: &MunicipalityReport) -> Vec<String> {
    let names: Vec<String> = report.centres.iter().map(|c| printable(&c.centre).into_owned()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut out: Vec<String> =
        text::municipality_heading(report.period, report.today, &names, &report.total.profile_id)
            .iter()
            .flat_map(|l| wrap(l, 80))
            .collect();
    for section in &report.total.sections {
        out.push(String::new());
        out.push(text::section_title(section.kind).to_uppercase());
        out.extend(section_lines(section));
    }
    for centre in &report.centres {
        out.push(String::new());
        out.push("=".repeat(80));
        out.extend(lines(&centre.report, &centre.centre));
    }
    out.into_iter().map(|l| printable(&l).into_owned()).collect()
}

//! `sagsbord report --xlsx FILE`: the report as a workbook, one sheet a
//! section. Counts and amounts are numbers (amounts in kroner with two
//! decimals), so a committee can sum and chart them; a sheet whose section
//! has figures carries its chart (a line over the months, else bars).

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

use crate::domain::report::municipality::MunicipalityReport;
use crate::domain::report::{Report, Section};
use crate::text::cli::printable;
use crate::text::report as text;

/// Where a sheet's figures start (row 0 the title, row 1 the header).
const FIRST: u32 = 2;

/// A sheet's name: numbered, so that it is unique, and without the
/// characters Excel refuses in one, at most 31 characters.
pub fn sheet_name(index: usize, title: &str) -> String {
    let clean: String =
        title.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '-' } else { c }).collect();
    format!("{:02} {clean}", index + 1).chars().take(31).collect::<String>().trim_end().to_string()
}

fn kroner(ore: i64) -> f64 {
    // Money is whole øre; the sheet shows kroner with two decimals.
    ore as f64 / 100.0
}

/// The rows a chart draws: their count or, for money, their amount.
fn chart(section: &Section, name: &str, last: u32) -> Chart {
    let mut chart = Chart::new(if section.kind.is_over_time() { ChartType::Line } else { ChartType::Bar });
    let column = if section.is_money() { 2 } else { 1 };
    chart.add_series().set_categories((name, FIRST, 0, last, 0)).set_values((name, FIRST, column, last, column));
    chart.title().set_name(&text::section_title(section.kind));
    chart.legend().set_hidden();
    chart
}

fn section_sheet(sheet: &mut Worksheet, index: usize, section: &Section) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let name = sheet_name(index, &text::section_title(section.kind));
    sheet.set_name(&name)?;
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(2, 16)?;
    sheet.write_string_with_format(0, 0, text::section_title(section.kind), &bold)?;
    for (col, head) in [(0, text::WHAT), (1, text::FIGURE), (2, text::AMOUNT)] {
        sheet.write_string_with_format(1, col, head, &bold)?;
    }
    let mut row = FIRST;
    for figure in &section.rows {
        sheet.write_string(row, 0, printable(&text::row_label(&figure.key)))?;
        sheet.write_number(row, 1, u32::try_from(figure.count).unwrap_or(u32::MAX))?;
        if let Some(amount) = figure.amount {
            sheet.write_number_with_format(row, 2, kroner(amount.ore()), &money)?;
        }
        row += 1;
    }
    for (at, note) in (row + 1..).zip(&section.notes) {
        sheet.write_string(at, 0, printable(&text::note(note)))?;
    }
    if !section.rows.is_empty() {
        sheet.insert_chart(1, 4, &chart(section, &name, row - 1))?;
    }
    Ok(())
}

/// The year's goals and their status: year, goal, status, a row each.
fn goals_sheet(sheet: &mut Worksheet, report: &Report) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    sheet.set_name(sheet_name(report.sections.len(), text::GOALS_TITLE))?;
    sheet.set_column_width(1, 50)?;
    sheet.set_column_width(2, 60)?;
    sheet.write_string_with_format(0, 0, text::GOALS_TITLE, &bold)?;
    for (col, head) in [(0, text::GOAL_YEAR), (1, text::F_GOAL), (2, text::F_STATUS)] {
        sheet.write_string_with_format(1, col, head, &bold)?;
    }
    for (row, goal) in (FIRST..).zip(&report.goals) {
        sheet.write_number(row, 0, goal.year)?;
        sheet.write_string_with_format(row, 1, clean(&goal.goal), &wrap)?;
        sheet.write_string_with_format(row, 2, clean(&goal.status), &wrap)?;
    }
    if report.goals.is_empty() {
        sheet.write_string(FIRST, 0, text::NO_GOALS)?;
    }
    Ok(())
}

/// A free text for a cell: its line breaks kept, any other control
/// character taken out.
fn clean(s: &str) -> String {
    s.lines().map(|l| printable(l).into_owned()).collect::<Vec<_>>().join("\n")
}

/// The workbook's bytes.
pub fn workbook(report: &Report, centre: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let heading = text::heading(centre, report.period, report.today, &report.profile_id);
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(printable(&heading)));
    for (index, section) in report.sections.iter().enumerate() {
        section_sheet(book.add_worksheet(), index, section)?;
    }
    goals_sheet(book.add_worksheet(), report)?;
    book.save_to_buffer()
}

/// The municipality's workbook: a sheet a section, the municipality's
/// figure beside each centre's (counts, or kroner for money) with the
/// municipality's notes below, and the centres' goals on the last sheet.
pub fn municipality_workbook(m: &MunicipalityReport) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let names: Vec<String> = m.centres.iter().map(|c| printable(&c.centre).into_owned()).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let heading = text::municipality_heading(m.period, m.today, &name_refs, &m.total.profile_id).join(" ");
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(printable(&heading)));
    let (bold, money) = (Format::new().set_bold(), Format::new().set_num_format("#,##0.00"));
    for (index, section) in m.total.sections.iter().enumerate() {
        let sheet = book.add_worksheet();
        let name = sheet_name(index, &text::section_title(section.kind));
        sheet.set_name(&name)?;
        sheet.set_column_width(0, 40)?;
        sheet.write_string_with_format(0, 0, text::section_title(section.kind), &bold)?;
        sheet.write_string_with_format(1, 0, text::WHAT, &bold)?;
        for (col, head) in (1..).zip(std::iter::once(text::MUNICIPALITY).chain(name_refs.iter().copied())) {
            sheet.set_column_width(col, 16)?;
            sheet.write_string_with_format(1, col, head, &bold)?;
        }
        let mut row = FIRST;
        for beside in m.beside(section) {
            sheet.write_string(row, 0, printable(&text::row_label(&beside.key)))?;
            for (col, figure) in (1..).zip(std::iter::once(&beside.total).chain(&beside.centres)) {
                match (section.is_money(), figure.amount) {
                    (true, Some(amount)) => sheet.write_number_with_format(row, col, kroner(amount.ore()), &money)?,
                    (true, None) => sheet,
                    (false, _) => sheet.write_number(row, col, u32::try_from(figure.count).unwrap_or(u32::MAX))?,
                };
            }
            row += 1;
        }
        for (at, note) in (row + 1..).zip(&section.notes) {
            sheet.write_string(at, 0, printable(&text::note(note)))?;
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(m.total.sections.len(), text::GOALS_TITLE))?;
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(2, 50)?;
    sheet.set_column_width(3, 60)?;
    sheet.write_string_with_format(0, 0, text::GOALS_TITLE, &bold)?;
    for (col, head) in [(0, text::CENTRE), (1, text::GOAL_YEAR), (2, text::F_GOAL), (3, text::F_STATUS)] {
        sheet.write_string_with_format(1, col, head, &bold)?;
    }
    let wrap = Format::new().set_text_wrap();
    let goals = m.centres.iter().flat_map(|c| c.report.goals.iter().map(move |g| (&c.centre, g)));
    for (row, (centre, goal)) in (FIRST..).zip(goals) {
        sheet.write_string(row, 0, printable(centre))?;
        sheet.write_number(row, 1, goal.year)?;
        sheet.write_string_with_format(row, 2, clean(&goal.goal), &wrap)?;
        sheet.write_string_with_format(row, 3, clean(&goal.status), &wrap)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_unique_short_and_clean() {
        assert_eq!(sheet_name(13, "Døgnophold: udgift pr. måned"), "14 Døgnophold- udgift pr. måned");
        assert!(sheet_name(0, &"x".repeat(40)).chars().count() <= 31);
        assert_eq!(sheet_name(2, "a/b[c]"), "03 a-b-c-");
    }
}

//! `sagsbord report --csv DIR`: one CSV file a section, for a committee's
//! or the finance office's own sheets (README: "Files from the report").
//!
//! RFC 4180: comma-separated, CRLF line ends, UTF-8, a header line, a
//! field quoted when it holds a comma, a quote or a line break. Numbers are
//! whole numbers (money in øre). A text that a spreadsheet would take for a
//! formula (starting with `=`, `+`, `-`, `@`) gets a leading `'`, so a
//! provider's name can never run as one.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use crate::domain::report::{Report, Row, Section};
use crate::store::files;
use crate::text::cli::printable;
use crate::text::report as text;

use super::super::Failure;

/// One field of a line.
pub enum Cell {
    Text(String),
    Number(i64),
    Empty,
}

impl Cell {
    fn field(&self) -> String {
        match self {
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
            Cell::Text(s) => {
                let s = printable(s);
                let guarded = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.into_owned() };
                if guarded.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", guarded.replace('"', "\"\""))
                } else {
                    guarded
                }
            }
        }
    }
}

/// A table: its header and its lines.
pub struct Table {
    pub header: &'static [&'static str],
    pub lines: Vec<Vec<Cell>>,
}

impl Table {
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        let header: Vec<Cell> = self.header.iter().map(|h| Cell::Text((*h).to_string())).collect();
        for line in std::iter::once(&header).chain(&self.lines) {
            let fields: Vec<String> = line.iter().map(Cell::field).collect();
            write!(w, "{}\r\n", fields.join(","))?;
        }
        Ok(())
    }
}

/// The columns of a section's file.
pub const SECTION_HEADER: &[&str] = &["key", "label", "count", "amount_ore", "cases"];
/// The columns of `notes.csv`.
pub const NOTES_HEADER: &[&str] = &["section", "note"];

fn row_line(row: &Row) -> Vec<Cell> {
    vec![
        Cell::Text(row.key.id()),
        Cell::Text(text::row_label(&row.key)),
        Cell::Number(i64::try_from(row.count).unwrap_or(i64::MAX)),
        row.amount.map_or(Cell::Empty, |a| Cell::Number(a.ore())),
        Cell::Text(row.cases.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")),
    ]
}

pub fn section_table(section: &Section) -> Table {
    Table { header: SECTION_HEADER, lines: section.rows.iter().map(row_line).collect() }
}

fn notes_table(report: &Report) -> Table {
    let lines = report
        .sections
        .iter()
        .flat_map(|s| s.notes.iter().map(move |n| vec![Cell::Text(s.kind.id()), Cell::Text(text::note(n))]))
        .collect();
    Table { header: NOTES_HEADER, lines }
}

/// The columns of `goals.csv`.
pub const GOALS_HEADER: &[&str] = &["year", "goal", "status"];

fn goals_table(report: &Report) -> Table {
    let lines = report
        .goals
        .iter()
        .map(|g| vec![Cell::Number(i64::from(g.year)), Cell::Text(g.goal.clone()), Cell::Text(g.status.clone())])
        .collect();
    Table { header: GOALS_HEADER, lines }
}

/// Every file of the report: `<section>.csv`, `notes.csv` and `goals.csv`.
pub fn tables(report: &Report) -> Vec<(String, Table)> {
    let mut tables: Vec<(String, Table)> =
        report.sections.iter().map(|s| (format!("{}.csv", s.kind.id()), section_table(s))).collect();
    tables.push(("notes.csv".into(), notes_table(report)));
    tables.push(("goals.csv".into(), goals_table(report)));
    tables
}

/// The folder the files go in: made (private) when it is missing, refused
/// when it is a link or not a folder. Checked before anything is read.
pub fn prepare_dir(dir: &Path) -> Result<(), Failure> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() || !meta.is_dir() => Err(Failure::Error(text::csv_not_a_folder(dir))),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::DirBuilder::new().mode(0o700).create(dir).map_err(|e| Failure::Error(text::csv_folder_failed(dir, &e)))
        }
        Err(e) => Err(Failure::Error(text::csv_folder_failed(dir, &e))),
    }
}

/// The paths the tables go to, every one checked before any is written:
/// without `force` an existing file stops them all.
pub fn check(dir: &Path, names: &[String], force: bool) -> Result<Vec<PathBuf>, Failure> {
    let paths: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
    for path in &paths {
        files::check_target(path, force)?;
    }
    Ok(paths)
}

/// Writes the tables into `dir`, each through the private-file writer.
pub fn write_all(dir: &Path, tables: &[(String, Table)], force: bool) -> Result<Vec<PathBuf>, Failure> {
    let names: Vec<String> = tables.iter().map(|(n, _)| n.clone()).collect();
    let paths = check(dir, &names, force)?;
    for (path, (_, table)) in paths.iter().zip(tables) {
        files::write_private(path, force, |w| table.write(w))?;
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: Vec<Cell>) -> String {
        let mut out = Vec::new();
        Table { header: &["a"], lines: vec![cells] }.write(&mut out).unwrap();
        String::from_utf8(out).unwrap().split("\r\n").nth(1).unwrap().to_string()
    }

    #[test]
    fn fields_are_quoted_and_formulas_disarmed() {
        assert_eq!(
            line(vec![Cell::Text("Hus, \"Nord\"".into()), Cell::Number(-5), Cell::Empty]),
            "\"Hus, \"\"Nord\"\"\",-5,"
        );
        assert_eq!(line(vec![Cell::Text("=SUM(A1)".into())]), "'=SUM(A1)");
        assert_eq!(line(vec![Cell::Text("@x,y".into())]), "\"'@x,y\"");
    }
}

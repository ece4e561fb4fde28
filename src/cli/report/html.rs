//! `sagsbord report --html FILE`: the report as one self-contained Danish
//! page for a committee. Nothing is fetched from anywhere (no script, no
//! style sheet, no font, no image but inline SVG); it prints on A4 with
//! each section on a page of its own, and reads the same in black and
//! white: the bars are black, and every figure is written beside its bar.

use std::fmt::Write;

use crate::domain::report::municipality::MunicipalityReport;
use crate::domain::report::{Report, Row, Section, YearGoal};
use crate::text::cli::printable;
use crate::text::report as text;

const STYLE: &str = "
@page { size: A4; margin: 18mm 16mm; }
body { font-family: sans-serif; color: #000; background: #fff; max-width: 46em; margin: 1em auto; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; border-bottom: 1px solid #000; padding-bottom: 0.1em; }
section { margin-top: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #999; padding: 0.15em 0.4em; text-align: left; vertical-align: middle; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; page-break-inside: avoid; }
p.note { margin: 0.4em 0; }
figure { margin: 0.6em 0; }
@media print {
  body { margin: 0; max-width: none; }
  section { break-before: page; page-break-before: always; margin-top: 0; }
}
";

/// Width in pixels of the longest bar beside a figure.
const BAR: i64 = 160;

/// Text made safe to stand in HTML, in an element or an attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in printable(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn value(r: &Row) -> i64 {
    r.amount.map_or(i64::try_from(r.count).unwrap_or(i64::MAX), |a| a.ore())
}

/// A black bar of `value` against `max`, drawn inline; a value above
/// nothing gets at least a pixel.
fn bar(value: i64, max: i64) -> String {
    let width = if value <= 0 || max <= 0 {
        0
    } else {
        (i128::from(value) * i128::from(BAR) / i128::from(max)).clamp(2, i128::from(BAR))
    };
    format!(
        "<svg width=\"{BAR}\" height=\"12\" viewBox=\"0 0 {BAR} 12\" aria-hidden=\"true\">\
         <rect x=\"0\" y=\"1\" width=\"{width}\" height=\"10\" fill=\"#000\"/></svg>"
    )
}

/// The months as standing bars with their figures above, for a section
/// that runs over time.
fn month_chart(section: &Section) -> String {
    let max = section.rows.iter().map(value).max().unwrap_or(0);
    let (w, h, step) = (600, 160, 50);
    let mut svg = format!(
        "<figure><svg width=\"{w}\" height=\"{}\" viewBox=\"0 0 {w} {}\" role=\"img\" aria-label=\"{}\">",
        h + 30,
        h + 30,
        escape(&text::section_title(section.kind))
    );
    let _ = write!(svg, "<line x1=\"0\" y1=\"{h}\" x2=\"{w}\" y2=\"{h}\" stroke=\"#000\"/>");
    for (i, row) in section.rows.iter().enumerate() {
        let x = i64::try_from(i).unwrap_or(0) * step + 8;
        let v = value(row);
        let height = if v <= 0 || max <= 0 {
            0
        } else {
            i64::try_from((i128::from(v) * 130 / i128::from(max)).clamp(1, 130)).unwrap_or(0)
        };
        let label = escape(&text::row_label(&row.key));
        let short: String = label.chars().take(3).collect();
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"34\" height=\"{height}\" fill=\"#000\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{short}</text>",
            h - height,
            x + 17,
            h + 14,
        );
    }
    svg.push_str("</svg></figure>");
    svg
}

fn section_html(out: &mut String, section: &Section) {
    let _ = write!(out, "<section>\n<h2>{}</h2>\n", escape(&text::section_title(section.kind)));
    if section.kind.is_over_time() && !section.rows.is_empty() {
        out.push_str(&month_chart(section));
    }
    if !section.rows.is_empty() {
        let money = section.is_money();
        let max = section.rows.iter().map(value).max().unwrap_or(0);
        let _ = write!(
            out,
            "<table>\n<thead><tr><th>{}</th><th class=\"n\">{}</th>{}<th></th></tr></thead>\n<tbody>\n",
            text::WHAT,
            text::FIGURE,
            if money { format!("<th class=\"n\">{}</th>", text::AMOUNT) } else { String::new() }
        );
        for row in &section.rows {
            let amount = match (money, row.amount) {
                (true, Some(a)) => format!("<td class=\"n\">{}</td>", a.format_number_dk()),
                (true, None) => "<td></td>".into(),
                (false, _) => String::new(),
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td>{amount}<td>{}</td></tr>",
                escape(&text::row_label(&row.key)),
                row.count,
                bar(value(row), max)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for note in &section.notes {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(&text::note(note)));
    }
    out.push_str("</section>\n");
}

/// The year's goals and their status, as written (line breaks kept).
fn goals_html(out: &mut String, report: &Report) {
    let _ = write!(out, "<section>\n<h2>{}</h2>\n", escape(text::GOALS_TITLE));
    goals_table(out, &report.goals);
    out.push_str("</section>\n");
}

fn goals_table(out: &mut String, goals: &[YearGoal]) {
    if goals.is_empty() {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(text::NO_GOALS));
        return;
    }
    let _ = writeln!(
        out,
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        text::GOAL_YEAR,
        text::F_GOAL,
        text::F_STATUS
    );
    let lines = |s: &str| s.lines().map(escape).collect::<Vec<_>>().join("<br>");
    for goal in goals {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            goal.year,
            lines(&goal.goal),
            lines(&goal.status)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A page's start: its title, its style and its header (`h1` and the
/// lines below it).
fn start(title: &str, h1: &str, lines: &[String]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape(title),
        escape(h1),
    );
    for line in lines {
        let _ = writeln!(out, "<p>{}</p>", escape(line));
    }
    out.push_str("</header>\n");
    out
}

/// The whole page.
pub fn page(report: &Report, centre: &str) -> String {
    let heading = text::heading(centre, report.period, report.today, &report.profile_id);
    let title = format!("{} {}", text::REPORT_TITLE, text::period(report.period));
    let mut out = start(&heading, &title, std::slice::from_ref(&heading));
    for section in &report.sections {
        section_html(&mut out, section);
    }
    goals_html(&mut out, report);
    out.push_str("</body>\n</html>\n");
    out
}

/// The municipality's page: each section a table of the municipality's
/// figure beside each centre's (counts, or kroner for money), the
/// municipality's notes below it, and every centre's goals at the end.
pub fn municipality_page(m: &MunicipalityReport) -> String {
    let names: Vec<String> = m.centres.iter().map(|c| printable(&c.centre).into_owned()).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let heading = text::municipality_heading(m.period, m.today, &name_refs, &m.total.profile_id);
    let mut out = start(&heading[0], &heading[0], &heading[1..]);
    let columns: String = std::iter::once(text::MUNICIPALITY)
        .chain(name_refs.iter().copied())
        .map(|c| format!("<th class=\"n\">{}</th>", escape(c)))
        .collect();
    for section in &m.total.sections {
        let _ = write!(out, "<section>\n<h2>{}</h2>\n", escape(&text::section_title(section.kind)));
        if !section.rows.is_empty() {
            let _ = writeln!(out, "<table>\n<thead><tr><th>{}</th>{columns}</tr></thead>\n<tbody>", text::WHAT);
            for beside in m.beside(section) {
                let cells: String = std::iter::once(&beside.total)
                    .chain(&beside.centres)
                    .map(|f| match (section.is_money(), f.amount) {
                        (true, Some(a)) => format!("<td class=\"n\">{}</td>", a.format_number_dk()),
                        (true, None) => "<td></td>".into(),
                        (false, _) => format!("<td class=\"n\">{}</td>", f.count),
                    })
                    .collect();
                let _ = writeln!(out, "<tr><td>{}</td>{cells}</tr>", escape(&text::row_label(&beside.key)));
            }
            out.push_str("</tbody>\n</table>\n");
        }
        for note in &section.notes {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(&text::note(note)));
        }
        out.push_str("</section>\n");
    }
    for centre in &m.centres {
        let _ = write!(out, "<section>\n<h2>{} · {}</h2>\n", escape(text::GOALS_TITLE), escape(&centre.centre));
        goals_table(&mut out, &centre.report.goals);
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_bars_scale() {
        assert_eq!(escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
        assert!(bar(5, 10).contains("width=\"80\""));
        assert!(bar(1, 1_000_000).contains("width=\"2\""));
        assert!(bar(0, 10).contains("width=\"0\""));
    }
}

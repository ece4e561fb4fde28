//! The intake pane: the day's queue, overdue first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::IntakePane;
use crate::app::Shell;
use crate::domain::dates::format_date_dk;
use crate::domain::intake::{ContactKind, Guarantee, QueueEntry, QueueFlag, Stage};
use crate::text;
use crate::ui::{Theme, fit, styled};

/// Column widths; the markers take what is left.
const W_CASE: usize = 5;
const W_NAME: usize = 17;
const W_STAGE: usize = 11;
const W_DEADLINE: usize = 10;
const W_DAYS: usize = 5;
const W_COUNSELLOR: usize = 8;

pub(super) fn draw(frame: &mut Frame, area: Rect, pane: &IntakePane, sh: &Shell, theme: &Theme) {
    let mut title = vec![Span::raw(format!(" {} · {} ", text::intake::QUEUE_TITLE, sh.centre.name))];
    if pane.only_mine {
        title.push(styled("[kun mine] ", theme.accent()));
    }
    if pane.searching || !pane.search.is_empty() {
        let cursor = if pane.searching { "▏" } else { "" };
        title.push(styled(format!("[{}{}{cursor}] ", text::intake::SEARCH_PROMPT, pane.search), theme.accent()));
    }
    let block = Block::default().borders(Borders::ALL).title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [header, columns, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(inner);

    frame.render_widget(Paragraph::new(summary(pane, sh, theme)), header);
    let flags_width =
        (inner.width as usize).saturating_sub(W_CASE + W_NAME + W_STAGE + W_DEADLINE + W_DAYS + W_COUNSELLOR + 8);
    let titles = format!(
        "  {:<W_CASE$} {:<W_NAME$} {:<W_STAGE$} {:<W_DEADLINE$} {:>W_DAYS$} {:<W_COUNSELLOR$} {}",
        text::intake::COL_CASE,
        text::intake::COL_NAME,
        text::intake::COL_STAGE,
        text::intake::COL_DEADLINE,
        text::intake::COL_DAYS,
        text::intake::COL_COUNSELLOR,
        text::intake::COL_FLAGS
    );
    frame.render_widget(Paragraph::new(Line::from(styled(titles, theme.bold()))), columns);

    let view = pane;
    if view.shown.is_empty() {
        let empty = if view.entries.is_empty() { text::intake::QUEUE_EMPTY } else { text::intake::QUEUE_NO_MATCH };
        frame.render_widget(Paragraph::new(styled(empty, theme.dim())), list);
        return;
    }
    // Only the rows that fit are built: the queue can be long.
    let rows = list.height as usize;
    let offset = view.selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = view
        .shown_entries()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, e)| row(e, i == view.selected, flags_width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn summary(pane: &IntakePane, sh: &Shell, theme: &Theme) -> Line<'static> {
    let entries = &pane.entries;
    let overdue = entries.iter().filter(|e| e.flags.contains(&QueueFlag::Overdue)).count();
    let today = entries.iter().filter(|e| e.flags.contains(&QueueFlag::DueToday)).count();
    let new = entries.iter().filter(|e| e.stage == Stage::New).count();
    let booked = entries.iter().filter(|e| e.stage == Stage::AwaitingVisitation).count();
    let mut spans = vec![
        Span::raw(format!(
            "{} · {} åbne · {new} nye · {booked} til visitation · ",
            format_date_dk(sh.today),
            entries.len()
        )),
        styled(format!("{overdue} overskredet"), if overdue > 0 { theme.danger() } else { theme.text() }),
        Span::raw(format!(" · {today} i dag")),
    ];
    if let Some(days) = sh.profile.intake.aim_start_within_days {
        spans.push(styled(format!(" · mål {days} dag"), theme.dim()));
    }
    Line::from(spans)
}

fn row(e: &QueueEntry, selected: bool, flags_width: usize, theme: &Theme) -> Line<'static> {
    let (deadline, days, urgency) = match &e.guarantee {
        Guarantee::Running { deadline, days_left, .. } => {
            let style = match days_left {
                d if *d < 0 => theme.danger(),
                0..=3 => theme.warning(),
                _ => theme.text(),
            };
            (format_date_dk(*deadline), days_left.to_string(), style)
        }
        _ => ("–".to_string(), String::new(), theme.text()),
    };
    let mut markers: Vec<&str> = e.flags.iter().map(|f| text::intake::flag(*f)).collect();
    match &e.guarantee {
        Guarantee::AwaitingClockStart => markers.insert(0, "VENTER SAMTYKKE"),
        Guarantee::NotApplicable => markers.insert(0, kind_marker(e)),
        _ => {}
    }
    let base = if selected { theme.selected() } else { Style::default() };
    let pointer = if selected { "› " } else { "  " };
    let name = fit(e.case.identity.display_name(), W_NAME);
    Line::from(vec![
        styled(
            format!(
                "{pointer}{:<W_CASE$} {name:<W_NAME$} {:<W_STAGE$} ",
                e.case.id,
                fit(text::intake::stage(e.stage), W_STAGE)
            ),
            base,
        ),
        styled(format!("{deadline:<W_DEADLINE$} {days:>W_DAYS$} "), base.patch(urgency)),
        styled(format!("{:<W_COUNSELLOR$} ", fit(&e.case.counsellor, W_COUNSELLOR)), base),
        styled(fit(&markers.join(", "), flags_width), base.patch(urgency)),
    ])
}

fn kind_marker(e: &QueueEntry) -> &'static str {
    if e.case.referred_young {
        return "HENVIST: UNDER ALDER";
    }
    match e.case.kind {
        ContactKind::Relative => "PÅRØRENDE",
        ContactKind::Anonymous => "ANONYM §101a",
        ContactKind::Professional => "SAMARBEJDSPARTNER",
        _ => "",
    }
}

//! The Underretninger pane: what is pending, oldest deadline first; one
//! notification with its whole history; a case's children.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{FamilyView, NotesDetail, NotesPane, NotificationView};
use crate::app::Shell;
use crate::domain::dates::format_date_dk;
use crate::domain::intake::{ChildrenAnswer, stage};
use crate::domain::notification::{
    BoardEntry, BoardFlag, BoardItem, Informed, Notification, Paragraph as Law, RECEIPT_WORKING_DAYS, State,
    children_question_due, draft_due, receipt_due,
};
use crate::text;
use crate::ui::{Theme, fit, styled};

/// Column widths; the markers take what is left.
const W_CASE: usize = 5;
const W_NR: usize = 3;
const W_NAME: usize = 11;
const W_WHAT: usize = 15;
const W_DUE: usize = 10;
const W_DAYS: usize = 4;
const W_COUNSELLOR: usize = 8;

pub(super) fn draw(frame: &mut Frame, area: Rect, pane: &NotesPane, sh: &Shell, theme: &Theme) {
    draw_board(frame, area, pane, sh, theme);
    match &pane.detail {
        Some(NotesDetail::Notification(view)) => draw_notification(frame, area, view, sh, theme),
        Some(NotesDetail::Family(view)) => draw_family(frame, area, view, sh, theme),
        None => {}
    }
}

fn draw_board(frame: &mut Frame, area: Rect, pane: &NotesPane, sh: &Shell, theme: &Theme) {
    let view = pane;
    let mut title = vec![Span::raw(format!(" {} · {} ", text::notifications::NOTES_TITLE, sh.centre.name))];
    if view.only_mine {
        title.push(styled("[kun mine] ", theme.accent()));
    }
    if view.show_finished {
        title.push(styled("[med afsluttede] ", theme.accent()));
    }
    let block = Block::default().borders(Borders::ALL).title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [summary_area, law, columns, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)])
            .areas(inner);
    frame.render_widget(Paragraph::new(summary(pane, sh, theme)), summary_area);
    frame.render_widget(
        Paragraph::new(styled(fit(text::notifications::LAW_LINE, inner.width as usize), theme.dim())),
        law,
    );

    // A wider terminal gives the names room first.
    let name_width = W_NAME + (inner.width as usize).saturating_sub(78).min(10);
    let used = 2 + W_CASE + W_NR + name_width + W_WHAT + W_DUE + W_DAYS + W_COUNSELLOR + 7;
    let flags_width = (inner.width as usize).saturating_sub(used);
    let titles = format!(
        "  {:<W_CASE$} {:<W_NR$} {:<name_width$} {:<W_WHAT$} {:<W_DUE$} {:>W_DAYS$} {:<W_COUNSELLOR$} {}",
        text::intake::COL_CASE,
        "Nr",
        text::intake::COL_NAME,
        text::notifications::COL_WHAT,
        text::notifications::COL_DUE,
        text::intake::COL_DAYS,
        text::intake::COL_COUNSELLOR,
        text::intake::COL_FLAGS
    );
    frame.render_widget(Paragraph::new(Line::from(styled(fit(&titles, inner.width as usize), theme.bold()))), columns);

    if view.entries.is_empty() {
        frame.render_widget(
            Paragraph::new(styled(text::notifications::NOTES_EMPTY, theme.dim())).wrap(Wrap { trim: true }),
            list,
        );
        return;
    }
    // Only the rows that fit are built.
    let rows = list.height as usize;
    let offset = view.selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = view
        .entries
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, e)| row(e, i == view.selected, name_width, flags_width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn summary(pane: &NotesPane, sh: &Shell, theme: &Theme) -> Line<'static> {
    let entries = &pane.entries;
    let count = |f: &dyn Fn(&BoardEntry) -> bool| entries.iter().filter(|e| f(e)).count();
    let state = |e: &BoardEntry| e.notification().map(Notification::state);
    let drafts = count(&|e| matches!(state(e), Some(State::Drafted | State::Informed)));
    let waiting = count(&|e| state(e) == Some(State::Sent));
    let children = count(&|e| e.notification().is_none());
    let overdue = count(&|e| e.flags.contains(&BoardFlag::Overdue));
    Line::from(vec![
        Span::raw(format!(
            "{} · {drafts} ikke sendt · {waiting} venter kvittering · {children} om børn · ",
            format_date_dk(sh.today)
        )),
        styled(format!("{overdue} overskredet"), if overdue > 0 { theme.danger() } else { theme.text() }),
    ])
}

/// What a line is, in the list's words.
fn what(e: &BoardEntry) -> String {
    match &e.item {
        BoardItem::Notification(n) => match (n.state(), n.informed.as_ref().map(|i| &i.informed)) {
            (State::Informed, Some(Informed::NotTold { .. })) => "Ej orienteret".into(),
            (State::Informed, _) => "Orienteret".into(),
            (State::Sent, _) => "Venter kvitt.".into(),
            (s, _) => text::notifications::state(s).into(),
        },
        BoardItem::ChildrenQuestion => text::notifications::WHAT_CHILDREN_QUESTION.into(),
        BoardItem::Consideration { .. } => text::notifications::WHAT_CONSIDERATION.into(),
    }
}

fn row(e: &BoardEntry, selected: bool, name_width: usize, flags_width: usize, theme: &Theme) -> Line<'static> {
    let urgency = match e.days_left {
        Some(d) if d < 0 => theme.danger(),
        Some(0..=1) => theme.warning(),
        _ => theme.text(),
    };
    let (due, days) = match (e.due, e.days_left) {
        (Some(due), Some(days)) => (format_date_dk(due), days.to_string()),
        _ => ("–".to_string(), String::new()),
    };
    let nr = e.notification().map(|n| n.id.to_string()).unwrap_or_default();
    let markers: Vec<&str> = e.flags.iter().map(|f| text::notifications::board_flag(*f)).collect();
    let base = if selected { theme.selected() } else { Style::default() };
    let pointer = if selected { "› " } else { "  " };
    Line::from(vec![
        styled(
            format!(
                "{pointer}{:<W_CASE$} {nr:>W_NR$} {:<name_width$} {:<W_WHAT$} ",
                e.case_id,
                fit(&e.name, name_width),
                fit(&what(e), W_WHAT)
            ),
            base,
        ),
        styled(format!("{due:<W_DUE$} {days:>W_DAYS$} "), base.patch(urgency)),
        styled(format!("{:<W_COUNSELLOR$} ", fit(&e.counsellor, W_COUNSELLOR)), base),
        styled(fit(&markers.join(", "), flags_width), base.patch(urgency)),
    ])
}

fn stamp_text(by: &str, at: &str) -> String {
    format!("{by} {}", at.replace('T', " ").trim_end_matches('Z'))
}

fn days_text(days: i64) -> String {
    match days {
        d if d < 0 => format!("OVERSKREDET {}", text::days(-d)),
        0 => "FRIST I DAG".to_string(),
        d => format!("om {}", text::days(d)),
    }
}

fn draw_notification(frame: &mut Frame, area: Rect, view: &NotificationView, sh: &Shell, theme: &Theme) {
    let n = &view.notification;
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(format!(
        " {} {} · sag {} · {} · {} ",
        text::notifications::NOTIFICATION_TITLE,
        n.id,
        view.case.id,
        view.case.identity.display_name(),
        text::notifications::state(n.state())
    ));
    let c = &n.content;
    let mut lines = vec![Line::from(styled(text::notifications::duty(c.duty), theme.bold()))];
    let grounds: Vec<&str> = c.grounds.iter().map(|g| text::notifications::ground(*g)).collect();
    lines.push(Line::from(format!("Grunde: {}", grounds.join("; "))));
    let children: Vec<String> = c
        .children
        .iter()
        .map(|id| {
            view.children
                .iter()
                .find(|k| k.id == *id)
                .map(text::notifications::child_label)
                .unwrap_or(format!("barn {id}"))
        })
        .collect();
    lines.push(Line::from(format!("Børn: {}", children.join("; "))));
    lines.push(Line::from(format!("Modtager: {} · rådgiver {}", c.municipality, view.case.counsellor)));
    lines.push(Line::from(format!("Beskrivelse: {}", c.description)));
    if let Some(other) = n.corrects {
        lines.push(Line::from(styled(format!("RETTELSE til underretning {other}"), theme.accent())));
    }
    if !view.corrections.is_empty() {
        let ids: Vec<String> = view.corrections.iter().map(|i| i.to_string()).collect();
        lines.push(Line::from(styled(format!("RETTET ved underretning {}", ids.join(", ")), theme.accent())));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(styled(text::intake::HISTORY, theme.bold())));
    let step = |on, what: String, by: &str, at: &str| {
        Line::from(format!("  {}  {what}  · {}", format_date_dk(on), stamp_text(by, at)))
    };
    lines.push(step(n.drafted.on, "Kladde".into(), &n.drafted.stamp.by, &n.drafted.stamp.at));
    if let Some(i) = &n.informed {
        let what = match &i.informed {
            Informed::Told { how } => {
                format!("Borgeren orienteret: {}", text::notifications::inform_how(*how).to_lowercase())
            }
            Informed::NotTold { reason } => format!("IKKE ORIENTERET af hensyn til barnet: {reason}"),
        };
        lines.push(step(i.on, what, &i.stamp.by, &i.stamp.at));
    }
    if let Some(s) = &n.sent {
        lines.push(step(
            s.on,
            format!("Sendt: {}", text::notifications::send_how(s.how).to_lowercase()),
            &s.stamp.by,
            &s.stamp.at,
        ));
    }
    if let Some(r) = &n.receipt {
        lines.push(step(r.on, "Kvittering modtaget".into(), &r.stamp.by, &r.stamp.at));
    }
    for l in &n.later {
        let what = format!("Orientering, {}: {}", text::notifications::paragraphs(Law::LATER_INFORMATION), l.text);
        lines.push(step(l.on, what, &l.stamp.by, &l.stamp.at));
    }
    if let Some(d) = &n.discarded {
        lines.push(step(d.on, format!("Kasseret: {}", d.reason), &d.stamp.by, &d.stamp.at));
    }
    // What is waited for, and until when.
    let waiting = if let Some(due) = receipt_due(n) {
        let days = crate::domain::dates::days_between(sh.today, due);
        Some((
            format!(
                "Kvittering senest {} ({RECEIPT_WORKING_DAYS} hverdage, {}): {}",
                format_date_dk(due),
                text::notifications::paragraphs(Law::HANDLING),
                days_text(days)
            ),
            days,
        ))
    } else {
        draft_due(n, &sh.profile.notification).map(|due| {
            let days = crate::domain::dates::days_between(sh.today, due);
            let next = if n.informed.is_some() { "send den (s)" } else { "orientér borgeren (i)" };
            (format!("Sendes senest {}: {}; næste: {next}", format_date_dk(due), days_text(days)), days)
        })
    };
    if let Some((s, days)) = waiting {
        lines.push(Line::from(""));
        let style = if days < 0 {
            theme.danger()
        } else if days <= 1 {
            theme.warning()
        } else {
            theme.text()
        };
        lines.push(Line::from(styled(s, style)));
    }
    if n.is_sent() {
        lines.push(Line::from(styled(text::notifications::SENT_IS_FROZEN, theme.dim())));
    }
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

fn draw_family(frame: &mut Frame, area: Rect, view: &FamilyView, sh: &Shell, theme: &Theme) {
    let case = &view.case;
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(format!(
        " {} · sag {} · {} · {} ",
        text::notifications::FAMILY_TITLE,
        case.id,
        case.identity.display_name(),
        text::intake::stage(stage(case))
    ));
    let mut lines = Vec::new();
    let mut question = vec![Span::raw(format!("Spørgsmålet om børn: {}", text::intake::children(case.children)))];
    if case.children == ChildrenAnswer::NotAsked {
        let marker = if children_question_due(case).is_some() { " [IKKE SPURGT: s svarer]" } else { " [s svarer]" };
        question.push(styled(marker, theme.warning()));
    }
    lines.push(Line::from(question));
    let last = view.considerations.last();
    let mut consider = vec![Span::raw(match last {
        Some(c) => format!("Seneste overvejelse: {} ({})", format_date_dk(c.on), c.stamp.by),
        None => "Seneste overvejelse: ingen registreret".to_string(),
    })];
    // A drafted notification is a consideration too: say so when it is the latest.
    let drafted = view.notifications.iter().map(|n| n.drafted.on).max();
    if let Some(on) = drafted.filter(|d| last.is_none_or(|c| *d > c.on)) {
        consider.push(Span::raw(format!(" · underretning {} tæller", format_date_dk(on))));
    }
    if let Some(due) = view.consideration_due {
        let days = crate::domain::dates::days_between(sh.today, due);
        let style = if days < 0 { theme.danger() } else { theme.text() };
        consider.push(styled(format!(" · næste senest {}: {}", format_date_dk(due), days_text(days)), style));
    }
    lines.push(Line::from(consider));
    lines.push(Line::from(""));
    lines.push(Line::from(styled("Børn", theme.bold())));
    if view.children.is_empty() {
        lines.push(Line::from(styled("  Ingen registreret. b tilføjer et barn eller en graviditet.", theme.dim())));
    }
    for (i, c) in view.children.iter().enumerate() {
        let selected = i == view.selected;
        let pointer = if selected { "› " } else { "  " };
        let mut s = format!(
            "{pointer}{} · noteret {} ({})",
            text::notifications::child_label(c),
            format_date_dk(c.noted_on),
            c.stamp.by
        );
        if let Some(e) = &c.ended {
            s.push_str(&format!(": {}", e.reason));
        }
        let style = if selected {
            theme.selected()
        } else if c.is_current(sh.today) {
            theme.text()
        } else {
            theme.dim()
        };
        lines.push(Line::from(styled(s, style)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(styled("Underretninger", theme.bold())));
    if view.notifications.is_empty() {
        lines.push(Line::from(styled("  Ingen. n laver en ny.", theme.dim())));
    }
    for n in &view.notifications {
        let mut s = format!(
            "  {} {} · {} · {}",
            n.id,
            format_date_dk(n.drafted.on),
            text::notifications::duty_short(n.content.duty),
            text::notifications::state(n.state())
        );
        if let Some(due) = receipt_due(n).or_else(|| draft_due(n, &sh.profile.notification)) {
            s.push_str(&format!(" · frist {}", format_date_dk(due)));
        }
        lines.push(Line::from(s));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(styled("Overvejelser", theme.bold())));
    if view.considerations.is_empty() {
        lines.push(Line::from(styled("  Ingen. v registrerer en.", theme.dim())));
    }
    for c in view.considerations.iter().rev() {
        lines.push(Line::from(format!("  {} {}: {}", format_date_dk(c.on), c.stamp.by, c.note)));
    }
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

//! One notification drawn over the board: the law, the content, the
//! history, and what is waited for, scrolled when longer than the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use super::NotificationView;
use crate::app::Shell;
use crate::domain::dates::{days_between, format_date_dk};
use crate::domain::notification::{Informed, RECEIPT_WORKING_DAYS, draft_due, receipt_due};
use crate::text;
use crate::ui::widgets::scroll_view;
use crate::ui::{Theme, styled};

fn block(view: &NotificationView) -> Block<'static> {
    let n = &view.notification;
    Block::default().borders(Borders::ALL).title(format!(
        " {} {} · sag {} · {} · {} ",
        text::notifications::NOTIFICATION_TITLE,
        n.id,
        view.case.id,
        view.case.identity.display_name(),
        text::notifications::state(n.state())
    ))
}

pub(in crate::panes::notifications) fn draw(
    frame: &mut Frame,
    area: Rect,
    view: &NotificationView,
    sh: &Shell,
    theme: &Theme,
) {
    scroll_view(frame, area, block(view), lines(view, sh, theme), &view.scroll);
}

/// A step of the history: its day, what happened, who recorded it and when.
fn step(on: chrono::NaiveDate, what: String, by: &str, at: &str) -> Line<'static> {
    Line::from(format!("  {}  {what}  · {by} {}", format_date_dk(on), text::time::stamp(at)))
}

fn lines(view: &NotificationView, sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    let n = &view.notification;
    let c = &n.content;
    let mut lines = vec![Line::from(styled(text::notifications::duty(c.duty), theme.bold()))];
    let grounds: Vec<&str> = c.grounds.iter().map(|g| text::notifications::ground(*g)).collect();
    lines.push(Line::from(text::notifications::grounds_line(&grounds)));
    let children: Vec<String> = c
        .children
        .iter()
        .map(|id| match view.children.iter().find(|k| k.id == *id) {
            Some(child) => text::notifications::child_label(child),
            None => text::notifications::unknown_child(*id),
        })
        .collect();
    lines.push(Line::from(text::notifications::children_line(&children)));
    lines.push(Line::from(text::notifications::recipient_line(&c.municipality, &view.case.counsellor)));
    lines.push(Line::from(text::notifications::description_line(&c.description)));
    if let Some(other) = n.corrects {
        lines.push(Line::from(styled(text::notifications::correction_of(other), theme.accent())));
    }
    if !view.corrections.is_empty() {
        let ids: Vec<String> = view.corrections.iter().map(|i| i.to_string()).collect();
        lines.push(Line::from(styled(text::notifications::corrected_by(&ids), theme.accent())));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(styled(text::intake::HISTORY, theme.bold())));
    let drafted = &n.drafted;
    lines.push(step(drafted.on, text::notifications::STEP_DRAFTED.into(), &drafted.stamp.by, &drafted.stamp.at));
    if let Some(i) = &n.informed {
        let what = match &i.informed {
            Informed::Told { how } => text::notifications::step_told(*how),
            Informed::NotTold { reason } => text::notifications::step_not_told(reason),
        };
        lines.push(step(i.on, what, &i.stamp.by, &i.stamp.at));
    }
    if let Some(s) = &n.sent {
        lines.push(step(s.on, text::notifications::step_sent(s.how), &s.stamp.by, &s.stamp.at));
    }
    if let Some(r) = &n.receipt {
        lines.push(step(r.on, text::notifications::STEP_RECEIPT.into(), &r.stamp.by, &r.stamp.at));
    }
    for l in &n.later {
        lines.push(step(l.on, text::notifications::step_later_info(&l.text), &l.stamp.by, &l.stamp.at));
    }
    if let Some(d) = &n.discarded {
        lines.push(step(d.on, text::notifications::step_discarded(&d.reason), &d.stamp.by, &d.stamp.at));
    }
    // What is waited for, and until when; the colour repeats the words.
    let waiting = match receipt_due(n) {
        Some(due) => {
            let days = days_between(sh.today, due);
            Some((text::notifications::receipt_due_line(due, RECEIPT_WORKING_DAYS, days), days))
        }
        None => draft_due(n, &sh.profile.notification).map(|due| {
            let days = days_between(sh.today, due);
            (text::notifications::send_by_line(due, days, n.informed.is_some()), days)
        }),
    };
    if let Some((line, days)) = waiting {
        let style = match days {
            d if d < 0 => theme.danger(),
            0..=1 => theme.warning(),
            _ => theme.text(),
        };
        lines.push(Line::from(""));
        lines.push(Line::from(styled(line, style)));
    }
    if n.is_sent() {
        lines.push(Line::from(styled(text::notifications::SENT_IS_FROZEN, theme.dim())));
    }
    lines
}

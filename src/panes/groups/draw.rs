//! The Grupper pane: the group list (today's sessions first, the anonymous
//! group apart), one group, the roll call, the MOVE courses with each
//! session's card, and the gift-card ledger with its reconciliation. Every
//! state has a text marker; colour only repeats it. Only the rows that fit
//! are built.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{GroupsPane, GroupsScreen, line_state};
use crate::app::Shell;
use crate::domain::dates::{format_date_dk, format_time};
use crate::domain::group::Ore;
use crate::domain::group::course::{CardStatus, SessionSource};
use crate::domain::group::groups::SessionState;
use crate::domain::group::ledger::LedgerEntryKind;
use crate::domain::group::move_cards::{Attendance, Phase};
use crate::domain::group::roll_call::LineCard;
use crate::text;
use crate::ui::{Theme, fit, styled};

pub(super) fn draw(frame: &mut Frame, area: Rect, pane: &GroupsPane, sh: &Shell, theme: &Theme) {
    frame.render_widget(Clear, area);
    match pane.top() {
        GroupsScreen::List => draw_list(frame, area, pane, sh, theme),
        GroupsScreen::Group => draw_group(frame, area, pane, sh, theme),
        GroupsScreen::RollCall => draw_roll_call(frame, area, pane, sh, theme),
        GroupsScreen::Courses => draw_courses(frame, area, pane, sh, theme),
        GroupsScreen::Course => draw_course(frame, area, pane, sh, theme),
        GroupsScreen::Ledger => draw_ledger(frame, area, pane, theme),
    }
}

/// A bordered block with a title; returns the inner area.
fn frame_block(frame: &mut Frame, area: Rect, title: String) -> Rect {
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// The first row of a list of `len` rows shown in `rows` rows, keeping
/// `selected` in view.
fn offset(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

fn pointer(selected: bool) -> &'static str {
    if selected { "› " } else { "  " }
}

fn base(selected: bool, theme: &Theme) -> Style {
    if selected { theme.selected() } else { Style::default() }
}

// ---------------------------------------------------------------------------
// The group list
// ---------------------------------------------------------------------------

const W_GROUP: usize = 20;
const W_KIND: usize = 15;
const W_MEETS: usize = 9;
const W_MEMBERS: usize = 4;

fn draw_list(frame: &mut Frame, area: Rect, pane: &GroupsPane, sh: &Shell, theme: &Theme) {
    let inner = frame_block(frame, area, format!(" {} · {} ", text::groups::LIST_TITLE, sh.centre.name));
    let [header, columns, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let view = pane;
    let meeting = view.lines.iter().filter(|l| l.today.is_some()).count();
    let c = view.cards;
    let mut spans =
        vec![Span::raw(format!("{} · {meeting} mødes i dag · {} kort på lager", format_date_dk(sh.today), c.on_hand))];
    if c.owed > 0 {
        spans.push(styled(format!(" · {} SKYLDIGT", c.owed), theme.warning()));
    }
    if c.to_resolve > 0 {
        spans.push(styled(format!(" · {} AFKLARES", c.to_resolve), theme.danger()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), header);
    let titles = format!(
        "  {:<W_GROUP$} {:<W_KIND$} {:<W_MEETS$} {:>W_MEMBERS$}  {}",
        text::groups::COL_GROUP,
        text::groups::COL_KIND,
        text::groups::COL_MEETS,
        text::groups::COL_MEMBERS,
        text::groups::COL_TODAY
    );
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    if view.lines.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::groups::NO_GROUPS, theme.dim())), list);
        return;
    }
    // Display rows: the groups, with one separator line before the
    // anonymous group(s), which are kept apart.
    let mut rows: Vec<Option<usize>> = Vec::new();
    for (i, l) in view.lines.iter().enumerate() {
        if l.group.kind.is_anonymous() && (i == 0 || !view.lines[i - 1].group.kind.is_anonymous()) {
            rows.push(None);
        }
        rows.push(Some(i));
    }
    let at = rows.iter().position(|r| *r == Some(view.selected)).unwrap_or(0);
    let height = list.height as usize;
    let lines: Vec<Line> = rows
        .iter()
        .skip(offset(at, height))
        .take(height)
        .map(|r| match r {
            None => Line::from(styled(format!("  ── {} ──", text::groups::ANONYMOUS_APART), theme.dim())),
            Some(i) => group_row(pane, *i, theme),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn group_row(pane: &GroupsPane, i: usize, theme: &Theme) -> Line<'static> {
    let l = &pane.lines[i];
    let selected = i == pane.selected;
    let b = base(selected, theme);
    let s = &l.group.schedule;
    let meets = format!("{} {}", text::groups::weekday_short(s.weekday), format_time(s.time));
    // The time is the schedule's, in the column before, unless today's
    // session was moved to another hour.
    let at = |t: &crate::store::SessionLine| {
        if t.session.time == s.time { String::new() } else { format!(" {}", format_time(t.session.time)) }
    };
    let (when, style) = match (&l.today, &l.next) {
        (Some(t), _) if t.marks.is_held() => (
            format!("{}{}: {} AF {} MØDT", text::groups::TODAY_MARK, at(t), t.marks.attended, t.marks.total()),
            theme.good(),
        ),
        (Some(t), _) => {
            (format!("{}{}: {}", text::groups::TODAY_MARK, at(t), text::groups::ROLL_MISSING), theme.warning())
        }
        (None, Some(next)) => (format!("næste {}", format_date_dk(next.date)), theme.text()),
        (None, None) => ("ingen planlagt".to_string(), theme.dim()),
    };
    Line::from(vec![
        styled(
            format!(
                "{}{:<W_GROUP$} {:<W_KIND$} {:<W_MEETS$} {:>W_MEMBERS$}  ",
                pointer(selected),
                fit(&l.group.name, W_GROUP),
                fit(text::groups::group_kind_short(l.group.kind), W_KIND),
                meets,
                l.members
            ),
            b,
        ),
        styled(when, b.patch(style)),
    ])
}

// ---------------------------------------------------------------------------
// One group
// ---------------------------------------------------------------------------

fn draw_group(frame: &mut Frame, area: Rect, pane: &GroupsPane, sh: &Shell, theme: &Theme) {
    let Some(state) = &pane.group else { return };
    let d = &state.detail;
    let g = &d.group;
    let inner = frame_block(frame, area, format!(" {} · {} ", g.name, text::groups::group_kind(g.kind)));
    let s = &g.schedule;
    let current: Vec<String> = d
        .members
        .iter()
        .filter(|m| m.member.left_on.is_none_or(|left| left >= sh.today))
        .map(|m| if g.kind.is_anonymous() { m.name.clone() } else { format!("{} ({})", m.name, m.member.case_id) })
        .collect();
    let members = if current.is_empty() { text::groups::NO_MEMBERS.to_string() } else { current.join(", ") };
    let mut head = vec![
        Line::from(format!(
            "Mødes {} kl. {} · {} · rådgivere: {}",
            text::groups::weekday(s.weekday),
            format_time(s.time),
            s.place,
            s.counsellors.join(", ")
        )),
        Line::from(format!("Deltagere ({}): {members}", current.len())),
    ];
    if g.kind.is_anonymous() {
        head.push(Line::from(styled("Anonym behandling (§101a): kun pseudonymer, holdes adskilt.", theme.accent())));
    }
    // The member line may wrap over up to three rows.
    let width = inner.width.max(1) as usize;
    let member_rows = (head[1].width().div_ceil(width)).clamp(1, 3) as u16;
    let head_rows = 1 + member_rows + u16::from(g.kind.is_anonymous());
    let [top, columns, list] =
        Layout::vertical([Constraint::Length(head_rows), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(head).wrap(ratatui::widgets::Wrap { trim: true }), top);
    let titles = format!("  {:<20} {:<5}  {:<14} {}", text::groups::COL_DATE, "Kl.", "Sted", text::groups::COL_STATUS);
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    if d.sessions.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::groups::NO_SESSIONS, theme.dim())), list);
        return;
    }
    let height = list.height as usize;
    let lines: Vec<Line> = d
        .sessions
        .iter()
        .enumerate()
        .skip(offset(state.selected, height))
        .take(height)
        .map(|(i, line)| {
            let selected = i == state.selected;
            let b = base(selected, theme);
            let se = &line.session;
            let state = line_state(line, sh.today);
            let (status, style) = match state {
                SessionState::Cancelled => {
                    (format!("AFLYST: {}", se.cancelled.as_ref().map(|c| c.reason.as_str()).unwrap_or("")), theme.dim())
                }
                SessionState::Held => {
                    let m = line.marks;
                    (format!("{} mødt · {} afbud · {} udeblevet", m.attended, m.cancelled, m.no_show), theme.text())
                }
                SessionState::RollCallMissing => (text::groups::session_state(state).to_string(), theme.warning()),
                SessionState::Planned => (text::groups::session_state(state).to_string(), theme.text()),
            };
            let mut status = status;
            if let Some(m) = &se.moved {
                status = format!("FLYTTET fra {}: {} · {status}", format_date_dk(m.from), m.reason);
            }
            let today = if se.date == sh.today { " I DAG" } else { "" };
            Line::from(vec![
                styled(
                    format!(
                        "{}{} {}{today:<6} {:<5}  {:<14} ",
                        pointer(selected),
                        text::groups::weekday_short(se.date.weekday()),
                        format_date_dk(se.date),
                        format_time(se.time),
                        fit(&se.place, 14)
                    ),
                    b,
                ),
                styled(status, b.patch(style)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

// ---------------------------------------------------------------------------
// The roll call
// ---------------------------------------------------------------------------

const W_NAME: usize = 20;
const W_CASE: usize = 5;
const W_MARK: usize = 10;

fn draw_roll_call(frame: &mut Frame, area: Rect, pane: &GroupsPane, sh: &Shell, theme: &Theme) {
    let Some(roll) = &pane.roll else { return };
    let g = &roll.data.group;
    let se = &roll.data.session;
    let inner = frame_block(
        frame,
        area,
        format!(
            " {} · {} · {} {} kl. {} · {} ",
            text::groups::ROLL_TITLE,
            g.name,
            text::groups::weekday_short(se.date.weekday()),
            format_date_dk(se.date),
            format_time(se.time),
            se.place
        ),
    );
    let [header, columns, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let earned = roll.previews.iter().filter(|p| matches!(p.card, LineCard::Earned { .. })).count();
    let header_line = match &roll.banner {
        Some(b) => Line::from(styled(b.clone(), theme.danger())),
        None => {
            let mut spans = vec![Span::raw(format!("{} deltagere · {} markeret", roll.marks.len(), roll.marked()))];
            if g.kind.counts_for_move() {
                spans.push(Span::raw(format!(" · {earned} kort optjent · {} på lager", roll.ledger.on_hand().len())));
            }
            if roll.is_dirty() {
                spans.push(styled(" · IKKE GEMT", theme.warning()));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(header_line), header);
    // §101a: pseudonyms only, so not even the case number on the line.
    let anonymous = g.kind.is_anonymous();
    let case_col = if anonymous { String::new() } else { format!("{:<W_CASE$} ", text::intake::COL_CASE) };
    let card_col = if g.kind.counts_for_move() { text::groups::COL_MOVE } else { "" };
    let titles =
        format!("  {:<W_NAME$} {case_col}{:<W_MARK$} {card_col}", text::groups::COL_MEMBER, text::groups::COL_MARK);
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    if roll.data.lines.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::groups::ROLL_EMPTY, theme.dim())), list);
        return;
    }
    // Each member is one row, plus a row under it for its problem.
    let mut rows: Vec<(usize, bool)> = Vec::new();
    for i in 0..roll.data.lines.len() {
        rows.push((i, false));
        if roll.errors[i].is_some() {
            rows.push((i, true));
        }
    }
    let at = rows.iter().position(|r| *r == (roll.selected, false)).unwrap_or(0);
    let height = list.height as usize;
    let card_width =
        (list.width as usize).saturating_sub(2 + W_NAME + 1 + W_MARK + 1 + if anonymous { 0 } else { W_CASE + 1 });
    let lines: Vec<Line> = rows
        .iter()
        .skip(offset(at + usize::from(roll.errors[roll.selected].is_some()), height))
        .take(height)
        .map(|&(i, error_row)| {
            if error_row {
                let e = roll.errors[i].clone().unwrap_or_default();
                return Line::from(styled(format!("    ! {e}"), theme.danger()));
            }
            let selected = i == roll.selected;
            let b = base(selected, theme);
            let (member, name) = &roll.data.lines[i];
            let mark = roll.marks[i];
            let mark_style = match mark {
                Some(Attendance::Attended) => theme.good(),
                Some(Attendance::NoShow) => theme.danger(),
                _ => theme.text(),
            };
            let changed = member.stored.is_some_and(|(_, a)| Some(a) != mark);
            let mark_text =
                if changed { format!("{}*", text::groups::mark(mark)) } else { text::groups::mark(mark).to_string() };
            let case = if anonymous { String::new() } else { format!("{:<W_CASE$} ", member.case_id) };
            let (card, card_style) = line_card(roll, i, selected, sh, theme);
            Line::from(vec![
                styled(format!("{}{:<W_NAME$} {case}", pointer(selected), fit(name, W_NAME)), b),
                styled(format!("{mark_text:<W_MARK$} "), b.patch(mark_style)),
                styled(fit(&card, card_width), b.patch(card_style)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// The MOVE column of a roll-call line: the card the mark earns (and its
/// serial), or why the session earns none.
fn line_card(roll: &super::RollCallState, i: usize, selected: bool, sh: &Shell, theme: &Theme) -> (String, Style) {
    let settings = &sh.profile.move_cards;
    let p = &roll.previews[i];
    let mut extra = String::new();
    if p.newly_flagged > 0 {
        extra = format!(" · {} ANDET KORT AFKLARES", p.newly_flagged);
    }
    let (s, style) = match &p.card {
        LineCard::NoCourse => {
            if roll.data.group.kind.counts_for_move() {
                ("intet MOVE-forløb".to_string(), theme.dim())
            } else {
                (String::new(), theme.text())
            }
        }
        LineCard::NoCard(o) if roll.marks[i].is_none() => {
            let _ = o;
            (String::new(), theme.text())
        }
        LineCard::NoCard(o) => (text::groups::outcome(*o, settings), theme.dim()),
        LineCard::Earned { card_number } => match (&roll.editing, &roll.serials[i]) {
            (Some(typed), _) if selected => {
                (format!("KORT {card_number} · {}{typed}▏", text::groups::SERIAL_PROMPT), theme.accent())
            }
            (_, Some(serial)) => (format!("KORT {card_number}: {serial} UDLEVERES"), theme.good()),
            _ => (format!("KORT {card_number} OPTJENT · s: serienr."), theme.warning()),
        },
        LineCard::HandedOut { card_number, serial } => {
            (format!("kort {card_number} udleveret: {serial}"), theme.good())
        }
        LineCard::ToResolve { serial } => (format!("IKKE OPTJENT: {serial} AFKLARES"), theme.danger()),
    };
    (format!("{s}{extra}"), style)
}

// ---------------------------------------------------------------------------
// MOVE courses
// ---------------------------------------------------------------------------

fn draw_courses(frame: &mut Frame, area: Rect, pane: &GroupsPane, sh: &Shell, theme: &Theme) {
    let inner = frame_block(frame, area, format!(" {} ", text::groups::COURSES_TITLE));
    let [header, columns, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let courses = &pane.courses;
    let open = courses.iter().filter(|c| c.course.is_open()).count();
    let earned: u32 = courses.iter().map(|c| c.cards.cards_earned).sum();
    let handed: u32 = courses.iter().map(|c| c.cards.handed_out).sum();
    let mut spans =
        vec![Span::raw(format!("{} forløb · {open} åbne · kort: {earned} optjent, {handed} udleveret", courses.len()))];
    let cards = pane.cards;
    if cards.owed > 0 {
        spans.push(styled(format!(" · {} SKYLDIGT", cards.owed), theme.warning()));
    }
    if cards.to_resolve > 0 {
        spans.push(styled(format!(" · {} AFKLARES", cards.to_resolve), theme.danger()));
    }
    if !sh.profile.move_cards.enabled {
        spans = vec![styled(text::groups::CARDS_OFF, theme.warning())];
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), header);
    let titles = format!(
        "  {:<18} {:<4} {:<11} {:>4} {:>4} {:>6} {:>8}  {}",
        text::groups::COL_CITIZEN,
        text::intake::COL_CASE,
        text::groups::COL_PHASE,
        "Kort",
        "Udl.",
        "Mulige",
        "Kr.",
        "Markering"
    );
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    if courses.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::groups::NO_COURSES, theme.dim())), list);
        return;
    }
    let height = list.height as usize;
    let sel = pane.course_selected;
    let lines: Vec<Line> = courses
        .iter()
        .enumerate()
        .skip(offset(sel, height))
        .take(height)
        .map(|(i, c)| {
            let selected = i == sel;
            let b = base(selected, theme);
            let phase = if c.course.ended.is_some() {
                "afsluttet".to_string()
            } else if c.course.follow_up_from.is_some_and(|f| f <= sh.today) {
                text::groups::phase(Phase::FollowUp).to_string()
            } else {
                text::groups::phase(Phase::Main).to_string()
            };
            let k = &c.cards;
            let mut flags = Vec::new();
            let mut style = theme.text();
            if k.not_handed_out() > 0 {
                flags.push(format!("{} SKYLDIGT", k.not_handed_out()));
                style = theme.warning();
            }
            if k.to_resolve() > 0 {
                flags.push(format!("{} AFKLARES", k.to_resolve()));
                style = theme.danger();
            }
            Line::from(vec![
                styled(
                    format!(
                        "{}{:<18} {:<4} {:<11} {:>4} {:>4} {:>6} {:>8}  ",
                        pointer(selected),
                        fit(&c.name, 18),
                        c.course.case_id,
                        phase,
                        k.cards_earned,
                        k.handed_out,
                        k.cards_still_possible,
                        k.money_earned.format_number_dk()
                    ),
                    b,
                ),
                styled(flags.join(" · "), b.patch(style)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn draw_course(frame: &mut Frame, area: Rect, pane: &GroupsPane, sh: &Shell, theme: &Theme) {
    let Some(state) = &pane.course else { return };
    let settings = &sh.profile.move_cards;
    let course = &state.data.course;
    let cards = &state.cards;
    let name = state.data.case.identity.display_name();
    let inner = frame_block(frame, area, format!(" {} · {name} · sag {} ", text::groups::COURSE_TITLE, course.case_id));
    let mut head = Vec::new();
    let mut phase = format!(
        "Screening {} · hovedforløb: {} af {} pladser brugt",
        format_date_dk(course.screening_on),
        cards.window_places_used,
        settings.window_sessions
    );
    if let (Some(from), Some(until)) = (course.follow_up_from, course.follow_up_until()) {
        phase.push_str(&format!(" · opfølgning {} til {}", format_date_dk(from), format_date_dk(until)));
    }
    if let Some(e) = &course.ended {
        phase.push_str(&format!(" · AFSLUTTET {}", format_date_dk(e.on)));
    }
    head.push(Line::from(phase));
    if cards.in_force {
        let max = Ore(settings.card_value.ore().saturating_mul(i64::from(settings.max_cards)));
        head.push(Line::from(format!(
            "Kort: {} optjent · {} udleveret · {} mulige · {} af højst {}",
            cards.cards_earned,
            cards.handed_out,
            cards.cards_still_possible,
            cards.money_earned.format_dk(),
            max.format_dk()
        )));
        let mut flags = Vec::new();
        if cards.not_handed_out() > 0 {
            flags.push(styled(format!("{} KORT SKYLDIGT (s udleverer)", cards.not_handed_out()), theme.warning()));
        }
        if cards.to_resolve() > 0 {
            if !flags.is_empty() {
                flags.push(Span::raw(" · "));
            }
            flags.push(styled(format!("{} UDLEVERET KORT AFKLARES (r)", cards.to_resolve()), theme.danger()));
        }
        if flags.is_empty() {
            flags.push(styled(text::groups::SETTLED, theme.good()));
        }
        if !cards.unmatched.is_empty() {
            let serials: Vec<&str> = cards.unmatched.iter().map(|e| e.serial.as_str()).collect();
            flags.push(Span::raw(format!(" · udleveret uden mødegang: {}", serials.join(", "))));
        }
        head.push(Line::from(flags));
    } else {
        head.push(Line::from(styled(text::groups::CARDS_OFF, theme.warning())));
    }
    let [top, columns, list] =
        Layout::vertical([Constraint::Length(head.len() as u16), Constraint::Length(1), Constraint::Min(1)])
            .areas(inner);
    frame.render_widget(Paragraph::new(head), top);
    let titles = format!(
        "  {:<10} {:<14} {:<9} {:<22} {}",
        text::groups::COL_DATE,
        text::groups::COL_SESSION,
        text::groups::COL_ATTENDANCE,
        text::groups::COL_CARD,
        text::groups::COL_GIFT_CARD
    );
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    if cards.rows.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::groups::NO_COURSE_SESSIONS, theme.dim())), list);
        return;
    }
    let height = list.height as usize;
    let lines: Vec<Line> = cards
        .rows
        .iter()
        .enumerate()
        .skip(offset(state.selected, height))
        .take(height)
        .map(|(i, row)| {
            let selected = i == state.selected;
            let b = base(selected, theme);
            let source = match row.session.source {
                SessionSource::Group { group_id, .. } => {
                    state.data.group_names.get(&group_id).cloned().unwrap_or_default()
                }
                SessionSource::Individual => text::groups::INDIVIDUAL.to_string(),
            };
            let attendance = row.session.attendance.map(text::groups::attendance).unwrap_or("–");
            let serial = row.hand_out.as_ref().map(|e| e.serial.as_str());
            let (card, style) = match row.status {
                CardStatus::NotHandedOut => (text::groups::card_status(row.status, serial), theme.warning()),
                CardStatus::ToResolve => (text::groups::card_status(row.status, serial), theme.danger()),
                CardStatus::HandedOut => (text::groups::card_status(row.status, serial), theme.good()),
                CardStatus::NoCard => (String::new(), theme.text()),
            };
            let outcome_style = if row.outcome.earned() { theme.good() } else { theme.text() };
            Line::from(vec![
                styled(
                    format!(
                        "{}{} {:<14} {:<9} ",
                        pointer(selected),
                        format_date_dk(row.session.date),
                        fit(&source, 14),
                        attendance
                    ),
                    b,
                ),
                styled(
                    format!("{:<22} ", fit(&text::groups::outcome(row.outcome, settings), 22)),
                    b.patch(outcome_style),
                ),
                styled(card, b.patch(style)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

// ---------------------------------------------------------------------------
// The gift-card ledger
// ---------------------------------------------------------------------------

fn draw_ledger(frame: &mut Frame, area: Rect, pane: &GroupsPane, theme: &Theme) {
    let Some(state) = &pane.ledger else { return };
    let inner = frame_block(frame, area, format!(" {} ", text::groups::LEDGER_TITLE));
    let recs = &state.reconciliation;
    let rec_rows = recs.len().max(1) as u16;
    let [rec_title, rec_area, summary, columns, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(rec_rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let rec_titles = format!(
        "  {:<10} {:>9} {:>10} {:>9} {:>11} {:>9}  {}",
        text::groups::COL_VALUE,
        text::groups::COL_RECEIVED,
        text::groups::COL_HANDED_OUT,
        text::groups::COL_VOIDED,
        text::groups::COL_LOST,
        text::groups::COL_ON_HAND,
        text::groups::COL_BALANCE
    );
    frame.render_widget(Paragraph::new(styled(rec_titles, theme.bold())), rec_title);
    let rec_lines: Vec<Line> = if recs.is_empty() {
        vec![Line::from(styled(format!("  {}", text::groups::LEDGER_EMPTY), theme.dim()))]
    } else {
        recs.iter()
            .map(|r| {
                let (mark, style) = if r.balances() {
                    (text::groups::BALANCES, theme.good())
                } else {
                    (text::groups::DOES_NOT_BALANCE, theme.danger())
                };
                Line::from(vec![
                    Span::raw(format!(
                        "  {:<10} {:>9} {:>10} {:>9} {:>11} {:>9}  ",
                        r.value.format_dk(),
                        r.received,
                        r.handed_out,
                        r.voided,
                        r.lost,
                        r.on_hand
                    )),
                    styled(mark, style),
                ])
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(rec_lines), rec_area);
    let on_hand: i64 = recs.iter().map(|r| r.value_on_hand().ore()).sum();
    let c = pane.cards;
    let mut spans = vec![Span::raw(format!("På lager i alt {} · ", Ore(on_hand).format_dk()))];
    spans.push(styled(
        format!("optjent, ikke udleveret: {}", c.owed),
        if c.owed > 0 { theme.warning() } else { theme.text() },
    ));
    spans.push(Span::raw(" · "));
    spans.push(styled(
        format!("afklares: {}", c.to_resolve),
        if c.to_resolve > 0 { theme.danger() } else { theme.text() },
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), summary);
    let titles = format!(
        "  {:>4} {:<10} {:<14} {:<10} {:>7} {:>4} {:<7} {}",
        text::groups::COL_NO,
        text::groups::COL_DATE,
        text::groups::COL_EVENT,
        text::groups::COL_SERIAL,
        text::groups::COL_AMOUNT,
        text::intake::COL_CASE,
        text::groups::COL_BY,
        text::groups::COL_NOTE
    );
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    let entries = state.ledger.entries();
    let height = list.height as usize;
    let note_width = (list.width as usize).saturating_sub(2 + 4 + 1 + 10 + 1 + 14 + 1 + 10 + 1 + 7 + 1 + 4 + 1 + 7 + 1);
    let lines: Vec<Line> = entries
        .iter()
        .enumerate()
        .skip(offset(state.selected, height))
        .take(height)
        .map(|(i, e)| {
            let selected = i == state.selected;
            let b = base(selected, theme);
            let case = super::entry_case(&e.kind).unwrap_or("");
            let mut note = match &e.kind {
                LedgerEntryKind::Voided { reason } | LedgerEntryKind::Lost { reason } => reason.clone(),
                LedgerEntryKind::Correction { reason, .. } => reason.clone(),
                LedgerEntryKind::HandedOut { earned_by_session: None, .. } => "uden mødegang".to_string(),
                _ => String::new(),
            };
            let corrected = state.ledger.corrected_by(e.id);
            if let Some(by) = corrected {
                note = format!("{} AF {by} {note}", text::groups::CORRECTED);
            }
            let style = if corrected.is_some() { theme.dim() } else { theme.text() };
            Line::from(styled(
                format!(
                    "{}{:>4} {} {:<14} {:<10} {:>7} {:>4} {:<7} {}",
                    pointer(selected),
                    e.id,
                    format_date_dk(e.date),
                    fit(&text::groups::ledger_kind(&e.kind), 14),
                    fit(&e.serial, 10),
                    e.value.format_number_dk(),
                    case,
                    fit(&e.actor, 7),
                    fit(&note, note_width)
                ),
                b.patch(style),
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

//! Drawing an opened plan: the version on screen with its goals and effort,
//! the deadlines as they stand today, the ending and the follow-up calls,
//! and the history of revisions, wrapped and scrolled by `scroll_view`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::plan_view::PlanView;
use crate::app::Shell;
use crate::domain::dates::format_date_dk;
use crate::domain::plan::{Deadline, GoalStatus, PlanVersion, course_deadlines};
use crate::text;
use crate::text::plans::PLAN_MARKERS;
use crate::ui::widgets::scroll_view;
use crate::ui::{Theme, styled};

pub(super) fn draw(frame: &mut Frame, area: Rect, view: &PlanView, sh: &Shell, theme: &Theme) {
    let case = &view.course.case;
    let block = Block::default().borders(Borders::ALL).title(format!(
        " {} · sag {} · {} · rådgiver {} ",
        text::plans::PLAN_TITLE,
        case.id,
        case.identity.display_name(),
        case.counsellor
    ));
    scroll_view(frame, area, block, lines(view, sh, theme), &view.scroll);
}

/// The whole view, unwrapped.
fn lines(view: &PlanView, sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = heading(view, sh, theme);
    lines.extend(deadlines(view, sh, theme));
    let latest = view.versions.last();
    match view.shown_version(sh.today) {
        None => {
            lines.push(Line::from(""));
            lines.push(Line::from(styled(text::plans::PLAN_NONE, theme.danger())));
        }
        Some(v) => lines.extend(version(v, Some(v.id) != latest.map(|l| l.id), theme)),
    }
    lines.extend(ending(view, theme));
    lines.extend(calls(view, sh, theme));
    lines.push(Line::from(""));
    if view.history {
        lines.extend(history(view, sh, theme));
    } else {
        lines.push(Line::from(styled(text::plans::PLAN_HISTORY_HINT, theme.dim())));
    }
    lines
}

fn days(d: Deadline) -> String {
    text::plans::call_days(d.days_left)
}

/// Which version is on screen and why, and a re-enrolment.
fn heading(view: &PlanView, sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    let course = &view.course;
    let start = course.case.progress.treatment_started_on.map(format_date_dk).unwrap_or_else(|| "–".into());
    let heading = match (view.shown_index(sh.today), view.as_of) {
        (Some(i), as_of) => {
            let v = &view.versions[i];
            let when = match (view.pinned, as_of) {
                (Some(_), _) => "valgt med ←/→".to_string(),
                (None, Some(on)) => format!("planen pr. {}", format_date_dk(on)),
                (None, None) => "gældende i dag".to_string(),
            };
            format!(
                "Start {start} · version {}/{} fra {} · {when}",
                v.version,
                view.versions.len(),
                format_date_dk(v.effective_on)
            )
        }
        (None, Some(on)) => format!("Start {start} · ingen plan pr. {}", format_date_dk(on)),
        (None, None) => format!("Start {start}"),
    };
    let mut lines = vec![Line::from(styled(heading, theme.bold()))];
    if let Some(r) = &course.re_enrolment {
        lines.push(Line::from(styled(
            format!(
                "{} tidligere forløb sag {} afsluttet {} ({}); ny henvendelse {}",
                PLAN_MARKERS[0].text,
                r.previous_case_id,
                format_date_dk(r.previous_ended_on),
                text::plans::discharge_reason(r.previous_reason),
                format_date_dk(r.contact_on)
            ),
            theme.warning(),
        )));
    }
    lines
}

/// The deadlines as they stand today, from the latest version.
fn deadlines(view: &PlanView, sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let d = course_deadlines(&sh.profile.plan, &view.course.case, view.versions.last(), sh.today);
    if let Some(r) = d.revision {
        lines.push(Line::from(styled(
            format!(
                "Næste revision: {} ({}) · mindst hver {}. måned (profil)",
                format_date_dk(r.due),
                days(r),
                sh.profile.plan.revision_every_months
            ),
            if r.overdue() { theme.danger() } else { theme.text() },
        )));
    }
    if let Some(f) = d.first_follow_up {
        lines.push(Line::from(styled(
            format!("Første opfølgning efter start: senest {} ({})", format_date_dk(f.due), days(f)),
            if f.overdue() { theme.danger() } else { theme.warning() },
        )));
    }
    if let Some(a) = d.action_plan {
        lines.push(Line::from(styled(
            format!("§141-handleplan: afklares senest {} ({})", format_date_dk(a.due), days(a)),
            if a.overdue() { theme.danger() } else { theme.warning() },
        )));
    }
    lines
}

/// One version: who made it and how, its goals and its effort. `older`:
/// it is not the latest, so the next revision it named is history.
fn version(v: &PlanVersion, older: bool, theme: &Theme) -> Vec<Line<'static>> {
    let without = format!("[{}]", PLAN_MARKERS[1].text);
    let took_part = if v.citizen_took_part { "borgeren deltog" } else { without.as_str() };
    let mut lines = vec![Line::from(format!(
        "Version {}: {} af {} · {} · §141: {}",
        v.version,
        if v.is_revision() { "revideret" } else { "oprettet" },
        v.actor,
        took_part,
        text::plans::action_plan(v.action_plan)
    ))];
    if v.is_revision() {
        lines.push(Line::from(format!("Ændret: {}", v.changes)));
    }
    if older {
        lines.push(Line::from(styled(
            format!("{} nævnte næste revision {}", PLAN_MARKERS[2].text, format_date_dk(v.next_revision_on)),
            theme.accent(),
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(styled(text::plans::PLAN_GOALS, theme.bold())));
    for g in &v.goals {
        let style = match g.status {
            GoalStatus::Achieved => theme.good(),
            GoalStatus::Abandoned => theme.dim(),
            _ => theme.text(),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {:<16} ", text::plans::goal_area(g.area))),
            styled(format!("{:<16} ", text::plans::goal_status_marker(g.status)), style),
            Span::raw(g.text.clone()),
        ]));
    }
    lines.push(Line::from(format!("Indsats og ydelser: {}", v.services)));
    if !v.methods.is_empty() {
        lines.push(Line::from(format!("Metoder: {}", v.methods)));
    }
    if !v.partners.is_empty() {
        lines.push(Line::from(format!("Samarbejdspartnere: {}", v.partners)));
    }
    lines
}

fn ending(view: &PlanView, theme: &Theme) -> Vec<Line<'static>> {
    let Some(e) = &view.course.ending else {
        return Vec::new();
    };
    let mut ended = vec![styled(
        format!(
            "Forløbet afsluttet {}: {} (registreret af {})",
            format_date_dk(e.ended_on),
            text::plans::discharge_reason(e.reason),
            e.actor
        ),
        theme.bold(),
    )];
    if e.follow_up_declined {
        ended.push(styled(format!(" {}", PLAN_MARKERS[8].text), theme.warning()));
    }
    let mut lines = vec![Line::from(""), Line::from(ended)];
    if !e.note.is_empty() {
        lines.push(Line::from(format!("Note: {}", e.note)));
    }
    lines
}

/// The follow-up calls with their attempts.
fn calls(view: &PlanView, sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    if view.calls.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::from(styled(text::plans::PLAN_CALLS, theme.bold()))];
    for c in &view.calls {
        let deadline = Deadline::new(c.due_on, sh.today);
        let (state, style) = match c.reached() {
            Some(a) => (
                format!(
                    "{} {} ({}): {}",
                    PLAN_MARKERS[9].text,
                    format_date_dk(a.on),
                    a.actor,
                    a.outcome.map(text::plans::call_outcome).unwrap_or_default()
                ),
                theme.good(),
            ),
            None => (
                format!("{}, {}", PLAN_MARKERS[10].text, days(deadline)),
                if deadline.overdue() { theme.danger() } else { theme.text() },
            ),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {:<6} frist {}  ", text::plans::months(c.months), format_date_dk(c.due_on))),
            styled(state, style),
        ]));
        for a in c.attempts.iter().filter(|a| !a.reached) {
            let note = if a.note.is_empty() { String::new() } else { format!(": {}", a.note) };
            lines.push(Line::from(format!(
                "         forsøg {} ({}): ikke truffet{note}",
                format_date_dk(a.on),
                a.actor
            )));
        }
    }
    lines
}

/// Every version, the one on screen marked.
fn history(view: &PlanView, sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    let shown = view.shown_index(sh.today);
    let mut lines = vec![Line::from(styled(text::plans::PLAN_HISTORY, theme.bold()))];
    for (i, v) in view.versions.iter().enumerate() {
        let marker = if Some(i) == shown { PLAN_MARKERS[3].text } else { " " };
        let what = if v.is_revision() { v.changes.as_str() } else { "Første plan" };
        let with = if v.citizen_took_part { "med borger" } else { PLAN_MARKERS[1].text };
        let saved = text::time::stamp(&v.recorded_at);
        lines.push(Line::from(format!(
            "{marker} v{:<2} {}  {:<8} {with:<11} {what} (gemt {saved})",
            v.version,
            format_date_dk(v.effective_on),
            v.actor,
        )));
    }
    lines
}

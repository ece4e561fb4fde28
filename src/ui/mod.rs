//! Drawing. Every function here reads the app's state and changes nothing.

mod case;
mod form;
mod groups;
mod help;
mod intake;
mod notifications;
mod plan;
mod plans;
pub mod stays;
pub mod text;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::keymap::Layer;
use crate::app::{Action, App, GroupsScreen, PaneId, StatusKind};
use crate::domain::dates::format_date_dk;
pub use theme::Theme;

/// Rows the chrome takes around a pane's list (tab bar, status, key line,
/// the pane's border, header and column titles).
pub const CHROME_ROWS: u16 = 7;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let [tabs, main, status, keys] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(frame.area());
    draw_tabs(frame, tabs, app, theme);
    match app.pane {
        PaneId::Intake => intake::draw(frame, main, app, theme),
        PaneId::Plans => plans::draw(frame, main, app, theme),
        PaneId::Notifications => notifications::draw(frame, main, app, theme),
        PaneId::Stays => stays::draw(frame, main, app, theme),
        PaneId::Groups => groups::draw(frame, main, app, theme),
        other => draw_coming(frame, main, other, theme),
    }
    if let Some(view) = &app.case {
        case::draw(frame, main, view, app, theme);
    }
    if let Some(view) = &app.plan {
        plan::draw(frame, main, view, app, theme);
    }
    if let Some(active) = &app.form {
        form::draw(frame, main, &active.form, app, theme);
    }
    if app.help {
        help::draw(frame, main, app, theme);
    }
    draw_status(frame, status, app, theme);
    draw_keys(frame, keys, app, theme);
}

fn draw_tabs(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = Vec::new();
    for (i, pane) in PaneId::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, text::pane(*pane));
        if *pane == app.pane {
            spans.push(Span::styled(format!("[{}]", label.trim()), theme.tab_active()));
        } else {
            spans.push(Span::styled(label, theme.text()));
        }
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_coming(frame: &mut Frame, area: Rect, pane: PaneId, theme: &Theme) {
    let block = Block::default().borders(Borders::ALL).title(format!(" {} ", text::pane(pane)));
    let body = vec![
        Line::from(Span::styled(text::COMING_LATER, theme.bold())),
        Line::from(""),
        Line::from(text::pane_coming(pane)),
    ];
    frame.render_widget(Paragraph::new(body).block(block).wrap(Wrap { trim: true }), area);
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let line = match &app.status {
        Some(s) => {
            let (prefix, style) = match s.kind {
                StatusKind::Info => ("", theme.text()),
                StatusKind::Warning => ("ADVARSEL: ", theme.warning()),
                StatusKind::Error => ("FEJL: ", theme.danger()),
            };
            Line::from(Span::styled(format!("{prefix}{}", s.text), style))
        }
        None => Line::from(""),
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The key line: the commands of the current mode with the keys the keymap
/// gives them, so it stays true when a user rebinds a key.
fn draw_keys(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let wanted: &[(Layer, Action, &str)] = if app.help {
        &[(Layer::Help, Action::Close, "luk")]
    } else if app.form.is_some() {
        &[
            (Layer::Form, Action::Submit, "gem"),
            (Layer::Form, Action::Cancel, "fortryd"),
            (Layer::Form, Action::NextField, "næste felt"),
        ]
    } else if app.searching() {
        &[(Layer::Search, Action::Submit, "behold"), (Layer::Search, Action::Cancel, "ryd")]
    } else if app.pane == PaneId::Notifications {
        match &app.notes.detail {
            Some(crate::app::NotesDetail::Notification(_)) => &[
                (Layer::Notification, Action::Close, "luk"),
                (Layer::Notification, Action::NotifyInform, "orientér"),
                (Layer::Notification, Action::NotifySend, "send"),
                (Layer::Notification, Action::NotifyReceipt, "kvittering"),
                (Layer::Notification, Action::NotifyCorrect, "ret"),
                (Layer::Global, Action::Help, "alle taster"),
            ],
            Some(crate::app::NotesDetail::Family(_)) => &[
                (Layer::Family, Action::Close, "luk"),
                (Layer::Family, Action::ChildAdd, "barn"),
                (Layer::Family, Action::RecordConsideration, "overvejelse"),
                (Layer::Family, Action::NewNotification, "underretning"),
                (Layer::Global, Action::Help, "alle taster"),
            ],
            None => &[
                (Layer::Notifications, Action::OpenCase, "åbn"),
                (Layer::Notifications, Action::NewNotification, "ny"),
                (Layer::Notifications, Action::OpenFamily, "børn"),
                (Layer::Notifications, Action::ToggleMine, "mine"),
                (Layer::Global, Action::Help, "hjælp"),
                (Layer::Global, Action::Quit, "afslut"),
            ],
        }
    } else if app.case.is_some() {
        &[
            (Layer::Case, Action::Close, "luk"),
            (Layer::Case, Action::RevealCpr, "vis CPR"),
            (Layer::Global, Action::Help, "trin og taster"),
        ]
    } else if app.plan.is_some() {
        // The view's own last line names the version keys.
        &[
            (Layer::Plan, Action::Close, "luk"),
            (Layer::Plan, Action::RevisePlan, "revidér"),
            (Layer::Plan, Action::EndCourse, "afslut forløb"),
            (Layer::Plan, Action::RecordCall, "opkald"),
            (Layer::Global, Action::Help, "hjælp"),
        ]
    } else if app.pane == PaneId::Plans && app.plans.mode == crate::app::PlansMode::Calls {
        &[
            (Layer::FollowUp, Action::RecordCall, "registrér"),
            (Layer::FollowUp, Action::OpenPlan, "plan"),
            (Layer::FollowUp, Action::ToggleFollowUps, "planer"),
            (Layer::FollowUp, Action::Search, "søg"),
            (Layer::Global, Action::Help, "hjælp"),
        ]
    } else if app.pane == PaneId::Plans {
        &[
            (Layer::Plans, Action::OpenPlan, "åbn"),
            (Layer::Plans, Action::NewPlan, "ny"),
            (Layer::Plans, Action::RevisePlan, "revidér"),
            (Layer::Plans, Action::EndCourse, "afslut forløb"),
            (Layer::Plans, Action::ToggleFollowUps, "opkald"),
            (Layer::Global, Action::Help, "hjælp"),
        ]
    } else if app.pane == PaneId::Stays {
        stays_keys(app)
    } else if app.pane == PaneId::Groups {
        groups_keys(app)
    } else if app.pane == PaneId::Intake {
        &[
            (Layer::Intake, Action::NewContact, "ny"),
            (Layer::Intake, Action::OpenCase, "åbn"),
            (Layer::Intake, Action::Search, "søg"),
            (Layer::Intake, Action::ToggleMine, "mine"),
            (Layer::Global, Action::Help, "hjælp"),
            (Layer::Global, Action::Quit, "afslut"),
        ]
    } else {
        &[
            (Layer::Global, Action::NextPane, "næste rude"),
            (Layer::Global, Action::Help, "hjælp"),
            (Layer::Global, Action::Quit, "afslut"),
        ]
    };
    let mut spans = Vec::new();
    for (layer, action, label) in wanted {
        if let Some(key) = app.keymap.keys_for(*layer, *action).first() {
            if !spans.is_empty() {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(key.to_string(), theme.accent().add_modifier(ratatui::style::Modifier::BOLD)));
            spans.push(Span::raw(format!(" {label}")));
        }
    }
    // The keys come first: on a narrow terminal the user, then the profile
    // give way, so the key line never loses a key (q afslut at 80 columns).
    let keys_width: usize = spans.iter().map(|s| s.width()).sum();
    let date = format_date_dk(app.today);
    let right =
        [format!("{} · {date} · {}", app.user, app.profile.name), format!("{date} · {}", app.profile.name), date]
            .into_iter()
            .find(|r| keys_width + 1 + r.width() <= area.width as usize)
            .unwrap_or_default();
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(right.width() as u16 + 1)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), left_area);
    frame.render_widget(Paragraph::new(Line::from(Span::styled(right, theme.dim()))).right_aligned(), right_area);
}

/// The key line of the Grupper pane's screens: the few commands of each,
/// the rest on the help screen.
fn groups_keys(app: &App) -> &'static [(Layer, Action, &'static str)] {
    if app.groups.editing_serial() {
        return &[(Layer::Serial, Action::Submit, "brug serienr."), (Layer::Serial, Action::Cancel, "fortryd")];
    }
    match app.groups.screen() {
        GroupsScreen::List => &[
            (Layer::Groups, Action::Open, "åbn"),
            (Layer::Groups, Action::RollCall, "fremmøde i dag"),
            (Layer::Groups, Action::ShowCourses, "MOVE"),
            (Layer::Groups, Action::ShowLedger, "gavekort"),
            (Layer::Global, Action::Help, "hjælp"),
            (Layer::Global, Action::Quit, "afslut"),
        ],
        GroupsScreen::Group => &[
            (Layer::Group, Action::RollCall, "fremmøde"),
            (Layer::Group, Action::PlanSessions, "planlæg"),
            (Layer::Group, Action::AddMember, "tilføj"),
            (Layer::Group, Action::Close, "tilbage"),
            (Layer::Global, Action::Help, "hjælp"),
        ],
        GroupsScreen::RollCall => &[
            (Layer::RollCall, Action::MarkAttended, "mødt"),
            (Layer::RollCall, Action::MarkCancelled, "afbud"),
            (Layer::RollCall, Action::MarkNoShow, "udeblevet"),
            (Layer::RollCall, Action::EnterSerial, "serienr."),
            (Layer::RollCall, Action::Submit, "gem"),
            (Layer::RollCall, Action::Cancel, "fortryd"),
        ],
        GroupsScreen::Courses => &[
            (Layer::MoveCourses, Action::Open, "åbn"),
            (Layer::MoveCourses, Action::NewCourse, "nyt forløb"),
            (Layer::MoveCourses, Action::Close, "tilbage"),
            (Layer::Global, Action::Help, "hjælp"),
        ],
        GroupsScreen::Course => &[
            (Layer::MoveCourse, Action::HandOutCard, "udlever"),
            (Layer::MoveCourse, Action::CorrectAttendance, "ret"),
            (Layer::MoveCourse, Action::ResolveCard, "afklar"),
            (Layer::MoveCourse, Action::Close, "tilbage"),
            (Layer::Global, Action::Help, "hjælp"),
        ],
        GroupsScreen::Ledger => &[
            (Layer::Ledger, Action::ReceiveCards, "modtaget"),
            (Layer::Ledger, Action::CorrectEntry, "ret post"),
            (Layer::Ledger, Action::Close, "tilbage"),
            (Layer::Global, Action::Help, "hjælp"),
        ],
    }
}

/// The Døgn pane's key line, by what is on screen.
fn stays_keys(app: &App) -> &'static [(Layer, Action, &'static str)] {
    use crate::app::StaysMode;
    if app.stays.detail.is_some() {
        &[
            (Layer::StayView, Action::Close, "tilbage"),
            (Layer::Stays, Action::OwnPayment, "egenbetaling"),
            (Layer::Global, Action::Help, "trin og taster"),
        ]
    } else {
        match app.stays.mode {
            StaysMode::List => &[
                (Layer::Stays, Action::NewStay, "ny"),
                (Layer::Stays, Action::OpenStay, "åbn"),
                (Layer::Stays, Action::StayTotals, "udgift"),
                (Layer::Stays, Action::Providers, "leverandør"),
                (Layer::Global, Action::Help, "trin"),
            ],
            StaysMode::Totals => &[
                (Layer::StayView, Action::Close, "tilbage"),
                (Layer::List, Action::Down, "rul"),
                (Layer::Global, Action::Help, "hjælp"),
            ],
            StaysMode::Providers => &[
                (Layer::Providers, Action::NewProvider, "ny"),
                (Layer::Providers, Action::NewPrice, "pris"),
                (Layer::Providers, Action::EditProvider, "ret"),
                (Layer::Providers, Action::Close, "tilbage"),
                (Layer::Global, Action::Help, "hjælp"),
            ],
        }
    }
}

/// A rectangle of at most `width` × `height` centred in `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// The first `width` characters of `s`, with an ellipsis when cut.
pub(crate) fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let mut out: String = s.chars().take(width - 1).collect();
        out.push('…');
        out
    }
}

pub(crate) fn styled(s: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(s.into(), style)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::keymap;
    use crate::store::{Centre, Store};

    fn key_line(width: u16, profile: &str) -> String {
        let mut store = Store::open_in_memory("anna.jensen").unwrap();
        store
            .set_centre(&Centre {
                name: "Test".into(),
                municipality: "Faxe".into(),
                profile: profile.into(),
                profile_path: None,
            })
            .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let app = App::new(store, today, keymap::load(None).0).unwrap();
        let mut terminal = Terminal::new(TestBackend::new(width, 24)).unwrap();
        terminal.draw(|f| draw(f, &app, &Theme::plain())).unwrap();
        let buffer = terminal.backend().buffer();
        (0..width).map(|x| buffer[(x, 23)].symbol().to_string()).collect()
    }

    #[test]
    fn the_key_line_keeps_every_key_on_a_narrow_terminal_and_drops_the_user_first() {
        let wide = key_line(120, "national");
        assert!(wide.contains("q afslut"), "{wide:?}");
        assert!(wide.contains("anna.jensen · 10.03.2026 · National standard"), "{wide:?}");
        let standard = key_line(80, "national");
        assert!(standard.contains("q afslut"), "{standard:?}");
        assert!(!standard.contains("anna"), "{standard:?}");
        assert!(standard.trim_end().ends_with("10.03.2026 · National standard"), "{standard:?}");
        let narrow = key_line(64, "national");
        assert!(narrow.contains("q afslut"), "{narrow:?}");
        assert!(narrow.trim_end().ends_with("10.03.2026"), "{narrow:?}");
        assert!(!narrow.contains("National"), "{narrow:?}");
    }
}

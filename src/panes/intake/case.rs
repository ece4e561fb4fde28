//! One case opened in full over the queue: its identity (CPR masked until
//! asked for, and the look audited), its deadlines and its history, scrolled
//! when longer than the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::app::scroll::Scroll;
use crate::app::{Shell, StatusKind};
use crate::domain::dates::{format_date_dk, format_time};
use crate::domain::intake::{Case, DoctorStatus, Guarantee, Identity, StepKind, doctor_status, guarantee, stage};
use crate::store::{CaseEvent, HeldConversation};
use crate::text;
use crate::ui::widgets::scroll_view;
use crate::ui::{Theme, styled};

/// An open case: what the view shows.
#[derive(Debug, Clone)]
pub struct CaseView {
    pub case: Case,
    pub events: Vec<CaseEvent>,
    /// The full CPR number, once the user asked to see it.
    pub cpr_full: Option<String>,
    pub scroll: Scroll,
    /// Who looked at and changed the case, when a team leader asked:
    /// shown over the case until closed.
    pub history: Option<Vec<String>>,
    /// The counted conversations held on the case (anonymous, advisory,
    /// relatives'), counted on screen against the profile's limits.
    pub conversations: Vec<HeldConversation>,
}

impl CaseView {
    /// Opens case `id`: the look is recorded in the audit trail.
    pub(super) fn open(sh: &mut Shell, id: i64) -> Option<CaseView> {
        let loaded = sh.store.view_case(id).and_then(|case| Ok((case, sh.store.case_events(id)?)));
        match loaded {
            Ok((case, events)) => {
                let mut view = CaseView {
                    case,
                    events,
                    cpr_full: None,
                    scroll: Scroll::default(),
                    history: None,
                    conversations: Vec::new(),
                };
                view.reload_conversations(sh);
                Some(view)
            }
            Err(e) => {
                sh.set_status(StatusKind::Error, format!("{} {e}", text::intake::CASE_NOT_OPENED));
                None
            }
        }
    }

    /// The case as stored after a step (no new look to audit: the user is
    /// still looking at it).
    pub(super) fn refresh(&mut self, sh: &mut Shell, case: Case) {
        match sh.store.case_events(case.id) {
            Ok(events) => self.events = events,
            Err(e) => sh.set_status(StatusKind::Error, format!("{} {e}", text::intake::HISTORY_NOT_LOADED)),
        }
        self.case = case;
    }

    /// Shows the whole CPR number: the reveal is audited.
    pub(super) fn reveal_cpr(&mut self, sh: &mut Shell) {
        match sh.store.reveal_cpr(self.case.id) {
            Ok(Some(full)) => {
                self.cpr_full = Some(full);
                sh.set_status(StatusKind::Info, text::CPR_REVEALED);
            }
            Ok(None) => sh.set_status(StatusKind::Info, text::NO_CPR),
            Err(e) => sh.set_status(StatusKind::Error, e.to_string()),
        }
    }

    /// Shows who looked at and changed the case, as `sagsbord audit show
    /// --case N` does: a team leader's, and the look is itself recorded.
    /// Anyone else is told why not.
    pub(super) fn show_history(&mut self, sh: &mut Shell) {
        match sh.store.view_case_history(self.case.id) {
            Ok(history) => {
                let mut lines = text::audit::history_lines(&history);
                if lines.is_empty() {
                    lines.push(text::audit::show_nothing(self.case.id));
                }
                self.history = Some(lines);
                self.scroll = Scroll::default();
            }
            // The refusal says why (only a team leader may see this).
            Err(e) => sh.set_status(StatusKind::Warning, e.to_string()),
        }
    }

    /// The case's conversations as stored (after opening and after a save).
    pub(super) fn reload_conversations(&mut self, sh: &mut Shell) {
        match sh.store.conversations_of(self.case.id) {
            Ok(held) => self.conversations = held,
            Err(e) => sh.set_status(StatusKind::Error, format!("{} {e}", text::conversations::NOT_LOADED)),
        }
    }

    pub(super) fn close_history(&mut self) {
        self.history = None;
        self.scroll = Scroll::default();
    }
}

pub(super) fn draw(frame: &mut Frame, area: Rect, view: &CaseView, sh: &Shell, theme: &Theme) {
    if let Some(history) = &view.history {
        let block = Block::default().borders(Borders::ALL).title(format!(
            " {} {} · {} ",
            text::intake::CASE_TITLE,
            view.case.id,
            text::access::HISTORY_TITLE
        ));
        let lines = history.iter().map(|l| Line::from(l.clone())).collect();
        scroll_view(frame, area, block, lines, &view.scroll);
        return;
    }
    let c = &view.case;
    let block = Block::default().borders(Borders::ALL).title(format!(
        " {} {} · {} ",
        text::intake::CASE_TITLE,
        c.id,
        text::intake::stage(stage(c))
    ));

    let identity = match &c.identity {
        Identity::Named { name, cpr } => {
            let cpr_text = match (&view.cpr_full, cpr) {
                (Some(full), _) => full.clone(),
                (None, Some(cpr)) => format!("{}  ({})", cpr.masked(), text::intake::REVEAL_CPR_HINT),
                (None, None) => String::new(),
            };
            if cpr_text.is_empty() {
                format!("{name} · intet CPR-nummer")
            } else {
                format!("{name} · CPR {cpr_text}")
            }
        }
        Identity::Anonymous { pseudonym } => {
            format!("{pseudonym} · anonym (§101a), intet navn eller CPR")
        }
    };
    let mut lines = vec![
        Line::from(styled(identity, theme.bold())),
        Line::from(format!(
            "{} · {} · {} kl. {} · rådgiver {}",
            text::intake::contact_kind(c.kind),
            text::intake::channel(c.channel),
            format_date_dk(c.contact_date()),
            format_time(c.contact_at.time()),
            c.counsellor
        )),
    ];
    let mut home = vec![Span::raw(format!("Hjemkommune: {}", c.home_municipality))];
    if c.from_other_municipality(&sh.centre.municipality) {
        home.push(styled(" [ANDEN KOMMUNE: hjemkommunen visiterer]", theme.warning()));
    }
    lines.push(Line::from(home));
    let substances: Vec<&str> = c.substances.iter().map(|s| text::intake::substance(*s)).collect();
    lines.push(Line::from(format!(
        "Rusmidler: {} · Børn: {}",
        if substances.is_empty() { "ikke oplyst".to_string() } else { substances.join(", ") },
        text::intake::children(c.children)
    )));
    if let Some(consent) = c.parental_consent {
        lines.push(Line::from(format!("Forældresamtykke: {}", text::intake::consent(Some(consent)))));
    }
    lines.push(guarantee_line(c, sh, theme));
    if let Some(line) = doctor_line(c, sh, theme) {
        lines.push(line);
    }
    let held: Vec<_> = view.conversations.iter().map(|h| h.conversation).collect();
    lines.extend(super::conversations::lines(c, &held, sh, theme));
    let p = &c.progress;
    if let Some(r) = &p.special_assessment {
        lines.push(Line::from(styled(
            format!("Særlig udredning ({}): {}", format_date_dk(r.on), r.reason),
            theme.warning(),
        )));
    }
    if let Some(r) = &p.free_choice {
        lines.push(Line::from(format!("Frit valg ({}): {}", format_date_dk(r.on), r.reason)));
    }
    if let Some(r) = &p.closed {
        lines.push(Line::from(text::intake::closed_line(r, p.closing_reason, p.treatment_started_on.is_none())));
    }
    if !c.note.is_empty() {
        lines.push(Line::from(format!("Note: {}", c.note)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(styled(text::intake::HISTORY, theme.bold())));
    for e in &view.events {
        if let Some(line) = text::correction::event_line(e, &view.events) {
            let s = format!("  {}  {line}  · {} {}", format_date_dk(e.on), e.actor, text::time::stamp(&e.recorded_at));
            lines.push(Line::from(s));
            continue;
        }
        let mut s = format!("  {}  {}", format_date_dk(e.on), text::intake::event_kind(&e.kind));
        let undone = view.events.iter().any(|u| u.undoes == Some(e.id));
        if undone {
            s.push_str(text::correction::UNDONE_MARK);
        }
        if let Some(w) = e.wanted {
            s.push_str(if w { " (ønsket)" } else { " (ikke ønsket)" });
        }
        // The event row keeps the text; the case keeps the reason from the list.
        if e.kind == crate::store::exchange::step_id(StepKind::Close) && p.treatment_started_on.is_none() && !undone {
            s.push_str(&format!(": {}", text::intake::closing_reason_or_not_given(p.closing_reason)));
        }
        if let Some(r) = &e.reason {
            s.push_str(&format!(": {r}"));
        }
        s.push_str(&format!("  · {} {}", e.actor, text::time::stamp(&e.recorded_at)));
        lines.push(Line::from(s));
    }
    scroll_view(frame, area, block, lines, &view.scroll);
}

fn guarantee_line(c: &Case, sh: &Shell, theme: &Theme) -> Line<'static> {
    let (s, style) = match guarantee(c, &sh.profile.intake, sh.today) {
        Guarantee::NotApplicable => ("Behandlingsgaranti: gælder ikke for denne henvendelse".to_string(), theme.text()),
        Guarantee::Waived(r) => {
            (format!("Behandlingsgaranti: bortfaldet ved frit valg {}", format_date_dk(r.on)), theme.text())
        }
        Guarantee::AwaitingClockStart => {
            ("Behandlingsgaranti: fristen løber fra fremmøde og samtykke (profil)".to_string(), theme.accent())
        }
        Guarantee::Running { deadline, days_left, aim, .. } => {
            let mut s = match days_left {
                d if d < 0 => format!(
                    "Behandlingsgaranti: OVERSKREDET, frist var {} ({} siden)",
                    format_date_dk(deadline),
                    text::days(-d)
                ),
                0 => format!("Behandlingsgaranti: FRIST I DAG {}", format_date_dk(deadline)),
                d => format!("Behandlingsgaranti: frist {} (om {})", format_date_dk(deadline), text::days(d)),
            };
            if let Some(aim) = aim {
                s.push_str(&format!(" · mål: start senest {}", format_date_dk(aim)));
            }
            (
                s,
                if days_left < 0 {
                    theme.danger()
                } else if days_left <= 3 {
                    theme.warning()
                } else {
                    theme.text()
                },
            )
        }
        Guarantee::Kept { deadline, started_on } => (
            format!(
                "Behandlingsgaranti: overholdt, startet {} (frist {})",
                format_date_dk(started_on),
                format_date_dk(deadline)
            ),
            theme.good(),
        ),
        Guarantee::Missed { started_on, days_late, .. } => (
            format!(
                "Behandlingsgaranti: IKKE OVERHOLDT, startet {} ({} efter fristen)",
                format_date_dk(started_on),
                text::days(days_late)
            ),
            theme.danger(),
        ),
        Guarantee::Closed => ("Behandlingsgaranti: henvendelsen er afsluttet".to_string(), theme.text()),
    };
    Line::from(styled(s, style))
}

fn doctor_line(c: &Case, sh: &Shell, theme: &Theme) -> Option<Line<'static>> {
    let p = &c.progress;
    let (s, style) = match doctor_status(c, &sh.profile.intake, sh.today) {
        DoctorStatus::NotTracked => return None,
        DoctorStatus::Pending => ("Lægesamtale: fristen følger behandlingsgarantien".to_string(), theme.text()),
        DoctorStatus::Done => match (p.doctor_held_on, p.doctor_offered_on) {
            (Some(held), _) => (format!("Lægesamtale: holdt {}", format_date_dk(held)), theme.good()),
            (None, Some(offered)) => {
                (format!("Lægesamtale: tilbudt {}, ikke ønsket", format_date_dk(offered)), theme.good())
            }
            (None, None) => ("Lægesamtale: klaret".to_string(), theme.good()),
        },
        DoctorStatus::Due { deadline, days_left, offered } => {
            let what = if offered { "tilbudt og ønsket; holdes senest" } else { "tilbydes senest" };
            let marker = if days_left < 0 { " OVERSKREDET" } else { "" };
            (
                format!("Lægesamtale: {what} {}{marker}", format_date_dk(deadline)),
                if days_left < 0 { theme.danger() } else { theme.text() },
            )
        }
    };
    Some(Line::from(styled(s, style)))
}

//! A case's whole life in one scrollable view: the contact, its steps,
//! the plan, the ending and follow-up calls, groups and MOVE, stays with
//! their cost, children, notifications and complaints. Each section is a
//! function of its own, so a new part of a case is one more function.

use ratatui::text::Line;

use crate::app::scroll::Scroll;
use crate::app::{Shell, StatusKind};
use crate::domain::dates::format_date_dk;
use crate::domain::intake::Identity;
use crate::domain::stay::figures;
use crate::store::CaseLife;
use crate::text;
use crate::text::find as words;
use crate::ui::{Theme, styled};

/// An open case's life and how it is shown.
#[derive(Debug, Clone)]
pub struct LifeView {
    pub life: CaseLife,
    /// The full CPR number, once the user asked to see it.
    pub cpr_full: Option<String>,
    pub scroll: Scroll,
}

impl LifeView {
    /// Opens case `id`: refused (with the reason on the status line) unless
    /// the user may open it; the look is audited.
    pub fn open(shell: &mut Shell, id: i64) -> Option<LifeView> {
        match shell.store.view_case_life(id, &shell.profile.move_cards) {
            Ok(life) => Some(LifeView { life, cpr_full: None, scroll: Scroll::default() }),
            Err(e) => {
                shell.set_status(StatusKind::Error, format!("{} {e}", words::NOT_OPENED));
                None
            }
        }
    }

    /// Shows the whole CPR number, as the case view in Indtag does: the
    /// reveal is audited.
    pub fn reveal_cpr(&mut self, shell: &mut Shell) {
        match shell.store.reveal_cpr(self.life.case.id) {
            Ok(Some(full)) => {
                self.cpr_full = Some(full);
                shell.set_status(StatusKind::Info, text::CPR_REVEALED);
            }
            Ok(None) => shell.set_status(StatusKind::Info, text::NO_CPR),
            Err(e) => shell.set_status(StatusKind::Error, e.to_string()),
        }
    }

    /// The view's title: the case and where it stands.
    pub fn title(&self) -> String {
        let case = &self.life.case;
        format!(" {} {} · {} · {} ", words::LIFE_TITLE, case.id, case.identity.display_name(), words::state(case))
    }

    /// Every line of the view, section by section.
    pub fn lines(&self, shell: &Shell, theme: &Theme) -> Vec<Line<'static>> {
        let sections: [(&str, Vec<String>); 11] = [
            (words::S_CONTACT, self.contact()),
            (words::S_STEPS, self.steps()),
            (words::S_CONVERSATIONS, self.conversations(shell)),
            (words::S_PLAN, self.plan()),
            (words::S_ENDING, self.ending()),
            (words::S_GROUPS, self.groups()),
            (words::S_MOVE, self.move_courses()),
            (words::S_STAYS, self.stays(shell)),
            (words::S_CHILDREN, self.children()),
            (words::S_NOTIFICATIONS, self.notifications()),
            (words::S_COMPLAINTS, complaints_section(&self.life)),
        ];
        let mut out = Vec::new();
        for (title, lines) in sections {
            if !out.is_empty() {
                out.push(Line::from(""));
            }
            out.push(Line::from(styled(title, theme.bold())));
            if lines.is_empty() {
                out.push(Line::from(styled(words::NONE, theme.dim())));
            }
            out.extend(lines.into_iter().map(|l| Line::from(printable(&l))));
        }
        out
    }

    fn contact(&self) -> Vec<String> {
        let c = &self.life.case;
        let who = match &c.identity {
            Identity::Named { name, cpr } => {
                let cpr = match (&self.cpr_full, cpr) {
                    (Some(full), _) => format!("CPR {full}"),
                    (None, Some(cpr)) => format!("CPR {}  ({})", cpr.masked(), text::intake::REVEAL_CPR_HINT),
                    (None, None) => words::NO_CPR.to_string(),
                };
                format!("  {name} · {cpr}")
            }
            Identity::Anonymous { pseudonym } => format!("  {pseudonym} · {}", words::ANONYMOUS),
        };
        let mut lines = vec![
            who,
            format!(
                "  {} · {} · {} · rådgiver {}",
                text::intake::contact_kind(c.kind),
                text::intake::channel(c.channel),
                format_date_dk(c.contact_date()),
                c.counsellor
            ),
            format!("  Hjemkommune: {} · Tilstand: {}", c.home_municipality, words::state(c)),
        ];
        if let Some(r) = &c.progress.closed {
            let before_treatment = c.progress.treatment_started_on.is_none();
            lines.push(format!("  {}", text::intake::closed_line(r, c.progress.closing_reason, before_treatment)));
        }
        if !c.note.is_empty() {
            lines.push(format!("  Note: {}", c.note));
        }
        lines
    }

    fn steps(&self) -> Vec<String> {
        self.life
            .events
            .iter()
            .map(|e| {
                let mut s = format!("  {}  {}", format_date_dk(e.on), text::intake::event_kind(&e.kind));
                if let Some(r) = &e.reason {
                    s.push_str(&format!(": {r}"));
                }
                format!("{s}  · {} {}", e.actor, text::time::stamp(&e.recorded_at))
            })
            .collect()
    }

    /// The counts against the profile's limits (with the warning when one
    /// is passed), then each conversation with who recorded it.
    fn conversations(&self, shell: &Shell) -> Vec<String> {
        use crate::domain::intake::{ContactKind, Conversation, conversation_counts};
        let held = &self.life.conversations;
        if held.is_empty() {
            return Vec::new();
        }
        let list: Vec<Conversation> = held.iter().map(|h| h.conversation).collect();
        let young = self.life.case.kind == ContactKind::Young;
        let counts = conversation_counts(&list, &shell.profile.intake, young);
        let mut lines =
            vec![format!("  {}", counts.iter().map(text::conversations::count).collect::<Vec<_>>().join(" · "))];
        lines.extend(counts.iter().filter(|c| c.passed()).map(|c| format!("  {}", text::conversations::passed(c))));
        lines.extend(held.iter().map(|h| {
            format!(
                "  {}  {}  · {} {}",
                format_date_dk(h.conversation.on),
                text::conversations::kind(h.conversation.kind),
                h.stamp.by,
                text::time::stamp(&h.stamp.at)
            )
        }));
        lines
    }

    fn plan(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for v in &self.life.plan {
            lines.push(words::plan_line(v.version, v.effective_on, v.next_revision_on, v.goals));
            lines.push(format!("    {} {}", v.actor, text::time::stamp(&v.recorded_at)));
            if !v.changes.trim().is_empty() {
                lines.push(format!("    {}", one_line(&v.changes)));
            }
        }
        lines
    }

    fn ending(&self) -> Vec<String> {
        let Some(e) = &self.life.ending else { return Vec::new() };
        let mut lines = vec![format!(
            "  Afsluttet {}: {} · {} {}",
            format_date_dk(e.ended_on),
            text::plans::discharge_reason(e.reason),
            e.actor,
            text::time::stamp(&e.recorded_at)
        )];
        if e.follow_up_declined {
            lines.push(format!("  {}", words::FOLLOW_UP_DECLINED));
        }
        if !e.note.trim().is_empty() {
            lines.push(format!("  {}", one_line(&e.note)));
        }
        for call in &self.life.calls {
            let reached = call.reached().map(|a| (a.on, a.outcome.map(text::plans::call_outcome).unwrap_or("")));
            lines.push(words::call_line(call.months, call.due_on, reached, call.attempts.len()));
        }
        lines
    }

    fn groups(&self) -> Vec<String> {
        self.life
            .groups
            .iter()
            .map(|m| words::membership_line(&m.group, text::groups::group_kind_short(m.kind), m.joined_on, m.left_on))
            .collect()
    }

    fn move_courses(&self) -> Vec<String> {
        self.life
            .move_courses
            .iter()
            .map(|m| {
                let ended = m.course.ended.as_ref().map(|r| r.on);
                words::move_line(m.course.screening_on, ended, m.cards.cards_earned, m.cards.handed_out)
            })
            .collect()
    }

    fn stays(&self, shell: &Shell) -> Vec<String> {
        let mut lines = Vec::new();
        for stay in &self.life.stays {
            let Some(provider) = self.life.providers.iter().find(|p| p.id == stay.provider_id) else { continue };
            let f = figures(stay, provider, &shell.profile.stay, shell.today);
            lines.push(words::stay_line(
                &provider.name,
                text::stays::stay_status(f.status),
                stay.started_on.unwrap_or(stay.planned_start),
                stay.ended.as_ref().map_or(stay.planned_end, |e| e.on),
            ));
            let money = |r: &Result<crate::domain::stay::CostBreakdown, _>| {
                r.as_ref().map_or(words::COST_UNKNOWN.to_string(), |b| b.total.format_dk())
            };
            lines.push(words::stay_cost(&money(&f.so_far), &money(&f.committed)));
        }
        lines
    }

    fn children(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .life
            .children
            .iter()
            .map(|c| {
                let ended = c.ended.as_ref().map(|e| e.on);
                words::child_line(&c.name, c.birth_year, text::notifications::relation(c.relation), ended)
            })
            .collect();
        lines.extend(self.life.considerations.iter().map(|c| words::consideration_line(c.on, &c.stamp.by)));
        lines
    }

    fn notifications(&self) -> Vec<String> {
        self.life
            .notifications
            .iter()
            .map(|n| {
                words::notification_line(
                    n.id,
                    &text::notifications::duty_short(n.content.duty),
                    text::notifications::state(n.state()),
                    n.drafted.on,
                )
            })
            .collect()
    }
}

/// The complaints about the case's decisions: received, what about, where
/// each stands.
fn complaints_section(life: &CaseLife) -> Vec<String> {
    life.complaints
        .iter()
        .map(|c| {
            words::complaint_line(
                c.received_on,
                &printable(&one_line(&c.decision.what)),
                text::complaints::state(c.state()),
            )
        })
        .collect()
}

/// A free text on one line: its line breaks as spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Stored text with nothing that could drive the terminal.
fn printable(s: &str) -> String {
    text::cli::printable(s).into_owned()
}

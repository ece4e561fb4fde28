//! An open stay's view: provider and terms, the steps so far, the flags in
//! full, the cost line by line, the own payment and the history. The
//! figures were computed when the stay was loaded; this only lays them out,
//! wrapped to the view's width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use super::StayDetail;
use crate::app::Shell;
use crate::domain::dates::format_date_dk;
use crate::domain::money::Ore;
use crate::domain::stay::{EndKind, PaymentLineLabel, StayStatus};
use crate::panes::stays::list::urgent;
use crate::text;
use crate::ui::widgets::scroll_view;
use crate::ui::{Theme, fit, styled};

/// Room for the amount at the right of a breakdown line.
const W_LINE_AMOUNT: usize = 16;

pub fn draw(frame: &mut Frame, area: Rect, detail: &StayDetail, sh: &Shell, theme: &Theme) {
    let line = &detail.line;
    let title = format!(
        "{} {} · {} · sag {} · {}",
        text::stays::STAY_TITLE,
        line.row.stay.id,
        line.row.citizen,
        line.row.stay.case_id,
        text::stays::stay_status(line.status)
    );
    let width = area.width.saturating_sub(2) as usize;
    let block = Block::default().borders(Borders::ALL).title(format!(" {} ", fit(&title, width.saturating_sub(2))));
    scroll_view(frame, area, block, detail_lines(detail, sh, width, theme), &detail.scroll);
}

/// Builds the view's lines at the view's width.
struct ViewLines {
    lines: Vec<Line<'static>>,
    width: usize,
}

impl ViewLines {
    /// One line, cut to the width.
    fn plain(&mut self, text: String) {
        self.lines.push(Line::from(fit(&text, self.width)));
    }

    /// One line as it is, styled.
    fn styled(&mut self, text: String, style: Style) {
        self.lines.push(Line::from(styled(text, style)));
    }

    /// Text wrapped at the width after `prefix`, the rows after the first
    /// indented by two.
    fn wrapped(&mut self, prefix: &str, text: &str, style: Style) {
        for row in wrap(prefix, text, self.width) {
            self.lines.push(Line::from(styled(row, style)));
        }
    }

    /// A label with an amount at the right edge.
    fn money(&mut self, label: String, amount: Ore, style: Style) {
        let width = self.width;
        let amount = amount.format_dk();
        let room = width.saturating_sub(W_LINE_AMOUNT.max(amount.chars().count() + 1));
        let text = format!("{:<room$}{:>w$}", fit(&label, room), amount, w = width - room);
        self.lines.push(Line::from(styled(text, style)));
    }

    fn blank(&mut self) {
        self.lines.push(Line::from(""));
    }
}

/// Words broken into lines of at most `width` characters.
fn wrap(prefix: &str, text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = prefix.to_string();
    let indent = format!("{}  ", &prefix[..prefix.len() - prefix.trim_start().len()]);
    for word in text.split_whitespace() {
        if line.chars().count() + 1 + word.chars().count() > width && line.chars().count() > prefix.chars().count() {
            out.push(line);
            line = indent.clone();
        }
        if !line.ends_with(' ') && !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    out
}

fn detail_lines(d: &StayDetail, sh: &Shell, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = ViewLines { lines: Vec::new(), width: width.max(20) };
    about(&mut out, d, sh, theme);
    out.blank();
    cost(&mut out, d, sh, theme);
    out.blank();
    own_payment(&mut out, d, sh, theme);
    out.blank();
    history(&mut out, d, theme);
    out.lines
}

/// The provider and terms, the recommendation and decision, the dates, the
/// reports and the flags in full.
fn about(out: &mut ViewLines, d: &StayDetail, sh: &Shell, theme: &Theme) {
    let s = &d.line.row.stay;
    let p = &d.provider;
    let text_style = theme.text();
    let mut who = format!("Leverandør: {}", p.name);
    if !p.tilbudsportalen_id.is_empty() {
        who.push_str(&format!(" (Tilbudsportalen {})", p.tilbudsportalen_id));
    }
    if !p.contact.is_empty() {
        who.push_str(&format!(" · {}", p.contact));
    }
    out.wrapped("", &who, text_style);
    let services: Vec<&str> = s.services.iter().map(|v| text::stays::service(*v)).collect();
    out.wrapped("", &format!("Ydelser: {} · {}", services.join(", "), text::stays::terms(p)), text_style);
    out.plain(format!("Rådgiver: {}", d.line.row.counsellor));
    let recommended = format!("Indstillet {} af {}:", format_date_dk(s.recommendation.on), s.recommendation.by);
    out.wrapped(&recommended, &s.recommendation.text, text_style);
    match &s.decision {
        Some(dec) if dec.approved => out.plain(format!("Bevilget {} af {}", format_date_dk(dec.on), dec.by)),
        Some(dec) => {
            out.wrapped(&format!("AFSLAG {} af {}:", format_date_dk(dec.on), dec.by), &dec.note, theme.warning())
        }
        None => out.plain(format!(
            "Afventer afgørelse ({}) før planlagt start {}",
            text::stays::decider(sh.profile.stay.decided_by).to_lowercase(),
            format_date_dk(s.planned_start)
        )),
    }
    let mut when = format!("Planlagt {} – {}", format_date_dk(s.planned_start), format_date_dk(s.planned_end));
    if let Some(on) = s.started_on {
        when.push_str(&format!(" · startet {}", format_date_dk(on)));
    }
    if let Some(e) = s.ended {
        match e.kind {
            EndKind::Planned => when.push_str(&format!(" · slut {}", format_date_dk(e.on))),
            EndKind::Interrupted => {
                when.push_str(&format!(" · AFBRUDT {}", format_date_dk(e.on)));
                match e.reported_on {
                    Some(r) => when.push_str(&format!(", meldt {}", format_date_dk(r))),
                    None => when.push_str(", ikke meldt af leverandøren"),
                }
            }
        }
    }
    if let Some(c) = &d.line.costs
        && c.days_so_far > 0
    {
        when.push_str(&format!(" · {}", text::days(i64::from(c.days_so_far))));
    }
    out.wrapped("", &when, text_style);
    if s.started_on.is_some() {
        let midway = match (s.midway_status_on, d.midway_due) {
            (Some(on), _) => format!("modtaget {}", format_date_dk(on)),
            (None, _) if s.ended.is_some() => "ikke modtaget".into(),
            (None, Some(due)) => format!("ventes senest {}", format_date_dk(due)),
            (None, None) => "–".into(),
        };
        let final_status = match (s.final_status_on, s.ended) {
            (Some(on), _) => format!("modtaget {}", format_date_dk(on)),
            (None, Some(_)) => "mangler".into(),
            (None, None) => "efter opholdet".into(),
        };
        let aftercare = s.aftercare_started_on.map(|on| format!(" · efterbehandling startet {}", format_date_dk(on)));
        let reports = format!("Midtvejsstatus: {midway} · slutstatus: {final_status}{}", aftercare.unwrap_or_default());
        out.wrapped("", &reports, text_style);
    }
    if let (Some(due), Some(e)) = (d.report_due, s.ended)
        && e.reported_on.is_none()
    {
        out.plain(format!("Leverandøren skal melde afbruddet senest {}", format_date_dk(due)));
    }
    for flag in &d.line.flags {
        let style = if urgent(flag) { theme.danger() } else { theme.warning() };
        out.wrapped("", &text::stays::stay_flag_long(flag), style);
    }
}

/// The cost for the municipality, line by line, and so far.
fn cost(out: &mut ViewLines, d: &StayDetail, sh: &Shell, theme: &Theme) {
    let s = &d.line.row.stay;
    // An open stay's costs are worked out when it is opened (`build`).
    let Some(f) = &d.line.costs else { return };
    let heading = match d.line.status {
        StayStatus::Recommended => format!("{} · {}", text::stays::COST_TITLE, text::stays::COST_ESTIMATE),
        StayStatus::Refused => format!("{} · afslag: ingen", text::stays::COST_TITLE),
        StayStatus::Running | StayStatus::Approved => format!("{} · til planlagt slut", text::stays::COST_TITLE),
        _ => format!("{} · hele opholdet", text::stays::COST_TITLE),
    };
    out.styled(heading, theme.bold());
    match &f.committed {
        Ok(b) => {
            for l in &b.lines {
                out.money(format!("  {}", text::stays::cost_line(l)), l.amount, theme.text());
            }
            if s.status() != StayStatus::Refused {
                out.money("I alt".into(), b.total, theme.bold());
            }
        }
        Err(e) => out.styled(text::stays::cost_error(e), theme.danger()),
    }
    if s.started_on.is_some() && s.ended.is_none() {
        match &f.so_far {
            Ok(b) => out.money(
                format!("Hidtil, til og med {} ({})", format_date_dk(sh.today), text::days(i64::from(f.days_so_far))),
                b.total,
                theme.text(),
            ),
            Err(e) => out.styled(text::stays::cost_error(e), theme.danger()),
        }
    }
}

/// The own payment, line by line as read to the citizen, and whether they
/// were told.
fn own_payment(out: &mut ViewLines, d: &StayDetail, sh: &Shell, theme: &Theme) {
    let s = &d.line.row.stay;
    let Some(told) = &s.own_payment else {
        out.styled(text::stays::OWN_PAYMENT_SECTION.into(), theme.bold());
        let note = if sh.profile.stay.amount_kept_per_month.is_none() {
            text::stays::NO_AMOUNT_KEPT
        } else {
            text::stays::OWN_PAYMENT_NONE
        };
        out.wrapped("", note, theme.dim());
        return;
    };
    let when = match told.told_on {
        Some(on) => format!("oplyst borgeren {}", format_date_dk(on)),
        None => "IKKE OPLYST BORGEREN ENDNU".into(),
    };
    let style = if told.told_on.is_none() { theme.warning() } else { theme.bold() };
    out.styled(format!("{} · {when}", text::stays::OWN_PAYMENT_SECTION), style);
    if told.told_on.is_none() && s.start() <= sh.today {
        out.styled(fit("Borgeren skal have beløbet at vide, før opholdet starter.", out.width), theme.warning());
    }
    for l in &told.result.lines {
        let bold = matches!(l.label, PaymentLineLabel::PerMonth | PaymentLineLabel::PerDay { .. });
        let style = if bold { theme.bold() } else { theme.text() };
        out.money(format!("  {}", text::stays::payment_line(&l.label)), l.amount, style);
    }
}

/// Every step recorded, with who recorded it and when.
fn history(out: &mut ViewLines, d: &StayDetail, theme: &Theme) {
    out.styled(text::stays::STAY_HISTORY.into(), theme.bold());
    for e in &d.events {
        let mut t = format!("  {}  {}", format_date_dk(e.on), text::stays::stay_event_kind(&e.kind));
        match (e.kind.as_str(), &e.detail) {
            ("own_payment", Some(ore)) => {
                if let Ok(ore) = ore.parse::<i64>() {
                    t.push_str(&format!(": {} pr. måned", Ore(ore).format_dk()));
                }
            }
            (_, Some(detail)) => t.push_str(&format!(": {detail}")),
            _ => {}
        }
        t.push_str(&format!("  · {} {}", e.actor, text::time::stamp(&e.recorded_at)));
        out.plain(t);
    }
}

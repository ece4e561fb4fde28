//! The Døgn pane: the stays (two screen rows each, so everything fits 80
//! columns), one stay's detail with its cost breakdown and own payment, the
//! totals, and the providers. Every figure was computed when the data was
//! loaded; drawing only lays it out.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{StayDetail, StayLine, StaysMode, StaysPane};
use crate::app::Shell;
use crate::domain::dates::{add_days, format_date_dk};
use crate::domain::money::Ore;
use crate::domain::stay::overview::StayFlag;
use crate::domain::stay::{CostBreakdown, CostError, EndKind, Provider, StayStatus};
use crate::text;
use crate::ui::{Theme, fit, styled};

const W_CASE: usize = 4;
const W_CITIZEN: usize = 16;
const W_PROVIDER: usize = 16;
const W_STATUS: usize = 10;
const W_DATE: usize = 10;
const W_DAYS: usize = 4;
const W_AMOUNT: usize = 13;
/// Room for the amount at the right of a breakdown line.
const W_LINE_AMOUNT: usize = 16;

pub(super) fn draw(frame: &mut Frame, area: Rect, pane: &StaysPane, sh: &Shell, theme: &Theme) {
    match pane.mode {
        StaysMode::List => draw_list(frame, area, pane, sh, theme),
        StaysMode::Totals => {
            draw_view(frame, area, text::stays::TOTALS_TITLE, &totals_lines(pane, sh, theme), pane.scroll)
        }
        StaysMode::Providers => draw_providers(frame, area, pane, sh, theme),
    }
    if let Some(detail) = &pane.detail {
        frame.render_widget(Clear, area);
        let title = format!(
            "{} {} · {} · sag {} · {}",
            text::stays::STAY_TITLE,
            detail.line.row.stay.id,
            detail.line.row.citizen,
            detail.line.row.stay.case_id,
            text::stays::stay_status(detail.line.figures.status)
        );
        let width = area.width.saturating_sub(2) as usize;
        draw_view(frame, area, &title, &detail_lines(detail, sh, width, theme), detail.scroll);
    }
}

/// How many lines the view over the list holds at `screen_cols`, so the app
/// can stop scrolling at its end.
pub(super) fn view_len(pane: &StaysPane, sh: &Shell) -> usize {
    let theme = Theme::plain();
    match (&pane.detail, pane.mode) {
        (Some(d), _) => detail_lines(d, sh, sh.screen_cols.saturating_sub(2) as usize, &theme).len(),
        (None, StaysMode::Totals) => totals_lines(pane, sh, &theme).len(),
        _ => 0,
    }
}

/// A bordered view of lines, scrolled; the offset is clamped so the last
/// line stays at the bottom.
fn draw_view(frame: &mut Frame, area: Rect, title: &str, lines: &[Line<'static>], scroll: usize) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", fit(title, area.width.saturating_sub(4) as usize)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let visible = inner.height as usize;
    let offset = scroll.min(lines.len().saturating_sub(visible));
    let shown: Vec<Line> = lines.iter().skip(offset).take(visible).cloned().collect();
    frame.render_widget(Paragraph::new(shown), inner);
    if offset + visible < lines.len() && inner.height > 0 && inner.width > 12 {
        let more = Rect { x: inner.x + inner.width - 12, y: inner.y + inner.height, width: 11, height: 1 };
        frame.render_widget(Paragraph::new(" ↓ mere ↓ "), more.intersection(area));
    }
}

// ---------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------

fn draw_list(frame: &mut Frame, area: Rect, pane: &StaysPane, sh: &Shell, theme: &Theme) {
    let block =
        Block::default().borders(Borders::ALL).title(format!(" {} · {} ", text::stays::STAYS_TITLE, sh.centre.name));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [header, titles, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(summary(pane, sh, theme, inner.width as usize)), header);
    let first = format!(
        "  {:<W_CASE$} {:<W_CITIZEN$} {:<W_PROVIDER$} {:<W_STATUS$} {}",
        text::stays::STAY_COL_CASE,
        text::stays::STAY_COL_CITIZEN,
        text::stays::STAY_COL_PROVIDER,
        text::stays::STAY_COL_STATUS,
        text::stays::STAY_COL_FLAGS
    );
    let second = format!(
        "       {:<W_DATE$} {:<W_DATE$} {:<W_DATE$} {:>W_DAYS$} {:>W_AMOUNT$} {:>W_AMOUNT$}",
        text::stays::STAY_COL_START,
        text::stays::STAY_COL_PLANNED_END,
        text::stays::STAY_COL_END,
        text::stays::STAY_COL_DAYS,
        text::stays::STAY_COL_SO_FAR,
        text::stays::STAY_COL_COMMITTED
    );
    frame.render_widget(
        Paragraph::new(vec![Line::from(styled(first, theme.bold())), Line::from(styled(second, theme.bold()))]),
        titles,
    );
    let view = pane;
    if view.lines.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::stays::STAYS_EMPTY, theme.dim())), list);
        return;
    }
    // Only the stays that fit are laid out: two rows each.
    let fits = (list.height as usize / 2).max(1);
    let offset = view.selected.saturating_sub(fits - 1);
    let width = inner.width as usize;
    let lines: Vec<Line> = view
        .lines
        .iter()
        .enumerate()
        .skip(offset)
        .take(fits)
        .flat_map(|(i, l)| stay_rows(l, i == view.selected, width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn summary(pane: &StaysPane, sh: &Shell, theme: &Theme, width: usize) -> Line<'static> {
    let count = |s: StayStatus| pane.lines.iter().filter(|l| l.figures.status == s).count();
    let flagged = pane.lines.iter().filter(|l| !l.figures.flags.is_empty()).count();
    let mut spans = Vec::new();
    if let Some(t) = &pane.totals {
        let m = &t.months[(sh.today.month() - 1) as usize];
        spans.push(Span::raw(format!(
            "{} {} · {} {} · ",
            text::stays::month(m.month).to_lowercase(),
            (m.realised + m.forecast).format_dk(),
            t.year,
            t.year_total().format_dk()
        )));
    }
    spans.push(Span::raw(format!(
        "{} kører · {} bevilget · {} venter",
        count(StayStatus::Running),
        count(StayStatus::Approved),
        count(StayStatus::Recommended)
    )));
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let marked = format!(" · {flagged} markeret");
    if flagged > 0 && used + marked.chars().count() <= width {
        spans.push(styled(marked, theme.warning()));
    }
    if used > width {
        let plain: String = spans.iter().map(|s| s.content.to_string()).collect();
        return Line::from(fit(&plain, width));
    }
    Line::from(spans)
}

fn amount_or_error(result: &Result<CostBreakdown, CostError>) -> String {
    match result {
        Ok(b) => text::stays::kr(b.total),
        Err(_) => "PRISFEJL".into(),
    }
}

fn stay_rows(l: &StayLine, selected: bool, width: usize, theme: &Theme) -> [Line<'static>; 2] {
    let s = &l.row.stay;
    let f = &l.figures;
    let base = if selected { theme.selected() } else { Style::default() };
    let pointer = if selected { "› " } else { "  " };
    let status_style = match f.status {
        StayStatus::Interrupted => theme.warning(),
        StayStatus::Refused => theme.dim(),
        _ => theme.text(),
    };
    let mut markers: Vec<&str> = f.flags.iter().map(text::stays::stay_flag).collect();
    if f.committed.is_err() {
        markers.insert(0, "PRIS MANGLER");
    }
    let flag_style = if f.flags.iter().any(urgent) || f.committed.is_err() { theme.danger() } else { theme.warning() };
    let used = 2 + W_CASE + 1 + W_CITIZEN + 1 + W_PROVIDER + 1 + W_STATUS + 1;
    let first = Line::from(vec![
        styled(
            format!(
                "{pointer}{:<W_CASE$} {:<W_CITIZEN$} {:<W_PROVIDER$} ",
                s.case_id,
                fit(&l.row.citizen, W_CITIZEN),
                fit(&l.provider, W_PROVIDER)
            ),
            base,
        ),
        styled(format!("{:<W_STATUS$} ", text::stays::stay_status(f.status)), base.patch(status_style)),
        styled(fit(&markers.join(", "), width.saturating_sub(used)), base.patch(flag_style)),
    ]);
    let end = s.ended.map(|e| {
        let mark = if e.kind == EndKind::Interrupted { "!" } else { "" };
        format!("{}{mark}", format_date_dk(e.on))
    });
    let (so_far, committed) = match f.status {
        StayStatus::Refused => ("–".to_string(), "–".to_string()),
        StayStatus::Recommended => ("–".to_string(), format!("({})", amount_or_error(&f.committed))),
        StayStatus::Approved => ("–".to_string(), amount_or_error(&f.committed)),
        _ => (amount_or_error(&f.so_far), amount_or_error(&f.committed)),
    };
    let second = Line::from(styled(
        format!(
            "       {:<W_DATE$} {:<W_DATE$} {:<W_DATE$} {:>W_DAYS$} {:>W_AMOUNT$} {:>W_AMOUNT$}",
            format_date_dk(s.start()),
            format_date_dk(s.planned_end),
            end.unwrap_or_else(|| "–".into()),
            if f.days_so_far > 0 { f.days_so_far.to_string() } else { "–".into() },
            so_far,
            committed
        ),
        base,
    ));
    [first, second]
}

/// Flags that are overdue reports or decisions, shown in red; the others
/// (length, ...) in yellow.
fn urgent(f: &StayFlag) -> bool {
    !matches!(f, StayFlag::LongerThanUsual { .. })
}

// ---------------------------------------------------------------------------
// One stay
// ---------------------------------------------------------------------------

/// A line of text with an amount at the right edge of `width`.
fn money_line(label: String, amount: Ore, width: usize, style: Style) -> Line<'static> {
    let amount = amount.format_dk();
    let room = width.saturating_sub(W_LINE_AMOUNT.max(amount.chars().count() + 1));
    Line::from(styled(format!("{:<room$}{:>w$}", fit(&label, room), amount, w = width - room), style))
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
    let s = &d.line.row.stay;
    let f = &d.line.figures;
    let width = width.max(20);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let plain = |lines: &mut Vec<Line<'static>>, t: String| lines.push(Line::from(fit(&t, width)));

    let wrapped = |lines: &mut Vec<Line<'static>>, t: String| {
        for l in wrap("", &t, width) {
            lines.push(Line::from(l));
        }
    };
    if let Some(p) = &d.provider {
        let mut who = format!("Leverandør: {}", p.name);
        if !p.tilbudsportalen_id.is_empty() {
            who.push_str(&format!(" (Tilbudsportalen {})", p.tilbudsportalen_id));
        }
        if !p.contact.is_empty() {
            who.push_str(&format!(" · {}", p.contact));
        }
        wrapped(&mut lines, who);
        let services: Vec<&str> = s.services.iter().map(|v| text::stays::service(*v)).collect();
        wrapped(&mut lines, format!("Ydelser: {} · {}", services.join(", "), terms(p)));
    }
    plain(&mut lines, format!("Rådgiver: {}", d.line.row.counsellor));
    for l in wrap(
        &format!("Indstillet {} af {}:", format_date_dk(s.recommendation.on), s.recommendation.by),
        &s.recommendation.text,
        width,
    ) {
        lines.push(Line::from(l));
    }
    match &s.decision {
        Some(dec) if dec.approved => plain(&mut lines, format!("Bevilget {} af {}", format_date_dk(dec.on), dec.by)),
        Some(dec) => {
            for l in wrap(&format!("AFSLAG {} af {}:", format_date_dk(dec.on), dec.by), &dec.note, width) {
                lines.push(Line::from(styled(l, theme.warning())));
            }
        }
        None => plain(
            &mut lines,
            format!(
                "Afventer afgørelse ({}) før planlagt start {}",
                text::stays::decider(sh.profile.stay.decided_by).to_lowercase(),
                format_date_dk(s.planned_start)
            ),
        ),
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
    if f.days_so_far > 0 {
        when.push_str(&format!(" · {}", text::days(i64::from(f.days_so_far))));
    }
    wrapped(&mut lines, when);
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
        wrapped(
            &mut lines,
            format!("Midtvejsstatus: {midway} · slutstatus: {final_status}{}", aftercare.unwrap_or_default()),
        );
    }
    if let (Some(due), Some(e)) = (d.report_due, s.ended)
        && e.reported_on.is_none()
    {
        plain(&mut lines, format!("Leverandøren skal melde afbruddet senest {}", format_date_dk(due)));
    }
    for flag in &f.flags {
        let style = if urgent(flag) { theme.danger() } else { theme.warning() };
        for l in wrap("", &text::stays::stay_flag_long(flag), width) {
            lines.push(Line::from(styled(l, style)));
        }
    }

    // The cost, line by line.
    lines.push(Line::from(""));
    let heading = match f.status {
        StayStatus::Recommended => format!("{} · {}", text::stays::COST_TITLE, text::stays::COST_ESTIMATE),
        StayStatus::Refused => format!("{} · afslag: ingen", text::stays::COST_TITLE),
        StayStatus::Running | StayStatus::Approved => format!("{} · til planlagt slut", text::stays::COST_TITLE),
        _ => format!("{} · hele opholdet", text::stays::COST_TITLE),
    };
    lines.push(Line::from(styled(heading, theme.bold())));
    match &f.committed {
        Ok(b) => {
            for l in &b.lines {
                lines.push(money_line(format!("  {}", text::stays::cost_line(l)), l.amount, width, theme.text()));
            }
            if s.status() != StayStatus::Refused {
                lines.push(money_line("I alt".into(), b.total, width, theme.bold()));
            }
        }
        Err(e) => lines.push(Line::from(styled(text::stays::cost_error(e), theme.danger()))),
    }
    if s.started_on.is_some() && s.ended.is_none() {
        match &f.so_far {
            Ok(b) => lines.push(money_line(
                format!("Hidtil, til og med {} ({})", format_date_dk(sh.today), text::days(i64::from(f.days_so_far))),
                b.total,
                width,
                theme.text(),
            )),
            Err(e) => lines.push(Line::from(styled(text::stays::cost_error(e), theme.danger()))),
        }
    }

    // The own payment, line by line.
    lines.push(Line::from(""));
    match &s.own_payment {
        None => {
            lines.push(Line::from(styled(text::stays::OWN_PAYMENT_SECTION, theme.bold())));
            let note = if sh.profile.stay.amount_kept_per_month.is_none() {
                text::stays::NO_AMOUNT_KEPT
            } else {
                text::stays::OWN_PAYMENT_NONE
            };
            for l in wrap("", note, width) {
                lines.push(Line::from(styled(l, theme.dim())));
            }
        }
        Some(told) => {
            let when = match told.told_on {
                Some(on) => format!("oplyst borgeren {}", format_date_dk(on)),
                None => "IKKE OPLYST BORGEREN ENDNU".into(),
            };
            let style = if told.told_on.is_none() { theme.warning() } else { theme.bold() };
            lines.push(Line::from(styled(format!("{} · {when}", text::stays::OWN_PAYMENT_SECTION), style)));
            if let (None, Some(start)) = (told.told_on, Some(s.start()))
                && start <= sh.today
            {
                lines.push(Line::from(styled(
                    fit("Borgeren skal have beløbet at vide, før opholdet starter.", width),
                    theme.warning(),
                )));
            }
            for l in &told.result.lines {
                let bold = matches!(
                    l.label,
                    crate::domain::stay::PaymentLineLabel::PerMonth
                        | crate::domain::stay::PaymentLineLabel::PerDay { .. }
                );
                lines.push(money_line(
                    format!("  {}", text::stays::payment_line(&l.label)),
                    l.amount,
                    width,
                    if bold { theme.bold() } else { theme.text() },
                ));
            }
        }
    }

    // The history.
    lines.push(Line::from(""));
    lines.push(Line::from(styled(text::stays::STAY_HISTORY, theme.bold())));
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
        // To the minute: the seconds say nothing to a reader.
        let at = e.recorded_at.replace('T', " ");
        t.push_str(&format!("  · {} {}", e.actor, at.get(..16).unwrap_or(&at)));
        lines.push(Line::from(fit(&t, width)));
    }
    lines
}

fn terms(p: &Provider) -> String {
    let yes_no = |b: bool| if b { "betales" } else { "betales ikke" };
    let mut t = format!(
        "indskrivningsdag {}, udskrivningsdag {}",
        yes_no(p.terms.bill_intake_day),
        yes_no(p.terms.bill_discharge_day)
    );
    if let Some(fee) = p.terms.early_end_fee {
        t.push_str(&format!(" · gebyr {} ved slut inden {} dage", fee.fee.format_dk(), fee.within_days));
    }
    t
}

// ---------------------------------------------------------------------------
// The totals
// ---------------------------------------------------------------------------

fn totals_lines(pane: &StaysPane, sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    let Some(t) = &pane.totals else { return vec![Line::from(text::stays::STAYS_EMPTY)] };
    let row = |label: String, a: String, b: String, c: String| format!("{label:<20}{a:>14} {b:>14} {c:>15}");
    let mut lines = vec![
        Line::from(styled(format!("{} · opgjort {}", t.year, format_date_dk(sh.today)), theme.bold())),
        Line::from(styled(
            row("Måned".into(), "Afholdt kr".into(), "Prognose kr".into(), "I alt kr".into()),
            theme.bold(),
        )),
    ];
    for m in &t.months {
        let style = if m.month == sh.today.month() { theme.accent() } else { theme.text() };
        lines.push(Line::from(styled(
            row(
                text::stays::month(m.month).into(),
                text::stays::kr(m.realised),
                text::stays::kr(m.forecast),
                text::stays::kr(m.realised + m.forecast),
            ),
            style,
        )));
    }
    lines.push(Line::from(styled(
        row(
            format!("I alt {}", t.year),
            text::stays::kr(t.realised),
            text::stays::kr(t.forecast),
            text::stays::kr(t.year_total()),
        ),
        theme.bold(),
    )));
    lines.push(Line::from(row(
        format!("{} (hele året)", t.year - 1),
        text::stays::kr(t.last_year),
        String::new(),
        text::stays::kr(t.last_year),
    )));
    lines.push(Line::from(""));
    lines.push(Line::from(styled(
        row(format!("Pr. leverandør {}", t.year), "Afholdt kr".into(), "Prognose kr".into(), "I alt kr".into()),
        theme.bold(),
    )));
    for p in &t.providers {
        let name = pane.provider(p.provider_id).map_or_else(|| format!("#{}", p.provider_id), |p| p.name.clone());
        lines.push(Line::from(row(
            fit(&name, 19),
            text::stays::kr(p.realised),
            text::stays::kr(p.forecast),
            text::stays::kr(p.realised + p.forecast),
        )));
    }
    lines.push(Line::from(""));
    let tomorrow = add_days(sh.today, 1);
    lines.push(Line::from(format!(
        "Prognose {} – 31.12.{}: {} fra {} kørende og {} bevilgede ophold, hver til planlagt slut.",
        format_date_dk(tomorrow),
        t.year,
        t.forecast.format_dk(),
        t.forecast_running,
        t.forecast_approved
    )));
    lines.push(Line::from(styled("Indstillede ophold tæller ikke med, før de er bevilget.".to_string(), theme.dim())));
    for (id, e) in &t.failed {
        lines.push(Line::from(styled(
            format!("Ophold {id} er ikke talt med: {}", text::stays::cost_error(e)),
            theme.danger(),
        )));
    }
    lines
}

// ---------------------------------------------------------------------------
// The providers
// ---------------------------------------------------------------------------

fn draw_providers(frame: &mut Frame, area: Rect, pane: &StaysPane, sh: &Shell, theme: &Theme) {
    let block = Block::default().borders(Borders::ALL).title(format!(" {} ", text::stays::PROVIDERS_TITLE));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let view = pane;
    if view.providers.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::stays::PROVIDERS_EMPTY, theme.dim())), inner);
        return;
    }
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_at = 0;
    for (i, p) in view.providers.iter().enumerate() {
        let selected = i == view.provider_selected;
        if selected {
            selected_at = lines.len();
        }
        let base = if selected { theme.selected() } else { theme.bold() };
        let mut head = format!("{}{}", if selected { "› " } else { "  " }, p.name);
        if !p.tilbudsportalen_id.is_empty() {
            head.push_str(&format!(" · Tilbudsportalen {}", p.tilbudsportalen_id));
        }
        if !p.contact.is_empty() {
            head.push_str(&format!(" · {}", p.contact));
        }
        lines.push(Line::from(styled(fit(&head, width), base)));
        for l in wrap("    ", &terms(p), width) {
            lines.push(Line::from(l));
        }
        let figures = match (p.food_per_day, p.lodging_per_day) {
            (None, None) => "kost og logi: ikke oplyst".to_string(),
            (food, lodging) => format!(
                "kost {} pr. dag, logi {} pr. dag",
                food.map_or("–".into(), Ore::format_dk),
                lodging.map_or("–".into(), Ore::format_dk)
            ),
        };
        lines.push(Line::from(styled(fit(&format!("    {figures}"), width), theme.dim())));
        let mut prices = p.prices.clone();
        prices.sort_by_key(|x| (x.service, x.valid_from));
        if prices.is_empty() {
            lines.push(Line::from(styled("    ingen priser endnu: tryk p", theme.warning())));
        }
        for price in prices {
            let current = p.price_on(price.service, sh.today) == Some(&price);
            lines.push(Line::from(fit(
                &format!(
                    "    {:<11}{:>16} {:<10} fra {}{}",
                    text::stays::service(price.service),
                    price.amount.format_dk(),
                    text::stays::price_unit(price.unit),
                    format_date_dk(price.valid_from),
                    if current { "  (gælder nu)" } else { "" }
                ),
                width,
            )));
        }
    }
    // Keep the selected provider's first line in view.
    let visible = inner.height as usize;
    let offset = selected_at.saturating_sub(visible.saturating_sub(4));
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(visible).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

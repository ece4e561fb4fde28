//! `sagsbord move --case N [--json]`: the MOVE gift-card verdict of each
//! session of a case's MOVE courses (card n earned, or why not), and the
//! cards earned, handed out, still possible, owed and to resolve: for
//! scripts and for a counsellor who wants it in writing. The rule and its
//! words are the Grupper course screen's (`course_cards`,
//! `text::groups::outcome`). The look is audited like opening the case,
//! and refused when the user may not read it.

use std::process::ExitCode;

use serde_json::{Value, json};

use super::out::Out;
use super::{Cli, Outcome, db};
use crate::domain::dates::format_date_dk;
use crate::domain::group::course::{CardRow, CardStatus, CourseCards, SessionSource};
use crate::domain::group::move_cards::{Attendance, MoveCardSettings, Phase, SessionOutcome};
use crate::store::MoveCourseData;
use crate::text::cli::printable;
use crate::text::{groups, move_cli as text};

pub fn run(cli: &Cli, case: i64, as_json: bool) -> Outcome {
    let mut store = db::writable(cli, "move")?;
    super::user::must_be_user(&store)?;
    let profile = store.profile()?;
    let courses = store.view_move_cards(case, &profile.move_cards)?;
    if as_json {
        let list: Vec<Value> =
            courses.iter().map(|(data, cards)| course_json(data, cards, &profile.move_cards)).collect();
        Out::new().json_pretty(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = Out::new();
    if courses.is_empty() {
        out.line(text::no_course(case))?;
    }
    if !profile.move_cards.enabled {
        out.line(text::no_cards(&printable(&profile.id)))?;
    }
    for (data, cards) in &courses {
        let c = &data.course;
        out.line(text::heading(c.id, c.case_id, c.screening_on, c.ended.as_ref().map(|e| e.on)))?;
        out.line(text::totals(cards))?;
        out.line(text::TABLE_HEADING)?;
        for row in &cards.rows {
            let attendance = row.session.attendance.map(groups::attendance).unwrap_or("–");
            let serial = row.hand_out.as_ref().map(|e| e.serial.as_str());
            let line = format!(
                "{}  {:<21} {:<10} {:<23} {}",
                format_date_dk(row.session.date),
                printable(&source_name(data, row)),
                attendance,
                groups::outcome(row.outcome, &profile.move_cards),
                printable(&groups::card_status(row.status, serial))
            );
            out.line(line.trim_end())?;
        }
        out.line("")?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Where the session was held: its group's name, or "Individuel".
fn source_name(data: &MoveCourseData, row: &CardRow) -> String {
    match row.session.source {
        SessionSource::Group { group_id, .. } => data.group_names.get(&group_id).cloned().unwrap_or_default(),
        SessionSource::Individual => groups::INDIVIDUAL.to_string(),
    }
}

/// One course as JSON; the keys are documented in the README and stable.
fn course_json(data: &MoveCourseData, cards: &CourseCards, settings: &MoveCardSettings) -> Value {
    let c = &data.course;
    let sessions: Vec<Value> = cards.rows.iter().map(|row| session_json(data, row, settings)).collect();
    json!({
        "course": c.id,
        "case": c.case_id,
        "screening_on": c.screening_on.to_string(),
        "follow_up_from": c.follow_up_from.map(|d| d.to_string()),
        "ended_on": c.ended.as_ref().map(|e| e.on.to_string()),
        "cards_in_force": cards.in_force,
        "cards_earned": cards.cards_earned,
        "cards_handed_out": cards.handed_out,
        "cards_still_possible": cards.cards_still_possible,
        "cards_owed": cards.not_handed_out(),
        "cards_to_resolve": cards.to_resolve(),
        "money_earned_ore": cards.money_earned.0,
        "sessions": sessions,
    })
}

fn session_json(data: &MoveCourseData, row: &CardRow, settings: &MoveCardSettings) -> Value {
    let (verdict, card_number) = verdict(row.outcome);
    json!({
        "date": row.session.date.to_string(),
        "source": match row.session.source {
            SessionSource::Group { .. } => "group",
            SessionSource::Individual => "individual",
        },
        "group": match row.session.source {
            SessionSource::Group { .. } => Some(source_name(data, row)),
            SessionSource::Individual => None,
        },
        "attendance": row.session.attendance.map(|a| match a {
            Attendance::Attended => "attended",
            Attendance::Cancelled => "cancelled",
            Attendance::NoShow => "no_show",
        }),
        "phase": match row.phase {
            Phase::Main => "main",
            Phase::FollowUp => "follow_up",
        },
        "verdict": verdict,
        "card_number": card_number,
        "why": groups::outcome(row.outcome, settings),
        "card": match row.status {
            CardStatus::NoCard => "none",
            CardStatus::HandedOut => "handed_out",
            CardStatus::NotHandedOut => "owed",
            CardStatus::ToResolve => "to_resolve",
        },
        "serial": row.hand_out.as_ref().map(|e| e.serial.clone()),
    })
}

/// The verdict's stable id, and the card it earned or belongs to.
fn verdict(o: SessionOutcome) -> (&'static str, Option<u32>) {
    match o {
        SessionOutcome::EarnedCard { card_number } => ("earned_card", Some(card_number)),
        SessionOutcome::PartOfPair { card_number } => ("part_of_pair", Some(card_number)),
        SessionOutcome::WaitingForPartner => ("waiting_for_partner", None),
        SessionOutcome::PairBrokenByNoShow => ("pair_broken_by_no_show", None),
        SessionOutcome::OutsideWindow => ("outside_window", None),
        SessionOutcome::CapReached => ("cap_reached", None),
        SessionOutcome::FollowUpPhase => ("follow_up_phase", None),
        SessionOutcome::NotCounted => ("cancelled_not_counted", None),
        SessionOutcome::NoShow => ("no_show", None),
        SessionOutcome::NotYetHeld => ("not_yet_held", None),
        SessionOutcome::CardsDisabled => ("cards_disabled", None),
    }
}

//! The words of the yearly report (Rapporter and `sagsbord report`): the
//! sections' titles, each figure's label and what the notes say, in the
//! words of Faxe's annual report where it has them.

use super::markers::Marker;
use crate::domain::cpr::Sex;
use crate::domain::dates::format_date_dk;
use crate::domain::report::{
    AgeGroup, CaseRef, ComplaintRow, LengthBucket, Note, Period, RowKey, SectionKind, TargetCheck, TargetKind,
};

pub const PANE_TITLE: &str = "Rapporter";
pub const NOT_RECORDED: &str = "Ikke registreret: sagsbord fører ikke disse oplysninger endnu.";
pub const NO_ROWS: &str = "Intet i perioden.";
pub const CASES_TITLE: &str = "Sagerne bag tallet";
pub const NO_CASES: &str = "Ingen sager bag dette tal.";
pub const CASE: &str = "Sag";
pub const CPR: &str = "CPR";
pub const COUNSELLOR: &str = "Behandler";
pub const FIGURE: &str = "Antal";
pub const AMOUNT: &str = "Kr.";
pub const WHAT: &str = "Hvad";
pub const NO_CPR: &str = "(intet CPR)";
pub const LOAD_FAILED: &str = "Rapporten kunne ikke læses:";
/// While the year's figures are computed (the keys still work).
pub const COMPUTING: &str = "Beregner …";
pub const WORKER_GONE: &str = "beregningen stoppede uventet";
pub const MONTH_BY_MONTH: &str = "Måned for måned";
pub const GOALS_TITLE: &str = "Årets mål og status";
pub const NO_GOALS: &str = "Ingen mål skrevet for året.";
pub const NEW_GOAL_TITLE: &str = "Nyt mål for";
pub const EDIT_GOAL_TITLE: &str = "Ret mål for";
pub const F_GOAL: &str = "Mål";
pub const F_STATUS: &str = "Status";
pub const HINT_STATUS: &str = "Hvordan målet er opfyldt; kan vente";
pub const GOAL_SAVED: &str = "Målet er gemt.";
pub const GOAL_YEAR: &str = "År";

pub fn goal_problem(p: crate::domain::report::GoalProblem) -> String {
    match p {
        crate::domain::report::GoalProblem::Empty => "Skriv målet.".into(),
        crate::domain::report::GoalProblem::TooLong { limit } => format!("Højst {limit} tegn."),
    }
}

pub const CASE_NOT_SHOWN: &str = "Sagen er ikke i Indtag-listen (lukket eller i behandling); se den under Planer.";

pub fn section_title(kind: SectionKind) -> String {
    match kind {
        SectionKind::Courses => "Forløb".into(),
        SectionKind::Length => "Behandlingsperiode for afsluttede forløb".into(),
        SectionKind::Sex => "Køn (forløb startet)".into(),
        SectionKind::Age => "Alder ved start".into(),
        SectionKind::Substances => "Rusmidler (forløb startet)".into(),
        SectionKind::Citizenship => "Statsborgerskab".into(),
        SectionKind::Family => "Familiære forhold".into(),
        SectionKind::EndReasons => "Afsluttede forløb efter årsag".into(),
        SectionKind::ClosedContacts => "Henvendelser lukket uden behandling".into(),
        SectionKind::Guarantee => "Behandlingsgarantien (14 dage)".into(),
        SectionKind::FollowUp(m) => format!("Opfølgning efter {m} {}", if m == 1 { "måned" } else { "måneder" }),
        SectionKind::ReEnrolment => "Genindskrivning inden for 12 måneder".into(),
        SectionKind::MoveCards => "MOVE-gavekort".into(),
        SectionKind::StaysByMonth => "Døgnophold: udgift pr. måned".into(),
        SectionKind::StayDaysByMonth => "Døgnophold: dage pr. måned".into(),
        SectionKind::StaysByProvider => "Døgnophold: udgift pr. leverandør".into(),
        SectionKind::StaysByStay => "Døgnophold: udgift pr. ophold".into(),
        SectionKind::Notifications => "Underretninger".into(),
        SectionKind::Complaints => "Klager".into(),
    }
}

pub fn row_label(key: &RowKey) -> String {
    match key {
        RowKey::Started => "Startet i perioden".into(),
        RowKey::Active => "I behandling i perioden".into(),
        RowKey::StillOpen => "Startet, ikke afsluttet".into(),
        RowKey::EndedOfStarted => "Startet og afsluttet".into(),
        RowKey::Length(b) => match b {
            LengthBucket::UpTo3 => "0-3 måneder".into(),
            LengthBucket::From3To6 => "3-6 måneder".into(),
            LengthBucket::From6To9 => "6-9 måneder".into(),
            LengthBucket::Over9 => "Længere end 9 måneder".into(),
        },
        RowKey::Sex(Some(Sex::Male)) => "Mand".into(),
        RowKey::Sex(Some(Sex::Female)) => "Kvinde".into(),
        RowKey::Sex(None) => "Ukendt (intet CPR)".into(),
        RowKey::Age(g) => match g {
            AgeGroup::Year(y) => format!("{y} år"),
            AgeGroup::From19To30 => "19-30 år".into(),
            AgeGroup::From31To40 => "31-40 år".into(),
            AgeGroup::From41To50 => "41-50 år".into(),
            AgeGroup::From51To60 => "51-60 år".into(),
            AgeGroup::Over60 => "Over 60 år".into(),
            AgeGroup::Unknown => "Ukendt (intet CPR)".into(),
        },
        RowKey::Substance(Some(s)) => super::intake::substance(*s).into(),
        RowKey::Substance(None) => "Intet registreret".into(),
        RowKey::Citizenship(Some(c)) => super::intake::citizenship(*c).into(),
        RowKey::Family(Some(f)) => super::intake::family(*f).into(),
        RowKey::Citizenship(None) | RowKey::Family(None) => "Ikke oplyst".into(),
        RowKey::Pregnant => "Gravid".into(),
        RowKey::ChildrenAtHome => "Børn under 18 år hjemme".into(),
        RowKey::ChildrenPlaced => "Med anbragte børn".into(),
        RowKey::Reason(r) => super::plans::discharge_reason(*r).into(),
        RowKey::ClosedWithoutTreatment => "Lukket uden behandling".into(),
        RowKey::ClosingReason(Some(r)) => format!("Heraf: {}", super::intake::closing_reason(*r)),
        RowKey::ClosingReason(None) => format!("Heraf: {}", super::intake::CLOSING_REASON_NOT_GIVEN),
        RowKey::GuaranteeKept => "Startet inden fristen".into(),
        RowKey::GuaranteeMissedSpecial => "Over fristen, særlig vurdering".into(),
        RowKey::GuaranteeMissed => "Over fristen, ingen begrundelse".into(),
        RowKey::GuaranteeFreeChoice => "Frit valg (garantien gælder ikke)".into(),
        RowKey::Outcome(o) => super::plans::call_outcome(*o).into(),
        RowKey::NotReached => "Ikke truffet".into(),
        RowKey::Declined => "Frabedt opfølgning".into(),
        RowKey::Completed => "Færdigbehandlet i perioden".into(),
        RowKey::ReEnrolled => "Heraf genindskrevet".into(),
        RowKey::CardsHandedOut => "Udleveret i perioden".into(),
        RowKey::CardsOwed => "Optjent, ikke udleveret (i dag)".into(),
        RowKey::CardsOnHand(v) => format!("På lager à {} kr.", v.format_number_dk()),
        RowKey::StayMonth(m) | RowKey::StayDays(m) => super::stays::month(*m).into(),
        RowKey::Stay { case_id, provider, .. } => format!("Sag {case_id} · {provider}"),
        RowKey::Provider { name, .. } => name.clone(),
        RowKey::NotificationsSent => "Sendt i perioden".into(),
        RowKey::ReceiptInTime => "Kvitteret inden 6 arbejdsdage".into(),
        RowKey::ReceiptLate => "Kvitteret senere".into(),
        RowKey::ReceiptMissing => "Kvittering mangler".into(),
        RowKey::Complaint(c) => match c {
            ComplaintRow::Received => "Modtaget i perioden".into(),
            ComplaintRow::Late => "Heraf efter klagefristen".into(),
            ComplaintRow::AwaitingReassessment => "Afventer genvurdering".into(),
            ComplaintRow::ChangedByCentre => "Ændret af centret ved genvurdering".into(),
            ComplaintRow::UpheldNotForwarded => "Fastholdt, ikke videresendt".into(),
            ComplaintRow::Forwarded => "Videresendt til Ankestyrelsen".into(),
            ComplaintRow::ForwardedAfterDeadline => "Heraf videresendt efter 4 uger".into(),
            ComplaintRow::AwaitingResult => "Afventer Ankestyrelsen".into(),
            ComplaintRow::Result(r) => format!("Ankestyrelsen: {}", super::complaints::result(*r).to_lowercase()),
        },
    }
}

/// "2025", or "01.03.2025-31.08.2025".
pub fn period(p: Period) -> String {
    match p.whole_year() {
        Some(year) => year.to_string(),
        None => format!("{}-{}", format_date_dk(p.from), format_date_dk(p.to)),
    }
}

pub fn heading(centre: &str, p: Period, today: chrono::NaiveDate, profile: &str) -> String {
    format!("Årsrapport {} · {centre} · opgjort {} · profil {profile}", period(p), format_date_dk(today))
}

/// The municipality's report's first lines: the period, the centres and
/// what the figures are.
pub fn municipality_heading(p: Period, today: chrono::NaiveDate, centres: &[&str], profiles: &str) -> Vec<String> {
    vec![
        format!(
            "Kommunens årsrapport {} · {} {} · opgjort {}",
            period(p),
            centres.len(),
            if centres.len() == 1 { "center" } else { "centre" },
            format_date_dk(today)
        ),
        format!("Centrene: {}.", centres.join(", ")),
        format!(
            "Tallene er alle centrenes lagt sammen (profil {profiles}); ingen sager nævnes. Hvert center følger for sig nedenfor."
        ),
    ]
}

/// A share in whole percent, rounded down; "-" of nobody.
/// Every marker of the Rapporter pane: a target met or not, and a gift
/// card ledger that does not balance.
pub const REPORT_MARKERS: [Marker; 4] = [
    Marker { text: "MÅLET ER NÅET", meaning: "Andelen når profilens mål", rule: "regel 6, targets" },
    Marker { text: "MÅLET ER IKKE NÅET", meaning: "Andelen når ikke profilens mål", rule: "regel 6, targets" },
    Marker { text: "STEMMER IKKE", meaning: "Gavekortregnskabet går ikke op", rule: "regel 7.1, move_cards" },
    Marker { text: "-", meaning: "Ingen at regne en procent af", rule: "regel 6" },
];

pub fn percent(count: usize, of: usize) -> String {
    (count.saturating_mul(100)).checked_div(of).map_or_else(|| REPORT_MARKERS[3].text.into(), |p| format!("{p} %"))
}

fn target(t: &TargetCheck) -> String {
    let what = match t.kind {
        TargetKind::ReduceOrAbstainAtLeast => format!("mindst {} % reduceret eller stoffri", t.percent),
        TargetKind::ReduceOrStopAtLeast => format!("mindst {} % reduceret eller ophørt", t.percent),
        TargetKind::ReEnrolledAtMost => format!("højst {} % genindskrevet", t.percent),
    };
    let verdict = match t.met() {
        Some(true) => REPORT_MARKERS[0].text,
        Some(false) => REPORT_MARKERS[1].text,
        None => "kan ikke vurderes (ingen at måle på)",
    };
    format!("Mål: {what}. Resultat: {} af {} ({}): {verdict}.", t.count, t.of, percent(t.count, t.of))
}

pub fn note(n: &Note) -> String {
    match n {
        Note::NotRecorded => NOT_RECORDED.into(),
        Note::ShareInTime { kept, judged } => format!(
            "Startet inden fristen: {kept} af {judged} ({}). Frit valg tælles ikke med.",
            percent(*kept, *judged)
        ),
        Note::Breach { case_id, days_over, special_reason } => match special_reason {
            Some(reason) => {
                format!("Sag {case_id}: {} over fristen; særlig vurdering: {reason}", super::days(*days_over))
            }
            None => format!("Sag {case_id}: {} over fristen; ingen begrundelse registreret", super::days(*days_over)),
        },
        Note::Target(t) => target(t),
        Note::WindowsOpen(n) => format!("For {n} af forløbene er de 12 måneder ikke gået endnu."),
        Note::LedgerBalances(true) => {
            "Regnskabet stemmer: modtaget = udleveret + annulleret + bortkommet + lager.".into()
        }
        Note::LedgerBalances(false) => {
            format!("Regnskabet {}: se gavekortregnskabet under Grupper.", REPORT_MARKERS[2].text)
        }
        Note::StayYear { year, realised, forecast, realised_to } => format!(
            "{year}: afholdt til {} {} kr., prognose resten af året {} kr., i alt {} kr.",
            format_date_dk(*realised_to),
            realised.format_number_dk(),
            forecast.format_number_dk(),
            (*realised + *forecast).format_number_dk()
        ),
        Note::StayDays { realised, forecast } => format!(
            "Dage: afholdt {realised}, prognose resten af året {forecast}, i alt {}. Antal er dage.",
            realised + forecast
        ),
        Note::StaysNotCostedCount(n) => {
            format!("{n} ophold, der ikke kan prissættes (en dag uden pris), er udeladt.")
        }
        Note::StaysNotCosted(cases) => format!(
            "Ophold der ikke kan prissættes (en dag uden pris) er udeladt: sag {}.",
            cases.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
        ),
        Note::ReceiptWorkingDays(waits) => {
            format!("Fra afsendt til kvittering: median {}, længst {} arbejdsdage.", waits.median(), waits.longest())
        }
    }
}

/// A case behind a figure: number, masked CPR and counsellor, never a name.
pub fn case_line(c: &CaseRef) -> (String, String, String) {
    (c.case_id.to_string(), c.masked_cpr.clone().unwrap_or_else(|| NO_CPR.into()), c.counsellor.clone())
}

// The command line (`sagsbord report`).

pub const ABOUT: &str =
    "Årsrapporten for et år (standard: sidste hele år) eller en periode, som tekst eller JSON; sager nævnes ved nummer";
pub const YEAR_HELP: &str = "Året (f.eks. 2025); standard er sidste hele år";
pub const FROM_HELP: &str = "Periodens første dag (sammen med --to)";
pub const TO_HELP: &str = "Periodens sidste dag (sammen med --from)";
pub const JSON_HELP: &str = "Skriv JSON med faste engelske nøgler (se README) i stedet for tekst";
pub const CSV_HELP: &str = "Skriv en CSV-fil pr. afsnit i MAPPE (oprettes, hvis den mangler); kolonner i README";
pub const HTML_HELP: &str = "Skriv rapporten som én selvstændig HTML-fil til udskrift på A4";
pub const XLSX_HELP: &str = "Skriv rapporten som regneark (xlsx): et ark og et diagram pr. afsnit";
pub const FORCE_HELP: &str = "Erstat filer, der findes i forvejen";
/// The municipality's column of its workbook, and the centre's of its goals.
pub const MUNICIPALITY: &str = "Kommunen";
pub const CENTRE: &str = "Center";
pub const MUNICIPALITY_HELP: &str = "Kommunens rapport: alle centrene lagt sammen og hvert center for sig, kun tal, ingen sager (kun kommunens centrale team, på en PostgreSQL-server; tekst, JSON, en side med --html eller regneark med --xlsx)";
pub const SECTION_HELP: &str = "Kun en del af rapporten: stays = døgnophold (udgift pr. ophold, måned, år og leverandør, dage pr. måned og prognosen)";
pub const REPORT_TITLE: &str = "Årsrapport";

pub fn csv_not_a_folder(dir: &std::path::Path) -> String {
    format!("{} er ikke en mappe (eller er et symbolsk link); intet er skrevet", super::cli::shown(dir))
}

pub fn csv_folder_failed(dir: &std::path::Path, e: &std::io::Error) -> String {
    format!(
        "mappen {} kan ikke oprettes eller læses: {}; intet er skrevet",
        super::cli::shown(dir),
        super::cli::io_error(e)
    )
}

pub fn xlsx_failed(e: &str) -> String {
    format!("regnearket kunne ikke dannes: {e}; intet er skrevet")
}

pub fn written(path: &std::path::Path) -> String {
    format!("Skrevet: {}", super::cli::shown(path))
}

pub const PERIOD_REVERSED: &str = "--to ligger før --from";
pub const YEAR_OUT_OF_RANGE: &str = "året kan ikke regnes med";

/// A bar of `value` against `max` in at most `width` cells of '█' (not
/// colour, so it reads the same under NO_COLOR); a value above nothing
/// gets at least one cell so it never looks like zero.
pub fn bar(value: i64, max: i64, width: usize) -> String {
    if value <= 0 || max <= 0 {
        return String::new();
    }
    let cells = (i128::from(value) * width as i128 / i128::from(max)).clamp(1, width as i128) as usize;
    "█".repeat(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every marker a report can draw is a line of the table the legend
    /// lists.
    #[test]
    fn every_report_marker_is_in_its_legend_table() {
        let check = |count| TargetCheck { kind: TargetKind::ReduceOrStopAtLeast, percent: 50, count, of: 4 };
        assert!(note(&Note::Target(check(3))).ends_with(&format!(": {}.", REPORT_MARKERS[0].text)));
        assert!(note(&Note::Target(check(1))).ends_with(&format!(": {}.", REPORT_MARKERS[1].text)));
        assert!(note(&Note::LedgerBalances(false)).contains(REPORT_MARKERS[2].text));
        assert!(!note(&Note::LedgerBalances(true)).contains(REPORT_MARKERS[2].text));
        assert_eq!(percent(0, 0), REPORT_MARKERS[3].text);
    }
}

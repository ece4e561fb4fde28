//! The Døgn pane's words.

/// The pane's name on its tab.
pub const PANE: &str = "Døgn";

use super::markers::Marker;
use crate::domain::dates::format_date_dk;
use crate::domain::money::{MoneyParseError, Ore};
use crate::domain::policy::StayDecider;
use crate::domain::stay::overview::StayFlag;
use crate::domain::stay::provider::PriceProblem;
use crate::domain::stay::{
    CostError, CostLine, CostLineKind, EndKind, Milestone, NewStayProblem, OwnPaymentProblem, PaymentLineLabel, Price,
    PriceUnit, Provider, ProviderProblem, Service, SpentChange, StayStatus, StayStepKind, StayStepProblem,
    ToldOwnPayment,
};

pub fn service(s: Service) -> &'static str {
    match s {
        Service::Treatment => "Behandling",
        Service::Stay => "Ophold",
        Service::Other => "Andet",
    }
}

pub fn price_unit(u: PriceUnit) -> &'static str {
    match u {
        PriceUnit::PerDay => "pr. dag",
        PriceUnit::PerMonth => "pr. måned",
    }
}

/// "1.500,00 kr pr. dag".
pub fn price(p: &Price) -> String {
    format!("{} {}", p.amount.format_dk(), price_unit(p.unit))
}

/// "1.500,00/dag": a price in a narrow column, "kr" in the title.
pub fn price_short(p: &Price) -> String {
    let unit = match p.unit {
        PriceUnit::PerDay => "dag",
        PriceUnit::PerMonth => "md",
    };
    format!("{}/{unit}", p.amount.format_number_dk())
}

/// A provider's name, Tilbudsportalen id and contact, as known.
pub fn provider_head(p: &Provider) -> String {
    let mut head = p.name.clone();
    if !p.tilbudsportalen_id.is_empty() {
        head.push_str(&format!(" · Tilbudsportalen {}", p.tilbudsportalen_id));
    }
    if !p.contact.is_empty() {
        head.push_str(&format!(" · {}", p.contact));
    }
    head
}

/// A price from its first day, in columns: "Behandling  1.450,00 kr pr. dag
/// fra 01.01.2025", marked when it is the one in force.
pub fn price_since(p: &Price, in_force: bool) -> String {
    format!(
        "{:<11}{:>16} {:<10} fra {}{}",
        service(p.service),
        p.amount.format_dk(),
        price_unit(p.unit),
        format_date_dk(p.valid_from),
        if in_force { PRICE_IN_FORCE } else { "" }
    )
}

/// A provider's billing terms in one sentence.
pub fn terms(p: &Provider) -> String {
    let billed = |b: bool| if b { "betales" } else { "betales ikke" };
    let mut t = format!(
        "indskrivningsdag {}, udskrivningsdag {}",
        billed(p.terms.bill_intake_day),
        billed(p.terms.bill_discharge_day)
    );
    if let Some(fee) = p.terms.early_end_fee {
        t.push_str(&format!(" · gebyr {} ved slut inden {} dage", fee.fee.format_dk(), fee.within_days));
    }
    t
}

/// A provider's figures for the own payment.
pub fn food_and_lodging(food: Option<Ore>, lodging: Option<Ore>) -> String {
    match (food, lodging) {
        (None, None) => "kost og logi: ikke oplyst".to_string(),
        (food, lodging) => format!(
            "kost {} pr. dag, logi {} pr. dag",
            food.map_or(NO_FIGURE.into(), Ore::format_dk),
            lodging.map_or(NO_FIGURE.into(), Ore::format_dk)
        ),
    }
}

pub fn stay_status(s: StayStatus) -> &'static str {
    match s {
        StayStatus::Recommended => "Indstillet",
        StayStatus::Approved => "Bevilget",
        StayStatus::Running => "Kører",
        StayStatus::Ended => "Afsluttet",
        StayStatus::Interrupted => "Afbrudt",
        StayStatus::Aftercare => "Efterbeh.",
        StayStatus::Refused => "Afslag",
    }
}

const PROVIDER_RULE: &str = "regel 4";
const INTERRUPTION_RULE: &str = "regel 4, stay.interruption_report_days";
const COST_RULE: &str = "regel 7.2";

/// Every marker of the Døgn list: a stay's flags, a missing price, a cost
/// in brackets, an interrupted stay's end date.
pub const STAY_MARKERS: [Marker; 11] = [
    Marker { text: "AFGØRELSE MANGLER", meaning: "Start passeret uden afgørelse", rule: "regel 4, stay.decided_by" },
    Marker { text: "MIDTVEJSSTATUS MANGLER", meaning: "Leverandørens midtvejsstatus mangler", rule: PROVIDER_RULE },
    Marker { text: "OVER PLANLAGT SLUT", meaning: "Planlagt slut passeret: registrér slut", rule: PROVIDER_RULE },
    Marker { text: "SLUTSTATUS MANGLER", meaning: "Leverandørens slutstatus mangler", rule: PROVIDER_RULE },
    Marker { text: "AFBRUD IKKE MELDT", meaning: "Ikke meldt i tide", rule: INTERRUPTION_RULE },
    Marker { text: "AFBRUD MELDT FOR SENT", meaning: "Meldt for sent", rule: INTERRUPTION_RULE },
    Marker {
        text: "LÆNGERE END SÆDVANLIGT",
        meaning: "Over sædvanlig længde",
        rule: "regel 4, stay.usual_length_months",
    },
    Marker { text: "EGENBETALING IKKE OPLYST", meaning: "Borgeren kender ikke egenbetalingen", rule: "regel 7.3" },
    Marker { text: "PRIS MANGLER", meaning: "En dag uden pris: udgiften kan ikke regnes", rule: COST_RULE },
    Marker { text: "(… kr.)", meaning: "Indstillet, ikke bevilget: anslået udgift", rule: COST_RULE },
    Marker { text: "!", meaning: "Efter slutdatoen: opholdet blev afbrudt", rule: PROVIDER_RULE },
];

/// The text marker of a flag in the list: state is never shown by colour alone.
pub fn stay_flag(f: &StayFlag) -> &'static str {
    match f {
        StayFlag::DecisionOverdue { .. } => STAY_MARKERS[0].text,
        StayFlag::MidwayStatusMissing { .. } => STAY_MARKERS[1].text,
        StayFlag::PastPlannedEnd { .. } => STAY_MARKERS[2].text,
        StayFlag::FinalStatusMissing { .. } => STAY_MARKERS[3].text,
        StayFlag::InterruptionNotReported { .. } => STAY_MARKERS[4].text,
        StayFlag::InterruptionReportedLate { .. } => STAY_MARKERS[5].text,
        StayFlag::LongerThanUsual { .. } => STAY_MARKERS[6].text,
        StayFlag::OwnPaymentNotTold { .. } => STAY_MARKERS[7].text,
    }
}

/// A stay recommended and not approved: its cost to the end is an
/// estimate, in brackets as the legend shows.
pub fn estimate(amount: &str) -> String {
    STAY_MARKERS[9].text.replace("… kr.", amount)
}

/// After an interrupted stay's end date.
pub const INTERRUPTED_MARK: &str = STAY_MARKERS[10].text;

/// A flag said in full, for the detail view.
pub fn stay_flag_long(f: &StayFlag) -> String {
    match f {
        StayFlag::DecisionOverdue { planned_start } => {
            format!("AFGØRELSE MANGLER: planlagt start {} er passeret", format_date_dk(*planned_start))
        }
        StayFlag::MidwayStatusMissing { due } => {
            format!("MIDTVEJSSTATUS MANGLER: ventet senest {} (opholdets midte)", format_date_dk(*due))
        }
        StayFlag::PastPlannedEnd { planned_end } => {
            format!("OVER PLANLAGT SLUT {}: registrér slutningen eller forlængelsen", format_date_dk(*planned_end))
        }
        StayFlag::FinalStatusMissing { ended } => {
            format!("SLUTSTATUS MANGLER: opholdet sluttede {}", format_date_dk(*ended))
        }
        StayFlag::InterruptionNotReported { due } => {
            format!("AFBRUD IKKE MELDT: leverandøren skulle have orienteret senest {}", format_date_dk(*due))
        }
        StayFlag::InterruptionReportedLate { due, reported_on } => {
            format!("AFBRUD MELDT FOR SENT: meldt {}, frist {}", format_date_dk(*reported_on), format_date_dk(*due))
        }
        StayFlag::LongerThanUsual { max_months } => {
            format!("LÆNGERE END SÆDVANLIGT: profilen siger højst {max_months} måneder")
        }
        StayFlag::OwnPaymentNotTold { due } => format!(
            "EGENBETALING IKKE OPLYST: borgeren skal kende den, før opholdet starter {} (p beregner den)",
            format_date_dk(*due)
        ),
    }
}

pub fn end_kind(k: EndKind) -> &'static str {
    match k {
        EndKind::Planned => "Planlagt slut",
        EndKind::Interrupted => "Afbrudt (ikke planlagt)",
    }
}

/// Who decides, as the approval form fills it in.
pub fn decider(d: StayDecider) -> &'static str {
    match d {
        StayDecider::Centre => "Centret",
        StayDecider::VisitationCommittee => "Visitationsudvalget",
        StayDecider::SocialDepartment => "Socialafdelingen",
    }
}

pub fn stay_step_title(k: StayStepKind) -> &'static str {
    match k {
        StayStepKind::Approve => "Døgnophold bevilget",
        StayStepKind::Refuse => "Afslag på døgnophold",
        StayStepKind::Start => "Opholdet er startet",
        StayStepKind::MidwayStatus => "Midtvejsstatus modtaget",
        StayStepKind::End => "Opholdet er slut",
        StayStepKind::InterruptionReported => "Leverandøren har meldt afbruddet",
        StayStepKind::FinalStatus => "Slutstatus modtaget",
        StayStepKind::AftercareStarted => "Efterbehandling startet",
    }
}

/// A step's form title: "Opholdet er startet · ophold 12 · Peter Lund Jeppesen".
pub fn stay_step_form_title(k: StayStepKind, stay_id: i64, citizen: &str) -> String {
    format!("{} · ophold {stay_id} · {citizen}", stay_step_title(k))
}

pub fn stay_step_saved(k: StayStepKind, stay_id: i64) -> String {
    format!("{} · ophold {stay_id}: gemt.", stay_step_title(k))
}

pub fn stay_recommended(stay_id: i64, case_id: i64) -> String {
    format!("Ophold {stay_id} er indstillet (sag {case_id}).")
}

pub fn own_payment_form_title(stay_id: i64, citizen: &str) -> String {
    format!("{OWN_PAYMENT_TITLE} · ophold {stay_id} · {citizen}")
}

pub fn own_payment_saved(stay_id: i64) -> String {
    format!("{OWN_PAYMENT_TITLE} · ophold {stay_id}: gemt.")
}

pub fn provider_saved(name: &str) -> String {
    format!("{name}: gemt.")
}

pub fn price_saved(name: &str) -> String {
    format!("{name}: prisen er gemt.")
}

/// The list's summary of where the stays are.
pub fn stay_counts(running: usize, approved: usize, waiting: usize) -> String {
    format!("{running} kører · {approved} bevilget · {waiting} venter")
}

pub fn flagged_count(n: usize) -> String {
    format!("{n} markeret")
}

pub fn stay_step_date_label(k: StayStepKind) -> &'static str {
    match k {
        StayStepKind::Approve | StayStepKind::Refuse => "Afgjort den",
        StayStepKind::Start => "Indskrevet den",
        StayStepKind::End => "Udskrevet den",
        StayStepKind::InterruptionReported => "Meldt den",
        StayStepKind::MidwayStatus | StayStepKind::FinalStatus => "Modtaget den",
        StayStepKind::AftercareStarted => "Startet den",
    }
}

/// The history's word for a stored stay event kind.
pub fn stay_event_kind(kind: &str) -> String {
    let word = match kind {
        "recommended" => "Indstillet",
        "own_payment" => "Egenbetaling beregnet",
        "approve" => "Bevilget",
        "refuse" => "Afslag",
        "start" => "Startet",
        "midway_status" => "Midtvejsstatus modtaget",
        "end" => "Slut",
        "interruption_reported" => "Afbrud meldt af leverandøren",
        "final_status" => "Slutstatus modtaget",
        "aftercare_started" => "Efterbehandling startet",
        other => other,
    };
    word.to_string()
}

fn milestone(m: Milestone) -> &'static str {
    match m {
        Milestone::Recommended => "indstillingen",
        Milestone::Decided => "afgørelsen",
        Milestone::Started => "starten",
        Milestone::Ended => "slutningen",
    }
}

fn money_problem(e: &MoneyParseError) -> String {
    match e {
        MoneyParseError::Empty => "Skal udfyldes.".into(),
        MoneyParseError::NotANumber => "Skriv et beløb som 1.234,50.".into(),
        MoneyParseError::TooManyDecimals => "Højst to decimaler (øre).".into(),
        MoneyParseError::TooLarge => "Beløbet er for stort.".into(),
    }
}

pub fn new_stay_problem(p: &NewStayProblem) -> String {
    match p {
        NewStayProblem::Required => "Skal udfyldes.".into(),
        NewStayProblem::TooLong { max } => format!("Højst {max} tegn."),
        NewStayProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        NewStayProblem::Date(e) => format!("{e}"),
        NewStayProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
        NewStayProblem::NotACaseNumber => "Skriv sagsnummeret med tal, fx 7.".into(),
        NewStayProblem::NoSuchCase { id } => format!("Sag {id} findes ikke."),
        NewStayProblem::NotACitizensTreatment { kind } => {
            format!("{} henvises ikke til døgnbehandling.", super::intake::contact_kind(*kind))
        }
        NewStayProblem::NotAssessed => {
            "Døgnbehandling visiteres først efter udredning: udredningen er ikke startet.".into()
        }
        NewStayProblem::CaseClosed { on } => format!("Sagen blev afsluttet {}.", format_date_dk(*on)),
        NewStayProblem::EndBeforeStart => "Slut ligger før start.".into(),
        NewStayProblem::StartBeforeRecommendation => "Start ligger før indstillingen.".into(),
        NewStayProblem::NoPrice { service: s, on } => {
            format!("Leverandøren har ingen pris på {} den {}.", service(*s).to_lowercase(), format_date_dk(*on))
        }
        NewStayProblem::Overlaps { stay_id, start, end } => format!(
            "Sagen har allerede døgnophold {stay_id} fra {} til {}: et nyt ophold må ikke ligge i de samme dage.",
            format_date_dk(*start),
            format_date_dk(*end)
        ),
    }
}

pub fn stay_step_problem(p: &StayStepProblem) -> String {
    match p {
        StayStepProblem::Required => "Skal udfyldes.".into(),
        StayStepProblem::TooLong { max } => format!("Højst {max} tegn."),
        StayStepProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        StayStepProblem::Date(e) => format!("{e}"),
        StayStepProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
        StayStepProblem::Before { milestone: m, on } => {
            format!("Datoen ligger før {} ({}).", milestone(*m), format_date_dk(*on))
        }
        StayStepProblem::AlreadyRecorded { on } => format!("Allerede registreret den {}.", format_date_dk(*on)),
        StayStepProblem::AlreadyDecided { approved, on } => {
            format!("Allerede {} den {}.", if *approved { "bevilget" } else { "givet afslag" }, format_date_dk(*on))
        }
        StayStepProblem::Refused => "Opholdet fik afslag.".into(),
        StayStepProblem::NotApproved => "Opholdet er ikke bevilget endnu.".into(),
        StayStepProblem::NotStarted => "Opholdet er ikke startet.".into(),
        StayStepProblem::AlreadyEnded { on } => format!("Opholdet sluttede allerede {}.", format_date_dk(*on)),
        StayStepProblem::NotEnded => "Opholdet er ikke slut.".into(),
        StayStepProblem::NotInterrupted => "Opholdet blev ikke afbrudt.".into(),
        StayStepProblem::ReportForPlannedEnd => "Kun et afbrudt ophold meldes af leverandøren.".into(),
        StayStepProblem::NoKind => "Intet trin valgt.".into(),
    }
}

pub fn provider_problem(p: &ProviderProblem) -> String {
    match p {
        ProviderProblem::Required => "Skal udfyldes.".into(),
        ProviderProblem::TooLong { max } => format!("Højst {max} tegn."),
        ProviderProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        ProviderProblem::Money(e) => money_problem(e),
        ProviderProblem::Negative => "Beløbet kan ikke være negativt.".into(),
        ProviderProblem::NotADayCount => "Skriv et antal dage med tal, fx 30.".into(),
        ProviderProblem::DaysOutOfRange { min, max } => format!("Mellem {min} og {max} dage."),
        ProviderProblem::FeeIncomplete => "Et gebyr kræver både beløb og antal dage.".into(),
        ProviderProblem::NameTaken { id } => {
            format!("Leverandør {id} hedder allerede sådan: giv denne et navn, der skiller den fra.")
        }
    }
}

pub fn price_problem(p: &PriceProblem) -> String {
    match p {
        PriceProblem::Required => "Skal udfyldes.".into(),
        PriceProblem::Money(e) => money_problem(e),
        PriceProblem::Negative => "Prisen kan ikke være negativ.".into(),
        PriceProblem::Date(e) => format!("{e}"),
    }
}

/// A price from a day that has passed changes what stays have already
/// cost: each month named with the amount before and after.
pub fn price_changes_spent(changes: &[SpentChange]) -> String {
    let months: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "ophold {} {} {}: {} → {}",
                c.stay_id,
                month(c.month).to_lowercase(),
                c.year,
                c.before.format_dk(),
                c.after.format_dk()
            )
        })
        .collect();
    format!("Prisen gælder fra en dag, der er gået, og ændrer penge, der allerede er brugt: {}.", months.join("; "))
}

pub fn price_replaces(old: &Price) -> String {
    format!(
        "Leverandøren har allerede en pris på {} fra {}: {}. Den nye erstatter den.",
        service(old.service).to_lowercase(),
        format_date_dk(old.valid_from),
        price(old)
    )
}

pub fn own_payment_problem(p: &OwnPaymentProblem) -> String {
    match p {
        OwnPaymentProblem::Required => "Skal udfyldes.".into(),
        OwnPaymentProblem::Money(e) => money_problem(e),
        OwnPaymentProblem::Negative => "Beløbet kan ikke være negativt.".into(),
        OwnPaymentProblem::DaysInMonth => "En måned har 28-31 dage.".into(),
        OwnPaymentProblem::Date(e) => format!("{e}"),
        OwnPaymentProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
        OwnPaymentProblem::NoAmountKeptInProfile => NO_AMOUNT_KEPT.into(),
        OwnPaymentProblem::TooLarge => "Beløbene er for store til at regne med.".into(),
    }
}

/// The result in one sentence, shown before it is saved.
pub fn own_payment_preview(told: &ToldOwnPayment) -> String {
    let r = &told.result;
    let capped = if r.capped { " (sat ned, så borgeren beholder rådighedsbeløbet)" } else { "" };
    format!("Egenbetaling {} pr. måned, {} pr. dag{capped}.", r.per_month.format_dk(), r.per_day.format_dk())
}

/// A line of the own-payment calculation, as read to the citizen.
pub fn payment_line(label: &PaymentLineLabel) -> String {
    match label {
        PaymentLineLabel::Food { per_day, days } => format!("Kost {} × {days} dage", per_day.format_dk()),
        PaymentLineLabel::Lodging { per_day, days } => format!("Logi {} × {days} dage", per_day.format_dk()),
        PaymentLineLabel::LodgingNotCharged => "Logi: beholder egen bolig, ingen betaling".into(),
        PaymentLineLabel::FoodAndLodging => "Kost og logi i alt".into(),
        PaymentLineLabel::Income => "Indtægt pr. måned".into(),
        PaymentLineLabel::FixedExpense(name) => format!("− {name}"),
        PaymentLineLabel::AmountKept => "− Rådighedsbeløb (profilen)".into(),
        PaymentLineLabel::RoomToPay => "Kan betale (mindst 0)".into(),
        PaymentLineLabel::CappedAt => "Sat ned til det, borgeren kan betale".into(),
        PaymentLineLabel::PerMonth => "Egenbetaling pr. måned".into(),
        PaymentLineLabel::PerDay { days } => format!("Egenbetaling pr. dag (÷ {days} dage)"),
    }
}

/// "01.03–31.03.2026", or one day.
fn span(line: &CostLine) -> String {
    use chrono::Datelike;
    if line.from == line.to {
        format_date_dk(line.from)
    } else {
        format!("{:02}.{:02}–{}", line.from.day(), line.from.month(), format_date_dk(line.to))
    }
}

/// A line of the cost breakdown: when, what and how, without the amount.
pub fn cost_line(line: &CostLine) -> String {
    match line.kind {
        CostLineKind::Days { service: s, unit: PriceUnit::PerDay, rate, .. } => {
            format!("{}  {:<10} {} × {}", span(line), service(s), days(line.days), rate.format_dk())
        }
        CostLineKind::Days { service: s, unit: PriceUnit::PerMonth, rate, divisor } => {
            format!("{}  {:<10} {}/{divisor} × {}/md", span(line), service(s), line.days, rate.format_dk())
        }
        CostLineKind::EarlyEndFee { stay_days, within_days } => {
            format!("{}  Gebyr: slut efter {} (inden {within_days})", span(line), days(stay_days))
        }
    }
}

fn days(n: u32) -> String {
    if n == 1 { "1 dag".into() } else { format!("{n} dage") }
}

pub fn cost_error(e: &CostError) -> String {
    match e {
        CostError::NoPriceForDate { service: s, date } => {
            format!("PRIS MANGLER: ingen pris på {} den {}", service(*s).to_lowercase(), format_date_dk(*date))
        }
        CostError::EndBeforeStart { .. } | CostError::WindowEndsBeforeStart { .. } => {
            "PRISFEJL: slut ligger før start".into()
        }
        CostError::DuplicatePrice { service: s, valid_from } => {
            format!("PRISFEJL: to priser på {} fra {}", service(*s).to_lowercase(), format_date_dk(*valid_from))
        }
        CostError::NegativePrice { .. } | CostError::NegativeFee => "PRISFEJL: negativ pris".into(),
        CostError::ServiceListedTwice(_) => "PRISFEJL: en ydelse står to gange".into(),
        CostError::TooLarge => "PRISFEJL: beløbet er for stort".into(),
    }
}

/// A month's name, for the totals.
pub fn month(m: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "Januar",
        "Februar",
        "Marts",
        "April",
        "Maj",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "December",
    ];
    NAMES.get((m as usize).wrapping_sub(1)).copied().unwrap_or("?")
}

/// An amount in a narrow column: the Danish number, the unit in the title.
pub fn kr(amount: Ore) -> String {
    amount.format_number_dk()
}

pub const STAYS_TITLE: &str = "Døgn";
pub const STAYS_EMPTY: &str = "Ingen døgnophold. Tryk n for en ny indstilling (l: leverandører).";
pub const STAYS_NOT_LOADED: &str = "Døgnopholdene kunne ikke hentes:";
pub const STAY_NOT_OPENED: &str = "Opholdet kunne ikke åbnes:";
pub const HISTORY_NOT_LOADED: &str = "Opholdets forløb kunne ikke hentes:";
pub const STAY_GONE: &str = "Opholdet findes ikke længere i listen.";
pub const PROVIDER_GONE: &str = "Leverandøren findes ikke længere.";
pub const NO_PROVIDERS_YET: &str = "Der er ingen leverandører endnu: tryk l og derefter n for at oprette en.";
pub const SELECT_STAY_FIRST: &str = "Vælg et ophold først.";
pub const SELECT_PROVIDER_FIRST: &str = "Vælg en leverandør først (n opretter en).";
pub const NO_AMOUNT_KEPT: &str = "Egenbetalingen kan ikke beregnes: centrets profil fastsætter intet rådighedsbeløb \
(stay.amount_kept_per_month), og der findes intet landsdækkende beløb. Centret skal skrive sit eget beløb i profilen.";

pub const STAY_COL_CASE: &str = "Sag";
pub const STAY_COL_CITIZEN: &str = "Borger";
pub const STAY_COL_PROVIDER: &str = "Leverandør";
pub const STAY_COL_STATUS: &str = "Status";
pub const STAY_COL_FLAGS: &str = "Markering";
pub const STAY_COL_START: &str = "Start";
pub const STAY_COL_PLANNED_END: &str = "Plan. slut";
pub const STAY_COL_END: &str = "Faktisk";
pub const STAY_COL_DAYS: &str = "Dage";
pub const STAY_COL_SO_FAR: &str = "Hidtil kr";
pub const STAY_COL_COMMITTED: &str = "Til slut kr";

/// A marker and an amount that cannot be computed: the provider has no
/// price for a day, or its prices do not add up.
pub const PRICE_MISSING_MARKER: &str = STAY_MARKERS[8].text;
pub const PRICE_ERROR_MARKER: &str = "PRISFEJL";
/// A figure that does not apply (yet).
pub const NO_FIGURE: &str = "–";

pub const PROVIDER_COL_NAME: &str = "Leverandør";
pub const PROVIDER_COL_TREATMENT: &str = "Behandling nu";
pub const PROVIDER_COL_STAY: &str = "Ophold nu";
pub const PROVIDER_COL_OTHER: &str = "Andet nu";
pub const PROVIDER_COL_CONTACT: &str = "Kontakt";
pub const NO_PRICES_YET: &str = "ingen priser endnu: tryk p";
pub const PRICE_IN_FORCE: &str = "  (gælder nu)";

pub const STAY_TITLE: &str = "Døgnophold";
pub const STAY_HISTORY: &str = "Forløb";
pub const COST_TITLE: &str = "Pris for kommunen";
pub const COST_ESTIMATE: &str = "Overslag: opholdet er ikke bevilget";
pub const OWN_PAYMENT_SECTION: &str = "Egenbetaling (kost og logi)";
pub const OWN_PAYMENT_NONE: &str = "Ikke beregnet endnu: tryk p.";
pub const TOTALS_TITLE: &str = "Udgifter til døgnophold";
pub const PROVIDERS_TITLE: &str = "Leverandører og priser";
pub const PROVIDERS_EMPTY: &str = "Ingen leverandører endnu. Tryk n for en ny.";

pub const NEW_STAY_TITLE: &str = "Ny indstilling til døgnophold";
pub const F_STAY_CASE: &str = "Sag nr.";
pub const F_PROVIDER: &str = "Leverandør";
pub const F_STAY_SERVICES: &str = "Ydelser";
pub const F_PLANNED_START: &str = "Planlagt start";
pub const F_PLANNED_END: &str = "Planlagt slut";
pub const F_RECOMMENDED_ON: &str = "Indstillet den";
pub const F_RECOMMENDED_BY: &str = "Indstillet af";
pub const F_RECOMMENDATION: &str = "Indstilling";
pub const F_DECIDED_BY: &str = "Afgjort af";
pub const F_END_KIND: &str = "Slut";
pub const F_REPORTED_ON: &str = "Leverandøren meldte";
pub const HINT_STAY_CASE: &str = "sagsnummeret, fx 7";
pub const HINT_SERVICES: &str = "←/→ flyt, mellemrum vælger; hver ydelse betales efter sin pris";
pub const HINT_RECOMMENDATION: &str = "behandlerens indstilling, som udvalget læser den";
pub const HINT_REPORTED_ON: &str = "dato, eller tom hvis leverandøren ikke har meldt det endnu";

pub const OWN_PAYMENT_TITLE: &str = "Egenbetaling";
pub const F_INCOME: &str = "Indtægt pr. måned";
pub const EXPENSE_RENT: &str = "Husleje, egen bolig";
pub const EXPENSE_CHILD_SUPPORT: &str = "Børnebidrag";
pub const EXPENSE_DEBT: &str = "Afdrag på gæld";
pub const EXPENSE_OTHER: &str = "Andre faste udgifter";
pub const F_KEEPS_HOME: &str = "Beholder egen bolig";
pub const F_FOOD_PER_DAY: &str = "Kost pr. dag";
pub const F_LODGING_PER_DAY: &str = "Logi pr. dag";
pub const F_DAYS_IN_MONTH: &str = "Dage i måneden";
pub const F_TOLD_ON: &str = "Oplyst borgeren den";
pub const HINT_AMOUNT: &str = "kr, fx 1.234,50";
pub const HINT_EXPENSE: &str = "kr pr. måned; tom hvis ingen";
pub const HINT_PROVIDER_FIGURE: &str = "kr; leverandørens tal (husleje, el, varme)";
pub const HINT_DAYS_IN_MONTH: &str = "28-31: opholdets måned";
pub const HINT_TOLD_ON: &str = "tom: beregnet, endnu ikke oplyst borgeren";

pub const NEW_PROVIDER_TITLE: &str = "Ny leverandør";
pub const EDIT_PROVIDER_TITLE: &str = "Ret leverandør";
pub const F_PROVIDER_NAME: &str = "Navn";
pub const F_TILBUDSPORTALEN: &str = "Tilbudsportalen id";
pub const F_CONTACT: &str = "Kontakt";
pub const F_BILL_INTAKE: &str = "Indskr.dag betales";
pub const F_BILL_DISCHARGE: &str = "Udskr.dag betales";
pub const F_FEE: &str = "Gebyr v. tidlig slut";
pub const F_FEE_DAYS: &str = "Gebyr: inden dage";
pub const HINT_FEE: &str = "kr; tom hvis kontrakten intet gebyr har";

pub const NEW_PRICE_TITLE: &str = "Ny pris";
pub const F_SERVICE: &str = "Ydelse";
pub const F_UNIT: &str = "Pris gælder";
pub const F_PRICE: &str = "Pris";
pub const F_VALID_FROM: &str = "Gælder fra";

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    /// Every marker the Døgn list can draw is a line of the table the
    /// legend lists, and a stay's view says each flag beginning with it.
    #[test]
    fn every_stay_marker_is_in_its_legend_table() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let flags = [
            StayFlag::DecisionOverdue { planned_start: d },
            StayFlag::MidwayStatusMissing { due: d },
            StayFlag::PastPlannedEnd { planned_end: d },
            StayFlag::FinalStatusMissing { ended: d },
            StayFlag::InterruptionNotReported { due: d },
            StayFlag::InterruptionReportedLate { due: d, reported_on: d },
            StayFlag::LongerThanUsual { max_months: 6 },
            StayFlag::OwnPaymentNotTold { due: d },
        ];
        for (f, m) in flags.iter().zip(&STAY_MARKERS) {
            assert_eq!(stay_flag(f), m.text, "{f:?}");
            assert!(stay_flag_long(f).starts_with(m.text), "{f:?}");
        }
        assert_eq!(PRICE_MISSING_MARKER, STAY_MARKERS[8].text);
        assert_eq!(estimate(&kr(Ore(123_400))), format!("({})", kr(Ore(123_400))));
        assert_eq!(INTERRUPTED_MARK, STAY_MARKERS[10].text);
    }
}

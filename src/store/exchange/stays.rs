//! The format's records of providers, prices, residential stays and their
//! events, with their checks.

use super::case_facts::Cases;
use super::problem::{FileRecord, ImportProblem};
use super::{bad, check_recorded_at};
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::dates::format_date_dk;
use crate::domain::intake::ContactKind;
use crate::domain::money::Ore;
use crate::domain::stay::{
    ContractTerms, Decision, EarlyEndFee, EndKind, Ending as StayEnding, NewStayField, NewStayInput, NewStayProblem,
    OwnPaymentInput, OwnPaymentSettings, Price, PriceUnit, Provider, Recommendation, Service, Stay, StayStepField,
    StayStepInput, StayStepKind, ToldOwnPayment, apply_stay_step, name_taken, overlapping_stay, own_payment,
    parse_stay_step, validate_new_stay,
};
use crate::store::Result;
use crate::store::cases::parse_enum;
use crate::text::exchange as exchange_text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderRecord {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub tilbudsportalen_id: String,
    #[serde(default)]
    pub contact: String,
    pub bill_intake_day: bool,
    pub bill_discharge_day: bool,
    #[serde(default)]
    pub early_end_fee: Option<EarlyEndFee>,
    #[serde(default)]
    pub food_per_day: Option<Ore>,
    #[serde(default)]
    pub lodging_per_day: Option<Ore>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceRecord {
    pub id: i64,
    pub provider_id: i64,
    pub service: Service,
    pub unit: PriceUnit,
    pub amount: Ore,
    pub valid_from: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StayRecord {
    pub id: i64,
    pub case_id: i64,
    pub provider_id: i64,
    pub services: Vec<Service>,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub recommended: Recommendation,
    #[serde(default)]
    pub decision: Option<Decision>,
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
    #[serde(default)]
    pub midway_status_on: Option<NaiveDate>,
    #[serde(default)]
    pub ended: Option<StayEnding>,
    #[serde(default)]
    pub final_status_on: Option<NaiveDate>,
    #[serde(default)]
    pub aftercare_started_on: Option<NaiveDate>,
    #[serde(default)]
    pub own_payment: Option<OwnPaymentRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnPaymentRecord {
    pub monthly_income: Ore,
    #[serde(default)]
    pub fixed_expenses: Vec<ExpenseRecord>,
    pub keeps_own_home: bool,
    pub food_per_day: Ore,
    pub lodging_per_day: Ore,
    pub days_in_month: u32,
    pub amount_kept_per_month: Ore,
    pub per_month: Ore,
    pub per_day: Ore,
    #[serde(default)]
    pub told_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpenseRecord {
    pub name: String,
    pub amount: Ore,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StayEventRecord {
    pub id: i64,
    pub stay_id: i64,
    /// `recommended`, `own_payment`, or a stay step kind (`approve`, `end`, ...).
    pub kind: String,
    pub on: NaiveDate,
    #[serde(default)]
    pub detail: Option<String>,
    pub actor: String,
    pub recorded_at: String,
}

impl From<&Provider> for ProviderRecord {
    fn from(p: &Provider) -> Self {
        ProviderRecord {
            id: p.id,
            name: p.name.clone(),
            tilbudsportalen_id: p.tilbudsportalen_id.clone(),
            contact: p.contact.clone(),
            bill_intake_day: p.terms.bill_intake_day,
            bill_discharge_day: p.terms.bill_discharge_day,
            early_end_fee: p.terms.early_end_fee,
            food_per_day: p.food_per_day,
            lodging_per_day: p.lodging_per_day,
        }
    }
}

impl ProviderRecord {
    pub(super) fn to_provider(&self) -> Provider {
        Provider {
            id: self.id,
            name: self.name.clone(),
            tilbudsportalen_id: self.tilbudsportalen_id.clone(),
            contact: self.contact.clone(),
            terms: ContractTerms {
                bill_intake_day: self.bill_intake_day,
                bill_discharge_day: self.bill_discharge_day,
                early_end_fee: self.early_end_fee,
            },
            food_per_day: self.food_per_day,
            lodging_per_day: self.lodging_per_day,
            prices: Vec::new(),
        }
    }
}

impl From<&Stay> for StayRecord {
    fn from(s: &Stay) -> Self {
        StayRecord {
            id: s.id,
            case_id: s.case_id,
            provider_id: s.provider_id,
            services: s.services.clone(),
            planned_start: s.planned_start,
            planned_end: s.planned_end,
            recommended: s.recommendation.clone(),
            decision: s.decision.clone(),
            started_on: s.started_on,
            midway_status_on: s.midway_status_on,
            ended: s.ended,
            final_status_on: s.final_status_on,
            aftercare_started_on: s.aftercare_started_on,
            own_payment: s.own_payment.as_ref().map(|t| OwnPaymentRecord {
                monthly_income: t.input.monthly_income,
                fixed_expenses: t
                    .input
                    .fixed_expenses
                    .iter()
                    .map(|(name, amount)| ExpenseRecord { name: name.clone(), amount: *amount })
                    .collect(),
                keeps_own_home: t.input.keeps_own_home,
                food_per_day: t.input.food_per_day,
                lodging_per_day: t.input.lodging_per_day,
                days_in_month: t.input.days_in_month,
                amount_kept_per_month: t.settings.amount_kept_per_month,
                per_month: t.result.per_month,
                per_day: t.result.per_day,
                told_on: t.told_on,
            }),
        }
    }
}

impl OwnPaymentRecord {
    /// The calculation again from the figures; `None` when they do not
    /// calculate (checked on import before anything is written).
    pub(super) fn to_told(&self) -> Option<ToldOwnPayment> {
        let input = OwnPaymentInput {
            monthly_income: self.monthly_income,
            fixed_expenses: self.fixed_expenses.iter().map(|e| (e.name.clone(), e.amount)).collect(),
            keeps_own_home: self.keeps_own_home,
            food_per_day: self.food_per_day,
            lodging_per_day: self.lodging_per_day,
            days_in_month: self.days_in_month,
        };
        let settings = OwnPaymentSettings { amount_kept_per_month: self.amount_kept_per_month };
        let result = own_payment(&input, &settings).ok()?;
        Some(ToldOwnPayment { input, settings, result, told_on: self.told_on })
    }
}

impl StayRecord {
    pub(super) fn to_stay(&self) -> Stay {
        Stay {
            id: self.id,
            case_id: self.case_id,
            provider_id: self.provider_id,
            services: self.services.clone(),
            planned_start: self.planned_start,
            planned_end: self.planned_end,
            recommendation: self.recommended.clone(),
            decision: self.decision.clone(),
            started_on: self.started_on,
            midway_status_on: self.midway_status_on,
            ended: self.ended,
            final_status_on: self.final_status_on,
            aftercare_started_on: self.aftercare_started_on,
            own_payment: self.own_payment.as_ref().and_then(OwnPaymentRecord::to_told),
        }
    }
}

/// Providers, prices, stays and their events: references, amounts, and a
/// stay's dates in the order its life runs; and the rules the store keeps
/// for every provider and stay it writes, by the same domain functions: no
/// two providers of one name (`name_taken`), no two stays of a case in the
/// same days (`overlapping_stay`); a stay recommended as the form would
/// (`validate_new_stay`: an assessed case not closed before, a price for
/// every service on the planned start) and each of its steps taken as the
/// step form would (`parse_stay_step`), in the order of its life. Taken a part
/// of a list at a time, in the file's order.
#[derive(Default)]
pub(super) struct StayChecks {
    provider_ids: HashSet<i64>,
    /// The providers with their prices, as the stay form finds them (a
    /// handful in any centre).
    providers: Vec<Provider>,
    price_ids: HashSet<i64>,
    price_days: HashSet<(i64, Service, NaiveDate)>,
    /// Per stay: the day it was recommended.
    stays: HashMap<i64, NaiveDate>,
    /// The stays before this one, by case: only a case's own can overlap.
    earlier: HashMap<i64, Vec<Stay>>,
    event_ids: HashSet<i64>,
}

impl StayChecks {
    /// A part of `providers`; `first` is its first record's index.
    pub(super) fn take_providers(&mut self, records: &[ProviderRecord], first: usize) -> Result<()> {
        let Self { provider_ids, providers, .. } = self;
        for (i, p) in (first..).zip(records) {
            let at = |field: &str| format!("providers[{i}].{field}");
            if p.id <= 0 || !provider_ids.insert(p.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: p.id }));
            }
            if p.name.trim().is_empty() {
                return Err(bad(at("name"), ImportProblem::Missing));
            }
            if let Some(fee) = p.early_end_fee {
                if fee.fee.is_negative() {
                    return Err(bad(at("early_end_fee.fee"), "må ikke være negativt"));
                }
                if fee.within_days == 0 {
                    return Err(bad(at("early_end_fee.within_days"), "skal være mindst 1 dag"));
                }
            }
            for (field, amount) in [("food_per_day", p.food_per_day), ("lodging_per_day", p.lodging_per_day)] {
                if amount.is_some_and(Ore::is_negative) {
                    return Err(bad(at(field), "må ikke være negativt"));
                }
            }
            if let Some(other) = name_taken(&p.name, Some(p.id), providers) {
                return Err(bad(
                    at("name"),
                    format!("leverandør {} hedder allerede sådan; to leverandører kan ikke skelnes ad", other.id),
                ));
            }
            providers.push(p.to_provider());
        }
        Ok(())
    }

    /// A part of `provider_prices`; `first` is its first record's index.
    pub(super) fn take_prices(&mut self, records: &[PriceRecord], first: usize) -> Result<()> {
        let Self { provider_ids, providers, price_ids, price_days, .. } = self;
        for (i, p) in (first..).zip(records) {
            let at = |field: &str| format!("provider_prices[{i}].{field}");
            if p.id <= 0 || !price_ids.insert(p.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: p.id }));
            }
            if !provider_ids.contains(&p.provider_id) {
                return Err(bad(
                    at("provider_id"),
                    ImportProblem::NotInFile { what: FileRecord::Provider, id: p.provider_id },
                ));
            }
            if p.amount.is_negative() {
                return Err(bad(at("amount"), "må ikke være negativt"));
            }
            if !price_days.insert((p.provider_id, p.service, p.valid_from)) {
                return Err(bad(at("valid_from"), "leverandøren har allerede en pris for ydelsen fra den dag"));
            }
            if let Some(provider) = providers.iter_mut().find(|v| v.id == p.provider_id) {
                provider.prices.push(Price {
                    service: p.service,
                    unit: p.unit,
                    amount: p.amount,
                    valid_from: p.valid_from,
                });
            }
        }
        Ok(())
    }

    /// A part of `stays`; `first` is its first record's index, `cases` the
    /// file's cases by id.
    pub(super) fn take_stays(&mut self, records: &[StayRecord], first: usize, cases: &Cases) -> Result<()> {
        let Self { provider_ids, providers, stays, earlier, .. } = self;
        for (i, s) in (first..).zip(records) {
            let at = |field: &str| format!("stays[{i}].{field}");
            if s.id <= 0 || stays.contains_key(&s.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: s.id }));
            }
            let contact = &cases.contact(s.case_id).ok_or_else(|| {
                bad(at("case_id"), ImportProblem::NotInFile { what: FileRecord::Case, id: s.case_id })
            })?;
            // Relatives, professionals and §101a anonymous (group) treatment
            // are not referred to residential treatment.
            if cases
                .kind_and_contact(s.case_id)
                .is_some_and(|(kind, _)| !matches!(kind, ContactKind::OwnUse | ContactKind::Young))
            {
                return Err(bad(at("case_id"), "døgnophold hører til en borgers eget forløb (eget forbrug eller ung)"));
            }
            if !provider_ids.contains(&s.provider_id) {
                return Err(bad(
                    at("provider_id"),
                    ImportProblem::NotInFile { what: FileRecord::Provider, id: s.provider_id },
                ));
            }
            if s.services.is_empty() {
                return Err(bad(at("services"), "mindst én ydelse"));
            }
            if s.services.iter().enumerate().any(|(j, v)| s.services[..j].contains(v)) {
                return Err(bad(at("services"), "en ydelse står to gange"));
            }
            if s.planned_end < s.planned_start {
                return Err(bad(at("planned_end"), "ligger før planlagt start"));
            }
            let r = &s.recommended;
            if r.on < *contact {
                return Err(bad(at("recommended.on"), "ligger før sagens første henvendelse"));
            }
            if r.by.trim().is_empty() {
                return Err(bad(at("recommended.by"), ImportProblem::Missing));
            }
            if r.text.trim().is_empty() {
                return Err(bad(at("recommended.text"), ImportProblem::Missing));
            }
            // Each date of the stay's life, not before the one it follows.
            let order = |field: &str, on: Option<NaiveDate>, after: Option<(&str, NaiveDate)>| -> Result<()> {
                match (on, after) {
                    (Some(_), None) => Err(bad(at(field), "kræver det foregående trin")),
                    (Some(on), Some((what, earlier))) if on < earlier => {
                        Err(bad(at(field), format!("ligger før {what}")))
                    }
                    _ => Ok(()),
                }
            };
            let decided = s.decision.as_ref().map(|d| d.on);
            order("decision.on", decided, Some(("indstillingen", r.on)))?;
            if let Some(d) = &s.decision
                && d.by.trim().is_empty()
            {
                return Err(bad(at("decision.by"), ImportProblem::Missing));
            }
            let approved = s.decision.as_ref().filter(|d| d.approved).map(|d| ("bevillingen", d.on));
            if s.started_on.is_some() && approved.is_none() {
                return Err(bad(at("started_on"), "et ophold starter kun efter en bevilling"));
            }
            order("started_on", s.started_on, approved)?;
            let started = s.started_on.map(|d| ("starten", d));
            order("midway_status_on", s.midway_status_on, started)?;
            order("ended.on", s.ended.map(|e| e.on), started)?;
            let ended = s.ended.map(|e| ("slutningen", e.on));
            if let Some(e) = s.ended
                && e.reported_on.is_some()
                && e.kind != EndKind::Interrupted
            {
                return Err(bad(at("ended.reported_on"), "kun ved afbrudt ophold"));
            }
            order("ended.reported_on", s.ended.and_then(|e| e.reported_on), ended)?;
            order("final_status_on", s.final_status_on, ended)?;
            order("aftercare_started_on", s.aftercare_started_on, ended)?;
            if let Some(o) = &s.own_payment {
                let at = |field: &str| format!("stays[{i}].own_payment.{field}");
                if !(28..=31).contains(&o.days_in_month) {
                    return Err(bad(at("days_in_month"), "skal være 28-31"));
                }
                for (j, e) in o.fixed_expenses.iter().enumerate() {
                    if e.name.trim().is_empty() {
                        return Err(bad(at(&format!("fixed_expenses[{j}].name")), ImportProblem::Missing));
                    }
                }
                match o.to_told() {
                    None => {
                        return Err(bad(at("monthly_income"), "tallene kan ikke regnes (negative eller for store)"));
                    }
                    Some(t) if t.result.per_month != o.per_month => {
                        return Err(bad(at("per_month"), format!("beregningen giver {} øre", t.result.per_month.0)));
                    }
                    Some(t) if t.result.per_day != o.per_day => {
                        return Err(bad(at("per_day"), format!("beregningen giver {} øre", t.result.per_day.0)));
                    }
                    Some(_) => {}
                }
            }
            replay_stay(s, cases, providers).map_err(|(field, message)| bad(at(&field), message))?;
            let stay = s.to_stay();
            // A refused stay holds no days (as `overlapping_stay` counts).
            if !stay.refused()
                && let Some(NewStayProblem::Overlaps { stay_id, start, end }) =
                    overlapping_stay(&stay, earlier.get(&s.case_id).into_iter().flatten())
            {
                let field = if s.started_on.is_some() { "started_on" } else { "planned_start" };
                return Err(bad(
                    at(field),
                    format!(
                        "sagen har allerede døgnophold {stay_id} fra {} til {}: to ophold må ikke ligge i de samme dage",
                        format_date_dk(start),
                        format_date_dk(end)
                    ),
                ));
            }
            earlier.entry(s.case_id).or_default().push(stay);
            stays.insert(s.id, r.on);
        }
        Ok(())
    }

    /// A part of `stay_events`; `first` is its first record's index.
    pub(super) fn take_events(&mut self, records: &[StayEventRecord], first: usize) -> Result<()> {
        let Self { stays, event_ids, .. } = self;
        for (i, e) in (first..).zip(records) {
            let at = |field: &str| format!("stay_events[{i}].{field}");
            if e.id <= 0 || !event_ids.insert(e.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: e.id }));
            }
            let recommended = stays.get(&e.stay_id).ok_or_else(|| {
                bad(at("stay_id"), ImportProblem::NotInFile { what: FileRecord::Stay, id: e.stay_id })
            })?;
            if e.on < *recommended {
                return Err(bad(at("on"), "ligger før indstillingen"));
            }
            if !matches!(e.kind.as_str(), "recommended" | "own_payment") && parse_enum::<StayStepKind>(&e.kind).is_err()
            {
                return Err(bad(at("kind"), format!("ukendt hændelse '{}'", e.kind)));
            }
            if e.actor.trim().is_empty() {
                return Err(bad(at("actor"), ImportProblem::Missing));
            }
            check_recorded_at(at("recorded_at"), &e.recorded_at)?;
        }
        Ok(())
    }
}

/// The stay as the recommendation form would have taken it, then each step
/// of its life as the step form would, each as of its own day: the first
/// refusal as (the record's field, the words).
fn replay_stay(s: &StayRecord, cases: &Cases, providers: &[Provider]) -> std::result::Result<(), (String, String)> {
    let r = &s.recommended;
    let typed = NewStayInput {
        case_number: s.case_id.to_string(),
        provider_id: Some(s.provider_id),
        services: s.services.clone(),
        planned_start: format_date_dk(s.planned_start),
        planned_end: format_date_dk(s.planned_end),
        recommended_on: format_date_dk(r.on),
        recommended_by: r.by.clone(),
        text: r.text.clone(),
    };
    let mut stay = validate_new_stay(&typed, |id| cases.get(&id), providers, r.on).map_err(|problems| {
        let (field, problem) = &problems[0];
        (new_stay_field(*field).to_string(), exchange_text::import_new_stay_problem(problem))
    })?;
    let mut steps: Vec<(&str, StayStepInput)> = Vec::new();
    let step = |kind, on: NaiveDate| StayStepInput { kind: Some(kind), date: format_date_dk(on), ..Default::default() };
    if let Some(d) = &s.decision {
        let kind = if d.approved { StayStepKind::Approve } else { StayStepKind::Refuse };
        let reason = if d.approved { String::new() } else { d.note.clone() };
        steps.push(("decision", StayStepInput { by: d.by.clone(), reason, ..step(kind, d.on) }));
    }
    if let Some(on) = s.started_on {
        steps.push(("started_on", step(StayStepKind::Start, on)));
    }
    if let Some(on) = s.midway_status_on {
        steps.push(("midway_status_on", step(StayStepKind::MidwayStatus, on)));
    }
    if let Some(e) = s.ended {
        let reported_on = e.reported_on.map(format_date_dk).unwrap_or_default();
        let interrupted = e.kind == EndKind::Interrupted;
        steps.push(("ended", StayStepInput { interrupted, reported_on, ..step(StayStepKind::End, e.on) }));
    }
    if let Some(on) = s.final_status_on {
        steps.push(("final_status_on", step(StayStepKind::FinalStatus, on)));
    }
    if let Some(on) = s.aftercare_started_on {
        steps.push(("aftercare_started_on", step(StayStepKind::AftercareStarted, on)));
    }
    for (record_field, input) in steps {
        // As of the step's own day (or the provider's later report of an
        // interruption, given with the ending).
        let today = [&input.date, &input.reported_on]
            .into_iter()
            .filter_map(|t| crate::domain::dates::parse_date_dk(t).ok())
            .max()
            .unwrap_or(s.planned_start);
        let taken = parse_stay_step(&input, &stay, today).map_err(|problems| {
            let (field, problem) = &problems[0];
            (step_field(record_field, *field), exchange_text::import_stay_step_problem(problem))
        })?;
        apply_stay_step(&mut stay, &taken);
    }
    Ok(())
}

/// The record's field a recommendation form's field is kept in.
fn new_stay_field(field: NewStayField) -> &'static str {
    match field {
        NewStayField::Case => "case_id",
        NewStayField::Provider => "provider_id",
        NewStayField::Services => "services",
        NewStayField::PlannedStart => "planned_start",
        NewStayField::PlannedEnd => "planned_end",
        NewStayField::RecommendedOn => "recommended.on",
        NewStayField::RecommendedBy => "recommended.by",
        NewStayField::Text => "recommended.text",
    }
}

/// The record's field a step form's field is kept in.
fn step_field(record: &str, field: StayStepField) -> String {
    match (record, field) {
        ("decision", StayStepField::Date) => "decision.on".into(),
        ("decision", StayStepField::By) => "decision.by".into(),
        ("decision", StayStepField::Reason) => "decision.note".into(),
        ("ended", StayStepField::ReportedOn) => "ended.reported_on".into(),
        ("ended", _) => "ended.on".into(),
        (record, _) => record.to_string(),
    }
}

//! Providers of residential treatment (domain.md 4 and 7.2): private,
//! approved, listed on Tilbudsportalen. Each states a price per service,
//! per day or per month, valid from a date, and the terms of its contract;
//! and the figures for food and lodging that the citizen's own payment is
//! set from (domain.md 7.3).

use super::Ore;
use super::cost::{ContractTerms, EarlyEndFee, Price, PriceUnit, Service};
use crate::domain::dates::{self, DateInputError};
use crate::domain::input::{self, TextProblem};
use crate::domain::money::MoneyParseError;
use chrono::NaiveDate;

const MAX_NAME: usize = crate::domain::limits::PROVIDER_NAME;
const MAX_CONTACT: usize = crate::domain::limits::PROVIDER_CONTACT;
/// An early-ending fee's window longer than a year would be a typo.
const MAX_FEE_DAYS: u32 = 366;

/// A provider as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    pub id: i64,
    pub name: String,
    /// The provider's id on Tilbudsportalen; empty when not yet known.
    pub tilbudsportalen_id: String,
    /// Contact person, phone, e-mail: free text.
    pub contact: String,
    pub terms: ContractTerms,
    /// The provider's figure for food per day, for the own payment.
    pub food_per_day: Option<Ore>,
    /// The provider's figure for lodging per day (rent, electricity,
    /// heating), for the own payment.
    pub lodging_per_day: Option<Ore>,
    /// Every price the provider has stated, in any order.
    pub prices: Vec<Price>,
}

impl Provider {
    /// The price of `service` in force on `day`: the one with the latest
    /// `valid_from` on or before it.
    pub fn price_on(&self, service: Service, day: NaiveDate) -> Option<&Price> {
        self.prices.iter().filter(|p| p.service == service && p.valid_from <= day).max_by_key(|p| p.valid_from)
    }

    /// The prices in force on `day`, in the order of [`Service`].
    pub fn prices_on(&self, day: NaiveDate) -> Vec<&Price> {
        Service::ALL.iter().filter_map(|s| self.price_on(*s, day)).collect()
    }

    /// The services the provider has any price for.
    pub fn priced_services(&self) -> Vec<Service> {
        Service::ALL.into_iter().filter(|s| self.prices.iter().any(|p| p.service == *s)).collect()
    }
}

/// The provider form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProviderInput {
    pub name: String,
    pub tilbudsportalen_id: String,
    pub contact: String,
    pub bill_intake_day: bool,
    pub bill_discharge_day: bool,
    /// The early-ending fee; empty when the contract has none.
    pub fee: String,
    /// The fee applies when the stay lasted at most this many days.
    pub fee_within_days: String,
    pub food_per_day: String,
    pub lodging_per_day: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderField {
    Name,
    TilbudsportalenId,
    Contact,
    Fee,
    FeeWithinDays,
    FoodPerDay,
    LodgingPerDay,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderProblem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    Money(MoneyParseError),
    Negative,
    /// Not a whole number of days.
    NotADayCount,
    DaysOutOfRange {
        min: u32,
        max: u32,
    },
    /// A fee needs the number of days it applies within, and the days a fee.
    FeeIncomplete,
    /// Another provider has this name: the recommendation form, the lists
    /// and the totals name providers by name, so two of one name could not
    /// be told apart.
    NameTaken {
        id: i64,
    },
}

/// Checks a typed provider. The result has id 0 and no prices: the store
/// numbers it, and prices are added one at a time with [`parse_price`].
pub fn validate_provider(input: &ProviderInput) -> Result<Provider, Vec<(ProviderField, ProviderProblem)>> {
    let mut problems = Vec::new();
    let name = input.name.trim();
    for (field, text, required, max) in [
        (ProviderField::Name, name, true, MAX_NAME),
        (ProviderField::TilbudsportalenId, input.tilbudsportalen_id.trim(), false, MAX_NAME),
        (ProviderField::Contact, input.contact.trim(), false, MAX_CONTACT),
    ] {
        if let Err(p) = check_text(text, required, max) {
            problems.push((field, p));
        }
    }
    let fee = optional_amount(&input.fee).map_err(|p| problems.push((ProviderField::Fee, p))).ok().flatten();
    let within = match input.fee_within_days.trim() {
        "" => None,
        text => match text.parse::<u32>() {
            Ok(n) if (1..=MAX_FEE_DAYS).contains(&n) => Some(n),
            Ok(_) => {
                problems.push((
                    ProviderField::FeeWithinDays,
                    ProviderProblem::DaysOutOfRange { min: 1, max: MAX_FEE_DAYS },
                ));
                None
            }
            Err(_) => {
                problems.push((ProviderField::FeeWithinDays, ProviderProblem::NotADayCount));
                None
            }
        },
    };
    let fee_given = !input.fee.trim().is_empty();
    let days_given = !input.fee_within_days.trim().is_empty();
    if fee_given && !days_given {
        problems.push((ProviderField::FeeWithinDays, ProviderProblem::FeeIncomplete));
    } else if days_given && !fee_given {
        problems.push((ProviderField::Fee, ProviderProblem::FeeIncomplete));
    }
    let food = optional_amount(&input.food_per_day).map_err(|p| problems.push((ProviderField::FoodPerDay, p))).ok();
    let lodging =
        optional_amount(&input.lodging_per_day).map_err(|p| problems.push((ProviderField::LodgingPerDay, p))).ok();
    if !problems.is_empty() {
        return Err(problems);
    }
    let early_end_fee = match (fee, within) {
        (Some(fee), Some(within_days)) => Some(EarlyEndFee { within_days, fee }),
        _ => None,
    };
    Ok(Provider {
        id: 0,
        name: name.to_string(),
        tilbudsportalen_id: input.tilbudsportalen_id.trim().to_string(),
        contact: input.contact.trim().to_string(),
        terms: ContractTerms {
            bill_intake_day: input.bill_intake_day,
            bill_discharge_day: input.bill_discharge_day,
            early_end_fee,
        },
        food_per_day: food.flatten(),
        lodging_per_day: lodging.flatten(),
        prices: Vec::new(),
    })
}

/// Another provider than `own_id` with `name`, compared as a reader would:
/// letter case and runs of spaces do not make two names different.
pub fn name_taken<'a>(name: &str, own_id: Option<i64>, providers: &'a [Provider]) -> Option<&'a Provider> {
    let key = |n: &str| n.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let wanted = key(name);
    providers.iter().find(|p| Some(p.id) != own_id && key(&p.name) == wanted)
}

/// A price as typed; the service and the unit are chosen from lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceInput {
    pub service: Service,
    pub unit: PriceUnit,
    pub amount: String,
    pub valid_from: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PriceField {
    Amount,
    ValidFrom,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceProblem {
    Required,
    Money(MoneyParseError),
    Negative,
    Date(DateInputError),
}

/// A checked new price, and the price it replaces: a provider has one price
/// per service and day, so a price for a day that already has one corrects
/// it (the caller shows the old one before saving).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewPrice {
    pub price: Price,
    pub replaces: Option<Price>,
}

/// Checks a typed price against the provider's prices.
pub fn parse_price(input: &PriceInput, provider: &Provider) -> Result<NewPrice, Vec<(PriceField, PriceProblem)>> {
    let mut problems = Vec::new();
    let amount = match Ore::parse_dk(&input.amount) {
        Ok(a) if a.is_negative() => {
            problems.push((PriceField::Amount, PriceProblem::Negative));
            None
        }
        Ok(a) => Some(a),
        Err(MoneyParseError::Empty) => {
            problems.push((PriceField::Amount, PriceProblem::Required));
            None
        }
        Err(e) => {
            problems.push((PriceField::Amount, PriceProblem::Money(e)));
            None
        }
    };
    let valid_from = match dates::parse_date_dk(&input.valid_from) {
        Ok(d) => Some(d),
        Err(DateInputError::Empty) => {
            problems.push((PriceField::ValidFrom, PriceProblem::Required));
            None
        }
        Err(e) => {
            problems.push((PriceField::ValidFrom, PriceProblem::Date(e)));
            None
        }
    };
    match (amount, valid_from) {
        (Some(amount), Some(valid_from)) if problems.is_empty() => {
            let price = Price { service: input.service, unit: input.unit, amount, valid_from };
            let replaces =
                provider.prices.iter().find(|p| p.service == price.service && p.valid_from == valid_from).copied();
            Ok(NewPrice { price, replaces })
        }
        _ => Err(problems),
    }
}

/// An amount field that may be left empty.
fn optional_amount(text: &str) -> Result<Option<Ore>, ProviderProblem> {
    match Ore::parse_dk(text) {
        Ok(a) if a.is_negative() => Err(ProviderProblem::Negative),
        Ok(a) => Ok(Some(a)),
        Err(MoneyParseError::Empty) => Ok(None),
        Err(e) => Err(ProviderProblem::Money(e)),
    }
}

/// A one-line text by the shared rule (`domain::input`): present when
/// required, not too long, and free of control characters (they would
/// corrupt the screen of the next reader).
pub(super) fn check_text(text: &str, required: bool, max: usize) -> Result<(), ProviderProblem> {
    input::check_text(text, required, max).map(|_| ()).map_err(|p| match p {
        TextProblem::Required => ProviderProblem::Required,
        TextProblem::TooLong { max } => ProviderProblem::TooLong { max },
        TextProblem::ControlCharacters => ProviderProblem::ControlCharacters,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn input() -> ProviderInput {
        ProviderInput {
            name: " Behandlingshjemmet Lyngbakken ".into(),
            tilbudsportalen_id: "12345".into(),
            contact: "Visitation, tlf. 86 00 00 00".into(),
            bill_intake_day: true,
            bill_discharge_day: false,
            fee: "2.500".into(),
            fee_within_days: "30".into(),
            food_per_day: "65,50".into(),
            lodging_per_day: String::new(),
        }
    }

    #[test]
    fn a_provider_with_a_fee_and_food_figure() {
        let p = validate_provider(&input()).unwrap();
        assert_eq!(p.name, "Behandlingshjemmet Lyngbakken");
        assert_eq!(
            p.terms,
            ContractTerms {
                bill_intake_day: true,
                bill_discharge_day: false,
                early_end_fee: Some(EarlyEndFee { within_days: 30, fee: Ore::from_kr(2_500) }),
            }
        );
        assert_eq!(p.food_per_day, Some(Ore(6_550)));
        assert_eq!(p.lodging_per_day, None);
    }

    #[test]
    fn a_fee_needs_its_days_and_the_days_a_fee() {
        let no_days = ProviderInput { fee_within_days: " ".into(), ..input() };
        assert_eq!(
            validate_provider(&no_days),
            Err(vec![(ProviderField::FeeWithinDays, ProviderProblem::FeeIncomplete)])
        );
        let no_fee = ProviderInput { fee: String::new(), ..input() };
        assert_eq!(validate_provider(&no_fee), Err(vec![(ProviderField::Fee, ProviderProblem::FeeIncomplete)]));
        let neither = ProviderInput { fee: String::new(), fee_within_days: String::new(), ..input() };
        assert_eq!(validate_provider(&neither).unwrap().terms.early_end_fee, None);
    }

    #[test]
    fn every_problem_is_named_at_its_field() {
        let bad = ProviderInput {
            name: String::new(),
            contact: "a\u{1b}[2J".into(),
            fee: "-5".into(),
            fee_within_days: "0".into(),
            food_per_day: "12,345".into(),
            lodging_per_day: "tres".into(),
            ..input()
        };
        assert_eq!(
            validate_provider(&bad).unwrap_err(),
            vec![
                (ProviderField::Name, ProviderProblem::Required),
                (ProviderField::Contact, ProviderProblem::ControlCharacters),
                (ProviderField::Fee, ProviderProblem::Negative),
                (ProviderField::FeeWithinDays, ProviderProblem::DaysOutOfRange { min: 1, max: 366 }),
                (ProviderField::FoodPerDay, ProviderProblem::Money(MoneyParseError::TooManyDecimals)),
                (ProviderField::LodgingPerDay, ProviderProblem::Money(MoneyParseError::NotANumber)),
            ]
        );
        let days = ProviderInput { fee_within_days: "30 dage".into(), ..input() };
        assert_eq!(validate_provider(&days), Err(vec![(ProviderField::FeeWithinDays, ProviderProblem::NotADayCount)]));
    }

    fn with_prices() -> Provider {
        let mut p = validate_provider(&input()).unwrap();
        p.prices = vec![
            Price {
                service: Service::Treatment,
                unit: PriceUnit::PerDay,
                amount: Ore::from_kr(1_500),
                valid_from: d(2025, 1, 1),
            },
            Price {
                service: Service::Treatment,
                unit: PriceUnit::PerDay,
                amount: Ore::from_kr(1_600),
                valid_from: d(2026, 4, 1),
            },
            Price {
                service: Service::Stay,
                unit: PriceUnit::PerMonth,
                amount: Ore::from_kr(21_000),
                valid_from: d(2025, 1, 1),
            },
        ];
        p
    }

    #[test]
    fn the_price_in_force_is_the_latest_valid_on_the_day() {
        let p = with_prices();
        assert_eq!(p.price_on(Service::Treatment, d(2026, 3, 31)).unwrap().amount, Ore::from_kr(1_500));
        assert_eq!(p.price_on(Service::Treatment, d(2026, 4, 1)).unwrap().amount, Ore::from_kr(1_600));
        assert_eq!(p.price_on(Service::Treatment, d(2024, 12, 31)), None);
        assert_eq!(p.price_on(Service::Other, d(2026, 4, 1)), None);
        let on: Vec<Service> = p.prices_on(d(2026, 4, 1)).iter().map(|p| p.service).collect();
        assert_eq!(on, vec![Service::Treatment, Service::Stay]);
        assert_eq!(p.priced_services(), vec![Service::Treatment, Service::Stay]);
    }

    #[test]
    fn a_price_for_a_day_that_has_one_replaces_it() {
        let p = with_prices();
        let typed = |amount: &str, from: &str| PriceInput {
            service: Service::Treatment,
            unit: PriceUnit::PerDay,
            amount: amount.into(),
            valid_from: from.into(),
        };
        let new = parse_price(&typed("1.650", "01.07.2026"), &p).unwrap();
        assert_eq!(new.price.amount, Ore::from_kr(1_650));
        assert_eq!(new.price.valid_from, d(2026, 7, 1));
        assert_eq!(new.replaces, None);
        let fix = parse_price(&typed("1.610", "1.4.2026"), &p).unwrap();
        assert_eq!(fix.replaces.map(|r| r.amount), Some(Ore::from_kr(1_600)));
        assert_eq!(
            parse_price(&typed("", "31.02.2026"), &p).unwrap_err(),
            vec![
                (PriceField::Amount, PriceProblem::Required),
                (
                    PriceField::ValidFrom,
                    PriceProblem::Date(DateInputError::NoSuchDate { day: 31, month: 2, year: 2026 })
                ),
            ]
        );
        assert_eq!(
            parse_price(&typed("-1", "01.01.2026"), &p).unwrap_err(),
            vec![(PriceField::Amount, PriceProblem::Negative)]
        );
    }
}

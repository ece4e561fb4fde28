//! The providers of residential stays, their contract terms and their
//! prices.

use super::date_text;
use crate::domain::money::Ore;
use crate::domain::stay::{ContractTerms, EarlyEndFee, Price, Provider, name_taken};
use crate::store::cases::{enum_id, parse_day, parse_enum};
use crate::store::conflict::{Found, Opened, Record, conflict, unchanged_since};
use crate::store::engine::{self, Db, Row, ToValue};
use crate::store::{Result, Store, StoreError};

fn read_provider(r: &Row<'_>) -> engine::Result<Provider> {
    let fee: Option<i64> = r.get(6)?;
    let within: Option<u32> = r.get(7)?;
    Ok(Provider {
        id: r.get(0)?,
        name: r.get(1)?,
        tilbudsportalen_id: r.get(2)?,
        contact: r.get(3)?,
        terms: ContractTerms {
            bill_intake_day: r.get(4)?,
            bill_discharge_day: r.get(5)?,
            early_end_fee: match (fee, within) {
                (Some(fee), Some(within_days)) => Some(EarlyEndFee { within_days, fee: Ore(fee) }),
                _ => None,
            },
        },
        food_per_day: r.get::<Option<i64>>(8)?.map(Ore),
        lodging_per_day: r.get::<Option<i64>>(9)?.map(Ore),
        prices: Vec::new(),
    })
}

/// [`providers_of`] for the exporter.
pub(crate) fn load_providers(db: &Db<'_>) -> Result<Vec<Provider>> {
    providers_of(db)
}

/// [`prices_of`] for the exporter.
pub(crate) fn load_prices(db: &Db<'_>) -> Result<Vec<(i64, (i64, Price))>> {
    prices_of(db)
}

/// Every provider with its prices, in id order.
pub(crate) fn providers_of(db: &Db<'_>) -> Result<Vec<Provider>> {
    let mut providers = db.query_map(
        "SELECT id, name, tilbudsportalen_id, contact, bill_intake_day, bill_discharge_day, early_end_fee,
            early_end_within_days, food_per_day, lodging_per_day FROM providers ORDER BY id",
        &[],
        read_provider,
    )?;
    for (provider_id, price) in prices_of(db)? {
        if let Some(p) = providers.iter_mut().find(|p| p.id == provider_id) {
            p.prices.push(price.1);
        }
    }
    Ok(providers)
}

/// Every price with its id, in id order: `(provider, (id, price))`.
pub(super) fn prices_of(db: &Db<'_>) -> Result<Vec<(i64, (i64, Price))>> {
    let rows: Vec<(i64, i64, String, String, i64, String)> = db.query_map(
        "SELECT id, provider_id, service, unit, amount, valid_from FROM provider_prices ORDER BY id",
        &[],
        |r| r.columns(),
    )?;
    rows.into_iter()
        .map(|(id, provider_id, service, unit, amount, valid_from)| {
            Ok((
                provider_id,
                (
                    id,
                    Price {
                        service: parse_enum(&service)?,
                        unit: parse_enum(&unit)?,
                        amount: Ore(amount),
                        valid_from: parse_day(&valid_from)?,
                    },
                ),
            ))
        })
        .collect()
}

/// Registers a provider (its prices apart); an id of 0 takes the engine's
/// next number (an id from a file is given). Returns its number.
pub(crate) fn insert_provider_on(db: &Db<'_>, p: &Provider) -> Result<i64> {
    let fee = p.terms.early_end_fee;
    let (fee_amount, fee_days) = (fee.map(|f| f.fee.0), fee.map(|f| f.within_days));
    let (food, lodging) = (p.food_per_day.map(|a| a.0), p.lodging_per_day.map(|a| a.0));
    let params: [&dyn ToValue; 10] = [
        &p.name,
        &p.tilbudsportalen_id,
        &p.contact,
        &p.terms.bill_intake_day,
        &p.terms.bill_discharge_day,
        &fee_amount,
        &fee_days,
        &food,
        &lodging,
        &p.id,
    ];
    let columns = "name, tilbudsportalen_id, contact, bill_intake_day, bill_discharge_day, early_end_fee,
        early_end_within_days, food_per_day, lodging_per_day";
    let values = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9";
    let id = if p.id != 0 {
        db.query_row(
            &format!("INSERT INTO providers ({columns}, id) VALUES ({values}, ?10) RETURNING id"),
            &params,
            |r| r.get(0),
        )?
    } else {
        db.query_row(&format!("INSERT INTO providers ({columns}) VALUES ({values}) RETURNING id"), &params[..9], |r| {
            r.get(0)
        })?
    };
    Ok(id)
}

/// Sets a price; an id of `None` takes the engine's next number.
pub(crate) fn insert_price_on(db: &Db<'_>, id: Option<i64>, provider_id: i64, price: &Price) -> Result<()> {
    let (service, unit, from) = (enum_id(&price.service), enum_id(&price.unit), date_text(price.valid_from));
    let params: [&dyn ToValue; 6] = [&provider_id, &service, &unit, &price.amount.0, &from, &id];
    let columns = "provider_id, service, unit, amount, valid_from";
    match id {
        Some(_) => db.execute(
            &format!("INSERT INTO provider_prices ({columns}, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
            &params,
        )?,
        None => {
            db.execute(&format!("INSERT INTO provider_prices ({columns}) VALUES (?1, ?2, ?3, ?4, ?5)"), &params[..5])?
        }
    };
    Ok(())
}

/// Changes a provider's name, contact, terms and figures; its prices stay.
pub(super) fn update_provider_on(db: &Db<'_>, id: i64, provider: &Provider) -> Result<()> {
    let fee = provider.terms.early_end_fee;
    let changed = db.execute(
        "UPDATE providers SET name = ?1, tilbudsportalen_id = ?2, contact = ?3, bill_intake_day = ?4,
            bill_discharge_day = ?5, early_end_fee = ?6, early_end_within_days = ?7, food_per_day = ?8,
            lodging_per_day = ?9 WHERE id = ?10",
        &[
            &provider.name,
            &provider.tilbudsportalen_id,
            &provider.contact,
            &provider.terms.bill_intake_day,
            &provider.terms.bill_discharge_day,
            &fee.map(|f| f.fee.0),
            &fee.map(|f| f.within_days),
            &provider.food_per_day.map(|a| a.0),
            &provider.lodging_per_day.map(|a| a.0),
            &id,
        ],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound { what: "leverandør", id });
    }
    Ok(())
}

/// Sets a provider's price of a service from a day, replacing a price
/// already set for that service and day.
pub(super) fn set_price_on(db: &Db<'_>, provider_id: i64, price: &Price) -> Result<()> {
    let exists: Option<i64> = db.query_opt("SELECT id FROM providers WHERE id = ?1", &[&provider_id], |r| r.get(0))?;
    if exists.is_none() {
        return Err(StoreError::NotFound { what: "leverandør", id: provider_id });
    }
    db.execute(
        "DELETE FROM provider_prices WHERE provider_id = ?1 AND service = ?2 AND valid_from = ?3",
        &[&provider_id, &enum_id(&price.service), &date_text(price.valid_from)],
    )?;
    insert_price_on(db, None, provider_id, price)
}

/// A colleague may have given another provider this name since the form
/// was checked: refused rather than saved beside it.
fn refuse_taken_name(tx: &Db<'_>, name: &str, own_id: Option<i64>) -> Result<()> {
    match name_taken(name, own_id, &providers_of(tx)?) {
        Some(other) => {
            Err(conflict(tx, Record::Provider(other.id), Found::NameTaken { name: other.name.clone() }, None))
        }
        None => Ok(()),
    }
}

impl Store {
    /// Every provider with its prices, in id order.
    pub fn providers(&self) -> Result<Vec<Provider>> {
        providers_of(&self.db())
    }

    /// Registers a checked provider; returns its number.
    pub fn add_provider(&mut self, provider: &Provider) -> Result<i64> {
        let name = provider.name.clone();
        self.write("add_provider", "provider", |tx| {
            refuse_taken_name(tx, &provider.name, None)?;
            let id = insert_provider_on(tx, &Provider { id: 0, ..provider.clone() })?;
            Ok((id, Some(id), name))
        })
    }

    /// Changes a provider's name, contact, terms and figures; its prices
    /// stay. Refused if a colleague changed the provider after `opened`
    /// (the form's mark): the form would write over their change.
    pub fn update_provider(&mut self, id: i64, provider: &Provider, opened: Opened) -> Result<()> {
        let name = provider.name.clone();
        self.write("update_provider", "provider", |tx| {
            unchanged_since(tx, Record::Provider(id), opened)?;
            refuse_taken_name(tx, &provider.name, Some(id))?;
            update_provider_on(tx, id, provider)?;
            Ok(((), Some(id), name))
        })
    }

    /// Sets a provider's price of a service from a day; a price already set
    /// for that service and day is replaced.
    pub fn set_price(&mut self, provider_id: i64, price: &Price) -> Result<()> {
        let detail = format!(
            "{} {} {} fra {}",
            enum_id(&price.service),
            enum_id(&price.unit),
            price.amount.0,
            date_text(price.valid_from)
        );
        self.write("set_price", "provider", |tx| {
            set_price_on(tx, provider_id, price)?;
            Ok(((), Some(provider_id), detail))
        })
    }
}

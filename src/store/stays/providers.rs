//! The providers of residential stays, their contract terms and their
//! prices.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::date_text;
use crate::domain::money::Ore;
use crate::domain::stay::{ContractTerms, EarlyEndFee, Price, Provider, name_taken};
use crate::store::cases::{enum_id, parse_day, parse_enum};
use crate::store::conflict::{Found, Opened, Record, conflict, unchanged_since};
use crate::store::{Result, Store, StoreError};

fn read_provider(r: &Row<'_>) -> rusqlite::Result<Provider> {
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
        food_per_day: r.get::<_, Option<i64>>(8)?.map(Ore),
        lodging_per_day: r.get::<_, Option<i64>>(9)?.map(Ore),
        prices: Vec::new(),
    })
}

/// Every provider with its prices, in id order.
pub(crate) fn load_providers(conn: &Connection) -> Result<Vec<Provider>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, tilbudsportalen_id, contact, bill_intake_day, bill_discharge_day, early_end_fee,
            early_end_within_days, food_per_day, lodging_per_day FROM providers ORDER BY id",
    )?;
    let mut providers = stmt.query_map([], read_provider)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for (provider_id, price) in load_prices(conn)? {
        if let Some(p) = providers.iter_mut().find(|p| p.id == provider_id) {
            p.prices.push(price.1);
        }
    }
    Ok(providers)
}

/// Every price with its id, in id order: `(provider, (id, price))`.
pub(crate) fn load_prices(conn: &Connection) -> Result<Vec<(i64, (i64, Price))>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, provider_id, service, unit, amount, valid_from FROM provider_prices ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
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

pub(crate) fn insert_provider(tx: &Transaction<'_>, p: &Provider) -> Result<i64> {
    let fee = p.terms.early_end_fee;
    tx.execute(
        "INSERT INTO providers (id, name, tilbudsportalen_id, contact, bill_intake_day, bill_discharge_day,
            early_end_fee, early_end_within_days, food_per_day, lodging_per_day)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            (p.id != 0).then_some(p.id),
            p.name,
            p.tilbudsportalen_id,
            p.contact,
            p.terms.bill_intake_day,
            p.terms.bill_discharge_day,
            fee.map(|f| f.fee.0),
            fee.map(|f| f.within_days),
            p.food_per_day.map(|a| a.0),
            p.lodging_per_day.map(|a| a.0),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn insert_price(tx: &Transaction<'_>, id: Option<i64>, provider_id: i64, price: &Price) -> Result<()> {
    tx.execute(
        "INSERT INTO provider_prices (id, provider_id, service, unit, amount, valid_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            provider_id,
            enum_id(&price.service),
            enum_id(&price.unit),
            price.amount.0,
            date_text(price.valid_from)
        ],
    )?;
    Ok(())
}

/// A colleague may have given another provider this name since the form
/// was checked: refused rather than saved beside it.
fn refuse_taken_name(tx: &Transaction<'_>, name: &str, own_id: Option<i64>) -> Result<()> {
    match name_taken(name, own_id, &load_providers(tx)?) {
        Some(other) => {
            Err(conflict(tx, Record::Provider(other.id), Found::NameTaken { name: other.name.clone() }, None))
        }
        None => Ok(()),
    }
}

impl Store {
    /// Every provider with its prices, in id order.
    pub fn providers(&self) -> Result<Vec<Provider>> {
        load_providers(self.conn())
    }

    /// Registers a checked provider; returns its number.
    pub fn add_provider(&mut self, provider: &Provider) -> Result<i64> {
        let name = provider.name.clone();
        self.write("add_provider", "provider", |tx| {
            refuse_taken_name(tx, &provider.name, None)?;
            let id = insert_provider(tx, &Provider { id: 0, ..provider.clone() })?;
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
            let fee = provider.terms.early_end_fee;
            let changed = tx.execute(
                "UPDATE providers SET name = ?1, tilbudsportalen_id = ?2, contact = ?3, bill_intake_day = ?4,
                    bill_discharge_day = ?5, early_end_fee = ?6, early_end_within_days = ?7, food_per_day = ?8,
                    lodging_per_day = ?9 WHERE id = ?10",
                params![
                    provider.name,
                    provider.tilbudsportalen_id,
                    provider.contact,
                    provider.terms.bill_intake_day,
                    provider.terms.bill_discharge_day,
                    fee.map(|f| f.fee.0),
                    fee.map(|f| f.within_days),
                    provider.food_per_day.map(|a| a.0),
                    provider.lodging_per_day.map(|a| a.0),
                    id,
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound { what: "leverandør", id });
            }
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
            let exists: Option<i64> =
                tx.query_row("SELECT id FROM providers WHERE id = ?1", [provider_id], |r| r.get(0)).optional()?;
            if exists.is_none() {
                return Err(StoreError::NotFound { what: "leverandør", id: provider_id });
            }
            tx.execute(
                "DELETE FROM provider_prices WHERE provider_id = ?1 AND service = ?2 AND valid_from = ?3",
                params![provider_id, enum_id(&price.service), date_text(price.valid_from)],
            )?;
            insert_price(tx, None, provider_id, price)?;
            Ok(((), Some(provider_id), detail))
        })
    }
}

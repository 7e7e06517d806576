//! All SQL on `tariffs`. The tariff of an account: its supplier's, for its use of gas
//! (`accounts.gas_use`), metered when the account has a meter.

use crate::domain::tariff::{GasUse, Price};
use crate::domain::time::parse_day;
use sqlx::{Any, Executor, FromRow};

#[derive(FromRow)]
struct TariffRow {
    valid_from: String,
    kopecks_per_m3: i64,
    act: String,
    metered: i64,
    gas_use: String,
}

/// One account's prices, oldest first, with what selected them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountTariffs {
    pub gas_use: GasUse,
    pub metered: bool,
    /// `(price, valid_from YYYY-MM-DD, act)`, oldest first.
    pub prices: Vec<(Price, String, String)>,
}

impl AccountTariffs {
    pub fn prices(&self) -> Vec<Price> {
        self.prices.iter().map(|(p, _, _)| *p).collect()
    }

    /// The price in force on `day` with its start and act.
    pub fn on(&self, day: i64) -> Option<&(Price, String, String)> {
        self.prices.iter().rev().find(|(p, _, _)| p.from_day <= day)
    }
}

/// Every price of the account's tariff, in one statement; `None` when billing sent none.
pub async fn of_account<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
) -> Result<Option<AccountTariffs>, sqlx::Error> {
    let rows: Vec<TariffRow> = sqlx::query_as(
        "SELECT t.valid_from, t.kopecks_per_m3, t.act, t.metered, t.gas_use FROM tariffs t \
         JOIN accounts a ON a.provider_id = t.provider_id AND t.gas_use = a.gas_use \
         WHERE a.id = $1 AND t.metered = \
           CASE WHEN EXISTS (SELECT 1 FROM meters m WHERE m.account_id = a.id) THEN 1 ELSE 0 END \
         ORDER BY t.valid_from",
    )
    .bind(account_id)
    .fetch_all(db)
    .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let (gas_use, metered) =
        (GasUse::from_code(&first.gas_use).unwrap_or(GasUse::Heating), first.metered == 1);
    let prices = rows
        .into_iter()
        .filter_map(|r| {
            // The import checked the date, so none is dropped here.
            let from_day = parse_day(&r.valid_from)?;
            Some((Price { from_day, kopecks_per_m3: r.kopecks_per_m3 }, r.valid_from, r.act))
        })
        .collect();
    Ok(Some(AccountTariffs { gas_use, metered, prices }))
}

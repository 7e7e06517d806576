//! All SQL on `tariffs`. The tariff of an account: its supplier's, for its use of gas
//! (`accounts.gas_use`), metered when the account has a meter.

use crate::domain::tariff::{GasUse, Price};
use crate::domain::time::parse_day;
use sqlx::{Any, Executor, FromRow};

/// One price of an account's tariff, as `ACCOUNT_TARIFF_JOIN` adds it to a statement: every
/// column is empty when billing sent no tariff for the account.
#[derive(FromRow)]
pub struct TariffRow {
    pub valid_from: Option<String>,
    pub kopecks_per_m3: Option<i64>,
    pub act: Option<String>,
    pub metered: Option<i64>,
    pub gas_use: Option<String>,
}

crate::sqlite_row!(TariffRow { valid_from, kopecks_per_m3, act, metered, gas_use });

/// The tariff of the account aliased `a`, joined as `t` (one row per price): its
/// supplier's, for its use of gas, metered when the account has a meter. A fragment, so
/// that the account page reads its header and its prices in one statement.
pub const ACCOUNT_TARIFF_JOIN: &str = "LEFT JOIN tariffs t ON t.provider_id = a.provider_id \
     AND t.gas_use = a.gas_use AND t.metered = \
       CASE WHEN EXISTS (SELECT 1 FROM meters m WHERE m.account_id = a.id) THEN 1 ELSE 0 END";

/// The columns of `TariffRow`.
pub const TARIFF_COLUMNS: &str = "t.valid_from, t.kopecks_per_m3, t.act, t.metered, t.gas_use";

/// One account's prices, oldest first, with what selected them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountTariffs {
    pub gas_use: GasUse,
    pub metered: bool,
    /// `(price, valid_from YYYY-MM-DD, act)`, oldest first.
    pub prices: Vec<(Price, String, String)>,
}

impl AccountTariffs {
    /// The prices of `ACCOUNT_TARIFF_JOIN`'s rows, in their order (oldest first); `None`
    /// when the join found none.
    pub fn from_rows(rows: impl IntoIterator<Item = TariffRow>) -> Option<AccountTariffs> {
        let mut found: Option<AccountTariffs> = None;
        for row in rows {
            let (Some(valid_from), Some(kopecks_per_m3), Some(act), Some(metered), Some(gas_use)) =
                (row.valid_from, row.kopecks_per_m3, row.act, row.metered, row.gas_use)
            else {
                continue;
            };
            let tariffs = found.get_or_insert_with(|| AccountTariffs {
                gas_use: GasUse::from_code(&gas_use).unwrap_or(GasUse::Heating),
                metered: metered == 1,
                prices: Vec::new(),
            });
            // The import checked the date, so none is dropped here.
            if let Some(from_day) = parse_day(&valid_from) {
                tariffs.prices.push((Price { from_day, kopecks_per_m3 }, valid_from, act));
            }
        }
        found
    }

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
    let rows: Vec<TariffRow> = sqlx::query_as(&format!(
        "SELECT {TARIFF_COLUMNS} FROM accounts a {ACCOUNT_TARIFF_JOIN} WHERE a.id = $1 ORDER BY t.valid_from"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await?;
    Ok(AccountTariffs::from_rows(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(valid_from: &str, kopecks_per_m3: i64) -> TariffRow {
        TariffRow {
            valid_from: Some(valid_from.into()),
            kopecks_per_m3: Some(kopecks_per_m3),
            act: Some(format!("Приказ от {valid_from}")),
            metered: Some(1),
            gas_use: Some("cooking".into()),
        }
    }

    #[test]
    fn an_account_without_a_tariff_has_none() {
        let empty =
            TariffRow { valid_from: None, kopecks_per_m3: None, act: None, metered: None, gas_use: None };
        assert_eq!(AccountTariffs::from_rows([empty]), None);
        assert_eq!(AccountTariffs::from_rows([]), None);
    }

    #[test]
    fn prices_keep_their_order_and_the_price_in_force_is_the_latest_started() {
        let tariffs = AccountTariffs::from_rows([row("2025-07-01", 812), row("2026-07-01", 905)]).unwrap();
        assert_eq!((tariffs.gas_use, tariffs.metered), (GasUse::Cooking, true));
        assert_eq!(tariffs.prices().iter().map(|p| p.kopecks_per_m3).collect::<Vec<_>>(), [812, 905]);
        let day = |d: &str| parse_day(d).unwrap();
        assert_eq!(tariffs.on(day("2026-06-30")).map(|(p, _, _)| p.kopecks_per_m3), Some(812));
        assert_eq!(
            tariffs.on(day("2026-07-01")).map(|(p, since, _)| (p.kopecks_per_m3, since.as_str())),
            Some((905, "2026-07-01"))
        );
        assert_eq!(tariffs.on(day("2025-06-30")), None, "before the first price");
    }
}

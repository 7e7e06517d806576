//! What rows refer to: providers by code, accounts by provider and number. Both are looked
//! up before anything is written, so a row naming an unknown account is reported instead
//! of failing a foreign key halfway through the file.

use super::batch::in_list;
use super::row::AccountRef;
use app::domain::AccountNumber;
use sqlx::AnyPool;
use std::collections::HashMap;

/// An account by provider id and number. The number as an integer (at most 20 digits fit
/// in a `u128`) keeps a million keys in tens of megabytes rather than hundreds.
pub type AccountKey = (i64, u128);

pub fn number_key(number: &AccountNumber) -> u128 {
    number.as_str().parse().expect("an AccountNumber is at most 20 digits")
}

/// Ids the write pass needs, resolved once by the validation pass.
#[derive(Debug, Default)]
pub struct Context {
    pub providers: HashMap<String, i64>,
    pub accounts: HashMap<AccountKey, i64>,
    /// When billing readings count as accepted (Unix seconds): the time of the import.
    pub now: i64,
}

impl Context {
    pub fn account_key(&self, r: &AccountRef) -> Option<AccountKey> {
        self.providers.get(&r.provider).map(|&id| (id, number_key(&r.number)))
    }

    pub fn account_id(&self, r: &AccountRef) -> Option<i64> {
        self.account_key(r).and_then(|k| self.accounts.get(&k).copied())
    }
}

pub async fn providers(pool: &AnyPool) -> sqlx::Result<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT code, id FROM providers").fetch_all(pool).await?;
    Ok(rows.into_iter().collect())
}

/// Ids of those of `wanted` that exist, a few hundred numbers a query on the unique index.
pub async fn accounts(
    pool: &AnyPool,
    wanted: impl Iterator<Item = AccountKey>,
) -> sqlx::Result<HashMap<AccountKey, i64>> {
    let mut by_provider: HashMap<i64, Vec<String>> = HashMap::new();
    for (provider, number) in wanted {
        by_provider.entry(provider).or_default().push(number.to_string());
    }
    let mut found = HashMap::new();
    for (provider, numbers) in by_provider {
        for chunk in numbers.chunks(500) {
            let sql = format!(
                "SELECT id, number FROM accounts WHERE provider_id = $1 AND number IN {}",
                in_list(2, chunk.len())
            );
            let mut query = sqlx::query_as::<_, (i64, String)>(&sql).bind(provider);
            for n in chunk {
                query = query.bind(n.as_str());
            }
            for (id, number) in query.fetch_all(pool).await? {
                if let Ok(n) = number.parse::<u128>() {
                    found.insert((provider, n), id);
                }
            }
        }
    }
    Ok(found)
}

//! `pins.csv`: `provider,account,pin`. Each PIN is stored as an argon2id hash, never as
//! written. Hashing is slow on purpose (tens of milliseconds a PIN), so it runs on the
//! blocking pool on every core, and all of it before the transaction opens: a long file
//! must not hold the database's write lock while it hashes.

use super::ImportError;
use super::driver::{self, Refers, Table};
use super::refs::{AccountKey, Context};
use super::row::{self, AccountRef, FieldResult};
use super::source::{Column, Fields};
use sqlx::AnyPool;
use std::path::Path;

pub struct Pins;

pub struct Row {
    account: AccountRef,
    pin: String,
}

const PROVIDER: usize = 0;
const ACCOUNT: usize = 1;
const PIN: usize = 2;

/// PINs handed to the hashing threads at a time, per core.
const PER_CORE: usize = 64;

impl Table for Pins {
    const COLUMNS: &'static [Column] =
        &[Column::required("provider"), Column::required("account"), Column::required("pin")];
    const SAME: &'static str = "тот же лицевой счёт";
    type Row = Row;
    type Key = AccountKey;

    fn parse(f: &Fields) -> FieldResult<Row> {
        Ok(Row { account: row::account_ref(f, PROVIDER, ACCOUNT)?, pin: row::pin(f, PIN)? })
    }

    fn refers(row: &Row) -> Refers<'_> {
        Refers::Account(&row.account)
    }

    fn key(row: &Row, ctx: &Context) -> Option<AccountKey> {
        ctx.account_key(&row.account)
    }
}

pub async fn import(pool: &AnyPool, path: &Path) -> Result<u64, ImportError> {
    let (rows, ctx) = driver::validate::<Pins>(pool, path).await?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut hashed: Vec<(i64, String)> = Vec::with_capacity(rows as usize);
    let mut pending: Vec<(i64, String)> = Vec::with_capacity(cores * PER_CORE);
    let mut source = driver::reopen::<Pins>(path)?;
    while let Some(row) = driver::next_row::<Pins>(&mut source, &ctx)? {
        pending.push((driver::account_id(&ctx, &row.account)?, row.pin));
        if pending.len() == cores * PER_CORE {
            hashed.extend(hash_on_all_cores(std::mem::take(&mut pending), cores).await?);
        }
    }
    hashed.extend(hash_on_all_cores(pending, cores).await?);

    let mut tx = pool.begin().await?;
    for (account_id, hash) in &hashed {
        sqlx::query("UPDATE accounts SET pin_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(rows)
}

/// `(account id, PIN)` to `(account id, hash)`, one blocking task per core.
async fn hash_on_all_cores(
    pins: Vec<(i64, String)>,
    cores: usize,
) -> Result<Vec<(i64, String)>, ImportError> {
    let per_task = pins.len().div_ceil(cores).max(1);
    let mut tasks = Vec::with_capacity(cores);
    let mut pins = pins.into_iter();
    loop {
        let part: Vec<(i64, String)> = pins.by_ref().take(per_task).collect();
        if part.is_empty() {
            break;
        }
        tasks.push(tokio::task::spawn_blocking(move || {
            part.into_iter().map(|(id, pin)| (id, app::secret_hash::hash(&pin))).collect::<Vec<_>>()
        }));
    }
    let mut out = Vec::new();
    for task in tasks {
        out.extend(task.await.map_err(|e| anyhow::anyhow!("хеширование PIN-кодов прервалось: {e}"))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::row::tests::with_record;

    #[test]
    fn a_pin_row() {
        let r =
            with_record(Pins::COLUMNS, "provider,account,pin\ndemo,023-185952,4821\n", Pins::parse).unwrap();
        assert_eq!((r.account.number.as_str(), r.pin.as_str()), ("23185952", "4821"));
        let err = with_record(Pins::COLUMNS, "provider,account,pin\ndemo,1,48\n", Pins::parse).err().unwrap();
        assert!(err.contains("4–8 цифр"));
    }
}

//! `moygaz import <kind> <file.csv>`: loading what a provider's billing system exports
//! (providers, accounts, meters, charges, payments, PINs, tariffs). The columns of each file are in
//! docs/billing-import.md.
//!
//! A file is imported whole or not at all: a first pass reads every row and checks it
//! (values, references to providers and accounts, repeated keys) without writing; only a
//! clean file is read again and written, in one transaction, as multi-row upserts on each
//! table's natural key, so importing the same file twice changes nothing the second time.

mod accounts;
mod batch;
mod charges;
mod driver;
mod meters;
mod payments;
mod pins;
mod providers;
mod refs;
mod report;
mod row;
mod source;
mod tariffs;

pub use report::{Report, RowError, Summary};

use sqlx::AnyPool;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Поставщики услуг (code, name, region, окно приёма показаний).
    Providers,
    /// Лицевые счета: владелец, адрес, долг, начисление за прошлый месяц.
    Accounts,
    /// Счётчики: заводской номер, дата поверки, последние показания биллинга.
    Meters,
    /// Начисления по месяцам.
    Charges,
    /// Оплаты, поступившие в биллинг.
    Payments,
    /// PIN-коды лицевых счетов (хранятся только хешами argon2id).
    Pins,
    /// Тарифы: цена 1 м³ по видам использования газа, с даты.
    Tariffs,
}

impl Kind {
    pub fn title(self) -> &'static str {
        match self {
            Kind::Providers => "поставщики",
            Kind::Accounts => "лицевые счета",
            Kind::Meters => "счётчики",
            Kind::Charges => "начисления",
            Kind::Payments => "оплаты",
            Kind::Pins => "PIN-коды",
            Kind::Tariffs => "тарифы",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Rows (or the header) were wrong; the database is as it was.
    #[error("{0}")]
    Invalid(Report),
    /// The cause chain is printed here, not exposed as `source`: `{:#}` of a wrapping
    /// `anyhow::Error` would otherwise print it twice.
    #[error("{0:#}")]
    Other(anyhow::Error),
}

impl From<anyhow::Error> for ImportError {
    fn from(e: anyhow::Error) -> Self {
        ImportError::Other(e)
    }
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Other(anyhow::Error::new(e).context("ошибка базы данных при импорте"))
    }
}

/// Imports `path` as `kind` into the (migrated) database.
pub async fn run(pool: &AnyPool, kind: Kind, path: &Path) -> Result<Summary, ImportError> {
    let started = Instant::now();
    let rows = match kind {
        Kind::Providers => driver::import::<providers::Providers>(pool, path).await?,
        Kind::Accounts => driver::import::<accounts::Accounts>(pool, path).await?,
        Kind::Meters => driver::import::<meters::Meters>(pool, path).await?,
        Kind::Charges => driver::import::<charges::Charges>(pool, path).await?,
        Kind::Payments => driver::import::<payments::Payments>(pool, path).await?,
        Kind::Pins => pins::import(pool, path).await?,
        Kind::Tariffs => driver::import::<tariffs::Tariffs>(pool, path).await?,
    };
    Ok(Summary { what: kind.title(), file: path.display().to_string(), rows, elapsed: started.elapsed() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_prints_its_causes_once() {
        let e: ImportError = sqlx::Error::PoolTimedOut.into();
        let shown = format!("{:#}", anyhow::Error::new(e));
        assert_eq!(shown.matches("pool timed out").count(), 1, "{shown}");
        assert!(shown.starts_with("ошибка базы данных при импорте: "), "{shown}");
    }
}

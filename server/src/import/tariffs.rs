//! `tariffs.csv`: `provider,gas_use,metered,valid_from,kopecks_per_m3,act`: the price of one
//! m³ for a use of gas (`cooking`, `cooking_water`, `heating`), with a meter or by the norm
//! (`metered` 1 or 0), valid from a date until the next one, and the act that set it.

use super::ImportError;
use super::batch::Statement;
use super::driver::{self, Refers, Table, Upsert};
use super::refs::Context;
use super::row::{self, FieldResult};
use super::source::{Column, Fields};
use app::domain::tariff::GasUse;
use sqlx::AnyConnection;
use std::sync::LazyLock;

pub struct Tariffs;

#[derive(Debug, PartialEq, Eq)]
pub struct Row {
    provider: String,
    gas_use: GasUse,
    metered: i64,
    valid_from: String,
    kopecks_per_m3: i64,
    act: String,
}

const PROVIDER: usize = 0;
const GAS_USE: usize = 1;
const METERED: usize = 2;
const VALID_FROM: usize = 3;
const PRICE: usize = 4;
const ACT: usize = 5;

/// 1 000 ₽ a cubic metre: far above any real price, below any overflow.
const MAX_KOPECKS_PER_M3: i64 = 100_000;

static UPSERT: LazyLock<Statement> = LazyLock::new(|| {
    Statement::new(
        "INSERT INTO tariffs (provider_id, gas_use, metered, valid_from, kopecks_per_m3, act)",
        "(?, ?, ?, ?, ?, ?)",
        "ON CONFLICT (provider_id, gas_use, metered, valid_from) DO UPDATE SET \
         kopecks_per_m3 = excluded.kopecks_per_m3, act = excluded.act",
    )
});

impl Table for Tariffs {
    const COLUMNS: &'static [Column] = &[
        Column::required("provider"),
        Column::required("gas_use"),
        Column::required("metered"),
        Column::required("valid_from"),
        Column::required("kopecks_per_m3"),
        Column::required("act"),
    ];
    const SAME: &'static str = "тот же поставщик, вид использования, учёт и дата начала";
    type Row = Row;
    type Key = (String, &'static str, i64, String);

    fn parse(f: &Fields) -> FieldResult<Row> {
        Ok(Row {
            provider: row::provider_code(f, PROVIDER)?.to_owned(),
            gas_use: row::gas_use(f, GAS_USE)?,
            metered: row::int(f, METERED, 0, 1)?,
            valid_from: row::date(f, VALID_FROM)?.to_owned(),
            kopecks_per_m3: row::int(f, PRICE, 1, MAX_KOPECKS_PER_M3)?,
            act: row::text(f, ACT, 500)?.to_owned(),
        })
    }

    fn refers(row: &Row) -> Refers<'_> {
        Refers::Provider(&row.provider)
    }

    fn key(row: &Row, _: &Context) -> Option<Self::Key> {
        Some((row.provider.clone(), row.gas_use.code(), row.metered, row.valid_from.clone()))
    }
}

impl Upsert for Tariffs {
    const BATCH: usize = super::batch::rows_per_statement(6);

    async fn write(conn: &mut AnyConnection, rows: &[Row], ctx: &Context) -> Result<(), ImportError> {
        let sql = UPSERT.sql(rows.len());
        let mut q = sqlx::query(&sql);
        for r in rows {
            q = q
                .bind(driver::provider_id(ctx, &r.provider)?)
                .bind(r.gas_use.code())
                .bind(r.metered)
                .bind(&r.valid_from)
                .bind(r.kopecks_per_m3)
                .bind(&r.act);
        }
        q.execute(conn).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::row::tests::with_record;

    fn parse(line: &str) -> FieldResult<Row> {
        let text = format!("provider,gas_use,metered,valid_from,kopecks_per_m3,act\n{line}\n");
        with_record(Tariffs::COLUMNS, &text, Tariffs::parse)
    }

    #[test]
    fn a_tariff_row() {
        let r = parse("demo,heating,1,2026-07-01,855,\"Постановление РЭК № 42\"").unwrap();
        assert_eq!(
            (r.gas_use, r.metered, r.valid_from.as_str(), r.kopecks_per_m3),
            (GasUse::Heating, 1, "2026-07-01", 855)
        );
        assert!(parse("demo,boiler,1,2026-07-01,855,Акт").unwrap_err().contains("gas_use"));
        assert!(parse("demo,heating,2,2026-07-01,855,Акт").unwrap_err().contains("metered"));
        assert!(parse("demo,heating,1,2026-02-30,855,Акт").unwrap_err().contains("valid_from"));
        assert!(parse("demo,heating,1,2026-07-01,0,Акт").unwrap_err().contains("kopecks_per_m3"));
        assert!(parse("demo,heating,1,2026-07-01,8.55,Акт").unwrap_err().contains("kopecks_per_m3"));
        assert!(parse("demo,heating,1,2026-07-01,855,").unwrap_err().contains("act"));
    }
}

//! `charges.csv`: `provider,account,period,amount_kopecks,consumption_m3`, one row per
//! account and month.

use super::ImportError;
use super::batch::Statement;
use super::driver::{self, Refers, Table, Upsert};
use super::refs::{AccountKey, Context};
use super::row::{self, AccountRef, FieldResult, MAX_KOPECKS};
use super::source::{Column, Fields};
use sqlx::AnyConnection;
use std::sync::LazyLock;

pub struct Charges;

#[derive(Debug, PartialEq, Eq)]
pub struct Row {
    account: AccountRef,
    period: String,
    amount_kopecks: i64,
    consumption_m3: i64,
}

const PROVIDER: usize = 0;
const ACCOUNT: usize = 1;
const PERIOD: usize = 2;
const AMOUNT: usize = 3;
const CONSUMPTION: usize = 4;

static UPSERT: LazyLock<Statement> = LazyLock::new(|| {
    Statement::new(
        "INSERT INTO charges (account_id, period, amount_kopecks, consumption_m3)",
        "(?, ?, ?, ?)",
        "ON CONFLICT (account_id, period) DO UPDATE SET amount_kopecks = excluded.amount_kopecks, \
         consumption_m3 = excluded.consumption_m3",
    )
});

impl Table for Charges {
    const COLUMNS: &'static [Column] = &[
        Column::required("provider"),
        Column::required("account"),
        Column::required("period"),
        Column::required("amount_kopecks"),
        Column::optional("consumption_m3"),
    ];
    const SAME: &'static str = "тот же лицевой счёт и месяц";
    type Row = Row;
    type Key = (AccountKey, String);

    fn parse(f: &Fields) -> FieldResult<Row> {
        Ok(Row {
            account: row::account_ref(f, PROVIDER, ACCOUNT)?,
            period: row::period(f, PERIOD)?.to_owned(),
            // Negative after a recalculation in the customer's favour.
            amount_kopecks: row::int(f, AMOUNT, -MAX_KOPECKS, MAX_KOPECKS)?,
            consumption_m3: row::opt_int(f, CONSUMPTION, 0, 1_000_000_000)?.unwrap_or(0),
        })
    }

    fn refers(row: &Row) -> Refers<'_> {
        Refers::Account(&row.account)
    }

    fn key(row: &Row, ctx: &Context) -> Option<Self::Key> {
        Some((ctx.account_key(&row.account)?, row.period.clone()))
    }
}

impl Upsert for Charges {
    const BATCH: usize = super::batch::rows_per_statement(4);

    async fn write(conn: &mut AnyConnection, rows: &[Row], ctx: &Context) -> Result<(), ImportError> {
        let sql = UPSERT.sql(rows.len());
        let mut q = sqlx::query(&sql);
        for r in rows {
            let account_id = driver::account_id(ctx, &r.account)?;
            q = q.bind(account_id).bind(&r.period).bind(r.amount_kopecks).bind(r.consumption_m3);
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
        let text = format!("provider,account,period,amount_kopecks,consumption_m3\n{line}\n");
        with_record(Charges::COLUMNS, &text, Charges::parse)
    }

    #[test]
    fn a_month_of_charges() {
        let r = parse("demo,023-185952,2026-10,123456,145").unwrap();
        assert_eq!((r.period.as_str(), r.amount_kopecks, r.consumption_m3), ("2026-10", 123_456, 145));
        assert_eq!(parse("demo,1,2026-10,-100,").unwrap().consumption_m3, 0);
        assert!(parse("demo,1,2026/10,100,1").unwrap_err().contains("period"));
        assert!(parse("demo,1,2026-10,100,-1").unwrap_err().contains("consumption_m3"));
    }
}

//! `payments.csv`: `provider,account,external_id,paid_on,amount_kopecks`. `external_id` is
//! the billing system's id of the payment, which is what makes a re-import an update.

use super::ImportError;
use super::batch::Statement;
use super::driver::{self, Refers, Table, Upsert};
use super::refs::{AccountKey, Context};
use super::row::{self, AccountRef, FieldResult, MAX_KOPECKS};
use super::source::{Column, Fields};
use sqlx::AnyConnection;
use std::sync::LazyLock;

pub struct Payments;

#[derive(Debug, PartialEq, Eq)]
pub struct Row {
    account: AccountRef,
    external_id: String,
    paid_on: String,
    amount_kopecks: i64,
}

const PROVIDER: usize = 0;
const ACCOUNT: usize = 1;
const EXTERNAL_ID: usize = 2;
const PAID_ON: usize = 3;
const AMOUNT: usize = 4;

static UPSERT: LazyLock<Statement> = LazyLock::new(|| {
    Statement::new(
        "INSERT INTO billing_payments (account_id, external_id, paid_on, amount_kopecks)",
        "(?, ?, ?, ?)",
        "ON CONFLICT (account_id, external_id) DO UPDATE SET paid_on = excluded.paid_on, \
         amount_kopecks = excluded.amount_kopecks",
    )
});

impl Table for Payments {
    const COLUMNS: &'static [Column] = &[
        Column::required("provider"),
        Column::required("account"),
        Column::required("external_id"),
        Column::required("paid_on"),
        Column::required("amount_kopecks"),
    ];
    const SAME: &'static str = "тот же лицевой счёт и номер платежа";
    type Row = Row;
    type Key = (AccountKey, String);

    fn parse(f: &Fields) -> FieldResult<Row> {
        Ok(Row {
            account: row::account_ref(f, PROVIDER, ACCOUNT)?,
            external_id: row::text(f, EXTERNAL_ID, 64)?.to_owned(),
            paid_on: row::date(f, PAID_ON)?.to_owned(),
            amount_kopecks: row::int(f, AMOUNT, 1, MAX_KOPECKS)?,
        })
    }

    fn refers(row: &Row) -> Refers<'_> {
        Refers::Account(&row.account)
    }

    fn key(row: &Row, ctx: &Context) -> Option<Self::Key> {
        Some((ctx.account_key(&row.account)?, row.external_id.clone()))
    }
}

impl Upsert for Payments {
    const BATCH: usize = super::batch::rows_per_statement(4);

    async fn write(conn: &mut AnyConnection, rows: &[Row], ctx: &Context) -> Result<(), ImportError> {
        let sql = UPSERT.sql(rows.len());
        let mut q = sqlx::query(&sql);
        for r in rows {
            let account_id = driver::account_id(ctx, &r.account)?;
            q = q.bind(account_id).bind(&r.external_id).bind(&r.paid_on).bind(r.amount_kopecks);
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
        let text = format!("provider,account,external_id,paid_on,amount_kopecks\n{line}\n");
        with_record(Payments::COLUMNS, &text, Payments::parse)
    }

    #[test]
    fn a_payment_is_positive_and_dated() {
        let r = parse("volga,23185952,PP-000917,2026-10-20,56780").unwrap();
        assert_eq!(
            (r.external_id.as_str(), r.paid_on.as_str(), r.amount_kopecks),
            ("PP-000917", "2026-10-20", 56_780)
        );
        assert!(parse("volga,1,PP-1,2026-10-20,0").unwrap_err().contains("amount_kopecks"));
        assert!(parse("volga,1,PP-1,20.10.2026,10").unwrap_err().contains("paid_on"));
        assert!(parse("volga,1,,2026-10-20,10").unwrap_err().contains("external_id"));
    }
}

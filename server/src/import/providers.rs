//! `providers.csv`: `code,name,region,readings_from_day,readings_to_day,sms_notices`
//! (`sms_notices`: 1 where the supplier pays for SMS notices to its customers, else 0).

use super::ImportError;
use super::batch::Statement;
use super::driver::{Refers, Table, Upsert};
use super::refs::Context;
use super::row::{self, FieldResult};
use super::source::{Column, Fields};
use sqlx::AnyConnection;
use std::sync::LazyLock;

pub struct Providers;

#[derive(Debug, PartialEq, Eq)]
pub struct Row {
    code: String,
    name: String,
    region: String,
    readings_window: (i64, i64),
    sms_notices: i64,
}

const CODE: usize = 0;
const NAME: usize = 1;
const REGION: usize = 2;
const FROM_DAY: usize = 3;
const TO_DAY: usize = 4;
const SMS: usize = 5;

static UPSERT: LazyLock<Statement> = LazyLock::new(|| {
    Statement::new(
        "INSERT INTO providers (code, name, region, readings_from_day, readings_to_day, sms_notices)",
        "(?, ?, ?, ?, ?, ?)",
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, region = excluded.region, \
         readings_from_day = excluded.readings_from_day, readings_to_day = excluded.readings_to_day, \
         sms_notices = excluded.sms_notices",
    )
});

impl Table for Providers {
    const COLUMNS: &'static [Column] = &[
        Column::required("code"),
        Column::required("name"),
        Column::required("region"),
        Column::optional("readings_from_day"),
        Column::optional("readings_to_day"),
        Column::optional("sms_notices"),
    ];
    const SAME: &'static str = "тот же код поставщика";
    type Row = Row;
    type Key = String;

    fn parse(f: &Fields) -> FieldResult<Row> {
        let from = row::opt_int(f, FROM_DAY, 1, 31)?.unwrap_or(15);
        let to = row::opt_int(f, TO_DAY, 1, 31)?.unwrap_or(25);
        if from > to {
            return Err(format!("приём показаний с {from} по {to} число: начало окна позже его конца"));
        }
        Ok(Row {
            code: row::provider_code(f, CODE)?.to_owned(),
            name: row::text(f, NAME, 200)?.to_owned(),
            region: row::text(f, REGION, 200)?.to_owned(),
            readings_window: (from, to),
            sms_notices: row::opt_int(f, SMS, 0, 1)?.unwrap_or(0),
        })
    }

    fn refers(_: &Row) -> Refers<'_> {
        Refers::Nothing
    }

    fn key(row: &Row, _: &Context) -> Option<String> {
        Some(row.code.clone())
    }
}

impl Upsert for Providers {
    const BATCH: usize = super::batch::rows_per_statement(6);

    async fn write(conn: &mut AnyConnection, rows: &[Row], _: &Context) -> Result<(), ImportError> {
        let sql = UPSERT.sql(rows.len());
        let mut q = sqlx::query(&sql);
        for r in rows {
            q = q
                .bind(&r.code)
                .bind(&r.name)
                .bind(&r.region)
                .bind(r.readings_window.0)
                .bind(r.readings_window.1)
                .bind(r.sms_notices);
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
        let text = format!("code,name,region,readings_from_day,readings_to_day,sms_notices\n{line}\n");
        with_record(Providers::COLUMNS, &text, Providers::parse)
    }

    #[test]
    fn a_provider_row_with_and_without_a_window() {
        let r = parse("volga,\"ООО «Волгагаз-Расчёт»\",Самарская область,20,26,1").unwrap();
        assert_eq!((r.code.as_str(), r.readings_window, r.sms_notices), ("volga", (20, 26), 1));
        assert_eq!(parse("x,Имя,Регион,,,").unwrap().readings_window, (15, 25));
        assert_eq!(parse("x,Имя,Регион,,,").unwrap().sms_notices, 0, "SMS cost money: off unless said");
        assert!(parse("x,Имя,Регион,,,2").unwrap_err().contains("sms_notices"));
        assert!(parse("x,Имя,Регион,26,20,").unwrap_err().contains("позже"));
        assert!(parse("x,Имя,Регион,0,20,").unwrap_err().contains("readings_from_day"));
        assert!(parse("x,,Регион,1,20,").unwrap_err().contains("name"));
    }
}

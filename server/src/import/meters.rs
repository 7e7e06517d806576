//! `meters.csv`: `provider,account,serial,title,digits,verification_due,reading_period,reading_value`.
//! The reading is the last one billing accepted; it is kept as a `meter_readings` row with
//! source `billing`, beside (never over) what customers submit on the portal.

use super::ImportError;
use super::batch::{Statement, in_list};
use super::driver::{self, Refers, Table, Upsert};
use super::refs::{AccountKey, Context};
use super::row::{self, AccountRef, FieldResult};
use super::source::{Column, Fields};
use app::domain::control_question::normalise_serial;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::sync::LazyLock;

pub struct Meters;

#[derive(Debug, PartialEq, Eq)]
pub struct Row {
    account: AccountRef,
    serial: String,
    title: String,
    digits: i64,
    verification_due: Option<String>,
    /// `(period, value)` of the last billing reading.
    reading: Option<(String, i64)>,
}

const PROVIDER: usize = 0;
const ACCOUNT: usize = 1;
const SERIAL: usize = 2;
const TITLE: usize = 3;
const DIGITS: usize = 4;
const VERIFICATION_DUE: usize = 5;
const READING_PERIOD: usize = 6;
const READING_VALUE: usize = 7;

const DEFAULT_TITLE: &str = "Счётчик газа";

static UPSERT: LazyLock<Statement> = LazyLock::new(|| {
    Statement::new(
        "INSERT INTO meters (account_id, serial, title, digits, verification_due)",
        "(?, ?, ?, ?, ?)",
        "ON CONFLICT (account_id, serial) DO UPDATE SET title = excluded.title, digits = excluded.digits, \
         verification_due = excluded.verification_due RETURNING id, account_id, serial",
    )
});

// A changed value is a new acceptance; the same value again keeps the time it was first seen.
static READINGS: LazyLock<Statement> = LazyLock::new(|| {
    Statement::new(
        "INSERT INTO meter_readings (meter_id, period, value, source, accepted_at)",
        "(?, ?, ?, 'billing', ?)",
        "ON CONFLICT (meter_id, period, source) DO UPDATE SET value = excluded.value, \
         accepted_at = CASE WHEN meter_readings.value = excluded.value \
         THEN meter_readings.accepted_at ELSE excluded.accepted_at END",
    )
});

impl Table for Meters {
    const COLUMNS: &'static [Column] = &[
        Column::required("provider"),
        Column::required("account"),
        Column::required("serial"),
        Column::optional("title"),
        Column::optional("digits"),
        Column::optional("verification_due"),
        Column::optional("reading_period"),
        Column::optional("reading_value"),
    ];
    const SAME: &'static str = "тот же лицевой счёт и заводской номер счётчика";
    type Row = Row;
    type Key = (AccountKey, String);

    fn parse(f: &Fields) -> FieldResult<Row> {
        let account = row::account_ref(f, PROVIDER, ACCOUNT)?;
        let serial = row::text(f, SERIAL, 64)?;
        if normalise_serial(serial).is_empty() {
            return Err(format!("столбец serial: «{serial}» — в заводском номере нет ни букв, ни цифр"));
        }
        let digits = row::opt_int(f, DIGITS, 1, 12)?.unwrap_or(5);
        let reading = match (f.get(READING_PERIOD).is_empty(), f.get(READING_VALUE).is_empty()) {
            (true, true) => None,
            (false, false) => {
                let value = row::int(f, READING_VALUE, 0, 10_i64.pow(digits as u32) - 1).map_err(|e| {
                    format!("{e} (показание в м³, целое, не больше {digits} разрядов счётчика)")
                })?;
                Some((row::period(f, READING_PERIOD)?.to_owned(), value))
            }
            _ => {
                return Err("показание и его месяц (reading_value, reading_period) указываются вместе".into());
            }
        };
        Ok(Row {
            account,
            serial: serial.to_owned(),
            title: row::opt_text(f, TITLE, 100)?.unwrap_or(DEFAULT_TITLE).to_owned(),
            digits,
            verification_due: row::opt_date(f, VERIFICATION_DUE)?.map(str::to_owned),
            reading,
        })
    }

    fn refers(row: &Row) -> Refers<'_> {
        Refers::Account(&row.account)
    }

    /// Serials compare as the control question compares them, so `ГР-2019-77415` and
    /// `гр 201977415` are one meter.
    fn key(row: &Row, ctx: &Context) -> Option<Self::Key> {
        Some((ctx.account_key(&row.account)?, normalise_serial(&row.serial)))
    }
}

impl Upsert for Meters {
    const BATCH: usize = super::batch::rows_per_statement(5);

    async fn write(conn: &mut AnyConnection, rows: &[Row], ctx: &Context) -> Result<(), ImportError> {
        let account_ids: Vec<i64> =
            rows.iter().map(|r| driver::account_id(ctx, &r.account)).collect::<Result<_, _>>()?;
        respell_existing(conn, rows, &account_ids).await?;

        let sql = UPSERT.sql(rows.len());
        let mut q = sqlx::query_as::<_, (i64, i64, String)>(&sql);
        for (r, account_id) in rows.iter().zip(&account_ids) {
            q = q
                .bind(account_id)
                .bind(&r.serial)
                .bind(&r.title)
                .bind(r.digits)
                .bind(r.verification_due.as_deref());
        }
        let meter_ids: HashMap<(i64, String), i64> = q
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(id, account, serial)| ((account, serial), id))
            .collect();

        let readings: Vec<(i64, &str, i64)> = rows
            .iter()
            .zip(&account_ids)
            .filter_map(|(r, &account_id)| {
                let (period, value) = r.reading.as_ref()?;
                Some((meter_ids[&(account_id, r.serial.clone())], period.as_str(), *value))
            })
            .collect();
        if readings.is_empty() {
            return Ok(());
        }
        let sql = READINGS.sql(readings.len());
        let mut q = sqlx::query(&sql);
        for (meter_id, period, value) in readings {
            q = q.bind(meter_id).bind(period).bind(value).bind(ctx.now);
        }
        q.execute(conn).await?;
        Ok(())
    }
}

/// A meter already stored under another spelling of the same serial (`ГР-2019-77415` then
/// `ГР201977415`) takes the file's spelling, so the upsert updates it instead of adding a
/// second meter.
async fn respell_existing(conn: &mut AnyConnection, rows: &[Row], account_ids: &[i64]) -> sqlx::Result<()> {
    let sql =
        format!("SELECT id, account_id, serial FROM meters WHERE account_id IN {}", in_list(1, rows.len()));
    let mut q = sqlx::query_as::<_, (i64, i64, String)>(&sql);
    for id in account_ids {
        q = q.bind(id);
    }
    let existing = q.fetch_all(&mut *conn).await?;
    for (r, &account_id) in rows.iter().zip(account_ids) {
        let mine: Vec<&(i64, i64, String)> = existing.iter().filter(|(_, a, _)| *a == account_id).collect();
        if mine.iter().any(|(_, _, s)| *s == r.serial) {
            continue;
        }
        let wanted = normalise_serial(&r.serial);
        if let Some((id, _, _)) = mine.iter().find(|(_, _, s)| normalise_serial(s) == wanted) {
            sqlx::query("UPDATE meters SET serial = $1 WHERE id = $2")
                .bind(&r.serial)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::row::tests::with_record;

    fn parse(line: &str) -> FieldResult<Row> {
        let header = "provider,account,serial,title,digits,verification_due,reading_period,reading_value";
        with_record(Meters::COLUMNS, &format!("{header}\n{line}\n"), Meters::parse)
    }

    #[test]
    fn a_meter_with_its_last_billing_reading() {
        let r = parse("demo,023-185952,12345678,,,2029-05-14,2026-10,1520").unwrap();
        assert_eq!(r.title, DEFAULT_TITLE);
        assert_eq!(r.digits, 5);
        assert_eq!(r.verification_due.as_deref(), Some("2029-05-14"));
        assert_eq!(r.reading, Some(("2026-10".into(), 1520)));
        assert_eq!(parse("demo,1,ГР-1,Плита,6,,,").unwrap().reading, None);
    }

    #[test]
    fn readings_need_their_month_and_fit_the_dial() {
        assert!(parse("demo,1,A1,,,,2026-10,").unwrap_err().contains("вместе"));
        assert!(parse("demo,1,A1,,,,,15").unwrap_err().contains("вместе"));
        assert!(parse("demo,1,A1,,4,,2026-10,10000").unwrap_err().contains("4 разрядов"));
        assert!(parse("demo,1,A1,,,,2026-13,1").unwrap_err().contains("reading_period"));
        assert!(parse("demo,1,A1,,,31.12.2029,,").unwrap_err().contains("verification_due"));
        assert!(parse("demo,1, -- ,,,,,").unwrap_err().contains("serial"));
    }
}

//! `accounts.csv`: `provider,account,owner,address,debt_kopecks,last_charge_kopecks[,gas_use]`.
//! The account's PIN is not here (see `pins.rs`) and is left as it is on re-import; so is
//! its use of gas where the file leaves `gas_use` out or blank (a new account: `heating`).

use super::ImportError;
use super::batch::Statement;
use super::driver::{self, Refers, Table, Upsert};
use super::refs::{AccountKey, Context};
use super::row::{self, AccountRef, FieldResult, MAX_KOPECKS};
use super::source::{Column, Fields};
use app::domain::tariff::GasUse;
use sqlx::AnyConnection;
use std::sync::LazyLock;

pub struct Accounts;

#[derive(Debug, PartialEq, Eq)]
pub struct Row {
    account: AccountRef,
    owner: String,
    address: String,
    debt_kopecks: i64,
    last_charge_kopecks: Option<i64>,
    /// Which of the supplier's tariffs applies; `None` keeps what the portal has.
    gas_use: Option<GasUse>,
}

const PROVIDER: usize = 0;
const ACCOUNT: usize = 1;
const OWNER: usize = 2;
const ADDRESS: usize = 3;
const DEBT: usize = 4;
const LAST_CHARGE: usize = 5;
const GAS_USE: usize = 6;

static UPSERT: LazyLock<Statement> = LazyLock::new(|| {
    Statement::new(
        "INSERT INTO accounts (provider_id, number, owner_name, address, debt_kopecks, last_charge_kopecks)",
        "(?, ?, ?, ?, ?, ?)",
        "ON CONFLICT (provider_id, number) DO UPDATE SET owner_name = excluded.owner_name, \
         address = excluded.address, debt_kopecks = excluded.debt_kopecks, \
         last_charge_kopecks = excluded.last_charge_kopecks",
    )
});

/// The same, for rows that name the use of gas.
static UPSERT_WITH_USE: LazyLock<Statement> = LazyLock::new(|| {
    Statement::new(
        "INSERT INTO accounts (provider_id, number, owner_name, address, debt_kopecks, last_charge_kopecks, gas_use)",
        "(?, ?, ?, ?, ?, ?, ?)",
        "ON CONFLICT (provider_id, number) DO UPDATE SET owner_name = excluded.owner_name, \
         address = excluded.address, debt_kopecks = excluded.debt_kopecks, \
         last_charge_kopecks = excluded.last_charge_kopecks, gas_use = excluded.gas_use",
    )
});

impl Table for Accounts {
    const COLUMNS: &'static [Column] = &[
        Column::required("provider"),
        Column::required("account"),
        Column::required("owner"),
        Column::required("address"),
        Column::required("debt_kopecks"),
        Column::optional("last_charge_kopecks"),
        Column::optional("gas_use"),
    ];
    const SAME: &'static str = "тот же поставщик и лицевой счёт";
    type Row = Row;
    type Key = AccountKey;

    fn parse(f: &Fields) -> FieldResult<Row> {
        Ok(Row {
            account: row::account_ref(f, PROVIDER, ACCOUNT)?,
            owner: row::text(f, OWNER, 200)?.to_owned(),
            address: row::text(f, ADDRESS, 500)?.to_owned(),
            // Negative: the customer has paid ahead.
            debt_kopecks: row::int(f, DEBT, -MAX_KOPECKS, MAX_KOPECKS)?,
            // The control question asks for it as digits, so it is never negative.
            last_charge_kopecks: row::opt_int(f, LAST_CHARGE, 0, MAX_KOPECKS)?,
            gas_use: row::opt_gas_use(f, GAS_USE)?,
        })
    }

    fn refers(row: &Row) -> Refers<'_> {
        Refers::Provider(&row.account.provider)
    }

    fn key(row: &Row, ctx: &Context) -> Option<AccountKey> {
        ctx.account_key(&row.account)
    }
}

impl Upsert for Accounts {
    const BATCH: usize = super::batch::rows_per_statement(7);

    async fn write(conn: &mut AnyConnection, rows: &[Row], ctx: &Context) -> Result<(), ImportError> {
        let (with_use, without): (Vec<&Row>, Vec<&Row>) = rows.iter().partition(|r| r.gas_use.is_some());
        for (statement, rows) in [(&*UPSERT, without), (&*UPSERT_WITH_USE, with_use)] {
            if rows.is_empty() {
                continue;
            }
            let sql = statement.sql(rows.len());
            let mut q = sqlx::query(&sql);
            for r in rows {
                q = q
                    .bind(driver::provider_id(ctx, &r.account.provider)?)
                    .bind(r.account.number.as_str())
                    .bind(&r.owner)
                    .bind(&r.address)
                    .bind(r.debt_kopecks)
                    .bind(r.last_charge_kopecks);
                if let Some(gas_use) = r.gas_use {
                    q = q.bind(gas_use.code());
                }
            }
            q.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::row::tests::with_record;

    fn parse(line: &str) -> FieldResult<Row> {
        let text = format!("provider,account,owner,address,debt_kopecks,last_charge_kopecks\n{line}\n");
        with_record(Accounts::COLUMNS, &text, Accounts::parse)
    }

    fn parse_with_use(line: &str) -> FieldResult<Row> {
        let text =
            format!("provider,account,owner,address,debt_kopecks,last_charge_kopecks,gas_use\n{line}\n");
        with_record(Accounts::COLUMNS, &text, Accounts::parse)
    }

    #[test]
    fn an_account_row_normalises_the_number() {
        let r = parse(
            "demo,023-185952,Иванов Иван Иванович,\"г. Москва, ул. Ленина, д. 5, кв. 12\",123456,123456",
        )
        .unwrap();
        assert_eq!(r.account.number.as_str(), "23185952");
        assert_eq!((r.debt_kopecks, r.last_charge_kopecks), (123_456, Some(123_456)));
        assert_eq!(parse("demo,1,Имя,Адрес,-500,").unwrap().last_charge_kopecks, None);
        assert_eq!(parse("demo,1,Имя,Адрес,0,").unwrap().gas_use, None);
        assert_eq!(parse_with_use("demo,1,Имя,Адрес,0,,cooking").unwrap().gas_use, Some(GasUse::Cooking));
        assert_eq!(parse_with_use("demo,1,Имя,Адрес,0,,").unwrap().gas_use, None);
        assert!(parse_with_use("demo,1,Имя,Адрес,0,,boiler").unwrap_err().contains("gas_use"));
    }

    #[test]
    fn rubles_instead_of_kopecks_are_refused() {
        assert!(parse("demo,1,Имя,Адрес,1234.56,").unwrap_err().contains("debt_kopecks"));
        assert!(parse("demo,1,Имя,Адрес,0,-1").unwrap_err().contains("last_charge_kopecks"));
        assert!(parse("demo,лс1,Имя,Адрес,0,").unwrap_err().contains("account"));
    }
}

//! Every SQL statement about accounts and their bindings, with a named row for each shape.
//! Functions that take a connection run inside the caller's transaction.

use crate::error::AppError;
use crate::server::reads::{Arg, ReadConn};
use crate::tariffs::repo::{ACCOUNT_TARIFF_JOIN, AccountTariffs, TARIFF_COLUMNS, TariffRow};
use sqlx::{AnyConnection, AnyPool, FromRow};

#[derive(FromRow)]
pub struct ProviderRow {
    pub id: i64,
    pub name: String,
    pub region: String,
}

pub async fn providers(pool: &AnyPool) -> Result<Vec<ProviderRow>, AppError> {
    Ok(sqlx::query_as("SELECT id, name, region FROM providers ORDER BY name").fetch_all(pool).await?)
}

pub async fn provider_name(pool: &AnyPool, provider_id: i64) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM providers WHERE id = $1")
        .bind(provider_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(name,)| name))
}

pub async fn account_id_by_number(
    pool: &AnyPool,
    provider_id: i64,
    number: &str,
) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM accounts WHERE provider_id = $1 AND number = $2")
            .bind(provider_id)
            .bind(number)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id,)| id))
}

#[derive(FromRow)]
pub struct BindingRow {
    pub id: i64,
    pub access: String,
}

pub async fn binding(pool: &AnyPool, user_id: i64, account_id: i64) -> Result<Option<BindingRow>, AppError> {
    Ok(sqlx::query_as("SELECT id, access FROM bindings WHERE user_id = $1 AND account_id = $2")
        .bind(user_id)
        .bind(account_id)
        .fetch_optional(pool)
        .await?)
}

/// One account as its card shows it, seen through the customer's binding.
#[derive(FromRow)]
pub struct SummaryRow {
    pub account_id: i64,
    pub provider: String,
    pub number: String,
    pub address: String,
    pub debt_kopecks: i64,
    pub access: String,
}

crate::sqlite_row!(SummaryRow { account_id, provider, number, address, debt_kopecks, access });

const SUMMARY_COLUMNS_HEAD: &str =
    "a.id AS account_id, p.name AS provider, a.number, a.address, a.debt_kopecks, b.access";
const SUMMARY_FROM: &str =
    "FROM bindings b JOIN accounts a ON a.id = b.account_id JOIN providers p ON p.id = a.provider_id";

static SUMMARIES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("SELECT {SUMMARY_COLUMNS_HEAD} {SUMMARY_FROM} WHERE b.user_id = $1 ORDER BY b.created_at, b.id")
});

/// The customer's accounts, as the cabinet lists them.
pub async fn summaries(db: &mut ReadConn, user_id: i64) -> Result<Vec<SummaryRow>, AppError> {
    Ok(db.all(&SUMMARIES, &[Arg::Int(user_id)]).await?)
}

/// The account page's header: the binding, the account with its provider, the owner
/// (shown only with extended access) and an open PIN request.
#[derive(FromRow)]
pub struct PageRow {
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    pub owner_name: String,
    pub pin_requested_at: Option<i64>,
}

crate::sqlite_row!(PageRow { summary: flatten, owner_name, pin_requested_at });

/// One row of the page statement: the header, beside one price of the account's tariff.
#[derive(FromRow)]
struct PageLine {
    #[sqlx(flatten)]
    header: PageRow,
    #[sqlx(flatten)]
    tariff: TariffRow,
}

crate::sqlite_row!(PageLine { header: flatten, tariff: flatten });

/// The header and the account's tariff.
pub struct Page {
    pub header: PageRow,
    pub tariffs: Option<AccountTariffs>,
}

static PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {SUMMARY_COLUMNS_HEAD}, a.owner_name, \
         (SELECT r.created_at FROM pin_requests r \
          WHERE r.user_id = b.user_id AND r.account_id = b.account_id AND r.status = 'open') AS pin_requested_at, \
         {TARIFF_COLUMNS} {SUMMARY_FROM} {ACCOUNT_TARIFF_JOIN} \
         WHERE b.user_id = $1 AND b.account_id = $2 ORDER BY t.valid_from"
    )
});

/// The account page's header and tariff in one statement (one row per price, the header
/// repeated): the page is what a customer opens most. `None` when the account is not
/// bound to the user.
pub async fn page(db: &mut ReadConn, user_id: i64, account_id: i64) -> Result<Option<Page>, AppError> {
    let lines: Vec<PageLine> = db.all(&PAGE, &[Arg::Int(user_id), Arg::Int(account_id)]).await?;
    let mut lines = lines.into_iter();
    let Some(PageLine { header, tariff }) = lines.next() else { return Ok(None) };
    let tariffs = AccountTariffs::from_rows(std::iter::once(tariff).chain(lines.map(|line| line.tariff)));
    Ok(Some(Page { header, tariffs }))
}

/// A meter with its newest reading, in one statement.
#[derive(FromRow)]
pub struct MeterRow {
    pub serial: String,
    pub title: String,
    pub verification_due: Option<String>,
    pub last_period: Option<String>,
    pub last_value: Option<i64>,
}

crate::sqlite_row!(MeterRow { serial, title, verification_due, last_period, last_value });

pub async fn meters_with_last_reading(db: &mut ReadConn, account_id: i64) -> Result<Vec<MeterRow>, AppError> {
    // The newest reading is looked up once per meter (by its id), not once per column.
    Ok(db
        .all(
            "SELECT m.serial, m.title, m.verification_due, r.period AS last_period, r.value AS last_value \
         FROM meters m LEFT JOIN meter_readings r ON r.id = (SELECT n.id FROM meter_readings n \
           WHERE n.meter_id = m.id ORDER BY n.period DESC, n.accepted_at DESC LIMIT 1) \
         WHERE m.account_id = $1 ORDER BY m.id",
            &[Arg::Int(account_id)],
        )
        .await?)
}

/// A month of the history: the charge, and what was paid in that month (`paid_on` is
/// `YYYY-MM-DD`, the period `YYYY-MM`).
#[derive(FromRow)]
pub struct MonthRow {
    pub period: String,
    pub charged: i64,
    pub consumption_m3: i64,
    pub paid: i64,
}

crate::sqlite_row!(MonthRow { period, charged, consumption_m3, paid });

/// The newest `months` months, newest first. Each month's payments are one range of the
/// `billing_payments_by_day` index (`paid_on` from the 1st to the 31st): grouping all the
/// account's payments first cost SQLite a temporary table and a scan per month.
pub async fn history(db: &mut ReadConn, account_id: i64, months: i64) -> Result<Vec<MonthRow>, AppError> {
    Ok(db
        .all(
            "SELECT c.period, c.amount_kopecks AS charged, c.consumption_m3, \
         CAST(COALESCE((SELECT SUM(b.amount_kopecks) FROM billing_payments b \
           WHERE b.account_id = c.account_id AND b.paid_on BETWEEN c.period || '-01' AND c.period || '-31'), 0) \
         AS BIGINT) AS paid \
         FROM charges c WHERE c.account_id = $1 ORDER BY c.period DESC LIMIT $2",
            &[Arg::Int(account_id), Arg::Int(months)],
        )
        .await?)
}

pub async fn count_bindings(conn: &mut AnyConnection, user_id: i64) -> Result<i64, AppError> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bindings WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await?;
    Ok(count)
}

/// Two tabs binding the same account at once: the unique key keeps one row.
pub async fn insert_basic_binding(
    conn: &mut AnyConnection,
    user_id: i64,
    account_id: i64,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO bindings (user_id, account_id, access, created_at) VALUES ($1, $2, 'basic', $3) \
         ON CONFLICT (user_id, account_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_binding(conn: &mut AnyConnection, binding_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM bindings WHERE id = $1").bind(binding_id).execute(conn).await?;
    Ok(())
}

pub async fn extend_binding(conn: &mut AnyConnection, binding_id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE bindings SET access = 'extended', extended_at = $1 WHERE id = $2")
        .bind(now)
        .bind(binding_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_open_pin_request(
    conn: &mut AnyConnection,
    user_id: i64,
    account_id: i64,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM pin_requests WHERE user_id = $1 AND account_id = $2 AND status = 'open'")
        .bind(user_id)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Asking twice keeps the first request: `true` when this call made it.
pub async fn insert_pin_request(
    conn: &mut AnyConnection,
    user_id: i64,
    account_id: i64,
    now: i64,
) -> Result<bool, AppError> {
    let inserted = sqlx::query(
        "INSERT INTO pin_requests (user_id, account_id, status, created_at) VALUES ($1, $2, 'open', $3) \
         ON CONFLICT (user_id, account_id) WHERE status = 'open' DO NOTHING",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted > 0)
}

pub async fn open_pin_request_at(
    conn: &mut AnyConnection,
    user_id: i64,
    account_id: i64,
) -> Result<i64, AppError> {
    let (created_at,): (i64,) = sqlx::query_as(
        "SELECT created_at FROM pin_requests WHERE user_id = $1 AND account_id = $2 AND status = 'open'",
    )
    .bind(user_id)
    .bind(account_id)
    .fetch_one(conn)
    .await?;
    Ok(created_at)
}

/// What control answers are compared with.
#[derive(FromRow)]
pub struct SecretsRow {
    pub last_charge_kopecks: Option<i64>,
    pub debt_kopecks: i64,
    pub pin_hash: Option<String>,
}

pub async fn secrets(pool: &AnyPool, account_id: i64) -> Result<(SecretsRow, Vec<String>), AppError> {
    let row: SecretsRow =
        sqlx::query_as("SELECT last_charge_kopecks, debt_kopecks, pin_hash FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_one(pool)
            .await?;
    let serials: Vec<(String,)> = sqlx::query_as("SELECT serial FROM meters WHERE account_id = $1")
        .bind(account_id)
        .fetch_all(pool)
        .await?;
    Ok((row, serials.into_iter().map(|(s,)| s).collect()))
}

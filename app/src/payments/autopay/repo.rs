//! Every statement of autopay: `autopays` (one per account) and `autopay_charges` (what it
//! did for each period). No rules here: the service and the scheduler decide.

use sqlx::{AnyConnection, AnyPool};

/// An account's autopay, with what the page and the scheduler need of the account.
#[derive(Debug, sqlx::FromRow)]
pub struct AutopayRow {
    pub account_id: i64,
    pub user_id: i64,
    pub day_of_month: i64,
    pub cap_kopecks: i64,
    pub status: String,
    pub method_id: Option<String>,
    pub method_title: Option<String>,
    /// The first payment's public id and state (while autopay is being set up).
    pub setup_public_id: Option<String>,
    pub setup_status: Option<String>,
    pub setup_url: Option<String>,
    pub debt_kopecks: i64,
    pub number: String,
    pub provider_id: i64,
    /// The latest period billing charged.
    pub period: Option<String>,
    /// What autopay did for that period: the first attempt's outcome, and whether a second
    /// one was made.
    pub first_outcome: Option<String>,
    pub second_outcome: Option<String>,
}

/// The latest period billing charged an autopay's account (an index lookup per row).
const LATEST_PERIOD: &str = "(SELECT MAX(c.period) FROM charges c WHERE c.account_id = ap.account_id)";

fn select_autopay() -> String {
    let outcome = |attempt: u8| {
        format!(
            "(SELECT x.outcome FROM autopay_charges x WHERE x.account_id = ap.account_id \
              AND x.attempt = {attempt} AND x.period = {LATEST_PERIOD})"
        )
    };
    format!(
        "SELECT ap.account_id, ap.user_id, ap.day_of_month, ap.cap_kopecks, ap.status, ap.method_id, \
                ap.method_title, sp.public_id AS setup_public_id, sp.status AS setup_status, \
                sp.confirmation_url AS setup_url, a.debt_kopecks, a.number, a.provider_id, \
                {LATEST_PERIOD} AS period, {} AS first_outcome, {} AS second_outcome \
         FROM autopays ap JOIN accounts a ON a.id = ap.account_id \
         LEFT JOIN payments sp ON sp.id = ap.setup_payment_id",
        outcome(1),
        outcome(2)
    )
}

/// The account's autopay.
pub async fn of_account(pool: &AnyPool, account_id: i64) -> Result<Option<AutopayRow>, sqlx::Error> {
    sqlx::query_as(&format!("{} WHERE ap.account_id = $1", select_autopay()))
        .bind(account_id)
        .fetch_optional(pool)
        .await
}

/// Active autopays paying on one of `days`, whose customer still has the account with
/// extended access (one who unbound it or lost that access is not charged).
pub async fn active_on(pool: &AnyPool, days: &[i64]) -> Result<Vec<AutopayRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} WHERE ap.status = 'active' AND ap.day_of_month IN ($1, $2, $3) \
         AND EXISTS (SELECT 1 FROM bindings b WHERE b.user_id = ap.user_id AND b.account_id = ap.account_id \
                     AND b.access = 'extended') \
         ORDER BY ap.id",
        select_autopay()
    ))
    .bind(days[0])
    .bind(days[1])
    .bind(days[2])
    .fetch_all(pool)
    .await
}

/// What a new autopay (or a new try at setting one up) holds.
pub struct NewAutopay<'a> {
    pub account_id: i64,
    pub user_id: i64,
    pub day_of_month: i64,
    pub cap_kopecks: i64,
    pub acquirer: &'a str,
    pub setup_payment_id: i64,
    pub now: i64,
}

/// Writes the account's autopay as being set up (replacing one not yet active of the same
/// customer); `false` when the account has another customer's, or an active one.
pub async fn upsert_setup(conn: &mut AnyConnection, a: &NewAutopay<'_>) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "INSERT INTO autopays (account_id, user_id, day_of_month, cap_kopecks, status, acquirer, setup_payment_id, \
                               consented_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'setup', $5, $6, $7, $7) \
         ON CONFLICT (account_id) DO UPDATE SET day_of_month = excluded.day_of_month, \
             cap_kopecks = excluded.cap_kopecks, acquirer = excluded.acquirer, \
             setup_payment_id = excluded.setup_payment_id, consented_at = excluded.consented_at, \
             updated_at = excluded.updated_at \
         WHERE autopays.user_id = excluded.user_id AND autopays.status = 'setup'",
    )
    .bind(a.account_id)
    .bind(a.user_id)
    .bind(a.day_of_month)
    .bind(a.cap_kopecks)
    .bind(a.acquirer)
    .bind(a.setup_payment_id)
    .bind(a.now)
    .execute(conn)
    .await?;
    Ok(moved.rows_affected() == 1)
}

/// The first payment saved the card: autopay is on. Returns its account, or `None` when the
/// payment set up no autopay (or one already on).
pub async fn activate(
    conn: &mut AnyConnection,
    setup_payment_id: i64,
    method_id: &str,
    method_title: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE autopays SET status = 'active', method_id = $1, method_title = $2, updated_at = $3 \
         WHERE setup_payment_id = $4 AND status = 'setup' RETURNING account_id",
    )
    .bind(method_id)
    .bind(method_title)
    .bind(now)
    .bind(setup_payment_id)
    .fetch_optional(conn)
    .await
}

/// The day and cap of this customer's autopay; `false` when there is none.
pub async fn update(
    pool: &AnyPool,
    account_id: i64,
    user_id: i64,
    day: i64,
    cap_kopecks: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE autopays SET day_of_month = $1, cap_kopecks = $2, updated_at = $3 \
         WHERE account_id = $4 AND user_id = $5 AND status IN ('active', 'paused')",
    )
    .bind(day)
    .bind(cap_kopecks)
    .bind(now)
    .bind(account_id)
    .bind(user_id)
    .execute(pool)
    .await?;
    Ok(moved.rows_affected() == 1)
}

/// `paused` → `active` for this customer; `false` when it was not paused.
pub async fn resume(pool: &AnyPool, account_id: i64, user_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE autopays SET status = 'active', updated_at = $1 \
         WHERE account_id = $2 AND user_id = $3 AND status = 'paused'",
    )
    .bind(now)
    .bind(account_id)
    .bind(user_id)
    .execute(pool)
    .await?;
    Ok(moved.rows_affected() == 1)
}

/// The account's autopay is paused (a charge and its retry failed).
pub async fn pause(conn: &mut AnyConnection, account_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE autopays SET status = 'paused', updated_at = $1 WHERE account_id = $2 AND status = 'active'",
    )
    .bind(now)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Turns this customer's autopay off: the row goes, and with it the saved method's id.
pub async fn delete(conn: &mut AnyConnection, account_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    let gone = sqlx::query("DELETE FROM autopays WHERE account_id = $1 AND user_id = $2")
        .bind(account_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(gone.rows_affected() == 1)
}

/// Claims an attempt for the account's period: the one row whatever the number of
/// instances. `None` when another claimed it first.
pub async fn claim(
    conn: &mut AnyConnection,
    account_id: i64,
    period: &str,
    attempt: i64,
    outcome: &str,
    payment_id: Option<i64>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO autopay_charges (account_id, period, attempt, outcome, payment_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, period, attempt) DO NOTHING RETURNING id",
    )
    .bind(account_id)
    .bind(period)
    .bind(attempt)
    .bind(outcome)
    .bind(payment_id)
    .bind(now)
    .fetch_optional(conn)
    .await
}

pub async fn set_payment(
    conn: &mut AnyConnection,
    charge_id: i64,
    payment_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE autopay_charges SET payment_id = $1 WHERE id = $2")
        .bind(payment_id)
        .bind(charge_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// An autopay charge, found by its payment.
#[derive(Debug, sqlx::FromRow)]
pub struct ChargeRow {
    pub id: i64,
    pub account_id: i64,
    pub period: String,
    pub attempt: i64,
}

pub async fn charge_of_payment(
    conn: &mut AnyConnection,
    payment_id: i64,
) -> Result<Option<ChargeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, account_id, period, attempt FROM autopay_charges WHERE payment_id = $1 AND outcome = 'charging'",
    )
    .bind(payment_id)
    .fetch_optional(conn)
    .await
}

pub async fn set_outcome(conn: &mut AnyConnection, charge_id: i64, outcome: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE autopay_charges SET outcome = $1 WHERE id = $2")
        .bind(outcome)
        .bind(charge_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The latest period billing charged the account.
pub async fn latest_period(conn: &mut AnyConnection, account_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT MAX(period) FROM charges WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(conn)
        .await
}

/// Who owns the account's autopay and the account's number and supplier, for a notice.
#[derive(Debug, sqlx::FromRow)]
pub struct OwnerRow {
    pub user_id: i64,
    pub number: String,
    pub provider_id: i64,
}

pub async fn owner(conn: &mut AnyConnection, account_id: i64) -> Result<Option<OwnerRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ap.user_id, a.number, a.provider_id FROM autopays ap JOIN accounts a ON a.id = ap.account_id \
         WHERE ap.account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(conn)
    .await
}

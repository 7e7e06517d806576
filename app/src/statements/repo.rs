//! All SQL of the documents: each read joins the customer's binding or payment, so a
//! document is never assembled for someone else's account.

use sqlx::{AnyPool, FromRow};

#[derive(FromRow)]
pub struct AccountRow {
    pub provider: String,
    pub number: String,
    pub owner_name: String,
    pub address: String,
    pub debt_kopecks: i64,
    pub access: String,
}

pub async fn account(
    pool: &AnyPool,
    user_id: i64,
    account_id: i64,
) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.name AS provider, a.number, a.owner_name, a.address, a.debt_kopecks, b.access \
         FROM bindings b JOIN accounts a ON a.id = b.account_id JOIN providers p ON p.id = a.provider_id \
         WHERE b.user_id = $1 AND b.account_id = $2",
    )
    .bind(user_id)
    .bind(account_id)
    .fetch_optional(pool)
    .await
}

#[derive(FromRow)]
pub struct ChargeRow {
    pub period: String,
    pub amount_kopecks: i64,
    pub consumption_m3: i64,
}

/// Every charge from `from` (`YYYY-MM`) on, the months after the period included: the
/// debt at the period's end is today's debt less what came after it.
pub async fn charges_since(
    pool: &AnyPool,
    account_id: i64,
    from: &str,
) -> Result<Vec<ChargeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT period, amount_kopecks, consumption_m3 FROM charges \
         WHERE account_id = $1 AND period >= $2 ORDER BY period",
    )
    .bind(account_id)
    .bind(from)
    .fetch_all(pool)
    .await
}

#[derive(FromRow)]
pub struct PaymentRow {
    pub paid_on: String,
    pub amount_kopecks: i64,
}

/// Payments billing received from `from` (`YYYY-MM-DD`) on.
pub async fn billing_payments_since(
    pool: &AnyPool,
    account_id: i64,
    from: &str,
) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT paid_on, amount_kopecks FROM billing_payments \
         WHERE account_id = $1 AND paid_on >= $2 ORDER BY paid_on, id",
    )
    .bind(account_id)
    .bind(from)
    .fetch_all(pool)
    .await
}

#[derive(FromRow)]
pub struct ReadingRow {
    pub period: String,
    pub serial: String,
    pub source: String,
    pub value: i64,
}

pub async fn readings_between(
    pool: &AnyPool,
    account_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<ReadingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.period, m.serial, r.source, r.value FROM meter_readings r JOIN meters m ON m.id = r.meter_id \
         WHERE m.account_id = $1 AND r.period >= $2 AND r.period <= $3 ORDER BY r.period, m.id, r.accepted_at",
    )
    .bind(account_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

#[derive(FromRow)]
pub struct ReceiptRow {
    pub provider: String,
    pub number: String,
    pub address: String,
    pub amount_kopecks: i64,
    pub purpose: String,
    pub acquirer: String,
    pub acquirer_id: Option<String>,
    pub status: String,
    pub credited_at: Option<i64>,
    pub access: Option<String>,
}

/// The customer's own payment with its account, and their binding's access if they still
/// have it (the address is shown in full only with extended access).
pub async fn receipt(
    pool: &AnyPool,
    user_id: i64,
    public_id: &str,
) -> Result<Option<ReceiptRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT pr.name AS provider, a.number, a.address, p.amount_kopecks, p.purpose, p.acquirer, \
         p.acquirer_id, p.status, p.credited_at, b.access \
         FROM payments p JOIN accounts a ON a.id = p.account_id JOIN providers pr ON pr.id = a.provider_id \
         LEFT JOIN bindings b ON b.account_id = p.account_id AND b.user_id = p.user_id \
         WHERE p.public_id = $1 AND p.user_id = $2",
    )
    .bind(public_id)
    .bind(user_id)
    .fetch_optional(pool)
    .await
}

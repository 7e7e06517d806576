//! Every statement of meter readings: the provider's window of days, the account's meters,
//! and `meter_readings`. No rules here: the service decides what to read and when to write.

use sqlx::{AnyConnection, AnyPool};

/// The provider's window of days for readings of one account.
#[derive(Debug, sqlx::FromRow)]
pub struct WindowRow {
    pub readings_from_day: i64,
    pub readings_to_day: i64,
}

/// One meter of an account.
#[derive(Debug, sqlx::FromRow)]
pub struct MeterRow {
    pub id: i64,
    pub serial: String,
    pub title: String,
    pub digits: i64,
}

/// A reading's period and value.
#[derive(Debug, sqlx::FromRow)]
pub struct PeriodValueRow {
    pub period: String,
    pub value: i64,
}

/// A reading with who gave it (`source`, and the customer for the portal's).
#[derive(Debug, sqlx::FromRow)]
pub struct HistoryRow {
    pub period: String,
    pub value: i64,
    pub source: String,
    pub submitted_by: Option<i64>,
}

pub async fn window_of(pool: &AnyPool, account_id: i64) -> Result<WindowRow, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.readings_from_day AS readings_from_day, p.readings_to_day AS readings_to_day \
         FROM accounts a JOIN providers p ON p.id = a.provider_id WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_one(pool)
    .await
}

/// The account's meters, in the order they were added.
pub async fn meters_of(pool: &AnyPool, account_id: i64) -> Result<Vec<MeterRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, serial, title, digits FROM meters WHERE account_id = $1 ORDER BY id")
        .bind(account_id)
        .fetch_all(pool)
        .await
}

/// The last accepted reading of a meter other than the portal's reading of `period`.
pub async fn last_before_portal(
    pool: &AnyPool,
    meter_id: i64,
    period: &str,
) -> Result<Option<PeriodValueRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT period, value FROM meter_readings WHERE meter_id = $1 AND NOT (source = 'portal' AND period = $2) \
         ORDER BY period DESC, accepted_at DESC LIMIT 1",
    )
    .bind(meter_id)
    .bind(period)
    .fetch_optional(pool)
    .await
}

/// The value given through the portal for a meter and period, if any.
pub async fn portal_value(pool: &AnyPool, meter_id: i64, period: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT value FROM meter_readings WHERE meter_id = $1 AND period = $2 AND source = 'portal'",
    )
    .bind(meter_id)
    .bind(period)
    .fetch_optional(pool)
    .await
}

/// At most `limit` readings of a meter, newest first.
pub async fn history_of(pool: &AnyPool, meter_id: i64, limit: i64) -> Result<Vec<HistoryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT period, value, source, submitted_by FROM meter_readings WHERE meter_id = $1 \
         ORDER BY period DESC, accepted_at DESC LIMIT $2",
    )
    .bind(meter_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The portal's reading of a meter and period, replacing one already there (one statement,
/// so concurrent submissions never race between a read and a write).
pub async fn upsert_portal_reading(
    conn: &mut AnyConnection,
    meter_id: i64,
    period: &str,
    value: i64,
    accepted_at: i64,
    submitted_by: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO meter_readings (meter_id, period, value, source, accepted_at, submitted_by) \
         VALUES ($1, $2, $3, 'portal', $4, $5) \
         ON CONFLICT (meter_id, period, source) DO UPDATE SET value = excluded.value, \
         accepted_at = excluded.accepted_at, submitted_by = excluded.submitted_by",
    )
    .bind(meter_id)
    .bind(period)
    .bind(value)
    .bind(accepted_at)
    .bind(submitted_by)
    .execute(conn)
    .await?;
    Ok(())
}

//! Limits counted in the database, so they hold across restarts and server instances.

use crate::error::AppError;
use sqlx::AnyPool;

#[derive(Clone, Copy)]
pub struct Limit {
    pub kind: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

pub const CODES_PER_LOGIN: Limit = Limit { kind: "code_login", max: 5, window_secs: 3600 };
/// Codes sent from one IP address an hour: `security.codes_per_ip_per_hour`.
pub fn codes_per_ip(max: u32) -> Limit {
    Limit { kind: "code_ip", max: max as i64, window_secs: 3600 }
}
pub const RESET_CODES_PER_LOGIN: Limit = Limit { kind: "reset_login", max: 5, window_secs: 3600 };
pub const LOGIN_CHANGE_CODES: Limit = Limit { kind: "login_change", max: 5, window_secs: 3600 };
pub const WRONG_PASSWORDS: Limit = Limit { kind: "wrong_password", max: 5, window_secs: 900 };

/// `Err(RateLimited { until })` when `subject` has used up `limit` at `now`.
pub async fn check(pool: &AnyPool, limit: Limit, subject: &str, now: i64) -> Result<(), AppError> {
    let since = now - limit.window_secs;
    // Counting stops at the limit: a subject far over it (a flood) costs no more to check.
    let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM rate_events WHERE kind = $1 AND subject = $2 AND at > $3 \
         ORDER BY at LIMIT $4) window_events",
    )
    .bind(limit.kind)
    .bind(subject)
    .bind(since)
    .bind(limit.max)
    .fetch_one(pool)
    .await?;
    if count >= limit.max {
        return Err(AppError::RateLimited { until: oldest.unwrap_or(now) + limit.window_secs });
    }
    Ok(())
}

pub async fn record(pool: &AnyPool, limit: Limit, subject: &str, now: i64) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    if tx.backend_name() == "PostgreSQL" {
        // An abuse counter need not wait for the disk: a crash may forget the last few
        // hundred milliseconds of attempts, which is harmless, and each miss stops costing
        // a flush (3 ms on the benchmark machine, most of a binding's p99).
        sqlx::query("SET LOCAL synchronous_commit = off").execute(&mut *tx).await?;
    }
    sqlx::query("INSERT INTO rate_events (kind, subject, at) VALUES ($1, $2, $3)")
        .bind(limit.kind)
        .bind(subject)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn clear(pool: &AnyPool, limit: Limit, subject: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM rate_events WHERE kind = $1 AND subject = $2")
        .bind(limit.kind)
        .bind(subject)
        .execute(pool)
        .await?;
    Ok(())
}

//! Limits counted in the database, so they hold across restarts and server instances.
//!
//! A limit that guards a secret is *consumed* before the expensive check (`consume`): the
//! use is written and counted in one transaction that is serialised per kind and subject
//! (a PostgreSQL advisory lock; SQLite has one writer at a time and the insert comes
//! first), so N parallel tries are judged at most `max` times. A try that turns out not to
//! count (a right answer, a binding that found its account) gives its use back (`refund`).

use crate::error::{AppError, Limited};
use sqlx::AnyPool;

#[derive(Clone, Copy)]
pub struct Limit {
    /// The key of its uses in `rate_events`.
    pub kind: &'static str,
    /// What the customer is told it guarded when it is used up.
    pub what: Limited,
    pub max: i64,
    pub window_secs: i64,
}

impl Limit {
    /// The refusal, once the window that ends at `until` is full.
    pub fn refused_until(&self, until: i64) -> AppError {
        AppError::RateLimited { what: self.what, until }
    }
}

pub const CODES_PER_LOGIN: Limit =
    Limit { kind: "code_login", what: Limited::Codes, max: 5, window_secs: 3600 };
/// Codes sent from one IP address an hour: `security.codes_per_ip_per_hour`.
pub fn codes_per_ip(max: u32) -> Limit {
    Limit { kind: "code_ip", what: Limited::Codes, max: max as i64, window_secs: 3600 }
}
pub const RESET_CODES_PER_LOGIN: Limit =
    Limit { kind: "reset_login", what: Limited::Codes, max: 5, window_secs: 3600 };
pub const LOGIN_CHANGE_CODES: Limit =
    Limit { kind: "login_change", what: Limited::Codes, max: 5, window_secs: 3600 };
pub const WRONG_PASSWORDS: Limit =
    Limit { kind: "wrong_password", what: Limited::SignIn, max: 5, window_secs: 900 };

/// One use taken by `consume`; `refund` gives it back.
#[derive(Debug, Clone, Copy)]
pub struct Consumed {
    id: i64,
    /// Uses of the window left after this one.
    pub left: i64,
}

/// `Err(RateLimited { until })` when `subject` has used up `limit` at `now`. Only reads:
/// for showing a lock; a try that guards a secret goes through `consume`.
pub async fn check(pool: &AnyPool, limit: Limit, subject: &str, now: i64) -> Result<(), AppError> {
    let (count, oldest) = window(&mut *pool.acquire().await?, limit, subject, now, limit.max).await?;
    if count >= limit.max {
        return Err(limit.refused_until(oldest.unwrap_or(now) + limit.window_secs));
    }
    Ok(())
}

/// Uses in the window and the oldest of them. Counting stops at `cap`: a subject far over
/// its limit (a flood) costs no more to check.
async fn window(
    conn: &mut sqlx::AnyConnection,
    limit: Limit,
    subject: &str,
    now: i64,
    cap: i64,
) -> Result<(i64, Option<i64>), AppError> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM rate_events WHERE kind = $1 AND subject = $2 AND at > $3 \
         ORDER BY at LIMIT $4) window_events",
    )
    .bind(limit.kind)
    .bind(subject)
    .bind(now - limit.window_secs)
    .bind(cap)
    .fetch_one(conn)
    .await?)
}

/// Takes one use of `limit` for `subject`, or `Err(RateLimited)` without taking any when
/// the window is full. Atomic: parallel calls for one subject are serialised.
pub async fn consume(pool: &AnyPool, limit: Limit, subject: &str, now: i64) -> Result<Consumed, AppError> {
    let mut tx = pool.begin().await?;
    if tx.backend_name() == "PostgreSQL" {
        // An abuse counter need not wait for the disk: a crash may forget the last few
        // hundred milliseconds of attempts, which is harmless, and each try stops costing a
        // flush (3 ms on the benchmark machine, most of a binding's p99).
        sqlx::query("SET LOCAL synchronous_commit = off").execute(&mut *tx).await?;
        // Serialises this kind and subject until the commit. SQLite needs no lock: the
        // insert below takes its single write lock before the count.
        sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext($1))) locked")
            .bind(format!("{}:{subject}", limit.kind))
            .execute(&mut *tx)
            .await?;
    }
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO rate_events (kind, subject, at) VALUES ($1, $2, $3) RETURNING id")
            .bind(limit.kind)
            .bind(subject)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
    // This use included: over `max` means the window was already full.
    let (count, oldest) = window(&mut *tx, limit, subject, now, limit.max + 1).await?;
    if count > limit.max {
        tx.rollback().await?;
        metrics::counter!("moygaz_limit_refusals_total", "kind" => limit.kind).increment(1);
        return Err(limit.refused_until(oldest.unwrap_or(now) + limit.window_secs));
    }
    tx.commit().await?;
    Ok(Consumed { id, left: limit.max - count })
}

/// Gives back a use that turned out not to count.
pub async fn refund(pool: &AnyPool, consumed: Consumed) -> Result<(), AppError> {
    sqlx::query("DELETE FROM rate_events WHERE id = $1").bind(consumed.id).execute(pool).await?;
    Ok(())
}

/// Forgets every use of `limit` by `subject` (a right password ends the count of wrong ones).
pub async fn clear(pool: &AnyPool, limit: Limit, subject: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM rate_events WHERE kind = $1 AND subject = $2")
        .bind(limit.kind)
        .bind(subject)
        .execute(pool)
        .await?;
    Ok(())
}

/// When `subject` last used `limit` (the minute between two codes counts from it).
pub async fn last_use(pool: &AnyPool, limit: Limit, subject: &str) -> Result<Option<i64>, AppError> {
    let (last,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(at) FROM rate_events WHERE kind = $1 AND subject = $2")
            .bind(limit.kind)
            .bind(subject)
            .fetch_one(pool)
            .await?;
    Ok(last)
}

/// The longest window of any limit: a use older than this counts for nothing.
pub const LONGEST_WINDOW_SECS: i64 = 24 * 3600;

/// Deletes the uses no window can see any more (they name logins and IP addresses, which
/// are kept no longer than they serve). The server runs it periodically.
pub async fn purge_lapsed(pool: &AnyPool, now: i64) -> Result<u64, AppError> {
    Ok(sqlx::query("DELETE FROM rate_events WHERE at < $1")
        .bind(now - LONGEST_WINDOW_SECS)
        .execute(pool)
        .await?
        .rows_affected())
}

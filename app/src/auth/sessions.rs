//! The sessions table's one owner: the rows the session store (`server::session_store`,
//! tower-sessions) reads and writes, and ending a user's sessions (sign out everywhere,
//! a password change or reset, a withdrawn consent, a disabled operator). The signed-in
//! user's id has a column of its own, so ending them all is one statement.

use crate::error::AppError;
use sqlx::{AnyConnection, AnyPool, FromRow};

/// Ends every session of the user (inside the caller's transaction).
pub async fn end_all(conn: &mut AnyConnection, user_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

/// Ends every session of the user but `keep` (the one that asked).
pub async fn end_all_but(conn: &mut AnyConnection, user_id: i64, keep: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(conn)
        .await?;
    Ok(())
}

/// A stored session: tower-sessions' record as JSON, and its expiry.
#[derive(FromRow)]
pub struct StoredSession {
    pub data: String,
    pub expires_at: i64,
}

/// `false` when the id is taken (the store then draws another).
pub async fn insert(
    pool: &AnyPool,
    id: &str,
    user_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(user_id)
    .bind(data)
    .bind(expires_at)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Updates a stored session and never makes one: a session deleted while one of its
/// requests was in flight stays deleted when that request ends.
pub async fn update(
    pool: &AnyPool,
    id: &str,
    user_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET user_id = $1, data = $2, expires_at = $3 WHERE id = $4")
        .bind(user_id)
        .bind(data)
        .bind(expires_at)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn load(pool: &AnyPool, id: &str, now: i64) -> sqlx::Result<Option<StoredSession>> {
    sqlx::query_as("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
        .bind(id)
        .bind(now)
        .fetch_optional(pool)
        .await
}

pub async fn delete(pool: &AnyPool, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id).execute(pool).await?;
    Ok(())
}

pub async fn delete_expired(pool: &AnyPool, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected())
}

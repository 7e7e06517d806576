//! The sessions table's one owner: the rows the session store (`server::session_store`,
//! tower-sessions) reads and writes, and ending a user's sessions (sign out everywhere,
//! a password change or reset, a withdrawn consent, a disabled operator). The signed-in
//! user's id has a column of its own, so ending them all is one statement.

use crate::error::AppError;
use crate::server::reads::{Arg, Reads};
use sqlx::{AnyConnection, AnyPool, FromRow};
use std::sync::LazyLock;

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

/// A stored session: tower-sessions' record as JSON, and its expiry; and the signed-in
/// user's row with their signatures of the current consent and unread notifications, read in the same statement so
/// that a signed-in request asks the database once for both (`users::preload`).
#[derive(FromRow)]
pub struct StoredSession {
    pub data: String,
    pub expires_at: i64,
    pub user_id: Option<i64>,
    pub login: Option<String>,
    pub role: Option<String>,
    pub password_hash: Option<String>,
    pub consents: Option<i64>,
    pub unread: Option<i64>,
}

crate::sqlite_row!(StoredSession { data, expires_at, user_id, login, role, password_hash, consents, unread });

impl StoredSession {
    /// The session's user, when it is tied to one that still exists.
    pub fn user(&self) -> Option<(i64, super::repo::SessionUserRow)> {
        let row = super::repo::SessionUserRow {
            login: self.login.clone()?,
            role: self.role.clone()?,
            password_hash: self.password_hash.clone()?,
            consents: self.consents.unwrap_or(0),
            unread: self.unread.unwrap_or(0),
        };
        Some((self.user_id?, row))
    }
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

/// Every request with a session runs it: built once.
static LOAD: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT s.data, s.expires_at, u.id AS user_id, {} \
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.expires_at > $2",
        crate::auth::repo::session_user_columns("$3")
    )
});

pub async fn load(reads: &Reads, id: &str, now: i64) -> sqlx::Result<Option<StoredSession>> {
    let args = [Arg::Text(id), Arg::Int(now), Arg::Text(crate::consent::VERSION)];
    reads.conn().await?.optional(&LOAD, &args).await
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

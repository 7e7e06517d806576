//! Operators' users: found by login, created, their password replaced.

use sqlx::AnyConnection;

/// A user with that login, whatever the role.
#[derive(Debug, sqlx::FromRow)]
pub struct UserRoleRow {
    pub user_id: i64,
    pub role: String,
}

pub async fn user_by_login(conn: &mut AnyConnection, login: &str) -> sqlx::Result<Option<UserRoleRow>> {
    sqlx::query_as("SELECT id AS user_id, role AS role FROM users WHERE login = $1")
        .bind(login)
        .fetch_optional(conn)
        .await
}

pub async fn set_password_hash(conn: &mut AnyConnection, user_id: i64, hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Signs the user out everywhere.
pub async fn delete_sessions(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

pub async fn insert_operator(
    conn: &mut AnyConnection,
    login: &str,
    hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO users (login, password_hash, role, created_at) VALUES ($1, $2, 'operator', $3)")
        .bind(login)
        .bind(hash)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

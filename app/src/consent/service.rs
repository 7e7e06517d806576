use crate::error::AppError;
use crate::server::request::RequestMeta;
use crate::state::AppState;

pub async fn sign(state: &AppState, user_id: i64, meta: &RequestMeta) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO consents (user_id, version, signed_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (user_id, version) DO NOTHING",
    )
    .bind(user_id)
    .bind(super::VERSION)
    .bind(state.clock.now())
    .bind(&meta.ip)
    .bind(&meta.user_agent)
    .execute(&state.pool)
    .await?;
    Ok(())
}

pub async fn has_current(state: &AppState, user_id: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM consents WHERE user_id = $1 AND version = $2")
        .bind(user_id)
        .bind(super::VERSION)
        .fetch_optional(&state.pool)
        .await?;
    Ok(row.is_some())
}

/// Deletes the customer and everything kept about them, in one transaction.
pub async fn withdraw(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let mut tx = state.pool.begin().await?;
    let login: Option<(String,)> = sqlx::query_as("SELECT login FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    if let Some((login,)) = login {
        sqlx::query("DELETE FROM outbox WHERE recipient = $1").bind(&login).execute(&mut *tx).await?;
    }
    // The abuse counters stay (wrong passwords, codes sent, control answers): deleting the
    // cabinet and registering again must not buy fresh tries. Each lapses with its window
    // (a day at most), which is as long as they keep the login.
    let who = format!("user:{user_id}");
    crate::server::audit::record(&mut *tx, state.clock.now(), &who, "consent.withdrawn", &who, "").await?;
    // Consents and password resets go with the user (ON DELETE CASCADE).
    sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
    tx.commit().await?;
    tracing::info!(user_id, "consent withdrawn, customer deleted");
    Ok(())
}

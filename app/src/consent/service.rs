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

/// Deletes the customer and everything kept about them, in one transaction.
pub async fn withdraw(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let mut tx = state.pool.begin().await?;
    let login: Option<(String,)> = sqlx::query_as("SELECT login FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    crate::auth::sessions::end_all(&mut tx, user_id).await?;
    if let Some((login,)) = login {
        crate::server::outbox::delete_for(&mut tx, &login).await?;
    }
    // The abuse counters stay (wrong passwords, codes sent, control answers): deleting the
    // cabinet and registering again must not buy fresh tries. Each lapses with its window
    // (a day at most), which is as long as they keep the login.
    crate::server::audit::record_own(&mut tx, state.clock.now(), user_id, "consent.withdrawn", "").await?;
    // Consents and password resets go with the user (ON DELETE CASCADE).
    sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
    tx.commit().await?;
    tracing::info!(user_id, "consent withdrawn, customer deleted");
    Ok(())
}

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

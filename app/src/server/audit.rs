//! The audit log: who changed whose access, when. Written in the same transaction as the
//! change itself, so neither exists without the other.

use crate::error::AppError;

pub async fn record(
    conn: &mut sqlx::AnyConnection,
    at: i64,
    actor: &str,
    action: &str,
    subject: &str,
    details: &str,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, subject, details) VALUES ($1, $2, $3, $4, $5)")
        .bind(at)
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(details)
        .execute(conn)
        .await?;
    Ok(())
}

//! The audit log's one owner: who did what to whom, when. Written in the same transaction as
//! the change itself, so neither exists without the other. Actors and subjects are typed
//! (`domain::audit`), so what is written is what the console reads back.

use crate::domain::audit::{Actor, Subject};
use crate::error::AppError;

pub async fn record(
    conn: &mut sqlx::AnyConnection,
    at: i64,
    actor: Actor,
    action: &str,
    subject: &Subject,
    details: &str,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, subject, details) VALUES ($1, $2, $3, $4, $5)")
        .bind(at)
        .bind(actor.to_string())
        .bind(action)
        .bind(subject.to_string())
        .bind(details)
        .execute(conn)
        .await?;
    Ok(())
}

/// What a customer did to their own cabinet (sign-ins, password and login changes, consent).
pub async fn record_own(
    conn: &mut sqlx::AnyConnection,
    at: i64,
    user_id: i64,
    action: &str,
    details: &str,
) -> Result<(), AppError> {
    record(conn, at, Actor::User(user_id), action, &Subject::User(user_id), details).await
}

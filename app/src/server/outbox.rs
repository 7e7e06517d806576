//! Writing a message to the outbox. Delivery (SMTP, SMS gateway, or the log in demo mode)
//! is the server's worker: a slow gateway never holds a request, a restart loses nothing.

use crate::domain::Login;
use crate::error::AppError;

pub struct Message {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Queues `message` for `to` inside the caller's transaction, so the message exists exactly
/// when the change that caused it does.
pub async fn enqueue(
    conn: &mut sqlx::AnyConnection,
    to: &Login,
    message: Message,
    now: i64,
) -> Result<(), AppError> {
    let channel = if to.is_phone() { "sms" } else { "email" };
    sqlx::query(
        "INSERT INTO outbox (channel, recipient, subject, body_text, body_html, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(channel)
    .bind(to.as_str())
    .bind(message.subject)
    .bind(message.text)
    .bind(message.html)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

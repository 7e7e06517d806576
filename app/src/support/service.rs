//! Tickets and their threads. Asking is limited per IP address and per contact (in the
//! database, like every limit), so the form cannot be used to flood the operators.

use super::model::{Message, Ticket, TicketStatus};
use crate::domain::Login;
use crate::domain::support::{MessageText, Topic};
use crate::error::{AppError, Limited};
use crate::server::rate_limit::{self, Limit};
use crate::state::AppState;

pub const QUESTIONS_PER_IP: Limit =
    Limit { kind: "support_ip", what: Limited::SupportQuestions, max: 10, window_secs: 3600 };
pub const QUESTIONS_PER_CONTACT: Limit =
    Limit { kind: "support_contact", what: Limited::SupportQuestions, max: 3, window_secs: 3600 };

pub async fn ask(
    state: &AppState,
    user_id: Option<i64>,
    topic: Topic,
    text: &MessageText,
    contact: &Login,
    ip: &str,
) -> Result<i64, AppError> {
    let now = state.clock.now();
    let by_ip = rate_limit::consume(&state.pool, QUESTIONS_PER_IP, ip, now).await?;
    if let Err(limited) = rate_limit::consume(&state.pool, QUESTIONS_PER_CONTACT, contact.as_str(), now).await
    {
        rate_limit::refund(&state.pool, by_ip).await?;
        return Err(limited);
    }
    let mut tx = state.pool.begin().await?;
    let (ticket_id,): (i64,) = sqlx::query_as(
        "INSERT INTO support_tickets (user_id, contact, topic, status, created_at, updated_at) \
         VALUES ($1, $2, $3, 'open', $4, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(contact.as_str())
    .bind(topic.label())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    add_message(&mut tx, ticket_id, "customer", text, now).await?;
    tx.commit().await?;
    tracing::info!(ticket_id, signed_in = user_id.is_some(), "support question received");
    Ok(ticket_id)
}

pub async fn mine(state: &AppState, user_id: i64) -> Result<Vec<Ticket>, AppError> {
    let tickets: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, topic, status, created_at FROM support_tickets WHERE user_id = $1 ORDER BY updated_at DESC, id DESC LIMIT 50",
    )
    .bind(user_id)
    .fetch_all(&state.pool)
    .await?;
    let mut out = Vec::with_capacity(tickets.len());
    for (id, topic, status, created_at) in tickets {
        out.push(Ticket {
            id,
            topic,
            status: TicketStatus::from_db(&status),
            created_at,
            messages: thread_of(state, id).await?,
        });
    }
    Ok(out)
}

/// A ticket's messages, oldest first: what the customer and the operators both read.
pub(crate) async fn thread_of(state: &AppState, ticket_id: i64) -> Result<Vec<Message>, AppError> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT author, body, created_at FROM support_messages WHERE ticket_id = $1 ORDER BY created_at, id",
    )
    .bind(ticket_id)
    .fetch_all(&state.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(author, body, created_at)| Message { from_operator: author == "operator", body, created_at })
        .collect())
}

pub async fn reply(
    state: &AppState,
    user_id: i64,
    ticket_id: i64,
    text: &MessageText,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    // Reopens the ticket for the operators; only the customer's own ticket is touched.
    let updated = sqlx::query(
        "UPDATE support_tickets SET status = 'open', updated_at = $1 WHERE id = $2 AND user_id = $3",
    )
    .bind(now)
    .bind(ticket_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(AppError::NotFound);
    }
    add_message(&mut tx, ticket_id, "customer", text, now).await?;
    tx.commit().await?;
    Ok(())
}

/// One message of a thread, the customer's or an operator's (`operator::tickets`).
pub(crate) async fn add_message(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    ticket_id: i64,
    author: &str,
    text: &MessageText,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO support_messages (ticket_id, author, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(ticket_id)
        .bind(author)
        .bind(text.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

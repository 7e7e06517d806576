//! Tickets and their threads. Asking is limited per IP address and per contact (in the
//! database, like every limit), so the form cannot be used to flood the operators.

use super::model::{Message, Ticket, TicketStatus};
use super::repo;
use crate::domain::Login;
use crate::domain::support::{MessageText, Topic};
use crate::error::{AppError, Limited};
use crate::server::rate_limit::{self, Limit};
use crate::state::AppState;

/// Questions from one IP address an hour: `security.questions_per_ip_per_hour`.
pub fn questions_per_ip(max: u32) -> Limit {
    Limit { kind: "support_ip", what: Limited::SupportQuestions, max: max as i64, window_secs: 3600 }
}
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
    let per_ip = questions_per_ip(state.settings.security.questions_per_ip_per_hour);
    let by_ip = rate_limit::consume(&state.pool, per_ip, ip, now).await?;
    if let Err(limited) = rate_limit::consume(&state.pool, QUESTIONS_PER_CONTACT, contact.as_str(), now).await
    {
        rate_limit::refund(&state.pool, by_ip).await?;
        return Err(limited);
    }
    let mut tx = state.pool.begin().await?;
    let ticket_id = repo::insert_ticket(&mut tx, user_id, contact.as_str(), topic.label(), now).await?;
    add_message(&mut tx, ticket_id, "customer", text, now).await?;
    tx.commit().await?;
    tracing::info!(ticket_id, signed_in = user_id.is_some(), "support question received");
    Ok(ticket_id)
}

pub async fn mine(state: &AppState, user_id: i64) -> Result<Vec<Ticket>, AppError> {
    let tickets = repo::tickets_of(&state.pool, user_id).await?;
    let mut out = Vec::with_capacity(tickets.len());
    for t in tickets {
        out.push(Ticket {
            id: t.id,
            topic: t.topic,
            status: TicketStatus::from_db(&t.status),
            created_at: t.created_at,
            messages: thread_of(state, t.id).await?,
        });
    }
    Ok(out)
}

/// A ticket's messages, oldest first: what the customer and the operators both read.
pub(crate) async fn thread_of(state: &AppState, ticket_id: i64) -> Result<Vec<Message>, AppError> {
    let rows = repo::messages_of(&state.pool, ticket_id).await?;
    Ok(rows
        .into_iter()
        .map(|m| Message { from_operator: m.author == "operator", body: m.body, created_at: m.created_at })
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
    let updated = repo::reopen_own(&mut tx, ticket_id, user_id, now).await?;
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
) -> Result<i64, AppError> {
    Ok(repo::insert_message(tx, ticket_id, author, text.as_str(), now).await?)
}

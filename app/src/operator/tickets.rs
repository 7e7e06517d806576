//! Support tickets from the operators' side: the queue, a thread, an answer (the customer
//! is told through the outbox, at the contact they gave) and closing.

use super::guard::Operator;
use super::model::{QUEUE_PAGE, QueuedTicket, TicketThread};
use crate::domain::Login;
use crate::domain::support::MessageText;
use crate::error::AppError;
use crate::server::audit;
use crate::server::outbox::{self, Message as OutgoingMessage};
use crate::state::AppState;
use crate::support::model::TicketStatus;
use crate::support::service::{add_message, thread_of};

const EXCERPT_CHARS: usize = 140;

/// Tickets waiting for an answer, the longest-waiting first (one page), and how many wait.
pub async fn waiting(state: &AppState) -> Result<(Vec<QueuedTicket>, i64), AppError> {
    // The customer's latest message and the count of all waiting tickets (a window over the
    // rows before LIMIT) come in the same query: one round trip, one snapshot.
    let rows: Vec<(i64, String, String, i64, Option<i64>, Option<String>, i64)> = sqlx::query_as(
        "SELECT t.id, t.topic, t.contact, t.updated_at, t.user_id, \
                (SELECT m.body FROM support_messages m WHERE m.ticket_id = t.id AND m.author = 'customer' \
                 ORDER BY m.created_at DESC, m.id DESC LIMIT 1), \
                COUNT(*) OVER () \
         FROM support_tickets t WHERE t.status = 'open' ORDER BY t.updated_at, t.id LIMIT $1",
    )
    .bind(QUEUE_PAGE)
    .fetch_all(&state.pool)
    .await?;
    let total = rows.first().map_or(0, |row| row.6);
    let page = rows
        .into_iter()
        .map(|(id, topic, contact, updated_at, user_id, latest, _)| QueuedTicket {
            id,
            topic,
            contact,
            excerpt: excerpt(&latest.unwrap_or_default()),
            updated_at,
            from_customer: user_id.is_some(),
        })
        .collect();
    Ok((page, total))
}

fn excerpt(body: &str) -> String {
    let one_line = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= EXCERPT_CHARS {
        one_line
    } else {
        one_line.chars().take(EXCERPT_CHARS - 1).collect::<String>() + "…"
    }
}

pub async fn thread(state: &AppState, ticket_id: i64) -> Result<TicketThread, AppError> {
    let row: Option<(String, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT t.topic, t.contact, t.status, t.created_at, u.login \
         FROM support_tickets t LEFT JOIN users u ON u.id = t.user_id WHERE t.id = $1",
    )
    .bind(ticket_id)
    .fetch_optional(&state.pool)
    .await?;
    let (topic, contact, status, created_at, customer_login) = row.ok_or(AppError::NotFound)?;
    Ok(TicketThread {
        id: ticket_id,
        topic,
        contact,
        status: TicketStatus::from_db(&status),
        created_at,
        customer_login,
        messages: thread_of(state, ticket_id).await?,
    })
}

/// The answer joins the thread, the ticket becomes "answered" and the customer gets the
/// text at their contact: all or nothing.
pub async fn answer(
    state: &AppState,
    operator: Operator,
    ticket_id: i64,
    text: &MessageText,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let ticket: Option<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT contact, topic, user_id FROM support_tickets WHERE id = $1")
            .bind(ticket_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (contact, topic, user_id) = ticket.ok_or(AppError::NotFound)?;
    sqlx::query("UPDATE support_tickets SET status = 'answered', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(ticket_id)
        .execute(&mut *tx)
        .await?;
    add_message(&mut tx, ticket_id, "operator", text, now).await?;
    // Stored contacts were parsed on the way in; one that no longer parses is skipped
    // (the answer is still in the thread) rather than failing the operator's work.
    if let Ok(to) = Login::parse(&contact) {
        let message = answer_message(state, ticket_id, &topic, text, user_id.is_some());
        outbox::enqueue(&mut tx, &to, message, now).await?;
    }
    audit::record(&mut tx, now, operator.actor(), "ticket.answered", &subject_of(ticket_id), "").await?;
    tx.commit().await?;
    Ok(())
}

fn answer_message(
    state: &AppState,
    ticket_id: i64,
    topic: &str,
    text: &MessageText,
    in_cabinet: bool,
) -> OutgoingMessage {
    let base = state.settings.site.public_url.trim_end_matches('/');
    let follow_up = if in_cabinet {
        format!("Ответить можно в личном кабинете: {base}/support")
    } else {
        format!("Если вопрос остался, задайте его снова: {base}/support")
    };
    OutgoingMessage {
        subject: format!("Мой ГАЗ: ответ на обращение № {ticket_id}"),
        text: format!(
            "Здравствуйте!\n\nНа ваше обращение № {ticket_id} («{topic}») ответила техническая поддержка:\n\n{}\n\n{follow_up}",
            text.as_str()
        ),
        html: None,
    }
}

pub async fn close(state: &AppState, operator: Operator, ticket_id: i64) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let updated = sqlx::query("UPDATE support_tickets SET status = 'closed', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(ticket_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, now, operator.actor(), "ticket.closed", &subject_of(ticket_id), "").await?;
    tx.commit().await?;
    Ok(())
}

fn subject_of(ticket_id: i64) -> crate::domain::audit::Subject {
    crate::domain::audit::Subject::Ticket(ticket_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_one_line_and_bounded() {
        assert_eq!(excerpt("Не приходит\n\nкод"), "Не приходит код");
        let long = excerpt(&"я".repeat(500));
        assert_eq!(long.chars().count(), EXCERPT_CHARS);
        assert!(long.ends_with('…'));
    }
}

//! Support tickets from the operators' side: the queue, a thread, an answer (the customer
//! is told through the outbox, at the contact they gave) and closing.

use super::model::{QUEUE_PAGE, QueuePage, QueuedTicket, TicketThread};
use super::repo::tickets as repo;
use crate::auth::guards::Operator;
use crate::domain::Login;
use crate::domain::audit::Subject;
use crate::domain::notification::Kind;
use crate::domain::support::MessageText;
use crate::error::AppError;
use crate::notifications::service::{self as notifications, Notice};
use crate::server::audit;
use crate::server::outbox::{self, Message as OutgoingMessage};
use crate::state::AppState;
use crate::support::model::TicketStatus;
use crate::support::service::{add_message, thread_of};

const EXCERPT_CHARS: usize = 140;

/// Tickets waiting for an answer, the longest-waiting first (one page), and how many wait.
pub async fn waiting(state: &AppState) -> Result<QueuePage<QueuedTicket>, AppError> {
    let rows = repo::waiting(&state.pool, QUEUE_PAGE).await?;
    let total = rows.first().map_or(0, |row| row.waiting);
    let items = rows
        .into_iter()
        .map(|row| QueuedTicket {
            id: row.ticket_id,
            topic: row.topic,
            contact: row.contact,
            excerpt: excerpt(&row.latest.unwrap_or_default()),
            updated_at: row.updated_at,
            from_customer: row.user_id.is_some(),
        })
        .collect();
    Ok(QueuePage { items, total })
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
    let header = repo::header(&state.pool, ticket_id).await?.ok_or(AppError::NotFound)?;
    Ok(TicketThread {
        id: ticket_id,
        topic: header.topic,
        contact: header.contact,
        status: TicketStatus::from_db(&header.status),
        created_at: header.created_at,
        customer_login: header.customer_login,
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
    let ticket = repo::answer_target(&mut *tx, ticket_id).await?.ok_or(AppError::NotFound)?;
    repo::mark_answered(&mut *tx, ticket_id, now).await?;
    let message_id = add_message(&mut tx, ticket_id, "operator", text, now).await?;
    // Stored contacts were parsed on the way in; one that no longer parses is skipped
    // (the answer is still in the thread) rather than failing the operator's work.
    if let Ok(to) = Login::parse(&ticket.contact) {
        let message = answer_message(state, ticket_id, &ticket.topic, text, ticket.user_id.is_some());
        outbox::enqueue(&mut tx, &to, message, now).await?;
    }
    if let Some(user_id) = ticket.user_id {
        let notice = Notice {
            kind: Kind::SupportAnswered,
            key: format!("{ticket_id}:{message_id}"),
            title: format!("Ответ на обращение № {ticket_id}"),
            body: text.as_str().to_owned(),
            link: "/support".into(),
            provider_id: None,
        };
        notifications::record(&mut tx, user_id, &notice, now).await?;
    }
    audit::record(&mut tx, now, operator.actor(), "ticket.answered", &Subject::Ticket(ticket_id), "").await?;
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
    let updated = repo::close(&mut *tx, ticket_id, now).await?;
    if updated == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, now, operator.actor(), "ticket.closed", &Subject::Ticket(ticket_id), "").await?;
    tx.commit().await?;
    Ok(())
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

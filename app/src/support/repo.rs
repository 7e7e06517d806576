//! Every statement of support: `support_tickets` and `support_messages`. No rules here: the
//! service decides who may read or write what, and holds the transactions.

use sqlx::{AnyConnection, AnyPool};

/// A ticket as its customer's list shows it (the thread is read apart).
#[derive(Debug, sqlx::FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub topic: String,
    pub status: String,
    pub created_at: i64,
}

/// One message of a thread; `author` is `customer` or `operator`.
#[derive(Debug, sqlx::FromRow)]
pub struct MessageRow {
    pub author: String,
    pub body: String,
    pub created_at: i64,
}

/// A new open ticket; returns its id.
pub async fn insert_ticket(
    conn: &mut AnyConnection,
    user_id: Option<i64>,
    contact: &str,
    topic: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO support_tickets (user_id, contact, topic, status, created_at, updated_at) \
         VALUES ($1, $2, $3, 'open', $4, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(contact)
    .bind(topic)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// A customer's 50 most recently updated tickets.
pub async fn tickets_of(pool: &AnyPool, user_id: i64) -> Result<Vec<TicketRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, topic, status, created_at FROM support_tickets WHERE user_id = $1 ORDER BY updated_at DESC, id DESC LIMIT 50",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
}

/// A ticket's messages, oldest first.
pub async fn messages_of(pool: &AnyPool, ticket_id: i64) -> Result<Vec<MessageRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT author, body, created_at FROM support_messages WHERE ticket_id = $1 ORDER BY created_at, id",
    )
    .bind(ticket_id)
    .fetch_all(pool)
    .await
}

/// Reopens the ticket if it is `user_id`'s own; returns the rows touched (0 or 1).
pub async fn reopen_own(
    conn: &mut AnyConnection,
    ticket_id: i64,
    user_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE support_tickets SET status = 'open', updated_at = $1 WHERE id = $2 AND user_id = $3",
    )
    .bind(now)
    .bind(ticket_id)
    .bind(user_id)
    .execute(conn)
    .await?
    .rows_affected())
}

pub async fn insert_message(
    conn: &mut AnyConnection,
    ticket_id: i64,
    author: &str,
    body: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO support_messages (ticket_id, author, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(ticket_id)
    .bind(author)
    .bind(body)
    .bind(now)
    .fetch_one(conn)
    .await
}

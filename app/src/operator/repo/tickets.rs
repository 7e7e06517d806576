//! Support tickets from the operators' side.

use sqlx::{AnyConnection, AnyPool};

/// An open ticket in the queue, with the customer's latest message and how many tickets
/// are open in all (the same on every row).
#[derive(Debug, sqlx::FromRow)]
pub struct WaitingTicketRow {
    pub ticket_id: i64,
    pub topic: String,
    pub contact: String,
    pub updated_at: i64,
    pub user_id: Option<i64>,
    pub latest: Option<String>,
    pub waiting: i64,
}

/// Open tickets, the longest-waiting first, at most `limit`. The customer's latest message
/// and the count of all open tickets (a window over the rows before LIMIT) come in the same
/// query: one round trip, one snapshot.
pub async fn waiting(pool: &AnyPool, limit: i64) -> sqlx::Result<Vec<WaitingTicketRow>> {
    sqlx::query_as(
        "SELECT t.id AS ticket_id, t.topic AS topic, t.contact AS contact, t.updated_at AS updated_at, \
                t.user_id AS user_id, \
                (SELECT m.body FROM support_messages m WHERE m.ticket_id = t.id AND m.author = 'customer' \
                 ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS latest, \
                COUNT(*) OVER () AS waiting \
         FROM support_tickets t WHERE t.status = 'open' ORDER BY t.updated_at, t.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// A ticket's header for its thread.
#[derive(Debug, sqlx::FromRow)]
pub struct TicketHeaderRow {
    pub topic: String,
    pub contact: String,
    pub status: String,
    pub created_at: i64,
    /// The cabinet's login, when a signed-in customer asked.
    pub customer_login: Option<String>,
}

pub async fn header(pool: &AnyPool, ticket_id: i64) -> sqlx::Result<Option<TicketHeaderRow>> {
    sqlx::query_as(
        "SELECT t.topic AS topic, t.contact AS contact, t.status AS status, t.created_at AS created_at, \
                u.login AS customer_login \
         FROM support_tickets t LEFT JOIN users u ON u.id = t.user_id WHERE t.id = $1",
    )
    .bind(ticket_id)
    .fetch_optional(pool)
    .await
}

/// Whom an answer goes to.
#[derive(Debug, sqlx::FromRow)]
pub struct AnswerTargetRow {
    pub contact: String,
    pub topic: String,
    pub user_id: Option<i64>,
}

pub async fn answer_target(
    conn: &mut AnyConnection,
    ticket_id: i64,
) -> sqlx::Result<Option<AnswerTargetRow>> {
    sqlx::query_as(
        "SELECT contact AS contact, topic AS topic, user_id AS user_id FROM support_tickets WHERE id = $1",
    )
    .bind(ticket_id)
    .fetch_optional(conn)
    .await
}

/// The ticket becomes "answered" (whether it exists is checked before, in the same
/// transaction).
pub async fn mark_answered(conn: &mut AnyConnection, ticket_id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE support_tickets SET status = 'answered', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(ticket_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Closes the ticket; how many rows changed (0: no such ticket).
pub async fn close(conn: &mut AnyConnection, ticket_id: i64, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE support_tickets SET status = 'closed', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(ticket_id)
        .execute(conn)
        .await?
        .rows_affected())
}

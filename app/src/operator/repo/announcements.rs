//! `announcements`: drafts an operator previews, sent once. The notifications they make are
//! the notifications domain's (`notifications::service::announce`).

use sqlx::{AnyConnection, AnyPool, FromRow};

#[derive(FromRow)]
pub struct AudienceRow {
    pub provider_id: i64,
    pub name: String,
    pub customers: i64,
}

/// Every supplier with the number of customers bound to an account of it.
pub async fn audiences(pool: &AnyPool) -> sqlx::Result<Vec<AudienceRow>> {
    sqlx::query_as(
        "SELECT p.id AS provider_id, p.name AS name, \
           (SELECT COUNT(DISTINCT b.user_id) FROM bindings b JOIN accounts a ON a.id = b.account_id \
            WHERE a.provider_id = p.id) AS customers \
         FROM providers p ORDER BY p.name",
    )
    .fetch_all(pool)
    .await
}

pub async fn insert_draft(
    pool: &AnyPool,
    provider_id: i64,
    title: &str,
    body: &str,
    operator_id: i64,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO announcements (provider_id, title, body, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(provider_id)
    .bind(title)
    .bind(body)
    .bind(operator_id)
    .bind(now)
    .fetch_one(pool)
    .await
}

#[derive(FromRow)]
pub struct DraftRow {
    pub id: i64,
    pub provider_id: i64,
    pub provider: String,
    pub title: String,
    pub body: String,
}

/// A draft not sent yet.
pub async fn draft(pool: &AnyPool, id: i64) -> sqlx::Result<Option<DraftRow>> {
    sqlx::query_as(
        "SELECT n.id AS id, n.provider_id AS provider_id, p.name AS provider, n.title AS title, n.body AS body \
         FROM announcements n JOIN providers p ON p.id = n.provider_id WHERE n.id = $1 AND n.sent_at IS NULL",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Takes the draft for sending: of two clicks (or two operators) only one gets `Some`.
pub async fn claim_draft(conn: &mut AnyConnection, id: i64, now: i64) -> sqlx::Result<Option<DraftRow>> {
    let claimed = sqlx::query("UPDATE announcements SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if claimed == 0 {
        return Ok(None);
    }
    sqlx::query_as(
        "SELECT n.id AS id, n.provider_id AS provider_id, p.name AS provider, n.title AS title, n.body AS body \
         FROM announcements n JOIN providers p ON p.id = n.provider_id WHERE n.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn set_recipients(conn: &mut AnyConnection, id: i64, recipients: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE announcements SET recipients = $1 WHERE id = $2")
        .bind(recipients)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(FromRow)]
pub struct SentRow {
    pub provider: String,
    pub title: String,
    pub sent_at: i64,
    pub recipients: i64,
}

pub async fn newest_sent(pool: &AnyPool, limit: i64) -> sqlx::Result<Vec<SentRow>> {
    sqlx::query_as(
        "SELECT p.name AS provider, n.title AS title, n.sent_at AS sent_at, n.recipients AS recipients \
         FROM announcements n JOIN providers p ON p.id = n.provider_id \
         WHERE n.sent_at IS NOT NULL ORDER BY n.sent_at DESC, n.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

//! Payments needing attention (status `attention`), as the queue lists them.

use sqlx::AnyPool;

/// A payment the acquirer reported for another amount or currency, and how many there are
/// in all (the same on every row).
#[derive(Debug, sqlx::FromRow)]
pub struct PaymentProblemRow {
    pub public_id: String,
    pub number: String,
    pub provider: String,
    /// `None` once the customer has left the portal.
    pub customer_login: Option<String>,
    pub amount_kopecks: i64,
    pub reported_amount_kopecks: Option<i64>,
    pub reported_currency: Option<String>,
    pub created_at: i64,
    pub attention_at: Option<i64>,
    pub total: i64,
}

/// The newest first, at most `limit`; the count is a window over the rows before LIMIT.
pub async fn needing_attention(pool: &AnyPool, limit: i64) -> sqlx::Result<Vec<PaymentProblemRow>> {
    sqlx::query_as(
        "SELECT p.public_id AS public_id, a.number AS number, pr.name AS provider, u.login AS customer_login, \
                p.amount_kopecks AS amount_kopecks, p.reported_amount_kopecks AS reported_amount_kopecks, \
                p.reported_currency AS reported_currency, p.created_at AS created_at, \
                p.attention_at AS attention_at, COUNT(*) OVER () AS total \
         FROM payments p JOIN accounts a ON a.id = p.account_id JOIN providers pr ON pr.id = a.provider_id \
         LEFT JOIN users u ON u.id = p.user_id \
         WHERE p.status = 'attention' ORDER BY p.attention_at DESC, p.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

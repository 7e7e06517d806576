//! Payments needing attention: the acquirer reported a success for another amount or in
//! another currency, so the portal credited nothing (`payments::service::settle`). The
//! queue lists them, newest first, for an operator to sort out with the customer and the
//! acquirer; `moygaz export payments --problems` gives the same list as CSV.

use super::model::{PaymentProblem, QUEUE_PAGE};
use crate::domain::Kopecks;
use crate::error::AppError;
use crate::state::AppState;

/// Payments needing attention, the newest first (one page), and how many there are. They
/// stay final, so the newest are the ones not yet looked into.
pub async fn needing_attention(state: &AppState) -> Result<(Vec<PaymentProblem>, i64), AppError> {
    type Row =
        (String, String, String, Option<String>, i64, Option<i64>, Option<String>, i64, Option<i64>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.public_id, a.number, pr.name, u.login, p.amount_kopecks, p.reported_amount_kopecks, \
                p.reported_currency, p.created_at, p.attention_at, COUNT(*) OVER () \
         FROM payments p JOIN accounts a ON a.id = p.account_id JOIN providers pr ON pr.id = a.provider_id \
         LEFT JOIN users u ON u.id = p.user_id \
         WHERE p.status = 'attention' ORDER BY p.attention_at DESC, p.id DESC LIMIT $1",
    )
    .bind(QUEUE_PAGE)
    .fetch_all(&state.pool)
    .await?;
    let total = rows.first().map_or(0, |row| row.9);
    let page = rows
        .into_iter()
        .map(|r| PaymentProblem {
            public_id: r.0,
            number: r.1,
            provider: r.2,
            customer_login: r.3,
            amount: Kopecks(r.4),
            reported_amount: r.5.map(Kopecks),
            reported_currency: r.6.unwrap_or_default(),
            created_at: r.7,
            attention_at: r.8.unwrap_or(r.7),
        })
        .collect();
    Ok((page, total))
}

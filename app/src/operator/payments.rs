//! Payments needing attention: the acquirer reported a success for another amount or in
//! another currency, so the portal credited nothing (`payments::service::settle`). The
//! queue lists them, newest first, for an operator to sort out with the customer and the
//! acquirer; `moygaz export payments --problems` gives the same list as CSV.

use super::model::{PaymentProblem, QUEUE_PAGE, QueuePage};
use super::repo::payments as repo;
use crate::domain::Kopecks;
use crate::error::AppError;
use crate::state::AppState;

/// Payments needing attention, the newest first (one page), and how many there are. They
/// stay final, so the newest are the ones not yet looked into.
pub async fn needing_attention(state: &AppState) -> Result<QueuePage<PaymentProblem>, AppError> {
    let rows = repo::needing_attention(&state.pool, QUEUE_PAGE).await?;
    let total = rows.first().map_or(0, |row| row.total);
    let items = rows
        .into_iter()
        .map(|row| PaymentProblem {
            public_id: row.public_id,
            number: row.number,
            provider: row.provider,
            customer_login: row.customer_login,
            amount: Kopecks(row.amount_kopecks),
            reported_amount: row.reported_amount_kopecks.map(Kopecks),
            reported_currency: row.reported_currency.unwrap_or_default(),
            created_at: row.created_at,
            attention_at: row.attention_at.unwrap_or(row.created_at),
        })
        .collect();
    Ok(QueuePage { items, total })
}

//! The queue page's work in one call: questions waiting for an answer, open PIN requests
//! and payments needing attention, one page of each with how many there are in all.

use super::model::Queue;
use crate::error::AppError;
use crate::state::AppState;

pub async fn load(state: &AppState) -> Result<Queue, AppError> {
    let tickets = super::tickets::waiting(state).await?;
    let pin_requests = super::pins::waiting(state).await?;
    let payment_problems = super::payments::needing_attention(state).await?;
    Ok(Queue {
        tickets: tickets.items,
        tickets_waiting: tickets.total,
        pin_requests: pin_requests.items,
        pin_requests_waiting: pin_requests.total,
        payment_problems: payment_problems.items,
        payment_problems_total: payment_problems.total,
    })
}

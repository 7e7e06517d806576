//! The readings history of extended access, with who gave each reading: the customer
//! reading it ("Вы"), another customer of the account, or the supplier's billing.

use super::model::{ReadingRow, Submitter};
use crate::error::AppError;
use crate::state::AppState;

/// How many readings of one meter the history shows, newest first.
const HISTORY_PER_METER: i64 = 24;

/// The readings of `meter_id`, newest first, as `viewer` sees them.
pub async fn of_meter(
    state: &AppState,
    viewer: i64,
    meter_id: i64,
    meter: &str,
) -> Result<Vec<ReadingRow>, AppError> {
    let rows: Vec<(String, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT period, value, source, submitted_by FROM meter_readings WHERE meter_id = $1 \
         ORDER BY period DESC, accepted_at DESC LIMIT $2",
    )
    .bind(meter_id)
    .bind(HISTORY_PER_METER)
    .fetch_all(&state.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(period, value, source, submitted_by)| ReadingRow {
            meter: meter.to_owned(),
            period,
            value,
            submitter: Submitter::of(&source, submitted_by, viewer),
        })
        .collect())
}

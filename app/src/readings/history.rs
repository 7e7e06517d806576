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
    let rows = super::repo::history_of(&state.pool, meter_id, HISTORY_PER_METER).await?;
    Ok(rows
        .into_iter()
        .map(|r| ReadingRow {
            meter: meter.to_owned(),
            period: r.period,
            value: r.value,
            submitter: Submitter::of(&r.source, r.submitted_by, viewer),
        })
        .collect())
}

//! Notices about bills, made by the scheduler from what billing imported: a month's charge
//! (while it can still be paid in time) and, in the last days before its due date, a
//! reminder to accounts that still owe. Each is made once per customer, account and month.

use super::repo::{self, BillRow};
use super::scheduler::Run;
use super::service::send_batch;
use crate::domain::Kopecks;
use crate::domain::bill::{self, ChargeNotice, Period};
use crate::domain::notification::{Kind, Topic};
use crate::domain::time::date_msk;
use crate::error::AppError;
use crate::state::AppState;

/// Notices made per transaction: a monthly import for a million accounts goes out in
/// slices, each committed with its messages.
const SLICE: i64 = 1000;

pub async fn run(state: &AppState) -> Result<Run, AppError> {
    let today = date_msk(state.clock.now());
    let fresh: Vec<String> = bill::fresh_periods(today).iter().map(Period::to_string).collect();
    let mut total = make(state, Kind::ChargeNew, &fresh, false, |row, period| {
        bill::charge_notice(
            period,
            Kopecks(row.amount_kopecks),
            row.consumption_m3,
            &row.number,
            &row.provider,
        )
    })
    .await?;
    if let Some((period, days_left)) = bill::due_soon(today) {
        let due = make(state, Kind::PaymentDue, &[period.to_string()], true, |row, period| {
            bill::due_notice(period, days_left, Kopecks(row.debt_kopecks), &row.number, &row.provider)
        })
        .await?;
        total.made += due.made;
        total.queued += due.queued;
    }
    Ok(total)
}

/// Makes the `kind` notices of every charge of `periods` that has none yet, slice by slice.
async fn make(
    state: &AppState,
    kind: Kind,
    periods: &[String],
    in_debt: bool,
    text: impl Fn(&BillRow, Period) -> ChargeNotice,
) -> Result<Run, AppError> {
    let mut total = Run::default();
    loop {
        let rows = repo::bills_without_notice(&state.pool, kind.code(), periods, in_debt, SLICE).await?;
        let now = state.clock.now();
        let batch = crate::server::token::payment_id();
        let mut tx = state.pool.begin().await?;
        let mut made = 0;
        for row in &rows {
            let Some(period) = Period::parse(&row.period) else { continue };
            let ChargeNotice { title, body } = text(row, period);
            let link = match kind {
                Kind::PaymentDue => format!("/accounts/{}/pay", row.account_id),
                _ => format!("/accounts/{}", row.account_id),
            };
            let key = format!("{}:{}", row.account_id, row.period);
            let notice = repo::NewNotification {
                user_id: row.user_id,
                kind: kind.code(),
                key: &key,
                title: &title,
                body: &body,
                link: &link,
                provider_id: Some(row.provider_id),
            };
            made += u64::from(repo::insert_one(&mut tx, &notice, &batch, now).await?);
        }
        let queued = if made > 0 { send_batch(&mut tx, state, &batch, Topic::Bills, now).await? } else { 0 };
        tx.commit().await?;
        if made > 0 {
            tracing::info!(kind = kind.code(), made, queued, "bill notices made");
        }
        total.made += made;
        total.queued += queued;
        // A short slice is the last; so is one another instance made first (nothing new).
        if (rows.len() as i64) < SLICE || made == 0 {
            return Ok(total);
        }
    }
}

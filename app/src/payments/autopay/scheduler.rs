//! Autopay's calendar, run with the reminders (`server::notifications`): the day before a
//! customer's day, the notice of what will be charged; on the day, the charge; the day
//! after a failure, the one retry. Each attempt is claimed (account, period, attempt) in the
//! database before the acquirer is called, so several instances never charge twice; each
//! has a payment of its own, so a fresh idempotence key.

use super::repo::{self, AutopayRow};
use crate::domain::Kopecks;
use crate::domain::autopay::{Cap, PayDay, Step, step_on};
use crate::domain::bill::Period;
use crate::domain::time::{date_msk, date_of_day, day_number};
use crate::error::AppError;
use crate::notifications::service::notify;
use crate::payments::acquirer::HowPaid;
use crate::payments::model::Purpose;
use crate::payments::service as payments;
use crate::server::token;
use crate::state::AppState;

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub notices: u64,
    pub charges: u64,
}

pub async fn run(state: &AppState) -> Result<Run, AppError> {
    let today = date_msk(state.clock.now());
    // The pay days that ask for something today: the day after's notice, today's charge,
    // yesterday's retry.
    let days = [1, 0, -1].map(|shift| i64::from(date_of_day(day_number(today) + shift).2));
    let mut done = Run::default();
    for row in repo::active_on(&state.pool, &days).await? {
        let (Some(day), Some(period)) =
            (PayDay::from_db(row.day_of_month), row.period.as_deref().and_then(Period::parse))
        else {
            continue;
        };
        let amount = Cap::from_db(row.cap_kopecks).charge_for(Kopecks(row.debt_kopecks));
        match (step_on(today, day), row.first_outcome.as_deref(), row.second_outcome.as_deref()) {
            (Some(Step::Notice), None, _) => {
                if let Some(amount) = amount {
                    let notice = super::notices::tomorrow(
                        row.account_id,
                        &row.number,
                        period,
                        amount,
                        row.provider_id,
                    );
                    let now = state.clock.now();
                    let mut tx = state.pool.begin().await?;
                    let made = notify(&mut tx, state, row.user_id, &notice, now).await?;
                    tx.commit().await?;
                    done.notices += u64::from(made);
                }
            }
            (Some(Step::Charge), None, _) => {
                done.charges += u64::from(charge(state, &row, period, 1, amount).await?)
            }
            (Some(Step::Retry), Some("failed"), None) => {
                done.charges += u64::from(charge(state, &row, period, 2, amount).await?)
            }
            _ => {}
        }
    }
    Ok(done)
}

/// Claims the attempt and, where there is a debt, pays it (up to the cap) with the saved
/// method. `true` when a payment was sent.
async fn charge(
    state: &AppState,
    row: &AutopayRow,
    period: Period,
    attempt: i64,
    amount: Option<Kopecks>,
) -> Result<bool, AppError> {
    let Some(method) = row.method_id.clone() else { return Ok(false) };
    let now = state.clock.now();
    let period = period.to_string();
    let mut tx = state.pool.begin().await?;
    let outcome = if amount.is_some() { "charging" } else { "nothing" };
    let Some(charge_id) = repo::claim(&mut tx, row.account_id, &period, attempt, outcome, None, now).await?
    else {
        // Another instance (or an earlier run) claimed it.
        return Ok(false);
    };
    let Some(amount) = amount else {
        tx.commit().await?;
        return Ok(false);
    };
    let public_id = token::payment_id();
    let payment_id =
        payments::record(&mut tx, state, &public_id, row.user_id, row.account_id, amount, Purpose::Debt)
            .await?;
    repo::set_payment(&mut tx, charge_id, payment_id).await?;
    tx.commit().await?;
    tracing::info!(account_id = row.account_id, attempt, %period, "autopay charging");
    // An acquirer that refuses or does not answer cancels the payment, which records the
    // attempt as failed (`service::settled`): tomorrow's retry, or the pause.
    if let Err(e) = payments::send(state, payment_id, HowPaid::SavedMethod(method)).await {
        tracing::warn!(account_id = row.account_id, error = %e, "autopay charge not made");
    }
    Ok(true)
}

//! Autopay for a customer: turning it on (a first payment that saves the card), the page,
//! changing the day and cap, skipping a month, resuming, turning it off; and what a settled
//! payment means for it (`settled`, called by `payments::service` in its transaction).

use super::model::{AutopayPage, AutopaySettings, AutopayState, NextCharge, SETUP_MINIMUM};
use super::repo::{self, AutopayRow, NewAutopay};
use crate::accounts::binding::binding_of;
use crate::accounts::model::Access;
use crate::domain::Kopecks;
use crate::domain::autopay::{Cap, PayDay};
use crate::domain::bill::Period;
use crate::domain::time::{date_msk, date_of_day, day_number, format_day_month};
use crate::error::AppError;
use crate::notifications::service::notify;
use crate::payments::acquirer::{HowPaid, SavedMethod};
use crate::payments::model::{PaymentAttempt, PaymentStatus, Purpose};
use crate::payments::service as payments;
use crate::server::token;
use crate::state::AppState;
use sqlx::AnyConnection;

/// The customer's binding must be extended: autopay pays from a card for an account whose
/// owner the customer proved to be.
async fn extended(state: &AppState, user_id: i64, account_id: i64) -> Result<bool, AppError> {
    Ok(binding_of(state, user_id, account_id).await?.access == Access::Extended)
}

pub async fn page(state: &AppState, user_id: i64, account_id: i64) -> Result<AutopayPage, AppError> {
    let account = crate::accounts::service::summary_of(state, user_id, account_id).await?;
    let extended = account.access == Access::Extended;
    let mut row = repo::of_account(&state.pool, account_id).await?;
    // Back from the acquirer's page: the first payment is re-read, which turns autopay on.
    if let Some(r) = row.as_ref().filter(|r| r.user_id == user_id && r.status == "setup") {
        if let (Some(public_id), Some("pending")) = (r.setup_public_id.clone(), r.setup_status.as_deref()) {
            payments::status(state, user_id, &public_id).await?;
            row = repo::of_account(&state.pool, account_id).await?;
        }
    }
    let today = date_msk(state.clock.now());
    let state_now = match row {
        None => AutopayState::Off,
        Some(r) if r.user_id != user_id => AutopayState::OtherCustomers,
        Some(r) => shown(&r, today),
    };
    Ok(AutopayPage {
        debt: account.debt,
        account,
        extended,
        state: state_now,
        max: Kopecks(state.settings.payments.max_amount_kopecks),
        attempt: token::payment_id(),
    })
}

fn settings_of(r: &AutopayRow) -> AutopaySettings {
    AutopaySettings { day: r.day_of_month as u32, cap: Kopecks(r.cap_kopecks) }
}

fn shown(r: &AutopayRow, today: (i64, u32, u32)) -> AutopayState {
    let settings = settings_of(r);
    let card = r.method_title.clone().unwrap_or_default();
    match r.status.as_str() {
        "setup" => AutopayState::Setup {
            settings,
            pay_url: r.setup_url.clone().filter(|_| r.setup_status.as_deref() == Some("pending")),
            failed: r.setup_status.as_deref().is_some_and(|s| s != "pending"),
        },
        "paused" => AutopayState::Paused { settings, card },
        _ => {
            let period = r.period.as_deref().and_then(Period::parse);
            let skipped = period.filter(|_| r.first_outcome.as_deref() == Some("skipped")).map(Period::label);
            let next = match (period, r.first_outcome.as_deref()) {
                (Some(period), None) => {
                    Cap::from_db(r.cap_kopecks).charge_for(Kopecks(r.debt_kopecks)).map(|amount| NextCharge {
                        date: format_day_month(next_date(today, settings.day)),
                        amount,
                        period: period.label(),
                    })
                }
                _ => None,
            };
            AutopayState::On { settings, card, next, skipped }
        }
    }
}

/// The next date (today or later) whose day of the month is `day`.
fn next_date(today: (i64, u32, u32), day: u32) -> (i64, u32, u32) {
    let start = day_number(today);
    (0..62).map(|n| date_of_day(start + n)).find(|d| d.2 == day).unwrap_or(today)
}

/// The form's fields, parsed: the day, the cap, and the consent box.
pub fn parse_settings(day: &str, cap: &str, max: Kopecks) -> Result<(PayDay, Cap), AppError> {
    let day = PayDay::parse(day).map_err(|e| AppError::validation("day", e))?;
    let cap = Cap::parse(cap, max).map_err(|e| AppError::validation("cap", e))?;
    Ok((day, cap))
}

/// Turns autopay on: the first payment (the debt up to the cap, or `SETUP_MINIMUM`) saves
/// the card at the acquirer. Returns where the customer pays it. The same form sent again
/// returns the same payment.
pub async fn enable(
    state: &AppState,
    user_id: i64,
    account_id: i64,
    (day, cap): (PayDay, Cap),
    attempt: Option<PaymentAttempt>,
) -> Result<String, AppError> {
    if !extended(state, user_id, account_id).await? {
        return Err(AppError::Forbidden);
    }
    let existing = repo::of_account(&state.pool, account_id).await?;
    if let Some(r) = &existing {
        let same_form = attempt.as_ref().is_some_and(|a| r.setup_public_id.as_deref() == Some(a.as_str()));
        match (r.user_id == user_id, r.status.as_str(), &r.setup_url) {
            (true, "setup", Some(url)) if same_form => return Ok(url.clone()),
            (true, "setup", _) => {}
            (true, _, _) => return Err(AppError::validation("day", "Автоплатёж уже подключён")),
            (false, _, _) => {
                return Err(AppError::validation(
                    "day",
                    "Автоплатёж по этому счёту подключил другой пользователь",
                ));
            }
        }
    }
    let debt = crate::accounts::service::summary_of(state, user_id, account_id).await?.debt;
    let amount = cap.charge_for(debt).unwrap_or(SETUP_MINIMUM);
    let public_id = attempt.map(|a| a.as_str().to_owned()).unwrap_or_else(token::payment_id);
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let payment_id =
        payments::record(&mut tx, state, &public_id, user_id, account_id, amount, Purpose::Debt).await?;
    let new = NewAutopay {
        account_id,
        user_id,
        day_of_month: i64::from(day.get()),
        cap_kopecks: cap.get().0,
        acquirer: state.acquirer.name(),
        setup_payment_id: payment_id,
        now,
    };
    if !repo::upsert_setup(&mut tx, &new).await? {
        return Err(AppError::validation("day", "Автоплатёж по этому счёту подключил другой пользователь"));
    }
    tx.commit().await?;
    let return_url = payments::return_url(state, &format!("/accounts/{account_id}/autopay"));
    let sent = payments::send(state, payment_id, HowPaid::Redirect { return_url, save_method: true }).await?;
    sent.confirmation_url.ok_or(AppError::Internal)
}

/// A new day or cap for autopay that is on (or paused).
pub async fn update(
    state: &AppState,
    user_id: i64,
    account_id: i64,
    (day, cap): (PayDay, Cap),
) -> Result<(), AppError> {
    binding_of(state, user_id, account_id).await?;
    let now = state.clock.now();
    if !repo::update(&state.pool, account_id, user_id, i64::from(day.get()), cap.get().0, now).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Skips the charge autopay would make next (the latest period's), once.
pub async fn skip(state: &AppState, user_id: i64, account_id: i64) -> Result<(), AppError> {
    binding_of(state, user_id, account_id).await?;
    let row = repo::of_account(&state.pool, account_id).await?.filter(|r| r.user_id == user_id);
    let Some(period) = row.and_then(|r| r.period) else {
        return Err(AppError::NotFound);
    };
    let mut tx = state.pool.begin().await?;
    let claimed = repo::claim(&mut tx, account_id, &period, 1, "skipped", None, state.clock.now()).await?;
    tx.commit().await?;
    match claimed {
        Some(_) => Ok(()),
        None => Err(AppError::validation("skip", "Списание за этот месяц уже сделано или пропущено")),
    }
}

pub async fn resume(state: &AppState, user_id: i64, account_id: i64) -> Result<(), AppError> {
    binding_of(state, user_id, account_id).await?;
    if !repo::resume(&state.pool, account_id, user_id, state.clock.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Turns autopay off at once: the saved method's id is deleted with it.
pub async fn disable(state: &AppState, user_id: i64, account_id: i64) -> Result<(), AppError> {
    binding_of(state, user_id, account_id).await?;
    let mut tx = state.pool.begin().await?;
    let gone = repo::delete(&mut tx, account_id, user_id).await?;
    tx.commit().await?;
    if gone {
        tracing::info!(account_id, "autopay turned off, saved method forgotten");
    }
    Ok(())
}

/// Turns off a customer's autopay when they unbind the account (inside that transaction).
pub async fn forget(conn: &mut AnyConnection, user_id: i64, account_id: i64) -> Result<(), AppError> {
    repo::delete(conn, account_id, user_id).await?;
    Ok(())
}

/// What a payment's final status means for autopay, inside the settling transaction: a
/// first payment that saved the card turns it on; an autopay charge records its outcome,
/// and a failed retry pauses autopay and tells the customer. `true` when the payment was an
/// autopay charge (autopay speaks to the customer about it, not the generic notice).
pub async fn settled(
    conn: &mut AnyConnection,
    state: &AppState,
    payment_id: i64,
    status: PaymentStatus,
    saved: Option<&SavedMethod>,
    now: i64,
) -> Result<bool, AppError> {
    if let (PaymentStatus::Succeeded, Some(method)) = (status, saved) {
        if let Some(account_id) = repo::activate(conn, payment_id, &method.id, &method.title, now).await? {
            // The first payment paid the latest charge: autopay starts with the next one.
            if let Some(period) = repo::latest_period(conn, account_id).await? {
                repo::claim(conn, account_id, &period, 1, "succeeded", Some(payment_id), now).await?;
            }
            tracing::info!(account_id, "autopay on");
            return Ok(false);
        }
    }
    let Some(charge) = repo::charge_of_payment(conn, payment_id).await? else {
        return Ok(false);
    };
    let outcome = match status {
        PaymentStatus::Pending => return Ok(true),
        PaymentStatus::Succeeded => "succeeded",
        PaymentStatus::Canceled => "failed",
        PaymentStatus::NeedsAttention => "attention",
    };
    repo::set_outcome(conn, charge.id, outcome).await?;
    if status == PaymentStatus::Canceled && charge.attempt == 2 {
        repo::pause(conn, charge.account_id, now).await?;
        if let (Some(owner), Some(period)) =
            (repo::owner(conn, charge.account_id).await?, Period::parse(&charge.period))
        {
            let notice = super::notices::paused(charge.account_id, &owner.number, period, owner.provider_id);
            notify(conn, state, owner.user_id, &notice, now).await?;
        }
        tracing::warn!(account_id = charge.account_id, "autopay charge and retry failed: paused");
    }
    Ok(true)
}

//! The payment record and its life. The rules that keep money right:
//! - the record (pending) is written before the acquirer is called, and its public id is
//!   the idempotence key, so a retry never makes a second payment;
//! - a status is only ever taken from the acquirer's API, never from a notification body;
//! - crediting is one conditional update (`pending` → `succeeded`) in the same transaction
//!   as the debt change, so whatever arrives twice, the account is credited once;
//! - a success for another amount or currency is never credited: it ends as `attention`
//!   (`PaymentStatus::NeedsAttention`) for the operators, with what the acquirer reported.

use super::acquirer::{
    AcquirerError, AcquirerPayment, AcquirerStatus, HowPaid, NewPayment, RUB, ReceiptCustomer,
};
use super::model::{
    PayForm, PaymentAttempt, PaymentInfo, PaymentRequest, PaymentStatus, Purpose, SandboxPayment,
};
use super::repo::{self, NewPaymentRecord};
use crate::accounts::binding::binding_of;
use crate::domain::audit::Subject;
use crate::domain::{Kopecks, Login};
use crate::error::AppError;
use crate::notifications::service::notify;
use crate::server::{audit, token};
use crate::state::AppState;

/// A payment record as the rules read it.
struct Payment {
    id: i64,
    public_id: String,
    account_id: i64,
    number: String,
    amount: Kopecks,
    status: PaymentStatus,
    acquirer_id: Option<String>,
    created_at: i64,
}

impl From<repo::PaymentRow> for Payment {
    fn from(r: repo::PaymentRow) -> Payment {
        Payment {
            id: r.id,
            public_id: r.public_id,
            account_id: r.account_id,
            number: r.number,
            amount: Kopecks(r.amount_kopecks),
            status: PaymentStatus::from_db(&r.status),
            acquirer_id: r.acquirer_id,
            created_at: r.created_at,
        }
    }
}

impl Payment {
    fn info(&self) -> PaymentInfo {
        PaymentInfo {
            public_id: self.public_id.clone(),
            account_id: self.account_id,
            number: self.number.clone(),
            amount: self.amount,
            status: self.status,
            created_at: self.created_at,
        }
    }
}

pub async fn form(state: &AppState, user_id: i64, account_id: i64) -> Result<PayForm, AppError> {
    let account = crate::accounts::service::summary_of(state, user_id, account_id).await?;
    Ok(PayForm {
        account,
        max: Kopecks(state.settings.payments.max_amount_kopecks),
        attempt: token::payment_id(),
    })
}

/// Creates the payment and returns the URL the customer pays at.
pub async fn create(
    state: &AppState,
    user_id: i64,
    account_id: i64,
    request: PaymentRequest,
    attempt: Option<PaymentAttempt>,
) -> Result<String, AppError> {
    binding_of(state, user_id, account_id).await?;
    // The same form sent again: the payment it already made.
    if let Some(attempt) = &attempt {
        if let Some(url) = earlier_attempt(state, attempt, user_id, account_id).await? {
            return Ok(url);
        }
    }
    let debt = repo::payer(&state.pool, account_id, user_id).await?.debt_kopecks;
    let amount = match request {
        PaymentRequest::Debt if debt <= 0 => {
            return Err(AppError::validation("purpose", "Задолженности нет — укажите произвольную сумму"));
        }
        PaymentRequest::Debt => Kopecks(debt.min(state.settings.payments.max_amount_kopecks)),
        PaymentRequest::Custom(amount) => amount,
    };
    let public_id = attempt.as_ref().map(|a| a.as_str().to_owned()).unwrap_or_else(token::payment_id);
    let mut conn = state.pool.acquire().await?;
    let recorded = record(&mut conn, state, &public_id, user_id, account_id, amount, request.purpose()).await;
    drop(conn);
    let payment_id = match recorded {
        Ok(id) => id,
        // Two sends of one form at once: the other one is making the payment.
        Err(e) if is_unique_violation(&e) => {
            let attempt = attempt.ok_or(AppError::Internal)?;
            return earlier_attempt(state, &attempt, user_id, account_id).await?.ok_or_else(|| {
                AppError::Unavailable("Платёж уже создаётся. Обновите страницу через несколько секунд".into())
            });
        }
        Err(e) => return Err(e.into()),
    };
    let how = HowPaid::Redirect {
        return_url: return_url(state, &format!("/payments/{public_id}")),
        save_method: false,
    };
    let sent = send(state, payment_id, how).await?;
    sent.confirmation_url.ok_or_else(|| {
        tracing::error!(payment_id, "acquirer returned no confirmation URL");
        AppError::Internal
    })
}

/// The portal's address of a page, for the acquirer to send the customer back to.
pub fn return_url(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.settings.site.public_url.trim_end_matches('/'))
}

/// Writes the `pending` record of a payment (in the caller's transaction, so autopay can
/// write its own record with it); returns its id. `public_id` becomes the acquirer's
/// idempotence key.
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    public_id: &str,
    user_id: i64,
    account_id: i64,
    amount: Kopecks,
    purpose: Purpose,
) -> Result<i64, sqlx::Error> {
    let record = NewPaymentRecord {
        public_id,
        user_id,
        account_id,
        amount_kopecks: amount.0,
        purpose: purpose.code(),
        acquirer: state.acquirer.name(),
        now: state.clock.now(),
    };
    let id = repo::insert_payment(conn, &record).await?;
    metrics::counter!("moygaz_payments_total", "status" => "pending").increment(1);
    Ok(id)
}

/// What became of a payment sent to the acquirer.
pub struct Sent {
    /// Where the customer confirms it (none for a saved method).
    pub confirmation_url: Option<String>,
    pub status: PaymentStatus,
}

/// Sends a recorded payment to the acquirer, with a 54-ФЗ receipt to the payer's login,
/// and settles what it answers (a saved method's payment often ends at once).
pub async fn send(state: &AppState, payment_id: i64, how: HowPaid) -> Result<Sent, AppError> {
    let facts = repo::amount_of(&state.pool, payment_id).await?;
    let login = match facts.user_id {
        Some(user_id) => repo::payer(&state.pool, facts.account_id, user_id).await?.login,
        None => return Err(AppError::NotFound),
    };
    let customer = match Login::parse(&login) {
        Ok(Login::Phone(p)) => ReceiptCustomer::Phone(p.as_str().trim_start_matches('+').to_owned()),
        _ => ReceiptCustomer::Email(login),
    };
    let request = NewPayment {
        idempotence_key: facts.public_id.clone(),
        amount: Kopecks(facts.amount_kopecks),
        description: format!("Оплата газа, лицевой счёт {}", facts.account_number),
        how,
        customer,
    };
    // In a task of its own: a customer who closes the tab mid-request must not leave a
    // payment created at the acquirer but unknown here (the re-check needs its id).
    let task_state = state.clone();
    let now = state.clock.now();
    tokio::spawn(async move { call_acquirer(&task_state, payment_id, request, now).await }).await.map_err(
        |e| {
            tracing::error!(payment_id, error = %e, "payment task failed");
            AppError::Internal
        },
    )?
}

/// Where the payment an earlier send of this form made is paid: `None` when there is none
/// (or it was never created at the acquirer: a retry is a new payment). A send still at the
/// acquirer is waited for a few seconds. Another customer's or account's key is refused.
async fn earlier_attempt(
    state: &AppState,
    attempt: &PaymentAttempt,
    user_id: i64,
    account_id: i64,
) -> Result<Option<String>, AppError> {
    for _ in 0..40 {
        let Some(row) = repo::attempt(&state.pool, attempt.as_str()).await? else {
            return Ok(None);
        };
        if row.user_id != Some(user_id) || row.account_id != account_id {
            return Err(AppError::BadRequest);
        }
        match (row.confirmation_url, row.status.as_str()) {
            (Some(url), _) => return Ok(Some(url)),
            (None, "pending") => tokio::time::sleep(std::time::Duration::from_millis(250)).await,
            (None, _) => {
                return Err(AppError::Unavailable(
                    "Платёжный сервис не ответил. Деньги не списаны — обновите страницу и попробуйте ещё раз"
                        .into(),
                ));
            }
        }
    }
    Ok(None)
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

async fn call_acquirer(
    state: &AppState,
    payment_id: i64,
    request: NewPayment,
    now: i64,
) -> Result<Sent, AppError> {
    match state.acquirer.create(&request).await {
        Ok(created) => {
            repo::set_acquirer_id(
                &state.pool,
                payment_id,
                &created.id,
                created.confirmation_url.as_deref(),
                now,
            )
            .await?;
            let status = settle(state, payment_id, &created).await?;
            Ok(Sent { confirmation_url: created.confirmation_url, status })
        }
        Err(e) => {
            // Nothing can be paid without the confirmation URL, so the attempt is over.
            tracing::warn!(payment_id, error = %e, "payment not created at the acquirer");
            let mut tx = state.pool.begin().await?;
            repo::cancel_not_created(&mut tx, payment_id, &e.to_string(), now).await?;
            super::autopay::service::settled(&mut tx, state, payment_id, PaymentStatus::Canceled, None, now)
                .await?;
            tx.commit().await?;
            metrics::counter!("moygaz_payments_total", "status" => "canceled").increment(1);
            Err(AppError::Unavailable(
                "Платёжный сервис сейчас не отвечает. Деньги не списаны — попробуйте ещё раз через несколько минут".into(),
            ))
        }
    }
}

/// Applies what the acquirer's API says about a payment. Credits at most once.
async fn settle(
    state: &AppState,
    payment_id: i64,
    seen: &AcquirerPayment,
) -> Result<PaymentStatus, AppError> {
    let facts = repo::amount_of(&state.pool, payment_id).await?;
    let (amount, account_id) = (facts.amount_kopecks, facts.account_id);
    let now = state.clock.now();
    match seen.status {
        AcquirerStatus::Pending => {}
        AcquirerStatus::Succeeded if seen.amount.0 != amount || seen.currency != RUB => {
            // Money moved, but not what we asked for: never credited, never left pending to
            // be re-read in vain. A final status of its own, with what the acquirer reported,
            // for the operators (`/operator`, `moygaz export payments --problems`).
            let problem = if seen.currency != RUB { "currency mismatch" } else { "amount mismatch" };
            let mut tx = state.pool.begin().await?;
            let moved =
                repo::mark_attention(&mut tx, payment_id, seen.amount.0, &seen.currency, problem, now)
                    .await?;
            if moved == 1 {
                let status = PaymentStatus::NeedsAttention;
                super::autopay::service::settled(&mut tx, state, payment_id, status, None, now).await?;
                let details = format!(
                    "payment={payment_id} amount={amount} reported={} {}",
                    seen.amount.0, seen.currency
                );
                audit::record(
                    &mut *tx,
                    now,
                    crate::domain::audit::Actor::Acquirer,
                    "payment.attention",
                    &Subject::Account(account_id),
                    &details,
                )
                .await?;
            }
            tx.commit().await?;
            if moved == 1 {
                metrics::counter!("moygaz_payments_total", "status" => "attention").increment(1);
                tracing::error!(
                    payment_id,
                    account_id,
                    reported_kopecks = seen.amount.0,
                    currency = %seen.currency,
                    "{problem}: not credited, left to the operators"
                );
            }
        }
        AcquirerStatus::Succeeded => {
            let mut tx = state.pool.begin().await?;
            let moved = repo::mark_succeeded(&mut tx, payment_id, now).await?;
            if moved == 1 {
                repo::credit_account(&mut tx, account_id, amount).await?;
                let details = format!("payment={payment_id} amount={amount}");
                audit::record(
                    &mut *tx,
                    now,
                    crate::domain::audit::Actor::Acquirer,
                    "payment.credited",
                    &Subject::Account(account_id),
                    &details,
                )
                .await?;
                if let Some(user_id) = facts.user_id {
                    notify(&mut tx, state, user_id, &super::notices::credited(&facts), now).await?;
                }
                let (status, saved) = (PaymentStatus::Succeeded, seen.saved_method.as_ref());
                super::autopay::service::settled(&mut tx, state, payment_id, status, saved, now).await?;
            }
            tx.commit().await?;
            if moved == 1 {
                metrics::counter!("moygaz_payments_total", "status" => "succeeded").increment(1);
                tracing::info!(payment_id, account_id, "payment credited");
            }
        }
        AcquirerStatus::Canceled => {
            let mut tx = state.pool.begin().await?;
            let moved = repo::mark_canceled(&mut tx, payment_id, now).await?;
            let status = PaymentStatus::Canceled;
            // Autopay's own charges are retried, and autopay tells the customer itself.
            let autopays = moved == 1
                && super::autopay::service::settled(&mut tx, state, payment_id, status, None, now).await?;
            if let (1, Some(user_id), false) = (moved, facts.user_id, autopays) {
                notify(&mut tx, state, user_id, &super::notices::failed(&facts), now).await?;
            }
            tx.commit().await?;
            if moved == 1 {
                metrics::counter!("moygaz_payments_total", "status" => "canceled").increment(1);
            }
        }
    }
    Ok(PaymentStatus::from_db(&repo::status_of(&state.pool, payment_id).await?))
}

/// Re-reads a pending payment at the acquirer and settles it.
async fn refresh(state: &AppState, payment: &Payment) -> Result<PaymentStatus, AppError> {
    let Some(acquirer_id) =
        payment.acquirer_id.as_deref().filter(|_| payment.status == PaymentStatus::Pending)
    else {
        return Ok(payment.status);
    };
    match state.acquirer.fetch(acquirer_id).await {
        Ok(seen) if seen.id == acquirer_id => settle(state, payment.id, &seen).await,
        Ok(_) | Err(AcquirerError::NotFound) => {
            tracing::error!(payment_id = payment.id, "acquirer does not know this payment");
            Ok(payment.status)
        }
        Err(e) => {
            tracing::warn!(payment_id = payment.id, error = %e, "status re-check failed; will try again");
            Ok(payment.status)
        }
    }
}

/// The return page: this customer's payment, re-checked while it is pending.
pub async fn status(state: &AppState, user_id: i64, public_id: &str) -> Result<PaymentInfo, AppError> {
    let found = repo::by_public_id(&state.pool, public_id, user_id).await?;
    let mut payment = Payment::from(found.ok_or(AppError::NotFound)?);
    payment.status = refresh(state, &payment).await?;
    Ok(payment.info())
}

/// A notification names a payment; its body is not believed. `false`: not one of ours.
pub async fn on_notification(state: &AppState, acquirer_id: &str) -> Result<bool, AppError> {
    match repo::by_acquirer_id(&state.pool, acquirer_id, state.acquirer.name()).await? {
        Some(r) => {
            refresh(state, &Payment::from(r)).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// How long the background re-check keeps chasing a pending payment. A customer pays on
/// the acquirer's page within minutes, and acquirers cancel a payment left unpaid well
/// within a day; one still pending after 24 hours was abandoned, and re-reading it every
/// round would only take turns from new payments. Nothing is lost past it: a notification
/// that comes later, or the customer opening the return page, still re-reads and settles it.
pub const RECHECK_EXPIRY_SECS: i64 = 24 * 3600;

/// How many pending payments one re-check round re-reads at the acquirer.
pub const RECHECK_BATCH: i64 = 100;

/// Settles pending payments whose notification never came, the most recent first (a
/// customer may be waiting on the return page for those). Safe on several instances.
pub async fn recheck_pending(state: &AppState, older_than_secs: i64) -> Result<usize, AppError> {
    let now = state.clock.now();
    let rows =
        repo::pending_between(&state.pool, now - older_than_secs, now - RECHECK_EXPIRY_SECS, RECHECK_BATCH)
            .await?;
    let mut settled = 0;
    for r in rows {
        if refresh(state, &Payment::from(r)).await? != PaymentStatus::Pending {
            settled += 1;
        }
    }
    Ok(settled)
}

/// This customer's payments for an account, newest first.
pub async fn history(state: &AppState, user_id: i64, account_id: i64) -> Result<Vec<PaymentInfo>, AppError> {
    binding_of(state, user_id, account_id).await?;
    let rows = repo::of_account(&state.pool, account_id, user_id).await?;
    Ok(rows.into_iter().map(|r| Payment::from(r).info()).collect())
}

/// The sandbox acquirer's page and buttons exist only while the sandbox is the acquirer.
fn sandbox_only(state: &AppState) -> Result<(), AppError> {
    if state.acquirer.name() != "sandbox" {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// What the sandbox acquirer's payment page shows.
pub async fn sandbox_payment(state: &AppState, id: &str) -> Result<SandboxPayment, AppError> {
    sandbox_only(state)?;
    let row = repo::sandbox_page(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    Ok(SandboxPayment {
        id: row.id,
        amount: Kopecks(row.amount_kopecks),
        description: row.description,
        status: PaymentStatus::from_db(&row.status),
        saves_card: row.save_method == 1,
    })
}

/// The sandbox page's `Оплатить` (`pay = true`) or `Отклонить`. The sandbox then notifies
/// the portal as an acquirer would; returns the portal's return URL.
pub async fn sandbox_complete(state: &AppState, id: &str, pay: bool) -> Result<String, AppError> {
    sandbox_only(state)?;
    let return_url =
        super::sandbox::complete(&state.pool, id, pay, state.clock.now()).await?.ok_or(AppError::NotFound)?;
    on_notification(state, id).await?;
    Ok(return_url)
}

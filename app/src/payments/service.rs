//! The payment record and its life. The rules that keep money right:
//! - the record (pending) is written before the acquirer is called, and its public id is
//!   the idempotence key, so a retry never makes a second payment;
//! - a status is only ever taken from the acquirer's API, never from a notification body;
//! - crediting is one conditional update (`pending` → `succeeded`) in the same transaction
//!   as the debt change, so whatever arrives twice, the account is credited once;
//! - a success for another amount or currency is never credited: it ends as `attention`
//!   (`PaymentStatus::NeedsAttention`) for the operators, with what the acquirer reported.

use super::acquirer::{AcquirerError, AcquirerPayment, AcquirerStatus, NewPayment, RUB, ReceiptCustomer};
use super::model::{PayForm, PaymentInfo, PaymentStatus, Purpose};
use crate::accounts::service::{binding_of, subject_of};
use crate::domain::{Kopecks, Login};
use crate::error::AppError;
use crate::server::{audit, token};
use crate::state::AppState;

struct PaymentRow {
    id: i64,
    public_id: String,
    account_id: i64,
    number: String,
    amount: Kopecks,
    status: PaymentStatus,
    acquirer_id: Option<String>,
    created_at: i64,
}

type Row = (i64, String, i64, String, i64, String, Option<String>, i64);

const SELECT: &str = "SELECT p.id, p.public_id, p.account_id, a.number, p.amount_kopecks, p.status, p.acquirer_id, \
                      p.created_at FROM payments p JOIN accounts a ON a.id = p.account_id";

fn row((id, public_id, account_id, number, amount, status, acquirer_id, created_at): Row) -> PaymentRow {
    PaymentRow {
        id,
        public_id,
        account_id,
        number,
        amount: Kopecks(amount),
        status: PaymentStatus::from_db(&status),
        acquirer_id,
        created_at,
    }
}

impl PaymentRow {
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
    binding_of(state, user_id, account_id).await?;
    let account = crate::accounts::service::list(state, user_id)
        .await?
        .into_iter()
        .find(|a| a.account_id == account_id)
        .ok_or(AppError::NotFound)?;
    Ok(PayForm { account, max: Kopecks(state.settings.payments.max_amount_kopecks) })
}

/// Creates the payment and returns the URL the customer pays at.
pub async fn create(
    state: &AppState,
    user_id: i64,
    account_id: i64,
    purpose: Purpose,
    custom: Option<Kopecks>,
) -> Result<String, AppError> {
    binding_of(state, user_id, account_id).await?;
    let (number, debt, login): (String, i64, String) = sqlx::query_as(
        "SELECT a.number, a.debt_kopecks, u.login FROM accounts a, users u WHERE a.id = $1 AND u.id = $2",
    )
    .bind(account_id)
    .bind(user_id)
    .fetch_one(&state.pool)
    .await?;
    let amount = match (purpose, custom) {
        (Purpose::Debt, _) if debt <= 0 => {
            return Err(AppError::validation("purpose", "Задолженности нет — укажите произвольную сумму"));
        }
        (Purpose::Debt, _) => Kopecks(debt.min(state.settings.payments.max_amount_kopecks)),
        (Purpose::Custom, Some(amount)) => amount,
        (Purpose::Custom, None) => return Err(AppError::validation("amount", "Введите сумму")),
    };
    let now = state.clock.now();
    let public_id = token::payment_id();
    let (payment_id,): (i64,) = sqlx::query_as(
        "INSERT INTO payments (public_id, user_id, account_id, amount_kopecks, purpose, acquirer, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7) RETURNING id",
    )
    .bind(&public_id)
    .bind(user_id)
    .bind(account_id)
    .bind(amount.0)
    .bind(purpose.code())
    .bind(state.acquirer.name())
    .bind(now)
    .fetch_one(&state.pool)
    .await?;
    metrics::counter!("moygaz_payments_total", "status" => "pending").increment(1);
    let customer = match Login::parse(&login) {
        Ok(Login::Phone(p)) => ReceiptCustomer::Phone(p.as_str().trim_start_matches('+').to_owned()),
        _ => ReceiptCustomer::Email(login),
    };
    let request = NewPayment {
        idempotence_key: public_id.clone(),
        amount,
        description: format!("Оплата газа, лицевой счёт {number}"),
        return_url: format!("{}/payments/{public_id}", state.settings.site.public_url.trim_end_matches('/')),
        customer,
    };
    // In a task of its own: a customer who closes the tab mid-request must not leave a
    // payment created at the acquirer but unknown here (the re-check needs its id).
    let task_state = state.clone();
    tokio::spawn(async move { call_acquirer(&task_state, payment_id, request, now).await }).await.map_err(
        |e| {
            tracing::error!(payment_id, error = %e, "payment task failed");
            AppError::Internal
        },
    )?
}

async fn call_acquirer(
    state: &AppState,
    payment_id: i64,
    request: NewPayment,
    now: i64,
) -> Result<String, AppError> {
    match state.acquirer.create(&request).await {
        Ok(created) => {
            sqlx::query(
                "UPDATE payments SET acquirer_id = $1, confirmation_url = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(&created.id)
            .bind(&created.confirmation_url)
            .bind(now)
            .bind(payment_id)
            .execute(&state.pool)
            .await?;
            let url = created.confirmation_url.clone();
            settle(state, payment_id, &created).await?;
            url.ok_or_else(|| {
                tracing::error!(payment_id, "acquirer returned no confirmation URL");
                AppError::Internal
            })
        }
        Err(e) => {
            // Nothing can be paid without the confirmation URL, so the attempt is over.
            tracing::warn!(payment_id, error = %e, "payment not created at the acquirer");
            sqlx::query(
                "UPDATE payments SET status = 'canceled', last_error = $1, updated_at = $2 WHERE id = $3",
            )
            .bind(e.to_string())
            .bind(now)
            .bind(payment_id)
            .execute(&state.pool)
            .await?;
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
    let (amount, account_id): (i64, i64) =
        sqlx::query_as("SELECT amount_kopecks, account_id FROM payments WHERE id = $1")
            .bind(payment_id)
            .fetch_one(&state.pool)
            .await?;
    let now = state.clock.now();
    match seen.status {
        AcquirerStatus::Pending => {}
        AcquirerStatus::Succeeded if seen.amount.0 != amount || seen.currency != RUB => {
            // Money moved, but not what we asked for: never credited, never left pending to
            // be re-read in vain. A final status of its own, with what the acquirer reported,
            // for the operators (`/operator`, `moygaz export payments --problems`).
            let problem = if seen.currency != RUB { "currency mismatch" } else { "amount mismatch" };
            let mut tx = state.pool.begin().await?;
            let moved = sqlx::query(
                "UPDATE payments SET status = 'attention', reported_amount_kopecks = $1, reported_currency = $2, \
                 attention_at = $3, last_error = $4, updated_at = $3 WHERE id = $5 AND status = 'pending'",
            )
            .bind(seen.amount.0)
            .bind(&seen.currency)
            .bind(now)
            .bind(problem)
            .bind(payment_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 1 {
                let details = format!(
                    "payment={payment_id} amount={amount} reported={} {}",
                    seen.amount.0, seen.currency
                );
                audit::record(
                    &mut *tx,
                    now,
                    crate::domain::audit::Actor::Acquirer,
                    "payment.attention",
                    &subject_of(account_id),
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
            let moved = sqlx::query(
                "UPDATE payments SET status = 'succeeded', credited_at = $1, updated_at = $1 \
                 WHERE id = $2 AND status = 'pending'",
            )
            .bind(now)
            .bind(payment_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 1 {
                sqlx::query("UPDATE accounts SET debt_kopecks = debt_kopecks - $1 WHERE id = $2")
                    .bind(amount)
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?;
                let details = format!("payment={payment_id} amount={amount}");
                audit::record(
                    &mut *tx,
                    now,
                    crate::domain::audit::Actor::Acquirer,
                    "payment.credited",
                    &subject_of(account_id),
                    &details,
                )
                .await?;
            }
            tx.commit().await?;
            if moved == 1 {
                metrics::counter!("moygaz_payments_total", "status" => "succeeded").increment(1);
                tracing::info!(payment_id, account_id, "payment credited");
            }
        }
        AcquirerStatus::Canceled => {
            let moved = sqlx::query("UPDATE payments SET status = 'canceled', updated_at = $1 WHERE id = $2 AND status = 'pending'")
                .bind(now)
                .bind(payment_id)
                .execute(&state.pool)
                .await?
                .rows_affected();
            if moved == 1 {
                metrics::counter!("moygaz_payments_total", "status" => "canceled").increment(1);
            }
        }
    }
    let (status,): (String,) = sqlx::query_as("SELECT status FROM payments WHERE id = $1")
        .bind(payment_id)
        .fetch_one(&state.pool)
        .await?;
    Ok(PaymentStatus::from_db(&status))
}

/// Re-reads a pending payment at the acquirer and settles it.
async fn refresh(state: &AppState, payment: &PaymentRow) -> Result<PaymentStatus, AppError> {
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
    let found: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE p.public_id = $1 AND p.user_id = $2"))
        .bind(public_id)
        .bind(user_id)
        .fetch_optional(&state.pool)
        .await?;
    let mut payment = row(found.ok_or(AppError::NotFound)?);
    payment.status = refresh(state, &payment).await?;
    Ok(payment.info())
}

/// A notification names a payment; its body is not believed. `false`: not one of ours.
pub async fn on_notification(state: &AppState, acquirer_id: &str) -> Result<bool, AppError> {
    let found: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE p.acquirer_id = $1 AND p.acquirer = $2"))
            .bind(acquirer_id)
            .bind(state.acquirer.name())
            .fetch_optional(&state.pool)
            .await?;
    match found {
        Some(r) => {
            refresh(state, &row(r)).await?;
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
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE p.status = 'pending' AND p.acquirer_id IS NOT NULL AND p.created_at < $1 AND p.created_at > $2 \
         ORDER BY p.created_at DESC, p.id DESC LIMIT $3"
    ))
    .bind(now - older_than_secs)
    .bind(now - RECHECK_EXPIRY_SECS)
    .bind(RECHECK_BATCH)
    .fetch_all(&state.pool)
    .await?;
    let mut settled = 0;
    for r in rows {
        if refresh(state, &row(r)).await? != PaymentStatus::Pending {
            settled += 1;
        }
    }
    Ok(settled)
}

/// This customer's payments for an account, newest first.
pub async fn history(state: &AppState, user_id: i64, account_id: i64) -> Result<Vec<PaymentInfo>, AppError> {
    binding_of(state, user_id, account_id).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE p.account_id = $1 AND p.user_id = $2 ORDER BY p.created_at DESC, p.id DESC LIMIT 50"
    ))
    .bind(account_id)
    .bind(user_id)
    .fetch_all(&state.pool)
    .await?;
    Ok(rows.into_iter().map(|r| row(r).info()).collect())
}

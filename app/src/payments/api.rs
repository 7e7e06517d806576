//! Server functions of payments (`/api/payments/…`) and of the sandbox acquirer's page
//! (`/api/sandbox/…`).

use super::model::{PayForm, PaymentInfo, SandboxPayment};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "payments/form")]
pub async fn get_pay_form(account_id: i64) -> Result<PayForm, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::form(&state, user_id, account_id).await
}

/// `purpose`: `debt` (`По текущему долгу`) or `custom` with `amount` in rubles as typed.
/// Returns the URL to pay at.
#[server(prefix = "/api", endpoint = "payments/create")]
pub async fn create_payment(
    account_id: i64,
    #[server(default)] purpose: String,
    #[server(default)] amount: String,
    /// The form's `PaymentAttempt` (a client without one makes a payment per call).
    #[server(default)]
    attempt: String,
) -> Result<String, AppError> {
    use super::model::{PaymentAttempt, PaymentRequest};
    use crate::domain::Kopecks;

    let (state, user_id) = crate::auth::guards::require_consented().await?;
    let max = Kopecks(state.settings.payments.max_amount_kopecks);
    let request = PaymentRequest::parse(&purpose, &amount, max)?;
    let attempt = PaymentAttempt::parse(&attempt);
    let confirmation_url = super::service::create(&state, user_id, account_id, request, attempt).await?;
    crate::form_replay::next_page(&confirmation_url);
    Ok(confirmation_url)
}

/// The return page's question: what became of the payment (re-checked while pending).
#[server(prefix = "/api", endpoint = "payments/status")]
pub async fn payment_status(public_id: String) -> Result<PaymentInfo, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::status(&state, user_id, public_id.trim()).await
}

#[server(prefix = "/api", endpoint = "payments/history")]
pub async fn payment_history(account_id: i64) -> Result<Vec<PaymentInfo>, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::history(&state, user_id, account_id).await
}

/// The sandbox acquirer's payment page. Only exists while the sandbox is the acquirer.
#[server(prefix = "/api", endpoint = "sandbox/get")]
pub async fn get_sandbox_payment(id: String) -> Result<SandboxPayment, AppError> {
    let state = crate::state::AppState::current()?;
    super::service::sandbox_payment(&state, &id).await
}

/// The sandbox page's `Оплатить` (`pay = true`) or `Отклонить`. The sandbox then notifies
/// the portal as an acquirer would; returns the portal's return URL.
#[server(prefix = "/api", endpoint = "sandbox/complete")]
pub async fn sandbox_complete(id: String, pay: bool) -> Result<String, AppError> {
    let state = crate::state::AppState::current()?;
    let return_url = super::service::sandbox_complete(&state, &id, pay).await?;
    crate::form_replay::next_page(&return_url);
    Ok(return_url)
}

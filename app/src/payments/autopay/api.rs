//! Server functions of autopay (`/api/autopay/…`): thin, each parses and calls the service.

use super::model::AutopayPage;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "autopay/get")]
pub async fn get_autopay(account_id: i64) -> Result<AutopayPage, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::page(&state, user_id, account_id).await
}

/// `day` 1–28, `cap` in rubles as typed, `consent` ticked. Returns where the first payment,
/// which saves the card, is paid.
#[server(prefix = "/api", endpoint = "autopay/enable")]
pub async fn enable_autopay(
    account_id: i64,
    #[server(default)] day: String,
    #[server(default)] cap: String,
    #[server(default)] consent: String,
    #[server(default)] attempt: String,
) -> Result<String, AppError> {
    use crate::domain::Kopecks;
    use crate::payments::model::PaymentAttempt;

    let (state, user_id) = crate::auth::guards::require_consented().await?;
    let settings =
        super::service::parse_settings(&day, &cap, Kopecks(state.settings.payments.max_amount_kopecks))?;
    if consent.is_empty() {
        return Err(AppError::validation("consent", "Подтвердите согласие на списания"));
    }
    let attempt = PaymentAttempt::parse(&attempt);
    let url = super::service::enable(&state, user_id, account_id, settings, attempt).await?;
    crate::form_replay::next_page(&url);
    Ok(url)
}

#[server(prefix = "/api", endpoint = "autopay/update")]
pub async fn update_autopay(
    account_id: i64,
    #[server(default)] day: String,
    #[server(default)] cap: String,
) -> Result<(), AppError> {
    use crate::domain::Kopecks;

    let (state, user_id) = crate::auth::guards::require_consented().await?;
    let settings =
        super::service::parse_settings(&day, &cap, Kopecks(state.settings.payments.max_amount_kopecks))?;
    super::service::update(&state, user_id, account_id, settings).await
}

/// Skips the next charge (this month's), once.
#[server(prefix = "/api", endpoint = "autopay/skip")]
pub async fn skip_autopay(account_id: i64) -> Result<(), AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::skip(&state, user_id, account_id).await
}

#[server(prefix = "/api", endpoint = "autopay/resume")]
pub async fn resume_autopay(account_id: i64) -> Result<(), AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::resume(&state, user_id, account_id).await
}

/// Turns autopay off; the saved method's id is deleted at once.
#[server(prefix = "/api", endpoint = "autopay/disable")]
pub async fn disable_autopay(account_id: i64) -> Result<(), AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::disable(&state, user_id, account_id).await
}

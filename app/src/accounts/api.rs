//! Server functions of personal accounts. Stable endpoints under `/api/accounts/…`.
//! Each parses its input with the shared rules and makes one service call.

use super::model::{AccountDetails, AccountSummary, BindOutcome, ProviderOption};
use crate::error::AppError;
use leptos::prelude::*;

/// `Поставщик услуг`: every provider, by name.
#[server(prefix = "/api", endpoint = "accounts/providers")]
pub async fn list_providers() -> Result<Vec<ProviderOption>, AppError> {
    let (state, _) = crate::auth::guards::require_consented().await?;
    super::service::providers(&state).await
}

/// Binds `number` (any receipt spelling) at `provider` to the signed-in customer.
#[server(prefix = "/api", endpoint = "accounts/bind")]
pub async fn bind_account(
    // A form posted without script sends no `provider` when no radio is chosen.
    #[server(default)] provider: String,
    number: String,
) -> Result<BindOutcome, AppError> {
    use crate::domain::{AccountNumber, ProviderId};

    let (state, user_id) = crate::auth::guards::require_consented().await?;
    let provider_id = ProviderId::parse(&provider).map_err(|e| AppError::validation("provider", e))?;
    let number = AccountNumber::parse(&number).map_err(|e| AppError::validation("number", e))?;
    let outcome = super::service::bind(&state, user_id, provider_id, &number).await?;
    // Without script: a new basic binding goes on to the control question's own page.
    let id = outcome.account_id;
    if !outcome.already_bound && outcome.access == super::model::Access::Basic {
        crate::form_replay::next_page(&format!("/accounts/{id}/extended?bound=new"));
    } else {
        crate::form_replay::next_page(&format!("/accounts/{id}"));
    }
    Ok(outcome)
}

/// The signed-in customer's accounts, as cards.
#[server(prefix = "/api", endpoint = "accounts/list")]
pub async fn my_accounts() -> Result<Vec<AccountSummary>, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::list(&state, user_id).await
}

/// One account at this customer's level of access.
#[server(prefix = "/api", endpoint = "accounts/get")]
pub async fn get_account(account_id: i64) -> Result<AccountDetails, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::details(&state, user_id, account_id).await
}

/// The control question: `question` is `serial`, `charge` or `pin`.
#[server(prefix = "/api", endpoint = "accounts/answer")]
pub async fn answer_control_question(
    account_id: i64,
    #[server(default)] question: String,
    answer: String,
) -> Result<(), AppError> {
    use crate::domain::{ControlAnswer, ControlQuestion};

    let (state, user_id) = crate::auth::guards::require_consented().await?;
    let answer = ControlAnswer::parse(ControlQuestion::from_code(&question), &answer).map_err(|e| {
        let field =
            if matches!(e, crate::domain::ControlAnswerError::NoQuestion) { "question" } else { "answer" };
        AppError::validation(field, e)
    })?;
    super::control::answer(&state, user_id, account_id, answer).await?;
    crate::form_replay::next_page(&format!("/accounts/{account_id}"));
    Ok(())
}

/// `Подать запрос на получение PIN-кода`: returns when the (first) request was made.
#[server(prefix = "/api", endpoint = "accounts/request_pin")]
pub async fn request_pin(account_id: i64) -> Result<i64, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    let at = super::service::request_pin(&state, user_id, account_id).await?;
    crate::form_replay::next_page(&format!("/accounts/{account_id}/extended"));
    Ok(at)
}

/// Removes the account from this customer's cabinet (other family members keep theirs).
#[server(prefix = "/api", endpoint = "accounts/unlink")]
pub async fn unlink_account(account_id: i64) -> Result<(), AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::unlink(&state, user_id, account_id).await?;
    crate::form_replay::next_page("/settings?done=unlinked");
    Ok(())
}

//! Server functions of the operator console. Stable endpoints under `/api/operator/…`; each
//! checks the operator role before anything else (401 signed out, 403 for a customer).

use super::model::{AccountHit, AccountView, NoticesDesk, Queue, TicketThread};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn operator() -> Result<(crate::state::AppState, crate::auth::guards::Operator), AppError> {
    let state = crate::state::AppState::current()?;
    let operator = crate::auth::guards::require_operator().await?;
    Ok((state, operator))
}

#[server(prefix = "/api", endpoint = "operator/queue")]
pub async fn operator_queue() -> Result<Queue, AppError> {
    let (state, _) = operator().await?;
    super::queue::load(&state).await
}

#[server(prefix = "/api", endpoint = "operator/ticket")]
pub async fn operator_ticket(ticket_id: i64) -> Result<TicketThread, AppError> {
    let (state, _) = operator().await?;
    super::tickets::thread(&state, ticket_id).await
}

#[server(prefix = "/api", endpoint = "operator/answer")]
pub async fn answer_ticket(ticket_id: i64, text: String) -> Result<(), AppError> {
    use crate::domain::support::{MessageText, TextError};
    let (state, operator) = operator().await?;
    let text = MessageText::parse(&text).map_err(|e| {
        let message = match e {
            TextError::Empty => "Напишите ответ".to_owned(),
            TextError::TooShort => "Ответ слишком короткий: хотя бы 10 символов".to_owned(),
            TextError::TooLong => e.to_string(),
        };
        AppError::validation("text", message)
    })?;
    super::tickets::answer(&state, operator, ticket_id, &text).await?;
    crate::form_replay::next_page(&format!("/operator/tickets/{ticket_id}?done=answered"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "operator/close")]
pub async fn close_ticket(ticket_id: i64) -> Result<(), AppError> {
    let (state, operator) = operator().await?;
    super::tickets::close(&state, operator, ticket_id).await
}

/// A new PIN for the request's account, sent to the customer; the operator never sees it.
/// `identity_checked`: the operator confirms the requester's identity was checked (refused
/// without it, next to the checkbox; a missing value reads as unchecked).
#[server(prefix = "/api", endpoint = "operator/pin_issue")]
pub async fn issue_pin(request_id: i64, #[server(default)] identity_checked: bool) -> Result<(), AppError> {
    let (state, operator) = operator().await?;
    super::pins::issue(&state, operator, request_id, identity_checked).await?;
    crate::form_replay::next_page("/operator?done=issued");
    Ok(())
}

#[server(prefix = "/api", endpoint = "operator/pin_decline")]
pub async fn decline_pin(request_id: i64, reason: String) -> Result<(), AppError> {
    use crate::domain::pin_request::DeclineReason;
    let (state, operator) = operator().await?;
    let reason = DeclineReason::parse(&reason).map_err(|e| AppError::validation("reason", e))?;
    super::pins::decline(&state, operator, request_id, &reason).await?;
    crate::form_replay::next_page("/operator?done=declined");
    Ok(())
}

#[server(prefix = "/api", endpoint = "operator/find_accounts")]
pub async fn find_accounts(number: String) -> Result<Vec<AccountHit>, AppError> {
    use crate::domain::AccountNumber;
    let (state, _) = operator().await?;
    let number = AccountNumber::parse(&number).map_err(|e| AppError::validation("number", e))?;
    super::bindings::find(&state, &number).await
}

#[server(prefix = "/api", endpoint = "operator/account")]
pub async fn operator_account(account_id: i64) -> Result<AccountView, AppError> {
    let (state, operator) = operator().await?;
    super::bindings::view(&state, operator, account_id).await
}

#[server(prefix = "/api", endpoint = "operator/revoke")]
pub async fn revoke_binding(binding_id: i64) -> Result<(), AppError> {
    let (state, operator) = operator().await?;
    super::bindings::revoke(&state, operator, binding_id).await
}

/// The notices page: suppliers with their audiences, the draft `draft` if not sent yet, the
/// last announcements, undelivered messages.
#[server(prefix = "/api", endpoint = "operator/notices")]
pub async fn operator_notices(#[server(default)] draft: Option<i64>) -> Result<NoticesDesk, AppError> {
    let (state, _) = operator().await?;
    super::notices::desk(&state, draft).await
}

/// Keeps an announcement as a draft and leads to its preview; the draft's id.
#[server(prefix = "/api", endpoint = "operator/announcement_preview")]
pub async fn preview_announcement(provider: String, title: String, text: String) -> Result<i64, AppError> {
    use crate::domain::announcement::Announcement;
    let (state, operator) = operator().await?;
    let provider = provider
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::validation("provider", "Выберите поставщика"))?;
    let announcement = Announcement::parse(&title, &text).map_err(|e| AppError::validation(e.field(), e))?;
    let id = super::notices::prepare(&state, operator, provider, &announcement).await?;
    crate::form_replay::next_page(&format!("/operator/notices?draft={id}#preview"));
    Ok(id)
}

/// Sends a previewed announcement; how many customers it reached.
#[server(prefix = "/api", endpoint = "operator/announcement_send")]
pub async fn send_announcement(draft_id: i64) -> Result<u64, AppError> {
    let (state, operator) = operator().await?;
    let reached = super::notices::send(&state, operator, draft_id).await?;
    crate::form_replay::next_page("/operator/notices?done=sent");
    Ok(reached)
}

/// Tries a given-up message again.
#[server(prefix = "/api", endpoint = "operator/redeliver")]
pub async fn redeliver_message(message_id: i64) -> Result<(), AppError> {
    let (state, operator) = operator().await?;
    super::notices::redeliver(&state, operator, message_id).await?;
    crate::form_replay::next_page("/operator/notices?done=redelivered#undelivered");
    Ok(())
}

//! Server functions of support. Stable endpoints under `/api/support/…`.

use super::model::Ticket;
use crate::error::AppError;
use leptos::prelude::*;

/// A new question. Anyone may ask (from `/register` and `/login`); a signed-in customer's
/// ticket is also theirs to follow. Returns the ticket number.
#[server(prefix = "/api", endpoint = "support/ask")]
pub async fn ask_support(
    // A form posted without script sends no `topic` when no radio is chosen.
    #[server(default)] topic: String,
    text: String,
    contact: String,
) -> Result<i64, AppError> {
    use crate::auth::session::CustomerSession;
    use crate::domain::support::{MessageText, Topic};
    use crate::server::request::RequestMeta;
    use crate::state::AppState;

    let state = AppState::current()?;
    let topic =
        Topic::from_code(&topic).ok_or_else(|| AppError::validation("topic", "Выберите тему вопроса"))?;
    let text = MessageText::parse(&text).map_err(|e| AppError::validation("text", e))?;
    let kinds = crate::public_config::PublicConfig::login_kinds(&state.settings);
    let contact = kinds.parse(&contact).map_err(|e| AppError::validation("contact", e))?;
    let user_id = CustomerSession::current().await?.user_id().await?;
    let ip = RequestMeta::current().await.limit_key;
    let number = super::service::ask(&state, user_id, topic, &text, &contact, &ip).await?;
    crate::form_replay::next_page(&format!("/support?asked={number}"));
    Ok(number)
}

/// The signed-in customer's tickets with their threads, newest first.
#[server(prefix = "/api", endpoint = "support/mine")]
pub async fn my_tickets() -> Result<Vec<Ticket>, AppError> {
    use crate::auth::session::CustomerSession;
    use crate::state::AppState;

    let state = AppState::current()?;
    let user_id = CustomerSession::current().await?.require_user().await?;
    super::service::mine(&state, user_id).await
}

/// The customer's reply in the thread of one of their tickets.
#[server(prefix = "/api", endpoint = "support/reply")]
pub async fn reply_to_ticket(ticket_id: i64, text: String) -> Result<(), AppError> {
    use crate::auth::session::CustomerSession;
    use crate::domain::support::MessageText;
    use crate::state::AppState;

    let state = AppState::current()?;
    let user_id = CustomerSession::current().await?.require_user().await?;
    let text = MessageText::parse(&text).map_err(|e| AppError::validation("text", e))?;
    super::service::reply(&state, user_id, ticket_id, &text).await?;
    crate::form_replay::next_page("/support");
    Ok(())
}

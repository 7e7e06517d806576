//! Server functions of notifications. Stable endpoints under `/api/notifications/…`.

use super::model::{ChoiceTable, MailSwitch, NotificationItem};
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in customer's newest notifications; viewing them marks them seen.
#[server(prefix = "/api", endpoint = "notifications/list")]
pub async fn my_notifications() -> Result<Vec<NotificationItem>, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::list_and_mark_seen(&state, user_id).await
}

/// The settings table: which topics come by which channel.
#[server(prefix = "/api", endpoint = "notifications/choices")]
pub async fn notification_choices() -> Result<ChoiceTable, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::choices(&state, user_id).await
}

/// Keeps the browser's Web Push subscription (`PushSubscription.toJSON()`) for the
/// signed-in customer. `replaces`: the subscription it took over from
/// (`pushsubscriptionchange` in the service worker), forgotten.
#[server(prefix = "/api", endpoint = "notifications/push_subscribe")]
pub async fn push_subscribe(
    endpoint: String,
    p256dh: String,
    auth: String,
    #[server(default)] replaces: String,
) -> Result<(), AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    let allow_http = !state.settings.is_production();
    let subscription = super::push::Subscription::parse(&endpoint, &p256dh, &auth, allow_http)?;
    super::service::subscribe(&state, user_id, &subscription, &replaces).await
}

/// Forgets this browser's subscription (only the customer's own).
#[server(prefix = "/api", endpoint = "notifications/push_unsubscribe")]
pub async fn push_unsubscribe(endpoint: String) -> Result<(), AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::unsubscribe(&state, user_id, &endpoint).await
}

/// Saves the settings table. `on` names the switches that are on (`readings.email`), as the
/// form's checked boxes send them; every other switch is off.
#[server(prefix = "/api", endpoint = "notifications/save")]
pub async fn save_notification_choices(#[server(default)] on: Vec<String>) -> Result<(), AppError> {
    use crate::domain::notification::parse_switch;

    let (state, user_id) = crate::auth::guards::require_consented().await?;
    let on = on
        .iter()
        .map(|name| parse_switch(name).ok_or(AppError::BadRequest))
        .collect::<Result<Vec<_>, _>>()?;
    super::service::save_choices(&state, user_id, &on).await?;
    crate::form_replay::next_page("/settings?done=notifications#notifications");
    Ok(())
}

/// What an e-mail's unsubscribe link (`/unsubscribe/{token}`) turns off, and whether it is
/// off. No sign-in: the signed link is the proof.
#[server(prefix = "/api", endpoint = "notifications/mail_switch")]
pub async fn link_mail_switch(token: String) -> Result<MailSwitch, AppError> {
    let state = crate::state::AppState::current()?;
    super::service::mail_switch(&state, &token).await
}

/// The unsubscribe page's button: those e-mails off, or (`on`) on again.
#[server(prefix = "/api", endpoint = "notifications/set_mail_switch")]
pub async fn set_link_mail_switch(
    token: String,
    #[server(default)] on: bool,
) -> Result<MailSwitch, AppError> {
    let state = crate::state::AppState::current()?;
    let switch = super::service::set_mail_switch(&state, &token, on).await?;
    crate::form_replay::next_page(&format!("/unsubscribe/{token}"));
    Ok(switch)
}

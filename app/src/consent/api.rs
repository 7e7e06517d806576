//! Server functions of the consent. Stable endpoints under `/api/consent/…`.

use crate::error::AppError;
use leptos::prelude::*;

/// Signs the current version of the consent for the signed-in customer.
#[server(prefix = "/api", endpoint = "consent/sign")]
pub async fn sign_consent(version: String) -> Result<(), AppError> {
    use crate::auth::session::CustomerSession;
    use crate::server::request::RequestMeta;
    use crate::state::AppState;

    let state = AppState::current()?;
    let user_id = CustomerSession::current().await?.require_user().await?;
    if version != super::VERSION {
        // The page was opened before a new version came out: show the new text first.
        return Err(AppError::validation(
            "consent",
            "Текст согласия обновился. Обновите страницу и прочитайте его",
        ));
    }
    let meta = RequestMeta::current().await;
    super::service::sign(&state, user_id, &meta).await?;
    crate::form_replay::next_page("/cabinet");
    Ok(())
}

/// Withdraws the consent: the customer's cabinet and personal data are deleted. `confirm`
/// must be `true` (the page asks first).
#[server(prefix = "/api", endpoint = "consent/withdraw")]
pub async fn withdraw_consent(#[server(default)] confirm: bool) -> Result<(), AppError> {
    use crate::auth::session::CustomerSession;
    use crate::state::AppState;

    if !confirm {
        return Err(AppError::validation("confirm", "Подтвердите удаление личного кабинета"));
    }
    let state = AppState::current()?;
    let mut session = CustomerSession::current().await?;
    let user_id = session.require_user().await?;
    super::service::withdraw(&state, user_id).await?;
    session.log_out().await?;
    crate::form_replay::next_page("/register");
    Ok(())
}

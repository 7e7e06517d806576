//! Server functions of the profile. Stable endpoints under `/api/profile/…`.

use super::model::ProfileInfo;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "profile/get")]
pub async fn get_profile() -> Result<ProfileInfo, AppError> {
    use crate::auth::session::CustomerSession;
    use crate::state::AppState;

    let state = AppState::current()?;
    let user_id = CustomerSession::current().await?.require_user().await?;
    super::service::load(&state, user_id).await
}

#[server(prefix = "/api", endpoint = "profile/save")]
pub async fn save_profile(
    full_name: String,
    contact_phone: String,
    contact_email: String,
) -> Result<(), AppError> {
    use crate::auth::session::CustomerSession;
    use crate::domain::profile::{Profile, parse_email, parse_name, parse_phone};
    use crate::state::AppState;

    let state = AppState::current()?;
    let user_id = CustomerSession::current().await?.require_user().await?;
    let profile = Profile {
        full_name: parse_name(&full_name).map_err(|e| AppError::validation("full_name", e))?,
        contact_phone: parse_phone(&contact_phone).map_err(|e| AppError::validation("contact_phone", e))?,
        contact_email: parse_email(&contact_email).map_err(|e| AppError::validation("contact_email", e))?,
    };
    super::service::save(&state, user_id, &profile).await?;
    crate::form_replay::next_page("/settings?done=profile#profile-title");
    Ok(())
}

/// Step one of changing the login: the current password, then a code goes to the new login.
#[server(prefix = "/api", endpoint = "profile/change_login")]
pub async fn change_login(account_password: String, new_login: String) -> Result<(), AppError> {
    use crate::auth::session::CustomerSession;
    use crate::server::request::RequestMeta;
    use crate::state::AppState;

    let state = AppState::current()?;
    let user_id = CustomerSession::current().await?.require_user().await?;
    let kinds = crate::public_config::PublicConfig::login_kinds(&state.settings);
    let login = kinds.parse(&new_login).map_err(|e| AppError::validation("new_login", e))?;
    let ip = RequestMeta::current().await.limit_key;
    crate::auth::service::request_login_change(&state, user_id, &account_password, &login, &ip).await?;
    crate::form_replay::next_page("/settings?done=login-code#login-title");
    Ok(())
}

/// Step two: the code from the new login; other sessions end.
#[server(prefix = "/api", endpoint = "profile/confirm_login")]
pub async fn confirm_login_change(code: String) -> Result<String, AppError> {
    use crate::auth::session::CustomerSession;
    use crate::domain::ConfirmationCode;
    use crate::state::AppState;

    let state = AppState::current()?;
    let mut session = CustomerSession::current().await?;
    let user_id = session.require_user().await?;
    let code = ConfirmationCode::parse(&code).map_err(|e| AppError::validation("code", e))?;
    let login = crate::auth::service::confirm_login_change(&state, user_id, &code, &session.id()).await?;
    crate::form_replay::next_page("/settings?done=login#login-title");
    Ok(login)
}

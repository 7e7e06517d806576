//! Server functions of registration and sign-in. Stable endpoints under `/api/auth/…`.
//! Each one parses its input with the shared rules, makes one service call, and maps the
//! result; the rules themselves live in `form`, `domain` and `service`.

use super::model::{PendingInfo, UserInfo};
use crate::error::AppError;
use leptos::prelude::*;

/// Starts a registration: checks the input again, queues the code and remembers the login
/// in the session for `/confirm`. An existing login gets the very same answer.
#[server(prefix = "/api", endpoint = "auth/register")]
pub async fn register(login: String, password: String, password_repeat: String) -> Result<(), AppError> {
    use super::form::RegistrationForm;
    use crate::auth::session::CustomerSession;
    use crate::server::request::RequestMeta;
    use crate::state::AppState;

    let state = AppState::current()?;
    let policy = state.settings.security.password_policy();
    let kinds = crate::public_config::PublicConfig::login_kinds(&state.settings);
    let form = RegistrationForm::parse(&policy, &kinds, &login, &password, &password_repeat)?;
    let session = CustomerSession::current().await?;
    let login = form.login.clone();
    let key = session.registration_key().await?;
    super::service::start_registration(&state, form, &key, &RequestMeta::current().await.limit_key).await?;
    session.set_pending_login(login.as_str()).await?;
    crate::form_replay::next_page("/confirm");
    Ok(())
}

/// The registration this browser is confirming, if any.
#[server(prefix = "/api", endpoint = "auth/pending")]
pub async fn pending_registration() -> Result<Option<PendingInfo>, AppError> {
    use crate::auth::session::CustomerSession;
    use crate::domain::Login;
    use crate::state::AppState;

    let state = AppState::current()?;
    let Some(raw) = CustomerSession::current().await?.pending_login().await? else { return Ok(None) };
    let Ok(login) = Login::parse(&raw) else { return Ok(None) };
    let resend_in = super::service::resend_wait(&state, &login).await?;
    let shown_login = match &login {
        Login::Phone(p) => p.masked(),
        Login::Email(e) => e.as_str().to_owned(),
    };
    let delivery = super::service::delivery(&state, &login).await?;
    Ok(Some(PendingInfo { shown_login, by_sms: login.is_phone(), resend_in, delivery }))
}

/// Checks the code; a right one creates the cabinet and signs the customer in.
#[server(prefix = "/api", endpoint = "auth/confirm")]
pub async fn confirm(code: String) -> Result<(), AppError> {
    use crate::auth::session::CustomerSession;
    use crate::domain::{ConfirmationCode, Login};
    use crate::state::AppState;

    let state = AppState::current()?;
    let code = ConfirmationCode::parse(&code).map_err(|e| AppError::validation("code", e))?;
    let mut session = CustomerSession::current().await?;
    let login = session
        .pending_login()
        .await?
        .and_then(|raw| Login::parse(&raw).ok())
        .ok_or_else(|| AppError::validation("code", "Сначала зарегистрируйтесь: код не запрашивался"))?;
    let key = session.registration_key().await?;
    let user_id = super::service::confirm_code(&state, &login, &key, &code).await?;
    session.log_in(user_id).await?;
    crate::form_replay::next_page("/welcome");
    Ok(())
}

/// Sends a new code, no sooner than a minute after the last one.
#[server(prefix = "/api", endpoint = "auth/resend")]
pub async fn resend_code() -> Result<i64, AppError> {
    use crate::auth::session::CustomerSession;
    use crate::domain::Login;
    use crate::server::request::RequestMeta;
    use crate::state::AppState;

    let state = AppState::current()?;
    let session = CustomerSession::current().await?;
    let login =
        session.pending_login().await?.and_then(|raw| Login::parse(&raw).ok()).ok_or(AppError::NotFound)?;
    let key = session.registration_key().await?;
    super::service::resend_code(&state, &login, &key, &RequestMeta::current().await.limit_key).await?;
    Ok(super::service::RESEND_AFTER_SECS)
}

#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(login: String, password: String) -> Result<(), AppError> {
    use crate::auth::{session::CustomerSession, users::Credentials};
    use crate::domain::Login;

    let login = Login::parse(&login).map_err(|e| AppError::validation("login", e))?;
    if password.is_empty() {
        return Err(AppError::validation("password", "Введите пароль"));
    }
    CustomerSession::current().await?.sign_in(Credentials { login, password }).await?;
    crate::form_replay::next_page("/cabinet");
    Ok(())
}

#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::auth::session::CustomerSession::current().await?.log_out().await
}

/// The signed-in customer, or `None`.
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<UserInfo>, AppError> {
    use crate::auth::session::CustomerSession;

    Ok(CustomerSession::current().await?.viewer().await?.map(UserInfo::from))
}

/// Step one of "forgot password": a code to the login (if it has a cabinet: the answer is the
/// same either way).
#[server(prefix = "/api", endpoint = "auth/reset_request")]
pub async fn reset_request(login: String) -> Result<(), AppError> {
    use crate::auth::session::CustomerSession;
    use crate::server::request::RequestMeta;
    use crate::state::AppState;

    let state = AppState::current()?;
    let kinds = crate::public_config::PublicConfig::login_kinds(&state.settings);
    let login = kinds.parse(&login).map_err(|e| AppError::validation("login", e))?;
    super::service::request_reset(&state, &login, &RequestMeta::current().await.limit_key).await?;
    CustomerSession::current().await?.set_pending_reset(login.as_str()).await?;
    crate::form_replay::next_page("/reset?step=code");
    Ok(())
}

/// Step two: the code and the new password; signs this browser in, every other one out.
#[server(prefix = "/api", endpoint = "auth/reset_complete")]
pub async fn reset_complete(code: String, password: String, password_repeat: String) -> Result<(), AppError> {
    use crate::auth::session::CustomerSession;
    use crate::domain::{ConfirmationCode, Login};
    use crate::state::AppState;

    let state = AppState::current()?;
    let code = ConfirmationCode::parse(&code).map_err(|e| AppError::validation("code", e))?;
    let password = super::form::parse_new_password(
        &state.settings.security.password_policy(),
        &password,
        &password_repeat,
    )?;
    let mut session = CustomerSession::current().await?;
    let login = session
        .pending_reset()
        .await?
        .and_then(|raw| Login::parse(&raw).ok())
        .ok_or_else(|| AppError::validation("code", "Сначала запросите код для смены пароля"))?;
    let user_id = super::service::complete_reset(&state, &login, &code, &password).await?;
    session.log_in(user_id).await?;
    crate::form_replay::next_page("/cabinet");
    Ok(())
}

/// Changes the password of the signed-in customer (the current one is required).
#[server(prefix = "/api", endpoint = "auth/change_password")]
pub async fn change_password(
    current_password: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    use crate::auth::session::CustomerSession;
    use crate::state::AppState;

    let state = AppState::current()?;
    let mut session = CustomerSession::current().await?;
    let user_id = session.require_user().await?;
    let password = super::form::parse_new_password(
        &state.settings.security.password_policy(),
        &password,
        &password_repeat,
    )?;
    super::service::change_password(&state, user_id, &current_password, &password, &session.id()).await?;
    // This browser stays signed in with the new password; the others end.
    session.renew(user_id).await?;
    crate::form_replay::next_page("/settings?done=password");
    Ok(())
}

/// Ends every session of the signed-in customer, on every device.
#[server(prefix = "/api", endpoint = "auth/logout_all")]
pub async fn logout_all() -> Result<(), AppError> {
    use crate::auth::session::CustomerSession;
    use crate::state::AppState;

    let state = AppState::current()?;
    let mut session = CustomerSession::current().await?;
    let user_id = session.require_user().await?;
    super::service::sign_out_everywhere(&state, user_id).await?;
    session.log_out().await?;
    crate::form_replay::next_page("/login");
    Ok(())
}

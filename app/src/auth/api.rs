//! Server functions of registration. Stable endpoints under `/api/auth/…`.

use crate::error::AppError;
use leptos::prelude::*;

/// Starts a registration. Parses the input with the same rules the page runs as the user
/// types; a request that skips the page (or tampers with it) meets them here again.
#[server(prefix = "/api", endpoint = "auth/register")]
pub async fn register(login: String, password: String, password_repeat: String) -> Result<(), AppError> {
    use super::form::RegistrationForm;
    use crate::state::AppState;

    let state = AppState::current()?;
    let policy = state.settings.security.password_policy();
    let _form = RegistrationForm::parse(&policy, &login, &password, &password_repeat)?;
    // Sending the confirmation code is the registration issue's work; until it lands the
    // portal says so plainly instead of pretending an account was created.
    Err(AppError::Unavailable(
        "Регистрация новых пользователей откроется в ближайшее время. Данные не сохранены.".into(),
    ))
}

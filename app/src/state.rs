//! What every server function and handler can reach: the database pool and the settings.

use crate::error::AppError;
use crate::settings::Settings;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: sqlx::AnyPool,
    pub settings: Arc<Settings>,
    pub clock: crate::server::clock::Clock,
    /// Where payments are made: the sandbox by default, YooKassa when configured.
    pub acquirer: Arc<dyn crate::payments::acquirer::Acquirer>,
    /// The portal's VAPID public key (base64url), which browsers subscribe with.
    pub vapid_public_key: Arc<str>,
}

impl AppState {
    /// The state inside a server function. Missing state is a wiring bug, not a user error,
    /// but it still answers with a message instead of a panic.
    /// The state if this code runs inside a server function or page render; `None` in plain
    /// axum handlers.
    pub fn current_quiet() -> Option<AppState> {
        use_context::<AppState>()
    }

    pub fn current() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server-function context");
            AppError::Internal
        })
    }
}

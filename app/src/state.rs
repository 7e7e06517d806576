//! What every server function and handler can reach: the database pool and the settings.

use crate::error::AppError;
use crate::settings::Settings;
use leptos::prelude::*;
use std::sync::Arc;

/// Cloned for every request and every server function, hence one shared pointer: a clone
/// of the parts themselves touched a dozen reference counts that both cores contend for.
#[derive(Clone)]
pub struct AppState(Arc<AppParts>);

pub struct AppParts {
    pub leptos_options: LeptosOptions,
    pub pool: sqlx::AnyPool,
    /// The reads every signed-in view makes (`server::reads`).
    pub reads: crate::server::reads::Reads,
    pub settings: Arc<Settings>,
    pub clock: crate::server::clock::Clock,
    /// Where payments are made: the sandbox by default, YooKassa when configured.
    pub acquirer: Arc<dyn crate::payments::acquirer::Acquirer>,
    /// The portal's VAPID public key (base64url), which browsers subscribe with.
    pub vapid_public_key: Arc<str>,
}

impl std::ops::Deref for AppState {
    type Target = AppParts;
    fn deref(&self) -> &AppParts {
        &self.0
    }
}

/// What leptos_axum's page handlers read from the router's state.
impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos_options.clone()
    }
}

impl AppState {
    pub fn new(parts: AppParts) -> AppState {
        AppState(Arc::new(parts))
    }

    /// The state if this code runs inside a server function or page render; `None` in plain
    /// axum handlers.
    pub fn current_quiet() -> Option<AppState> {
        use_context::<AppState>()
    }

    /// The state inside a server function. Missing state is a wiring bug, not a user error,
    /// but it still answers with a message instead of a panic.
    pub fn current() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server-function context");
            AppError::Internal
        })
    }
}

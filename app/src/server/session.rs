//! The typed session: who is signed in, and which registration is waiting for its code.
//! Stored in the database by the server's session store.

use crate::error::AppError;
use tower_sessions::Session;

const USER_ID: &str = "user_id";
const PENDING_LOGIN: &str = "pending_login";
const PENDING_RESET: &str = "pending_reset";
const SIGNED_IN_AT: &str = "signed_in_at";
const SEEN_AT: &str = "seen_at";

/// How often activity is written back, so the idle timeout counts from the last visit
/// (tower-sessions extends the expiry only when the session is saved) without a database
/// write on every request.
pub const ACTIVITY_GRANULARITY_SECS: i64 = 600;

/// However active, a sign-in lasts at most this long (the idle timeout is the cookie's).
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 30 * 24 * 3600;

fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// The session, and "now" by the portal's clock when the request began (tests move it).
pub struct CustomerSession(Session, i64);

impl CustomerSession {
    pub async fn current() -> Result<CustomerSession, AppError> {
        // Read the clock before the first await: the context is the request's.
        let now = crate::state::AppState::current_quiet().map(|s| s.clock.now()).unwrap_or_else(system_now);
        leptos_axum::extract::<Session>().await.map(|s| CustomerSession(s, now)).map_err(|e| {
            tracing::error!(error = %e, "session layer missing");
            AppError::Internal
        })
    }

    /// For plain axum handlers, which extract the `Session` themselves.
    pub fn from_session(session: Session, now: i64) -> CustomerSession {
        CustomerSession(session, now)
    }

    pub async fn user_id(&self) -> Result<Option<i64>, AppError> {
        let Some(user_id) = self.0.get::<i64>(USER_ID).await.map_err(internal)? else { return Ok(None) };
        let signed_in_at = self.0.get::<i64>(SIGNED_IN_AT).await.map_err(internal)?.unwrap_or_default();
        if self.1 - signed_in_at > ABSOLUTE_TIMEOUT_SECS {
            self.log_out().await?;
            return Ok(None);
        }
        let seen_at = self.0.get::<i64>(SEEN_AT).await.map_err(internal)?.unwrap_or(signed_in_at);
        if self.1 - seen_at >= ACTIVITY_GRANULARITY_SECS {
            self.0.insert(SEEN_AT, self.1).await.map_err(internal)?;
        }
        Ok(Some(user_id))
    }

    pub async fn require_user(&self) -> Result<i64, AppError> {
        self.user_id().await?.ok_or(AppError::Unauthorized)
    }

    /// Signs in with a fresh session id, so an id planted before sign-in is worthless.
    pub async fn log_in(&self, user_id: i64) -> Result<(), AppError> {
        self.0.cycle_id().await.map_err(internal)?;
        self.0.remove_value(PENDING_LOGIN).await.map_err(internal)?;
        self.0.remove_value(PENDING_RESET).await.map_err(internal)?;
        self.0.insert(SIGNED_IN_AT, self.1).await.map_err(internal)?;
        self.0.insert(USER_ID, user_id).await.map_err(internal)
    }

    /// Ends the session on the server, not only in the browser.
    pub async fn log_out(&self) -> Result<(), AppError> {
        self.0.flush().await.map_err(internal)
    }

    pub async fn pending_login(&self) -> Result<Option<String>, AppError> {
        self.0.get::<String>(PENDING_LOGIN).await.map_err(internal)
    }

    pub async fn set_pending_login(&self, login: &str) -> Result<(), AppError> {
        self.0.insert(PENDING_LOGIN, login).await.map_err(internal)
    }

    /// The login whose password is being reset in this browser.
    pub async fn pending_reset(&self) -> Result<Option<String>, AppError> {
        self.0.get::<String>(PENDING_RESET).await.map_err(internal)
    }

    pub async fn set_pending_reset(&self, login: &str) -> Result<(), AppError> {
        self.0.insert(PENDING_RESET, login).await.map_err(internal)
    }

    /// This session's id as stored (empty before the first save).
    pub fn id(&self) -> String {
        self.0.id().map(|id| id.to_string()).unwrap_or_default()
    }
}

fn internal(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store error");
    AppError::Internal
}

//! The typed session over axum-login: who is signed in, and which registration or password
//! reset is waiting for its code. Stored in the database by the server's session store.

use super::users::{Credentials, SessionUser, Users};
use crate::error::AppError;

/// What axum-login keeps in the session (the user id and the password fingerprint); the
/// session store reads the user id from it for "sign out on all devices".
pub const AUTH_DATA_KEY: &str = "auth";

pub type AuthSession = axum_login::AuthSession<Users>;

const PENDING_LOGIN: &str = "pending_login";
const PENDING_RESET: &str = "pending_reset";
/// This browser's key to its pending registration (`auth::service::start_registration`).
const REGISTRATION_KEY: &str = "registration_key";
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
pub struct CustomerSession(AuthSession, i64);

impl CustomerSession {
    pub async fn current() -> Result<CustomerSession, AppError> {
        // Read the clock before the first await: the context is the request's.
        let now = crate::state::AppState::current_quiet().map(|s| s.clock.now()).unwrap_or_else(system_now);
        leptos_axum::extract::<AuthSession>().await.map(|s| CustomerSession(s, now)).map_err(|e| {
            tracing::error!(error = %e, "auth layer missing");
            AppError::Internal
        })
    }

    /// For plain axum handlers, which extract the `AuthSession` themselves.
    pub fn from_auth_session(session: AuthSession, now: i64) -> CustomerSession {
        CustomerSession(session, now)
    }

    pub async fn user_id(&mut self) -> Result<Option<i64>, AppError> {
        Ok(self.viewer().await?.map(|user| user.id))
    }

    /// The signed-in user as loaded with the session (no query of its own), or `None` when
    /// nobody is signed in or the sign-in has outlived `ABSOLUTE_TIMEOUT_SECS`.
    pub async fn viewer(&mut self) -> Result<Option<SessionUser>, AppError> {
        let Some(user) = self.0.user.clone() else { return Ok(None) };
        let session = &self.0.session;
        let signed_in_at = session.get::<i64>(SIGNED_IN_AT).await.map_err(internal)?.unwrap_or_default();
        if self.1 - signed_in_at > ABSOLUTE_TIMEOUT_SECS {
            self.log_out().await?;
            return Ok(None);
        }
        let seen_at = session.get::<i64>(SEEN_AT).await.map_err(internal)?.unwrap_or(signed_in_at);
        if self.1 - seen_at >= ACTIVITY_GRANULARITY_SECS {
            session.insert(SEEN_AT, self.1).await.map_err(internal)?;
        }
        Ok(Some(user))
    }

    pub async fn require_user(&mut self) -> Result<i64, AppError> {
        self.user_id().await?.ok_or(AppError::Unauthorized)
    }

    /// Checks the login and password through the auth layer (`Users::authenticate`, whose
    /// errors are what the page shows) and signs this browser in, as `log_in` does.
    pub async fn sign_in(&mut self, credentials: Credentials) -> Result<i64, AppError> {
        let user =
            self.0.authenticate(credentials).await.map_err(auth_error)?.ok_or(AppError::Unauthorized)?;
        self.start(&user).await?;
        Ok(user.id)
    }

    /// Signs in a user whose identity was proven otherwise (a confirmation or reset code),
    /// with a fresh session id, so an id planted before the sign-in is worthless.
    pub async fn log_in(&mut self, user_id: i64) -> Result<(), AppError> {
        let user = self.load_user(user_id).await?;
        self.start(&user).await
    }

    /// Ties the session to `user` under a fresh id: the pending registration or reset of
    /// this browser ends, and the sign-in's age counts from now.
    async fn start(&mut self, user: &SessionUser) -> Result<(), AppError> {
        let session = &self.0.session;
        session.cycle_id().await.map_err(internal)?;
        session.remove_value(PENDING_LOGIN).await.map_err(internal)?;
        session.remove_value(PENDING_RESET).await.map_err(internal)?;
        session.remove_value(REGISTRATION_KEY).await.map_err(internal)?;
        session.insert(SIGNED_IN_AT, self.1).await.map_err(internal)?;
        self.0.login(user).await.map_err(auth_error)
    }

    /// After this session's own password change: its fingerprint is renewed (every other
    /// session, signed in with the old password, ends on its next request).
    pub async fn renew(&mut self, user_id: i64) -> Result<(), AppError> {
        let user = self.load_user(user_id).await?;
        self.0.login(&user).await.map_err(auth_error)
    }

    async fn load_user(&self, user_id: i64) -> Result<SessionUser, AppError> {
        use axum_login::AuthnBackend;
        self.0.backend.get_user(&user_id).await?.ok_or(AppError::Unauthorized)
    }

    /// Ends the session on the server, not only in the browser.
    pub async fn log_out(&mut self) -> Result<(), AppError> {
        self.0.logout().await.map(|_| ()).map_err(auth_error)
    }

    pub async fn pending_login(&self) -> Result<Option<String>, AppError> {
        self.0.session.get::<String>(PENDING_LOGIN).await.map_err(internal)
    }

    pub async fn set_pending_login(&self, login: &str) -> Result<(), AppError> {
        self.0.session.insert(PENDING_LOGIN, login).await.map_err(internal)
    }

    /// This browser's registration key, made (256 random bits) on first use.
    pub async fn registration_key(&self) -> Result<String, AppError> {
        let session = &self.0.session;
        if let Some(key) = session.get::<String>(REGISTRATION_KEY).await.map_err(internal)? {
            return Ok(key);
        }
        let key = crate::server::token::link_token();
        session.insert(REGISTRATION_KEY, &key).await.map_err(internal)?;
        Ok(key)
    }

    /// The key, if this browser has started a registration.
    pub async fn existing_registration_key(&self) -> Result<Option<String>, AppError> {
        self.0.session.get::<String>(REGISTRATION_KEY).await.map_err(internal)
    }

    /// The login whose password is being reset in this browser.
    pub async fn pending_reset(&self) -> Result<Option<String>, AppError> {
        self.0.session.get::<String>(PENDING_RESET).await.map_err(internal)
    }

    pub async fn set_pending_reset(&self, login: &str) -> Result<(), AppError> {
        self.0.session.insert(PENDING_RESET, login).await.map_err(internal)
    }

    /// This session's id as stored (empty before the first save).
    pub fn id(&self) -> String {
        self.0.session.id().map(|id| id.to_string()).unwrap_or_default()
    }
}

fn internal(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store error");
    AppError::Internal
}

/// The backend's own errors (a wrong password, a lock) pass through as they are.
fn auth_error(e: axum_login::Error<Users>) -> AppError {
    match e {
        axum_login::Error::Backend(e) => e,
        axum_login::Error::Session(e) => internal(e),
    }
}

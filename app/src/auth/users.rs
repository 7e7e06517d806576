//! The auth layer's view of users (axum-login): what a signed-in session is tied to, and a
//! fingerprint of the password hash, so that changing the password ends every session that
//! was signed in with the old one.

use crate::domain::Login;
use crate::error::AppError;
use crate::state::AppState;
use axum_login::{AuthUser, AuthnBackend, UserId};
use sha2::{Digest, Sha256};

tokio::task_local! {
    /// The session's user as the session store read it with the session, for `get_user` to
    /// take in the same request instead of asking the database again.
    static PRELOADED: std::cell::RefCell<Option<(i64, super::repo::SessionUserRow)>>;
}

/// Runs a request with room for the session's user (outside the session and auth layers).
pub async fn preloading(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    PRELOADED.scope(std::cell::RefCell::new(None), next.run(request)).await
}

/// Called by the session store with the user it read beside the session.
pub fn preload(user_id: i64, row: super::repo::SessionUserRow) {
    let _ = PRELOADED.try_with(|slot| *slot.borrow_mut() = Some((user_id, row)));
}

/// Taken once: a later `get_user` in the same request (after a password change) reads the
/// row afresh.
fn take_preloaded(user_id: i64) -> Option<super::repo::SessionUserRow> {
    PRELOADED
        .try_with(|slot| {
            let mut slot = slot.borrow_mut();
            match slot.take() {
                Some((id, row)) if id == user_id => Some(row),
                _ => None,
            }
        })
        .ok()
        .flatten()
}

/// The users table, as axum-login asks it who a session's user is.
#[derive(Clone)]
pub struct Users {
    state: AppState,
}

impl Users {
    pub fn new(state: AppState) -> Self {
        Users { state }
    }
}

/// What the sign-in form sends.
pub struct Credentials {
    pub login: Login,
    pub password: String,
}

/// A user as the session knows them: who they are for every page and guard of the request
/// (loaded once, with the session), and the fingerprint of their password hash (SHA-256 of
/// the argon2 string: the session row never holds the hash itself).
#[derive(Clone)]
pub struct SessionUser {
    pub id: i64,
    pub login: String,
    /// Operators work in the console, customers in the cabinet.
    pub is_operator: bool,
    /// Has signed the current version of the consent (`consent::VERSION`).
    pub consent_signed: bool,
    /// Notifications not seen yet, for the header (`notifications::service`).
    pub unread_notifications: i64,
    fingerprint: Vec<u8>,
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser").field("id", &self.id).finish_non_exhaustive()
    }
}

impl From<SessionUser> for super::model::UserInfo {
    fn from(user: SessionUser) -> Self {
        Self {
            login: user.login,
            consent_signed: user.consent_signed,
            is_operator: user.is_operator,
            unread_notifications: user.unread_notifications,
        }
    }
}

impl AuthUser for SessionUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        &self.fingerprint
    }
}

impl AuthnBackend for Users {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = AppError;

    /// The portal's one sign-in path: its rules (`auth::service::sign_in`: limits, equal
    /// timing), then the user as the session keeps them. The rules' errors pass through as
    /// they are, for the page to show: a wrong login or password is
    /// `AppError::Validation`, a lock `AppError::RateLimited`.
    async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, AppError> {
        let user_id = crate::auth::service::sign_in(&self.state, &creds.login, &creds.password).await?;
        self.get_user(&user_id).await
    }

    async fn get_user(&self, user_id: &UserId<Self>) -> Result<Option<SessionUser>, AppError> {
        // One statement with the consent: every signed-in request pays for it, so the guards
        // and the page's header need no query of their own.
        let row = match take_preloaded(*user_id) {
            Some(row) => Some(row),
            None => super::repo::session_user(&self.state.pool, *user_id, crate::consent::VERSION).await?,
        };
        Ok(row.map(|row| SessionUser {
            id: *user_id,
            login: row.login,
            is_operator: row.role == "operator",
            consent_signed: row.consents > 0,
            unread_notifications: row.unread,
            fingerprint: Sha256::digest(row.password_hash.as_bytes()).to_vec(),
        }))
    }
}

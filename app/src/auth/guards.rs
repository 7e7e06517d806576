//! Who may call a server function, checked before anything is read or changed: the one
//! place that answers 401 (nobody signed in) or 403 (signed in, but not allowed). Each
//! guard reads the user loaded with the session, so it costs no query.

use crate::auth::session::CustomerSession;
use crate::auth::users::SessionUser;
use crate::error::AppError;
use crate::state::AppState;

/// Anyone signed in, consent or not (the consent page, settings, support).
pub async fn require_signed_in() -> Result<SessionUser, AppError> {
    CustomerSession::current().await?.viewer().await?.ok_or(AppError::Unauthorized)
}

/// A signed-in customer who has signed the current consent: no personal data is processed
/// before that (152-ФЗ).
pub async fn require_consented() -> Result<(AppState, i64), AppError> {
    let state = AppState::current()?;
    let user = require_signed_in().await?;
    if !user.consent_signed {
        return Err(AppError::Forbidden);
    }
    Ok((state, user.id))
}

/// A signed-in operator; holding one means the role was checked for this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub user_id: i64,
}

impl Operator {
    /// How the audit log names this operator.
    pub fn actor(&self) -> crate::domain::audit::Actor {
        crate::domain::audit::Actor::Operator(self.user_id)
    }
}

pub async fn require_operator() -> Result<Operator, AppError> {
    let user = require_signed_in().await?;
    if user.is_operator { Ok(Operator { user_id: user.id }) } else { Err(AppError::Forbidden) }
}

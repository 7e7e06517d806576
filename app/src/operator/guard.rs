//! Who may use the console: a signed-in user with the `operator` role. Anyone else gets
//! 401 (not signed in) or 403 (a customer), before anything is read or changed.

use crate::error::AppError;
use crate::server::session::CustomerSession;
use crate::state::AppState;

/// A signed-in operator; holding one means the role was checked for this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub user_id: i64,
}

impl Operator {
    /// How the audit log names this operator.
    pub fn actor(&self) -> String {
        format!("operator:{}", self.user_id)
    }
}

pub async fn require_operator(state: &AppState) -> Result<Operator, AppError> {
    let user_id = CustomerSession::current().await?.require_user().await?;
    if is_operator(state, user_id).await? { Ok(Operator { user_id }) } else { Err(AppError::Forbidden) }
}

pub async fn is_operator(state: &AppState, user_id: i64) -> Result<bool, AppError> {
    let role: Option<(String,)> = sqlx::query_as("SELECT role FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&state.pool)
        .await?;
    Ok(matches!(role, Some((r,)) if r == "operator"))
}

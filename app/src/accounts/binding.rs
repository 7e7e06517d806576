//! The one way any domain reaches an account of a customer: through that customer's
//! binding. Readings, payments, the control question and the operator console all ask here,
//! so "somebody else's account" and "no such account" are the same `NotFound` everywhere.

use super::model::Access;
use crate::error::AppError;
use crate::state::AppState;

/// The customer's binding of an account.
pub struct Binding {
    pub id: i64,
    pub access: Access,
}

/// `NotFound` when there is none, whatever the reason: no such account, or somebody else's.
pub async fn binding_of(state: &AppState, user_id: i64, account_id: i64) -> Result<Binding, AppError> {
    super::repo::binding(&state.pool, user_id, account_id)
        .await?
        .map(|row| Binding { id: row.id, access: Access::from_db(&row.access) })
        .ok_or(AppError::NotFound)
}

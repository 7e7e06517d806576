//! The console's guard lives with the others (`auth::guards`).

pub use crate::auth::guards::Operator;

pub async fn require_operator(_state: &crate::state::AppState) -> Result<Operator, crate::error::AppError> {
    crate::auth::guards::require_operator().await
}

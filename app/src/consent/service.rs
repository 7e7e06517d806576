use super::repo;
use crate::error::AppError;
use crate::server::request::RequestMeta;
use crate::state::AppState;

pub async fn sign(state: &AppState, user_id: i64, meta: &RequestMeta) -> Result<(), AppError> {
    let consent = repo::NewConsent {
        user_id,
        version: super::VERSION,
        signed_at: state.clock.now(),
        ip: &meta.ip,
        user_agent: &meta.user_agent,
    };
    repo::insert_consent(&state.pool, &consent).await?;
    Ok(())
}

/// Deletes the customer and everything kept about them, in one transaction.
pub async fn withdraw(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let mut tx = state.pool.begin().await?;
    let login = repo::login_of(&mut tx, user_id).await?;
    crate::auth::sessions::end_all(&mut tx, user_id).await?;
    if let Some(login) = login {
        crate::server::outbox::delete_for(&mut tx, &login).await?;
    }
    // The abuse counters stay (wrong passwords, codes sent, control answers): deleting the
    // cabinet and registering again must not buy fresh tries. Each lapses with its window
    // (a day at most), which is as long as they keep the login.
    crate::server::audit::record_own(&mut tx, state.clock.now(), user_id, "consent.withdrawn", "").await?;
    // Consents and password resets go with the user (ON DELETE CASCADE).
    repo::delete_user(&mut tx, user_id).await?;
    tx.commit().await?;
    tracing::info!(user_id, "consent withdrawn, customer deleted");
    Ok(())
}

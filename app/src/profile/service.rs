use super::model::ProfileInfo;
use super::repo;
use crate::domain::profile::Profile;
use crate::error::AppError;
use crate::state::AppState;

pub async fn load(state: &AppState, user_id: i64) -> Result<ProfileInfo, AppError> {
    let row = repo::profile_of(&state.pool, user_id).await?.ok_or(AppError::Unauthorized)?;
    Ok(ProfileInfo {
        login: row.login,
        full_name: row.full_name.unwrap_or_default(),
        contact_phone: row.contact_phone.unwrap_or_default(),
        contact_email: row.contact_email.unwrap_or_default(),
    })
}

pub async fn save(state: &AppState, user_id: i64, profile: &Profile) -> Result<(), AppError> {
    repo::save_profile(
        &state.pool,
        user_id,
        profile.full_name.as_deref(),
        profile.contact_phone.as_ref().map(|p| p.as_str()),
        profile.contact_email.as_ref().map(|e| e.as_str()),
    )
    .await?;
    Ok(())
}

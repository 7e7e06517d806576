use super::api::ProfileInfo;
use crate::domain::profile::Profile;
use crate::error::AppError;
use crate::state::AppState;

pub async fn load(state: &AppState, user_id: i64) -> Result<ProfileInfo, AppError> {
    let (login, full_name, contact_phone, contact_email): (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as("SELECT login, full_name, contact_phone, contact_email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&state.pool)
        .await?
        .ok_or(AppError::Unauthorized)?;
    Ok(ProfileInfo {
        login,
        full_name: full_name.unwrap_or_default(),
        contact_phone: contact_phone.unwrap_or_default(),
        contact_email: contact_email.unwrap_or_default(),
    })
}

pub async fn save(state: &AppState, user_id: i64, profile: &Profile) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET full_name = $1, contact_phone = $2, contact_email = $3 WHERE id = $4")
        .bind(profile.full_name.as_deref())
        .bind(profile.contact_phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(profile.contact_email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(user_id)
        .execute(&state.pool)
        .await?;
    Ok(())
}

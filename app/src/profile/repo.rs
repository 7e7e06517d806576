//! Every statement of the profile: the customer's own columns of `users`.

use sqlx::AnyPool;

/// The login and the contacts a customer keeps in the profile.
#[derive(Debug, sqlx::FromRow)]
pub struct ProfileRow {
    pub login: String,
    pub full_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
}

pub async fn profile_of(pool: &AnyPool, user_id: i64) -> Result<Option<ProfileRow>, sqlx::Error> {
    sqlx::query_as("SELECT login, full_name, contact_phone, contact_email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
}

pub async fn save_profile(
    pool: &AnyPool,
    user_id: i64,
    full_name: Option<&str>,
    contact_phone: Option<&str>,
    contact_email: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET full_name = $1, contact_phone = $2, contact_email = $3 WHERE id = $4")
        .bind(full_name)
        .bind(contact_phone)
        .bind(contact_email)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

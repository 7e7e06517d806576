//! Every SQL statement of the consent: the signatures, and the user deleted on withdrawal.
//! Functions that take a connection run inside the caller's transaction. Sessions, the
//! outbox and the audit log have their own owners.

use sqlx::{AnyConnection, AnyPool};

/// A signature of one version of the consent, with where it came from.
pub struct NewConsent<'a> {
    pub user_id: i64,
    pub version: &'a str,
    pub signed_at: i64,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

/// Records the signature; signing the same version again changes nothing.
pub async fn insert_consent(pool: &AnyPool, c: &NewConsent<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO consents (user_id, version, signed_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (user_id, version) DO NOTHING",
    )
    .bind(c.user_id)
    .bind(c.version)
    .bind(c.signed_at)
    .bind(c.ip)
    .bind(c.user_agent)
    .execute(pool)
    .await?;
    Ok(())
}

/// The user's login, if the user still exists.
pub async fn login_of(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT login FROM users WHERE id = $1").bind(user_id).fetch_optional(conn).await
}

/// Deletes the user; their consents and password resets go with them (ON DELETE CASCADE).
pub async fn delete_user(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

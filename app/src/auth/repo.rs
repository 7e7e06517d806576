//! Every SQL statement of registration, sign-in, password reset and login change, with a
//! named row for each shape. Functions that take a connection run inside the caller's
//! transaction. Sessions, the outbox, rate limits and the audit log have their own owners
//! (`auth::sessions`, `server::outbox`, `server::rate_limit`, `server::audit`).

use sqlx::{AnyConnection, AnyPool, FromRow};
use std::sync::LazyLock;

// ---- registrations ----

/// The id of this browser's pending registration of `login` (`browser_key_hash`: the
/// SHA-256 of the browser's registration key).
pub async fn registration_id(
    pool: &AnyPool,
    login: &str,
    browser_key_hash: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM registrations WHERE login = $1 AND browser_key_hash = $2")
        .bind(login)
        .bind(browser_key_hash)
        .fetch_optional(pool)
        .await
}

/// Ends every registration this browser started, whatever its login.
pub async fn delete_registrations_of_browser(
    conn: &mut AnyConnection,
    browser_key_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM registrations WHERE browser_key_hash = $1")
        .bind(browser_key_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// A registration to insert; `sent_at` is also its creation time.
pub struct NewRegistration<'a> {
    pub login: &'a str,
    pub browser_key_hash: &'a str,
    pub password_hash: &'a str,
    pub code_hash: &'a str,
    pub link_token_hash: &'a str,
    pub expires_at: i64,
    pub sent_at: i64,
}

pub async fn insert_registration(conn: &mut AnyConnection, r: &NewRegistration<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO registrations (login, browser_key_hash, password_hash, code_hash, link_token_hash, expires_at, \
         sent_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(r.login)
    .bind(r.browser_key_hash)
    .bind(r.password_hash)
    .bind(r.code_hash)
    .bind(r.link_token_hash)
    .bind(r.expires_at)
    .bind(r.sent_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A new code (and link) for a registration; its wrong attempts start again.
pub async fn renew_registration_code(
    conn: &mut AnyConnection,
    registration_id: i64,
    code_hash: &str,
    link_token_hash: &str,
    expires_at: i64,
    sent_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE registrations SET code_hash = $1, link_token_hash = $2, expires_at = $3, sent_at = $4, \
         wrong_attempts = 0 WHERE id = $5",
    )
    .bind(code_hash)
    .bind(link_token_hash)
    .bind(expires_at)
    .bind(sent_at)
    .bind(registration_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A pending registration as the code check needs it.
#[derive(FromRow)]
pub struct RegistrationCodeRow {
    pub id: i64,
    pub password_hash: String,
    pub code_hash: String,
    pub expires_at: i64,
}

pub async fn registration_code(
    pool: &AnyPool,
    login: &str,
    browser_key_hash: &str,
) -> sqlx::Result<Option<RegistrationCodeRow>> {
    sqlx::query_as(
        "SELECT id, password_hash, code_hash, expires_at FROM registrations WHERE login = $1 AND browser_key_hash = $2",
    )
    .bind(login)
    .bind(browser_key_hash)
    .fetch_optional(pool)
    .await
}

/// A pending registration found by its e-mail link.
#[derive(FromRow)]
pub struct RegistrationLinkRow {
    pub id: i64,
    pub login: String,
    pub browser_key_hash: String,
    pub password_hash: String,
    pub expires_at: i64,
    pub wrong_attempts: i64,
}

pub async fn registration_by_link(
    pool: &AnyPool,
    link_token_hash: &str,
) -> sqlx::Result<Option<RegistrationLinkRow>> {
    sqlx::query_as(
        "SELECT id, login, browser_key_hash, password_hash, expires_at, wrong_attempts FROM registrations \
         WHERE link_token_hash = $1",
    )
    .bind(link_token_hash)
    .fetch_optional(pool)
    .await
}

/// Deletes one registration; the number of rows deleted (0: it was already used).
pub async fn delete_registration(conn: &mut AnyConnection, registration_id: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM registrations WHERE id = $1")
        .bind(registration_id)
        .execute(conn)
        .await?
        .rows_affected())
}

/// Ends every registration of `login`, from every browser.
pub async fn delete_registrations_of_login(conn: &mut AnyConnection, login: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM registrations WHERE login = $1").bind(login).execute(conn).await?;
    Ok(())
}

// ---- one-time codes (registrations, password_resets, login_changes) ----

/// The tables holding one-time codes, each with `id` and `wrong_attempts`.
#[derive(Clone, Copy, Debug)]
pub enum CodeTable {
    Registrations,
    PasswordResets,
    LoginChanges,
}

impl CodeTable {
    fn name(self) -> &'static str {
        match self {
            CodeTable::Registrations => "registrations",
            CodeTable::PasswordResets => "password_resets",
            CodeTable::LoginChanges => "login_changes",
        }
    }
}

/// Takes one try at the code of row `id` if fewer than `max` were taken: the tries used
/// then, or `None` when none is left.
pub async fn take_code_attempt(
    pool: &AnyPool,
    table: CodeTable,
    id: i64,
    max: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(&format!(
        "UPDATE {} SET wrong_attempts = wrong_attempts + 1 WHERE id = $1 AND wrong_attempts < $2 \
         RETURNING wrong_attempts",
        table.name()
    ))
    .bind(id)
    .bind(max)
    .fetch_optional(pool)
    .await
}

// ---- users ----

/// The id of the user (customer or operator) with this login.
pub async fn user_id_by_login(pool: &AnyPool, login: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM users WHERE login = $1").bind(login).fetch_optional(pool).await
}

/// `user_id_by_login` inside the caller's transaction.
pub async fn user_id_by_login_in(conn: &mut AnyConnection, login: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM users WHERE login = $1").bind(login).fetch_optional(conn).await
}

/// The id of the customer with this login (operators are not found).
pub async fn customer_id_by_login(pool: &AnyPool, login: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM users WHERE login = $1 AND role = 'customer'")
        .bind(login)
        .fetch_optional(pool)
        .await
}

/// What sign-in compares the password with.
#[derive(FromRow)]
pub struct SignInRow {
    pub id: i64,
    pub password_hash: String,
}

pub async fn sign_in_user(pool: &AnyPool, login: &str) -> sqlx::Result<Option<SignInRow>> {
    sqlx::query_as("SELECT id, password_hash FROM users WHERE login = $1")
        .bind(login)
        .fetch_optional(pool)
        .await
}

/// A signed-in user's login, password hash and role, for checking the current password.
#[derive(FromRow)]
pub struct CredentialsRow {
    pub login: String,
    pub password_hash: String,
    pub role: String,
}

pub async fn credentials_of(pool: &AnyPool, user_id: i64) -> sqlx::Result<CredentialsRow> {
    sqlx::query_as("SELECT login, password_hash, role FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(pool)
        .await
}

/// The users row behind a session, with its signatures of the current consent.
#[derive(FromRow)]
pub struct SessionUserRow {
    pub login: String,
    pub role: String,
    pub password_hash: String,
    pub consents: i64,
    /// Notifications not seen yet (the header's count).
    pub unread: i64,
}

/// The signed-in user's columns every signed-in request needs, on `users u`: who they are,
/// their signatures of the current consent (its version bound as the parameter `version`)
/// and their unread notifications. The session statement (`auth::sessions::load`) and its
/// fallback below read the same columns.
pub(crate) fn session_user_columns(version: &str) -> String {
    format!(
        "u.login, u.role, u.password_hash, \
         (SELECT COUNT(*) FROM consents c WHERE c.user_id = u.id AND c.version = {version}) AS consents, \
         {} AS unread",
        crate::notifications::UNREAD_OF_USER
    )
}

static SESSION_USER: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {} FROM users u WHERE u.id = $1", session_user_columns("$2")));

/// The user a session is tied to, with the number of their signatures of
/// `consent_version`, in one statement.
pub async fn session_user(
    pool: &AnyPool,
    user_id: i64,
    consent_version: &str,
) -> sqlx::Result<Option<SessionUserRow>> {
    sqlx::query_as(&SESSION_USER).bind(user_id).bind(consent_version).fetch_optional(pool).await
}

/// Takes the user's row lock (PostgreSQL) or the write lock (SQLite) in the caller's
/// transaction: a customer's changes that count their own rows (bindings, push
/// subscriptions) then run one at a time, so a cap cannot be overtaken by parallel requests.
pub async fn lock_user(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<()> {
    let sql = if conn.backend_name() == "PostgreSQL" {
        // The lock an UPDATE of the row would take, without writing a new version of the
        // row on every binding and subscription (a dead tuple each for vacuum to reclaim).
        "SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE"
    } else {
        // SQLite has no row locks: a write takes its one write lock until the commit.
        "UPDATE users SET created_at = created_at WHERE id = $1"
    };
    sqlx::query(sql).bind(user_id).execute(conn).await?;
    Ok(())
}

/// The user's login, inside the caller's transaction.
pub async fn login_of(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT login FROM users WHERE id = $1").bind(user_id).fetch_one(conn).await
}

/// Creates a customer (the default role); the new user's id.
pub async fn insert_user(
    conn: &mut AnyConnection,
    login: &str,
    password_hash: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO users (login, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(login)
    .bind(password_hash)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    user_id: i64,
    password_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_login(conn: &mut AnyConnection, user_id: i64, login: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET login = $1 WHERE id = $2").bind(login).bind(user_id).execute(conn).await?;
    Ok(())
}

// ---- password_resets ----

/// Ends the customer's earlier reset, if any.
pub async fn delete_resets_of(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM password_resets WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

pub async fn insert_reset(
    conn: &mut AnyConnection,
    user_id: i64,
    code_hash: &str,
    expires_at: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO password_resets (user_id, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(expires_at)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A customer's pending password reset.
#[derive(FromRow)]
pub struct ResetRow {
    pub id: i64,
    pub user_id: i64,
    pub code_hash: String,
    pub expires_at: i64,
}

/// The pending reset of the customer with this login (operators have none).
pub async fn reset_of_customer(pool: &AnyPool, login: &str) -> sqlx::Result<Option<ResetRow>> {
    sqlx::query_as(
        "SELECT r.id AS id, r.user_id AS user_id, r.code_hash AS code_hash, r.expires_at AS expires_at \
         FROM password_resets r JOIN users u ON u.id = r.user_id \
         WHERE u.login = $1 AND u.role = 'customer'",
    )
    .bind(login)
    .fetch_optional(pool)
    .await
}

/// Deletes one reset; the number of rows deleted (0: it was already used).
pub async fn delete_reset(conn: &mut AnyConnection, reset_id: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM password_resets WHERE id = $1")
        .bind(reset_id)
        .execute(conn)
        .await?
        .rows_affected())
}

// ---- login_changes ----

/// Ends the customer's earlier login change, if any.
pub async fn delete_login_changes_of(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_changes WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

pub async fn insert_login_change(
    conn: &mut AnyConnection,
    user_id: i64,
    new_login: &str,
    code_hash: &str,
    expires_at: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO login_changes (user_id, new_login, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(new_login)
    .bind(code_hash)
    .bind(expires_at)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A customer's pending login change.
#[derive(FromRow)]
pub struct LoginChangeRow {
    pub id: i64,
    pub new_login: String,
    pub code_hash: String,
    pub expires_at: i64,
}

pub async fn login_change_of(pool: &AnyPool, user_id: i64) -> sqlx::Result<Option<LoginChangeRow>> {
    sqlx::query_as("SELECT id, new_login, code_hash, expires_at FROM login_changes WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
}

pub async fn delete_login_change(conn: &mut AnyConnection, login_change_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_changes WHERE id = $1").bind(login_change_id).execute(conn).await?;
    Ok(())
}

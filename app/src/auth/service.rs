//! Registration and sign-in rules that need the database. Every multi-step change is one
//! transaction; every answer that could reveal whether a login exists looks the same.

use super::form::RegistrationForm;
use super::messages;
use crate::domain::{ConfirmationCode, Login};
use crate::error::AppError;
use crate::secret_hash;
use crate::server::outbox::{self, Message};
use crate::server::rate_limit::{
    self, CODES_PER_LOGIN, LOGIN_CHANGE_CODES, RESET_CODES_PER_LOGIN, WRONG_PASSWORDS,
};
use crate::server::token;
use crate::state::AppState;

/// A code is valid this long.
pub const CODE_TTL_SECS: i64 = 600;
/// A new code no sooner than this after the last one.
pub const RESEND_AFTER_SECS: i64 = 60;

const WRONG_LOGIN_OR_PASSWORD: &str = "Неверный логин или пароль";

/// Verified when the login is unknown, so a wrong login costs the same time as a wrong
/// password.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| secret_hash::hash("no-such-user"));

/// Seconds until a new registration code may be sent to `login` (0: now).
pub async fn resend_wait(state: &AppState, login: &Login) -> Result<i64, AppError> {
    wait_after(state, CODES_PER_LOGIN, login).await
}

/// Seconds until the minute since the last code of this kind to `login` is over.
async fn wait_after(state: &AppState, limit: rate_limit::Limit, login: &Login) -> Result<i64, AppError> {
    let (last,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(at) FROM rate_events WHERE kind = $1 AND subject = $2")
            .bind(limit.kind)
            .bind(login.as_str())
            .fetch_one(&state.pool)
            .await?;
    Ok(last.map(|t| (t + RESEND_AFTER_SECS - state.clock.now()).max(0)).unwrap_or(0))
}

/// Starts (or restarts) a registration and queues the code. For a login that already has a
/// cabinet it queues a notice instead; the caller's answer is the same either way.
pub async fn start_registration(state: &AppState, form: RegistrationForm, ip: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let login = form.login;
    if resend_wait(state, &login).await? > 0 {
        // A double click or a reload: the code already sent is still good.
        return Ok(());
    }
    rate_limit::check(&state.pool, codes_per_ip(state), ip, now).await?;
    rate_limit::check(&state.pool, CODES_PER_LOGIN, login.as_str(), now).await?;

    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE login = $1")
        .bind(login.as_str())
        .fetch_optional(&state.pool)
        .await?;
    // Hash in both branches: the answer takes the same time whether the login exists.
    let password_hash = secret_hash::hash_blocking(form.password.expose().to_owned()).await;
    let code = token::six_digit_code();
    let code_hash = secret_hash::hash_blocking(code.clone()).await;
    let link = token::link_token();

    let mut tx = state.pool.begin().await?;
    if existing.is_some() {
        outbox::enqueue(&mut tx, &login, messages::already_registered(), now).await?;
    } else {
        sqlx::query("DELETE FROM registrations WHERE login = $1")
            .bind(login.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO registrations (login, password_hash, code_hash, link_token_hash, expires_at, sent_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(login.as_str())
        .bind(&password_hash)
        .bind(&code_hash)
        .bind(token::sha256_hex(&link))
        .bind(now + CODE_TTL_SECS)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        outbox::enqueue(&mut tx, &login, confirmation_message(state, &login, &code, &link), now).await?;
    }
    tx.commit().await?;
    rate_limit::record(&state.pool, CODES_PER_LOGIN, login.as_str(), now).await?;
    rate_limit::record(&state.pool, codes_per_ip(state), ip, now).await?;
    Ok(())
}

fn codes_per_ip(state: &AppState) -> rate_limit::Limit {
    rate_limit::codes_per_ip(state.settings.security.codes_per_ip_per_hour)
}

fn confirmation_message(state: &AppState, login: &Login, code: &str, link: &str) -> Message {
    if login.is_phone() {
        messages::confirmation_sms(code)
    } else {
        let url =
            format!("{}/confirm/link?token={link}", state.settings.site.public_url.trim_end_matches('/'));
        messages::confirmation_email(code, &url)
    }
}

/// Sends a new code for the pending registration of `login`, at most once a minute.
pub async fn resend_code(state: &AppState, login: &Login, ip: &str) -> Result<(), AppError> {
    let wait = resend_wait(state, login).await?;
    if wait > 0 {
        return Err(AppError::RateLimited { until: state.clock.now() + wait });
    }
    let now = state.clock.now();
    rate_limit::check(&state.pool, codes_per_ip(state), ip, now).await?;
    rate_limit::check(&state.pool, CODES_PER_LOGIN, login.as_str(), now).await?;
    let pending: Option<(i64,)> = sqlx::query_as("SELECT id FROM registrations WHERE login = $1")
        .bind(login.as_str())
        .fetch_optional(&state.pool)
        .await?;
    let code = token::six_digit_code();
    let code_hash = secret_hash::hash_blocking(code.clone()).await;
    let link = token::link_token();
    let mut tx = state.pool.begin().await?;
    match pending {
        Some((id,)) => {
            sqlx::query(
                "UPDATE registrations SET code_hash = $1, link_token_hash = $2, expires_at = $3, sent_at = $4, \
                 wrong_attempts = 0 WHERE id = $5",
            )
            .bind(&code_hash)
            .bind(token::sha256_hex(&link))
            .bind(now + CODE_TTL_SECS)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            outbox::enqueue(&mut tx, login, confirmation_message(state, login, &code, &link), now).await?;
        }
        // The login already had a cabinet when the registration started.
        None => outbox::enqueue(&mut tx, login, messages::already_registered(), now).await?,
    }
    tx.commit().await?;
    rate_limit::record(&state.pool, CODES_PER_LOGIN, login.as_str(), now).await?;
    rate_limit::record(&state.pool, codes_per_ip(state), ip, now).await?;
    Ok(())
}

fn code_error(message: impl Into<String>) -> AppError {
    AppError::Validation { field: "code".into(), message: message.into() }
}

/// A stored one-time code: which table holds it, its row, and its state.
struct StoredCode {
    table: &'static str,
    id: i64,
    code_hash: String,
    expires_at: i64,
    wrong: i64,
}

/// The rules every one-time code follows: at most `max_attempts` wrong tries (then a new
/// code is needed), an expiry, and an argon2 comparison. A wrong try is counted.
async fn check_code(state: &AppState, stored: StoredCode, code: &ConfirmationCode) -> Result<(), AppError> {
    let max = state.settings.security.max_attempts as i64;
    if stored.wrong >= max {
        return Err(code_error("Слишком много неверных попыток. Запросите новый код"));
    }
    if stored.expires_at < state.clock.now() {
        return Err(code_error("Срок действия кода истёк. Запросите новый код"));
    }
    if secret_hash::verify_blocking(stored.code_hash, code.as_str().to_owned()).await {
        return Ok(());
    }
    let wrong = stored.wrong + 1;
    sqlx::query(&format!("UPDATE {} SET wrong_attempts = $1 WHERE id = $2", stored.table))
        .bind(wrong)
        .bind(stored.id)
        .execute(&state.pool)
        .await?;
    Err(code_error(if wrong >= max {
        "Неверный код. Попытки закончились: запросите новый код".to_owned()
    } else {
        format!("Неверный код. Осталось попыток: {}", max - wrong)
    }))
}

/// Checks the code; a right one creates the customer (and ends the registration) in one
/// transaction and returns the new user's id.
pub async fn confirm_code(state: &AppState, login: &Login, code: &ConfirmationCode) -> Result<i64, AppError> {
    let now = state.clock.now();
    let row: Option<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, password_hash, code_hash, expires_at, wrong_attempts FROM registrations WHERE login = $1",
    )
    .bind(login.as_str())
    .fetch_optional(&state.pool)
    .await?;
    let Some((id, password_hash, code_hash, expires_at, wrong)) = row else {
        // No registration (or the login already had a cabinet): spend the same time.
        let _ = secret_hash::verify_blocking(DUMMY_HASH.clone(), code.as_str().into()).await;
        return Err(code_error("Неверный код"));
    };
    check_code(state, StoredCode { table: "registrations", id, code_hash, expires_at, wrong }, code).await?;
    create_user(state, id, login.as_str(), &password_hash, now).await
}

/// The e-mail's one-click link: the same as typing the code.
pub async fn confirm_link(state: &AppState, token_value: &str) -> Result<i64, AppError> {
    let now = state.clock.now();
    let row: Option<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, login, password_hash, expires_at, wrong_attempts FROM registrations WHERE link_token_hash = $1",
    )
    .bind(token::sha256_hex(token_value))
    .fetch_optional(&state.pool)
    .await?;
    match row {
        Some((id, login, password_hash, expires_at, wrong))
            if expires_at >= now && wrong < state.settings.security.max_attempts as i64 =>
        {
            create_user(state, id, &login, &password_hash, now).await
        }
        _ => Err(AppError::NotFound),
    }
}

async fn create_user(
    state: &AppState,
    registration_id: i64,
    login: &str,
    password_hash: &str,
    now: i64,
) -> Result<i64, AppError> {
    let mut tx = state.pool.begin().await?;
    // Deleting first makes a code (or link) single-use even when two requests race.
    let deleted = sqlx::query("DELETE FROM registrations WHERE id = $1")
        .bind(registration_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if deleted == 0 {
        return Err(code_error("Код уже использован"));
    }
    let (user_id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (login, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(login)
    .bind(password_hash)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(user_id, "customer registered");
    Ok(user_id)
}

/// Checks login and password. Unknown logins and wrong passwords answer alike; five wrong
/// passwords lock the login for 15 minutes, with the end time in the answer.
pub async fn sign_in(state: &AppState, login: &Login, password: &str) -> Result<i64, AppError> {
    let now = state.clock.now();
    rate_limit::check(&state.pool, WRONG_PASSWORDS, login.as_str(), now).await?;
    let user: Option<(i64, String)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE login = $1")
        .bind(login.as_str())
        .fetch_optional(&state.pool)
        .await?;
    let (id, hash) = match user {
        Some((id, hash)) => (Some(id), hash),
        None => (None, DUMMY_HASH.clone()),
    };
    let ok = secret_hash::verify_blocking(hash, password.to_owned()).await;
    match (id, ok) {
        (Some(id), true) => {
            rate_limit::clear(&state.pool, WRONG_PASSWORDS, login.as_str()).await?;
            Ok(id)
        }
        _ => {
            rate_limit::record(&state.pool, WRONG_PASSWORDS, login.as_str(), now).await?;
            Err(AppError::validation("password", WRONG_LOGIN_OR_PASSWORD))
        }
    }
}

pub struct Profile {
    pub login: String,
    pub consent_signed: bool,
    pub is_operator: bool,
}

pub async fn profile(state: &AppState, user_id: i64) -> Result<Option<Profile>, AppError> {
    let row: Option<(String, String)> = sqlx::query_as("SELECT login, role FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&state.pool)
        .await?;
    let Some((login, role)) = row else { return Ok(None) };
    let consent_signed = crate::consent::service::has_current(state, user_id).await?;
    Ok(Some(Profile { login, consent_signed, is_operator: role == "operator" }))
}

/// The fate of the newest message queued for `login`.
pub async fn delivery(state: &AppState, login: &Login) -> Result<super::api::Delivery, AppError> {
    use super::api::Delivery;
    let row: Option<(Option<i64>, Option<String>, i64)> = sqlx::query_as(
        "SELECT sent_at, last_error, attempts FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(login.as_str())
    .fetch_optional(&state.pool)
    .await?;
    Ok(match row {
        Some((Some(_), _, _)) => Delivery::Sent,
        Some((None, Some(reason), attempts)) => Delivery::Failed { reason, retrying: attempts < 10 },
        _ => Delivery::Queued,
    })
}

/// Starts a password reset: a code to the login if it has a cabinet; the same answer and
/// about the same time if it has none.
pub async fn request_reset(state: &AppState, login: &Login, ip: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    if wait_after(state, RESET_CODES_PER_LOGIN, login).await? > 0 {
        return Ok(());
    }
    rate_limit::check(&state.pool, codes_per_ip(state), ip, now).await?;
    rate_limit::check(&state.pool, RESET_CODES_PER_LOGIN, login.as_str(), now).await?;
    // Operators' passwords follow a stricter policy and change only on the command line
    // (`moygaz operator create`): for the web reset an operator's login is like an unknown one.
    let user: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE login = $1 AND role = 'customer'")
        .bind(login.as_str())
        .fetch_optional(&state.pool)
        .await?;
    let code = token::six_digit_code();
    let code_hash = secret_hash::hash_blocking(code.clone()).await;
    if let Some((user_id,)) = user {
        let mut tx = state.pool.begin().await?;
        sqlx::query("DELETE FROM password_resets WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO password_resets (user_id, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(&code_hash)
        .bind(now + CODE_TTL_SECS)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        outbox::enqueue(&mut tx, login, messages::reset_code(&code, login.is_phone()), now).await?;
        tx.commit().await?;
    }
    rate_limit::record(&state.pool, RESET_CODES_PER_LOGIN, login.as_str(), now).await?;
    rate_limit::record(&state.pool, codes_per_ip(state), ip, now).await?;
    Ok(())
}

/// Sets a new password with the reset code, signs out every other session of the customer,
/// and returns the user id (the caller signs this browser in).
pub async fn complete_reset(
    state: &AppState,
    login: &Login,
    code: &ConfirmationCode,
    password: &crate::domain::Password,
) -> Result<i64, AppError> {
    let row: Option<(i64, i64, String, i64, i64)> = sqlx::query_as(
        "SELECT r.id, r.user_id, r.code_hash, r.expires_at, r.wrong_attempts \
         FROM password_resets r JOIN users u ON u.id = r.user_id \
         WHERE u.login = $1 AND u.role = 'customer'",
    )
    .bind(login.as_str())
    .fetch_optional(&state.pool)
    .await?;
    let Some((id, user_id, code_hash, expires_at, wrong)) = row else {
        let _ = secret_hash::verify_blocking(DUMMY_HASH.clone(), code.as_str().into()).await;
        return Err(code_error("Неверный код"));
    };
    check_code(state, StoredCode { table: "password_resets", id, code_hash, expires_at, wrong }, code)
        .await?;
    let new_hash = secret_hash::hash_blocking(password.expose().to_owned()).await;
    let mut tx = state.pool.begin().await?;
    let deleted = sqlx::query("DELETE FROM password_resets WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if deleted == 0 {
        return Err(code_error("Код уже использован"));
    }
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(&new_hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    tx.commit().await?;
    rate_limit::clear(&state.pool, WRONG_PASSWORDS, login.as_str()).await?;
    Ok(user_id)
}

/// Changes the password after checking the current one; other sessions are signed out.
pub async fn change_password(
    state: &AppState,
    user_id: i64,
    current: &str,
    new: &crate::domain::Password,
    keep_session: &str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let (login, hash, role): (String, String, String) =
        sqlx::query_as("SELECT login, password_hash, role FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&state.pool)
            .await?;
    // The customer policy is weaker than the operators' one (`moygaz operator create`).
    if role != "customer" {
        return Err(AppError::Forbidden);
    }
    rate_limit::check(&state.pool, WRONG_PASSWORDS, &login, now).await?;
    if !secret_hash::verify_blocking(hash, current.to_owned()).await {
        rate_limit::record(&state.pool, WRONG_PASSWORDS, &login, now).await?;
        return Err(AppError::validation("current_password", "Текущий пароль указан неверно"));
    }
    let new_hash = secret_hash::hash_blocking(new.expose().to_owned()).await;
    let mut tx = state.pool.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(&new_hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep_session)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// "Sign out on all devices": every session of the customer ends, this one included.
pub async fn sign_out_everywhere(state: &AppState, user_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&state.pool).await?;
    Ok(())
}

/// Step one of changing the login: a code to the new login. A login that belongs to
/// someone else gets a notice instead, and the answer here is the same.
pub async fn request_login_change(
    state: &AppState,
    user_id: i64,
    new_login: &Login,
    ip: &str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let (current,): (String,) =
        sqlx::query_as("SELECT login FROM users WHERE id = $1").bind(user_id).fetch_one(&state.pool).await?;
    if current == new_login.as_str() {
        return Err(AppError::validation("new_login", "Это ваш текущий логин"));
    }
    let wait = wait_after(state, LOGIN_CHANGE_CODES, new_login).await?;
    if wait > 0 {
        return Err(AppError::RateLimited { until: now + wait });
    }
    rate_limit::check(&state.pool, codes_per_ip(state), ip, now).await?;
    rate_limit::check(&state.pool, LOGIN_CHANGE_CODES, new_login.as_str(), now).await?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE login = $1")
        .bind(new_login.as_str())
        .fetch_optional(&state.pool)
        .await?;
    let code = token::six_digit_code();
    let code_hash = secret_hash::hash_blocking(code.clone()).await;
    let mut tx = state.pool.begin().await?;
    if taken.is_some() {
        outbox::enqueue(&mut tx, new_login, messages::already_registered(), now).await?;
    } else {
        sqlx::query("DELETE FROM login_changes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO login_changes (user_id, new_login, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user_id)
        .bind(new_login.as_str())
        .bind(&code_hash)
        .bind(now + CODE_TTL_SECS)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        outbox::enqueue(&mut tx, new_login, messages::login_change_code(&code), now).await?;
    }
    tx.commit().await?;
    rate_limit::record(&state.pool, LOGIN_CHANGE_CODES, new_login.as_str(), now).await?;
    rate_limit::record(&state.pool, codes_per_ip(state), ip, now).await?;
    Ok(())
}

/// Step two: the right code makes the new login the customer's; other sessions end.
/// Returns the new login.
pub async fn confirm_login_change(
    state: &AppState,
    user_id: i64,
    code: &ConfirmationCode,
    keep_session: &str,
) -> Result<String, AppError> {
    let row: Option<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, new_login, code_hash, expires_at, wrong_attempts FROM login_changes WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&state.pool)
    .await?;
    let Some((id, new_login, code_hash, expires_at, wrong)) = row else {
        let _ = secret_hash::verify_blocking(DUMMY_HASH.clone(), code.as_str().into()).await;
        return Err(code_error("Неверный код"));
    };
    check_code(state, StoredCode { table: "login_changes", id, code_hash, expires_at, wrong }, code).await?;
    let mut tx = state.pool.begin().await?;
    sqlx::query("DELETE FROM login_changes WHERE id = $1").bind(id).execute(&mut *tx).await?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE login = $1")
        .bind(&new_login)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(code_error("Этот логин уже занят"));
    }
    sqlx::query("UPDATE users SET login = $1 WHERE id = $2")
        .bind(&new_login)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep_session)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(new_login)
}

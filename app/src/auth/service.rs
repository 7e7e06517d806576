//! Registration and sign-in rules that need the database. Every multi-step change is one
//! transaction; every answer that could reveal whether a login exists looks the same.

use super::form::RegistrationForm;
use super::messages::{self, SecurityChange};
use super::repo::{self, CodeTable};
use crate::domain::{ConfirmationCode, Login};
use crate::error::AppError;
use crate::secret_hash;
use crate::server::audit;
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
    let last = rate_limit::last_use(&state.pool, limit, login.as_str()).await?;
    Ok(last.map(|t| (t + RESEND_AFTER_SECS - state.clock.now()).max(0)).unwrap_or(0))
}

/// Starts (or restarts) this browser's registration and queues the code. `browser_key` is
/// the random key the browser's session holds: the pending registration is its own, so a
/// registration of the same login from another browser can neither replace it nor be
/// confirmed by it. For a login that already has a cabinet it queues a notice instead; the
/// caller's answer is the same either way.
pub async fn start_registration(
    state: &AppState,
    form: RegistrationForm,
    browser_key: &str,
    ip: &str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let login = form.login;
    let key_hash = token::sha256_hex(browser_key);
    let own_pending = repo::registration_id(&state.pool, login.as_str(), &key_hash).await?;
    if own_pending.is_some() && resend_wait(state, &login).await? > 0 {
        // A double click or a reload: the code already sent is still good.
        return Ok(());
    }
    rate_limit::consume(&state.pool, codes_per_ip(state), ip, now).await?;
    rate_limit::consume(&state.pool, CODES_PER_LOGIN, login.as_str(), now).await?;

    let existing = repo::user_id_by_login(&state.pool, login.as_str()).await?;
    // Hash in both branches: the answer takes the same time whether the login exists.
    let password_hash = secret_hash::hash_blocking(form.password.expose().to_owned()).await;
    let code = token::six_digit_code();
    let code_hash = secret_hash::hash_blocking(code.clone()).await;
    let link = token::link_token();

    let mut tx = state.pool.begin().await?;
    if existing.is_some() {
        outbox::enqueue(&mut tx, &login, messages::already_registered(), now).await?;
    } else {
        // This browser starts over (perhaps with another login); other browsers' rows stay.
        repo::delete_registrations_of_browser(&mut tx, &key_hash).await?;
        let registration = repo::NewRegistration {
            login: login.as_str(),
            browser_key_hash: &key_hash,
            password_hash: &password_hash,
            code_hash: &code_hash,
            link_token_hash: &token::sha256_hex(&link),
            expires_at: now + CODE_TTL_SECS,
            sent_at: now,
        };
        repo::insert_registration(&mut tx, &registration).await?;
        outbox::enqueue(&mut tx, &login, confirmation_message(state, &login, &code, &link), now).await?;
    }
    tx.commit().await?;
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

/// Sends a new code for this browser's pending registration of `login`, at most once a
/// minute.
pub async fn resend_code(
    state: &AppState,
    login: &Login,
    browser_key: &str,
    ip: &str,
) -> Result<(), AppError> {
    let wait = resend_wait(state, login).await?;
    if wait > 0 {
        return Err(CODES_PER_LOGIN.refused_until(state.clock.now() + wait));
    }
    let now = state.clock.now();
    rate_limit::consume(&state.pool, codes_per_ip(state), ip, now).await?;
    rate_limit::consume(&state.pool, CODES_PER_LOGIN, login.as_str(), now).await?;
    let pending = repo::registration_id(&state.pool, login.as_str(), &token::sha256_hex(browser_key)).await?;
    let code = token::six_digit_code();
    let code_hash = secret_hash::hash_blocking(code.clone()).await;
    let link = token::link_token();
    let mut tx = state.pool.begin().await?;
    match pending {
        Some(id) => {
            repo::renew_registration_code(
                &mut tx,
                id,
                &code_hash,
                &token::sha256_hex(&link),
                now + CODE_TTL_SECS,
                now,
            )
            .await?;
            outbox::enqueue(&mut tx, login, confirmation_message(state, login, &code, &link), now).await?;
        }
        // The login already had a cabinet when the registration started.
        None => outbox::enqueue(&mut tx, login, messages::already_registered(), now).await?,
    }
    tx.commit().await?;
    Ok(())
}

fn code_error(message: impl Into<String>) -> AppError {
    AppError::Validation { field: "code".into(), message: message.into() }
}

/// A stored one-time code: which table holds it, its row, and its state.
struct StoredCode {
    table: CodeTable,
    id: i64,
    code_hash: String,
    expires_at: i64,
}

/// The rules every one-time code follows: at most `max_attempts` tries (then a new code is
/// needed), an expiry, and an argon2 comparison. The try is taken before the comparison, in
/// one conditional update, so parallel guesses are judged at most `max_attempts` times; a
/// right code ends its row, so only wrong tries ever stay counted.
async fn check_code(state: &AppState, stored: StoredCode, code: &ConfirmationCode) -> Result<(), AppError> {
    let max = state.settings.security.max_attempts as i64;
    if stored.expires_at < state.clock.now() {
        return Err(code_error("Срок действия кода истёк. Запросите новый код"));
    }
    let taken = repo::take_code_attempt(&state.pool, stored.table, stored.id, max).await?;
    let Some(used) = taken else {
        return Err(code_error("Слишком много неверных попыток. Запросите новый код"));
    };
    if secret_hash::verify_blocking(stored.code_hash, code.as_str().to_owned()).await {
        return Ok(());
    }
    Err(code_error(if used >= max {
        "Неверный код. Попытки закончились: запросите новый код".to_owned()
    } else {
        format!("Неверный код. Осталось попыток: {}", max - used)
    }))
}

/// Checks the code against this browser's pending registration of `login`; a right one
/// creates the customer (and ends the registration) in one transaction and returns the new
/// user's id.
pub async fn confirm_code(
    state: &AppState,
    login: &Login,
    browser_key: &str,
    code: &ConfirmationCode,
) -> Result<i64, AppError> {
    let now = state.clock.now();
    let row = repo::registration_code(&state.pool, login.as_str(), &token::sha256_hex(browser_key)).await?;
    let Some(repo::RegistrationCodeRow { id, password_hash, code_hash, expires_at }) = row else {
        // No registration (or the login already had a cabinet): spend the same time.
        let _ = secret_hash::verify_blocking(DUMMY_HASH.clone(), code.as_str().into()).await;
        return Err(code_error("Неверный код"));
    };
    check_code(state, StoredCode { table: CodeTable::Registrations, id, code_hash, expires_at }, code)
        .await?;
    create_user(state, id, login.as_str(), &password_hash, now).await
}

/// What the e-mail's one-click link found.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkOutcome {
    /// The registration of this browser: the cabinet exists, signed in as this user.
    Confirmed(i64),
    /// A live link opened in another browser than the one that registered: it confirms
    /// nothing there, or a stranger's registration of the reader's address would be
    /// confirmed by the reader's own click.
    OtherBrowser,
    /// Unknown, used or expired.
    Invalid,
}

/// The e-mail's one-click link: the same as typing the code, in the browser that registered.
pub async fn confirm_link(
    state: &AppState,
    token_value: &str,
    browser_key: Option<&str>,
) -> Result<LinkOutcome, AppError> {
    let now = state.clock.now();
    let row = repo::registration_by_link(&state.pool, &token::sha256_hex(token_value)).await?;
    match row {
        Some(row)
            if row.expires_at >= now && row.wrong_attempts < state.settings.security.max_attempts as i64 =>
        {
            if browser_key.map(token::sha256_hex).as_deref() != Some(row.browser_key_hash.as_str()) {
                return Ok(LinkOutcome::OtherBrowser);
            }
            create_user(state, row.id, &row.login, &row.password_hash, now).await.map(LinkOutcome::Confirmed)
        }
        _ => Ok(LinkOutcome::Invalid),
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
    let deleted = repo::delete_registration(&mut tx, registration_id).await?;
    if deleted == 0 {
        return Err(code_error("Код уже использован"));
    }
    // Other browsers' registrations of this login end with it: the login is taken.
    repo::delete_registrations_of_login(&mut tx, login).await?;
    let user_id = repo::insert_user(&mut tx, login, password_hash, now).await?;
    tx.commit().await?;
    tracing::info!(user_id, "customer registered");
    Ok(user_id)
}

/// Checks login and password. Unknown logins and wrong passwords answer alike; five wrong
/// passwords lock the login for 15 minutes, with the end time in the answer.
pub async fn sign_in(state: &AppState, login: &Login, password: &str) -> Result<i64, AppError> {
    let now = state.clock.now();
    // The try is taken before the hash is compared: parallel guesses cannot outrun the limit.
    let attempt = rate_limit::consume(&state.pool, WRONG_PASSWORDS, login.as_str(), now).await?;
    let user = repo::sign_in_user(&state.pool, login.as_str()).await?;
    let (id, hash) = match user {
        Some(repo::SignInRow { id, password_hash }) => (Some(id), password_hash),
        None => (None, DUMMY_HASH.clone()),
    };
    let ok = secret_hash::verify_blocking(hash, password.to_owned()).await;
    metrics::counter!("moygaz_sign_ins_total", "result" => if ok && id.is_some() { "success" } else { "failure" }).increment(1);
    match (id, ok) {
        (Some(id), true) => {
            rate_limit::clear(&state.pool, WRONG_PASSWORDS, login.as_str()).await?;
            audit_user(state, id, "auth.sign_in", "").await?;
            Ok(id)
        }
        (Some(id), false) => {
            audit_user(state, id, "auth.sign_in_failed", "").await?;
            if attempt.left == 0 {
                audit_user(state, id, "auth.locked", "").await?;
            }
            Err(AppError::validation("password", WRONG_LOGIN_OR_PASSWORD))
        }
        (None, _) => Err(AppError::validation("password", WRONG_LOGIN_OR_PASSWORD)),
    }
}

/// A security event of a customer's own cabinet, for the operator's account card.
async fn audit_user(state: &AppState, user_id: i64, action: &str, details: &str) -> Result<(), AppError> {
    let mut conn = state.pool.acquire().await?;
    audit::record_own(&mut *conn, state.clock.now(), user_id, action, details).await
}

/// Tells the login a cabinet had when it changed (inside the change's transaction), and
/// lists the change among the customer's notifications.
async fn notify_change(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    login: &str,
    change: SecurityChange,
    now: i64,
) -> Result<(), AppError> {
    // Operators' logins are names, not contacts: nothing to send to.
    let Ok(login) = Login::parse(login) else { return Ok(()) };
    let support = format!("{}/support", state.settings.site.public_url.trim_end_matches('/'));
    let when = crate::domain::time::format_datetime_msk(now);
    let message = messages::security_notice(change, &when, &support);
    let notice = crate::notifications::service::Notice {
        kind: crate::domain::notification::Kind::Security,
        // Each change is its own notification.
        key: format!("{}:{now}:{}", change.code(), crate::server::token::payment_id()),
        title: message.subject.trim_end_matches(" — Мой ГАЗ").to_owned(),
        body: capitalised(message.text.trim_start_matches("Мой ГАЗ: ")),
        link: "/settings".into(),
        provider_id: None,
    };
    crate::notifications::service::record(conn, user_id, &notice, now).await?;
    outbox::enqueue(conn, &login, message, now).await
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The fate of the newest message queued for `login`.
pub async fn delivery(state: &AppState, login: &Login) -> Result<super::model::Delivery, AppError> {
    use super::model::Delivery;
    Ok(match outbox::fate_of_latest(&state.pool, login.as_str()).await? {
        Some(outbox::Fate::Sent) => Delivery::Sent,
        Some(outbox::Fate::Failed { reason, retrying }) => Delivery::Failed { reason, retrying },
        Some(outbox::Fate::Queued) | None => Delivery::Queued,
    })
}

/// Starts a password reset: a code to the login if it has a cabinet; the same answer and
/// about the same time if it has none.
pub async fn request_reset(state: &AppState, login: &Login, ip: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    if wait_after(state, RESET_CODES_PER_LOGIN, login).await? > 0 {
        return Ok(());
    }
    rate_limit::consume(&state.pool, codes_per_ip(state), ip, now).await?;
    rate_limit::consume(&state.pool, RESET_CODES_PER_LOGIN, login.as_str(), now).await?;
    // Operators' passwords follow a stricter policy and change only on the command line
    // (`moygaz operator create`): for the web reset an operator's login is like an unknown one.
    let user = repo::customer_id_by_login(&state.pool, login.as_str()).await?;
    let code = token::six_digit_code();
    let code_hash = secret_hash::hash_blocking(code.clone()).await;
    if let Some(user_id) = user {
        let mut tx = state.pool.begin().await?;
        repo::delete_resets_of(&mut tx, user_id).await?;
        repo::insert_reset(&mut tx, user_id, &code_hash, now + CODE_TTL_SECS, now).await?;
        outbox::enqueue(&mut tx, login, messages::reset_code(&code, login.is_phone()), now).await?;
        tx.commit().await?;
    }
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
    let now = state.clock.now();
    let row = repo::reset_of_customer(&state.pool, login.as_str()).await?;
    let Some(repo::ResetRow { id, user_id, code_hash, expires_at }) = row else {
        let _ = secret_hash::verify_blocking(DUMMY_HASH.clone(), code.as_str().into()).await;
        return Err(code_error("Неверный код"));
    };
    check_code(state, StoredCode { table: CodeTable::PasswordResets, id, code_hash, expires_at }, code)
        .await?;
    let new_hash = secret_hash::hash_blocking(password.expose().to_owned()).await;
    let mut tx = state.pool.begin().await?;
    let deleted = repo::delete_reset(&mut tx, id).await?;
    if deleted == 0 {
        return Err(code_error("Код уже использован"));
    }
    repo::set_password_hash(&mut tx, user_id, &new_hash).await?;
    super::sessions::end_all(&mut tx, user_id).await?;
    audit::record_own(&mut tx, now, user_id, "auth.reset", "").await?;
    notify_change(state, &mut *tx, user_id, login.as_str(), SecurityChange::PasswordReset, now).await?;
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
    let login = verify_current_password(state, user_id, current, "current_password").await?;
    let new_hash = secret_hash::hash_blocking(new.expose().to_owned()).await;
    let mut tx = state.pool.begin().await?;
    repo::set_password_hash(&mut tx, user_id, &new_hash).await?;
    super::sessions::end_all_but(&mut tx, user_id, keep_session).await?;
    audit::record_own(&mut tx, now, user_id, "auth.password_changed", "").await?;
    notify_change(state, &mut *tx, user_id, &login, SecurityChange::PasswordChanged, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The customer's login once `current` is their password. Wrong passwords count towards
/// the sign-in lock (taken before the comparison). Operators are refused: their policy is
/// stricter than the customers' one and changes only on the command line.
async fn verify_current_password(
    state: &AppState,
    user_id: i64,
    current: &str,
    field: &str,
) -> Result<String, AppError> {
    let now = state.clock.now();
    let repo::CredentialsRow { login, password_hash: hash, role } =
        repo::credentials_of(&state.pool, user_id).await?;
    if role != "customer" {
        return Err(AppError::Forbidden);
    }
    if current.is_empty() {
        return Err(AppError::validation(field, "Введите текущий пароль"));
    }
    let attempt = rate_limit::consume(&state.pool, WRONG_PASSWORDS, &login, now).await?;
    if !secret_hash::verify_blocking(hash, current.to_owned()).await {
        if attempt.left == 0 {
            audit_user(state, user_id, "auth.locked", "").await?;
        }
        return Err(AppError::validation(field, "Текущий пароль указан неверно"));
    }
    rate_limit::refund(&state.pool, attempt).await?;
    Ok(login)
}

/// "Sign out on all devices": every session of the customer ends, this one included.
pub async fn sign_out_everywhere(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let mut tx = state.pool.begin().await?;
    super::sessions::end_all(&mut tx, user_id).await?;
    audit::record_own(&mut tx, state.clock.now(), user_id, "auth.sign_out_everywhere", "").await?;
    tx.commit().await?;
    Ok(())
}

/// Step one of changing the login: a code to the new login. A login that belongs to
/// someone else gets a notice instead, and the answer here is the same.
pub async fn request_login_change(
    state: &AppState,
    user_id: i64,
    current_password: &str,
    new_login: &Login,
    ip: &str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let current = verify_current_password(state, user_id, current_password, "account_password").await?;
    if current == new_login.as_str() {
        return Err(AppError::validation("new_login", "Это ваш текущий логин"));
    }
    let wait = wait_after(state, LOGIN_CHANGE_CODES, new_login).await?;
    if wait > 0 {
        return Err(LOGIN_CHANGE_CODES.refused_until(now + wait));
    }
    rate_limit::consume(&state.pool, codes_per_ip(state), ip, now).await?;
    rate_limit::consume(&state.pool, LOGIN_CHANGE_CODES, new_login.as_str(), now).await?;
    let taken = repo::user_id_by_login(&state.pool, new_login.as_str()).await?;
    let code = token::six_digit_code();
    let code_hash = secret_hash::hash_blocking(code.clone()).await;
    let mut tx = state.pool.begin().await?;
    if taken.is_some() {
        outbox::enqueue(&mut tx, new_login, messages::already_registered(), now).await?;
    } else {
        repo::delete_login_changes_of(&mut tx, user_id).await?;
        repo::insert_login_change(&mut tx, user_id, new_login.as_str(), &code_hash, now + CODE_TTL_SECS, now)
            .await?;
        outbox::enqueue(&mut tx, new_login, messages::login_change_code(&code), now).await?;
    }
    tx.commit().await?;
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
    let now = state.clock.now();
    let row = repo::login_change_of(&state.pool, user_id).await?;
    let Some(repo::LoginChangeRow { id, new_login, code_hash, expires_at }) = row else {
        let _ = secret_hash::verify_blocking(DUMMY_HASH.clone(), code.as_str().into()).await;
        return Err(code_error("Неверный код"));
    };
    check_code(state, StoredCode { table: CodeTable::LoginChanges, id, code_hash, expires_at }, code).await?;
    let mut tx = state.pool.begin().await?;
    let previous = repo::login_of(&mut tx, user_id).await?;
    repo::delete_login_change(&mut tx, id).await?;
    let taken = repo::user_id_by_login_in(&mut tx, &new_login).await?;
    if taken.is_some() {
        return Err(code_error("Этот логин уже занят"));
    }
    repo::set_login(&mut tx, user_id, &new_login).await?;
    super::sessions::end_all_but(&mut tx, user_id, keep_session).await?;
    audit::record_own(&mut tx, now, user_id, "auth.login_changed", "").await?;
    notify_change(state, &mut *tx, user_id, &previous, SecurityChange::LoginChanged, now).await?;
    tx.commit().await?;
    Ok(new_login)
}

//! Checking an answer to the control question. Five (`security.max_attempts`) wrong answers per customer and account
//! in 24 hours, then the question is locked until the oldest of them is a day old. The
//! count is kept in the database, so it holds across restarts and unlinking.

use super::model::Access;
use super::service::{actor, binding_of, subject_of};
use crate::domain::ControlAnswer;
use crate::domain::control_question::normalise_serial;
use crate::error::AppError;
use crate::server::audit;
use crate::server::rate_limit::{self, Limit};
use crate::state::AppState;

/// Wrong answers per customer and account a day (`security.max_attempts`).
pub fn wrong_answers(state: &AppState) -> Limit {
    Limit { kind: "control_answer", max: state.settings.security.max_attempts as i64, window_secs: 24 * 3600 }
}

fn limit_subject(user_id: i64, account_id: i64) -> String {
    format!("{user_id}:{account_id}")
}

pub async fn locked_until(state: &AppState, user_id: i64, account_id: i64) -> Result<Option<i64>, AppError> {
    let subject = limit_subject(user_id, account_id);
    match rate_limit::check(&state.pool, wrong_answers(state), &subject, state.clock.now()).await {
        Ok(()) => Ok(None),
        Err(AppError::RateLimited { until }) => Ok(Some(until)),
        Err(e) => Err(e),
    }
}

/// `Ok(())` once the binding is extended (also when it already was). A wrong answer is a
/// `Validation` error on `answer` that says how many tries are left.
pub async fn answer(
    state: &AppState,
    user_id: i64,
    account_id: i64,
    answer: ControlAnswer,
) -> Result<(), AppError> {
    let binding = binding_of(state, user_id, account_id).await?;
    if binding.access == Access::Extended {
        return Ok(());
    }
    let now = state.clock.now();
    let subject = limit_subject(user_id, account_id);
    rate_limit::check(&state.pool, wrong_answers(state), &subject, now).await?;
    if !is_right(state, account_id, &answer).await? {
        rate_limit::record(&state.pool, wrong_answers(state), &subject, now).await?;
        let (used,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM rate_events WHERE kind = $1 AND subject = $2 AND at > $3")
                .bind(wrong_answers(state).kind)
                .bind(&subject)
                .bind(now - wrong_answers(state).window_secs)
                .fetch_one(&state.pool)
                .await?;
        let left = wrong_answers(state).max - used;
        if left <= 0 {
            // Surfaces the lock with the time it ends.
            rate_limit::check(&state.pool, wrong_answers(state), &subject, now).await?;
        }
        return Err(AppError::validation("answer", format!("Ответ неверный. Осталось попыток: {left}")));
    }
    let mut tx = state.pool.begin().await?;
    sqlx::query("UPDATE bindings SET access = 'extended', extended_at = $1 WHERE id = $2")
        .bind(now)
        .bind(binding.id)
        .execute(&mut *tx)
        .await?;
    let details = format!("question={}", answer.question().code());
    audit::record(&mut *tx, now, &actor(user_id), "binding.extended", &subject_of(account_id), &details)
        .await?;
    tx.commit().await?;
    rate_limit::clear(&state.pool, wrong_answers(state), &subject).await?;
    tracing::info!(user_id, account_id, "extended access granted");
    Ok(())
}

async fn is_right(state: &AppState, account_id: i64, answer: &ControlAnswer) -> Result<bool, AppError> {
    Ok(match answer {
        ControlAnswer::MeterSerial(serial) => {
            let serials: Vec<(String,)> = sqlx::query_as("SELECT serial FROM meters WHERE account_id = $1")
                .bind(account_id)
                .fetch_all(&state.pool)
                .await?;
            serials.iter().any(|(s,)| normalise_serial(s) == *serial)
        }
        ControlAnswer::LastCharge(kopecks) => {
            let (last,): (Option<i64>,) =
                sqlx::query_as("SELECT last_charge_kopecks FROM accounts WHERE id = $1")
                    .bind(account_id)
                    .fetch_one(&state.pool)
                    .await?;
            last == Some(*kopecks)
        }
        ControlAnswer::Pin(pin) => {
            let (hash,): (Option<String>,) = sqlx::query_as("SELECT pin_hash FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_one(&state.pool)
                .await?;
            match hash {
                Some(hash) => crate::secret_hash::verify_blocking(hash, pin.clone()).await,
                None => false,
            }
        }
    })
}

//! Checking an answer to the control question. Two limits, both consumed before the
//! answer is compared (`rate_limit::consume`), so parallel tries cannot outrun them:
//! `security.max_attempts` wrong answers per customer and account in 24 hours, and
//! `security.control_answers_per_account_per_day` per account from all its customers
//! together. The counts live in the database: unlinking, binding again or deleting the
//! cabinet keeps them.

use super::binding::binding_of;
use super::model::Access;
use crate::domain::ControlAnswer;
use crate::domain::audit::{Actor, Subject};
use crate::domain::control_question::normalise_serial;
use crate::error::{AppError, Limited};
use crate::server::audit;
use crate::server::rate_limit::{self, Limit};
use crate::state::AppState;

/// Wrong answers per customer and account a day (`security.max_attempts`).
pub fn wrong_answers(state: &AppState) -> Limit {
    Limit {
        kind: "control_answer",
        what: Limited::ControlAnswers,
        max: state.settings.security.max_attempts as i64,
        window_secs: 24 * 3600,
    }
}

/// Wrong answers per account a day, whoever gives them.
pub fn wrong_answers_per_account(state: &AppState) -> Limit {
    Limit {
        kind: "control_answer_account",
        what: Limited::ControlAnswers,
        max: state.settings.security.control_answers_per_account_per_day as i64,
        window_secs: 24 * 3600,
    }
}

fn limit_subject(user_id: i64, account_id: i64) -> String {
    format!("{user_id}:{account_id}")
}

/// The charge question is a secret only while the debt that basic access shows does not
/// give it away: a household that paid its earlier bills owes exactly the last charge, one
/// that skipped a month owes twice it. So the answer is judged only when the debt is not a
/// whole multiple of the last charge (a zero debt reveals nothing).
pub fn charge_is_secret(last_charge_kopecks: Option<i64>, debt_kopecks: i64) -> bool {
    match last_charge_kopecks {
        Some(charge) if charge > 0 => debt_kopecks == 0 || debt_kopecks % charge != 0,
        _ => false,
    }
}

pub const CHARGE_NOT_SECRET: &str = "Сумма последних начислений сейчас видна по долгу на экране, поэтому по ней \
     расширенную версию не подключить. Выберите серийный номер счётчика или PIN-код";

/// When the question unlocks again for this customer, if it is locked.
pub async fn locked_until(state: &AppState, user_id: i64, account_id: i64) -> Result<Option<i64>, AppError> {
    let now = state.clock.now();
    let subject = limit_subject(user_id, account_id);
    let own = rate_limit::check(&state.pool, wrong_answers(state), &subject, now).await;
    let account =
        rate_limit::check(&state.pool, wrong_answers_per_account(state), &account_id.to_string(), now).await;
    let mut until = None;
    for result in [own, account] {
        match result {
            Ok(()) => {}
            Err(AppError::RateLimited { until: u, .. }) => until = until.max(Some(u)),
            Err(e) => return Err(e),
        }
    }
    Ok(until)
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
    let secrets = secrets_of(state, account_id).await?;
    if matches!(answer, ControlAnswer::LastCharge(_)) && !charge_is_secret(secrets.last_charge, secrets.debt)
    {
        // Judged without a try: the page already shows what this answer would prove.
        return Err(AppError::validation("question", CHARGE_NOT_SECRET));
    }
    let subject = limit_subject(user_id, account_id);
    let account_subject = account_id.to_string();
    let own = rate_limit::consume(&state.pool, wrong_answers(state), &subject, now).await?;
    let shared =
        match rate_limit::consume(&state.pool, wrong_answers_per_account(state), &account_subject, now).await
        {
            Ok(shared) => shared,
            Err(locked) => {
                // Not judged, so not a wrong answer of this customer's.
                rate_limit::refund(&state.pool, own).await?;
                return Err(locked);
            }
        };
    if !is_right(&secrets, &answer).await {
        let left = own.left.min(shared.left);
        if left <= 0 {
            let until = locked_until(state, user_id, account_id).await?.unwrap_or(now);
            let mut conn = state.pool.acquire().await?;
            audit::record(
                &mut *conn,
                now,
                Actor::User(user_id),
                "control.locked",
                &Subject::Account(account_id),
                "",
            )
            .await?;
            return Err(wrong_answers(state).refused_until(until));
        }
        return Err(AppError::validation("answer", format!("Ответ неверный. Осталось попыток: {left}")));
    }
    // A right answer was not a wrong one: neither count keeps it.
    rate_limit::refund(&state.pool, own).await?;
    rate_limit::refund(&state.pool, shared).await?;
    let mut tx = state.pool.begin().await?;
    super::repo::extend_binding(&mut tx, binding.id, now).await?;
    let details = format!("question={}", answer.question().code());
    audit::record(
        &mut tx,
        now,
        Actor::User(user_id),
        "binding.extended",
        &Subject::Account(account_id),
        &details,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id, account_id, "extended access granted");
    Ok(())
}

/// What the answers are compared with, read once.
struct Secrets {
    serials: Vec<String>,
    last_charge: Option<i64>,
    debt: i64,
    pin_hash: Option<String>,
}

async fn secrets_of(state: &AppState, account_id: i64) -> Result<Secrets, AppError> {
    let (row, serials) = super::repo::secrets(&state.pool, account_id).await?;
    Ok(Secrets {
        serials,
        last_charge: row.last_charge_kopecks,
        debt: row.debt_kopecks,
        pin_hash: row.pin_hash,
    })
}

async fn is_right(secrets: &Secrets, answer: &ControlAnswer) -> bool {
    match answer {
        ControlAnswer::MeterSerial(serial) => secrets.serials.iter().any(|s| normalise_serial(s) == *serial),
        ControlAnswer::LastCharge(kopecks) => secrets.last_charge == Some(*kopecks),
        ControlAnswer::Pin(pin) => match &secrets.pin_hash {
            Some(hash) => crate::secret_hash::verify_blocking(hash.clone(), pin.clone()).await,
            None => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::charge_is_secret;

    #[test]
    fn a_debt_equal_to_a_whole_number_of_charges_gives_the_charge_away() {
        assert!(!charge_is_secret(Some(123_456), 123_456));
        assert!(!charge_is_secret(Some(123_456), 2 * 123_456));
        assert!(!charge_is_secret(Some(50_000), -100_000));
    }

    #[test]
    fn a_paid_up_or_partly_paid_account_keeps_the_charge_secret() {
        assert!(charge_is_secret(Some(123_456), 0));
        assert!(charge_is_secret(Some(123_456), 100_000));
        assert!(charge_is_secret(Some(123_456), 123_456 + 99));
    }

    #[test]
    fn no_charge_on_record_means_no_charge_answer() {
        assert!(!charge_is_secret(None, 0));
        assert!(!charge_is_secret(Some(0), 0));
    }
}

//! Per account: who has bound it and at which access level, its access history, the
//! security events of its customers (`security`), and revoking a binding (the customer is
//! told, and their open PIN request goes with it).

use super::guard::Operator;
use super::model::{AccountHit, AccountView, AuditRow, BindingRow};
use crate::accounts::model::Access;
use crate::accounts::service::subject_of;
use crate::domain::{AccountNumber, Kopecks, Login};
use crate::error::AppError;
use crate::server::audit;
use crate::server::outbox::{self, Message};
use crate::state::AppState;

const HISTORY_LIMIT: i64 = 50;

/// Accounts with this number at any provider.
pub async fn find(state: &AppState, number: &AccountNumber) -> Result<Vec<AccountHit>, AppError> {
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT a.id, p.name, a.number, a.owner_name, (SELECT COUNT(*) FROM bindings b WHERE b.account_id = a.id) \
         FROM accounts a JOIN providers p ON p.id = a.provider_id WHERE a.number = $1 ORDER BY p.name",
    )
    .bind(number.as_str())
    .fetch_all(&state.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(account_id, provider, number, owner, bindings)| AccountHit {
            account_id,
            provider,
            number,
            owner,
            bindings,
        })
        .collect())
}

/// The account's card. Opening it is recorded: an operator reading someone's personal data
/// is itself something the customer may ask about (152-ФЗ).
pub async fn view(state: &AppState, operator: Operator, account_id: i64) -> Result<AccountView, AppError> {
    let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT p.name, a.number, a.owner_name, a.address, a.debt_kopecks \
         FROM accounts a JOIN providers p ON p.id = a.provider_id WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(&state.pool)
    .await?;
    let (provider, number, owner, address, debt) = row.ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let mut conn = state.pool.acquire().await?;
    audit::record(&mut conn, now, operator.actor(), "account.viewed", &subject_of(account_id), "").await?;
    drop(conn);
    let bindings: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT b.id, u.login, b.access, b.created_at FROM bindings b JOIN users u ON u.id = b.user_id \
         WHERE b.account_id = $1 ORDER BY b.created_at, b.id",
    )
    .bind(account_id)
    .fetch_all(&state.pool)
    .await?;
    let history: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT at, actor, action, details FROM audit_log WHERE subject = $1 ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(subject_of(account_id).to_string())
    .bind(HISTORY_LIMIT)
    .fetch_all(&state.pool)
    .await?;
    Ok(AccountView {
        account_id,
        provider,
        number,
        owner,
        address,
        debt: Kopecks(debt),
        bindings: bindings
            .into_iter()
            .map(|(binding_id, login, access, since)| BindingRow {
                binding_id,
                login,
                access: Access::from_db(&access),
                since,
            })
            .collect(),
        history: history
            .into_iter()
            .map(|(at, actor, action, details)| AuditRow { at, actor, action, details })
            .collect(),
        security_events: super::security::of_account(state, account_id).await?,
    })
}

/// Removes a binding; the customer keeps their cabinet and may bind the account again.
pub async fn revoke(state: &AppState, operator: Operator, binding_id: i64) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let row: Option<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT b.user_id, b.account_id, u.login, a.number FROM bindings b JOIN users u ON u.id = b.user_id \
         JOIN accounts a ON a.id = b.account_id WHERE b.id = $1",
    )
    .bind(binding_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (user_id, account_id, login, number) = row.ok_or(AppError::NotFound)?;
    let deleted =
        sqlx::query("DELETE FROM bindings WHERE id = $1").bind(binding_id).execute(&mut *tx).await?;
    if deleted.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    sqlx::query(
        "UPDATE pin_requests SET status = 'declined', resolved_at = $1, resolution = 'привязка отменена' \
         WHERE user_id = $2 AND account_id = $3 AND status = 'open'",
    )
    .bind(now)
    .bind(user_id)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    if let Ok(to) = Login::parse(&login) {
        let message = Message {
            subject: format!("Мой ГАЗ: лицевой счёт № {number} отключён"),
            text: format!(
                "Лицевой счёт № {number} отключён от вашего личного кабинета оператором. Если это ошибка, задайте вопрос в техническую поддержку."
            ),
            html: None,
        };
        outbox::enqueue(&mut tx, &to, message, now).await?;
    }
    let details = format!("user:{user_id}");
    audit::record(&mut tx, now, operator.actor(), "binding.revoked", &subject_of(account_id), &details)
        .await?;
    tx.commit().await?;
    Ok(())
}

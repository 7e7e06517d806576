//! Per account: who has bound it and at which access level, its access history, the
//! security events of its customers (`security`), and revoking a binding (the customer is
//! told, and their open PIN request goes with it).

use super::model::{AccountHit, AccountView, AuditRow, BindingRow};
use super::repo::bindings as repo;
use crate::accounts::model::Access;
use crate::auth::guards::Operator;
use crate::domain::audit::Subject;
use crate::domain::{AccountNumber, Kopecks, Login};
use crate::error::AppError;
use crate::server::audit;
use crate::server::outbox::{self, Message};
use crate::state::AppState;

const HISTORY_LIMIT: i64 = 50;

/// Accounts with this number at any provider.
pub async fn find(state: &AppState, number: &AccountNumber) -> Result<Vec<AccountHit>, AppError> {
    let rows = repo::find_by_number(&state.pool, number.as_str()).await?;
    Ok(rows
        .into_iter()
        .map(|row| AccountHit {
            account_id: row.account_id,
            provider: row.provider,
            number: row.number,
            owner: row.owner,
            bindings: row.bindings,
        })
        .collect())
}

/// The account's card. Opening it is recorded: an operator reading someone's personal data
/// is itself something the customer may ask about (152-ФЗ).
pub async fn view(state: &AppState, operator: Operator, account_id: i64) -> Result<AccountView, AppError> {
    let card = repo::card(&state.pool, account_id).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let mut conn = state.pool.acquire().await?;
    audit::record(&mut conn, now, operator.actor(), "account.viewed", &Subject::Account(account_id), "")
        .await?;
    drop(conn);
    let bindings = repo::bindings_of(&state.pool, account_id).await?;
    let history =
        repo::history(&state.pool, &Subject::Account(account_id).to_string(), HISTORY_LIMIT).await?;
    Ok(AccountView {
        account_id,
        provider: card.provider,
        number: card.number,
        owner: card.owner,
        address: card.address,
        debt: Kopecks(card.debt_kopecks),
        bindings: bindings
            .into_iter()
            .map(|row| BindingRow {
                binding_id: row.binding_id,
                login: row.login,
                access: Access::from_db(&row.access),
                since: row.since,
            })
            .collect(),
        history: history
            .into_iter()
            .map(|row| AuditRow { at: row.at, actor: row.actor, action: row.action, details: row.details })
            .collect(),
        security_events: super::security::of_account(state, account_id).await?,
    })
}

/// Removes a binding; the customer keeps their cabinet and may bind the account again.
pub async fn revoke(state: &AppState, operator: Operator, binding_id: i64) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let repo::RevokedBindingRow { user_id, account_id, login, number } =
        repo::binding(&mut *tx, binding_id).await?.ok_or(AppError::NotFound)?;
    if repo::delete_binding(&mut *tx, binding_id).await? == 0 {
        return Err(AppError::NotFound);
    }
    repo::decline_open_pin_requests(&mut *tx, user_id, account_id, now).await?;
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
    audit::record(&mut tx, now, operator.actor(), "binding.revoked", &Subject::Account(account_id), &details)
        .await?;
    tx.commit().await?;
    Ok(())
}

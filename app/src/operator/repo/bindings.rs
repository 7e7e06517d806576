//! Accounts as the console finds them, their bindings and their history.

use sqlx::{AnyConnection, AnyPool};

/// An account found by its number, with how many customers have bound it.
#[derive(Debug, sqlx::FromRow)]
pub struct AccountHitRow {
    pub account_id: i64,
    pub provider: String,
    pub number: String,
    pub owner: String,
    pub bindings: i64,
}

/// Accounts with this number at any provider, by provider name.
pub async fn find_by_number(pool: &AnyPool, number: &str) -> sqlx::Result<Vec<AccountHitRow>> {
    sqlx::query_as(
        "SELECT a.id AS account_id, p.name AS provider, a.number AS number, a.owner_name AS owner, \
                (SELECT COUNT(*) FROM bindings b WHERE b.account_id = a.id) AS bindings \
         FROM accounts a JOIN providers p ON p.id = a.provider_id WHERE a.number = $1 ORDER BY p.name",
    )
    .bind(number)
    .fetch_all(pool)
    .await
}

/// The head of an account's card.
#[derive(Debug, sqlx::FromRow)]
pub struct AccountCardRow {
    pub provider: String,
    pub number: String,
    pub owner: String,
    pub address: String,
    pub debt_kopecks: i64,
}

pub async fn card(pool: &AnyPool, account_id: i64) -> sqlx::Result<Option<AccountCardRow>> {
    sqlx::query_as(
        "SELECT p.name AS provider, a.number AS number, a.owner_name AS owner, a.address AS address, \
                a.debt_kopecks AS debt_kopecks \
         FROM accounts a JOIN providers p ON p.id = a.provider_id WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(pool)
    .await
}

/// A customer's binding of the account.
#[derive(Debug, sqlx::FromRow)]
pub struct BindingOfAccountRow {
    pub binding_id: i64,
    pub login: String,
    /// As stored (`Access::from_db`).
    pub access: String,
    pub since: i64,
}

/// The account's bindings, the oldest first.
pub async fn bindings_of(pool: &AnyPool, account_id: i64) -> sqlx::Result<Vec<BindingOfAccountRow>> {
    sqlx::query_as(
        "SELECT b.id AS binding_id, u.login AS login, b.access AS access, b.created_at AS since \
         FROM bindings b JOIN users u ON u.id = b.user_id \
         WHERE b.account_id = $1 ORDER BY b.created_at, b.id",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await
}

/// An audit row about the account.
#[derive(Debug, sqlx::FromRow)]
pub struct HistoryRow {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub details: String,
}

/// The newest `limit` audit rows about `subject`, newest first.
pub async fn history(pool: &AnyPool, subject: &str, limit: i64) -> sqlx::Result<Vec<HistoryRow>> {
    sqlx::query_as(
        "SELECT at AS at, actor AS actor, action AS action, details AS details FROM audit_log \
         WHERE subject = $1 ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(subject)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// A binding about to be revoked: whose, which account.
#[derive(Debug, sqlx::FromRow)]
pub struct RevokedBindingRow {
    pub user_id: i64,
    pub account_id: i64,
    pub login: String,
    pub number: String,
}

pub async fn binding(conn: &mut AnyConnection, binding_id: i64) -> sqlx::Result<Option<RevokedBindingRow>> {
    sqlx::query_as(
        "SELECT b.user_id AS user_id, b.account_id AS account_id, u.login AS login, a.number AS number \
         FROM bindings b JOIN users u ON u.id = b.user_id \
         JOIN accounts a ON a.id = b.account_id WHERE b.id = $1",
    )
    .bind(binding_id)
    .fetch_optional(conn)
    .await
}

/// How many rows went (0: no such binding).
pub async fn delete_binding(conn: &mut AnyConnection, binding_id: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM bindings WHERE id = $1")
        .bind(binding_id)
        .execute(conn)
        .await?
        .rows_affected())
}

/// The customer's open PIN requests for the account are declined: the binding they were
/// for is gone.
pub async fn decline_open_pin_requests(
    conn: &mut AnyConnection,
    user_id: i64,
    account_id: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE pin_requests SET status = 'declined', resolved_at = $1, resolution = 'привязка отменена' \
         WHERE user_id = $2 AND account_id = $3 AND status = 'open'",
    )
    .bind(now)
    .bind(user_id)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(())
}

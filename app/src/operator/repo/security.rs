//! The security events of an account's customers: audit rows whose subject is one of them.

use sqlx::AnyPool;

/// An audit row about a customer (`subject`: `user:{id}`).
#[derive(Debug, sqlx::FromRow)]
pub struct SecurityEventRow {
    pub at: i64,
    pub action: String,
    pub subject: String,
}

/// The newest `limit` audit rows about the customers who bound the account now (a binding)
/// or before (an audit row by `user:{id}` about `account_subject`), newest first.
pub async fn of_account(
    pool: &AnyPool,
    account_subject: &str,
    account_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<SecurityEventRow>> {
    // Both halves of the subquery go through an index: audit_log (subject, at) and
    // bindings (account_id); the outer IN is the same index again.
    sqlx::query_as(
        "SELECT l.at AS at, l.action AS action, l.subject AS subject FROM audit_log l WHERE l.subject IN ( \
             SELECT a.actor FROM audit_log a WHERE a.subject = $1 AND a.actor LIKE 'user:%' \
             UNION \
             SELECT 'user:' || CAST(b.user_id AS TEXT) FROM bindings b WHERE b.account_id = $2) \
         ORDER BY l.at DESC, l.id DESC LIMIT $3",
    )
    .bind(account_subject)
    .bind(account_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// A user's login (`None` once they have left the portal).
pub async fn login_of(pool: &AnyPool, user_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT login AS login FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
}

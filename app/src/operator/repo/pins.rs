//! PIN requests from the operators' side, and the account's PIN they change.

use sqlx::{AnyConnection, AnyPool};

/// An open PIN request in the queue: who asks beside the account's owner, and how many
/// requests are open in all (the same on every row).
#[derive(Debug, sqlx::FromRow)]
pub struct WaitingPinRequestRow {
    pub request_id: i64,
    pub account_id: i64,
    pub provider: String,
    pub number: String,
    pub owner: String,
    pub customer_login: String,
    pub customer_name: Option<String>,
    /// `None` once the requester's binding is gone.
    pub bound_at: Option<i64>,
    pub created_at: i64,
    pub waiting: i64,
}

/// Open requests, the oldest first, at most `limit`. The count of all open requests is a
/// window over the rows before LIMIT: one snapshot.
pub async fn waiting(pool: &AnyPool, limit: i64) -> sqlx::Result<Vec<WaitingPinRequestRow>> {
    sqlx::query_as(
        "SELECT r.id AS request_id, a.id AS account_id, p.name AS provider, a.number AS number, \
                a.owner_name AS owner, u.login AS customer_login, u.full_name AS customer_name, \
                b.created_at AS bound_at, r.created_at AS created_at, COUNT(*) OVER () AS waiting \
         FROM pin_requests r JOIN accounts a ON a.id = r.account_id JOIN providers p ON p.id = a.provider_id \
         JOIN users u ON u.id = r.user_id \
         LEFT JOIN bindings b ON b.user_id = r.user_id AND b.account_id = r.account_id \
         WHERE r.status = 'open' ORDER BY r.created_at, r.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Resolves the request if it is still open; how many rows changed (0: it was not open).
/// The conditional update is the lock: only one resolution of an open request succeeds.
pub async fn resolve_open(
    conn: &mut AnyConnection,
    request_id: i64,
    now: i64,
    status: &str,
    resolution: &str,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE pin_requests SET status = $1, resolved_at = $2, resolution = $3 WHERE id = $4 AND status = 'open'",
    )
    .bind(status)
    .bind(now)
    .bind(resolution)
    .bind(request_id)
    .execute(conn)
    .await?
    .rows_affected())
}

/// The requester and the account of a request.
#[derive(Debug, sqlx::FromRow)]
pub struct RequestPartiesRow {
    pub user_id: i64,
    pub account_id: i64,
    pub number: String,
    pub login: String,
}

/// The request must exist (`RowNotFound` otherwise).
pub async fn parties(conn: &mut AnyConnection, request_id: i64) -> sqlx::Result<RequestPartiesRow> {
    sqlx::query_as(
        "SELECT r.user_id AS user_id, a.id AS account_id, a.number AS number, u.login AS login \
         FROM pin_requests r JOIN accounts a ON a.id = r.account_id \
         JOIN users u ON u.id = r.user_id WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_one(conn)
    .await
}

pub async fn set_pin_hash(conn: &mut AnyConnection, account_id: i64, pin_hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET pin_hash = $1 WHERE id = $2")
        .bind(pin_hash)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The logins of the account's customers with the extended version, but `user_id`, in the
/// order they bound it.
pub async fn extended_logins_except(
    conn: &mut AnyConnection,
    account_id: i64,
    user_id: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT u.login AS login FROM bindings b JOIN users u ON u.id = b.user_id \
         WHERE b.account_id = $1 AND b.access = 'extended' AND b.user_id <> $2 ORDER BY b.id",
    )
    .bind(account_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

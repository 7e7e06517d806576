//! Every statement of payments: `payments` (with the account it pays for), the debt it
//! credits, and the sandbox acquirer's own books, `sandbox_payments`. No rules here: the
//! service decides what moves when, and holds the transactions.

use sqlx::{AnyConnection, AnyPool};

/// A payment with its account's number.
#[derive(Debug, sqlx::FromRow)]
pub struct PaymentRow {
    pub id: i64,
    pub public_id: String,
    pub account_id: i64,
    pub number: String,
    pub amount_kopecks: i64,
    pub status: String,
    pub acquirer_id: Option<String>,
    pub created_at: i64,
}

const SELECT_PAYMENT: &str = "SELECT p.id AS id, p.public_id AS public_id, p.account_id AS account_id, \
                              a.number AS number, p.amount_kopecks AS amount_kopecks, p.status AS status, \
                              p.acquirer_id AS acquirer_id, p.created_at AS created_at \
                              FROM payments p JOIN accounts a ON a.id = p.account_id";

/// What a new payment needs to know of its account and payer.
#[derive(Debug, sqlx::FromRow)]
pub struct PayerRow {
    pub debt_kopecks: i64,
    pub login: String,
}

/// A new `pending` payment record.
pub struct NewPaymentRecord<'a> {
    pub public_id: &'a str,
    pub user_id: i64,
    pub account_id: i64,
    pub amount_kopecks: i64,
    /// `Purpose::code`.
    pub purpose: &'a str,
    /// `Acquirer::name`.
    pub acquirer: &'a str,
    pub now: i64,
}

/// What settling a payment needs of its record.
#[derive(Debug, sqlx::FromRow)]
pub struct AmountRow {
    pub amount_kopecks: i64,
    pub account_id: i64,
    /// Who paid, for the notification (`None` once that customer is gone).
    pub user_id: Option<i64>,
    pub public_id: String,
    pub account_number: String,
    pub provider_id: i64,
}

/// A payment at the sandbox acquirer, with the card it saved.
#[derive(Debug, sqlx::FromRow)]
pub struct SandboxRow {
    pub id: String,
    pub amount_kopecks: i64,
    pub status: String,
    pub method_id: Option<String>,
}

/// A payment at the sandbox acquirer, as its payment page shows it.
#[derive(Debug, sqlx::FromRow)]
pub struct SandboxPageRow {
    pub id: String,
    pub amount_kopecks: i64,
    pub description: String,
    pub status: String,
    pub save_method: i64,
}

/// A new payment at the sandbox acquirer.
pub struct NewSandboxPayment<'a> {
    pub id: &'a str,
    pub idempotence_key: &'a str,
    pub amount_kopecks: i64,
    pub description: &'a str,
    pub return_url: &'a str,
    /// Save the card it is paid with (autopay's first payment).
    pub save_method: bool,
    /// Paid at once with this saved card.
    pub paid_with: Option<&'a str>,
    pub now: i64,
}

/// The account's debt with the payer's login. An error if either is missing.
pub async fn payer(pool: &AnyPool, account_id: i64, user_id: i64) -> Result<PayerRow, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.debt_kopecks AS debt_kopecks, u.login AS login \
         FROM accounts a, users u WHERE a.id = $1 AND u.id = $2",
    )
    .bind(account_id)
    .bind(user_id)
    .fetch_one(pool)
    .await
}

/// Whose a payment is and how far it got, by its public id (a pay form's attempt key).
#[derive(Debug, sqlx::FromRow)]
pub struct AttemptRow {
    pub user_id: Option<i64>,
    pub account_id: i64,
    pub status: String,
    pub confirmation_url: Option<String>,
}

pub async fn attempt(pool: &AnyPool, public_id: &str) -> Result<Option<AttemptRow>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, account_id, status, confirmation_url FROM payments WHERE public_id = $1")
        .bind(public_id)
        .fetch_optional(pool)
        .await
}

/// Writes the `pending` record; returns its id.
pub async fn insert_payment(conn: &mut AnyConnection, p: &NewPaymentRecord<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO payments (public_id, user_id, account_id, amount_kopecks, purpose, acquirer, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7) RETURNING id",
    )
    .bind(p.public_id)
    .bind(p.user_id)
    .bind(p.account_id)
    .bind(p.amount_kopecks)
    .bind(p.purpose)
    .bind(p.acquirer)
    .bind(p.now)
    .fetch_one(conn)
    .await
}

/// What the acquirer answered to the creation: its id and where the customer pays.
pub async fn set_acquirer_id(
    pool: &AnyPool,
    payment_id: i64,
    acquirer_id: &str,
    confirmation_url: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE payments SET acquirer_id = $1, confirmation_url = $2, updated_at = $3 WHERE id = $4")
        .bind(acquirer_id)
        .bind(confirmation_url)
        .bind(now)
        .bind(payment_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The acquirer did not create the payment: canceled, with why.
pub async fn cancel_not_created(
    conn: &mut AnyConnection,
    payment_id: i64,
    error: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE payments SET status = 'canceled', last_error = $1, updated_at = $2 WHERE id = $3")
        .bind(error)
        .bind(now)
        .bind(payment_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn amount_of(pool: &AnyPool, payment_id: i64) -> Result<AmountRow, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.amount_kopecks, p.account_id, p.user_id, p.public_id, a.number AS account_number, \
                a.provider_id \
         FROM payments p JOIN accounts a ON a.id = p.account_id WHERE p.id = $1",
    )
    .bind(payment_id)
    .fetch_one(pool)
    .await
}

/// `pending` → `attention` with what the acquirer reported; returns the rows moved (0 or 1).
pub async fn mark_attention(
    conn: &mut AnyConnection,
    payment_id: i64,
    reported_kopecks: i64,
    reported_currency: &str,
    problem: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE payments SET status = 'attention', reported_amount_kopecks = $1, reported_currency = $2, \
         attention_at = $3, last_error = $4, updated_at = $3 WHERE id = $5 AND status = 'pending'",
    )
    .bind(reported_kopecks)
    .bind(reported_currency)
    .bind(now)
    .bind(problem)
    .bind(payment_id)
    .execute(conn)
    .await?
    .rows_affected())
}

/// `pending` → `succeeded`; returns the rows moved (0 or 1).
pub async fn mark_succeeded(conn: &mut AnyConnection, payment_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE payments SET status = 'succeeded', credited_at = $1, updated_at = $1 \
         WHERE id = $2 AND status = 'pending'",
    )
    .bind(now)
    .bind(payment_id)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Lowers the account's debt by a credited payment.
pub async fn credit_account(
    conn: &mut AnyConnection,
    account_id: i64,
    amount_kopecks: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET debt_kopecks = debt_kopecks - $1 WHERE id = $2")
        .bind(amount_kopecks)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// `pending` → `canceled`; returns the rows moved (0 or 1).
pub async fn mark_canceled(conn: &mut AnyConnection, payment_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE payments SET status = 'canceled', updated_at = $1 WHERE id = $2 AND status = 'pending'",
    )
    .bind(now)
    .bind(payment_id)
    .execute(conn)
    .await?
    .rows_affected())
}

pub async fn status_of(pool: &AnyPool, payment_id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT status FROM payments WHERE id = $1").bind(payment_id).fetch_one(pool).await
}

/// A customer's own payment by its public id.
pub async fn by_public_id(
    pool: &AnyPool,
    public_id: &str,
    user_id: i64,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT_PAYMENT} WHERE p.public_id = $1 AND p.user_id = $2"))
        .bind(public_id)
        .bind(user_id)
        .fetch_optional(pool)
        .await
}

/// The payment an acquirer knows by `acquirer_id`.
pub async fn by_acquirer_id(
    pool: &AnyPool,
    acquirer_id: &str,
    acquirer: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT_PAYMENT} WHERE p.acquirer_id = $1 AND p.acquirer = $2"))
        .bind(acquirer_id)
        .bind(acquirer)
        .fetch_optional(pool)
        .await
}

/// At most `limit` pending payments known to the acquirer, created between `created_after`
/// and `created_before` (both excluded), the newest first.
pub async fn pending_between(
    pool: &AnyPool,
    created_before: i64,
    created_after: i64,
    limit: i64,
) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT_PAYMENT} WHERE p.status = 'pending' AND p.acquirer_id IS NOT NULL AND p.created_at < $1 AND p.created_at > $2 \
         ORDER BY p.created_at DESC, p.id DESC LIMIT $3"
    ))
    .bind(created_before)
    .bind(created_after)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// A customer's 50 latest payments for an account.
pub async fn of_account(
    pool: &AnyPool,
    account_id: i64,
    user_id: i64,
) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT_PAYMENT} WHERE p.account_id = $1 AND p.user_id = $2 ORDER BY p.created_at DESC, p.id DESC LIMIT 50"
    ))
    .bind(account_id)
    .bind(user_id)
    .fetch_all(pool)
    .await
}

/// A new sandbox payment; nothing if one with the same idempotence key exists.
pub async fn sandbox_insert(pool: &AnyPool, p: &NewSandboxPayment<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sandbox_payments (id, idempotence_key, amount_kopecks, description, return_url, created_at, \
                                       save_method, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotence_key) DO NOTHING",
    )
    .bind(p.id)
    .bind(p.idempotence_key)
    .bind(p.amount_kopecks)
    .bind(p.description)
    .bind(p.return_url)
    .bind(p.now)
    .bind(i64::from(p.save_method))
    .bind(if p.paid_with.is_some() { "succeeded" } else { "pending" })
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn sandbox_id_by_key(pool: &AnyPool, idempotence_key: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM sandbox_payments WHERE idempotence_key = $1")
        .bind(idempotence_key)
        .fetch_one(pool)
        .await
}

pub async fn sandbox_get(pool: &AnyPool, id: &str) -> Result<Option<SandboxRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, amount_kopecks, status, method_id FROM sandbox_payments WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn sandbox_page(pool: &AnyPool, id: &str) -> Result<Option<SandboxPageRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, amount_kopecks, description, status, save_method FROM sandbox_payments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Ends a pending sandbox payment as `status` (`succeeded` or `canceled`); `false` when it
/// was not pending.
pub async fn sandbox_finish(conn: &mut AnyConnection, id: &str, status: &str) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query("UPDATE sandbox_payments SET status = $1 WHERE id = $2 AND status = 'pending'")
        .bind(status)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(moved.rows_affected() == 1)
}

/// Saves the card a paid sandbox payment asked to save (nothing for one that did not ask).
pub async fn sandbox_save_method(
    conn: &mut AnyConnection,
    payment: &str,
    method: &str,
    title: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let saved = sqlx::query("UPDATE sandbox_payments SET method_id = $1 WHERE id = $2 AND save_method = 1")
        .bind(method)
        .bind(payment)
        .execute(&mut *conn)
        .await?;
    if saved.rows_affected() == 1 {
        sqlx::query("INSERT INTO sandbox_methods (id, title, created_at) VALUES ($1, $2, $3)")
            .bind(method)
            .bind(title)
            .bind(now)
            .execute(conn)
            .await?;
    }
    Ok(())
}

pub async fn sandbox_method_exists(pool: &AnyPool, method: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM sandbox_methods WHERE id = $1")
        .bind(method)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

pub async fn sandbox_return_url(pool: &AnyPool, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT return_url FROM sandbox_payments WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

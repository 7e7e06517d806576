//! Every statement of the notifications domain (the outbox's rows are the outbox's own:
//! `server::outbox::enqueue_notifications`).

use sqlx::{AnyConnection, AnyPool, FromRow};

/// The unread notifications of the user `u`, as a column of a statement that reads
/// `users u`: the bell of every signed-in page, read with the session. The index
/// `notifications_unread` holds just these rows, so it costs what the bell shows, not
/// every notification the customer ever had.
pub const UNREAD_OF_USER: &str =
    "(SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL)";

/// A provider's readings window, for the scheduler.
#[derive(FromRow)]
pub struct ProviderWindowRow {
    pub id: i64,
    pub name: String,
    pub readings_from_day: i64,
    pub readings_to_day: i64,
}

pub async fn provider_windows(pool: &AnyPool) -> sqlx::Result<Vec<ProviderWindowRow>> {
    sqlx::query_as("SELECT id, name, readings_from_day, readings_to_day FROM providers ORDER BY id")
        .fetch_all(pool)
        .await
}

/// What a window reminder says: the parts the statement puts around each account's number.
pub struct WindowNotice<'a> {
    pub kind: &'a str,
    pub period: &'a str,
    pub title: &'a str,
    pub body_before_number: &'a str,
    pub body_after_number: &'a str,
}

/// A window reminder for every customer bound to an account of the provider that has a
/// meter and no reading for the period, once per customer, kind and account-period (the
/// unique key: a second scheduler, now or later, adds nothing). Rows made get `batch`.
pub async fn insert_window_notices(
    conn: &mut AnyConnection,
    provider_id: i64,
    notice: &WindowNotice<'_>,
    batch: &str,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "INSERT INTO notifications (user_id, kind, dedup_key, title, body, link, batch, created_at, provider_id) \
         SELECT b.user_id, $1, a.id || ':' || $2, $3, $4 || a.number || $5, '/accounts/' || a.id || '/readings', $6, $7, $8 \
         FROM bindings b JOIN accounts a ON a.id = b.account_id \
         WHERE a.provider_id = $8 \
           AND EXISTS (SELECT 1 FROM meters m WHERE m.account_id = a.id) \
           AND NOT EXISTS (SELECT 1 FROM meters m JOIN meter_readings r ON r.meter_id = m.id \
                           WHERE m.account_id = a.id AND r.period = $2) \
         ON CONFLICT (user_id, kind, dedup_key) DO NOTHING",
    )
    .bind(notice.kind)
    .bind(notice.period)
    .bind(notice.title)
    .bind(notice.body_before_number)
    .bind(notice.body_after_number)
    .bind(batch)
    .bind(now)
    .bind(provider_id)
    .execute(conn)
    .await?
    .rows_affected())
}

/// A notification to make.
pub struct NewNotification<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    /// With the kind, what makes it once.
    pub key: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
    pub provider_id: Option<i64>,
}

/// One notification; `false` when this customer already has the one of that kind and key.
pub async fn insert_one(
    conn: &mut AnyConnection,
    n: &NewNotification<'_>,
    batch: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let made = sqlx::query(
        "INSERT INTO notifications (user_id, kind, dedup_key, title, body, link, batch, created_at, provider_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (user_id, kind, dedup_key) DO NOTHING",
    )
    .bind(n.user_id)
    .bind(n.kind)
    .bind(n.key)
    .bind(n.title)
    .bind(n.body)
    .bind(n.link)
    .bind(batch)
    .bind(now)
    .bind(n.provider_id)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(made == 1)
}

#[derive(FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// The customer's newest notifications.
pub async fn newest(pool: &AnyPool, user_id: i64, limit: i64) -> sqlx::Result<Vec<NotificationRow>> {
    sqlx::query_as(
        "SELECT id, title, body, link, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn mark_all_read(pool: &AnyPool, user_id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

#[derive(FromRow)]
pub struct SwitchRow {
    pub topic: String,
    pub channel: String,
    /// 1 or 0 (sqlx's Any driver reads no SQLite booleans).
    pub enabled: i64,
}

pub async fn switches_of(pool: &AnyPool, user_id: i64) -> sqlx::Result<Vec<SwitchRow>> {
    sqlx::query_as("SELECT topic, channel, enabled FROM notification_settings WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(pool)
        .await
}

/// Sets one switch (inside the caller's transaction, which sets them all).
pub async fn set_switch(
    conn: &mut AnyConnection,
    user_id: i64,
    topic: &str,
    channel: &str,
    enabled: bool,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notification_settings (user_id, topic, channel, enabled) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, topic, channel) DO UPDATE SET enabled = excluded.enabled",
    )
    .bind(user_id)
    .bind(topic)
    .bind(channel)
    .bind(i64::from(enabled))
    .execute(conn)
    .await?;
    Ok(())
}

/// Keeps a browser's subscription for the customer; a browser that was another customer's
/// (a new sign-in on the same device) becomes this one's.
pub async fn save_subscription(
    conn: &mut AnyConnection,
    user_id: i64,
    endpoint: &str,
    p256dh: &str,
    auth: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, \
         auth = excluded.auth, created_at = excluded.created_at",
    )
    .bind(user_id)
    .bind(endpoint)
    .bind(p256dh)
    .bind(auth)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Keeps the customer's `keep` newest subscriptions and deletes the rest.
pub async fn trim_subscriptions(conn: &mut AnyConnection, user_id: i64, keep: i64) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM push_subscriptions WHERE user_id = $1 AND id NOT IN \
         (SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)",
    )
    .bind(user_id)
    .bind(keep)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes the customer's own subscription at `endpoint` (someone else's stays).
pub async fn delete_own_subscription(
    conn: &mut AnyConnection,
    user_id: i64,
    endpoint: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2")
        .bind(user_id)
        .bind(endpoint)
        .execute(conn)
        .await?;
    Ok(())
}

/// The push service said the subscription is gone.
pub async fn delete_subscription(pool: &AnyPool, endpoint: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM push_subscriptions WHERE endpoint = $1").bind(endpoint).execute(pool).await?;
    Ok(())
}

/// `(p256dh, auth)` of the browser at `endpoint`.
pub async fn subscription_keys(pool: &AnyPool, endpoint: &str) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT p256dh, auth FROM push_subscriptions WHERE endpoint = $1")
        .bind(endpoint)
        .fetch_optional(pool)
        .await
}

/// The value kept under `name`, storing `fresh` first if there is none (of several
/// instances starting at once, the first one's value wins for all).
pub async fn portal_key_or(pool: &AnyPool, name: &str, fresh: &str) -> sqlx::Result<String> {
    sqlx::query("INSERT INTO portal_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(fresh)
        .execute(pool)
        .await?;
    sqlx::query_scalar("SELECT value FROM portal_keys WHERE name = $1").bind(name).fetch_one(pool).await
}

/// A bound customer's charge of one month, for the bill notices.
#[derive(FromRow)]
pub struct BillRow {
    pub user_id: i64,
    pub account_id: i64,
    pub number: String,
    pub provider_id: i64,
    pub provider: String,
    pub period: String,
    pub amount_kopecks: i64,
    pub consumption_m3: i64,
    pub debt_kopecks: i64,
}

/// Up to `limit` charges of `periods` (positive ones, and with `in_debt` only of accounts
/// that still owe) whose bound customers have no notification of `kind` for them yet (the
/// key `account:period`).
pub async fn bills_without_notice(
    pool: &AnyPool,
    kind: &str,
    periods: &[String],
    in_debt: bool,
    limit: i64,
) -> sqlx::Result<Vec<BillRow>> {
    // Two periods at most (`domain::bill::fresh_periods`); a lone one is passed twice.
    let first = periods.first().map(String::as_str).unwrap_or("");
    let second = periods.get(1).map(String::as_str).unwrap_or(first);
    sqlx::query_as(
        "SELECT b.user_id, a.id AS account_id, a.number, a.provider_id, p.name AS provider, c.period, \
                c.amount_kopecks, c.consumption_m3, a.debt_kopecks \
         FROM charges c JOIN accounts a ON a.id = c.account_id \
         JOIN providers p ON p.id = a.provider_id JOIN bindings b ON b.account_id = a.id \
         WHERE c.period IN ($1, $2) AND c.amount_kopecks > 0 AND ($3 = 0 OR a.debt_kopecks > 0) \
           AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = b.user_id \
                           AND n.kind = $4 AND n.dedup_key = a.id || ':' || c.period) \
         ORDER BY c.account_id, b.user_id LIMIT $5",
    )
    .bind(first)
    .bind(second)
    .bind(i64::from(in_debt))
    .bind(kind)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn user_exists(pool: &AnyPool, user_id: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await?
        .is_some())
}

/// The notification of an announcement for every customer bound to an account of the
/// supplier, once per customer (`dedup_key` names the announcement). Rows made get `batch`.
#[allow(clippy::too_many_arguments)]
pub async fn insert_provider_notices(
    conn: &mut AnyConnection,
    provider_id: i64,
    kind: &str,
    dedup_key: &str,
    title: &str,
    body: &str,
    link: &str,
    batch: &str,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "INSERT INTO notifications (user_id, kind, dedup_key, title, body, link, batch, created_at, provider_id) \
         SELECT DISTINCT b.user_id, $1, $2, $3, $4, $5, $6, $7, $8 \
         FROM bindings b JOIN accounts a ON a.id = b.account_id WHERE a.provider_id = $8 \
         ON CONFLICT (user_id, kind, dedup_key) DO NOTHING",
    )
    .bind(kind)
    .bind(dedup_key)
    .bind(title)
    .bind(body)
    .bind(link)
    .bind(batch)
    .bind(now)
    .bind(provider_id)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Whether one of the customer's suppliers pays for SMS notices.
pub async fn has_sms_supplier(pool: &AnyPool, user_id: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT a.provider_id FROM bindings b JOIN accounts a ON a.id = b.account_id \
         JOIN providers p ON p.id = a.provider_id WHERE b.user_id = $1 AND p.sms_notices = 1 LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?
    .is_some())
}

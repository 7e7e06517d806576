//! The outbox table's one owner: queuing a message, the delivery worker's claim and marks,
//! what became of the newest message to a login, and the one retry cap. Delivery itself
//! (SMTP, SMS gateway, or the log in demo mode) is the server's worker
//! (`server::delivery`): a slow gateway never holds a request, a restart loses nothing.

use crate::domain::Login;
use crate::error::AppError;
use sqlx::{AnyConnection, AnyPool, FromRow};

/// Tries before a message is given up (also what `/metrics` counts as still queued).
pub const MAX_ATTEMPTS: i64 = 10;

pub struct Message {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Queues `message` for `to` inside the caller's transaction, so the message exists exactly
/// when the change that caused it does.
pub async fn enqueue(
    conn: &mut AnyConnection,
    to: &Login,
    message: Message,
    now: i64,
) -> Result<(), AppError> {
    let channel = if to.is_phone() { "sms" } else { "email" };
    sqlx::query(
        "INSERT INTO outbox (channel, recipient, subject, body_text, body_html, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(channel)
    .bind(to.as_str())
    .bind(message.subject)
    .bind(message.text)
    .bind(message.html)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// What a notification's message says around the notification itself (`enqueue_notifications`):
/// `text` is `before` + the notification's body (e-mail) or title (SMS) + `middle` + its
/// link + `after`.
pub struct NotificationFrame {
    pub subject_prefix: String,
    pub before: String,
    pub middle: String,
    pub after: String,
}

/// The set-based `enqueue`: a `channel` message for every notification of `batch` whose
/// customer has the channel on for `topic` (their switch, else `default_on`) and a contact
/// for it (the login, or the profile's contact of that kind). Sent from `send_at` (quiet
/// hours hold SMS back). Inside the caller's transaction, with the notifications.
#[allow(clippy::too_many_arguments)]
pub async fn enqueue_notifications(
    conn: &mut AnyConnection,
    batch: &str,
    topic: &str,
    channel: crate::domain::notification::Channel,
    default_on: bool,
    frame: &NotificationFrame,
    now: i64,
    send_at: i64,
    sms_everywhere: bool,
) -> Result<u64, AppError> {
    use crate::domain::notification::Channel;
    // Constant SQL per channel: which column is the text and who the contact is.
    let sql = match channel {
        Channel::Email => {
            "INSERT INTO outbox (channel, recipient, subject, body_text, created_at, next_attempt_at, unsubscribe) \
             SELECT $1, t.recipient, $2 || t.title, $3 || t.body || $4 || t.link || $5, $6, $7, \
               t.user_id || ':' || $9 FROM ( \
               SELECT n.user_id, n.title, n.body, n.link, \
                 CASE WHEN u.login LIKE '%@%' THEN u.login ELSE u.contact_email END AS recipient \
               FROM notifications n JOIN users u ON u.id = n.user_id \
               WHERE n.batch = $8 AND COALESCE((SELECT s.enabled FROM notification_settings s \
                 WHERE s.user_id = n.user_id AND s.topic = $9 AND s.channel = $1), $10) = 1 \
             ) t WHERE t.recipient IS NOT NULL"
        }
        Channel::Sms => {
            "INSERT INTO outbox (channel, recipient, subject, body_text, created_at, next_attempt_at) \
             SELECT $1, t.recipient, $2 || t.title, $3 || t.title || $4 || t.link || $5, $6, $7 FROM ( \
               SELECT n.title, n.link, \
                 CASE WHEN u.login LIKE '%@%' THEN u.contact_phone ELSE u.login END AS recipient \
               FROM notifications n JOIN users u ON u.id = n.user_id \
               WHERE n.batch = $8 AND COALESCE((SELECT s.enabled FROM notification_settings s \
                 WHERE s.user_id = n.user_id AND s.topic = $9 AND s.channel = $1), $10) = 1 \
                 AND ($11 = 1 OR EXISTS (SELECT 1 FROM providers p \
                   WHERE p.id = n.provider_id AND p.sms_notices = 1)) \
             ) t WHERE t.recipient IS NOT NULL"
        }
        // One message per browser the customer enabled; the frame is unused: a push carries
        // title, text and page (`link`) apart.
        Channel::Push => {
            "INSERT INTO outbox (channel, recipient, subject, body_text, created_at, next_attempt_at, link) \
             SELECT $1, p.endpoint, $2 || n.title, $3 || n.body || $4 || $5, $6, $7, n.link \
             FROM notifications n JOIN push_subscriptions p ON p.user_id = n.user_id \
             WHERE n.batch = $8 AND COALESCE((SELECT s.enabled FROM notification_settings s \
               WHERE s.user_id = n.user_id AND s.topic = $9 AND s.channel = $1), $10) = 1"
        }
    };
    let query = sqlx::query(sql)
        .bind(channel.code())
        .bind(&frame.subject_prefix)
        .bind(&frame.before)
        .bind(&frame.middle)
        .bind(&frame.after)
        .bind(now)
        .bind(send_at)
        .bind(batch)
        .bind(topic)
        .bind(i64::from(default_on));
    // Only the SMS statement asks who pays (`notifications.sms`: the portal, for all).
    let query = if channel == Channel::Sms { query.bind(i64::from(sms_everywhere)) } else { query };
    Ok(query.execute(conn).await?.rows_affected())
}

/// What became of the newest message to a login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    Queued,
    Sent,
    /// Refused by the gateway: the Russian reason, and whether retries go on.
    Failed {
        reason: String,
        retrying: bool,
    },
}

#[derive(FromRow)]
struct FateRow {
    sent_at: Option<i64>,
    last_error: Option<String>,
    attempts: i64,
}

pub async fn fate_of_latest(pool: &AnyPool, recipient: &str) -> Result<Option<Fate>, AppError> {
    let row: Option<FateRow> = sqlx::query_as(
        "SELECT sent_at, last_error, attempts FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(recipient)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| match row {
        FateRow { sent_at: Some(_), .. } => Fate::Sent,
        FateRow { last_error: Some(reason), attempts, .. } => {
            Fate::Failed { reason, retrying: attempts < MAX_ATTEMPTS }
        }
        _ => Fate::Queued,
    }))
}

/// A customer who withdraws the consent leaves nothing queued behind.
pub async fn delete_for(conn: &mut AnyConnection, recipient: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM outbox WHERE recipient = $1").bind(recipient).execute(conn).await?;
    Ok(())
}

/// A message as the worker sends it.
#[derive(FromRow)]
pub struct Outgoing {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    #[sqlx(rename = "body_text")]
    pub text: String,
    #[sqlx(rename = "body_html")]
    pub html: Option<String>,
    pub attempts: i64,
    /// The page a push opens.
    pub link: Option<String>,
    /// A notification e-mail's `user_id:topic`, for its unsubscribe link.
    pub unsubscribe: Option<String>,
}

/// Ids of up to `batch` messages due at `now` and not given up.
pub async fn due(pool: &AnyPool, now: i64, batch: i64) -> sqlx::Result<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 AND locked_until <= $1 \
         AND attempts < $2 ORDER BY id LIMIT $3",
    )
    .bind(now)
    .bind(MAX_ATTEMPTS)
    .bind(batch)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Takes the message for `claim_secs`: of several instances only one wins it. `None` when
/// another instance has it (or it was sent meanwhile).
pub async fn claim(pool: &AnyPool, id: i64, now: i64, claim_secs: i64) -> sqlx::Result<Option<Outgoing>> {
    let claimed = sqlx::query(
        "UPDATE outbox SET locked_until = $1 WHERE id = $2 AND locked_until <= $3 AND sent_at IS NULL",
    )
    .bind(now + claim_secs)
    .bind(id)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(None);
    }
    sqlx::query_as(
        "SELECT id, channel, recipient, subject, body_text, body_html, attempts, link, unsubscribe \
         FROM outbox WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Sent. The text may hold a code: it is kept no longer than needed, unless `keep_body`
/// (the development outbox, for tests and trials).
pub async fn mark_sent(pool: &AnyPool, id: i64, now: i64, keep_body: bool) -> sqlx::Result<()> {
    let sql = if keep_body {
        "UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2"
    } else {
        "UPDATE outbox SET sent_at = $1, body_text = '', body_html = NULL, attempts = attempts + 1 WHERE id = $2"
    };
    sqlx::query(sql).bind(now).bind(id).execute(pool).await?;
    Ok(())
}

/// Not sent: tried again after a doubling delay, or never again when `permanent` (the
/// customer then sees why).
pub async fn mark_failed(
    pool: &AnyPool,
    message: &Outgoing,
    now: i64,
    reason_ru: &str,
    permanent: bool,
) -> sqlx::Result<()> {
    let delay = 5 * 2_i64.pow(message.attempts.clamp(0, 10) as u32);
    let attempts = if permanent { MAX_ATTEMPTS } else { message.attempts + 1 };
    sqlx::query(
        "UPDATE outbox SET attempts = $1, next_attempt_at = $2, locked_until = 0, last_error = $3 WHERE id = $4",
    )
    .bind(attempts)
    .bind(now + delay)
    .bind(reason_ru)
    .bind(message.id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Messages still to be delivered, and when the oldest of them was queued.
pub async fn backlog(pool: &AnyPool) -> sqlx::Result<(i64, Option<i64>)> {
    sqlx::query_as("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL AND attempts < $1")
        .bind(MAX_ATTEMPTS)
        .fetch_one(pool)
        .await
}

/// The newest message to `recipient` (the development outbox): channel, subject, text.
#[derive(FromRow)]
pub struct Latest {
    pub channel: String,
    pub subject: String,
    #[sqlx(rename = "body_text")]
    pub text: String,
}

pub async fn latest_to(pool: &AnyPool, recipient: &str) -> sqlx::Result<Option<Latest>> {
    sqlx::query_as(
        "SELECT channel, subject, body_text FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(recipient)
    .fetch_optional(pool)
    .await
}

/// A message that failed at least once and was not sent, for the operators.
#[derive(FromRow)]
pub struct Undelivered {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub last_error: String,
    pub attempts: i64,
    pub created_at: i64,
}

/// The newest `limit` undelivered messages (retried still, or given up); index `outbox_failed`.
pub async fn undelivered(pool: &AnyPool, limit: i64) -> sqlx::Result<Vec<Undelivered>> {
    sqlx::query_as(
        "SELECT id, channel, recipient, subject, last_error, attempts, created_at FROM outbox \
         WHERE last_error IS NOT NULL AND sent_at IS NULL ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// How many messages are given up for good.
pub async fn given_up_count(pool: &AnyPool) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE last_error IS NOT NULL AND sent_at IS NULL AND attempts >= $1",
    )
    .bind(MAX_ATTEMPTS)
    .fetch_one(pool)
    .await
}

/// A given-up message tried again from now, with the full number of tries (an operator
/// fixed the cause: the mail server, the address). `false` if it is not given up.
pub async fn retry_given_up(conn: &mut AnyConnection, id: i64, now: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE outbox SET attempts = 0, next_attempt_at = $1, locked_until = 0 \
         WHERE id = $2 AND sent_at IS NULL AND attempts >= $3",
    )
    .bind(now)
    .bind(id)
    .bind(MAX_ATTEMPTS)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

//! Delivers the outbox: a worker claims due messages, sends each through its channel, and
//! retries failures with a growing delay. Claims expire, so a crashed instance's messages
//! are picked up by another; a restart loses nothing.
//!
//! Channels: without SMTP or an SMS gateway configured (the embedded default) messages are
//! written to the log, clearly marked as demo mode, code included, so the journey works on
//! a fresh machine.

use sqlx::AnyPool;
use std::time::Duration;

const BATCH: i64 = 20;
const CLAIM_SECS: i64 = 60;
const MAX_ATTEMPTS: i64 = 10;

struct Outgoing {
    id: i64,
    channel: String,
    recipient: String,
    subject: String,
    text: String,
    attempts: i64,
}

pub fn spawn_worker(pool: AnyPool, clock: app::server::clock::Clock, keep_bodies: bool) {
    tokio::spawn(async move {
        loop {
            match deliver_due(&pool, &clock, keep_bodies).await {
                Ok(0) => tokio::time::sleep(Duration::from_millis(500)).await,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "outbox: database unavailable, retrying");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
            if pool.is_closed() {
                break;
            }
        }
    });
}

/// Claims and delivers one batch of due messages; returns how many it handled.
pub async fn deliver_due(
    pool: &AnyPool,
    clock: &app::server::clock::Clock,
    keep_bodies: bool,
) -> sqlx::Result<usize> {
    let now = clock.now();
    let due: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 AND locked_until <= $1 \
         AND attempts < $2 ORDER BY id LIMIT $3",
    )
    .bind(now)
    .bind(MAX_ATTEMPTS)
    .bind(BATCH)
    .fetch_all(pool)
    .await?;
    let mut handled = 0;
    for (id,) in due {
        // Claim: only one instance wins each message.
        let claimed = sqlx::query(
            "UPDATE outbox SET locked_until = $1 WHERE id = $2 AND locked_until <= $3 AND sent_at IS NULL",
        )
        .bind(now + CLAIM_SECS)
        .bind(id)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected();
        if claimed == 0 {
            continue;
        }
        let (channel, recipient, subject, text, attempts): (String, String, String, String, i64) =
            sqlx::query_as(
                "SELECT channel, recipient, subject, body_text, attempts FROM outbox WHERE id = $1",
            )
            .bind(id)
            .fetch_one(pool)
            .await?;
        let msg = Outgoing { id, channel, recipient, subject, text, attempts };
        match send(&msg).await {
            Ok(()) => {
                // The text may hold a code: keep it no longer than needed (the development
                // outbox, for tests and trials, keeps it).
                let sql = if keep_bodies {
                    "UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2"
                } else {
                    "UPDATE outbox SET sent_at = $1, body_text = '', body_html = NULL, attempts = attempts + 1 WHERE id = $2"
                };
                sqlx::query(sql).bind(clock.now()).bind(msg.id).execute(pool).await?;
            }
            Err(error) => {
                let delay = 5 * 2_i64.pow(msg.attempts.min(10) as u32);
                tracing::warn!(id = msg.id, channel = %msg.channel, %error, "outbox: delivery failed, will retry");
                sqlx::query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, locked_until = 0, last_error = $2 WHERE id = $3")
                    .bind(clock.now() + delay)
                    .bind(error)
                    .bind(msg.id)
                    .execute(pool)
                    .await?;
            }
        }
        handled += 1;
    }
    Ok(handled)
}

async fn send(msg: &Outgoing) -> Result<(), String> {
    // Demo mode: no SMTP or SMS gateway is configured yet in this build.
    tracing::info!(
        target: "moygaz::outbox",
        channel = %msg.channel,
        to = %msg.recipient,
        subject = %msg.subject,
        "ДЕМО-РЕЖИМ (сообщение не отправлено, только в журнале): {}",
        msg.text
    );
    Ok(())
}

/// `GET /dev/outbox/latest?to=LOGIN`: the newest message to that login, for tests and local
/// trials. Routed only when `site.dev_outbox` is on and no real delivery is configured.
pub async fn dev_outbox_latest(
    axum::extract::State(state): axum::extract::State<app::state::AppState>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let to = q.get("to").and_then(|raw| app::domain::Login::parse(raw).ok());
    let Some(to) = to else { return axum::http::StatusCode::BAD_REQUEST.into_response() };
    let row: Result<Option<(String, String, String)>, _> = sqlx::query_as(
        "SELECT channel, subject, body_text FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(to.as_str())
    .fetch_optional(&state.pool)
    .await;
    match row {
        Ok(Some((channel, subject, text))) => {
            axum::Json(serde_json::json!({ "channel": channel, "subject": subject, "text": text }))
                .into_response()
        }
        Ok(None) => axum::http::StatusCode::NOT_FOUND.into_response(),
        Err(_) => axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

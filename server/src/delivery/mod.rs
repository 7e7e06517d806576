//! Delivers the outbox: a worker claims due messages, sends each through its channel, and
//! retries failures with a growing delay. Claims expire, so a crashed instance's messages
//! are picked up by another; a restart loses nothing.
//!
//! Channels: e-mail over SMTP (`mail`), SMS over SMS.ru (`sms`). A channel that is not
//! configured (the embedded default has neither) writes its messages to the log, clearly
//! marked as demo mode, code included, so the journey works on a fresh machine. In
//! production (`Settings::is_production`) such a message fails instead, and only its id and
//! channel are logged.

pub mod mail;
pub mod public_hosts;
pub mod push;
pub mod sms;

use app::server::outbox::{self, Outgoing};
use app::settings::Settings;
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Why a message did not go out, in words for the customer. Permanent failures (a wrong
/// number, a refused address, a gateway misconfiguration) stop the retries.
#[derive(Debug, Clone)]
pub struct DeliveryError {
    pub permanent: bool,
    pub reason_ru: String,
}

impl DeliveryError {
    pub fn permanent(reason: &str) -> Self {
        DeliveryError { permanent: true, reason_ru: reason.to_owned() }
    }
    pub fn transient(reason: &str) -> Self {
        DeliveryError { permanent: false, reason_ru: reason.to_owned() }
    }
}

/// The configured ways out.
#[derive(Clone, Default)]
pub struct Channels {
    pub mail: Option<mail::Mailer>,
    pub sms: Option<sms::SmsRu>,
    /// Web Push; always there when serving (the VAPID key is made if not configured).
    pub push: Option<push::WebPush>,
    /// Signs the unsubscribe links of notification e-mails; always there when serving.
    pub unsubscribe: Option<mail::UnsubscribeLinks>,
    /// `Settings::is_production`: a message for a channel that is not configured is then
    /// refused, and its text (a code, a link) never reaches the log.
    pub production: bool,
}

impl Channels {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Channels> {
        let mail = match &settings.mail.smtp_url {
            Some(url) => Some(mail::Mailer::new(url.expose(), &settings.mail.from)?),
            None => None,
        };
        let sms = match (&settings.sms.gateway_url, &settings.sms.api_id) {
            (Some(url), Some(api_id)) => Some(sms::SmsRu::new(url, api_id.expose(), &settings.sms.sender)),
            (Some(_), None) => {
                anyhow::bail!("ошибка конфигурации: задан `sms.gateway_url`, но не задан `sms.api_id`")
            }
            _ => None,
        };
        Ok(Channels { mail, sms, push: None, unsubscribe: None, production: settings.is_production() })
    }
}

const BATCH: i64 = 20;
const CLAIM_SECS: i64 = 60;

/// Runs until `stop` is cancelled (graceful shutdown), then ends after the message it is
/// sending, if any: `stop` is looked at between messages, never in the middle of one, so a
/// message is never sent without its row being marked.
pub fn spawn_worker(
    pool: AnyPool,
    clock: app::server::clock::Clock,
    channels: Arc<Channels>,
    keep_bodies: bool,
    stop: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while !stop.is_cancelled() && !pool.is_closed() {
            let pause = match deliver_due_until(&pool, &clock, &channels, keep_bodies, &stop).await {
                Ok(0) => Duration::from_millis(500),
                Ok(_) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox: database unavailable, retrying");
                    Duration::from_secs(2)
                }
            };
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = tokio::time::sleep(pause) => {}
            }
        }
        tracing::info!("outbox worker stopped");
    })
}

/// Claims and delivers one batch of due messages; returns how many it handled.
pub async fn deliver_due(
    pool: &AnyPool,
    clock: &app::server::clock::Clock,
    channels: &Channels,
    keep_bodies: bool,
) -> sqlx::Result<usize> {
    deliver_due_until(pool, clock, channels, keep_bodies, &CancellationToken::new()).await
}

/// `deliver_due` that stops claiming once `stop` is cancelled; the message being sent is
/// finished first.
pub async fn deliver_due_until(
    pool: &AnyPool,
    clock: &app::server::clock::Clock,
    channels: &Channels,
    keep_bodies: bool,
    stop: &CancellationToken,
) -> sqlx::Result<usize> {
    let now = clock.now();
    let mut handled = 0;
    for id in outbox::due(pool, now, BATCH).await? {
        if stop.is_cancelled() {
            break;
        }
        let Some(msg) = outbox::claim(pool, id, now, CLAIM_SECS).await? else { continue };
        match send(channels, &msg).await {
            Ok(()) => {
                outbox::mark_sent(pool, msg.id, clock.now(), keep_bodies).await?;
                metrics::counter!("moygaz_messages_sent_total", "channel" => msg.channel.clone())
                    .increment(1);
            }
            Err(error) => {
                tracing::warn!(id = msg.id, channel = %msg.channel, reason = %error.reason_ru, permanent = error.permanent, "outbox: delivery failed");
                let permanent = if error.permanent { "true" } else { "false" };
                metrics::counter!("moygaz_messages_failed_total", "channel" => msg.channel.clone(), "permanent" => permanent)
                    .increment(1);
                outbox::mark_failed(pool, &msg, clock.now(), &error.reason_ru, error.permanent).await?;
            }
        }
        handled += 1;
    }
    Ok(handled)
}

async fn send(channels: &Channels, msg: &Outgoing) -> Result<(), DeliveryError> {
    if let ("push", Some(push)) = (msg.channel.as_str(), &channels.push) {
        return push.send(msg).await;
    }
    // A notification e-mail ends with its unsubscribe link, and carries it in the headers.
    let unsubscribe = match (msg.channel.as_str(), &msg.unsubscribe, &channels.unsubscribe) {
        ("email", Some(list), Some(links)) => links.for_list(list),
        _ => None,
    };
    let text = match &unsubscribe {
        Some(link) => std::borrow::Cow::Owned(format!("{}{}", msg.text, link.footer())),
        None => std::borrow::Cow::Borrowed(msg.text.as_str()),
    };
    match (msg.channel.as_str(), &channels.mail, &channels.sms) {
        ("email", Some(mailer), _) => {
            mailer.send(&msg.recipient, &msg.subject, &text, msg.html.as_deref(), unsubscribe.as_ref()).await
        }
        ("sms", _, Some(gateway)) => gateway.send(&msg.recipient, &msg.text).await,
        _ if channels.production => {
            // Neither the text (a code, a link) nor the recipient goes to the log.
            tracing::warn!(target: "moygaz::outbox", id = msg.id, channel = %msg.channel, "outbox: channel not configured, message not sent");
            Err(DeliveryError::permanent(if msg.channel == "sms" {
                "Отправка SMS на портале не настроена"
            } else {
                "Отправка писем на портале не настроена"
            }))
        }
        _ => {
            tracing::info!(
                target: "moygaz::outbox",
                channel = %msg.channel,
                to = %msg.recipient,
                subject = %msg.subject,
                "ДЕМО-РЕЖИМ (канал не настроен, сообщение только в журнале): {}",
                text
            );
            Ok(())
        }
    }
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
    match outbox::latest_to(&state.pool, to.as_str()).await {
        Ok(Some(m)) => {
            axum::Json(serde_json::json!({ "channel": m.channel, "subject": m.subject, "text": m.text }))
                .into_response()
        }
        Ok(None) => axum::http::StatusCode::NOT_FOUND.into_response(),
        Err(_) => axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

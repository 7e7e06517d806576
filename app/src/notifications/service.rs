//! Making notifications and sending them out. A notification is a row in the customer's
//! list; its messages are rows in the outbox, queued in the same transaction, for each
//! channel the customer has on. The row's unique key (customer, kind, key) makes it once,
//! so a retried event or a second scheduler makes no second row and no second message.

use super::model::{ChoiceRow, ChoiceTable, MailSwitch, NotificationItem};
use super::repo;
use crate::domain::notification::{Channel, Kind, Topic};
use crate::domain::time::quiet_hours_end;
use crate::error::AppError;
use crate::server::outbox::{self, NotificationFrame};
use crate::state::AppState;
use sqlx::AnyConnection;

/// How many notifications the list shows.
const LIST_LENGTH: i64 = 50;

/// One notification, as an event makes it.
pub struct Notice {
    pub kind: Kind,
    /// With the kind, what makes it once: the payment's id, the ticket and message, …
    pub key: String,
    pub title: String,
    pub body: String,
    pub link: String,
    /// The supplier it is about (its SMS go only where the supplier pays for them).
    pub provider_id: Option<i64>,
}

/// Makes the notification and queues its messages on the channels the customer has on for
/// its topic, inside the caller's transaction. `false` when it was made before.
pub async fn notify(
    conn: &mut AnyConnection,
    state: &AppState,
    user_id: i64,
    notice: &Notice,
    now: i64,
) -> Result<bool, AppError> {
    let batch = crate::server::token::payment_id();
    let made = insert(conn, user_id, notice, &batch, now).await?;
    if made && notice.kind.topic().is_optional() {
        send_batch(conn, state, &batch, notice.kind.topic(), now).await?;
    }
    Ok(made)
}

/// An announcement to every customer of a supplier, inside the caller's transaction; sent
/// on the channels each has on for announcements. Returns (notifications, messages).
pub async fn announce(
    conn: &mut AnyConnection,
    state: &AppState,
    provider_id: i64,
    key: &str,
    title: &str,
    body: &str,
    now: i64,
) -> Result<(u64, u64), AppError> {
    let batch = crate::server::token::payment_id();
    let kind = Kind::Announcement;
    let made = repo::insert_provider_notices(
        conn,
        provider_id,
        kind.code(),
        key,
        title,
        body,
        "/notifications",
        &batch,
        now,
    )
    .await?;
    let queued = if made > 0 { send_batch(conn, state, &batch, kind.topic(), now).await? } else { 0 };
    Ok((made, queued))
}

/// Puts the notification in the list only: for answers and security notices, whose message
/// the caller sends itself to the contact they concern.
pub async fn record(
    conn: &mut AnyConnection,
    user_id: i64,
    notice: &Notice,
    now: i64,
) -> Result<bool, AppError> {
    insert(conn, user_id, notice, &crate::server::token::payment_id(), now).await
}

async fn insert(
    conn: &mut AnyConnection,
    user_id: i64,
    notice: &Notice,
    batch: &str,
    now: i64,
) -> Result<bool, AppError> {
    let Notice { kind, key, title, body, link, provider_id } = notice;
    let row = repo::NewNotification {
        user_id,
        kind: kind.code(),
        key,
        title,
        body,
        link,
        provider_id: *provider_id,
    };
    Ok(repo::insert_one(conn, &row, batch, now).await?)
}

/// Queues the e-mail and (where the portal offers it) SMS of every notification of `batch`.
/// SMS wait for the end of the quiet hours.
pub(super) async fn send_batch(
    conn: &mut AnyConnection,
    state: &AppState,
    batch: &str,
    topic: Topic,
    now: i64,
) -> Result<u64, AppError> {
    let mut queued = 0;
    // SMS too: the statement keeps those of suppliers that pay for them (or all, where the
    // portal's `notifications.sms` says so).
    for channel in Channel::ALL {
        let send_at = if channel.keeps_quiet_hours() { quiet_hours_end(now).unwrap_or(now) } else { now };
        let frame = frame(state, channel);
        queued += outbox::enqueue_notifications(
            conn,
            batch,
            topic.code(),
            channel,
            channel.on_by_default(),
            &frame,
            now,
            send_at,
            state.settings.notifications.sms,
        )
        .await?;
    }
    Ok(queued)
}

/// The channels a customer may choose: e-mail, push, and SMS where one of their suppliers
/// pays for it (or the portal's `notifications.sms` turns it on for all).
async fn offered_channels(state: &AppState, user_id: i64) -> Result<Vec<Channel>, AppError> {
    let sms = state.settings.notifications.sms || repo::has_sms_supplier(&state.pool, user_id).await?;
    Ok(Channel::ALL.into_iter().filter(|c| *c != Channel::Sms || sms).collect())
}

fn frame(state: &AppState, channel: Channel) -> NotificationFrame {
    let base = state.settings.site.public_url.trim_end_matches('/');
    match channel {
        Channel::Email => NotificationFrame {
            subject_prefix: "Мой ГАЗ: ".into(),
            before: "Здравствуйте!\n\n".into(),
            middle: format!("\n\nПодробнее в личном кабинете: {base}"),
            after: format!(
                "\n\nКакие уведомления присылать, можно выбрать в настройках: {base}/settings#notifications"
            ),
        },
        Channel::Sms => NotificationFrame {
            subject_prefix: "Мой ГАЗ: ".into(),
            before: "Мой ГАЗ: ".into(),
            middle: format!(" {base}"),
            after: String::new(),
        },
        // The push's title, text and page are its own fields (`outbox.link`).
        Channel::Push => NotificationFrame {
            subject_prefix: String::new(),
            before: String::new(),
            middle: String::new(),
            after: String::new(),
        },
    }
}

/// The customer's newest notifications, those not seen before marked, and from now on all
/// seen (the header's count goes back to zero).
pub async fn list_and_mark_seen(state: &AppState, user_id: i64) -> Result<Vec<NotificationItem>, AppError> {
    let rows = repo::newest(&state.pool, user_id, LIST_LENGTH).await?;
    if rows.iter().any(|r| r.read_at.is_none()) {
        repo::mark_all_read(&state.pool, user_id, state.clock.now()).await?;
    }
    Ok(rows
        .into_iter()
        .map(|r| NotificationItem {
            id: r.id,
            title: r.title,
            body: r.body,
            link: r.link,
            created_at: r.created_at,
            unread: r.read_at.is_none(),
        })
        .collect())
}

/// The settings table as the customer has it.
pub async fn choices(state: &AppState, user_id: i64) -> Result<ChoiceTable, AppError> {
    let saved = repo::switches_of(&state.pool, user_id).await?;
    let channels = offered_channels(state, user_id).await?;
    let rows = Topic::ALL
        .into_iter()
        .map(|topic| ChoiceRow {
            topic,
            switches: channels
                .iter()
                .map(|&channel| {
                    topic.is_optional().then(|| {
                        saved
                            .iter()
                            .find(|s| s.topic == topic.code() && s.channel == channel.code())
                            .map(|s| s.enabled == 1)
                            .unwrap_or(channel.on_by_default())
                    })
                })
                .collect(),
        })
        .collect();
    Ok(ChoiceTable { push_key: state.vapid_public_key.to_string(), channels, rows })
}

/// Saves the whole table: the switches in `on` are on, every other offered one off.
pub async fn save_choices(state: &AppState, user_id: i64, on: &[(Topic, Channel)]) -> Result<(), AppError> {
    let channels = offered_channels(state, user_id).await?;
    let mut tx = state.pool.begin().await?;
    for topic in Topic::ALL.into_iter().filter(|t| t.is_optional()) {
        for &channel in &channels {
            let enabled = on.contains(&(topic, channel));
            repo::set_switch(&mut tx, user_id, topic.code(), channel.code(), enabled).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Keeps a browser's subscription (at most `push::MAX_PER_CUSTOMER` a customer, the oldest
/// goes), forgetting the one it replaces.
pub async fn subscribe(
    state: &AppState,
    user_id: i64,
    subscription: &super::push::Subscription,
    replaces: &str,
) -> Result<(), AppError> {
    let mut tx = state.pool.begin().await?;
    // One of this customer's subscriptions at a time, or parallel ones outgrow the cap.
    crate::auth::repo::lock_user(&mut tx, user_id).await?;
    repo::save_subscription(
        &mut tx,
        user_id,
        &subscription.endpoint,
        &subscription.p256dh,
        &subscription.auth,
        state.clock.now(),
    )
    .await?;
    // The replaced endpoint goes in the same transaction, before the trim: a failure leaves
    // the old subscription in place, and it never pushes out one the trim should keep.
    if !replaces.is_empty() && replaces != subscription.endpoint {
        repo::delete_own_subscription(&mut tx, user_id, replaces).await?;
    }
    repo::trim_subscriptions(&mut tx, user_id, super::push::MAX_PER_CUSTOMER).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn unsubscribe(state: &AppState, user_id: i64, endpoint: &str) -> Result<(), AppError> {
    let mut conn = state.pool.acquire().await?;
    Ok(repo::delete_own_subscription(&mut conn, user_id, endpoint).await?)
}

/// The customer and topic of an unsubscribe link; `NotFound` for a forged or mangled one,
/// or one of a customer who is no more.
async fn link_owner(state: &AppState, token: &str) -> Result<(i64, Topic), AppError> {
    let key = super::unsubscribe::UnsubscribeKey::load(&state.pool).await?;
    let (user_id, topic) = key.verify(token).ok_or(AppError::NotFound)?;
    if !repo::user_exists(&state.pool, user_id).await? {
        return Err(AppError::NotFound);
    }
    Ok((user_id, topic))
}

/// Whether the e-mails an unsubscribe link is about come now.
pub async fn mail_switch(state: &AppState, token: &str) -> Result<MailSwitch, AppError> {
    let (user_id, topic) = link_owner(state, token).await?;
    let on = repo::switches_of(&state.pool, user_id)
        .await?
        .iter()
        .find(|s| s.topic == topic.code() && s.channel == Channel::Email.code())
        .map(|s| s.enabled == 1)
        .unwrap_or(Channel::Email.on_by_default());
    Ok(MailSwitch { topic, on })
}

/// Turns the e-mails of an unsubscribe link's topic off (or on again), without signing in:
/// the link is the proof (RFC 8058).
pub async fn set_mail_switch(state: &AppState, token: &str, on: bool) -> Result<MailSwitch, AppError> {
    let (user_id, topic) = link_owner(state, token).await?;
    let mut conn = state.pool.acquire().await?;
    repo::set_switch(&mut conn, user_id, topic.code(), Channel::Email.code(), on).await?;
    tracing::info!(user_id, topic = topic.code(), on, "notification e-mails switched by link");
    Ok(MailSwitch { topic, on })
}

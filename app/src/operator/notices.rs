//! The console's notices page: an announcement to every customer of a supplier (planned
//! works, a tariff change), previewed with the number it reaches before it goes, sent once
//! and audited; and the messages the outbox could not deliver, with the reason, which an
//! operator can send again once the cause is fixed.

use super::model::{AnnouncementDraft, Audience, NoticesDesk, SentAnnouncement, UndeliveredMessage};
use super::repo::announcements as repo;
use crate::auth::guards::Operator;
use crate::domain::announcement::Announcement;
use crate::domain::audit::{Actor, Subject};
use crate::domain::notification::Channel;
use crate::error::AppError;
use crate::server::{audit, outbox};
use crate::state::AppState;

/// Undelivered messages and sent announcements the page lists.
const LISTED: i64 = 50;
const SENT_LISTED: i64 = 10;

pub async fn desk(state: &AppState, draft_id: Option<i64>) -> Result<NoticesDesk, AppError> {
    let providers: Vec<Audience> = repo::audiences(&state.pool)
        .await?
        .into_iter()
        .map(|r| Audience { provider_id: r.provider_id, name: r.name, customers: r.customers })
        .collect();
    let draft = match draft_id {
        Some(id) => repo::draft(&state.pool, id).await?.map(|d| AnnouncementDraft {
            customers: providers.iter().find(|p| p.provider_id == d.provider_id).map_or(0, |p| p.customers),
            id: d.id,
            provider_id: d.provider_id,
            provider: d.provider,
            title: d.title,
            text: d.body,
        }),
        None => None,
    };
    let sent = repo::newest_sent(&state.pool, SENT_LISTED)
        .await?
        .into_iter()
        .map(|r| SentAnnouncement {
            provider: r.provider,
            title: r.title,
            sent_at: r.sent_at,
            recipients: r.recipients,
        })
        .collect();
    let undelivered = outbox::undelivered(&state.pool, LISTED)
        .await?
        .into_iter()
        .map(|m| {
            let channel = match m.channel.as_str() {
                "email" => Channel::Email,
                "sms" => Channel::Sms,
                _ => Channel::Push,
            };
            UndeliveredMessage {
                id: m.id,
                channel: channel.label().to_owned(),
                // A push address is a long URL of the browser's push service: it says nothing.
                recipient: if channel == Channel::Push { String::new() } else { m.recipient },
                subject: m.subject,
                reason: m.last_error,
                attempts: m.attempts,
                created_at: m.created_at,
                given_up: m.attempts >= outbox::MAX_ATTEMPTS,
            }
        })
        .collect();
    let given_up = outbox::given_up_count(&state.pool).await?;
    Ok(NoticesDesk { providers, draft, sent, undelivered, given_up })
}

/// Keeps the announcement as a draft for the preview; its id.
pub async fn prepare(
    state: &AppState,
    operator: Operator,
    provider_id: i64,
    announcement: &Announcement,
) -> Result<i64, AppError> {
    let known = repo::audiences(&state.pool).await?.iter().any(|p| p.provider_id == provider_id);
    if !known {
        return Err(AppError::validation("provider", "Выберите поставщика"));
    }
    Ok(repo::insert_draft(
        &state.pool,
        provider_id,
        announcement.title(),
        announcement.text(),
        operator.user_id,
        state.clock.now(),
    )
    .await?)
}

/// Sends the draft to every customer of its supplier: the notifications, their messages and
/// the audit entry in one transaction. A draft sent before (a second click, another
/// operator) is `NotFound`, and nothing goes twice. Returns how many customers it reached.
pub async fn send(state: &AppState, operator: Operator, draft_id: i64) -> Result<u64, AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let draft = repo::claim_draft(&mut tx, draft_id, now).await?.ok_or(AppError::NotFound)?;
    let key = format!("announcement:{}", draft.id);
    let (made, queued) = crate::notifications::service::announce(
        &mut tx,
        state,
        draft.provider_id,
        &key,
        &draft.title,
        &draft.body,
        now,
    )
    .await?;
    repo::set_recipients(&mut tx, draft.id, made as i64).await?;
    audit::record(
        &mut tx,
        now,
        Actor::Operator(operator.user_id),
        "announcement_sent",
        &Subject::Provider(draft.provider_id),
        &format!("«{}»: клиентов {made}, сообщений {queued}", draft.title),
    )
    .await?;
    tx.commit().await?;
    Ok(made)
}

/// Tries a given-up message again, audited.
pub async fn redeliver(state: &AppState, operator: Operator, message_id: i64) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    if !outbox::retry_given_up(&mut tx, message_id, now).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        now,
        Actor::Operator(operator.user_id),
        "message_redelivered",
        &Subject::Message(message_id),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

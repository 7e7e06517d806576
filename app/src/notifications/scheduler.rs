//! Reminders that come from the calendar: the readings window opened, and closes soon; new
//! charges and the due date (`bills`). Each
//! instance runs `run` every `notifications.scheduler_every_secs`; what one run makes,
//! another (on this instance later, or on another at the same time) cannot make again,
//! because every reminder has its key (customer, kind, account and period).

use super::repo::{self, WindowNotice};
use super::service::send_batch;
use crate::domain::ReadingWindow;
use crate::domain::notification::{Kind, Topic};
use crate::domain::reading::WindowReminderKind;
use crate::domain::time::date_msk;
use crate::error::AppError;
use crate::state::AppState;

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Notifications made.
    pub made: u64,
    /// Messages queued for them.
    pub queued: u64,
}

/// One pass over every provider: a provider's reminders and their messages are one
/// transaction (one statement for the notifications of all its customers, one per channel
/// for the messages).
pub async fn run(state: &AppState) -> Result<Run, AppError> {
    let now = state.clock.now();
    let today = date_msk(now);
    let mut total = super::bills::run(state).await?;
    for provider in repo::provider_windows(&state.pool).await? {
        let window = ReadingWindow {
            from_day: provider.readings_from_day as u32,
            to_day: provider.readings_to_day as u32,
        };
        let Some(reminder) = window.reminder(today) else { continue };
        let kind = match reminder.kind {
            WindowReminderKind::Opened => Kind::WindowOpened,
            WindowReminderKind::ClosingSoon => Kind::WindowClosing,
        };
        let title = reminder.title();
        let (before, after) = reminder.body_around_number(&provider.name);
        let batch = crate::server::token::payment_id();
        let mut tx = state.pool.begin().await?;
        let notice = WindowNotice {
            kind: kind.code(),
            period: &reminder.period,
            title: &title,
            body_before_number: &before,
            body_after_number: &after,
        };
        let made = repo::insert_window_notices(&mut tx, provider.id, &notice, &batch, now).await?;
        let queued =
            if made > 0 { send_batch(&mut tx, state, &batch, Topic::Readings, now).await? } else { 0 };
        tx.commit().await?;
        if made > 0 {
            tracing::info!(provider = provider.id, kind = kind.code(), made, queued, "reminders made");
        }
        total.made += made;
        total.queued += queued;
    }
    Ok(total)
}

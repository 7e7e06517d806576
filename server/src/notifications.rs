//! The reminders' scheduler on this instance: every `notifications.scheduler_every_secs`
//! (0: never, as in the browser tests, whose clock stands in the readings window), one run
//! of `app::notifications::scheduler`. Several instances may run it at once: each reminder
//! has its unique key, so only one of them makes it. Autopay's calendar runs with it
//! (`app::payments::autopay::scheduler`): each of its charges is claimed once too.

use app::state::AppState;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

pub fn spawn_scheduler(state: AppState, stop: CancellationToken) {
    let every = state.settings.notifications.scheduler_every_secs;
    if every == 0 {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(every));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.cancelled() => return,
            }
            if state.pool.is_closed() {
                return;
            }
            match app::notifications::scheduler::run(&state).await {
                Ok(run) if run.made > 0 => {
                    tracing::info!(made = run.made, queued = run.queued, "reminders scheduled")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "the reminders' scheduler failed; will try again"),
            }
            match app::payments::autopay::scheduler::run(&state).await {
                Ok(run) if run.notices + run.charges > 0 => {
                    tracing::info!(notices = run.notices, charges = run.charges, "autopay ran")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "autopay's scheduler failed; will try again"),
            }
        }
    });
}

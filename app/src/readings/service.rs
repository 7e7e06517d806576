//! Taking a reading: the binding, the window, the meter's rules, then one upsert, so two
//! submissions at once still leave one reading for the meter and period.

use super::model::{Accepted, MeterForm, ReadingsForm};
use super::repo;
use crate::accounts::binding::binding_of;
use crate::accounts::model::Access;
use crate::domain::audit::{Actor, Subject};
use crate::domain::reading::period_of;
use crate::domain::time::{date_msk, day_number};
use crate::domain::{Reading, ReadingWindow};
use crate::error::AppError;
use crate::server::audit;
use crate::state::AppState;

async fn window_of(state: &AppState, account_id: i64) -> Result<ReadingWindow, AppError> {
    let row = repo::window_of(&state.pool, account_id).await?;
    Ok(ReadingWindow { from_day: row.readings_from_day as u32, to_day: row.readings_to_day as u32 })
}

/// The last accepted reading before this period's portal reading, which it may replace.
async fn last_accepted(
    state: &AppState,
    meter_id: i64,
    period: &str,
) -> Result<Option<(String, i64)>, AppError> {
    Ok(repo::last_before_portal(&state.pool, meter_id, period).await?.map(|r| (r.period, r.value)))
}

pub async fn form(state: &AppState, user_id: i64, account_id: i64) -> Result<ReadingsForm, AppError> {
    let (account, tariffs) =
        crate::accounts::service::summary_with_tariffs(state, user_id, account_id).await?;
    let window = window_of(state, account_id).await?;
    let today = date_msk(state.clock.now());
    let period = period_of(today);
    let extended = account.access == Access::Extended;
    let meter_rows = repo::meters_of(&state.pool, account_id).await?;
    let mut forms = Vec::with_capacity(meter_rows.len());
    let mut history = Vec::new();
    for (i, m) in meter_rows.iter().enumerate() {
        let this_period = repo::portal_value(&state.pool, m.id, &period).await?;
        let title = match (extended, meter_rows.len()) {
            (true, _) => format!("{} № {}", m.title, m.serial),
            (false, 1) => m.title.clone(),
            (false, _) => format!("{} {}", m.title, i + 1),
        };
        if extended {
            history.extend(super::history::of_meter(state, user_id, m.id, &title).await?);
        }
        forms.push(MeterForm {
            meter_id: m.id,
            title,
            digits: m.digits as u32,
            last: last_accepted(state, m.id, &period).await?,
            this_period,
        });
    }
    let price_kopecks =
        tariffs.and_then(|t| t.on(day_number(today)).map(|(price, _, _)| price.kopecks_per_m3));
    Ok(ReadingsForm {
        account,
        window,
        closed_message: (!window.is_open(today.2)).then(|| window.closed_message(today)),
        period,
        meters: forms,
        history: extended.then_some(history),
        price_kopecks,
    })
}

pub async fn submit(
    state: &AppState,
    user_id: i64,
    account_id: i64,
    meter_id: i64,
    raw: &str,
) -> Result<Accepted, AppError> {
    binding_of(state, user_id, account_id).await?;
    let meter = repo::meters_of(&state.pool, account_id)
        .await?
        .into_iter()
        .find(|m| m.id == meter_id)
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let today = date_msk(now);
    let window = window_of(state, account_id).await?;
    if !window.is_open(today.2) {
        return Err(AppError::validation("value", window.closed_message(today)));
    }
    let period = period_of(today);
    let last = last_accepted(state, meter.id, &period).await?.map(|(_, v)| v);
    let reading = Reading::parse(raw, meter.digits as u32)
        .and_then(|r| r.check_against(last, state.settings.readings.max_jump_m3))
        .map_err(|e| AppError::validation("value", e))?;
    let previous = repo::portal_value(&state.pool, meter.id, &period).await?;
    // One reading per meter and period: a second one (or a concurrent one) replaces it, and
    // the customer who gave the latest is the one recorded. A single statement, so
    // concurrent submissions never race between a read and a write; audited with it.
    let mut tx = state.pool.begin().await?;
    repo::upsert_portal_reading(&mut tx, meter.id, &period, reading.value(), now, user_id).await?;
    let details = format!("meter={}; period={period}; value={}", meter.id, reading.value());
    audit::record(
        &mut tx,
        now,
        Actor::User(user_id),
        "reading.submitted",
        &Subject::Account(account_id),
        &details,
    )
    .await?;
    tx.commit().await?;
    metrics::counter!("moygaz_readings_accepted_total").increment(1);
    tracing::info!(user_id, account_id, meter_id, "reading accepted");
    Ok(Accepted { period, value: reading.value(), replaced: previous.is_some() })
}

//! Taking a reading: the binding, the window, the meter's rules, then one upsert, so two
//! submissions at once still leave one reading for the meter and period.

use super::model::{Accepted, MeterForm, ReadingsForm};
use crate::accounts::model::Access;
use crate::accounts::service::{actor, binding_of, subject_of};
use crate::domain::reading::period_of;
use crate::domain::time::date_msk;
use crate::domain::{Reading, ReadingWindow};
use crate::error::AppError;
use crate::server::audit;
use crate::state::AppState;

struct MeterRow {
    id: i64,
    serial: String,
    title: String,
    digits: u32,
}

async fn window_of(state: &AppState, account_id: i64) -> Result<ReadingWindow, AppError> {
    let (from_day, to_day): (i64, i64) = sqlx::query_as(
        "SELECT p.readings_from_day, p.readings_to_day FROM accounts a JOIN providers p ON p.id = a.provider_id \
         WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_one(&state.pool)
    .await?;
    Ok(ReadingWindow { from_day: from_day as u32, to_day: to_day as u32 })
}

async fn meters(state: &AppState, account_id: i64) -> Result<Vec<MeterRow>, AppError> {
    let rows: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT id, serial, title, digits FROM meters WHERE account_id = $1 ORDER BY id")
            .bind(account_id)
            .fetch_all(&state.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, serial, title, digits)| MeterRow { id, serial, title, digits: digits as u32 })
        .collect())
}

/// The last accepted reading before this period's portal reading, which it may replace.
async fn last_accepted(
    state: &AppState,
    meter_id: i64,
    period: &str,
) -> Result<Option<(String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT period, value FROM meter_readings WHERE meter_id = $1 AND NOT (source = 'portal' AND period = $2) \
         ORDER BY period DESC, accepted_at DESC LIMIT 1",
    )
    .bind(meter_id)
    .bind(period)
    .fetch_optional(&state.pool)
    .await?)
}

pub async fn form(state: &AppState, user_id: i64, account_id: i64) -> Result<ReadingsForm, AppError> {
    let binding = binding_of(state, user_id, account_id).await?;
    let account = crate::accounts::service::list(state, user_id)
        .await?
        .into_iter()
        .find(|a| a.account_id == account_id)
        .ok_or(AppError::NotFound)?;
    let window = window_of(state, account_id).await?;
    let today = date_msk(state.clock.now());
    let period = period_of(today);
    let extended = binding.access == Access::Extended;
    let meter_rows = meters(state, account_id).await?;
    let mut forms = Vec::with_capacity(meter_rows.len());
    let mut history = Vec::new();
    for (i, m) in meter_rows.iter().enumerate() {
        let this_period: Option<(i64,)> = sqlx::query_as(
            "SELECT value FROM meter_readings WHERE meter_id = $1 AND period = $2 AND source = 'portal'",
        )
        .bind(m.id)
        .bind(&period)
        .fetch_optional(&state.pool)
        .await?;
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
            digits: m.digits,
            last: last_accepted(state, m.id, &period).await?,
            this_period: this_period.map(|(v,)| v),
        });
    }
    Ok(ReadingsForm {
        account,
        window,
        closed_message: (!window.is_open(today.2)).then(|| window.closed_message(today)),
        period,
        meters: forms,
        history: extended.then_some(history),
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
    let meter =
        meters(state, account_id).await?.into_iter().find(|m| m.id == meter_id).ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let today = date_msk(now);
    let window = window_of(state, account_id).await?;
    if !window.is_open(today.2) {
        return Err(AppError::validation("value", window.closed_message(today)));
    }
    let period = period_of(today);
    let last = last_accepted(state, meter.id, &period).await?.map(|(_, v)| v);
    let reading = Reading::parse(raw, meter.digits)
        .and_then(|r| r.check_against(last, state.settings.readings.max_jump_m3))
        .map_err(|e| AppError::validation("value", e))?;
    let previous: Option<(i64,)> = sqlx::query_as(
        "SELECT value FROM meter_readings WHERE meter_id = $1 AND period = $2 AND source = 'portal'",
    )
    .bind(meter.id)
    .bind(&period)
    .fetch_optional(&state.pool)
    .await?;
    // One reading per meter and period: a second one (or a concurrent one) replaces it, and
    // the customer who gave the latest is the one recorded. A single statement, so
    // concurrent submissions never race between a read and a write; audited with it.
    let mut tx = state.pool.begin().await?;
    sqlx::query(
        "INSERT INTO meter_readings (meter_id, period, value, source, accepted_at, submitted_by) \
         VALUES ($1, $2, $3, 'portal', $4, $5) \
         ON CONFLICT (meter_id, period, source) DO UPDATE SET value = excluded.value, \
         accepted_at = excluded.accepted_at, submitted_by = excluded.submitted_by",
    )
    .bind(meter.id)
    .bind(&period)
    .bind(reading.value())
    .bind(now)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    let details = format!("meter={}; period={period}; value={}", meter.id, reading.value());
    audit::record(&mut tx, now, actor(user_id), "reading.submitted", &subject_of(account_id), &details)
        .await?;
    tx.commit().await?;
    metrics::counter!("moygaz_readings_accepted_total").increment(1);
    tracing::info!(user_id, account_id, meter_id, "reading accepted");
    Ok(Accepted { period, value: reading.value(), replaced: previous.is_some() })
}

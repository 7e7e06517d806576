//! Server functions of meter readings. Stable endpoints under `/api/readings/…`.

use super::model::{Accepted, ReadingsForm};
use crate::error::AppError;
use leptos::prelude::*;

/// The readings form of one account (basic access is enough).
#[server(prefix = "/api", endpoint = "readings/form")]
pub async fn get_readings_form(account_id: i64) -> Result<ReadingsForm, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    super::service::form(&state, user_id, account_id).await
}

/// A new reading of one meter, in whole m³ as typed.
#[server(prefix = "/api", endpoint = "readings/submit")]
pub async fn submit_reading(account_id: i64, meter_id: i64, value: String) -> Result<Accepted, AppError> {
    let (state, user_id) = crate::auth::guards::require_consented().await?;
    let accepted = super::service::submit(&state, user_id, account_id, meter_id, &value).await?;
    crate::form_replay::next_page(&format!("/accounts/{account_id}/readings?accepted={meter_id}"));
    Ok(accepted)
}

//! The server's side of payments: choosing the acquirer from the settings, the acquirer's
//! notifications (`POST /payments/notify`) and the background re-check of payments whose
//! notification never came. The rules themselves live in `app::payments`.

use anyhow::Context;
use app::payments::acquirer::Acquirer;
use app::payments::sandbox::Sandbox;
use app::payments::yookassa::YooKassa;
use app::settings::{PaymentProvider, Settings};
use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use std::sync::Arc;
use std::time::Duration;

pub fn acquirer(
    settings: &Settings,
    pool: &sqlx::AnyPool,
    clock: &app::server::clock::Clock,
) -> anyhow::Result<Arc<dyn Acquirer>> {
    let p = &settings.payments;
    Ok(match p.provider {
        PaymentProvider::Sandbox => Arc::new(Sandbox { pool: pool.clone(), clock: clock.clone() }),
        PaymentProvider::Yookassa => {
            let shop_id =
                p.shop_id.as_deref().context("payments.shop_id is required for provider = \"yookassa\"")?;
            let secret = p
                .secret_key
                .as_ref()
                .context("payments.secret_key is required for provider = \"yookassa\"")?;
            Arc::new(YooKassa::new(&p.api_url, shop_id, secret.expose()))
        }
    })
}

/// YooKassa's notification: `{"type": "notification", "event": "payment.succeeded",
/// "object": {"id": …}}`. Only the id is used; the status is re-read from the API. Answers
/// 200 to anything well-formed (also unknown ids), so the acquirer stops retrying.
pub async fn notify(State(state): State<AppState>, body: axum::body::Bytes) -> StatusCode {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let Some(id) = json["object"]["id"].as_str().filter(|id| !id.is_empty() && id.len() <= 100) else {
        return StatusCode::BAD_REQUEST;
    };
    match app::payments::service::on_notification(&state, id).await {
        Ok(true) => StatusCode::OK,
        Ok(false) => {
            tracing::warn!(acquirer_id = id, "notification for a payment we do not know");
            StatusCode::OK
        }
        // A database hiccup: a 5xx makes the acquirer send it again.
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// Every half minute, re-checks payments pending for over two minutes.
pub fn spawn_recheck(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            match app::payments::service::recheck_pending(&state, 120).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(settled = n, "pending payments settled by re-check"),
                Err(e) => tracing::warn!(error = %e, "payment re-check failed"),
            }
        }
    });
}

use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json};
use serde_json::json;

/// `GET /healthz`: 200 when the database answers, 503 otherwise (for load balancers).
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match crate::db::ping(&state.pool).await {
        Ok(()) => {
            (StatusCode::OK, Json(json!({ "status": "ok", "database": "ok", "version": app::VERSION })))
        }
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "error", "database": "unavailable", "version": app::VERSION })),
            )
        }
    }
}

/// Whether this instance may take traffic: set once the migrations ran, cleared when the
/// instance starts shutting down (the load balancer stops sending before it stops serving).
#[derive(Clone, Default)]
pub struct Readiness(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Readiness {
    pub fn set(&self, ready: bool) {
        self.0.store(ready, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn is_ready(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// `GET /readyz`: 200 once the migrations ran and the database answers a `SELECT 1` within a
/// second, 503 otherwise. `/healthz` stays the liveness check.
pub async fn readyz(
    State(state): State<AppState>,
    readiness: Option<axum::Extension<Readiness>>,
) -> impl IntoResponse {
    let unavailable = |why: &str| {
        (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "unavailable", "reason": why })))
    };
    if !readiness.is_some_and(|r| r.is_ready()) {
        return unavailable("starting or stopping");
    }
    match tokio::time::timeout(std::time::Duration::from_secs(1), crate::db::ping(&state.pool)).await {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({ "status": "ready" }))),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: database unavailable");
            unavailable("database")
        }
        Err(_) => {
            tracing::warn!("readiness: database did not answer within a second");
            unavailable("database")
        }
    }
}

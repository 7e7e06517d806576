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

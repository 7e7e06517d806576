//! Errors at the HTTP edge: caught panics. (A server function's error picks its own status
//! where it is encoded: `AppError::ser`.)

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;

type PanicHandler = fn(Box<dyn std::any::Any + Send + 'static>) -> Response;

/// A panic anywhere in a handler becomes a Russian 500 page, never a dropped connection.
pub fn catch_panic() -> CatchPanicLayer<PanicHandler> {
    CatchPanicLayer::custom(|_panic| {
        tracing::error!("request handler panicked");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Что-то пошло не так на нашей стороне. Попробуйте ещё раз через минуту.",
        )
            .into_response()
    })
}

//! Every request gets an id of ours (a random UUID): it is in the trace span, so every log
//! line written while the request is handled carries it, and it goes back to the client in
//! `X-Request-Id` (a customer reporting a problem can quote it). An id the client sends is
//! replaced, never trusted: it would let anyone plant or reuse ids in our logs.

use axum::body::Body;
use axum::extract::Request;
use axum::http::HeaderName;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Drops a client's `X-Request-Id`, so that `set` always makes a fresh one.
pub async fn forget_incoming(mut req: Request) -> Request {
    req.headers_mut().remove(X_REQUEST_ID);
    req
}

pub fn set() -> SetRequestIdLayer<MakeRequestUuid> {
    SetRequestIdLayer::x_request_id(MakeRequestUuid)
}

pub fn propagate() -> PropagateRequestIdLayer {
    PropagateRequestIdLayer::x_request_id()
}

/// The request's span: its id, method and path (never the query string, which may hold a
/// confirmation token). At INFO, so it is on whenever the events inside it are.
pub fn span(req: &axum::http::Request<Body>) -> tracing::Span {
    let id = req.headers().get(X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
}

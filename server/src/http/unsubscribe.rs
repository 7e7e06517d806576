//! `/unsubscribe/{token}/one-click`, the `List-Unsubscribe` address of notification e-mails
//! (RFC 8058). A mail client's one click POSTs `List-Unsubscribe=One-Click` here from its
//! own servers, cross-site and without cookies, so the same-origin check lets this path
//! through: the signed token is the whole proof, and it can only turn one topic's e-mails
//! off. A client that opens the address instead (GET) is sent to the page that asks first.

use app::error::AppError;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

pub const SUFFIX: &str = "/one-click";

/// Whether `path` is a one-click address (for the same-origin check).
pub fn is_one_click(path: &str) -> bool {
    path.starts_with("/unsubscribe/") && path.ends_with(SUFFIX)
}

pub async fn one_click(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let text = |status, body: &str| {
        (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body.to_owned()).into_response()
    };
    match app::notifications::service::set_mail_switch(&state, &token, false).await {
        Ok(switch) => text(StatusCode::OK, &format!("Письма «{}» больше не приходят.", switch.topic.label())),
        Err(AppError::NotFound) => text(StatusCode::NOT_FOUND, "Ссылка недействительна."),
        Err(_) => text(StatusCode::SERVICE_UNAVAILABLE, "Не получилось, попробуйте позже."),
    }
}

pub async fn open(Path(token): Path<String>) -> Response {
    // Only a token's own characters go into the address.
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return StatusCode::NOT_FOUND.into_response();
    }
    Redirect::to(&format!("/unsubscribe/{token}")).into_response()
}

//! A form posted to its own page without script (`app::form_replay`): the hidden
//! `__action` field names the server function; it runs here exactly as the browser's
//! script would have called it, and the answer becomes a page: its redirect (or this page
//! again, post/redirect/get) on success, or on a refusal this page rendered with the
//! messages and the typed values.

use app::form_replay::{ACTION_FIELD, FormReplay, NoScriptPost};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

pub async fn form_post(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, state.settings.security.max_body_bytes).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let fields: Vec<(String, String)> =
        url::form_urlencoded::parse(&bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let Some(action) = fields.iter().find(|(k, _)| k == ACTION_FIELD).map(|(_, v)| v.clone()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let fn_path = format!("/api/{action}");
    if action.contains(['?', '#'])
        || leptos::server_fn::axum::get_server_fn_service(&fn_path, Method::POST).is_none()
    {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let page = parts.uri.clone();

    // The server function, called as its client would call it (JSON answer, no redirect).
    let mut call = Request::from_parts(parts.clone(), Body::from(bytes));
    *call.uri_mut() = fn_path.parse().expect("a server function path is a valid URI");
    call.headers_mut().insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    call.extensions_mut().insert(NoScriptPost);
    call.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
    let answer =
        leptos_axum::handle_server_fns_with_context(super::page_context(&state), call).await.into_response();

    if answer.status().is_success() {
        let next = answer.headers().get(header::LOCATION).and_then(|l| l.to_str().ok()).map(str::to_owned);
        let mut response = Redirect::to(next.as_deref().unwrap_or(page.path())).into_response();
        // The server function's cookies (a new session id after sign-in) go along.
        for cookie in answer.headers().get_all(header::SET_COOKIE) {
            response.headers_mut().append(header::SET_COOKIE, cookie.clone());
        }
        return response;
    }
    let Ok(body) = axum::body::to_bytes(answer.into_body(), 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let error = serde_json::from_slice(&body).unwrap_or(app::error::AppError::Internal);
    let replay = FormReplay::new(&action, fields, error);

    // The same page again, as a GET of it would render, with the replay in its context.
    let mut again = Request::from_parts(parts, Body::empty());
    *again.method_mut() = Method::GET;
    let context = super::page_context(&state);
    let render = leptos_axum::render_app_async_with_context(
        move || {
            context();
            provide_context(replay.clone());
        },
        {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        },
    );
    render(again).await.into_response()
}

//! The axum router: Leptos pages and server functions, plus the plain HTTP endpoints
//! (health, service worker), static files, and the layers every response passes through.

mod client;
mod confirm_link;
mod documents;
mod errors;
mod form_post;
mod health;
pub mod metrics;
mod pwa;
mod request_id;
mod security;
mod static_files;
mod unsubscribe;

use crate::session_store::DbSessionStore;
use app::auth::users::Users;
use app::public_config::PublicConfig;
use app::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::handler::Handler;
use axum::routing::get;
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use health::Readiness;
pub use pwa::build_id;

/// Sessions live in the database; the cookie is HttpOnly, SameSite=Lax, and on https Secure
/// and named `__Host-…` (the browser then refuses it from any subdomain or plain http).
/// axum-login sits on top: every routed request knows its signed-in user (static files,
/// the fallback, never touch the session).
fn auth_layer(state: &AppState) -> AuthManagerLayer<Users, DbSessionStore> {
    AuthManagerLayerBuilder::new(Users::new(state.clone()), session_layer(state))
        .with_data_key(app::auth::session::AUTH_DATA_KEY)
        .build()
}

fn session_layer(state: &AppState) -> SessionManagerLayer<DbSessionStore> {
    let https = state.settings.is_https();
    SessionManagerLayer::new(DbSessionStore::new(state.reads.clone()))
        .with_name(if https { "__Host-moygaz_session" } else { "moygaz_session" })
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(https)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)))
}
pub use static_files::precompress;

/// Pages that render the same for everyone (no resource of theirs reads the session): they
/// are served without the session and auth layers, so a visitor's session cookie costs them
/// no database read. Their forms post to server functions, which have the layers.
const SESSIONLESS_PAGES: [&str; 3] = ["/register", "/login", "/reset"];

/// What every page and server function finds in its Leptos context.
fn page_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let public_config = PublicConfig::from_settings(&state.settings);
    let app_state = state.clone();
    move || {
        provide_context(app_state.clone());
        provide_context(public_config.clone());
    }
}

/// Leptos' SSR handler for `SESSIONLESS_PAGES`, with the same context as every other page.
fn sessionless_pages(state: &AppState, pages: &[leptos_axum::AxumRouteListing]) -> Router<AppState> {
    let options = state.leptos_options.clone();
    let render =
        leptos_axum::render_app_to_stream_with_context(page_context(state), move || shell(options.clone()));
    pages.iter().fold(Router::new(), |router, page| router.route(page.path(), get(render.clone())))
}

/// Every page also takes the posts of its forms made without script (`form_post`); they
/// need the session like the server functions they stand for.
fn form_posts(pages: &[leptos_axum::AxumRouteListing]) -> Router<AppState> {
    pages.iter().fold(Router::new(), |router, page| {
        router.route(page.path(), axum::routing::post(form_post::form_post))
    })
}

pub fn router(state: AppState) -> Router {
    let context = page_context(&state);
    let (sessionless, routes): (Vec<_>, Vec<_>) =
        generate_route_list(App).into_iter().partition(|route| SESSIONLESS_PAGES.contains(&route.path()));
    let sw = pwa::ServiceWorker::new(&state.leptos_options);

    let mut router = Router::new();
    if state.settings.dev_outbox_enabled() {
        router = router.route("/dev/outbox/latest", get(crate::delivery::dev_outbox_latest));
    }
    router
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        .route("/sw.js", get(move || std::future::ready(sw.response())))
        .route("/confirm/link", get(confirm_link::confirm_link))
        .route("/accounts/{id}/statement.pdf", get(documents::statement))
        .route("/payments/{public_id}/receipt.pdf", get(documents::receipt))
        .route("/payments/notify", axum::routing::post(crate::payments::notify))
        .route("/unsubscribe/{token}/one-click", get(unsubscribe::open).post(unsubscribe::one_click))
        .merge(form_posts(&routes))
        .merge(form_posts(&sessionless))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        // Inside the auth layer: who a page is for, decided once before it renders.
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), app::auth::viewer::resolve))
        .route_layer(auth_layer(&state))
        // Outside the session: the store hands the user it read with the session to the
        // auth backend, one statement for both.
        .route_layer(axum::middleware::from_fn(app::auth::users::preloading))
        .merge(sessionless_pages(&state, &sessionless))
        // Pages and server functions carry personal data: no browser or proxy keeps them.
        // Static files (the fallback) keep their own caching.
        .route_layer(tower_http::set_header::SetResponseHeaderLayer::if_not_present(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        ))
        .fallback_service(static_files::serve_dir(
            &state.leptos_options.site_root,
            leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell)
                .with_state(state.clone()),
        ))
        .with_state(state.clone())
        .layer(axum::middleware::from_fn(security::same_origin_only))
        .layer(tower::util::option_layer(security::per_ip_limit(&state.settings.security)))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::map_response(security::headers))
        .layer(tower::util::option_layer(security::hsts(&state.settings)))
        .layer(RequestBodyLimitLayer::new(state.settings.security.max_body_bytes))
        .layer(errors::catch_panic())
        .layer(TraceLayer::new_for_http().make_span_with(request_id::span))
        .layer(request_id::propagate())
        .layer(request_id::set())
        .layer(axum::middleware::map_request(request_id::forget_incoming))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(state.settings.site.trusted_proxies.clone()),
            client::resolve,
        ))
}

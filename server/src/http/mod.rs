//! The axum router: Leptos pages and server functions, plus the plain HTTP endpoints
//! (health, service worker), static files, and the layers every response passes through.

mod confirm_link;
mod errors;
mod health;
mod pwa;
mod security;
mod static_files;

use crate::session_store::DbSessionStore;
use app::public_config::PublicConfig;
use app::server::users::Users;
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

pub use pwa::build_id;

/// Sessions live in the database; the cookie is HttpOnly, SameSite=Lax, and Secure when the
/// portal is served over https. axum-login sits on top: every routed request knows its
/// signed-in user (static files, the fallback, never touch the session).
fn auth_layer(state: &AppState) -> AuthManagerLayer<Users, DbSessionStore> {
    AuthManagerLayerBuilder::new(Users::new(state.clone()), session_layer(state))
        .with_data_key(app::server::session::AUTH_DATA_KEY)
        .build()
}

fn session_layer(state: &AppState) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(DbSessionStore::new(state.pool.clone()))
        .with_name("moygaz_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.settings.site.public_url.starts_with("https://"))
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)))
}
pub use static_files::precompress;

pub fn router(state: AppState) -> Router {
    let public_config = PublicConfig { password_policy: state.settings.security.password_policy() };
    let context = move || provide_context(public_config);
    let routes = generate_route_list(App);
    let sw = pwa::ServiceWorker::new(&state.leptos_options);

    let mut router = Router::new();
    if state.settings.dev_outbox_enabled() {
        router = router.route("/dev/outbox/latest", get(crate::delivery::dev_outbox_latest));
    }
    router
        .route("/healthz", get(health::healthz))
        .route("/sw.js", get(move || std::future::ready(sw.response())))
        .route("/confirm/link", get(confirm_link::confirm_link))
        .route("/payments/notify", axum::routing::post(crate::payments::notify))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .route_layer(auth_layer(&state))
        .fallback_service(static_files::serve_dir(
            &state.leptos_options.site_root,
            leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell)
                .with_state(state.clone()),
        ))
        .with_state(state.clone())
        .layer(axum::middleware::from_fn(errors::server_fn_status))
        .layer(axum::middleware::from_fn(security::same_origin_only))
        .layer(tower::util::option_layer(security::per_ip_limit(&state.settings.security)))
        .layer(CompressionLayer::new())
        .layer(security::headers())
        .layer(RequestBodyLimitLayer::new(state.settings.security.max_body_bytes))
        .layer(errors::catch_panic())
        .layer(TraceLayer::new_for_http())
}

//! The axum router: Leptos pages and server functions, plus the plain HTTP endpoints
//! (health, service worker), static files, and the layers every response passes through.

mod errors;
mod health;
mod pwa;
mod security;
mod static_files;

use app::public_config::PublicConfig;
use app::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::handler::Handler;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

pub use pwa::build_id;
pub use static_files::precompress;

pub fn router(state: AppState) -> Router {
    let public_config = PublicConfig { password_policy: state.settings.security.password_policy() };
    let context = move || provide_context(public_config);
    let routes = generate_route_list(App);
    let sw = pwa::ServiceWorker::new(&state.leptos_options);

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/sw.js", get(move || std::future::ready(sw.response())))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback_service(static_files::serve_dir(
            &state.leptos_options.site_root,
            leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell)
                .with_state(state.clone()),
        ))
        .with_state(state.clone())
        .layer(axum::middleware::from_fn(errors::server_fn_status))
        .layer(CompressionLayer::new())
        .layer(security::headers())
        .layer(RequestBodyLimitLayer::new(state.settings.security.max_body_bytes))
        .layer(errors::catch_panic())
        .layer(TraceLayer::new_for_http())
}

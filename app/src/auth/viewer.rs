//! Who is looking at the page being rendered. The server decides it once per page request,
//! before rendering (`resolve`, a middleware after the auth layer), and puts it in the
//! request's extensions; guards and layouts read it synchronously with `use_viewer`. So a
//! guarded page renders its view once, with no resource and no suspense for "who am I".

use super::model::UserInfo;

/// The signed-in user of this page request (`None`: nobody), as `resolve` found it.
#[derive(Clone, Debug, Default)]
pub struct Viewer(pub Option<UserInfo>);

/// The user this page is rendered for. Pages render on the server only (islands: an
/// island never asks), so in the browser there is nobody to report.
pub fn use_viewer() -> Option<UserInfo> {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
            .and_then(|viewer| viewer.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Middleware for page requests (a GET, or a form posted without script): checks the
/// sign-in as every server function does (`CustomerSession::viewer`: the absolute timeout,
/// the activity mark) and records the result for `use_viewer`. Server functions (`/api/`)
/// check for themselves.
#[cfg(feature = "ssr")]
pub async fn resolve(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use super::session::{AuthSession, CustomerSession};
    use axum::response::IntoResponse;

    if !request.uri().path().starts_with("/api/") {
        let Some(auth) = request.extensions().get::<AuthSession>().cloned() else {
            tracing::error!("auth layer missing before the viewer");
            return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let mut session = CustomerSession::from_auth_session(auth, state.clock.now());
        match session.viewer().await {
            Ok(user) => {
                request.extensions_mut().insert(Viewer(user.map(UserInfo::from)));
            }
            // The session store failed (already logged by the session).
            Err(_) => return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
    next.run(request).await
}

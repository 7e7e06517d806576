use app::server::session::{AuthSession, CustomerSession};
use app::state::AppState;
use axum::extract::{Query, State};
use axum::response::Redirect;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    token: String,
}

/// `GET /confirm/link?token=…`, the e-mail's one-click confirmation: the same as typing the
/// code. A used, expired or forged link leads back to `/confirm` with a notice.
pub async fn confirm_link(
    State(state): State<AppState>,
    session: AuthSession,
    Query(q): Query<LinkQuery>,
) -> Redirect {
    if q.token.len() != 64 {
        return Redirect::to("/confirm?link=invalid");
    }
    match app::auth::service::confirm_link(&state, &q.token).await {
        Ok(user_id) => {
            match CustomerSession::from_auth_session(session, state.clock.now()).log_in(user_id).await {
                Ok(()) => Redirect::to("/welcome"),
                Err(_) => Redirect::to("/login"),
            }
        }
        Err(_) => Redirect::to("/confirm?link=invalid"),
    }
}

use app::auth::service::LinkOutcome;
use app::auth::session::{AuthSession, CustomerSession};
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
/// code, and only in the browser that started the registration (its session holds the
/// registration key), so a stranger's registration of the reader's address is never
/// confirmed by the reader's click. A used, expired or forged link, or one opened in
/// another browser, leads back to `/confirm` with a notice.
pub async fn confirm_link(
    State(state): State<AppState>,
    session: AuthSession,
    Query(q): Query<LinkQuery>,
) -> Redirect {
    if q.token.len() != 64 {
        return Redirect::to("/confirm?link=invalid");
    }
    let mut session = CustomerSession::from_auth_session(session, state.clock.now());
    let key = match session.existing_registration_key().await {
        Ok(key) => key,
        Err(_) => return Redirect::to("/confirm?link=invalid"),
    };
    match app::auth::service::confirm_link(&state, &q.token, key.as_deref()).await {
        Ok(LinkOutcome::Confirmed(user_id)) => match session.log_in(user_id).await {
            Ok(()) => Redirect::to("/welcome"),
            Err(_) => Redirect::to("/login"),
        },
        Ok(LinkOutcome::OtherBrowser) => Redirect::to("/confirm?link=other-browser"),
        Ok(LinkOutcome::Invalid) | Err(_) => Redirect::to("/confirm?link=invalid"),
    }
}

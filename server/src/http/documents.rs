//! The PDF downloads: `GET /accounts/{id}/statement.pdf?from=YYYY-MM&to=YYYY-MM` and
//! `GET /payments/{public_id}/receipt.pdf`. Plain GETs behind the session layers (a link
//! with `download`), checked like every server function: signed in (401), consent signed
//! and the account's extended binding or the payment's payer (403/404). Rendering is CPU
//! work, so it runs on the blocking pool.

use crate::documents;
use app::auth::session::{AuthSession, CustomerSession};
use app::domain::time::date_msk;
use app::error::AppError;
use app::state::AppState;
use app::statements::service::{self, StatementPeriod};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
}

pub async fn statement(
    State(state): State<AppState>,
    session: AuthSession,
    Path(account_id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let today = date_msk(state.clock.now());
    let result = async {
        let user_id = consented_customer(&state, session).await?;
        let period = StatementPeriod::parse(q.from.as_deref(), q.to.as_deref(), today)?;
        let data = service::statement(&state, user_id, account_id, period).await?;
        let name = format!("vypiska-{}-{}-{}.pdf", data.number, period.from, period.to);
        Ok::<_, AppError>((documents::render(documents::Kind::Statement, data, today).await?, name))
    }
    .await;
    match result {
        // Back to the form, which shows the same rule's message next to its field.
        Err(AppError::Validation { .. }) => Redirect::to(&back_to_form(account_id, &q)).into_response(),
        other => respond(other),
    }
}

/// `/accounts/{id}?from=…&to=…#statement-title`: the account page with what was typed.
fn back_to_form(account_id: i64, q: &PeriodQuery) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("from", q.from.as_deref().unwrap_or_default());
    query.append_pair("to", q.to.as_deref().unwrap_or_default());
    format!("/accounts/{account_id}?{}#statement-title", query.finish())
}

pub async fn receipt(
    State(state): State<AppState>,
    session: AuthSession,
    Path(public_id): Path<String>,
) -> Response {
    let result = async {
        let user_id = consented_customer(&state, session).await?;
        let data = service::receipt(&state, user_id, &public_id).await?;
        let today = date_msk(state.clock.now());
        let name = format!("spravka-ob-oplate-{}.pdf", data.payment);
        Ok::<_, AppError>((documents::render(documents::Kind::Receipt, data, today).await?, name))
    }
    .await;
    respond(result)
}

async fn consented_customer(state: &AppState, session: AuthSession) -> Result<i64, AppError> {
    let mut session = CustomerSession::from_auth_session(session, state.clock.now());
    let user = session.viewer().await?.ok_or(AppError::Unauthorized)?;
    if !user.consent_signed || user.is_operator {
        return Err(AppError::Forbidden);
    }
    Ok(user.id)
}

fn respond(result: Result<(Vec<u8>, String), AppError>) -> Response {
    match result {
        Ok((pdf, name)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            pdf,
        )
            .into_response(),
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], e.message_ru()).into_response()
        }
    }
}

//! PIN requests ("Подать запрос на получение PIN-кода") from the operators' side. The queue
//! shows who asks (login, profile name, when they bound the account) beside the account's
//! owner. Issuing needs the operator's word that the requester's identity was checked; it
//! makes a new PIN for the account, stores only its hash, sends it to the customer's
//! confirmed login (the operator never sees it) and tells the account's other customers
//! with the extended version. Declining tells the customer why.

use super::guard::Operator;
use super::model::{IDENTITY_NOT_CHECKED, QUEUE_PAGE, QueuedPinRequest};
use crate::domain::Login;
use crate::domain::pin_request::DeclineReason;
use crate::error::AppError;
use crate::server::outbox::{self, Message};
use crate::server::{audit, token};
use crate::state::AppState;
use crate::{accounts::service::subject_of, secret_hash};

/// Open PIN requests, the oldest first (one page), and how many are open.
pub async fn waiting(state: &AppState) -> Result<(Vec<QueuedPinRequest>, i64), AppError> {
    // The count of all open requests is a window over the rows before LIMIT: one snapshot.
    type Row = (i64, i64, String, String, String, String, Option<String>, Option<i64>, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, a.id, p.name, a.number, a.owner_name, u.login, u.full_name, b.created_at, r.created_at, \
                COUNT(*) OVER () \
         FROM pin_requests r JOIN accounts a ON a.id = r.account_id JOIN providers p ON p.id = a.provider_id \
         JOIN users u ON u.id = r.user_id \
         LEFT JOIN bindings b ON b.user_id = r.user_id AND b.account_id = r.account_id \
         WHERE r.status = 'open' ORDER BY r.created_at, r.id LIMIT $1",
    )
    .bind(QUEUE_PAGE)
    .fetch_all(&state.pool)
    .await?;
    let total = rows.first().map_or(0, |row| row.9);
    let page = rows
        .into_iter()
        .map(|r| QueuedPinRequest {
            id: r.0,
            account_id: r.1,
            provider: r.2,
            number: r.3,
            owner: r.4,
            customer_login: r.5,
            customer_name: r.6.filter(|name| !name.trim().is_empty()),
            bound_at: r.7,
            created_at: r.8,
        })
        .collect();
    Ok((page, total))
}

/// An open request, locked for this transaction so two operators cannot both resolve it.
struct OpenRequest {
    user_id: i64,
    account_id: i64,
    number: String,
    login: Login,
}

async fn take_open(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    request_id: i64,
    now: i64,
    status: &str,
    resolution: &str,
) -> Result<OpenRequest, AppError> {
    // The conditional update is the lock: only one resolution of an open request succeeds.
    let updated = sqlx::query(
        "UPDATE pin_requests SET status = $1, resolved_at = $2, resolution = $3 WHERE id = $4 AND status = 'open'",
    )
    .bind(status)
    .bind(now)
    .bind(resolution)
    .bind(request_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(AppError::validation("request", "Запрос уже обработан или отозван"));
    }
    let (user_id, account_id, number, login): (i64, i64, String, String) = sqlx::query_as(
        "SELECT r.user_id, a.id, a.number, u.login FROM pin_requests r JOIN accounts a ON a.id = r.account_id \
         JOIN users u ON u.id = r.user_id WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_one(&mut **tx)
    .await?;
    let login = Login::parse(&login).map_err(|_| {
        tracing::error!(request_id, "a customer's stored login does not parse");
        AppError::Internal
    })?;
    Ok(OpenRequest { user_id, account_id, number, login })
}

/// A new PIN for the account (every customer of the account answers with it from now on).
/// The operator must have checked the requester's identity; the customers who already have
/// the extended version of the account are told a new PIN exists, so a PIN obtained in
/// someone else's name does not go unnoticed.
pub async fn issue(
    state: &AppState,
    operator: Operator,
    request_id: i64,
    identity_checked: bool,
) -> Result<(), AppError> {
    if !identity_checked {
        return Err(AppError::validation("identity_checked", IDENTITY_NOT_CHECKED));
    }
    let pin = token::four_digit_pin();
    let pin_hash = secret_hash::hash_blocking(pin.clone()).await;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let request = take_open(&mut tx, request_id, now, "issued", "").await?;
    sqlx::query("UPDATE accounts SET pin_hash = $1 WHERE id = $2")
        .bind(&pin_hash)
        .bind(request.account_id)
        .execute(&mut *tx)
        .await?;
    let message = Message {
        subject: format!("Мой ГАЗ: PIN-код для лицевого счёта № {}", request.number),
        text: format!(
            "Ваш PIN-код для лицевого счёта № {}: {pin}\n\nВведите его в ответ на контрольный вопрос, чтобы подключить расширенную версию личного кабинета. Никому не сообщайте этот код.",
            request.number
        ),
        html: None,
    };
    outbox::enqueue(&mut tx, &request.login, message, now).await?;
    let notified = tell_extended_customers(state, &mut tx, &request, now).await?;
    let details = format!(
        "request={request_id}; requester=user:{}; identity_checked=yes; notified={notified}",
        request.user_id
    );
    audit::record(&mut tx, now, operator.actor(), "pin.issued", &subject_of(request.account_id), &details)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Tells every other customer with the extended version of the account that a new PIN was
/// issued (never the PIN, nor who asked). Returns how many were told.
async fn tell_extended_customers(
    state: &AppState,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    request: &OpenRequest,
    now: i64,
) -> Result<usize, AppError> {
    let logins: Vec<(String,)> = sqlx::query_as(
        "SELECT u.login FROM bindings b JOIN users u ON u.id = b.user_id \
         WHERE b.account_id = $1 AND b.access = 'extended' AND b.user_id <> $2 ORDER BY b.id",
    )
    .bind(request.account_id)
    .bind(request.user_id)
    .fetch_all(&mut **tx)
    .await?;
    let support = format!("{}/support", state.settings.site.public_url.trim_end_matches('/'));
    let mut told = 0;
    // Stored logins were parsed on the way in; one that no longer parses is skipped.
    for to in logins.iter().filter_map(|(login,)| Login::parse(login).ok()) {
        let message = Message {
            subject: format!("Мой ГАЗ: новый PIN-код для лицевого счёта № {}", request.number),
            text: format!(
                "По лицевому счёту № {number} по запросу другого клиента, подключившего этот счёт, оператор выдал новый PIN-код. Прежний PIN-код больше не действует; ваша расширенная версия личного кабинета сохраняется.\n\nЕсли вы не знаете, кто из вашей семьи запросил PIN-код, задайте вопрос в техническую поддержку: {support}",
                number = request.number
            ),
            html: None,
        };
        outbox::enqueue(&mut **tx, &to, message, now).await?;
        told += 1;
    }
    Ok(told)
}

pub async fn decline(
    state: &AppState,
    operator: Operator,
    request_id: i64,
    reason: &DeclineReason,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let request = take_open(&mut tx, request_id, now, "declined", reason.as_str()).await?;
    let message = Message {
        subject: format!("Мой ГАЗ: запрос PIN-кода по лицевому счёту № {}", request.number),
        text: format!(
            "В выдаче PIN-кода для лицевого счёта № {} отказано. Причина: {}\n\nВы можете подключить расширенную версию, ответив на другой контрольный вопрос, или задать вопрос в техническую поддержку.",
            request.number,
            reason.as_str()
        ),
        html: None,
    };
    outbox::enqueue(&mut tx, &request.login, message, now).await?;
    let details = format!("request={request_id}; reason={}", reason.as_str());
    audit::record(&mut tx, now, operator.actor(), "pin.declined", &subject_of(request.account_id), &details)
        .await?;
    tx.commit().await?;
    Ok(())
}

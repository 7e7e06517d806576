//! PIN requests ("Подать запрос на получение PIN-кода") from the operators' side. The queue
//! shows who asks (login, profile name, when they bound the account) beside the account's
//! owner. Issuing needs the operator's word that the requester's identity was checked; it
//! makes a new PIN for the account, stores only its hash, sends it to the customer's
//! confirmed login (the operator never sees it) and tells the account's other customers
//! with the extended version. Declining tells the customer why.

use super::model::{IDENTITY_NOT_CHECKED, QUEUE_PAGE, QueuePage, QueuedPinRequest};
use super::repo::pins as repo;
use crate::auth::guards::Operator;
use crate::domain::Login;
use crate::domain::audit::Subject;
use crate::domain::notification::Kind;
use crate::domain::pin_request::DeclineReason;
use crate::error::AppError;
use crate::notifications::service::{self as notifications, Notice};
use crate::secret_hash;
use crate::server::outbox::{self, Message};
use crate::server::{audit, token};
use crate::state::AppState;

/// Open PIN requests, the oldest first (one page), and how many are open.
pub async fn waiting(state: &AppState) -> Result<QueuePage<QueuedPinRequest>, AppError> {
    let rows = repo::waiting(&state.pool, QUEUE_PAGE).await?;
    let total = rows.first().map_or(0, |row| row.waiting);
    let items = rows
        .into_iter()
        .map(|row| QueuedPinRequest {
            id: row.request_id,
            account_id: row.account_id,
            provider: row.provider,
            number: row.number,
            owner: row.owner,
            customer_login: row.customer_login,
            customer_name: row.customer_name.filter(|name| !name.trim().is_empty()),
            bound_at: row.bound_at,
            created_at: row.created_at,
        })
        .collect();
    Ok(QueuePage { items, total })
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
    let updated = repo::resolve_open(&mut **tx, request_id, now, status, resolution).await?;
    if updated == 0 {
        return Err(AppError::validation("request", "Запрос уже обработан или отозван"));
    }
    let repo::RequestPartiesRow { user_id, account_id, number, login } =
        repo::parties(&mut **tx, request_id).await?;
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
    repo::set_pin_hash(&mut *tx, request.account_id, &pin_hash).await?;
    let message = Message {
        subject: format!("Мой ГАЗ: PIN-код для лицевого счёта № {}", request.number),
        text: format!(
            "Ваш PIN-код для лицевого счёта № {}: {pin}\n\nВведите его в ответ на контрольный вопрос, чтобы подключить расширенную версию личного кабинета. Никому не сообщайте этот код.",
            request.number
        ),
        html: None,
    };
    outbox::enqueue(&mut tx, &request.login, message, now).await?;
    let notice = Notice {
        kind: Kind::PinAnswered,
        key: format!("request:{request_id}"),
        title: format!("PIN-код для лицевого счёта № {} выдан", request.number),
        body: format!(
            "Оператор выдал PIN-код и отправил его вам сообщением на {}. Введите его в ответ на контрольный вопрос, чтобы подключить расширенную версию.",
            request.login.as_str()
        ),
        link: format!("/accounts/{}/extended", request.account_id),
        provider_id: None,
    };
    notifications::record(&mut tx, request.user_id, &notice, now).await?;
    let notified = tell_extended_customers(state, &mut tx, &request, now).await?;
    let details = format!(
        "request={request_id}; requester=user:{}; identity_checked=yes; notified={notified}",
        request.user_id
    );
    audit::record(
        &mut tx,
        now,
        operator.actor(),
        "pin.issued",
        &Subject::Account(request.account_id),
        &details,
    )
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
    let logins = repo::extended_logins_except(&mut **tx, request.account_id, request.user_id).await?;
    let support = format!("{}/support", state.settings.site.public_url.trim_end_matches('/'));
    let mut told = 0;
    // Stored logins were parsed on the way in; one that no longer parses is skipped.
    for to in logins.iter().filter_map(|login| Login::parse(login).ok()) {
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
    let notice = Notice {
        kind: Kind::PinAnswered,
        key: format!("request:{request_id}"),
        title: format!("В выдаче PIN-кода для лицевого счёта № {} отказано", request.number),
        body: format!(
            "Причина: {} Вы можете подключить расширенную версию, ответив на другой контрольный вопрос, или задать вопрос в техническую поддержку.",
            reason.as_str()
        ),
        link: format!("/accounts/{}/extended", request.account_id),
        provider_id: None,
    };
    notifications::record(&mut tx, request.user_id, &notice, now).await?;
    let details = format!("request={request_id}; reason={}", reason.as_str());
    audit::record(
        &mut tx,
        now,
        operator.actor(),
        "pin.declined",
        &Subject::Account(request.account_id),
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

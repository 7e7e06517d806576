//! Binding accounts and reading them. Every read goes through the customer's binding
//! (`binding::binding_of`, or a join on it), so a customer sees an account only through
//! their own binding, at their own level. The SQL is in `repo`.

use super::model::{
    Access, AccountDetails, AccountSummary, BindOutcome, ExtendedDetails, MeterInfo, MonthRow,
    ProviderOption, TariffNow,
};
use super::repo;
use crate::domain::address::mask_address;
use crate::domain::audit::{Actor, Subject};
use crate::domain::bill::Period;
use crate::domain::tariff::{self, Price};
use crate::domain::time::{date_msk, day_number};
use crate::domain::{AccountNumber, Kopecks, ProviderId};
use crate::error::AppError;
use crate::server::audit;
use crate::server::rate_limit::{self, Limit};
use crate::server::reads::ReadConn;
use crate::state::AppState;
use crate::tariffs::repo::AccountTariffs;

use super::binding::binding_of;

/// Binding attempts per customer an hour (`security.bind_attempts_per_hour`): enough for a
/// family's accounts and typos, too few to walk through other people's numbers.
pub fn bind_attempts(state: &AppState) -> Limit {
    Limit {
        kind: "bind",
        what: crate::error::Limited::Binding,
        max: state.settings.security.bind_attempts_per_hour as i64,
        window_secs: 3600,
    }
}

/// Months of history the account page shows.
const HISTORY_MONTHS: i64 = 12;

pub async fn providers(state: &AppState) -> Result<Vec<ProviderOption>, AppError> {
    let rows = repo::providers(&state.pool).await?;
    Ok(rows.into_iter().map(|p| ProviderOption { id: p.id, name: p.name, region: p.region }).collect())
}

pub async fn bind(
    state: &AppState,
    user_id: i64,
    provider_id: ProviderId,
    number: &AccountNumber,
) -> Result<BindOutcome, AppError> {
    let now = state.clock.now();
    let subject = user_id.to_string();
    // Taken before the lookup, so parallel misses cannot outrun the limit; a hit gives it back.
    let attempt = rate_limit::consume(&state.pool, bind_attempts(state), &subject, now).await?;
    let Some(provider) = repo::provider_name(&state.pool, provider_id.get()).await? else {
        return Err(AppError::validation("provider", crate::domain::NoProviderChosen));
    };
    let Some(account_id) =
        repo::account_id_by_number(&state.pool, provider_id.get(), number.as_str()).await?
    else {
        // Only misses count: they are what walking through other people's numbers looks like.
        // Says nothing about whether the number exists at another provider.
        return Err(AppError::validation(
            "number",
            "У выбранного поставщика нет лицевого счёта с таким номером. Проверьте номер и поставщика по квитанции",
        ));
    };

    rate_limit::refund(&state.pool, attempt).await?;
    if let Some(existing) = repo::binding(&state.pool, user_id, account_id).await? {
        return Ok(BindOutcome {
            account_id,
            number: number.to_string(),
            provider,
            already_bound: true,
            access: Access::from_db(&existing.access),
        });
    }
    let mut tx = state.pool.begin().await?;
    // This customer's bindings one at a time, so the count cannot be overtaken.
    crate::auth::repo::lock_user(&mut tx, user_id).await?;
    let count = repo::count_bindings(&mut tx, user_id).await?;
    if count >= super::MAX_BINDINGS_PER_USER {
        return Err(AppError::validation(
            "number",
            format!(
                "Подключено уже {count} лицевых счетов — это наибольшее число. Отключите ненужный в настройках"
            ),
        ));
    }
    repo::insert_basic_binding(&mut tx, user_id, account_id, now).await?;
    audit::record(
        &mut tx,
        now,
        Actor::User(user_id),
        "binding.created",
        &Subject::Account(account_id),
        "access=basic",
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id, account_id, "account bound");
    Ok(BindOutcome {
        account_id,
        number: number.to_string(),
        provider,
        already_bound: false,
        access: Access::Basic,
    })
}

/// One account's card through the customer's binding (readings and pay pages): `NotFound`
/// when the account is not theirs.
pub async fn summary_of(state: &AppState, user_id: i64, account_id: i64) -> Result<AccountSummary, AppError> {
    Ok(summary_with_tariffs(state, user_id, account_id).await?.0)
}

/// The card with the account's prices: the statement that reads the card brings them along,
/// so a page that shows the price (readings) needs no second read.
pub async fn summary_with_tariffs(
    state: &AppState,
    user_id: i64,
    account_id: i64,
) -> Result<(AccountSummary, Option<AccountTariffs>), AppError> {
    let page =
        repo::page(&mut state.reads.conn().await?, user_id, account_id).await?.ok_or(AppError::NotFound)?;
    Ok((summary(page.header.summary), page.tariffs))
}

pub async fn list(state: &AppState, user_id: i64) -> Result<Vec<AccountSummary>, AppError> {
    Ok(repo::summaries(&mut state.reads.conn().await?, user_id).await?.into_iter().map(summary).collect())
}

fn summary(row: repo::SummaryRow) -> AccountSummary {
    let access = Access::from_db(&row.access);
    let address = match access {
        Access::Basic => mask_address(&row.address),
        Access::Extended => row.address,
    };
    AccountSummary {
        account_id: row.account_id,
        provider: row.provider,
        number: row.number,
        address,
        debt: Kopecks(row.debt_kopecks),
        access,
    }
}

/// The account page: one statement for the binding, the account and its tariff, then with
/// extended access one for the meters and one for the history, with basic access the lock
/// check. The reads share one connection (`server::reads`: on SQLite inline, on the
/// request's own thread).
pub async fn details(state: &AppState, user_id: i64, account_id: i64) -> Result<AccountDetails, AppError> {
    let mut conn = state.reads.conn().await?;
    let repo::Page { header: page, tariffs } =
        repo::page(&mut conn, user_id, account_id).await?.ok_or(AppError::NotFound)?;
    let summary = summary(page.summary);
    let today = day_number(date_msk(state.clock.now()));
    let tariff = tariffs.as_ref().and_then(|t| {
        let (price, since, act) = t.on(today)?;
        Some(TariffNow {
            price: Kopecks(price.kopecks_per_m3),
            gas_use: t.gas_use,
            metered: t.metered,
            since: since.clone(),
            act: act.clone(),
        })
    });
    let (extended, control_locked_until) = match summary.access {
        Access::Extended => {
            let prices = tariffs.map(|t| t.prices()).unwrap_or_default();
            (Some(extended_details(&mut conn, account_id, page.owner_name, &prices).await?), None)
        }
        Access::Basic => {
            drop(conn);
            (None, super::control::locked_until(state, user_id, account_id).await?)
        }
    };
    Ok(AccountDetails {
        summary,
        extended,
        pin_requested_at: page.pin_requested_at,
        control_locked_until,
        tariff,
    })
}

async fn extended_details(
    conn: &mut ReadConn,
    account_id: i64,
    owner: String,
    prices: &[Price],
) -> Result<ExtendedDetails, AppError> {
    let meters = repo::meters_with_last_reading(conn, account_id)
        .await?
        .into_iter()
        .map(|m| MeterInfo {
            serial: m.serial,
            title: m.title,
            last_reading: m.last_period.zip(m.last_value),
            verification_due: m.verification_due,
        })
        .collect();
    let mut months: Vec<MonthRow> = repo::history(conn, account_id, HISTORY_MONTHS)
        .await?
        .into_iter()
        .map(|m| MonthRow {
            reckoning: Period::parse(&m.period)
                .and_then(|p| tariff::reckon(p, m.consumption_m3, Kopecks(m.charged), prices)),
            period: m.period,
            charged: Kopecks(m.charged),
            paid: Kopecks(m.paid),
            consumption_m3: m.consumption_m3,
        })
        .collect();
    months.reverse();
    Ok(ExtendedDetails { owner, meters, months })
}

pub async fn unlink(state: &AppState, user_id: i64, account_id: i64) -> Result<(), AppError> {
    let binding = binding_of(state, user_id, account_id).await?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    repo::delete_binding(&mut tx, binding.id).await?;
    repo::delete_open_pin_request(&mut tx, user_id, account_id).await?;
    // An account no longer theirs is not paid from their card.
    crate::payments::autopay::service::forget(&mut tx, user_id, account_id).await?;
    audit::record(&mut tx, now, Actor::User(user_id), "binding.removed", &Subject::Account(account_id), "")
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Records "Подать запрос на получение PIN-кода"; asking twice keeps the first request.
pub async fn request_pin(state: &AppState, user_id: i64, account_id: i64) -> Result<i64, AppError> {
    binding_of(state, user_id, account_id).await?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    if repo::insert_pin_request(&mut tx, user_id, account_id, now).await? {
        audit::record(&mut tx, now, Actor::User(user_id), "pin.requested", &Subject::Account(account_id), "")
            .await?;
    }
    let created_at = repo::open_pin_request_at(&mut tx, user_id, account_id).await?;
    tx.commit().await?;
    Ok(created_at)
}

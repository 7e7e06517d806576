//! Binding accounts and reading them. Every read goes through `binding_of`, so a customer
//! sees an account only through their own binding, at their own level.

use super::model::{
    Access, AccountDetails, AccountSummary, BindOutcome, ExtendedDetails, MeterInfo, MonthRow, ProviderOption,
};
use crate::domain::address::mask_address;
use crate::domain::{AccountNumber, Kopecks};
use crate::error::AppError;
use crate::server::audit;
use crate::server::rate_limit::{self, Limit};
use crate::state::AppState;

/// Binding attempts per customer an hour (`security.bind_attempts_per_hour`): enough for a
/// family's accounts and typos, too few to walk through other people's numbers.
pub fn bind_attempts(state: &AppState) -> Limit {
    Limit { kind: "bind", max: state.settings.security.bind_attempts_per_hour as i64, window_secs: 3600 }
}

/// The customer's binding of an account. `NotFound` when there is none, whatever the reason:
/// no such account, or somebody else's.
pub struct Binding {
    pub id: i64,
    pub access: Access,
}

pub async fn binding_of(state: &AppState, user_id: i64, account_id: i64) -> Result<Binding, AppError> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, access FROM bindings WHERE user_id = $1 AND account_id = $2")
            .bind(user_id)
            .bind(account_id)
            .fetch_optional(&state.pool)
            .await?;
    row.map(|(id, access)| Binding { id, access: Access::from_db(&access) }).ok_or(AppError::NotFound)
}

pub async fn providers(state: &AppState) -> Result<Vec<ProviderOption>, AppError> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name, region FROM providers ORDER BY name").fetch_all(&state.pool).await?;
    Ok(rows.into_iter().map(|(id, name, region)| ProviderOption { id, name, region }).collect())
}

pub async fn bind(
    state: &AppState,
    user_id: i64,
    provider_id: i64,
    number: &AccountNumber,
) -> Result<BindOutcome, AppError> {
    let now = state.clock.now();
    let subject = user_id.to_string();
    // Taken before the lookup, so parallel misses cannot outrun the limit; a hit gives it back.
    let attempt = rate_limit::consume(&state.pool, bind_attempts(state), &subject, now).await?;
    let provider: Option<(String,)> = sqlx::query_as("SELECT name FROM providers WHERE id = $1")
        .bind(provider_id)
        .fetch_optional(&state.pool)
        .await?;
    let Some((provider,)) = provider else {
        return Err(AppError::validation("provider", "Выберите поставщика услуг из списка"));
    };
    let account: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM accounts WHERE provider_id = $1 AND number = $2")
            .bind(provider_id)
            .bind(number.as_str())
            .fetch_optional(&state.pool)
            .await?;
    let Some((account_id,)) = account else {
        // Only misses count: they are what walking through other people's numbers looks like.
        // Says nothing about whether the number exists at another provider.
        return Err(AppError::validation(
            "number",
            "У выбранного поставщика нет лицевого счёта с таким номером. Проверьте номер и поставщика по квитанции",
        ));
    };

    rate_limit::refund(&state.pool, attempt).await?;
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT access FROM bindings WHERE user_id = $1 AND account_id = $2")
            .bind(user_id)
            .bind(account_id)
            .fetch_optional(&state.pool)
            .await?;
    if let Some((access,)) = existing {
        return Ok(BindOutcome {
            account_id,
            number: number.to_string(),
            provider,
            already_bound: true,
            access: Access::from_db(&access),
        });
    }
    // The transaction starts with a write on the customer's row: it serialises this
    // customer's concurrent bindings (PostgreSQL row lock, SQLite write lock), so the count
    // below cannot be overtaken.
    let mut tx = state.pool.begin().await?;
    sqlx::query("UPDATE users SET created_at = created_at WHERE id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bindings WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
    if count >= super::MAX_BINDINGS_PER_USER {
        return Err(AppError::validation(
            "number",
            format!(
                "Подключено уже {count} лицевых счетов — это наибольшее число. Отключите ненужный в настройках"
            ),
        ));
    }
    // Two tabs binding the same account at once: the unique key keeps one row.
    sqlx::query(
        "INSERT INTO bindings (user_id, account_id, access, created_at) VALUES ($1, $2, 'basic', $3) \
         ON CONFLICT (user_id, account_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut *tx, now, &actor(user_id), "binding.created", &subject_of(account_id), "access=basic")
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

pub async fn list(state: &AppState, user_id: i64) -> Result<Vec<AccountSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT a.id, p.name, a.number, a.address, a.debt_kopecks, b.access \
         FROM bindings b JOIN accounts a ON a.id = b.account_id JOIN providers p ON p.id = a.provider_id \
         WHERE b.user_id = $1 ORDER BY b.created_at, b.id",
    )
    .bind(user_id)
    .fetch_all(&state.pool)
    .await?;
    Ok(rows.into_iter().map(summary).collect())
}

type SummaryRow = (i64, String, String, String, i64, String);

fn summary((account_id, provider, number, address, debt, access): SummaryRow) -> AccountSummary {
    let access = Access::from_db(&access);
    let address = match access {
        Access::Basic => mask_address(&address),
        Access::Extended => address,
    };
    AccountSummary { account_id, provider, number, address, debt: Kopecks(debt), access }
}

pub async fn details(state: &AppState, user_id: i64, account_id: i64) -> Result<AccountDetails, AppError> {
    let binding = binding_of(state, user_id, account_id).await?;
    let row: SummaryRow = sqlx::query_as(
        "SELECT a.id, p.name, a.number, a.address, a.debt_kopecks, b.access \
         FROM bindings b JOIN accounts a ON a.id = b.account_id JOIN providers p ON p.id = a.provider_id \
         WHERE b.id = $1",
    )
    .bind(binding.id)
    .fetch_one(&state.pool)
    .await?;
    let extended = match binding.access {
        Access::Extended => Some(extended_details(state, account_id).await?),
        Access::Basic => None,
    };
    let pin_requested_at: Option<(i64,)> = sqlx::query_as(
        "SELECT created_at FROM pin_requests WHERE user_id = $1 AND account_id = $2 AND status = 'open'",
    )
    .bind(user_id)
    .bind(account_id)
    .fetch_optional(&state.pool)
    .await?;
    let control_locked_until = match binding.access {
        Access::Basic => super::control::locked_until(state, user_id, account_id).await?,
        Access::Extended => None,
    };
    Ok(AccountDetails {
        summary: summary(row),
        extended,
        pin_requested_at: pin_requested_at.map(|(at,)| at),
        control_locked_until,
    })
}

async fn extended_details(state: &AppState, account_id: i64) -> Result<ExtendedDetails, AppError> {
    let (owner,): (String,) = sqlx::query_as("SELECT owner_name FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&state.pool)
        .await?;
    let meter_rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, serial, title, verification_due FROM meters WHERE account_id = $1 ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(&state.pool)
    .await?;
    let mut meters = Vec::with_capacity(meter_rows.len());
    for (meter_id, serial, title, verification_due) in meter_rows {
        let last_reading: Option<(String, i64)> = sqlx::query_as(
            "SELECT period, value FROM meter_readings WHERE meter_id = $1 ORDER BY period DESC, accepted_at DESC LIMIT 1",
        )
        .bind(meter_id)
        .fetch_optional(&state.pool)
        .await?;
        meters.push(MeterInfo { serial, title, last_reading, verification_due });
    }
    let mut charges: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT period, amount_kopecks, consumption_m3 FROM charges WHERE account_id = $1 ORDER BY period DESC LIMIT 12",
    )
    .bind(account_id)
    .fetch_all(&state.pool)
    .await?;
    charges.reverse();
    let payments: Vec<(String, i64)> =
        sqlx::query_as("SELECT paid_on, amount_kopecks FROM billing_payments WHERE account_id = $1")
            .bind(account_id)
            .fetch_all(&state.pool)
            .await?;
    let months = charges
        .into_iter()
        .map(|(period, charged, consumption_m3)| {
            // A payment belongs to the month it was made in (`paid_on` is `YYYY-MM-DD`).
            let paid = payments.iter().filter(|(on, _)| on.starts_with(&period)).map(|(_, k)| k).sum();
            MonthRow { period, charged: Kopecks(charged), paid: Kopecks(paid), consumption_m3 }
        })
        .collect();
    Ok(ExtendedDetails { owner, meters, months })
}

pub async fn unlink(state: &AppState, user_id: i64, account_id: i64) -> Result<(), AppError> {
    let binding = binding_of(state, user_id, account_id).await?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    sqlx::query("DELETE FROM bindings WHERE id = $1").bind(binding.id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM pin_requests WHERE user_id = $1 AND account_id = $2 AND status = 'open'")
        .bind(user_id)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut *tx, now, &actor(user_id), "binding.removed", &subject_of(account_id), "").await?;
    tx.commit().await?;
    Ok(())
}

/// Records "Подать запрос на получение PIN-кода"; asking twice keeps the first request.
pub async fn request_pin(state: &AppState, user_id: i64, account_id: i64) -> Result<i64, AppError> {
    binding_of(state, user_id, account_id).await?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO pin_requests (user_id, account_id, status, created_at) VALUES ($1, $2, 'open', $3) \
         ON CONFLICT (user_id, account_id) WHERE status = 'open' DO NOTHING",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted > 0 {
        audit::record(&mut *tx, now, &actor(user_id), "pin.requested", &subject_of(account_id), "").await?;
    }
    let (created_at,): (i64,) = sqlx::query_as(
        "SELECT created_at FROM pin_requests WHERE user_id = $1 AND account_id = $2 AND status = 'open'",
    )
    .bind(user_id)
    .bind(account_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(created_at)
}

pub fn actor(user_id: i64) -> String {
    format!("user:{user_id}")
}

pub fn subject_of(account_id: i64) -> String {
    format!("account:{account_id}")
}

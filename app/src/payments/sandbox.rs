//! The built-in sandbox acquirer, the embedded default: it keeps its own books in the
//! database (as an external acquirer would) and has its own payment page in the portal,
//! `/sandbox/pay/{id}`, with pay and decline buttons. No money moves.

use super::acquirer::{Acquirer, AcquirerError, AcquirerPayment, AcquirerStatus, BoxFuture, NewPayment};
use crate::domain::Kopecks;
use crate::server::clock::Clock;
use sqlx::AnyPool;

pub struct Sandbox {
    pub pool: AnyPool,
    pub clock: Clock,
}

fn status_of(s: &str) -> AcquirerStatus {
    match s {
        "succeeded" => AcquirerStatus::Succeeded,
        "canceled" => AcquirerStatus::Canceled,
        _ => AcquirerStatus::Pending,
    }
}

fn unavailable(e: sqlx::Error) -> AcquirerError {
    AcquirerError::Unavailable(e.to_string())
}

impl Sandbox {
    async fn get(&self, id: &str) -> Result<AcquirerPayment, AcquirerError> {
        let row: Option<(String, i64, String)> =
            sqlx::query_as("SELECT id, amount_kopecks, status FROM sandbox_payments WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(unavailable)?;
        let (id, amount, status) = row.ok_or(AcquirerError::NotFound)?;
        Ok(AcquirerPayment {
            confirmation_url: Some(format!("/sandbox/pay/{id}")),
            id,
            status: status_of(&status),
            amount: Kopecks(amount),
            currency: super::acquirer::RUB.to_owned(),
        })
    }
}

impl Acquirer for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn create<'a>(&'a self, p: &'a NewPayment) -> BoxFuture<'a, Result<AcquirerPayment, AcquirerError>> {
        Box::pin(async move {
            // Same key, same payment: the sandbox honours idempotence like a real acquirer.
            sqlx::query(
                "INSERT INTO sandbox_payments (id, idempotence_key, amount_kopecks, description, return_url, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotence_key) DO NOTHING",
            )
            .bind(format!("sbx-{}", crate::server::token::payment_id()))
            .bind(&p.idempotence_key)
            .bind(p.amount.0)
            .bind(&p.description)
            .bind(&p.return_url)
            .bind(self.clock.now())
            .execute(&self.pool)
            .await
            .map_err(unavailable)?;
            let (id,): (String,) =
                sqlx::query_as("SELECT id FROM sandbox_payments WHERE idempotence_key = $1")
                    .bind(&p.idempotence_key)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(unavailable)?;
            self.get(&id).await
        })
    }

    fn fetch<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<AcquirerPayment, AcquirerError>> {
        Box::pin(self.get(id))
    }
}

/// The sandbox page's buttons: `pay` or decline a pending payment. Returns where the
/// customer goes next (the portal's return page).
pub async fn complete(pool: &AnyPool, id: &str, pay: bool) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("UPDATE sandbox_payments SET status = $1 WHERE id = $2 AND status = 'pending'")
        .bind(if pay { "succeeded" } else { "canceled" })
        .bind(id)
        .execute(pool)
        .await?;
    let row: Option<(String,)> = sqlx::query_as("SELECT return_url FROM sandbox_payments WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(url,)| url))
}

//! The built-in sandbox acquirer, the embedded default: it keeps its own books in the
//! database (as an external acquirer would) and has its own payment page in the portal,
//! `/sandbox/pay/{id}`, with pay and decline buttons. No money moves.

use super::acquirer::{Acquirer, AcquirerError, AcquirerPayment, AcquirerStatus, BoxFuture, NewPayment};
use super::repo::{self, NewSandboxPayment};
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
        let row =
            repo::sandbox_get(&self.pool, id).await.map_err(unavailable)?.ok_or(AcquirerError::NotFound)?;
        Ok(AcquirerPayment {
            confirmation_url: Some(format!("/sandbox/pay/{}", row.id)),
            id: row.id,
            status: status_of(&row.status),
            amount: Kopecks(row.amount_kopecks),
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
            let new = NewSandboxPayment {
                id: &format!("sbx-{}", crate::server::token::payment_id()),
                idempotence_key: &p.idempotence_key,
                amount_kopecks: p.amount.0,
                description: &p.description,
                return_url: &p.return_url,
                now: self.clock.now(),
            };
            repo::sandbox_insert(&self.pool, &new).await.map_err(unavailable)?;
            let id = repo::sandbox_id_by_key(&self.pool, &p.idempotence_key).await.map_err(unavailable)?;
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
    repo::sandbox_finish(pool, id, if pay { "succeeded" } else { "canceled" }).await?;
    repo::sandbox_return_url(pool, id).await
}

//! The built-in sandbox acquirer, the embedded default: it keeps its own books in the
//! database (as an external acquirer would) and has its own payment page in the portal,
//! `/sandbox/pay/{id}`, with pay and decline buttons. No money moves. Like YooKassa it can
//! save the card a payment was made with, and then pay with it at once (autopay).

use super::acquirer::{
    Acquirer, AcquirerError, AcquirerPayment, AcquirerStatus, BoxFuture, HowPaid, NewPayment, SavedMethod,
};
use super::repo::{self, NewSandboxPayment};
use crate::domain::Kopecks;
use crate::server::clock::Clock;
use sqlx::AnyPool;

pub struct Sandbox {
    pub pool: AnyPool,
    pub clock: Clock,
}

/// The card the sandbox pretends every customer pays with.
const CARD: &str = "Тестовая карта •••• 4242";

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
            saved_method: row.method_id.map(|id| SavedMethod { id, title: CARD.to_owned() }),
        })
    }
}

impl Acquirer for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn create<'a>(&'a self, p: &'a NewPayment) -> BoxFuture<'a, Result<AcquirerPayment, AcquirerError>> {
        Box::pin(async move {
            let (return_url, save_method, saved) = match &p.how {
                HowPaid::Redirect { return_url, save_method } => (return_url.as_str(), *save_method, None),
                HowPaid::SavedMethod(method) => {
                    if !repo::sandbox_method_exists(&self.pool, method).await.map_err(unavailable)? {
                        return Err(AcquirerError::Refused("unknown payment_method_id".into()));
                    }
                    ("", false, Some(method.as_str()))
                }
            };
            // Same key, same payment: the sandbox honours idempotence like a real acquirer.
            let new = NewSandboxPayment {
                id: &format!("sbx-{}", crate::server::token::payment_id()),
                idempotence_key: &p.idempotence_key,
                amount_kopecks: p.amount.0,
                description: &p.description,
                return_url,
                save_method,
                // A saved card pays at once, as a bank's would.
                paid_with: saved,
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
pub async fn complete(pool: &AnyPool, id: &str, pay: bool, now: i64) -> Result<Option<String>, sqlx::Error> {
    let method = format!("sbx-pm-{}", crate::server::token::payment_id());
    let mut tx = pool.begin().await?;
    let finished = repo::sandbox_finish(&mut tx, id, if pay { "succeeded" } else { "canceled" }).await?;
    if finished && pay {
        // A payment that asked to save the card saves it (the sandbox's one test card).
        repo::sandbox_save_method(&mut tx, id, &method, CARD, now).await?;
    }
    tx.commit().await?;
    repo::sandbox_return_url(pool, id).await
}

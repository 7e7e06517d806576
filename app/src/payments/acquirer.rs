//! What the portal needs from an acquirer: create a payment (idempotently, by our key) and
//! read a payment's status. Notifications only tell us *which* payment to re-read.

use crate::domain::Kopecks;
use std::future::Future;
use std::pin::Pin;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptCustomer {
    Email(String),
    /// Digits only, `79123456789`, as 54-ФЗ receipts take it.
    Phone(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    /// Our payment's public id: a retry with it never creates a second payment.
    pub idempotence_key: String,
    pub amount: Kopecks,
    pub description: String,
    pub how: HowPaid,
    pub customer: ReceiptCustomer,
}

/// How the customer confirms a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HowPaid {
    /// On the acquirer's page, coming back to `return_url`; `save_method` asks the acquirer
    /// to keep the card for autopay (YooKassa's `save_payment_method`).
    Redirect { return_url: String, save_method: bool },
    /// With a method saved earlier, without the customer (autopay): no page, no confirmation.
    SavedMethod(String),
}

/// A payment method the acquirer saved for later payments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedMethod {
    /// The acquirer's id of it: what autopay pays with.
    pub id: String,
    /// What the customer recognises it by: `Bank card *4444`.
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcquirerStatus {
    Pending,
    Succeeded,
    Canceled,
}

/// The only currency the portal charges in.
pub const RUB: &str = "RUB";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcquirerPayment {
    pub id: String,
    pub status: AcquirerStatus,
    /// In the currency's minor units (kopecks for RUB), as the acquirer reports it.
    pub amount: Kopecks,
    /// As the acquirer reports it (`RUB`, `USD`, …): whatever it says is taken here, and
    /// `service::settle` decides (anything but the amount in `RUB` we asked for is never
    /// credited, it goes to the operators).
    pub currency: String,
    pub confirmation_url: Option<String>,
    /// The method this payment saved, once the acquirer reports it saved.
    pub saved_method: Option<SavedMethod>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AcquirerError {
    /// Network trouble or the acquirer's 5xx, after retries: the outcome is unknown.
    #[error("acquirer unavailable: {0}")]
    Unavailable(String),
    /// The acquirer refused the request (4xx): retrying will not help.
    #[error("acquirer refused: {0}")]
    Refused(String),
    #[error("payment not found at the acquirer")]
    NotFound,
}

pub trait Acquirer: Send + Sync {
    /// Stored with each payment: `sandbox` or `yookassa`.
    fn name(&self) -> &'static str;
    fn create<'a>(&'a self, payment: &'a NewPayment)
    -> BoxFuture<'a, Result<AcquirerPayment, AcquirerError>>;
    fn fetch<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<AcquirerPayment, AcquirerError>>;
}

/// `123456` → `1234.56`, the decimal string acquirers take.
pub fn decimal_rubles(amount: Kopecks) -> String {
    format!("{}.{:02}", amount.0 / 100, amount.0 % 100)
}

/// `1234.56` (or `1234.5`, `1234`) → `123456`.
pub fn parse_decimal_rubles(value: &str) -> Option<Kopecks> {
    let (rubles, kopecks) = value.split_once('.').unwrap_or((value, "0"));
    let rubles: i64 = rubles.parse().ok()?;
    let kopecks: i64 = match kopecks.len() {
        1 => kopecks.parse::<i64>().ok()? * 10,
        2 => kopecks.parse().ok()?,
        _ => return None,
    };
    Some(Kopecks(rubles.checked_mul(100)?.checked_add(kopecks)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rubles_as_decimal_strings() {
        assert_eq!(decimal_rubles(Kopecks(123_456)), "1234.56");
        assert_eq!(decimal_rubles(Kopecks(5)), "0.05");
        assert_eq!(parse_decimal_rubles("1234.56"), Some(Kopecks(123_456)));
        assert_eq!(parse_decimal_rubles("1234.5"), Some(Kopecks(123_450)));
        assert_eq!(parse_decimal_rubles("1234"), Some(Kopecks(123_400)));
        assert_eq!(parse_decimal_rubles("12.345"), None);
        assert_eq!(parse_decimal_rubles("abc"), None);
    }
}

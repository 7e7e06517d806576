use crate::accounts::model::AccountSummary;
use crate::domain::Kopecks;
use crate::error::AppError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentStatus {
    Pending,
    Succeeded,
    Canceled,
    /// Final: the acquirer reports the payment succeeded but for another amount or in
    /// another currency. Never credited; the supplier's operators sort it out (`attention`).
    NeedsAttention,
}

impl PaymentStatus {
    pub fn from_db(s: &str) -> PaymentStatus {
        match s {
            "succeeded" => PaymentStatus::Succeeded,
            "canceled" => PaymentStatus::Canceled,
            "attention" => PaymentStatus::NeedsAttention,
            _ => PaymentStatus::Pending,
        }
    }

    pub fn as_db(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Canceled => "canceled",
            PaymentStatus::NeedsAttention => "attention",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "Ожидает подтверждения",
            PaymentStatus::Succeeded => "Оплачено",
            PaymentStatus::Canceled => "Не прошёл",
            PaymentStatus::NeedsAttention => "Проверяется поставщиком",
        }
    }
}

/// What the customer reads about a payment that needs the supplier's attention.
pub const NEEDS_ATTENTION_TEXT: &str = "Платёж проверяется поставщиком: сумма в банке не совпала с суммой платежа. Деньги не потеряются — оператор свяжется с вами.";

/// `По текущему долгу` or `Произвольная сумма`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Purpose {
    Debt,
    Custom,
}

impl Purpose {
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Debt => "debt",
            Purpose::Custom => "custom",
        }
    }

    pub fn from_code(code: &str) -> Option<Purpose> {
        match code {
            "debt" => Some(Purpose::Debt),
            "custom" => Some(Purpose::Custom),
            _ => None,
        }
    }
}

/// What the customer asked to pay: the current debt, or a sum of their own (already checked
/// against the largest sum one payment may carry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentRequest {
    Debt,
    Custom(Kopecks),
}

impl PaymentRequest {
    /// The pay form's fields: `purpose` (`debt` or `custom`) and, for `custom`, `amount` in
    /// rubles as typed, at most `max`. The amount of `debt` is not read.
    pub fn parse(purpose: &str, amount: &str, max: Kopecks) -> Result<PaymentRequest, AppError> {
        match Purpose::from_code(purpose) {
            Some(Purpose::Debt) => Ok(PaymentRequest::Debt),
            Some(Purpose::Custom) => Kopecks::parse_rubles(amount, max)
                .map(PaymentRequest::Custom)
                .map_err(|e| AppError::validation("amount", e)),
            None => Err(AppError::validation("purpose", "Выберите, сколько оплатить")),
        }
    }

    pub fn purpose(self) -> Purpose {
        match self {
            PaymentRequest::Debt => Purpose::Debt,
            PaymentRequest::Custom(_) => Purpose::Custom,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayForm {
    pub account: AccountSummary,
    /// The largest sum one payment may carry.
    pub max: Kopecks,
    /// This form's payment, made once however often the form is sent (`PaymentAttempt`).
    pub attempt: String,
}

/// The key a pay form carries so that sending it twice (a double tap, a resent post without
/// script) makes one payment: it becomes the payment's public id (and the acquirer's
/// idempotence key). 32 lowercase hex digits, as the server makes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentAttempt(String);

impl PaymentAttempt {
    pub fn parse(raw: &str) -> Option<PaymentAttempt> {
        let ok = raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| PaymentAttempt(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod attempt_tests {
    use super::PaymentAttempt;

    #[test]
    fn an_attempt_is_32_lowercase_hex_digits() {
        assert!(PaymentAttempt::parse("0123456789abcdef0123456789abcdef").is_some());
        for bad in [
            "",
            "0123456789ABCDEF0123456789ABCDEF",
            "0123456789abcdef",
            "0123456789abcdef0123456789abcdeg",
            "' OR 1=1 --0123456789abcdef01234",
        ] {
            assert!(PaymentAttempt::parse(bad).is_none(), "{bad}");
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInfo {
    pub public_id: String,
    pub account_id: i64,
    pub number: String,
    pub amount: Kopecks,
    pub status: PaymentStatus,
    pub created_at: i64,
}

/// What the sandbox acquirer's page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxPayment {
    pub id: String,
    pub amount: Kopecks,
    pub description: String,
    pub status: PaymentStatus,
    /// The payment saves the card for autopay.
    pub saves_card: bool,
}

#[cfg(test)]
mod tests {
    use super::{PaymentRequest, Purpose};
    use crate::domain::Kopecks;
    use crate::error::AppError;

    #[test]
    fn a_payment_request_is_the_debt_or_a_checked_sum() {
        let max = Kopecks(1_000_000);
        assert_eq!(PaymentRequest::parse("debt", "not read", max), Ok(PaymentRequest::Debt));
        assert_eq!(
            PaymentRequest::parse("custom", "1 234,5", max),
            Ok(PaymentRequest::Custom(Kopecks(123_450)))
        );
        assert_eq!(PaymentRequest::Custom(Kopecks(1)).purpose(), Purpose::Custom);
        assert_eq!(PaymentRequest::Debt.purpose().code(), "debt");
        let field = |r: Result<PaymentRequest, AppError>| match r {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("not a validation error: {other:?}"),
        };
        assert_eq!(field(PaymentRequest::parse("all", "100", max)), "purpose");
        assert_eq!(field(PaymentRequest::parse("custom", "", max)), "amount");
        assert_eq!(field(PaymentRequest::parse("custom", "10 000,01", max)), "amount");
    }
}

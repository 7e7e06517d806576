use crate::accounts::model::AccountSummary;
use crate::domain::Kopecks;
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayForm {
    pub account: AccountSummary,
    /// The largest sum one payment may carry.
    pub max: Kopecks,
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
}

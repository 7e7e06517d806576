//! What the console's pages receive from the server.

use crate::accounts::model::Access;
use crate::domain::Kopecks;
use crate::support::model::{Message, TicketStatus};
use serde::{Deserialize, Serialize};

/// The work waiting for operators, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    /// The longest-waiting questions, at most `QUEUE_PAGE` of them.
    pub tickets: Vec<QueuedTicket>,
    /// How many questions are waiting in all.
    pub tickets_waiting: i64,
    pub pin_requests: Vec<QueuedPinRequest>,
    pub pin_requests_waiting: i64,
}

/// How many of each kind the queue lists: the oldest first, the rest move up as these are
/// dealt with.
pub const QUEUE_PAGE: i64 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedTicket {
    pub id: i64,
    pub topic: String,
    pub contact: String,
    /// The start of the customer's latest message.
    pub excerpt: String,
    /// Waiting since (the customer's last message).
    pub updated_at: i64,
    /// Asked from inside the cabinet rather than anonymously.
    pub from_customer: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedPinRequest {
    pub id: i64,
    pub account_id: i64,
    pub provider: String,
    pub number: String,
    pub owner: String,
    pub customer_login: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketThread {
    pub id: i64,
    pub topic: String,
    pub contact: String,
    pub status: TicketStatus,
    pub created_at: i64,
    /// The cabinet's login, when a signed-in customer asked.
    pub customer_login: Option<String>,
    pub messages: Vec<Message>,
}

/// An account found by its number (the same number may exist at several providers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountHit {
    pub account_id: i64,
    pub provider: String,
    pub number: String,
    pub owner: String,
    pub bindings: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub account_id: i64,
    pub provider: String,
    pub number: String,
    pub owner: String,
    pub address: String,
    pub debt: Kopecks,
    pub bindings: Vec<BindingRow>,
    pub history: Vec<AuditRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindingRow {
    pub binding_id: i64,
    pub login: String,
    pub access: Access,
    pub since: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub details: String,
}

/// The audit log's action codes in words, for the account's history.
pub fn action_label(action: &str) -> &str {
    match action {
        "binding.created" => "Лицевой счёт подключён",
        "binding.removed" => "Лицевой счёт отключён клиентом",
        "binding.revoked" => "Привязка отменена оператором",
        "binding.extended" => "Подключена расширенная версия",
        "pin.requested" => "Запрошен PIN-код",
        "pin.issued" => "Выдан новый PIN-код",
        "pin.declined" => "В выдаче PIN-кода отказано",
        "account.viewed" => "Карточка открыта оператором",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_actions_read_as_words_and_unknown_ones_stay_visible() {
        assert_eq!(action_label("pin.issued"), "Выдан новый PIN-код");
        assert_eq!(action_label("something.new"), "something.new");
    }
}

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
    /// Payments needing attention (another amount or currency at the acquirer), newest
    /// first, at most `QUEUE_PAGE`.
    pub payment_problems: Vec<PaymentProblem>,
    pub payment_problems_total: i64,
}

/// A payment the acquirer reported as succeeded for another amount or in another currency:
/// not credited, status `attention`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentProblem {
    pub public_id: String,
    pub number: String,
    pub provider: String,
    /// `None` once the customer has left the portal.
    pub customer_login: Option<String>,
    /// What we asked for, in kopecks.
    pub amount: Kopecks,
    /// What the acquirer reported, in the currency's minor units.
    pub reported_amount: Option<Kopecks>,
    pub reported_currency: String,
    pub created_at: i64,
    /// When the acquirer's answer was seen.
    pub attention_at: i64,
}

impl PaymentProblem {
    /// What the acquirer reported, `1 234,56 ₽` or `12,00 USD`.
    pub fn reported(&self) -> String {
        match self.reported_amount {
            Some(amount) if self.reported_currency == "RUB" => amount.format_rub(),
            Some(amount) => {
                format!("{} {}", amount.format_rub().trim_end_matches(" ₽"), self.reported_currency)
            }
            None => format!("? {}", self.reported_currency),
        }
    }
}

/// One kind of the queue's work: a page of it (at most `QUEUE_PAGE`) and how many there are
/// in all. `Queue` keeps its three pairs as flat fields (`tickets`, `tickets_waiting`, …):
/// they are what `/api/operator/queue` answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuePage<T> {
    pub items: Vec<T>,
    pub total: i64,
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
    /// The account's owner in billing, to compare with who asks.
    pub owner: String,
    pub customer_login: String,
    /// The name the requester gave in their profile (`/settings`), if any.
    pub customer_name: Option<String>,
    /// When the requester bound the account (`None` if the binding is gone meanwhile).
    pub bound_at: Option<i64>,
    pub created_at: i64,
}

/// What the operator must confirm before a PIN is issued: the PIN opens the owner's
/// personal data to whoever receives it.
pub const IDENTITY_CHECKED_LABEL: &str = "Личность заявителя проверена";

/// Without that confirmation a PIN is not issued: the message next to the checkbox.
pub const IDENTITY_NOT_CHECKED: &str =
    "Отметьте «Личность заявителя проверена»: PIN-код выдаётся только после проверки личности";

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
    /// Sign-ins, lockouts, password and login changes and the like of the customers who
    /// have bound the account (now or before), newest first.
    pub security_events: Vec<SecurityEvent>,
}

/// How many security events the account's card shows, newest first.
pub const SECURITY_EVENTS_LIMIT: i64 = 50;

/// An audit row about one of the account's customers (subject `user:{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEvent {
    pub at: i64,
    /// The customer's login, or `клиент № {id}` once they have left the portal.
    pub customer: String,
    pub action: String,
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
        "payment.attention" => "Платёж не зачислен: в банке другая сумма или валюта",
        "reading.submitted" => "Переданы показания",
        "control.locked" => "Контрольный вопрос заблокирован",
        "auth.sign_in" => "Вход",
        "auth.sign_in_failed" => "Неверный пароль",
        "auth.locked" => "Вход заблокирован",
        "auth.reset" => "Пароль восстановлен",
        "auth.password_changed" => "Пароль изменён",
        "auth.login_changed" => "Логин изменён",
        "auth.sign_out_everywhere" => "Выход на всех устройствах",
        "consent.withdrawn" => "Согласие отозвано",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_actions_read_as_words_and_unknown_ones_stay_visible() {
        assert_eq!(action_label("pin.issued"), "Выдан новый PIN-код");
        assert_eq!(action_label("auth.sign_in_failed"), "Неверный пароль");
        assert_eq!(action_label("control.locked"), "Контрольный вопрос заблокирован");
        assert_eq!(action_label("something.new"), "something.new");
    }
}

/// The console's notices page: announcements to a supplier's customers, and messages that
/// could not be delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticesDesk {
    pub providers: Vec<Audience>,
    /// The announcement being previewed (`?draft=`), not sent yet.
    pub draft: Option<AnnouncementDraft>,
    /// The last announcements sent, newest first.
    pub sent: Vec<SentAnnouncement>,
    pub undelivered: Vec<UndeliveredMessage>,
    /// Messages given up for good (all of them, not only the ones listed).
    pub given_up: i64,
}

/// A supplier and how many customers an announcement to it reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    pub provider_id: i64,
    pub name: String,
    pub customers: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementDraft {
    pub id: i64,
    pub provider_id: i64,
    pub provider: String,
    pub title: String,
    pub text: String,
    /// Customers it reaches if sent now.
    pub customers: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentAnnouncement {
    pub provider: String,
    pub title: String,
    pub sent_at: i64,
    pub recipients: i64,
}

/// A message the outbox could not deliver: still retried, or given up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndeliveredMessage {
    pub id: i64,
    /// `Эл. почта`, `SMS`, `Браузер`.
    pub channel: String,
    /// The address or phone; a browser's push address is not shown.
    pub recipient: String,
    pub subject: String,
    pub reason: String,
    pub attempts: i64,
    pub created_at: i64,
    pub given_up: bool,
}

use crate::domain::notification::{Channel, Topic};
use serde::{Deserialize, Serialize};

/// One notification in the cabinet's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationItem {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// The page it is about (`/accounts/7/readings`).
    pub link: String,
    pub created_at: i64,
    /// Not seen before this view of the list.
    pub unread: bool,
}

/// The settings table: a row per topic, a column per channel the portal offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceTable {
    /// The portal's VAPID public key, for "Включить уведомления в браузере".
    pub push_key: String,
    pub channels: Vec<Channel>,
    pub rows: Vec<ChoiceRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceRow {
    pub topic: Topic,
    /// Per channel of `ChoiceTable::channels`: `Some(on)` where the customer
    /// chooses, `None` where the topic always goes (answers, security).
    pub switches: Vec<Option<bool>>,
}

/// What an e-mail's unsubscribe link is about, and whether those e-mails come now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSwitch {
    pub topic: Topic,
    pub on: bool,
}

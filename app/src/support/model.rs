use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TicketStatus {
    Open,
    Answered,
    Closed,
}

impl TicketStatus {
    pub fn from_db(s: &str) -> TicketStatus {
        match s {
            "answered" => TicketStatus::Answered,
            "closed" => TicketStatus::Closed,
            _ => TicketStatus::Open,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TicketStatus::Open => "Ждёт ответа",
            TicketStatus::Answered => "Есть ответ",
            TicketStatus::Closed => "Закрыто",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: i64,
    pub topic: String,
    pub status: TicketStatus,
    pub created_at: i64,
    pub messages: Vec<Message>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub from_operator: bool,
    pub body: String,
    pub created_at: i64,
}

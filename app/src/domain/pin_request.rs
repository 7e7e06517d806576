//! An operator's answer to "Подать запрос на получение PIN-кода" when no PIN is issued: the
//! reason the customer is told.

use serde::{Deserialize, Serialize};

pub const MIN_REASON_CHARS: usize = 5;
pub const MAX_REASON_CHARS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ReasonError {
    #[error("Укажите причину отказа")]
    Empty,
    #[error("Причина слишком короткая: хотя бы 5 символов")]
    TooShort,
    #[error("Причина слишком длинная: не больше 500 символов")]
    TooLong,
}

/// Trimmed, one line (the customer reads it in an SMS), 5 to 500 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclineReason(String);

impl DeclineReason {
    pub fn parse(raw: &str) -> Result<DeclineReason, ReasonError> {
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        match text.chars().count() {
            0 => Err(ReasonError::Empty),
            n if n < MIN_REASON_CHARS => Err(ReasonError::TooShort),
            n if n > MAX_REASON_CHARS => Err(ReasonError::TooLong),
            _ => Ok(DeclineReason(text)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_one_trimmed_line_of_bounded_length() {
        assert_eq!(
            DeclineReason::parse("  Владелец счёта\nне подтверждён  ").unwrap().as_str(),
            "Владелец счёта не подтверждён"
        );
        assert_eq!(DeclineReason::parse(" \n "), Err(ReasonError::Empty));
        assert_eq!(DeclineReason::parse("нет"), Err(ReasonError::TooShort));
        assert_eq!(DeclineReason::parse(&"я".repeat(501)), Err(ReasonError::TooLong));
        assert!(DeclineReason::parse(&"я".repeat(500)).is_ok());
    }
}

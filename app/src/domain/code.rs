//! The one-time confirmation code the customer types from the SMS or e-mail.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CodeError {
    #[error("Введите код из сообщения")]
    Empty,
    #[error("Код состоит из 6 цифр")]
    Format,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmationCode(String);

impl ConfirmationCode {
    /// Spaces and dashes people copy along with the code are ignored.
    pub fn parse(raw: &str) -> Result<Self, CodeError> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.is_empty() {
            return Err(CodeError::Empty);
        }
        if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(CodeError::Format);
        }
        Ok(ConfirmationCode(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_with_separators_ignored() {
        assert_eq!(ConfirmationCode::parse(" 123 456 ").unwrap().as_str(), "123456");
        assert_eq!(ConfirmationCode::parse("012-345").unwrap().as_str(), "012345");
        assert_eq!(ConfirmationCode::parse(""), Err(CodeError::Empty));
        assert_eq!(ConfirmationCode::parse("12345"), Err(CodeError::Format));
        assert_eq!(ConfirmationCode::parse("1234567"), Err(CodeError::Format));
        assert_eq!(ConfirmationCode::parse("12a456"), Err(CodeError::Format));
        assert_eq!(ConfirmationCode::parse("１２３４５６"), Err(CodeError::Format));
    }
}

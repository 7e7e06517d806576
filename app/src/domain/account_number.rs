//! The personal-account number (номер лицевого счёта) as the portal keeps it.
//!
//! Receipts print it with separators and leading zeros (`023-185952`); billing systems
//! know it as bare digits (`23185952`). Customers type it either way, so everything that
//! is not a digit is dropped, then the leading zeros.

use serde::{Deserialize, Serialize};

/// Longest number any billing system we import from uses, in digits.
pub const MAX_DIGITS: usize = 20;
/// What a customer may paste at all (separators included) before we stop reading it.
const MAX_INPUT_CHARS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AccountNumberError {
    #[error("Введите номер лицевого счёта")]
    Empty,
    #[error("Номер лицевого счёта состоит только из цифр, например 023-185952")]
    Letters,
    #[error("Номер лицевого счёта не может состоять из одних нулей")]
    Zero,
    #[error("Номер лицевого счёта слишком длинный: не больше 20 цифр")]
    TooLong,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccountNumber(String);

impl AccountNumber {
    pub fn parse(raw: &str) -> Result<Self, AccountNumberError> {
        if raw.chars().count() > MAX_INPUT_CHARS {
            return Err(AccountNumberError::TooLong);
        }
        let mut digits = String::with_capacity(raw.len());
        for c in raw.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if c.is_alphanumeric() {
                // Letters, and digits of other scripts, are not part of any billing number.
                return Err(AccountNumberError::Letters);
            }
            // Everything else (spaces, dashes, slashes, dots, №) is a separator.
        }
        if digits.is_empty() {
            return Err(AccountNumberError::Empty);
        }
        let significant = digits.trim_start_matches('0');
        if significant.is_empty() {
            return Err(AccountNumberError::Zero);
        }
        if significant.len() > MAX_DIGITS {
            return Err(AccountNumberError::TooLong);
        }
        Ok(AccountNumber(significant.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for AccountNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        AccountNumber::parse(raw).unwrap().as_str().to_owned()
    }

    #[test]
    fn the_receipt_spelling_becomes_the_portal_number() {
        assert_eq!(ok("023-185952"), "23185952");
        assert_eq!(ok("23185952"), "23185952");
        assert_eq!(ok(" 023 185 952 "), "23185952");
        assert_eq!(ok("№ 023/185.952"), "23185952");
        assert_eq!(ok("0000100200"), "100200");
    }

    #[test]
    fn letters_empty_zero_and_long_numbers_are_refused() {
        assert_eq!(AccountNumber::parse(""), Err(AccountNumberError::Empty));
        assert_eq!(AccountNumber::parse(" - "), Err(AccountNumberError::Empty));
        assert_eq!(AccountNumber::parse("23A85952"), Err(AccountNumberError::Letters));
        assert_eq!(AccountNumber::parse("лс 23185952"), Err(AccountNumberError::Letters));
        assert_eq!(AccountNumber::parse("２３１"), Err(AccountNumberError::Letters));
        assert_eq!(AccountNumber::parse("000-000"), Err(AccountNumberError::Zero));
        assert_eq!(AccountNumber::parse(&"1".repeat(21)), Err(AccountNumberError::TooLong));
        assert_eq!(ok(&format!("000{}", "9".repeat(20))), "9".repeat(20));
        assert_eq!(AccountNumber::parse(&"-".repeat(65)), Err(AccountNumberError::TooLong));
    }
}

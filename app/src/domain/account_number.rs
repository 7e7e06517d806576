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

    /// Property tests (`proptest`): bad input never panics, and what parses round-trips.
    /// `scripts/fuzz.sh` runs them with a million cases each.
    mod proptests {
        use super::*;
        use proptest::prelude::*;

        /// Any Unicode, very long strings, and mixes of the characters this parser reads.
        fn input() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "[0-9 №/.\\-a-zа-я０-９]{0,40}",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        proptest! {
            #[test]
            fn any_input_is_a_number_or_refused_and_a_number_parses_to_itself(raw in input()) {
                if let Ok(n) = AccountNumber::parse(&raw) {
                    let s = n.as_str();
                    prop_assert!(!s.is_empty() && s.len() <= MAX_DIGITS, "{}", s);
                    prop_assert!(s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0'), "{}", s);
                    prop_assert_eq!(AccountNumber::parse(&n.to_string()), Ok(n.clone()));
                    // What it keeps is the input's digits, leading zeros dropped.
                    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
                    prop_assert_eq!(digits.trim_start_matches('0'), s);
                }
            }

            #[test]
            fn a_receipt_spelling_parses_to_its_digits(
                number in "[1-9][0-9]{0,19}",
                zeros in 0usize..4,
                seps in proptest::collection::vec(prop::sample::select(vec!["", "", "-", " ", "/", ".", "№ "]), 24),
            ) {
                let mut raw = "0".repeat(zeros);
                for (c, sep) in number.chars().zip(&seps) {
                    raw.push(c);
                    raw.push_str(sep);
                }
                prop_assert_eq!(AccountNumber::parse(&raw).map(|n| n.as_str().to_owned()), Ok(number));
            }
        }
    }
}

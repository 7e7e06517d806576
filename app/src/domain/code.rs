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

    /// Property tests (`proptest`): bad input never panics, and what parses round-trips.
    /// `scripts/fuzz.sh` runs them with a million cases each.
    mod proptests {
        use super::*;
        use proptest::prelude::*;

        /// Any Unicode, very long strings, and mixes of the characters this parser reads.
        fn input() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "[0-9 \\-a-z０-９]{0,40}",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        proptest! {
            #[test]
            fn any_input_is_a_code_or_refused(raw in input()) {
                if let Ok(code) = ConfirmationCode::parse(&raw) {
                    let s = code.as_str();
                    prop_assert!(s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()), "{}", s);
                    prop_assert_eq!(ConfirmationCode::parse(s), Ok(code.clone()));
                }
            }

            #[test]
            fn six_digits_with_separators_round_trip(
                digits in "[0-9]{6}",
                seps in proptest::collection::vec(prop::sample::select(vec!["", "", " ", "-", "\t", "\u{a0}"]), 7),
            ) {
                let mut raw = seps[6].to_owned();
                for (c, sep) in digits.chars().zip(&seps) {
                    raw.push(c);
                    raw.push_str(sep);
                }
                prop_assert_eq!(ConfirmationCode::parse(&raw).map(|c| c.as_str().to_owned()), Ok(digits));
            }
        }
    }
}

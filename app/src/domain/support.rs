//! A question to technical support: its topic and its text. The contact to answer to is a
//! `Login` (phone or e-mail), checked by the same rules as registration.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Topic {
    SignIn,
    Account,
    Payment,
    Readings,
    Other,
}

impl Topic {
    pub const ALL: [Topic; 5] =
        [Topic::SignIn, Topic::Account, Topic::Payment, Topic::Readings, Topic::Other];

    pub fn label(self) -> &'static str {
        match self {
            Topic::SignIn => "Регистрация и вход",
            Topic::Account => "Лицевой счёт и расширенная версия",
            Topic::Payment => "Оплата",
            Topic::Readings => "Показания счётчиков",
            Topic::Other => "Другое",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Topic::SignIn => "signin",
            Topic::Account => "account",
            Topic::Payment => "payment",
            Topic::Readings => "readings",
            Topic::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.code() == code)
    }
}

pub const MIN_TEXT_CHARS: usize = 10;
pub const MAX_TEXT_CHARS: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TextError {
    #[error("Опишите вопрос")]
    Empty,
    #[error("Опишите вопрос подробнее: хотя бы 10 символов")]
    TooShort,
    #[error("Слишком длинный текст: не больше 4000 символов")]
    TooLong,
}

/// The question's (or a reply's) text: trimmed, 10 to 4000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageText(String);

impl MessageText {
    pub fn parse(raw: &str) -> Result<MessageText, TextError> {
        let text = raw.trim();
        let chars = text.chars().count();
        if chars == 0 {
            return Err(TextError::Empty);
        }
        if chars < MIN_TEXT_CHARS {
            return Err(TextError::TooShort);
        }
        if chars > MAX_TEXT_CHARS {
            return Err(TextError::TooLong);
        }
        Ok(MessageText(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(MessageText::parse("  Не приходит код  ").unwrap().as_str(), "Не приходит код");
        assert_eq!(MessageText::parse("   "), Err(TextError::Empty));
        assert_eq!(MessageText::parse("помогите"), Err(TextError::TooShort));
        assert_eq!(MessageText::parse(&"я".repeat(4001)), Err(TextError::TooLong));
        assert!(MessageText::parse(&"я".repeat(4000)).is_ok());
    }

    #[test]
    fn topics_round_trip() {
        for t in Topic::ALL {
            assert_eq!(Topic::from_code(t.code()), Some(t));
        }
        assert_eq!(Topic::from_code("spam"), None);
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
                "[ a-zA-Zа-яА-Я0-9.?!\n]{0,40}",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        proptest! {
            #[test]
            fn any_text_is_trimmed_and_bounded_or_refused(raw in input(), code in input()) {
                if let Ok(text) = MessageText::parse(&raw) {
                    let n = text.as_str().chars().count();
                    prop_assert!((MIN_TEXT_CHARS..=MAX_TEXT_CHARS).contains(&n));
                    prop_assert_eq!(text.as_str(), raw.trim());
                    prop_assert_eq!(MessageText::parse(text.as_str()), Ok(text.clone()));
                }
                if let Some(t) = Topic::from_code(&code) {
                    prop_assert_eq!(t.code(), code.as_str());
                }
            }
        }
    }
}

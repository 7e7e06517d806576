//! The profile a customer fills in after registration: name and contacts.

use super::{Email, LoginError, Phone};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ProfileError {
    #[error("Имя слишком длинное: не больше 100 символов")]
    NameTooLong,
    #[error("Имя может содержать только буквы, пробелы, дефис и апостроф")]
    NameCharacters,
    #[error("{0}")]
    Contact(LoginError),
}

/// A parsed profile: every field optional, each one checked by the shared rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub full_name: Option<String>,
    pub contact_phone: Option<Phone>,
    pub contact_email: Option<Email>,
}

pub fn parse_name(raw: &str) -> Result<Option<String>, ProfileError> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().count() > 100 {
        return Err(ProfileError::NameTooLong);
    }
    if !name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.')) {
        return Err(ProfileError::NameCharacters);
    }
    Ok(Some(name))
}

pub fn parse_phone(raw: &str) -> Result<Option<Phone>, ProfileError> {
    if raw.trim().is_empty() { Ok(None) } else { Phone::parse(raw).map(Some).map_err(ProfileError::Contact) }
}

pub fn parse_email(raw: &str) -> Result<Option<Email>, ProfileError> {
    if raw.trim().is_empty() { Ok(None) } else { Email::parse(raw).map(Some).map_err(ProfileError::Contact) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tidied_and_checked() {
        assert_eq!(
            parse_name("  Иванов   Иван  Иванович ").unwrap().as_deref(),
            Some("Иванов Иван Иванович")
        );
        assert_eq!(parse_name("").unwrap(), None);
        assert_eq!(parse_name("Анна-Мария О'Нил").unwrap().as_deref(), Some("Анна-Мария О'Нил"));
        assert_eq!(parse_name("Иван123"), Err(ProfileError::NameCharacters));
        assert_eq!(parse_name(&"я".repeat(101)), Err(ProfileError::NameTooLong));
    }

    #[test]
    fn contacts_are_optional_but_valid() {
        assert_eq!(parse_phone(" ").unwrap(), None);
        assert_eq!(parse_phone("8 912 345 67 89").unwrap().unwrap().as_str(), "+79123456789");
        assert!(parse_phone("123").is_err());
        assert_eq!(parse_email("A@B.RU").unwrap().unwrap().as_str(), "a@b.ru");
        assert!(parse_email("a@").is_err());
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
                "[ a-zA-Zа-яА-Я0-9\'.@+\\-]{0,40}",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        proptest! {
            #[test]
            fn any_profile_field_is_tidied_or_refused(raw in input()) {
                if let Ok(Some(name)) = parse_name(&raw) {
                    prop_assert!(name.chars().count() <= 100);
                    prop_assert_eq!(name.trim(), name.as_str());
                    prop_assert!(!name.contains("  "));
                    prop_assert_eq!(parse_name(&name), Ok(Some(name.clone())));
                }
                if let Ok(Some(phone)) = parse_phone(&raw) {
                    prop_assert_eq!(parse_phone(phone.as_str()), Ok(Some(phone.clone())));
                }
                if let Ok(Some(email)) = parse_email(&raw) {
                    prop_assert_eq!(parse_email(email.as_str()), Ok(Some(email.clone())));
                }
            }
        }
    }
}

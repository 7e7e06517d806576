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
}

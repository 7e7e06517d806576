//! The password policy. The seed's rule is the default: 5 to 10 Latin letters and digits.
//! Operators may loosen or tighten the lengths in `[security]`; the character rule stays.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    pub min_len: usize,
    pub max_len: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy { min_len: 5, max_len: 10 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PasswordError {
    #[error("Введите пароль")]
    Empty,
    #[error("Пароль должен быть не короче {0} символов")]
    TooShort(usize),
    #[error("Пароль должен быть не длиннее {0} символов")]
    TooLong(usize),
    #[error("Пароль может содержать только латинские буквы и цифры")]
    Charset,
    #[error("Пароли не совпадают")]
    Mismatch,
}

/// A password that satisfies the policy. Never `Serialize`, never `Debug`-printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

impl PasswordPolicy {
    pub fn describe(&self) -> String {
        format!("От {} до {} символов: латинские буквы и цифры", self.min_len, self.max_len)
    }

    /// Lengths count characters, not bytes: a Cyrillic letter is one character (and
    /// rejected by the charset rule with its own message, not as "too long").
    pub fn parse(&self, raw: &str) -> Result<Password, PasswordError> {
        if raw.is_empty() {
            return Err(PasswordError::Empty);
        }
        if !raw.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(PasswordError::Charset);
        }
        let len = raw.chars().count();
        if len < self.min_len {
            return Err(PasswordError::TooShort(self.min_len));
        }
        if len > self.max_len {
            return Err(PasswordError::TooLong(self.max_len));
        }
        Ok(Password(raw.to_owned()))
    }

    /// Parses the password and checks that the repetition matches it.
    pub fn parse_pair(&self, raw: &str, repeat: &str) -> Result<Password, PasswordError> {
        let password = self.parse(raw)?;
        if raw != repeat {
            return Err(PasswordError::Mismatch);
        }
        Ok(password)
    }
}

impl Password {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_rule_accepts_five_to_ten_latin_letters_and_digits() {
        let p = PasswordPolicy::default();
        assert!(p.parse("abc12").is_ok());
        assert!(p.parse("Abcdef1234").is_ok());
        assert_eq!(p.parse("abc1"), Err(PasswordError::TooShort(5)));
        assert_eq!(p.parse("abcdef12345"), Err(PasswordError::TooLong(10)));
        assert_eq!(p.parse(""), Err(PasswordError::Empty));
    }

    #[test]
    fn non_latin_and_symbols_are_rejected() {
        let p = PasswordPolicy::default();
        for raw in ["пароль1", "abc 12", "abc-12", "abc12!", "ábc12"] {
            assert_eq!(p.parse(raw), Err(PasswordError::Charset), "{raw}");
        }
    }

    #[test]
    fn repetition_must_match() {
        let p = PasswordPolicy::default();
        assert_eq!(p.parse_pair("abc12", "abc13"), Err(PasswordError::Mismatch));
        assert!(p.parse_pair("abc12", "abc12").is_ok());
        // The password's own error comes first: no point comparing an invalid one.
        assert_eq!(p.parse_pair("ab", "abc"), Err(PasswordError::TooShort(2 + 3)));
    }

    #[test]
    fn policy_is_configurable() {
        let p = PasswordPolicy { min_len: 8, max_len: 64 };
        assert_eq!(p.parse("abc12"), Err(PasswordError::TooShort(8)));
        assert!(p.parse("abcdefgh12345").is_ok());
    }

    #[test]
    fn debug_never_prints_the_secret() {
        let p = PasswordPolicy::default().parse("abc12").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
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
                "[0-9a-zA-Zа-я !-]{0,40}",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        proptest! {
            #[test]
            fn any_password_under_any_policy_is_checked_by_the_rules(raw in input(), min_len in 0usize..80, max_len in 0usize..80) {
                let policy = PasswordPolicy { min_len, max_len };
                match policy.parse(&raw) {
                    Ok(p) => {
                        prop_assert_eq!(p.expose(), raw.as_str());
                        prop_assert!(raw.bytes().all(|b| b.is_ascii_alphanumeric()));
                        prop_assert!((min_len..=max_len).contains(&raw.len()));
                        prop_assert_eq!(policy.parse_pair(&raw, &raw), Ok(p));
                    }
                    Err(PasswordError::Empty) => prop_assert!(raw.is_empty()),
                    Err(PasswordError::Charset) => prop_assert!(!raw.chars().all(|c| c.is_ascii_alphanumeric())),
                    Err(PasswordError::TooShort(n)) => prop_assert!(n == min_len && raw.len() < min_len),
                    Err(PasswordError::TooLong(n)) => prop_assert!(n == max_len && raw.len() > max_len),
                    Err(PasswordError::Mismatch) => prop_assert!(false, "parse never compares"),
                }
            }

            #[test]
            fn the_seed_rule_accepts_every_five_to_ten_latin_letters_and_digits(raw in "[a-zA-Z0-9]{5,10}", other in "[a-zA-Z0-9]{5,10}") {
                let policy = PasswordPolicy::default();
                prop_assert_eq!(policy.parse(&raw).map(|p| p.expose().to_owned()), Ok(raw.clone()));
                let pair = policy.parse_pair(&raw, &other);
                prop_assert_eq!(pair.is_ok(), raw == other);
            }
        }
    }
}

//! The login a customer registers with: a Russian mobile phone or an e-mail address.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Why a string is not a login. `Display` is the Russian text shown next to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LoginError {
    #[error("Введите номер телефона или адрес электронной почты")]
    Empty,
    #[error("Номер телефона должен содержать 10 цифр после +7, например +7 912 345-67-89")]
    PhoneDigits,
    #[error("Укажите российский мобильный номер: +7 9XX XXX-XX-XX")]
    PhoneNotMobile,
    #[error("Проверьте адрес электронной почты, например ivanov@mail.ru")]
    EmailFormat,
    #[error("Адрес электронной почты слишком длинный")]
    EmailTooLong,
}

/// A Russian mobile number in E.164 form, `+79123456789`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

/// A trimmed, lower-cased e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

/// A phone or an e-mail: what the user signs in with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub enum Login {
    Phone(Phone),
    Email(Email),
}

/// Characters people put between the digits of a phone number.
fn is_phone_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '-' | '(' | ')' | '.' | '\u{2010}'..='\u{2015}')
}

impl Phone {
    /// Accepts `+7 (912) 345-67-89`, `8 912 345 67 89`, `89123456789`, `9123456789`.
    pub fn parse(raw: &str) -> Result<Self, LoginError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(LoginError::Empty);
        }
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut digits = String::with_capacity(11);
        for c in rest.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !is_phone_separator(c) {
                return Err(LoginError::PhoneDigits);
            }
        }
        let national = match (plus, digits.len()) {
            (true, 11) if digits.starts_with('7') => &digits[1..],
            (false, 11) if digits.starts_with('8') || digits.starts_with('7') => &digits[1..],
            (false, 10) => &digits[..],
            _ => return Err(LoginError::PhoneDigits),
        };
        if !national.starts_with('9') {
            return Err(LoginError::PhoneNotMobile);
        }
        Ok(Phone(format!("+7{national}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `+7 912 ***-**-89`: enough for the owner to recognise, too little to harvest.
    pub fn masked(&self) -> String {
        let d = &self.0[2..];
        format!("+7 {} ***-**-{}", &d[..3], &d[8..])
    }
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, LoginError> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(LoginError::Empty);
        }
        if email.chars().count() > 254 {
            return Err(LoginError::EmailTooLong);
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err(LoginError::EmailFormat);
        };
        let local_ok = !local.is_empty()
            && local.chars().count() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_alphanumeric() || "._%+-'!#$&*/=?^`{|}~".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
        if local_ok && domain_ok { Ok(Email(email)) } else { Err(LoginError::EmailFormat) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Login {
    /// Anything with an `@` is read as an e-mail, everything else as a phone number, so the
    /// error message speaks about what the user evidently meant to type.
    pub fn parse(raw: &str) -> Result<Self, LoginError> {
        if raw.trim().is_empty() {
            Err(LoginError::Empty)
        } else if raw.contains('@') {
            Email::parse(raw).map(Login::Email)
        } else {
            Phone::parse(raw).map(Login::Phone)
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Login::Phone(p) => p.as_str(),
            Login::Email(e) => e.as_str(),
        }
    }

    pub fn is_phone(&self) -> bool {
        matches!(self, Login::Phone(_))
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Login> for String {
    fn from(login: Login) -> String {
        login.as_str().to_owned()
    }
}

impl AsRef<str> for Login {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// Server-function arguments are parsed again on arrival: a tampered request cannot smuggle
/// an unnormalised login past the rule.
impl<'de> Deserialize<'de> for Login {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Login::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_spellings_normalise_to_e164() {
        for raw in [
            "+7 (912) 345-67-89",
            "89123456789",
            "9123456789",
            "8 912 345 67 89",
            "79123456789",
            " +7-912-345-67-89 ",
            "8(912)3456789",
        ] {
            assert_eq!(Login::parse(raw).unwrap().as_str(), "+79123456789", "{raw}");
        }
    }

    #[test]
    fn wrong_phones_are_rejected_with_a_reason() {
        assert_eq!(Phone::parse("912345678"), Err(LoginError::PhoneDigits));
        assert_eq!(Phone::parse("+8 912 345 67 89"), Err(LoginError::PhoneDigits));
        assert_eq!(Phone::parse("912345678901"), Err(LoginError::PhoneDigits));
        assert_eq!(Phone::parse("9l23456789"), Err(LoginError::PhoneDigits));
        assert_eq!(Phone::parse("+7 495 123-45-67"), Err(LoginError::PhoneNotMobile));
        assert_eq!(Login::parse("   "), Err(LoginError::Empty));
        assert_eq!(Login::parse("ivan"), Err(LoginError::PhoneDigits));
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        let login = Login::parse("  Ivanov.I@Mail.RU ").unwrap();
        assert_eq!(login.as_str(), "ivanov.i@mail.ru");
        assert!(!login.is_phone());
        assert_eq!(Login::parse("иван@почта.рф").unwrap().as_str(), "иван@почта.рф");
    }

    #[test]
    fn malformed_emails_are_rejected() {
        for raw in [
            "a@",
            "@mail.ru",
            "a@mail",
            "a@@mail.ru",
            "a b@mail.ru",
            "a@mail..ru",
            ".a@mail.ru",
            "a@-mail.ru",
            "a@mail.r",
        ] {
            assert_eq!(Login::parse(raw), Err(LoginError::EmailFormat), "{raw}");
        }
        let long = format!("{}@mail.ru", "a".repeat(250));
        assert_eq!(Login::parse(&long), Err(LoginError::EmailTooLong));
    }

    #[test]
    fn deserialising_runs_the_same_rule() {
        let login: Login = serde_json::from_str("\"8 912 345-67-89\"").unwrap();
        assert_eq!(login.as_str(), "+79123456789");
        assert!(serde_json::from_str::<Login>("\"nonsense\"").is_err());
        assert_eq!(serde_json::to_string(&login).unwrap(), "\"+79123456789\"");
    }

    #[test]
    fn phone_mask_keeps_prefix_and_last_two_digits() {
        assert_eq!(Phone::parse("9123456789").unwrap().masked(), "+7 912 ***-**-89");
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
                "[0-9 ()+\\-.,@_a-zA-Zа-яА-ЯİßẞΣς\u{a0}\u{2010}-\u{2015}]{0,40}",
                "\\w{1,8}([.+-]\\w{1,5})?@\\w{1,8}(-\\w{1,4})?\\.\\w{2,5}",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        /// A mobile number spelt the ways people write it: `+7`, `8`, `7` or nothing in
        /// front, separators anywhere between the digits.
        fn phone_spelling() -> impl Strategy<Value = (String, String)> {
            let seps = prop::sample::select(vec!["", "", " ", "-", "(", ")", ".", "\u{a0}", "\u{2012}"]);
            (
                prop::sample::select(vec!["+7", "8", "7", ""]),
                "9[0-9]{9}",
                proptest::collection::vec(seps, 11),
                "[ ]{0,3}",
            )
                .prop_map(|(prefix, national, seps, pad)| {
                    let mut raw = format!("{pad}{prefix}");
                    for (c, sep) in national.chars().zip(&seps) {
                        raw.push_str(sep);
                        raw.push(c);
                    }
                    raw.push_str(&pad);
                    (raw, format!("+7{national}"))
                })
        }

        proptest! {
            #[test]
            fn any_login_parses_or_is_refused_and_what_parses_parses_again_to_itself(raw in input()) {
                if let Ok(login) = Login::parse(&raw) {
                    prop_assert_eq!(Login::parse(login.as_str()), Ok(login.clone()));
                    match &login {
                        Login::Phone(p) => {
                            let s = p.as_str();
                            prop_assert!(s.len() == 12 && s.starts_with("+79"), "{}", s);
                            prop_assert!(s[1..].bytes().all(|b| b.is_ascii_digit()), "{}", s);
                            prop_assert_eq!(p.masked().chars().count(), 16);
                        }
                        Login::Email(e) => {
                            prop_assert_eq!(e.as_str(), e.as_str().trim());
                            prop_assert!(e.as_str().chars().count() <= 254);
                            prop_assert!(e.as_str().contains('@'));
                        }
                    }
                    // The serde form is the same rule.
                    let json = serde_json::to_string(&login).unwrap();
                    prop_assert_eq!(serde_json::from_str::<Login>(&json).unwrap(), login);
                }
                // The phone and e-mail rules on their own never panic either.
                let _ = Phone::parse(&raw);
                let _ = Email::parse(&raw);
            }

            #[test]
            fn every_spelling_of_a_mobile_number_is_its_e164_form((raw, e164) in phone_spelling()) {
                let login = Login::parse(&raw);
                prop_assert_eq!(login.as_ref().map(Login::as_str), Ok(e164.as_str()), "{:?}", raw);
            }

            #[test]
            fn a_plain_email_parses_lower_cased(local in "[a-zA-Z0-9]([._+-]?[a-zA-Z0-9]){0,20}",
                                                domain in "[a-zA-Z0-9]{1,20}(\\.[a-zA-Z0-9]{1,10}){0,2}\\.[a-zA-Z]{2,6}") {
                let raw = format!(" {local}@{domain} ");
                let expected = format!("{local}@{domain}").to_lowercase();
                let parsed = Login::parse(&raw);
                prop_assert_eq!(parsed.as_ref().map(Login::as_str), Ok(expected.as_str()));
            }
        }
    }
}

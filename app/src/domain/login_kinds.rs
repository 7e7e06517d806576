//! Which kinds of login the portal offers: a login is where its codes go, so a kind is
//! offered only when the portal can reach it. In production that is a configured channel
//! (SMS for phones, SMTP for e-mail); locally every message goes to the log, so both are.
//!
//! The one rule for the browser (labels, hints, live errors; it arrives in `PublicConfig`)
//! and the server (registration, password reset, change of login, the support contact).

use super::login::{Login, LoginError};
use serde::{Deserialize, Serialize};

/// The kinds of login offered. The default (both) is the local portal's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginKinds {
    pub phone: bool,
    pub email: bool,
}

impl Default for LoginKinds {
    fn default() -> Self {
        LoginKinds::BOTH
    }
}

/// Why a string is not a login this portal takes. `Display` is the text next to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LoginKindError {
    #[error("{0}")]
    Login(LoginError),
    #[error(
        "Эл. почта недоступна: портал отправляет коды и ответы только по SMS. Укажите номер мобильного телефона"
    )]
    EmailNotOffered,
    #[error(
        "Телефон недоступен: портал отправляет коды и ответы только на эл. почту. Укажите адрес электронной почты"
    )]
    PhoneNotOffered,
}

impl LoginKinds {
    pub const BOTH: LoginKinds = LoginKinds { phone: true, email: true };

    /// In production a kind is offered when its channel has a transport; locally (messages
    /// in the log) both are.
    pub fn offered(production: bool, email_transport: bool, sms_transport: bool) -> LoginKinds {
        if production {
            LoginKinds { phone: sms_transport, email: email_transport }
        } else {
            LoginKinds::BOTH
        }
    }

    pub fn accepts(&self, login: &Login) -> Result<(), LoginKindError> {
        match login {
            Login::Phone(_) if !self.phone => Err(LoginKindError::PhoneNotOffered),
            Login::Email(_) if !self.email => Err(LoginKindError::EmailNotOffered),
            _ => Ok(()),
        }
    }

    /// `Login::parse`, then refuses a kind that is not offered.
    pub fn parse(&self, raw: &str) -> Result<Login, LoginKindError> {
        let login = Login::parse(raw).map_err(LoginKindError::Login)?;
        self.accepts(&login)?;
        Ok(login)
    }

    /// `Телефон/Эл. почта`, `Телефон` or `Эл. почта`: the field's label ends with it.
    pub fn label(&self) -> &'static str {
        match (self.phone, self.email) {
            (true, false) => "Телефон",
            (false, true) => "Эл. почта",
            _ => "Телефон/Эл. почта",
        }
    }

    /// The hint under an empty field: an example, and what is not accepted.
    pub fn example(&self) -> &'static str {
        match (self.phone, self.email) {
            (true, false) => "Например, +7 912 345-67-89. Эл. почта не принимается: коды приходят по SMS",
            (false, true) => "Например, ivanov@mail.ru. Телефон не принимается: коды приходят на эл. почту",
            _ => "Например, +7 912 345-67-89 или ivanov@mail.ru",
        }
    }

    /// `телефон или эл. почта` for running text.
    pub fn describe(&self) -> &'static str {
        match (self.phone, self.email) {
            (true, false) => "номер мобильного телефона",
            (false, true) => "адрес электронной почты",
            _ => "телефон или адрес электронной почты",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locally_both_kinds_are_offered_whatever_is_configured() {
        for (mail, sms) in [(false, false), (true, false), (false, true), (true, true)] {
            assert_eq!(LoginKinds::offered(false, mail, sms), LoginKinds::BOTH);
        }
    }

    #[test]
    fn in_production_a_kind_needs_its_channel() {
        let sms_only = LoginKinds::offered(true, false, true);
        assert!(sms_only.parse("+7 912 345-67-89").is_ok());
        assert_eq!(sms_only.parse("ivanov@mail.ru"), Err(LoginKindError::EmailNotOffered));
        assert_eq!(sms_only.label(), "Телефон");
        assert!(sms_only.example().contains("Эл. почта не принимается"));

        let mail_only = LoginKinds::offered(true, true, false);
        assert!(mail_only.parse("ivanov@mail.ru").is_ok());
        assert_eq!(mail_only.parse("89123456789"), Err(LoginKindError::PhoneNotOffered));
        assert_eq!(mail_only.label(), "Эл. почта");

        assert_eq!(LoginKinds::offered(true, true, true), LoginKinds::BOTH);
    }

    #[test]
    fn a_malformed_login_keeps_its_own_message() {
        let err = LoginKinds::BOTH.parse("ivan").unwrap_err();
        assert_eq!(err, LoginKindError::Login(LoginError::PhoneDigits));
        assert_eq!(err.to_string(), LoginError::PhoneDigits.to_string());
        assert!(LoginKindError::EmailNotOffered.to_string().contains("Укажите номер мобильного телефона"));
    }

    #[test]
    fn the_browser_gets_it_as_json() {
        let kinds = LoginKinds { phone: true, email: false };
        let json = serde_json::to_string(&kinds).unwrap();
        assert_eq!(serde_json::from_str::<LoginKinds>(&json).unwrap(), kinds);
    }
}

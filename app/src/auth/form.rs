//! The registration form's input, parsed into domain types by the one rule both sides run.

use crate::domain::{Login, LoginKinds, Password, PasswordPolicy};
use crate::error::AppError;

/// A new password and its repetition, with the error put on the field it belongs to.
pub fn parse_new_password(
    policy: &PasswordPolicy,
    password: &str,
    repeat: &str,
) -> Result<Password, AppError> {
    policy.parse_pair(password, repeat).map_err(|e| match e {
        crate::domain::PasswordError::Mismatch => AppError::validation("password_repeat", e),
        other => AppError::validation("password", other),
    })
}

/// The repetition's message while the customer types: the server's own text for it
/// (`PasswordError::Mismatch`), shown whatever the password itself is worth.
pub fn repeat_mismatch(password: &str, repeat: &str) -> Option<String> {
    (password != repeat).then(|| crate::domain::PasswordError::Mismatch.to_string())
}

pub struct RegistrationForm {
    pub login: Login,
    pub password: Password,
}

impl RegistrationForm {
    /// Checks every field and reports the first broken one by name, so the page can put the
    /// message next to that field. A login of a kind the portal does not offer is refused.
    pub fn parse(
        policy: &PasswordPolicy,
        kinds: &LoginKinds,
        login: &str,
        password: &str,
        password_repeat: &str,
    ) -> Result<Self, AppError> {
        let login = kinds.parse(login).map_err(|e| AppError::validation("login", e))?;
        let password = parse_new_password(policy, password, password_repeat)?;
        Ok(RegistrationForm { login, password })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_their_field() {
        let p = PasswordPolicy::default();
        let k = LoginKinds::BOTH;
        let field = |r: Result<RegistrationForm, AppError>| match r {
            Err(AppError::Validation { field, .. }) => field,
            _ => "ok".into(),
        };
        assert_eq!(field(RegistrationForm::parse(&p, &k, "", "abc12", "abc12")), "login");
        assert_eq!(field(RegistrationForm::parse(&p, &k, "9123456789", "abc", "abc")), "password");
        assert_eq!(field(RegistrationForm::parse(&p, &k, "9123456789", "abc12", "abc13")), "password_repeat");
        let ok = RegistrationForm::parse(&p, &k, "8 (912) 345-67-89", "abc12", "abc12").unwrap();
        assert_eq!(ok.login.as_str(), "+79123456789");
    }

    #[test]
    fn a_login_of_a_kind_not_offered_is_refused_on_the_login_field() {
        let p = PasswordPolicy::default();
        let sms_only = LoginKinds { phone: true, email: false };
        match RegistrationForm::parse(&p, &sms_only, "ivanov@mail.ru", "abc12", "abc12") {
            Err(AppError::Validation { field, message }) => {
                assert_eq!(field, "login");
                assert!(message.contains("Укажите номер мобильного телефона"), "{message}");
            }
            _ => panic!("an e-mail is refused on an SMS-only portal"),
        }
        assert!(RegistrationForm::parse(&p, &sms_only, "9123456789", "abc12", "abc12").is_ok());
    }
}

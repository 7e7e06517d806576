//! The texts customers receive. SMS stay short; e-mails carry a text and an HTML part.

use crate::server::outbox::Message;

pub fn confirmation_sms(code: &str) -> Message {
    Message {
        subject: "Код подтверждения".into(),
        text: format!("Мой ГАЗ: код подтверждения {code}. Никому его не сообщайте."),
        html: None,
    }
}

pub fn confirmation_email(code: &str, link: &str) -> Message {
    Message {
        subject: "Код подтверждения регистрации — Мой ГАЗ".into(),
        text: format!(
            "Здравствуйте!\n\nВаш код подтверждения регистрации в Личном кабинете «Мой ГАЗ»: {code}\n\n\
             Или подтвердите регистрацию по ссылке:\n{link}\n\n\
             Код и ссылка действуют 10 минут. Если вы не регистрировались, просто проигнорируйте это письмо."
        ),
        html: Some(format!(
            "<p>Здравствуйте!</p><p>Ваш код подтверждения регистрации в Личном кабинете «Мой ГАЗ»:</p>\
             <p style=\"font-size:28px;font-weight:bold;letter-spacing:4px\">{code}</p>\
             <p>Или <a href=\"{link}\">подтвердите регистрацию по ссылке</a>.</p>\
             <p>Код и ссылка действуют 10 минут. Если вы не регистрировались, просто проигнорируйте это письмо.</p>"
        )),
    }
}

/// Sent instead of a code when the login already has a cabinet: the owner learns it, a
/// stranger probing logins learns nothing from the page.
pub fn already_registered() -> Message {
    Message {
        subject: "У вас уже есть Личный кабинет — Мой ГАЗ".into(),
        text: "Мой ГАЗ: для этого логина уже есть Личный кабинет. Войдите с паролем или восстановите его."
            .into(),
        html: None,
    }
}

pub fn reset_code(code: &str, by_sms: bool) -> Message {
    if by_sms {
        Message {
            subject: "Код для смены пароля".into(),
            text: format!("Мой ГАЗ: код для смены пароля {code}. Никому его не сообщайте."),
            html: None,
        }
    } else {
        Message {
            subject: "Восстановление пароля — Мой ГАЗ".into(),
            text: format!(
                "Здравствуйте!\n\nКод для смены пароля в Личном кабинете «Мой ГАЗ»: {code}\n\n\
                 Код действует 10 минут. Если вы не запрашивали смену пароля, просто проигнорируйте это письмо."
            ),
            html: Some(format!(
                "<p>Здравствуйте!</p><p>Код для смены пароля в Личном кабинете «Мой ГАЗ»:</p>\
                 <p style=\"font-size:28px;font-weight:bold;letter-spacing:4px\">{code}</p>\
                 <p>Код действует 10 минут. Если вы не запрашивали смену пароля, просто проигнорируйте это письмо.</p>"
            )),
        }
    }
}

pub fn login_change_code(code: &str) -> Message {
    Message {
        subject: "Код для смены логина — Мой ГАЗ".into(),
        text: format!(
            "Мой ГАЗ: код для смены логина личного кабинета {code}. Если вы ничего не меняли, не сообщайте его никому."
        ),
        html: None,
    }
}

/// What changed in a cabinet: told to the login it belonged to when it changed, so the
/// owner hears of a change somebody else made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityChange {
    PasswordChanged,
    PasswordReset,
    /// Sent to the previous login.
    LoginChanged,
}

impl SecurityChange {
    pub fn code(self) -> &'static str {
        match self {
            SecurityChange::PasswordChanged => "password_changed",
            SecurityChange::PasswordReset => "password_reset",
            SecurityChange::LoginChanged => "login_changed",
        }
    }
}

pub fn security_notice(change: SecurityChange, when_msk: &str, support_url: &str) -> Message {
    let (subject, what) = match change {
        SecurityChange::PasswordChanged => ("Пароль изменён — Мой ГАЗ", "изменён пароль"),
        SecurityChange::PasswordReset => ("Пароль восстановлен — Мой ГАЗ", "восстановлен пароль по коду"),
        SecurityChange::LoginChanged => {
            ("Логин изменён — Мой ГАЗ", "изменён логин: этот адрес или телефон больше не входит в кабинет")
        }
    };
    Message {
        subject: subject.into(),
        text: format!(
            "Мой ГАЗ: в вашем личном кабинете {when_msk} {what}. Если это были не вы, восстановите пароль и \
             напишите в поддержку: {support_url}"
        ),
        html: None,
    }
}

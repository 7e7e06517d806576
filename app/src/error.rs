//! The one error type every server function returns. Each variant means something to the
//! user; `message_ru` is the single place that turns it into the Russian text on screen.
//! Internal details are logged on the server and never serialised to the browser.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Which form field an error belongs to, so the page can show it next to that field.
pub type Field = String;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input broke a domain rule; `message` is already the Russian text.
    #[error("{field}: {message}")]
    Validation { field: Field, message: String },
    #[error("unauthorized")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A limit is used up until `until` (unix seconds); `what` says which, so the message
    /// can say what to wait for.
    #[error("rate limited ({what:?}) until {until}")]
    RateLimited { what: Limited, until: i64 },
    /// A feature that is not switched on in this installation yet.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// The request itself was malformed (bad payload, wrong encoding).
    #[error("bad request")]
    BadRequest,
    #[error("internal error")]
    Internal,
}

/// What a used-up limit guarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Limited {
    /// Wrong passwords for a login.
    SignIn,
    /// Confirmation codes sent (registration, reset, a new login), per login or per address.
    Codes,
    /// Answers to an account's control question.
    ControlAnswers,
    /// Attempts to bind an account.
    Binding,
    /// Questions to support.
    SupportQuestions,
}

impl Limited {
    fn message_ru(self, until: i64) -> String {
        use crate::domain::time::{format_datetime_msk, format_time_msk};
        match self {
            Limited::SignIn => format!(
                "Слишком много неверных попыток. Вход временно заблокирован до {}.",
                format_time_msk(until)
            ),
            Limited::Codes => format!("Новый код можно будет запросить после {}", format_time_msk(until)),
            Limited::ControlAnswers => format!(
                "Попытки закончились. Ответить на контрольный вопрос можно будет {}.",
                format_datetime_msk(until)
            ),
            Limited::Binding => format!(
                "Слишком много попыток подключить лицевой счёт. Попробуйте снова после {}",
                format_time_msk(until)
            ),
            Limited::SupportQuestions => format!(
                "Слишком много вопросов подряд. Задать следующий можно после {}",
                format_time_msk(until)
            ),
        }
    }
}

impl AppError {
    pub fn validation(field: &str, message: impl ToString) -> Self {
        AppError::Validation { field: field.to_owned(), message: message.to_string() }
    }

    /// The Russian text shown to the user.
    pub fn message_ru(&self) -> String {
        match self {
            AppError::Validation { message, .. } => message.clone(),
            AppError::Unauthorized => "Войдите в личный кабинет, чтобы продолжить".into(),
            AppError::Forbidden => "Недостаточно прав для этого действия".into(),
            AppError::NotFound => "Не найдено".into(),
            AppError::RateLimited { what, until } => what.message_ru(*until),
            AppError::Unavailable(what) => what.clone(),
            AppError::BadRequest => "Некорректный запрос. Обновите страницу и попробуйте снова".into(),
            AppError::Internal => {
                "Что-то пошло не так на нашей стороне. Попробуйте ещё раз через минуту".into()
            }
        }
    }

    /// The message for `field`, if this error belongs to it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation { field: f, message } if f == field => Some(message.clone()),
            _ => None,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation { .. } | AppError::BadRequest => 400,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::RateLimited { .. } => 429,
            AppError::Unavailable(_) => 503,
            AppError::Internal => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                AppError::Unavailable("Нет связи с сервером. Проверьте подключение к интернету".into())
            }
            _ => AppError::Internal,
        }
    }

    /// Encodes the error for the browser, and on the server picks the response's status
    /// from it (`status`): a server function's error leaves as 400, 401, 403, 404, 429, 503
    /// or 500, set here, where it becomes the response, instead of by re-reading the body.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        self.set_response_status();
        <Self::Encoder as leptos::server_fn::Encodes<Self>>::encode(self)
            .unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(b"\"Internal\""))
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Only for the server functions under `/api/`: a page rendered on the server keeps the
    /// status its route gives it.
    fn set_response_status(&self) {
        use leptos::prelude::use_context;
        let is_api =
            use_context::<axum::http::request::Parts>().is_some_and(|p| p.uri.path().starts_with("/api/"));
        if let (true, Some(response)) = (is_api, use_context::<leptos_axum::ResponseOptions>()) {
            response.set_status(
                axum::http::StatusCode::from_u16(self.status())
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

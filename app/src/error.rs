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
    #[error("rate limited until {until}")]
    RateLimited { until: i64 },
    /// A feature that is not switched on in this installation yet.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// The request itself was malformed (bad payload, wrong encoding).
    #[error("bad request")]
    BadRequest,
    #[error("internal error")]
    Internal,
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
            AppError::RateLimited { .. } => "Слишком много попыток. Попробуйте позже".into(),
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
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

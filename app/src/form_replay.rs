//! Forms that work without script. Every form is a real `<form method="post">` to its own
//! page, with the server function's endpoint in a hidden `__action` field. When no script
//! handled the submit (JavaScript off, the WASM blocked or not there yet), the server runs
//! the server function itself (`server::http::form_post`): success redirects to the next
//! page; a refusal renders the same page again with this replay in its context, so the
//! form shows the messages next to its fields and what was typed (never a secret).

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// The hidden field that names the server function a form posts to.
pub const ACTION_FIELD: &str = "__action";

/// A form's `ACTION_FIELD`: `endpoint` as in the server function's `#[server(endpoint = …)]`.
#[leptos::component]
pub fn ActionField(endpoint: &'static str) -> impl leptos::IntoView {
    leptos::view! { <input type="hidden" name=ACTION_FIELD value=endpoint /> }
}

/// A refused form post: which server function, the typed values, the error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormReplay {
    /// The server function's endpoint under `/api/`, as in `#[server(endpoint = …)]`.
    pub action: String,
    values: Vec<(String, String)>,
    pub error: AppError,
}

impl FormReplay {
    /// Keeps every field but the secrets: passwords, codes and control answers are typed
    /// again, as a browser would never refill them either.
    pub fn new(action: &str, fields: Vec<(String, String)>, error: AppError) -> Self {
        let values =
            fields.into_iter().filter(|(name, _)| name != ACTION_FIELD && !is_secret(name)).collect();
        Self { action: action.to_owned(), values, error }
    }

    /// What was typed into `field` (empty when nothing or a secret).
    pub fn value(&self, field: &str) -> String {
        self.values.iter().find(|(name, _)| name == field).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

/// The error a form shows: its action's latest answer, or before the first dispatch, the
/// refusal this page was rendered with.
pub fn shown_error<S>(
    action: leptos::prelude::ServerAction<S>,
    replay: Option<&FormReplay>,
) -> leptos::prelude::Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    use leptos::prelude::*;
    let replayed = replay.map(|r| r.error.clone());
    Signal::derive(move || match action.value().get() {
        Some(answer) => answer.err(),
        None => replayed.clone(),
    })
}

/// Marks a server function call made by `server::http::form_post` for a form posted without
/// script (a request extension: a client cannot set it).
#[derive(Debug, Clone, Copy)]
pub struct NoScriptPost;

/// Where a form posted without script goes once its server function succeeded. Only such a
/// call gets it: a script caller moves on by itself (often without leaving the page), and
/// a redirect in its answer would make Leptos' client follow it. Without it, the form's own
/// page is shown again.
#[cfg(feature = "ssr")]
pub fn next_page(path: &str) {
    use leptos::prelude::use_context;
    let no_script = use_context::<axum::http::request::Parts>()
        .is_some_and(|p| p.extensions.get::<NoScriptPost>().is_some());
    if no_script {
        leptos_axum::redirect(path);
    }
}

fn is_secret(field: &str) -> bool {
    field.contains("password") || field == "code" || field == "answer"
}

/// The replay for the form posting to `action`, when this page is rendered after one was
/// refused. Pages read it on the server and pass it to their island as a prop.
pub fn replay_for(action: &str) -> Option<FormReplay> {
    page_replay().filter(|r| r.action == action)
}

/// The replay this page is rendered with, whichever of its forms was refused (a page of
/// several forms hands it to its island, which gives each form its own).
pub fn page_replay() -> Option<FormReplay> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<FormReplay>()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_not_kept() {
        let fields = [
            ("__action", "auth/register"),
            ("login", "a@b.ru"),
            ("password", "x"),
            ("password_repeat", "x"),
            ("code", "123456"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .to_vec();
        let replay = FormReplay::new("auth/register", fields, AppError::BadRequest);
        assert_eq!(replay.value("login"), "a@b.ru");
        for secret in ["password", "password_repeat", "code", "__action"] {
            assert_eq!(replay.value(secret), "", "{secret}");
        }
    }
}

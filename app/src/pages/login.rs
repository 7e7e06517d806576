//! `Войти в личный кабинет`: login and password.

use crate::auth::api::Login as LoginAction;
use crate::components::{AuthLayout, Notice, NoticeKind, TextField};
use crate::domain::Login;
use crate::error::AppError;
use crate::form_replay::{ActionField, FormReplay, replay_for, shown_error};
use crate::hydration::{Live, go_to};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Title text="Вход" />
        <AuthLayout title="Вход в личный кабинет">
            <LoginForm replay=replay_for(ENDPOINT) />
            <p class="card-links"><a href="/reset">"Забыли пароль?"</a></p>
            <p class="card-links"><a href="/register">"Зарегистрироваться"</a></p>
            <p class="card-links"><a href="/support">"Задать вопрос в техническую поддержку"</a></p>
        </AuthLayout>
    }
}

const ENDPOINT: &str = "auth/login";

/// Lazy since the forms learnt to work without script: the main module keeps room for the
/// registration form within the first visit's 200 KB, and the sign-in form is usable before
/// its chunk arrives.
#[island(lazy)]
fn LoginForm(replay: Option<FormReplay>) -> impl IntoView {
    let action = ServerAction::<LoginAction>::new();
    let server_error = shown_error(action, replay.as_ref());
    let login = RwSignal::new(replay.map(|r| r.value("login")).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            go_to("/cabinet");
        }
    });
    let login_error = Signal::derive(move || {
        let live = Login::parse(&login.get()).err().map(|e| e.to_string());
        if touched.get() && live.is_some() {
            live
        } else {
            server_error.get().and_then(|e| e.for_field("login"))
        }
    });
    let password_error = Signal::derive(move || {
        if touched.get() && password.with(String::is_empty) {
            Some("Введите пароль".to_owned())
        } else {
            server_error.get().and_then(|e| e.for_field("password"))
        }
    });
    let general = move || {
        server_error.get().and_then(|e| match e {
            AppError::Validation { .. } => None,
            other => Some(other.message_ru()),
        })
    };
    view! { <Live no_script=true>
            <form
                class="form"
                method="post"
                action="/login"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    touched.set(true);
                    if Login::parse(&login.get()).is_ok() && !password.with(String::is_empty) {
                        action.dispatch(LoginAction { login: login.get(), password: password.get() });
                    }
                }
            >
                <ActionField endpoint=ENDPOINT />
                <TextField name="login" label="Логин (Телефон/Эл. почта)" value=login error=login_error autocomplete="username" />
                <TextField
                    name="password"
                    label="Пароль"
                    input_type="password"
                    value=password
                    error=password_error
                    autocomplete="current-password"
                />
                {move || general().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
                <button type="submit" class="btn btn-primary btn-block btn-caps" disabled=move || action.pending().get()>
                    "Войти"
                </button>
            </form>
    </Live> }
}

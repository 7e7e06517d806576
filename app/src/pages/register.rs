//! Seed step 1: `/register`. Every rule is checked live as the user types, by the same
//! `domain` code the server runs again on submit.

use crate::auth::api::Register;
use crate::auth::form::RegistrationForm;
use crate::components::{AuthLayout, Notice, NoticeKind, TextField};
use crate::error::AppError;
use crate::form_replay::{ActionField, FormReplay, replay_for, shown_error};
use crate::hydration::{Live, go_to};
use crate::public_config::PublicConfig;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegisterPage() -> impl IntoView {
    view! {
        <Title text="Регистрация" />
        <AuthLayout title="Регистрация">
            <a class="link-back" href="/login">"— Войти в личный кабинет"</a>
            <RegisterForm replay=replay_for(ENDPOINT) />
            <p class="card-links">
                <a href="/support">"Задать вопрос в техническую поддержку"</a>
            </p>
        </AuthLayout>
    }
}

const ENDPOINT: &str = "auth/register";

/// Not lazy: this is the first screen a new customer sees, so its code lives in the main
/// WASM module, which compresses far better than the same code spread over split chunks.
#[island]
fn RegisterForm(
    /// This page again after a post without script was refused.
    replay: Option<FormReplay>,
) -> impl IntoView {
    let PublicConfig { password_policy: policy, login_kinds: kinds } = PublicConfig::current();
    let register = ServerAction::<Register>::new();
    let server_error = shown_error(register, replay.as_ref());

    let login = RwSignal::new(replay.map(|r| r.value("login")).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    // Errors appear once a field has been left (or on submit), not at the first keystroke.
    let touched_login = RwSignal::new(false);
    let touched_password = RwSignal::new(false);
    let touched_repeat = RwSignal::new(false);

    let field_error = move |field: &'static str, touched: RwSignal<bool>, live: Option<String>| {
        if touched.get() && live.is_some() {
            live
        } else {
            server_error.get().and_then(|e| e.for_field(field))
        }
    };

    let login_error = Signal::derive(move || {
        field_error("login", touched_login, kinds.parse(&login.get()).err().map(|e| e.to_string()))
    });
    let login_hint = Signal::derive(move || match kinds.parse(&login.get()) {
        Ok(parsed) => Some(format!("Ваш логин: {parsed}")),
        Err(_) => Some(kinds.example().to_owned()),
    });
    let password_error = Signal::derive(move || {
        field_error("password", touched_password, policy.parse(&password.get()).err().map(|e| e.to_string()))
    });
    let repeat_error = Signal::derive(move || {
        let live = crate::auth::form::repeat_mismatch(&password.get(), &repeat.get());
        field_error("password_repeat", touched_repeat, live)
    });
    let general_error = move || {
        server_error.get().filter(|e| !matches!(e, AppError::Validation { .. })).map(|e| e.message_ru())
    };

    Effect::new(move |_| {
        if let Some(Ok(())) = register.value().get() {
            go_to("/confirm");
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched_login.set(true);
        touched_password.set(true);
        touched_repeat.set(true);
        let form = RegistrationForm::parse(&policy, &kinds, &login.get(), &password.get(), &repeat.get());
        if form.is_ok() && !register.pending().get() {
            register.dispatch(Register {
                login: login.get(),
                password: password.get(),
                password_repeat: repeat.get(),
            });
        }
    };

    view! { <Live no_script=true>
            <form class="form" method="post" action="/register" novalidate on:submit=on_submit>
                <ActionField endpoint=ENDPOINT />
                <TextField
                    name="login"
                    label=format!("Логин ({})", kinds.label())
                    value=login
                    error=login_error
                    hint=login_hint
                    autocomplete="username"
                    on_blur=move |_| touched_login.set(true)
                />
                <TextField
                    name="password"
                    label="Пароль"
                    input_type="password"
                    value=password
                    error=password_error
                    hint=Signal::derive(move || Some(policy.describe()))
                    autocomplete="new-password"
                    on_blur=move |_| touched_password.set(true)
                />
                <TextField
                    name="password_repeat"
                    label="Повторите пароль"
                    input_type="password"
                    value=repeat
                    error=repeat_error
                    autocomplete="new-password"
                    on_blur=move |_| touched_repeat.set(true)
                />
                {move || general_error().map(|msg| view! { <Notice kind=NoticeKind::Error>{msg}</Notice> })}
                <button
                    type="submit"
                    class="btn btn-primary btn-block btn-caps"
                    disabled=move || register.pending().get()
                >
                    "Зарегистрироваться"
                </button>
            </form>
    </Live> }
}

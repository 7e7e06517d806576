//! "Forgot password": a code to the login, then the code and a new password.

use crate::auth::api::{ResetComplete, ResetRequest};
use crate::components::{AuthLayout, Notice, NoticeKind, TextField};
use crate::domain::ConfirmationCode;
use crate::error::AppError;
use crate::form_replay::{ActionField, FormReplay, replay_for, shown_error};
use crate::hydration::{Live, go_to};
use crate::public_config::PublicConfig;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPage() -> impl IntoView {
    let complete_replay = replay_for(COMPLETE);
    // Without script, a sent code leads here again with `?step=code`.
    let code_sent = complete_replay.is_some()
        || use_query_map().with_untracked(|q| q.get("step").as_deref() == Some("code"));
    view! {
        <Title text="Восстановление пароля" />
        <AuthLayout title="Восстановление пароля">
            <ResetForm code_sent request_replay=replay_for(REQUEST) complete_replay />
            <p class="card-links"><a href="/login">"Вернуться ко входу"</a></p>
        </AuthLayout>
    }
}

const REQUEST: &str = "auth/reset_request";
const COMPLETE: &str = "auth/reset_complete";

#[island(lazy)]
fn ResetForm(
    /// The code was asked for before this page (a post without script).
    code_sent: bool,
    request_replay: Option<FormReplay>,
    complete_replay: Option<FormReplay>,
) -> impl IntoView {
    let PublicConfig { password_policy: policy, login_kinds: kinds } = PublicConfig::current();
    let request = ServerAction::<ResetRequest>::new();
    let complete = ServerAction::<ResetComplete>::new();
    let request_error = shown_error(request, request_replay.as_ref());
    let complete_error = shown_error(complete, complete_replay.as_ref());
    let login = RwSignal::new(request_replay.map(|r| r.value("login")).unwrap_or_default());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let code_sent = move || code_sent || matches!(request.value().get(), Some(Ok(())));
    Effect::new(move |_| {
        if let Some(Ok(())) = complete.value().get() {
            go_to("/cabinet");
        }
    });

    let login_error = Signal::derive(move || {
        let live = kinds.parse(&login.get()).err().map(|e| e.to_string());
        if touched.get() && live.is_some() {
            live
        } else {
            request_error.get().and_then(|e| e.for_field("login"))
        }
    });
    let code_error = Signal::derive(move || {
        complete_error.get().and_then(|e| e.for_field("code")).or_else(|| {
            touched.get().then(|| ConfirmationCode::parse(&code.get()).err().map(|e| e.to_string())).flatten()
        })
    });
    let password_error = Signal::derive(move || {
        complete_error.get().and_then(|e| e.for_field("password")).or_else(|| {
            touched.get().then(|| policy.parse(&password.get()).err().map(|e| e.to_string())).flatten()
        })
    });
    let repeat_error = Signal::derive(move || {
        complete_error.get().and_then(|e| e.for_field("password_repeat")).or_else(|| {
            touched
                .get()
                .then(|| crate::auth::form::repeat_mismatch(&password.get(), &repeat.get()))
                .flatten()
        })
    });
    let general = move || {
        request_error.get().or_else(|| complete_error.get()).and_then(|e| match e {
            AppError::Validation { .. } => None,
            other => Some(other.message_ru()),
        })
    };

    view! { <Live no_script=true>
            <Show
                when=code_sent
                fallback=move || view! {
                    <p class="lead">{format!("Укажите логин — {}. Мы отправим код для смены пароля.", kinds.describe())}</p>
                    <form class="form" method="post" action="/reset" novalidate on:submit=move |ev| {
                        ev.prevent_default();
                        touched.set(true);
                        if kinds.parse(&login.get()).is_ok() {
                            touched.set(false);
                            request.dispatch(ResetRequest { login: login.get() });
                        }
                    }>
                        <ActionField endpoint=REQUEST />
                        <TextField name="login" label=format!("Логин ({})", kinds.label()) value=login error=login_error autocomplete="username" />
                        <button type="submit" class="btn btn-primary btn-block" disabled=move || request.pending().get()>
                            "Получить код"
                        </button>
                    </form>
                }
            >
                <Notice kind=NoticeKind::Info>
                    "Если для этого логина есть личный кабинет, мы отправили на него код. Введите код и новый пароль."
                </Notice>
                <form class="form" method="post" action="/reset" novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    touched.set(true);
                    if ConfirmationCode::parse(&code.get()).is_ok() && policy.parse_pair(&password.get(), &repeat.get()).is_ok() {
                        complete.dispatch(ResetComplete { code: code.get(), password: password.get(), password_repeat: repeat.get() });
                    }
                }>
                    <ActionField endpoint=COMPLETE />
                    <TextField name="code" label="Код из сообщения" value=code error=code_error autocomplete="one-time-code" inputmode="numeric" />
                    <TextField
                        name="password"
                        label="Новый пароль"
                        input_type="password"
                        value=password
                        error=password_error
                        hint=Signal::derive(move || Some(policy.describe()))
                        autocomplete="new-password"
                    />
                    <TextField name="password_repeat" label="Повторите пароль" input_type="password" value=repeat error=repeat_error autocomplete="new-password" />
                    <button type="submit" class="btn btn-primary btn-block" disabled=move || complete.pending().get()>
                        "Сменить пароль"
                    </button>
                </form>
            </Show>
            {move || general().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
    </Live> }
}

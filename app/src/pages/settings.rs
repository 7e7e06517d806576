//! `Настройки`: password, sessions, consent.

use crate::auth::api::{ChangePassword, LogoutAll};
use crate::components::{CabinetLayout, Notice, NoticeKind, RequireUser, TextField};
use crate::consent::api::WithdrawConsent;
use crate::public_config::PublicConfig;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Title text="Настройки" />
        <RequireUser view=|user| view! {
            <CabinetLayout login=user.login title="Настройки">
                <ChangePasswordCard />
                <SessionsCard />
                <WithdrawCard />
            </CabinetLayout>
        } />
    }
}

#[component]
fn ChangePasswordCard() -> impl IntoView {
    let policy = expect_context::<PublicConfig>().password_policy;
    let action = ServerAction::<ChangePassword>::new();
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let server_error = move || action.value().get().and_then(Result::err);
    let field = move |name: &'static str, live: Option<String>| {
        server_error().and_then(|e| e.for_field(name)).or_else(|| touched.get().then_some(live).flatten())
    };
    let current_error = Signal::derive(move || {
        field("current_password", current.with(String::is_empty).then(|| "Введите текущий пароль".to_owned()))
    });
    let password_error =
        Signal::derive(move || field("password", policy.parse(&password.get()).err().map(|e| e.to_string())));
    let repeat_error = Signal::derive(move || {
        field("password_repeat", (password.get() != repeat.get()).then(|| "Пароли не совпадают".to_owned()))
    });
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let general = move || {
        server_error()
            .filter(|e| !matches!(e, crate::error::AppError::Validation { .. }))
            .map(|e| e.message_ru())
    };
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">"Смена пароля"</h2>
            <form class="form" method="post" action="/api/auth/change_password" novalidate on:submit=move |ev| {
                ev.prevent_default();
                touched.set(true);
                if !current.with(String::is_empty) && policy.parse_pair(&password.get(), &repeat.get()).is_ok() {
                    action.dispatch(ChangePassword {
                        current_password: current.get(),
                        password: password.get(),
                        password_repeat: repeat.get(),
                    });
                }
            }>
                <TextField name="current_password" label="Текущий пароль" input_type="password" value=current error=current_error autocomplete="current-password" />
                <TextField
                    name="password"
                    label="Новый пароль"
                    input_type="password"
                    value=password
                    error=password_error
                    hint=Signal::derive(move || Some(policy.describe()))
                    autocomplete="new-password"
                />
                <TextField name="password_repeat" label="Повторите новый пароль" input_type="password" value=repeat error=repeat_error autocomplete="new-password" />
                {move || general().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
                <Show when=done>
                    <Notice kind=NoticeKind::Success>"Пароль изменён. На других устройствах нужно войти заново."</Notice>
                </Show>
                <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>"Сменить пароль"</button>
            </form>
        </section>
    }
}

#[component]
fn SessionsCard() -> impl IntoView {
    let action = ServerAction::<LogoutAll>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().set_href("/login");
        }
    });
    view! {
        <section class="card" aria-labelledby="sessions-title">
            <h2 id="sessions-title">"Устройства"</h2>
            <p class="lead">"Выйти из личного кабинета на всех телефонах и компьютерах, включая этот."</p>
            <ActionForm action>
                <button type="submit" class="btn btn-secondary">"Выйти на всех устройствах"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn WithdrawCard() -> impl IntoView {
    let action = ServerAction::<WithdrawConsent>::new();
    let asking = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().set_href("/register");
        }
    });
    view! {
        <section class="card" aria-labelledby="withdraw-title">
            <h2 id="withdraw-title">"Согласие на обработку персональных данных"</h2>
            <p class="lead">
                "Вы можете отозвать согласие. Тогда личный кабинет и все данные в нём будут удалены; оплачивать газ можно будет по квитанции."
            </p>
            <button type="button" class="btn btn-danger" on:click=move |_| asking.set(true)>
                "Отозвать согласие и удалить кабинет"
            </button>
            <Show when=move || asking.get()>
                <div class="dialog-backdrop">
                    <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="withdraw-dialog-title">
                        <button type="button" class="dialog-close" aria-label="Закрыть" on:click=move |_| asking.set(false)>"×"</button>
                        <h2 id="withdraw-dialog-title">"Удалить личный кабинет?"</h2>
                        <p class="lead">"Согласие будет отозвано, личный кабинет и все данные в нём — удалены. Это нельзя отменить."</p>
                        <div class="dialog-actions">
                            <button type="button" class="btn btn-danger" on:click=move |_| {
                                action.dispatch(WithdrawConsent { confirm: true });
                            }>"Да, удалить"</button>
                            <button type="button" class="btn btn-secondary" on:click=move |_| asking.set(false)>"Отмена"</button>
                        </div>
                    </div>
                </div>
            </Show>
        </section>
    }
}

//! `Настройки` (seed step 10): personal accounts, profile, login, password, sessions, consent.

use crate::accounts::api::{UnlinkAccount, my_accounts};
use crate::accounts::model::AccountSummary;
use crate::auth::api::{ChangePassword, LogoutAll};
use crate::components::{CabinetLayout, ConfirmDialog, Notice, NoticeKind, RequireUser, TextField};
use crate::consent::api::WithdrawConsent;
use crate::domain::ConfirmationCode;
use crate::domain::profile::{parse_email, parse_name, parse_phone};
use crate::hydration::{Live, go_to};
use crate::profile::api::{ChangeLogin, ConfirmLoginChange, SaveProfile, get_profile};
use crate::public_config::PublicConfig;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Title text="Настройки" />
        <RequireUser view=|user| view! {
            <CabinetLayout login=user.login title="Настройки">
                <SettingsCards />
            </CabinetLayout>
        } />
    }
}

/// Every card is interactive, so the page's cards are one island.
#[island(lazy)]
fn SettingsCards() -> impl IntoView {
    view! { <Live>
        <AccountsCard />
        <ProfileCard />
        <ChangeLoginCard />
        <ChangePasswordCard />
        <SessionsCard />
        <WithdrawCard />
    </Live> }
}

#[component]
fn ChangePasswordCard() -> impl IntoView {
    let policy = PublicConfig::current().password_policy;
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
        field("password_repeat", crate::auth::form::repeat_mismatch(&password.get(), &repeat.get()))
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
            go_to("/login");
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
            go_to("/register");
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
            <ConfirmDialog
                open=asking
                id="withdraw-dialog-title"
                title="Удалить личный кабинет?"
                text="Согласие будет отозвано, личный кабинет и все данные в нём — удалены. Это нельзя отменить."
                confirm="Да, удалить"
                on_confirm=Callback::new(move |_| {
                    action.dispatch(WithdrawConsent { confirm: true });
                })
            />
        </section>
    }
}

#[component]
fn ProfileCard() -> impl IntoView {
    let profile = Resource::new(|| (), |_| get_profile());
    view! {
        <section class="card" aria-labelledby="profile-title">
            <h2 id="profile-title">"Личные данные"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
                {move || Suspend::new(async move {
                    profile.await.map(|p| view! { <ProfileForm initial=p /> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ProfileForm(initial: crate::profile::model::ProfileInfo) -> impl IntoView {
    let action = ServerAction::<SaveProfile>::new();
    let name = RwSignal::new(initial.full_name);
    let phone = RwSignal::new(initial.contact_phone);
    let email = RwSignal::new(initial.contact_email);
    let server_error = move || action.value().get().and_then(Result::err);
    let field = move |f: &'static str, live: Option<String>| {
        live.or_else(|| server_error().and_then(|e| e.for_field(f)))
    };
    let name_error =
        Signal::derive(move || field("full_name", parse_name(&name.get()).err().map(|e| e.to_string())));
    let phone_error = Signal::derive(move || {
        field("contact_phone", parse_phone(&phone.get()).err().map(|e| e.to_string()))
    });
    let email_error = Signal::derive(move || {
        field("contact_email", parse_email(&email.get()).err().map(|e| e.to_string()))
    });
    let saved = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <p class="lead">"Дополнительные данные помогут поставщику связаться с вами. Заполнять их не обязательно."</p>
        <form class="form" method="post" action="/api/profile/save" novalidate on:submit=move |ev| {
            ev.prevent_default();
            let ok = parse_name(&name.get()).is_ok() && parse_phone(&phone.get()).is_ok() && parse_email(&email.get()).is_ok();
            if ok {
                action.dispatch(SaveProfile { full_name: name.get(), contact_phone: phone.get(), contact_email: email.get() });
            }
        }>
            <TextField name="full_name" label="Фамилия, имя, отчество" value=name error=name_error autocomplete="name" />
            <TextField name="contact_phone" label="Контактный телефон" input_type="tel" value=phone error=phone_error autocomplete="tel" />
            <TextField name="contact_email" label="Контактная эл. почта" input_type="email" value=email error=email_error autocomplete="email" />
            <Show when=saved>
                <Notice kind=NoticeKind::Success>"Данные сохранены."</Notice>
            </Show>
            <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>"Сохранить"</button>
        </form>
    }
}

#[component]
fn ChangeLoginCard() -> impl IntoView {
    let kinds = PublicConfig::current().login_kinds;
    let request = ServerAction::<ChangeLogin>::new();
    let confirm = ServerAction::<ConfirmLoginChange>::new();
    let new_login = RwSignal::new(String::new());
    let current_password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let sent = move || matches!(request.value().get(), Some(Ok(())));
    let login_error = Signal::derive(move || {
        let live =
            touched.get().then(|| kinds.parse(&new_login.get()).err().map(|e| e.to_string())).flatten();
        live.or_else(|| {
            request.value().get().and_then(Result::err).and_then(|e| match e.for_field("account_password") {
                Some(_) => None,
                None => Some(e.for_field("new_login").unwrap_or_else(|| e.message_ru())),
            })
        })
    });
    let password_error = Signal::derive(move || {
        let live = (touched.get() && current_password.with(String::is_empty))
            .then(|| "Введите текущий пароль".to_owned());
        live.or_else(|| {
            request.value().get().and_then(Result::err).and_then(|e| e.for_field("account_password"))
        })
    });
    let code_error = Signal::derive(move || {
        confirm
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.for_field("code").unwrap_or_else(|| e.message_ru()))
    });
    let changed = move || confirm.value().get().and_then(Result::ok);
    view! {
        <section class="card" aria-labelledby="login-title">
            <h2 id="login-title">"Смена логина"</h2>
            <Show
                when=move || changed().is_some()
                fallback=move || view! {
                    <p class="lead">{format!("Новый логин — {}. На него придёт код подтверждения, а на прежний — уведомление.", kinds.describe())}</p>
                    <form class="form" method="post" action="/api/profile/change_login" novalidate on:submit=move |ev| {
                        ev.prevent_default();
                        touched.set(true);
                        if kinds.parse(&new_login.get()).is_ok() && !current_password.with(String::is_empty) {
                            request.dispatch(ChangeLogin {
                                account_password: current_password.get(),
                                new_login: new_login.get(),
                            });
                        }
                    }>
                        <TextField name="account_password" label="Пароль от личного кабинета" input_type="password" value=current_password error=password_error autocomplete="current-password" />
                        <TextField name="new_login" label=format!("Новый логин ({})", kinds.label()) value=new_login error=login_error autocomplete="off" />
                        <button type="submit" class="btn btn-secondary" disabled=move || request.pending().get()>"Получить код"</button>
                    </form>
                    <Show when=sent>
                        <form class="form form-follow" method="post" action="/api/profile/confirm_login" novalidate on:submit=move |ev| {
                            ev.prevent_default();
                            if ConfirmationCode::parse(&code.get()).is_ok() {
                                confirm.dispatch(ConfirmLoginChange { code: code.get() });
                            }
                        }>
                            <TextField name="code" label="Код с нового логина" value=code error=code_error autocomplete="one-time-code" inputmode="numeric" />
                            <button type="submit" class="btn btn-primary" disabled=move || confirm.pending().get()>"Подтвердить"</button>
                        </form>
                    </Show>
                }
            >
                <Notice kind=NoticeKind::Success>
                    {move || format!("Логин изменён: теперь входите как {}.", changed().unwrap_or_default())}
                </Notice>
            </Show>
        </section>
    }
}

/// Seed step 10: `Подключить лицевой счёт`, and the linked accounts with `Отключить`.
#[component]
fn AccountsCard() -> impl IntoView {
    let unlink = ServerAction::<UnlinkAccount>::new();
    let accounts = Resource::new(move || unlink.version().get(), |_| my_accounts());
    view! {
        <section class="card" aria-labelledby="accounts-title">
            <h2 id="accounts-title">"Лицевые счета"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
                {move || Suspend::new(async move {
                    accounts.await.map(|list| {
                        if list.is_empty() {
                            view! { <p class="lead">"Лицевые счета пока не подключены."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="linked-list">
                                    {list.into_iter().map(|a| view! { <LinkedAccount account=a unlink /> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    })
                })}
            </Suspense>
            {move || unlink.value().get().and_then(Result::err).map(|e| view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> })}
            <a class="btn btn-primary" href="/accounts/bind">"Подключить лицевой счёт"</a>
        </section>
    }
}

#[component]
fn LinkedAccount(account: AccountSummary, unlink: ServerAction<UnlinkAccount>) -> impl IntoView {
    let asking = RwSignal::new(false);
    let id = account.account_id;
    let title = format!("№ {} — {}", account.number, account.provider);
    let question = format!("Отключить лицевой счёт № {}?", account.number);
    view! {
        <li class="linked">
            <span class="linked-text">
                <a href=format!("/accounts/{id}")>{title}</a>
                <span class="choice-sub">{account.address}</span>
            </span>
            <button type="button" class="btn btn-secondary" on:click=move |_| asking.set(true)>"Отключить"</button>
            <ConfirmDialog
                open=asking
                id=format!("unlink-{id}")
                title=question
                text="Он исчезнет из вашего кабинета; у других членов семьи, подключивших его, он останется. Подключить его снова можно в любой момент."
                confirm="Отключить"
                on_confirm=Callback::new(move |_| {
                    asking.set(false);
                    unlink.dispatch(UnlinkAccount { account_id: id });
                })
            />
        </li>
    }
}

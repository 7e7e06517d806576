//! `Настройки` (seed step 10): personal accounts, profile, login, password, sessions, consent.

use super::notification_settings::{NotificationsCard, SAVE as NOTIFICATIONS};
use crate::accounts::api::{UnlinkAccount, my_accounts};
use crate::accounts::model::AccountSummary;
use crate::auth::api::{ChangePassword, LogoutAll};
use crate::components::{CabinetLayout, ConfirmDialog, Notice, NoticeKind, RequireUser, TextField};
use crate::consent::api::WithdrawConsent;
use crate::domain::ConfirmationCode;
use crate::domain::profile::{parse_email, parse_name, parse_phone};
use crate::form_replay::{ActionField, FormReplay, page_replay, shown_error};
use crate::hydration::{Live, go_to, is_live};
use crate::profile::api::{ChangeLogin, ConfirmLoginChange, SaveProfile, get_profile};
use crate::public_config::PublicConfig;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where every settings form posts without script (`form_replay`): this page again.
const PAGE: &str = "/settings";
const CHANGE_PASSWORD: &str = "auth/change_password";
const SAVE_PROFILE: &str = "profile/save";
const CHANGE_LOGIN: &str = "profile/change_login";
const CONFIRM_LOGIN: &str = "profile/confirm_login";
const UNLINK: &str = "accounts/unlink";
const WITHDRAW: &str = "consent/withdraw";

#[component]
pub fn SettingsPage() -> impl IntoView {
    let replay = page_replay();
    // Without script, a form that succeeded leads here again with what it did in `?done=`.
    let done = use_query_map().with_untracked(|q| q.get("done"));
    view! {
        <Title text="Настройки" />
        <RequireUser view=move |user| view! {
            <CabinetLayout login=user.login.clone() title="Настройки">
                <SettingsCards replay=replay.clone() done=done.clone() login=user.login />
                <NotificationsCard
                    saved=done.as_deref() == Some("notifications")
                    error=replay.clone().filter(|r| r.action == NOTIFICATIONS).map(|r| r.error)
                />
            </CabinetLayout>
        } />
    }
}

/// Every card is interactive, so the page's cards are one island. Each form is a real form
/// to this page that works before and without script.
#[island(lazy)]
fn SettingsCards(replay: Option<FormReplay>, done: Option<String>, login: String) -> impl IntoView {
    let replay_of = move |action: &str| replay.clone().filter(|r| r.action == action);
    let was = move |what: &str| done.as_deref() == Some(what);
    view! { <Live no_script=true>
        <AccountsCard replay=replay_of(UNLINK) unlinked=was("unlinked") />
        <ProfileCard replay=replay_of(SAVE_PROFILE) saved=was("profile") />
        <ChangeLoginCard
            request_replay=replay_of(CHANGE_LOGIN)
            confirm_replay=replay_of(CONFIRM_LOGIN)
            code_sent=was("login-code")
            changed_to=was("login").then_some(login)
        />
        <ChangePasswordCard replay=replay_of(CHANGE_PASSWORD) changed=was("password") />
        <SessionsCard />
        <WithdrawCard replay=replay_of(WITHDRAW) />
    </Live> }
}

#[component]
fn ChangePasswordCard(replay: Option<FormReplay>, changed: bool) -> impl IntoView {
    let policy = PublicConfig::current().password_policy;
    let action = ServerAction::<ChangePassword>::new();
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let shown = shown_error(action, replay.as_ref());
    let server_error = move || shown.get();
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
    let done = move || match action.value().get() {
        Some(answer) => answer.is_ok(),
        None => changed,
    };
    let general = move || {
        server_error()
            .filter(|e| !matches!(e, crate::error::AppError::Validation { .. }))
            .map(|e| e.message_ru())
    };
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">"Смена пароля"</h2>
            <form class="form" method="post" action=PAGE novalidate on:submit=move |ev| {
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
                <ActionField endpoint=CHANGE_PASSWORD />
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

/// With script the red button asks in a dialog; without, the box above it must be ticked.
#[component]
fn WithdrawCard(replay: Option<FormReplay>) -> impl IntoView {
    let action = ServerAction::<WithdrawConsent>::new();
    let asking = RwSignal::new(false);
    let live = is_live();
    let error = shown_error(action, replay.as_ref());
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
            <form class="form" method="post" action=PAGE novalidate on:submit=move |ev| {
                ev.prevent_default();
                asking.set(true);
            }>
                <ActionField endpoint=WITHDRAW />
                <label class="checkbox" class:hidden=move || live.get()>
                    <input type="checkbox" name="confirm" value="true" />
                    <span>"Да, удалить личный кабинет и все данные в нём. Это нельзя отменить."</span>
                </label>
                {move || error.get().map(|e| {
                    let message = e.for_field("confirm").unwrap_or_else(|| e.message_ru());
                    view! { <Notice kind=NoticeKind::Error>{message}</Notice> }
                })}
                <button type="submit" class="btn btn-danger">"Отозвать согласие и удалить кабинет"</button>
            </form>
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
fn ProfileCard(replay: Option<FormReplay>, saved: bool) -> impl IntoView {
    let profile = Resource::new(|| (), |_| get_profile());
    view! {
        <section class="card" aria-labelledby="profile-title">
            <h2 id="profile-title">"Личные данные"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
                {move || { let replay = replay.clone(); Suspend::new(async move {
                    profile.await.map(|p| view! { <ProfileForm initial=p replay saved /> })
                })}}
            </Suspense>
        </section>
    }
}

#[component]
fn ProfileForm(
    initial: crate::profile::model::ProfileInfo,
    replay: Option<FormReplay>,
    saved: bool,
) -> impl IntoView {
    let action = ServerAction::<SaveProfile>::new();
    // A refused post shows what was typed, not what is stored.
    let typed = |field: &str, stored: String| replay.as_ref().map(|r| r.value(field)).unwrap_or(stored);
    let name = RwSignal::new(typed("full_name", initial.full_name));
    let phone = RwSignal::new(typed("contact_phone", initial.contact_phone));
    let email = RwSignal::new(typed("contact_email", initial.contact_email));
    let shown = shown_error(action, replay.as_ref());
    let server_error = move || shown.get();
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
    let saved = move || match action.value().get() {
        Some(answer) => answer.is_ok(),
        None => saved,
    };
    view! {
        <p class="lead">"Дополнительные данные помогут поставщику связаться с вами. Заполнять их не обязательно."</p>
        <form class="form" method="post" action=PAGE novalidate on:submit=move |ev| {
            ev.prevent_default();
            let ok = parse_name(&name.get()).is_ok() && parse_phone(&phone.get()).is_ok() && parse_email(&email.get()).is_ok();
            if ok {
                action.dispatch(SaveProfile { full_name: name.get(), contact_phone: phone.get(), contact_email: email.get() });
            }
        }>
            <ActionField endpoint=SAVE_PROFILE />
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
fn ChangeLoginCard(
    request_replay: Option<FormReplay>,
    confirm_replay: Option<FormReplay>,
    /// Without script: the code was sent before this page.
    code_sent: bool,
    /// Without script: the change was confirmed before this page, to this login.
    changed_to: Option<String>,
) -> impl IntoView {
    let kinds = PublicConfig::current().login_kinds;
    let request = ServerAction::<ChangeLogin>::new();
    let confirm = ServerAction::<ConfirmLoginChange>::new();
    let request_error = shown_error(request, request_replay.as_ref());
    let confirm_error = shown_error(confirm, confirm_replay.as_ref());
    let code_sent = code_sent || confirm_replay.is_some();
    let new_login = RwSignal::new(request_replay.map(|r| r.value("new_login")).unwrap_or_default());
    let current_password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let sent = move || match request.value().get() {
        Some(answer) => answer.is_ok(),
        None => code_sent,
    };
    let login_error = Signal::derive(move || {
        let live =
            touched.get().then(|| kinds.parse(&new_login.get()).err().map(|e| e.to_string())).flatten();
        live.or_else(|| {
            request_error.get().and_then(|e| match e.for_field("account_password") {
                Some(_) => None,
                None => Some(e.for_field("new_login").unwrap_or_else(|| e.message_ru())),
            })
        })
    });
    let password_error = Signal::derive(move || {
        let live = (touched.get() && current_password.with(String::is_empty))
            .then(|| "Введите текущий пароль".to_owned());
        live.or_else(|| request_error.get().and_then(|e| e.for_field("account_password")))
    });
    let code_error = Signal::derive(move || {
        confirm_error.get().map(|e| e.for_field("code").unwrap_or_else(|| e.message_ru()))
    });
    let changed = Signal::derive(move || match confirm.value().get() {
        Some(answer) => answer.ok(),
        None => changed_to.clone(),
    });
    view! {
        <section class="card" aria-labelledby="login-title">
            <h2 id="login-title">"Смена логина"</h2>
            <Show
                when=move || changed.with(Option::is_some)
                fallback=move || view! {
                    <p class="lead">{format!("Новый логин — {}. На него придёт код подтверждения, а на прежний — уведомление.", kinds.describe())}</p>
                    <form class="form" method="post" action=PAGE novalidate on:submit=move |ev| {
                        ev.prevent_default();
                        touched.set(true);
                        if kinds.parse(&new_login.get()).is_ok() && !current_password.with(String::is_empty) {
                            request.dispatch(ChangeLogin {
                                account_password: current_password.get(),
                                new_login: new_login.get(),
                            });
                        }
                    }>
                        <ActionField endpoint=CHANGE_LOGIN />
                        <TextField name="account_password" label="Пароль от личного кабинета" input_type="password" value=current_password error=password_error autocomplete="current-password" />
                        <TextField name="new_login" label=format!("Новый логин ({})", kinds.label()) value=new_login error=login_error autocomplete="off" />
                        <button type="submit" class="btn btn-secondary" disabled=move || request.pending().get()>"Получить код"</button>
                    </form>
                    <Show when=sent>
                        <form class="form form-follow" method="post" action=PAGE novalidate on:submit=move |ev| {
                            ev.prevent_default();
                            if ConfirmationCode::parse(&code.get()).is_ok() {
                                confirm.dispatch(ConfirmLoginChange { code: code.get() });
                            }
                        }>
                            <ActionField endpoint=CONFIRM_LOGIN />
                            <TextField name="code" label="Код с нового логина" value=code error=code_error autocomplete="one-time-code" inputmode="numeric" />
                            <button type="submit" class="btn btn-primary" disabled=move || confirm.pending().get()>"Подтвердить"</button>
                        </form>
                    </Show>
                }
            >
                <Notice kind=NoticeKind::Success>
                    {move || format!("Логин изменён: теперь входите как {}.", changed.get().unwrap_or_default())}
                </Notice>
            </Show>
        </section>
    }
}

/// Seed step 10: `Подключить лицевой счёт`, and the linked accounts with `Отключить`.
#[component]
fn AccountsCard(replay: Option<FormReplay>, unlinked: bool) -> impl IntoView {
    let unlink = ServerAction::<UnlinkAccount>::new();
    let error = shown_error(unlink, replay.as_ref());
    let unlinked = move || match unlink.value().get() {
        Some(answer) => answer.is_ok(),
        None => unlinked,
    };
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
            {move || error.get().map(|e| view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> })}
            <Show when=unlinked>
                <Notice kind=NoticeKind::Success>"Лицевой счёт отключён."</Notice>
            </Show>
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
            // Without script the button unlinks at once (it can be linked again at any time).
            <form class="linked-unlink" method="post" action=PAGE on:submit=move |ev| {
                ev.prevent_default();
                asking.set(true);
            }>
                <ActionField endpoint=UNLINK />
                <input type="hidden" name="account_id" value=id />
                <button type="submit" class="btn btn-secondary">"Отключить"</button>
            </form>
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

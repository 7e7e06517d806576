//! Seed step 2: the code from the SMS (sender `Smorodina`) or the e-mail.

use crate::auth::api::{Confirm, ResendCode, pending_registration};
use crate::components::{AuthLayout, Notice, NoticeKind, TextField};
use crate::domain::ConfirmationCode;
use crate::form_replay::{ActionField, FormReplay, replay_for, shown_error};
use crate::hydration::{Live, go_to};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let pending = Resource::new(|| (), |_| pending_registration());
    let link = move || use_query_map().with(|q| q.get("link"));
    view! {
        <Title text="Подтверждение регистрации" />
        <AuthLayout title="Подтверждение регистрации">
            {move || link().map(|kind| {
                let text = if kind == "other-browser" {
                    "Ссылка подтверждает регистрацию только в том браузере, в котором её начали. Откройте её там \
                     или введите там код из письма. Если вы не регистрировались, ничего делать не нужно."
                } else {
                    "Ссылка недействительна или устарела. Введите код из сообщения или запросите новый."
                };
                view! { <Notice kind=NoticeKind::Error>{text}</Notice> }
            })}
            <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
                {move || Suspend::new(async move {
                    match pending.await {
                        Ok(Some(info)) => view! {
                            <CodeForm info confirm_replay=replay_for(CONFIRM) resend_replay=replay_for(RESEND) />
                        }
                        .into_any(),
                        _ => view! {
                            <p class="lead">"Регистрация не найдена или уже завершена."</p>
                            <a class="btn btn-primary btn-block" href="/register">"Зарегистрироваться"</a>
                            <p class="card-links"><a href="/login">"Войти в личный кабинет"</a></p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </AuthLayout>
    }
}

const CONFIRM: &str = "auth/confirm";
const RESEND: &str = "auth/resend";

#[island(lazy)]
fn CodeForm(
    info: crate::auth::model::PendingInfo,
    confirm_replay: Option<FormReplay>,
    resend_replay: Option<FormReplay>,
) -> impl IntoView {
    let confirm = ServerAction::<Confirm>::new();
    let resend = ServerAction::<ResendCode>::new();
    let confirm_error = shown_error(confirm, confirm_replay.as_ref());
    let resend_error = shown_error(resend, resend_replay.as_ref());
    let code = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let countdown = RwSignal::new(info.resend_in.max(0));

    // The visible countdown to "send again" (only the browser ticks).
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || countdown.update(|s| *s = (*s - 1).max(0)),
            std::time::Duration::from_secs(1),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    Effect::new(move |_| {
        if let Some(Ok(seconds)) = resend.value().get() {
            countdown.set(seconds);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = confirm.value().get() {
            go_to("/welcome");
        }
    });

    let code_error = Signal::derive(move || {
        let live = ConfirmationCode::parse(&code.get()).err().map(|e| e.to_string());
        if touched.get() && live.is_some() {
            return live;
        }
        confirm_error.get().map(|e| e.for_field("code").unwrap_or_else(|| e.message_ru()))
    });
    let resend_error = move || resend_error.get().map(|e| e.message_ru());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        if ConfirmationCode::parse(&code.get()).is_ok() && !confirm.pending().get() {
            confirm.dispatch(Confirm { code: code.get() });
        }
    };
    // Follow the message while it is queued, so a gateway's refusal shows up here.
    let delivery = RwSignal::new(info.delivery.clone());
    #[cfg(feature = "hydrate")]
    {
        use crate::auth::api::pending_registration;
        use crate::auth::model::Delivery;
        let tries = StoredValue::new(0);
        let handle = set_interval_with_handle(
            move || {
                let waiting = matches!(
                    delivery.get_untracked(),
                    Delivery::Queued | Delivery::Failed { retrying: true, .. }
                );
                tries.update_value(|t| *t += 1);
                if waiting && tries.get_value() <= 30 {
                    leptos::task::spawn_local(async move {
                        if let Ok(Some(fresh)) = pending_registration().await {
                            delivery.set(fresh.delivery);
                        }
                    });
                }
            },
            std::time::Duration::from_secs(2),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    Effect::new(move |_| {
        if let Some(Ok(_)) = resend.value().get() {
            delivery.set(crate::auth::model::Delivery::Queued);
        }
    });
    let delivery_problem = move || match delivery.get() {
        crate::auth::model::Delivery::Failed { reason, .. } => Some(reason),
        _ => None,
    };

    let whereto = if info.by_sms {
        format!("Мы отправили SMS с кодом от Smorodina на номер {}.", info.shown_login)
    } else {
        format!("Мы отправили письмо с кодом и ссылкой на адрес {}.", info.shown_login)
    };

    view! { <Live no_script=true>
        <p class="lead">{whereto} " Введите код или перейдите по ссылке из письма."</p>
        {move || delivery_problem().map(|reason| view! { <Notice kind=NoticeKind::Error>{reason}</Notice> })}
        <form class="form" method="post" action="/confirm" novalidate on:submit=on_submit>
            <ActionField endpoint=CONFIRM />
            <TextField
                name="code"
                label="Код подтверждения"
                value=code
                error=code_error
                hint=Signal::derive(|| Some("6 цифр, действует 10 минут".to_owned()))
                autocomplete="one-time-code"
                inputmode="numeric"
                on_blur=move |_| touched.set(true)
            />
            <button type="submit" class="btn btn-primary btn-block" disabled=move || confirm.pending().get()>
                "Подтвердить"
            </button>
        </form>
        <form
            class="resend"
            method="post"
            action="/confirm"
            on:submit=move |ev| {
                ev.prevent_default();
                resend.dispatch(ResendCode {});
            }
        >
            <ActionField endpoint=RESEND />
            <button
                type="submit"
                class="btn btn-secondary btn-block"
                disabled=move || { countdown.get() > 0 || resend.pending().get() }
            >
                {move || match countdown.get() {
                    0 => "Отправить код повторно".to_owned(),
                    s => format!("Отправить код повторно через {}:{:02}", s / 60, s % 60),
                }}
            </button>
            {move || resend_error().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {move || {
                matches!(resend.value().get(), Some(Ok(_)))
                    .then(|| view! { <p class="field-hint" role="status">"Новый код отправлен."</p> })
            }}
        </form>
    </Live> }
}

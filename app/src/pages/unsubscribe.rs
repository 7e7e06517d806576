//! `/unsubscribe/{token}`: where a notification e-mail's «Не присылать писем» link leads.
//! It asks before it turns anything off (mail scanners open links), works without signing
//! in (the signed link is the proof) and without script (a plain form), and says how things
//! are now, not what the address claims. Mail clients' own one click (RFC 8058) posts to
//! `/unsubscribe/{token}/one-click` instead (`server::http::unsubscribe`).

use crate::components::{AuthLayout, Notice, NoticeKind};
use crate::error::AppError;
use crate::form_replay::ActionField;
use crate::notifications::api::link_mail_switch;
use crate::notifications::model::MailSwitch;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const SET: &str = "notifications/set_mail_switch";

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let switch = Resource::new(move || token.clone(), link_mail_switch);
    view! {
        <Title text="Письма с уведомлениями" />
        <AuthLayout title="Письма с уведомлениями">
            <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
                {move || Suspend::new(async move {
                    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
                    match switch.await {
                        Ok(switch) => view! { <SwitchForm switch token /> }.into_any(),
                        Err(AppError::NotFound) => view! {
                            <Notice kind=NoticeKind::Error>"Ссылка недействительна"</Notice>
                            <p>
                                "Проверьте, что ссылка скопирована из письма целиком. Выбрать, какие "
                                "уведомления приходят на почту, можно и в настройках личного кабинета."
                            </p>
                            <a class="btn btn-secondary" href="/settings#notifications">"Настройки уведомлений"</a>
                        }.into_any(),
                        Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                    }
                })}
            </Suspense>
        </AuthLayout>
    }
}

#[component]
fn SwitchForm(switch: MailSwitch, token: String) -> impl IntoView {
    let topic = switch.topic.label();
    let action = format!("/unsubscribe/{token}");
    if switch.on {
        view! {
            <p class="lead">{format!("Письма «{topic}» приходят на вашу почту.")}</p>
            <form method="post" action=action>
                <ActionField endpoint=SET />
                <input type="hidden" name="token" value=token />
                <button type="submit" class="btn btn-primary">"Не присылать эти письма"</button>
            </form>
            <p class="field-hint">"Уведомления останутся в списке в личном кабинете."</p>
        }
        .into_any()
    } else {
        view! {
            <Notice kind=NoticeKind::Success>{format!("Письма «{topic}» больше не приходят.")}</Notice>
            <p>"Уведомления о них остаются в списке в личном кабинете."</p>
            <form method="post" action=action>
                <ActionField endpoint=SET />
                <input type="hidden" name="token" value=token />
                <input type="hidden" name="on" value="true" />
                <button type="submit" class="btn btn-secondary">"Присылать снова"</button>
            </form>
            <p class="card-links"><a href="/settings#notifications">"Все настройки уведомлений"</a></p>
        }
        .into_any()
    }
}

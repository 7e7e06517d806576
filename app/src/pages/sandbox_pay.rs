//! The built-in sandbox acquirer's own payment page: what a bank's page would be, with a
//! pay and a decline button. Only while `payments.provider = "sandbox"`; no money moves.

use crate::components::{AuthLayout, Notice, NoticeKind};
use crate::error::AppError;
use crate::form_replay::ActionField;
use crate::hydration::{Live, go_to};
use crate::payments::api::{SandboxComplete, get_sandbox_payment};
use crate::payments::model::PaymentStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SandboxPayPage() -> impl IntoView {
    let params = use_params_map();
    let payment =
        Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), get_sandbox_payment);
    view! {
        <Title text="Тестовая оплата" />
        <AuthLayout title="Тестовая оплата">
            <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
                {move || Suspend::new(async move {
                    match payment.await {
                        Ok(p) => view! {
                            <Notice kind=NoticeKind::Info>
                                "Это тестовый платёжный сервис портала: деньги не списываются. Настоящий эквайринг включается в настройках [payments]."
                            </Notice>
                            <p class="lead sandbox-purpose">{p.description}</p>
                            {p.saves_card.then(|| view! {
                                <p class="field-hint">"Карта сохранится для автоплатежа: следующие платежи пройдут без подтверждения."</p>
                            })}
                            <p class="account-debt">
                                <span class="account-debt-label">"К оплате"</span>
                                <strong class="money">{p.amount.format_rub()}</strong>
                            </p>
                            {if p.status == PaymentStatus::Pending {
                                view! { <Decide id=p.id /> }.into_any()
                            } else {
                                view! { <Notice kind=NoticeKind::Info>{format!("Платёж уже обработан: {}", p.status.label().to_lowercase())}</Notice> }.into_any()
                            }}
                        }.into_any(),
                        Err(AppError::NotFound) => view! { <p class="lead">"Платёж не найден."</p> }.into_any(),
                        Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                    }
                })}
            </Suspense>
        </AuthLayout>
    }
}

/// `Оплатить` or `Отклонить`, then back to the portal's return page.
#[island(lazy)]
fn Decide(id: String) -> impl IntoView {
    let action = ServerAction::<SandboxComplete>::new();
    Effect::new(move |_| {
        if let Some(Ok(url)) = action.value().get() {
            go_to(&url);
        }
    });
    let (pay_id, decline_id, page) = (id.clone(), id.clone(), format!("/sandbox/pay/{id}"));
    // Without script the button pressed is sent as `pay`.
    view! { <Live no_script=true>
        <form class="actions" method="post" action=page>
            <ActionField endpoint="sandbox/complete" />
            <input type="hidden" name="id" value=id />
            <button type="submit" name="pay" value="true" class="btn btn-primary" disabled=move || action.pending().get()
                on:click=move |ev| {
                    ev.prevent_default();
                    action.dispatch(SandboxComplete { id: pay_id.clone(), pay: true });
                }>
                "Оплатить"
            </button>
            <button type="submit" name="pay" value="false" class="btn btn-secondary" disabled=move || action.pending().get()
                on:click=move |ev| {
                    ev.prevent_default();
                    action.dispatch(SandboxComplete { id: decline_id.clone(), pay: false });
                }>
                "Отклонить"
            </button>
        </form>
    </Live> }
}

//! The return page `/payments/{id}`: what became of the payment. While the acquirer has not
//! decided, it asks again every two seconds (each ask re-reads the status from the acquirer).
//! A payment the acquirer reports for another amount or currency reads as being checked by
//! the supplier (`NeedsAttention`), never as paid.

use crate::components::{CabinetLayout, Notice, NoticeKind, RequireUser};
use crate::domain::time::format_datetime_msk;
use crate::error::AppError;
use crate::hydration::Live;
use crate::payments::api::payment_status;
use crate::payments::model::{NEEDS_ATTENTION_TEXT, PaymentInfo, PaymentStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::time::Duration;

#[component]
pub fn PaymentResultPage() -> impl IntoView {
    view! {
        <Title text="Оплата" />
        <RequireUser view=|user| view! {
            <CabinetLayout login=user.login title="Оплата">
                <PaymentResult id=use_params_map().with_untracked(|p| p.get("id").unwrap_or_default()) />
            </CabinetLayout>
        } />
    }
}

/// Asks again while the acquirer has not decided, so it is an island.
#[island(lazy)]
fn PaymentResult(id: String) -> impl IntoView {
    let tick = RwSignal::new(0u32);
    let status = Resource::new(move || (id.clone(), tick.get()), |(id, _)| payment_status(id));
    Effect::new(move |_| {
        if let Some(Ok(p)) = status.get() {
            if p.status == PaymentStatus::Pending && tick.get_untracked() < 90 {
                set_timeout(move || tick.update(|t| *t += 1), Duration::from_secs(2));
            }
        }
    });
    view! { <Live>
        <Transition fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || Suspend::new(async move {
                match status.await {
                    Ok(p) => view! { <ResultCard payment=p /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <section class="card">
                            <h2>"Платёж не найден"</h2>
                            <a class="btn btn-primary" href="/cabinet">"К моим лицевым счетам"</a>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                }
            })}
        </Transition>
    </Live> }
}

#[component]
fn ResultCard(payment: PaymentInfo) -> impl IntoView {
    let (mark, mark_class, title, text) = match payment.status {
        PaymentStatus::Succeeded => (
            "✓",
            "success-mark",
            "Оплата прошла",
            "Спасибо! Платёж зачислен на лицевой счёт, долг уменьшен на эту сумму.",
        ),
        PaymentStatus::Pending => (
            "…",
            "success-mark pending-mark",
            "Ждём подтверждения оплаты",
            "Платёжный сервис ещё не сообщил результат. Страница обновится сама; можно и закрыть её — платёж зачислится, как только придёт подтверждение.",
        ),
        PaymentStatus::Canceled => (
            "×",
            "success-mark failed-mark",
            "Оплата не прошла",
            "Деньги не списаны. Попробуйте ещё раз или выберите другой способ оплаты.",
        ),
        // Final: neither success nor "waiting"; an operator takes it from here.
        PaymentStatus::NeedsAttention => {
            ("!", "success-mark pending-mark", "Платёж проверяется поставщиком", NEEDS_ATTENTION_TEXT)
        }
    };
    let account_id = payment.account_id;
    let pending = payment.status == PaymentStatus::Pending;
    let receipt = (payment.status == PaymentStatus::Succeeded)
        .then(|| crate::components::payment_list::receipt_url(&payment.public_id));
    view! {
        // Without script nothing asks again: the browser reloads the page itself.
        {pending.then(|| view! { <noscript><meta http-equiv="refresh" content="3" /></noscript> })}
        <section class="card done" aria-live="polite">
            <div class=mark_class aria-hidden="true">{mark}</div>
            <h2 class="done-title">{title}</h2>
            <p class="account-debt">
                <span class="account-debt-label">{format!("Лицевой счёт № {}", payment.number)}</span>
                <strong class="money">{payment.amount.format_rub()}</strong>
            </p>
            <p class="lead">{text}</p>
            <p class="field-hint">{format!("Платёж от {}", format_datetime_msk(payment.created_at))}</p>
            <div class="actions">
                <a class="btn btn-primary" href=format!("/accounts/{account_id}")>"К лицевому счёту"</a>
                <a class="btn btn-secondary" href=format!("/accounts/{account_id}/pay")>"Мои платежи"</a>
                {receipt.map(|href| view! { <a class="btn btn-secondary" href=href download>"Справка об оплате (PDF)"</a> })}
            </div>
        </section>
    }
}

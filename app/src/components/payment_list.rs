//! The customer's payments for one account, newest first.

use crate::domain::time::format_datetime_msk;
use crate::payments::api::payment_history;
use crate::payments::model::{NEEDS_ATTENTION_TEXT, PaymentStatus};
use leptos::prelude::*;

/// «Справка об оплате» of a credited payment (`server/src/http/documents.rs`).
pub fn receipt_url(public_id: &str) -> String {
    format!("/payments/{public_id}/receipt.pdf")
}

#[component]
pub fn PaymentList(account_id: i64) -> impl IntoView {
    let payments = Resource::new(move || account_id, payment_history);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || Suspend::new(async move {
                payments.await.map(|list| {
                    if list.is_empty() {
                        return view! { <p class="lead">"Через личный кабинет платежей ещё не было."</p> }.into_any();
                    }
                    view! {
                        <ul class="payment-list">
                            {list.into_iter().map(|p| {
                                let class = match p.status {
                                    PaymentStatus::Succeeded => "badge badge-extended",
                                    PaymentStatus::Pending | PaymentStatus::NeedsAttention => "badge",
                                    PaymentStatus::Canceled => "badge badge-failed",
                                };
                                view! {
                                    <li class="payment">
                                        <a href=format!("/payments/{}", p.public_id)>{format_datetime_msk(p.created_at)}</a>
                                        <strong class="money">{p.amount.format_rub()}</strong>
                                        <span class=class>{p.status.label()}</span>
                                        {(p.status == PaymentStatus::Succeeded).then(|| view! {
                                            <a class="payment-receipt" href=receipt_url(&p.public_id) download>"Справка об оплате (PDF)"</a>
                                        })}
                                        {(p.status == PaymentStatus::NeedsAttention).then(|| view! {
                                            <span class="field-hint">{NEEDS_ATTENTION_TEXT}</span>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

//! Seed step 8, `Оплатить`: by the current debt (read-only) or any sum, then off to the
//! acquirer's page. The customer's payments for the account are listed below.

use crate::components::field::{adopt_checked, skip_first_run};
use crate::components::{AccountScoped, Notice, NoticeKind, PaymentList, TextField};
use crate::domain::Kopecks;
use crate::form_replay::{ActionField, FormReplay, replay_for, shown_error};
use crate::hydration::{Live, go_to};
use crate::payments::api::{CreatePayment, get_pay_form};
use crate::payments::model::PayForm;
use leptos::prelude::*;

#[component]
pub fn PayPage() -> impl IntoView {
    view! {
        <AccountScoped title="Оплатить" load=get_pay_form body=|form| view! { <PayBody form /> }.into_any() />
    }
}

#[component]
fn PayBody(form: PayForm) -> impl IntoView {
    let account_id = form.account.account_id;
    view! {
        <PayCard form replay=replay_for(ENDPOINT) />
        <section class="card" aria-labelledby="payments-title">
            <h2 id="payments-title">"Мои платежи по этому счёту"</h2>
            <PaymentList account_id />
        </section>
    }
}

const ENDPOINT: &str = "payments/create";

#[island(lazy)]
fn PayCard(form: PayForm, replay: Option<FormReplay>) -> impl IntoView {
    let account_id = form.account.account_id;
    let debt = form.account.debt;
    let has_debt = debt.0 > 0;
    let max = form.max;
    let attempt = form.attempt.clone();
    let action = ServerAction::<CreatePayment>::new();
    let server_error = shown_error(action, replay.as_ref());
    let custom = RwSignal::new(!has_debt || replay.as_ref().is_some_and(|r| r.value("purpose") == "custom"));
    let amount = RwSignal::new(replay.map(|r| r.value("amount")).unwrap_or_default());
    let submitted = RwSignal::new(false);
    let (debt_input, custom_input) = (NodeRef::new(), NodeRef::new());
    adopt_checked(debt_input, move || custom.set(false));
    adopt_checked(custom_input, move || custom.set(true));
    Effect::new(move |_| {
        if let Some(Ok(url)) = action.value().get() {
            go_to(&url);
        }
    });
    let amount_error = Signal::derive(move || {
        let live = (submitted.get() && custom.get())
            .then(|| Kopecks::parse_rubles(&amount.get(), max).err())
            .flatten()
            .map(|e| e.to_string());
        live.or_else(|| server_error.get().and_then(|e| e.for_field("amount")))
    });
    let general =
        move || server_error.get().filter(|e| e.for_field("amount").is_none()).map(|e| e.message_ru());
    view! { <Live no_script=true>
        <section class="card" aria-labelledby="pay-title">
            <p class="account-provider">{form.account.provider.clone()}</p>
            <h2 id="pay-title">
                <a href=format!("/accounts/{account_id}")>{format!("Лицевой счёт № {}", form.account.number)}</a>
            </h2>
            <p class="account-address">{form.account.address.clone()}</p>
            <form class="form pay-form" method="post" action=format!("/accounts/{account_id}/pay") novalidate on:submit=move |ev| {
                ev.prevent_default();
                submitted.set(true);
                let purpose = if custom.get() { "custom" } else { "debt" };
                if !custom.get() || Kopecks::parse_rubles(&amount.get(), max).is_ok() {
                    action.dispatch(CreatePayment {
                        account_id,
                        purpose: purpose.to_owned(),
                        amount: amount.get(),
                        attempt: attempt.clone(),
                    });
                }
            }>
                <ActionField endpoint=ENDPOINT />
                <input type="hidden" name="account_id" value=account_id.to_string() />
                <input type="hidden" name="attempt" value=form.attempt.clone() />
                <fieldset class="field">
                    <legend class="field-label">"Сумма к оплате"</legend>
                    <div class="choices">
                        <label class="choice">
                            <input type="radio" name="purpose" value="debt" disabled=!has_debt node_ref=debt_input
                                checked=!custom.get_untracked()
                                prop:checked=skip_first_run(move || !custom.get()) on:change=move |_| custom.set(false) />
                            <span class="choice-text">
                                <span class="choice-title">"По текущему долгу"</span>
                                <span class="choice-sub money">
                                    {if has_debt { debt.format_rub() } else { "Задолженности нет".to_owned() }}
                                </span>
                            </span>
                        </label>
                        <label class="choice">
                            <input type="radio" name="purpose" value="custom" node_ref=custom_input
                                checked=custom.get_untracked()
                                prop:checked=skip_first_run(move || custom.get()) on:change=move |_| custom.set(true) />
                            <span class="choice-text"><span class="choice-title">"Произвольная сумма"</span></span>
                        </label>
                    </div>
                </fieldset>
                // Always there, so it can be typed into without script; the stylesheet hides it
                // while "by the current debt" is chosen (`.pay-form:has(…)`).
                <div class="pay-amount">
                    <TextField
                        name="amount"
                        label="Сумма, ₽"
                        value=amount
                        error=amount_error
                        hint=Signal::derive(move || Some(format!("Рубли и копейки, например 1 234,56. Не больше {}", max.format_rub())))
                        inputmode="decimal"
                        autocomplete="off"
                    />
                </div>
                {move || general().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
                <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>
                    "Перейти к оплате"
                </button>
                <p class="field-hint">"Оплата проходит на защищённой странице платёжного сервиса. Портал не видит данных вашей карты."</p>
            </form>
        </section>
    </Live> }
    .into_any()
}

//! One personal account: the basic card for every binding, and for an extended binding the
//! owner, the full address, meters, the consumption chart and the month-by-month history.

use crate::accounts::api::get_account;
use crate::accounts::model::{AccountDetails, ExtendedDetails, month_name, russian_date};
use crate::components::{
    AccountCard, AccountScoped, ConsumptionChart, ControlQuestionDialog, Notice, NoticeKind,
};
use crate::domain::time::format_datetime_msk;
use crate::hydration::{Live, go_to};
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <AccountScoped
            title="Лицевой счёт"
            load=get_account
            body=|d| view! { <AccountBody details=d /> }.into_any()
        />
    }
}

#[component]
fn AccountBody(details: AccountDetails) -> impl IntoView {
    let account_id = details.summary.account_id;
    view! {
        <AccountCard account=details.summary.clone() link=false />
        {match details.extended {
            Some(ext) => view! { <ExtendedView ext /> }.into_any(),
            None => view! {
                <ExtendedOffer account_id locked_until=details.control_locked_until pin_requested_at=details.pin_requested_at />
            }.into_any(),
        }}
    }
}

/// Basic access: what the extended version adds, and the way to it.
#[island(lazy)]
fn ExtendedOffer(account_id: i64, locked_until: Option<i64>, pin_requested_at: Option<i64>) -> impl IntoView {
    let asking = RwSignal::new(false);
    view! { <Live no_script=true>
        <section class="card" aria-labelledby="extended-title">
            <h2 id="extended-title">"Расширенная версия"</h2>
            <p class="lead">
                "Владелец, полный адрес, история начислений и оплат, показания и даты поверки счётчиков видны после ответа на контрольный вопрос: серийный номер счётчика, сумма последнего начисления или PIN-код с квитанции."
            </p>
            {pin_requested_at.map(|at| view! {
                <Notice kind=NoticeKind::Info>
                    {format!("Вы запросили PIN-код {}. Оператор пришлёт его на ваш логин.", format_datetime_msk(at))}
                </Notice>
            })}
            {match locked_until {
                Some(until) => view! {
                    <Notice kind=NoticeKind::Error>
                        {format!("Попытки ответа закончились. Ответить снова можно будет {}.", format_datetime_msk(until))}
                    </Notice>
                }.into_any(),
                // A page of its own without script; with script, the dialog over this one.
                None => view! {
                    <a
                        class="btn btn-primary"
                        href=format!("/accounts/{account_id}/extended")
                        on:click=move |ev| {
                            ev.prevent_default();
                            asking.set(true);
                        }
                    >
                        "Подключить расширенную версию"
                    </a>
                }.into_any(),
            }}
            <Show when=move || asking.get()>
                <ControlQuestionDialog
                    account_id
                    on_close=Callback::new(move |_| asking.set(false))
                    on_success=Callback::new(move |_| go_to(&format!("/accounts/{account_id}")))
                />
            </Show>
        </section>
    </Live> }
}

#[component]
fn ExtendedView(ext: ExtendedDetails) -> impl IntoView {
    let months = ext.months.clone();
    view! {
        <section class="card" aria-labelledby="owner-title">
            <h2 id="owner-title">"Владелец"</h2>
            <p class="account-owner">{ext.owner}</p>
        </section>
        <section class="card" aria-labelledby="meters-title">
            <h2 id="meters-title">"Приборы учёта"</h2>
            {ext.meters.into_iter().map(|m| view! {
                <dl class="facts meter">
                    <dt>{m.title}</dt>
                    <dd>{format!("№ {}", m.serial)}</dd>
                    <dt>"Последние показания"</dt>
                    <dd>{m.last_reading.map(|(period, value)| format!("{value} м³ ({})", month_name(&period).to_lowercase())).unwrap_or_else(|| "нет".into())}</dd>
                    <dt>"Следующая поверка"</dt>
                    <dd>{m.verification_due.map(|d| russian_date(&d)).unwrap_or_else(|| "не указана".into())}</dd>
                </dl>
            }).collect_view()}
        </section>
        <section class="card" aria-labelledby="chart-title">
            <h2 id="chart-title">"Потребление газа, м³ в месяц"</h2>
            <ConsumptionChart months=ext.months />
        </section>
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">"Начисления и оплаты"</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Таблица начислений и оплат по месяцам">
                <table class="table">
                    <thead>
                        <tr><th scope="col">"Месяц"</th><th scope="col">"Расход, м³"</th><th scope="col">"Начислено"</th><th scope="col">"Оплачено"</th></tr>
                    </thead>
                    <tbody>
                        {months.into_iter().rev().map(|m| view! {
                            <tr>
                                <th scope="row">{month_name(&m.period)}</th>
                                <td>{m.consumption_m3}</td>
                                <td class="money">{m.charged.format_rub()}</td>
                                <td class="money">{m.paid.format_rub()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

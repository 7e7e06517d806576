//! One personal account: the basic card for every binding, and for an extended binding the
//! owner, the full address, meters, the consumption chart and the month-by-month history.

use crate::accounts::api::get_account;
use crate::accounts::model::{AccountDetails, ExtendedDetails, TariffNow, month_name, russian_date};
use crate::components::{
    AccountCard, AccountScoped, ConsumptionChart, ControlQuestionDialog, Notice, NoticeKind,
};
use crate::domain::tariff::Reckoning;
use crate::domain::time::format_datetime_msk;
use crate::hydration::{Live, go_to};
use leptos::prelude::*;

/// The tariff and reckoning styles, kept out of the first visit's `main.css`.
pub const MONEY_CSS: &str = "/money.css";

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <link rel="stylesheet" href=MONEY_CSS />
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
        {details.tariff.map(|tariff| view! { <TariffCard tariff /> })}
        {match details.extended {
            Some(ext) => view! { <ExtendedView ext account_id /> }.into_any(),
            None => view! {
                <ExtendedOffer account_id locked_until=details.control_locked_until pin_requested_at=details.pin_requested_at />
            }.into_any(),
        }}
    }
}

/// The price of gas today and the act that set it: what every charge is reckoned from.
#[component]
fn TariffCard(tariff: TariffNow) -> impl IntoView {
    let metering = if tariff.metered {
        "по счётчику"
    } else {
        "по нормативу, без счётчика"
    };
    view! {
        <section class="card tariff" aria-labelledby="tariff-title">
            <h2 id="tariff-title">"Тариф"</h2>
            <p class="tariff-price">{tariff.price.format_rub()}<span>" за 1 м³"</span></p>
            <dl class="facts">
                <dt>"Газ используется на"</dt>
                <dd>{format!("{}, {metering}", tariff.gas_use.label())}</dd>
                <dt>"Действует с"</dt>
                <dd>{russian_date(&tariff.since)}</dd>
                <dt>"Установлен"</dt>
                <dd>{tariff.act}</dd>
            </dl>
        </section>
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
fn ExtendedView(ext: ExtendedDetails, account_id: i64) -> impl IntoView {
    let months = ext.months.clone();
    let first = months.first().map(|m| m.period.clone()).unwrap_or_default();
    let last = months.last().map(|m| m.period.clone()).unwrap_or_default();
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
                        <tr><th scope="col">"Месяц"</th><th scope="col">"Расход, м³"</th><th scope="col">"Начислено"</th><th scope="col">"Оплачено"</th><th scope="col" class="reckoning">"Как начислено"</th></tr>
                    </thead>
                    <tbody>
                        {months.into_iter().rev().map(|m| view! {
                            <tr>
                                <th scope="row">{month_name(&m.period)}</th>
                                <td>{m.consumption_m3}</td>
                                <td class="money">{m.charged.format_rub()}</td>
                                <td class="money">{m.paid.format_rub()}</td>
                                <td class="reckoning">{match m.reckoning {
                                    Some(Reckoning::Agrees(formula)) => view! { <span>{formula}</span> }.into_any(),
                                    Some(Reckoning::Differs { by_tariff }) => view! {
                                        <span class="differs">
                                            "Не по показаниям: по тарифу было бы "<span class="money">{by_tariff.format_rub()}</span>
                                            <small>"начислено по нормативу или среднему"</small>
                                        </span>
                                    }.into_any(),
                                    None => view! { <span class="muted">"—"</span> }.into_any(),
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="card" aria-labelledby="autopay-link-title">
            <h2 id="autopay-link-title">"Автоплатёж"</h2>
            <p class="lead">"Оплата долга с сохранённой карты в выбранный день месяца, не больше указанной суммы. За день до списания — уведомление."</p>
            <a class="btn btn-secondary" href=format!("/accounts/{account_id}/autopay")>"Настроить автоплатёж"</a>
        </section>
        <StatementDownload account_id first last />
    }
    .into_any()
}

/// «Выписка за период» as a PDF: the history's months by default, or any months up to
/// three years. A plain GET form: it works without script, and `page.js` leaves `.pdf` alone.
/// A period the server refuses comes back here as `?from=…&to=…` (`documents::statement`),
/// and the message stands next to its field.
#[component]
fn StatementDownload(account_id: i64, first: String, last: String) -> impl IntoView {
    let action = format!("/accounts/{account_id}/statement.pdf");
    let query = leptos_router::hooks::use_query_map().get_untracked();
    let (from, to) = (query.get("from"), query.get("to"));
    let error =
        if from.is_some() || to.is_some() { period_error(from.as_deref(), to.as_deref()) } else { None };
    let error_of = |field: &str| error.as_ref().filter(|(f, _)| f == field).map(|(_, m)| m.clone());
    let (from_error, to_error) = (error_of("from"), error_of("to"));
    let (from, to) = (from.unwrap_or(first), to.unwrap_or_else(|| last.clone()));
    view! {
        <section class="card" aria-labelledby="statement-title">
            <h2 id="statement-title">"Выписка за период"</h2>
            <p class="lead">"Начисления, оплаты, показания и тариф, долг на начало и конец периода — в PDF для печати или отправки."</p>
            <form class="statement-form" method="get" action=action>
                <div class="field">
                    <label class="field-label" for="statement-from">"С месяца"</label>
                    <input id="statement-from" class="field-input" type="month" name="from" value=from max=last.clone() required
                        aria-invalid=from_error.is_some().then_some("true") aria-describedby=from_error.is_some().then_some("statement-from-error") />
                    {from_error.map(|e| view! { <p class="field-error" id="statement-from-error">{e}</p> })}
                </div>
                <div class="field">
                    <label class="field-label" for="statement-to">"По месяц включительно"</label>
                    <input id="statement-to" class="field-input" type="month" name="to" value=to max=last required
                        aria-invalid=to_error.is_some().then_some("true") aria-describedby=to_error.is_some().then_some("statement-to-error") />
                    {to_error.map(|e| view! { <p class="field-error" id="statement-to-error">{e}</p> })}
                </div>
                <button class="btn btn-secondary" type="submit">"Скачать выписку (PDF)"</button>
            </form>
        </section>
    }
}

/// Why the download refused this period, by the same rule (`StatementPeriod::parse`):
/// `(field, message)`. The page renders on the server only.
fn period_error(from: Option<&str>, to: Option<&str>) -> Option<(String, String)> {
    #[cfg(feature = "ssr")]
    {
        let state = crate::state::AppState::current_quiet()?;
        let today = crate::domain::time::date_msk(state.clock.now());
        match crate::statements::service::StatementPeriod::parse(from, to, today) {
            Err(crate::error::AppError::Validation { field, message }) => Some((field, message)),
            _ => None,
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (from, to);
        None
    }
}

//! `/accounts/{id}/autopay`: turning autopay on (the consent and how to cancel are read
//! before the card is saved), what it will charge next with a one-click skip, the day and
//! cap, resuming after a pause, turning it off. Rendered on the server only: every form is
//! a plain post (`form_replay`), so it works before and without the WASM, and costs the
//! first visit nothing.

use super::account::MONEY_CSS;
use crate::components::{AccountScoped, Notice, NoticeKind};
use crate::domain::Kopecks;
use crate::domain::autopay::{CONSENT_TEXT, PayDay};
use crate::form_replay::{ActionField, page_replay};
use crate::payments::autopay::api::get_autopay;
use crate::payments::autopay::model::{
    AutopayPage, AutopaySettings, AutopayState, NextCharge, SETUP_MINIMUM,
};
use leptos::prelude::*;

const ENABLE: &str = "autopay/enable";
const UPDATE: &str = "autopay/update";

#[component]
pub fn AutopayPage() -> impl IntoView {
    view! {
        <link rel="stylesheet" href=MONEY_CSS />
        <AccountScoped title="Автоплатёж" load=get_autopay body=|page| view! { <AutopayBody page /> }.into_any() />
    }
}

/// The message of a refused post of `action`, for `field` (or, with `None`, for the form).
fn refused(action: &str, field: Option<&str>) -> Option<String> {
    let replay = page_replay().filter(|r| r.action == action)?;
    match field {
        Some(field) => replay.error.for_field(field),
        None => (["day", "cap", "consent", "skip"].iter().all(|f| replay.error.for_field(f).is_none()))
            .then(|| replay.error.message_ru()),
    }
}

#[component]
fn AutopayBody(page: AutopayPage) -> impl IntoView {
    let id = page.account.account_id;
    let path = format!("/accounts/{id}/autopay");
    let body = if !page.extended {
        view! {
            <Notice kind=NoticeKind::Info>
                "Автоплатёж подключается в расширенной версии: ответьте на контрольный вопрос, чтобы подтвердить, что счёт ваш."
            </Notice>
            <a class="btn btn-primary" href=format!("/accounts/{id}/extended")>"Подключить расширенную версию"</a>
        }
        .into_any()
    } else {
        match page.state.clone() {
            AutopayState::Off => view! { <EnableForm page=page.clone() path=path.clone() /> }.into_any(),
            AutopayState::OtherCustomers => view! {
                <Notice kind=NoticeKind::Info>"Автоплатёж по этому счёту подключил другой пользователь кабинета."</Notice>
            }
            .into_any(),
            AutopayState::Setup { pay_url: Some(url), .. } => view! {
                <Notice kind=NoticeKind::Info>
                    "Ждём первый платёж: после оплаты карта сохранится и автоплатёж заработает."
                </Notice>
                <div class="actions">
                    <a class="btn btn-primary" href=url>"Продолжить оплату"</a>
                    <PostButton path=path.clone() account_id=id endpoint="autopay/disable" label="Отменить подключение" primary=false />
                </div>
            }
            .into_any(),
            AutopayState::Setup { .. } => view! {
                <Notice kind=NoticeKind::Error>
                    "Первый платёж не прошёл или карта не сохранилась, автоплатёж не подключён. Попробуйте ещё раз."
                </Notice>
                <EnableForm page=page.clone() path=path.clone() />
            }
            .into_any(),
            AutopayState::On { settings, card, next, skipped } => view! {
                <p class="autopay-status on">"Автоплатёж включён"</p>
                <Facts settings=settings.clone() card />
                {next.map(|next| view! { <Next next path=path.clone() account_id=id /> })}
                {skipped.map(|period| view! {
                    <Notice kind=NoticeKind::Info>{format!("Списание за {period} пропущено. Следующее — после новых начислений.")}</Notice>
                })}
                <UpdateForm settings max=page.max path=path.clone() account_id=id />
                <Disable path=path.clone() account_id=id />
            }
            .into_any(),
            AutopayState::Paused { settings, card } => view! {
                <p class="autopay-status paused">"Автоплатёж приостановлен"</p>
                <Notice kind=NoticeKind::Error>
                    "Списание не прошло ни в выбранный день, ни на следующий. Деньги не списаны. Оплатите долг вручную и включите автоплатёж снова."
                </Notice>
                <Facts settings card />
                <div class="actions">
                    <a class="btn btn-secondary" href=format!("/accounts/{id}/pay")>"Оплатить вручную"</a>
                    <PostButton path=path.clone() account_id=id endpoint="autopay/resume" label="Включить снова" primary=true />
                </div>
                <Disable path=path.clone() account_id=id />
            }
            .into_any(),
        }
    };
    view! {
        <section class="card" aria-labelledby="autopay-title">
            <p class="account-provider">{page.account.provider.clone()}</p>
            <h2 id="autopay-title">
                <a href=format!("/accounts/{id}")>{format!("Лицевой счёт № {}", page.account.number)}</a>
            </h2>
            <p class="account-address">{page.account.address.clone()}</p>
            {body}
        </section>
    }
}

#[component]
fn Facts(settings: AutopaySettings, card: String) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>"Карта"</dt>
            <dd>{card}</dd>
            <dt>"День списания"</dt>
            <dd>{format!("{}-го числа каждого месяца", settings.day)}</dd>
            <dt>"Не больше"</dt>
            <dd class="money">{settings.cap.format_rub()}</dd>
        </dl>
    }
}

/// What autopay charges next, and the one click that skips it.
#[component]
fn Next(next: NextCharge, path: String, account_id: i64) -> impl IntoView {
    view! {
        <div class="autopay-next">
            <p>
                {format!("{} спишем ", next.date)}<strong class="money">{next.amount.format_rub()}</strong>
                {format!(" — начисление за {}.", next.period)}
            </p>
            <PostButton path account_id endpoint="autopay/skip" label="Пропустить это списание" primary=false />
            {refused("autopay/skip", Some("skip")).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </div>
    }
}

/// A form of one button posting `account_id` to `endpoint`.
#[component]
fn PostButton(
    path: String,
    account_id: i64,
    endpoint: &'static str,
    label: &'static str,
    primary: bool,
) -> impl IntoView {
    view! {
        <form method="post" action=path class="inline-form">
            <ActionField endpoint />
            <input type="hidden" name="account_id" value=account_id.to_string() />
            <button type="submit" class=if primary { "btn btn-primary" } else { "btn btn-secondary" }>{label}</button>
        </form>
    }
}

#[component]
fn Disable(path: String, account_id: i64) -> impl IntoView {
    view! {
        <div class="autopay-off">
            <PostButton path account_id endpoint="autopay/disable" label="Отключить автоплатёж" primary=false />
            <p class="field-hint">"Отключается сразу: данные для списания с карты удаляются из портала."</p>
        </div>
    }
}

/// The day and cap fields, with the values of a refused post of `action` or `settings`.
#[component]
fn SettingsFields(action: &'static str, settings: AutopaySettings, max: Kopecks) -> impl IntoView {
    let replay = page_replay().filter(|r| r.action == action);
    let typed = |field: &str| replay.as_ref().map(|r| r.value(field)).filter(|v| !v.is_empty());
    let day = typed("day").and_then(|d| d.parse::<u32>().ok()).unwrap_or(settings.day);
    let cap = typed("cap").unwrap_or_else(|| rubles(settings.cap));
    let (day_error, cap_error) = (refused(action, Some("day")), refused(action, Some("cap")));
    let (day_invalid, cap_invalid) = (day_error.is_some(), cap_error.is_some());
    view! {
        <div class="field" class:field-invalid=day_invalid>
            <label class="field-label" for="autopay-day">"День списания"</label>
            <select class="field-input" id="autopay-day" name="day">
                {(1..=PayDay::LAST).map(|d| view! {
                    <option value=d.to_string() selected=d == day>{format!("{d}-го числа")}</option>
                }).collect_view()}
            </select>
            <p class="field-hint">"С 1 по 28 — такой день есть в каждом месяце. За день до списания придёт уведомление."</p>
            {day_error.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </div>
        <div class="field" class:field-invalid=cap_invalid>
            <label class="field-label" for="autopay-cap">"Списывать не больше, ₽"</label>
            <input class="field-input" id="autopay-cap" name="cap" inputmode="decimal" autocomplete="off" value=cap />
            <p class="field-hint">{format!("Долг больше этой суммы спишется частично. Не больше {}", max.format_rub())}</p>
            {cap_error.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </div>
    }
}

/// `5 000` from 500 000 kopecks: the cap field's own spelling.
fn rubles(amount: Kopecks) -> String {
    let text = amount.format_rub();
    text.trim_end_matches(" ₽").trim_end_matches(",00").to_owned()
}

#[component]
fn EnableForm(page: AutopayPage, path: String) -> impl IntoView {
    let id = page.account.account_id;
    let default_cap = Kopecks(page.debt.0.max(500_000).min(page.max.0));
    let settings = AutopaySettings { day: 10, cap: default_cap };
    let first = if page.debt.0 > 0 {
        format!(
            "Сейчас вы оплатите текущий долг ({}, но не больше указанной суммы), и карта сохранится у платёжного сервиса.",
            page.debt.format_rub()
        )
    } else {
        format!(
            "Сейчас спишется {}: карта сохранится у платёжного сервиса, а сумма зачтётся в следующие начисления.",
            SETUP_MINIMUM.format_rub()
        )
    };
    let consent_error = refused(ENABLE, Some("consent"));
    view! {
        <p class="lead">
            "Автоплатёж сам оплатит долг по счёту в выбранный день каждого месяца после новых начислений — с сохранённой карты, без подтверждения."
        </p>
        <form class="form" method="post" action=path>
            <ActionField endpoint=ENABLE />
            <input type="hidden" name="account_id" value=id.to_string() />
            <input type="hidden" name="attempt" value=page.attempt.clone() />
            <SettingsFields action=ENABLE settings max=page.max />
            <div class="autopay-consent" id="autopay-consent-text">
                <h3>"Согласие на списания"</h3>
                <p>{CONSENT_TEXT}</p>
                <p>{first}</p>
            </div>
            <label class="checkbox">
                <input type="checkbox" name="consent" value="yes" required aria-describedby="autopay-consent-text" />
                <span>"Согласен(-на) на ежемесячные списания на этих условиях"</span>
            </label>
            {consent_error.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {refused(ENABLE, None).map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
            <button type="submit" class="btn btn-primary">"Сохранить карту и подключить"</button>
            <p class="field-hint">"Карту вы введёте на защищённой странице платёжного сервиса. Портал не видит и не хранит её номер."</p>
        </form>
    }
}

#[component]
fn UpdateForm(settings: AutopaySettings, max: Kopecks, path: String, account_id: i64) -> impl IntoView {
    view! {
        <details class="autopay-change" open=page_replay().is_some_and(|r| r.action == UPDATE)>
            <summary>"Изменить день или сумму"</summary>
            <form class="form" method="post" action=path>
                <ActionField endpoint=UPDATE />
                <input type="hidden" name="account_id" value=account_id.to_string() />
                <SettingsFields action=UPDATE settings max />
                <button type="submit" class="btn btn-secondary">"Сохранить"</button>
            </form>
        </details>
    }
}
